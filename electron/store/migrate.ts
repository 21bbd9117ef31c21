// Forward-only schema migrations: each pending file runs in its own transaction together with its
// schema_migrations row, so a crash leaves the database either before or after a migration, never inside.
// Hence a migration file holds no BEGIN/COMMIT, and cannot switch `foreign_keys` (a no-op inside a
// transaction): a future table rebuild must keep its foreign keys valid at every statement.
import type { Database } from 'better-sqlite3';
import type { Migration } from './migrations/index.ts';

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

export interface MigrationReport {
  /** Names of the migrations applied by this call, in order. */
  readonly applied: readonly string[];
  /** The id of the newest migration now in the database (0 for an empty database). */
  readonly version: number;
}

export interface MigrateOptions {
  /** Apply only up to this id (tests build databases at earlier schema levels with it). */
  readonly upTo?: number;
  readonly now?: () => string;
}

interface AppliedRow {
  id: number;
  name: string;
  checksum: string;
}

export function migrate(
  db: Database,
  migrations: readonly Migration[],
  options: MigrateOptions = {},
): MigrationReport {
  const now = options.now ?? (() => new Date().toISOString());
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);

  const applied = db
    .prepare('SELECT id, name, checksum FROM schema_migrations ORDER BY id')
    .all() as AppliedRow[];
  const known = new Map(migrations.map((migration) => [migration.id, migration]));
  applied.forEach((row, index) => {
    const migration = known.get(row.id);
    if (!migration) {
      throw new MigrationError(
        `the database has migration ${row.name} (id ${row.id}), which this version of ml-connector does not know; ` +
          'it was written by a newer version: install that version or restore a backup',
      );
    }
    if (migration.name !== row.name || migration.checksum !== row.checksum) {
      throw new MigrationError(
        `migration ${row.name} in the database differs from ${migration.name} in this version ` +
          '(checksum mismatch): migrations must never be edited once released',
      );
    }
    if (row.id !== index + 1) {
      throw new MigrationError(
        `the database skipped a migration before ${row.name}: expected id ${index + 1}; restore a backup`,
      );
    }
  });

  const upTo = options.upTo ?? Number.POSITIVE_INFINITY;
  const record = db.prepare(
    'INSERT INTO schema_migrations (id, name, checksum, applied_at) VALUES (?, ?, ?, ?)',
  );
  const names: string[] = [];
  let version = applied.length;
  for (const migration of migrations) {
    if (migration.id <= applied.length || migration.id > upTo) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.id, migration.name, migration.checksum, now());
      // user_version mirrors the schema level for people inspecting the file with the sqlite3 shell.
      db.pragma(`user_version = ${migration.id}`);
    }).immediate();
    names.push(migration.name);
    version = migration.id;
  }
  return { applied: names, version };
}
