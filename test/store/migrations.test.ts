import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  MigrationError,
  appendAudit,
  changeMappings,
  defaultMigrationsDir,
  enqueueConfirmation,
  getCursor,
  getDocument,
  listRuns,
  loadMigrations,
  lookupMapping,
  openStore,
  verifyAuditChain,
} from '../../electron/store/index.ts';
import type { Db } from '../../electron/store/index.ts';
import { scratchDir } from './helpers.ts';

const migrations = loadMigrations();
const latest = migrations.length;

// What an older version of the app left behind at each schema level, written with plain SQL as that
// version would have, and how the newest code must still read it after upgrading.
const levels: Record<number, { seed: (db: Db) => void; check: (db: Db) => void }> = {
  1: {
    seed: (db) => {
      db.prepare(
        `INSERT INTO documents (id, source, source_id, kind, state, source_entity, payee_kind, payee_code, currency,
           total_minor, document_date, raw_payload, canonical_json, staged_at, updated_at, state_changed_at)
         VALUES (1, 'expensify', 'R-OLD', 'expense_report', 'staged', 'POL1', 'employee', 'ann@example.com', 'JPY',
           5000, '2026-10-01', '{"reportID":"R-OLD"}', ?, '2026-10-01T00:00:00.000Z', '2026-10-01T00:00:00.000Z',
           '2026-10-01T00:00:00.000Z')`,
      ).run(JSON.stringify({ source: 'expensify', sourceId: 'R-OLD', lines: [] }));
      db.prepare(
        `INSERT INTO document_lines (document_id, line_no, description, amount_minor, line_json) VALUES (1, 1, 'Taxi', 5000, ?)`,
      ).run(
        JSON.stringify({ lineNo: 1, description: 'Taxi', amountMinor: 5000, source: { category: 'Taxi' } }),
      );
    },
    check: (db) => {
      const doc = getDocument(db, 1);
      expect(doc?.rawPayload).toBe('{"reportID":"R-OLD"}');
      expect(doc?.totalMinor).toBe(5000);
      expect(doc?.lines).toHaveLength(1);
    },
  },
  2: {
    seed: (db) => {
      appendAudit(db, { actor: 'system', action: 'document.staged', subjectId: 'expensify:R-OLD' });
      appendAudit(db, { actor: 'ann', action: 'document.state_changed', detail: { to: 'ready' } });
    },
    check: (db) => expect(verifyAuditChain(db)).toEqual({ ok: true, checked: expect.any(Number) as number }),
  },
  3: {
    seed: (db) => {
      changeMappings(
        db,
        [{ kind: 'employee', sourceValue: 'ann@example.com', target: { supplier: 'E-100' } }],
        {
          actor: 'ann',
        },
      );
    },
    check: (db) =>
      expect(lookupMapping(db, 'employee', 'JP01', 'ann@example.com')?.target).toEqual({ supplier: 'E-100' }),
  },
  4: {
    seed: (db) => {
      enqueueConfirmation(
        db,
        { documentId: 1, targetSystem: 'expensify', kind: 'mark_exported', payload: {} },
        { actor: 'system' },
      );
    },
    check: (db) => {
      const row = db.prepare('SELECT state FROM confirmation_outbox WHERE document_id = 1').get() as {
        state: string;
      };
      expect(row.state).toBe('pending');
    },
  },
};

