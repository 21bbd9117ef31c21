// The store's public API: open the database, then call repository functions with `store.db`, composing
// several in one `store.tx` when a change spans tables. Every state-changing function takes a
// WriteContext (actor, time) and appends its audit event in the same transaction.
export { type Store, type StoreOptions, openStore } from './db.ts';
export { StoreError, type StoreErrorCode } from './errors.ts';
export { MigrationError, type MigrationReport, migrate } from './migrate.ts';
export {
  type Migration,
  defaultMigrationsDir,
  loadMigrations,
  migrationChecksum,
} from './migrations/index.ts';
export { type Db, type Page, type WriteContext } from './sql.ts';
export * from './types.ts';
export * from './repositories/audit.ts';
export * from './repositories/documents.ts';
export * from './repositories/batches.ts';
export * from './repositories/mappings.ts';
export * from './repositories/qad-cache.ts';
export * from './repositories/posting.ts';
export * from './repositories/outbox.ts';
export * from './repositories/cursors.ts';
export * from './repositories/runs.ts';
