// Opens the SQLite store: WAL, synchronous=FULL (a commit survives power loss, reliability.md A4),
// foreign keys on, a busy timeout, then the pending migrations.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { type MigrationReport, migrate } from './migrate.ts';
import { type Migration, loadMigrations } from './migrations/index.ts';
import type { Db } from './sql.ts';

export interface StoreOptions {
  /** Folder holding NNNN_name.sql files; a bundled main process passes the copied folder. */
  readonly migrationsDir?: string;
  /** The migration list itself (tests); wins over migrationsDir. */
  readonly migrations?: readonly Migration[];
  /** Stop at this migration id (tests build databases at earlier schema levels). */
  readonly upTo?: number;
  /** How long a writer waits for another connection's lock before SQLITE_BUSY. */
  readonly busyTimeoutMs?: number;
}

export interface Store {
  readonly db: Db;
  readonly file: string;
  /** 'wal', or 'delete' on a network path, or 'memory'. */
  readonly journalMode: string;
  readonly migrations: MigrationReport;
  /**
   * Runs `fn` in one `BEGIN IMMEDIATE` transaction: a state change and its audit event commit together or
   * not at all. Repository calls inside join it. `fn` must be synchronous (no await inside): the
   * transaction commits when `fn` returns, and rolls back when it throws.
   */
  tx<T>(fn: (db: Db) => T): T;
  /** Folds the WAL back into the database; call when idle (long readers can let the WAL grow). */
  checkpoint(): void;
  /** `PRAGMA integrity_check`: 'ok' or the problems found. */
  integrityCheck(): readonly string[];
  close(): void;
}

/**
 * WAL needs shared memory on one host and corrupts over SMB/NFS (reliability.md A4). A UNC path is
 * certainly remote, so it gets the rollback journal; a mapped drive letter cannot be told apart here.
 */
function isNetworkPath(file: string): boolean {
  return /^(\\\\|\/\/)[^\\/]/.test(file);
}

export function openStore(file: string, options: StoreOptions = {}): Store {
  const inMemory = file === ':memory:';
  if (!inMemory) mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    const journalMode = inMemory ? 'memory' : isNetworkPath(file) ? 'delete' : 'wal';
    if (!inMemory) db.pragma(`journal_mode = ${journalMode}`);
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    const migrations = options.migrations ?? loadMigrations(options.migrationsDir);
    const report = migrate(db, migrations, options.upTo === undefined ? {} : { upTo: options.upTo });
    return {
      db,
      file,
      journalMode: String(db.pragma('journal_mode', { simple: true })),
      migrations: report,
      tx: <T>(fn: (db: Db) => T): T => db.transaction(() => fn(db)).immediate(),
      checkpoint: () => {
        if (!inMemory) db.pragma('wal_checkpoint(RESTART)');
      },
      integrityCheck: () =>
        (db.pragma('integrity_check') as { integrity_check: string }[]).map((row) => row.integrity_check),
      close: () => db.close(),
    };
  } catch (error) {
    db.close();
    throw error;
  }
}
