// The migration list. The .sql files are read at run time rather than imported, because Node's type
// stripping cannot import .sql and the Electron main bundle (esbuild) loses this folder: the build copies
// `electron/store/migrations/*.sql` next to the bundle and passes that folder as `migrationsDir`.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Migration {
  readonly id: number;
  /** The file name without extension, e.g. `0001_documents`. */
  readonly name: string;
  readonly sql: string;
  /** sha256 of the SQL with line endings normalised, so a CRLF checkout does not look like an edit. */
  readonly checksum: string;
}

const FILE_NAME = /^(\d{4})_([a-z0-9]+(?:_[a-z0-9]+)*)\.sql$/;

export function defaultMigrationsDir(): string {
  // In a CommonJS bundle import.meta.url is empty: the host must pass migrationsDir instead.
  const here = import.meta.url as string | undefined;
  if (!here) {
    throw new Error('migrations folder unknown in this bundle: pass migrationsDir to openStore()');
  }
  return fileURLToPath(new URL('.', here));
}

export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n'), 'utf8').digest('hex');
}

/**
 * Reads `NNNN_snake_name.sql` files in id order. Ids must run 1, 2, 3... without gaps or repeats, so a
 * misnamed or missing file fails loudly at start-up instead of silently skipping a schema change.
 */
export function loadMigrations(dir: string = defaultMigrationsDir()): readonly Migration[] {
  const migrations: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.sql')) continue;
    const match = FILE_NAME.exec(file);
    if (!match) {
      throw new Error(`migration file "${file}" in ${dir} is not named like 0001_snake_name.sql`);
    }
    const sql = readFileSync(join(dir, file), 'utf8');
    migrations.push({
      id: Number(match[1]),
      name: file.slice(0, -'.sql'.length),
      sql,
      checksum: migrationChecksum(sql),
    });
  }
  migrations.forEach((migration, index) => {
    if (migration.id !== index + 1) {
      throw new Error(
        `migration ${migration.name} in ${dir} is out of sequence: expected id ${String(index + 1).padStart(4, '0')}`,
      );
    }
  });
  if (migrations.length === 0) throw new Error(`no migrations found in ${dir}`);
  return migrations;
}