describe('migrations', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it('has several numbered migrations in sequence', () => {
    expect(latest).toBeGreaterThanOrEqual(3);
    expect(migrations.map((m) => m.id)).toEqual(migrations.map((_, index) => index + 1));
  });

  it.each(Array.from({ length: latest - 1 }, (_, index) => index + 1))(
    'upgrades a database left at migration %i to the latest, keeping its data',
    (level) => {
      const scratch = scratchDir();
      cleanup = scratch.cleanup;
      const file = join(scratch.dir, 'store.db');
      const old = openStore(file, { upTo: level });
      expect(old.migrations.version).toBe(level);
      for (let k = 1; k <= level; k++) levels[k]?.seed(old.db);
      old.close();

      const store = openStore(file);
      expect(store.migrations.applied).toEqual(migrations.slice(level).map((m) => m.name));
      expect(store.migrations.version).toBe(latest);
      expect(store.db.pragma('user_version', { simple: true })).toBe(latest);
      for (let k = 1; k <= level; k++) levels[k]?.check(store.db);
      expect(store.integrityCheck()).toEqual(['ok']);
      expect(store.db.pragma('foreign_key_check')).toEqual([]);
      // The newest tables work on the upgraded file too.
      expect(listRuns(store.db).total).toBe(0);
      expect(getCursor(store.db, 'concur', 'invoices')).toBeUndefined();
      store.close();
    },
  );

  it('opens an up-to-date database without applying anything, with the durable pragmas', () => {
    const scratch = scratchDir();
    cleanup = scratch.cleanup;
    const file = join(scratch.dir, 'nested', 'store.db');
    openStore(file).close();
    const store = openStore(file);
    expect(store.migrations.applied).toEqual([]);
    expect(store.journalMode).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(5000);
    store.close();
  });

  it('refuses a database that has a migration this version does not know, naming it', () => {
    const scratch = scratchDir();
    cleanup = scratch.cleanup;
    const file = join(scratch.dir, 'store.db');
    openStore(file).close();
    const raw = new Database(file);
    raw
      .prepare('INSERT INTO schema_migrations (id, name, checksum, applied_at) VALUES (?, ?, ?, ?)')
      .run(latest + 1, '9999_from_the_future', 'x'.repeat(64), '2027-01-01T00:00:00.000Z');
    raw.close();
    expect(() => openStore(file)).toThrow(MigrationError);
    expect(() => openStore(file)).toThrow(/9999_from_the_future.*does not know/);
  });

  it('refuses a database whose applied migration was edited since', () => {
    const scratch = scratchDir();
    cleanup = scratch.cleanup;
    const file = join(scratch.dir, 'store.db');
    openStore(file).close();
    const edited = migrations.map((m) => (m.id === 2 ? { ...m, checksum: 'f'.repeat(64) } : m));
    expect(() => openStore(file, { migrations: edited })).toThrow(/0002_audit.*checksum mismatch/);
  });

  it('applies nothing and changes nothing when a migration fails', () => {
    const broken = [
      ...migrations,
      {
        id: latest + 1,
        name: `000${latest + 1}_broken`,
        sql: 'CREATE TABLE x (a INT) STRICT; SELECT nope FROM missing;',
        checksum: 'c'.repeat(64),
      },
    ];
    const scratch = scratchDir();
    cleanup = scratch.cleanup;
    const file = join(scratch.dir, 'store.db');
    openStore(file).close();
    expect(() => openStore(file, { migrations: broken })).toThrow(/missing/);
    const store = openStore(file);
    expect(store.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'x'").get()).toEqual({
      n: 0,
    });
    expect(store.migrations.version).toBe(latest);
    store.close();
  });

  it('reads migrations from a copied folder, as the bundled main process does', () => {
    const scratch = scratchDir();
    cleanup = scratch.cleanup;
    for (const file of readdirSync(defaultMigrationsDir()).filter((f) => f.endsWith('.sql'))) {
      cpSync(join(defaultMigrationsDir(), file), join(scratch.dir, file));
    }
    const store = openStore(':memory:', { migrationsDir: scratch.dir });
    expect(store.migrations.version).toBe(latest);
    store.close();
  });

  it('refuses a misnamed or out-of-sequence migration file', () => {
    const scratch = scratchDir();
    cleanup = scratch.cleanup;
    cpSync(join(defaultMigrationsDir(), '0001_documents.sql'), join(scratch.dir, '0001_documents.sql'));
    cpSync(join(defaultMigrationsDir(), '0002_audit.sql'), join(scratch.dir, '0003_audit.sql'));
    expect(() => loadMigrations(scratch.dir)).toThrow(/0003_audit.*out of sequence/);
    cpSync(join(defaultMigrationsDir(), '0002_audit.sql'), join(scratch.dir, '2-Audit.sql'));
    expect(() => loadMigrations(scratch.dir)).toThrow(/"2-Audit.sql".*not named like/);
  });
});
