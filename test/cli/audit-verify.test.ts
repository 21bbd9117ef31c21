// Tampering with the audit trail outside the app (as anyone with the database file could) makes
// `ml-connector audit --verify` fail and name the first broken event.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FILE_SECRETS_ENV, runCli, tempDir } from '../support/cli.ts';

async function trailWithEvents(): Promise<string> {
  const dir = tempDir();
  // Each stored and deleted secret leaves an audit event (naming the secret, never its value).
  for (const name of ['qad.username', 'qad.password', 'concur.clientSecret']) {
    const set = await runCli(['--data-dir', dir, 'secrets', 'set', name], {
      stdin: `value-of-${name}`,
      env: FILE_SECRETS_ENV,
    });
    expect(set.code, set.stderr).toBe(0);
  }
  await runCli(['--data-dir', dir, 'secrets', 'delete', 'qad.username'], { env: FILE_SECRETS_ENV });
  const verified = await runCli(['--data-dir', dir, 'audit', '--verify'], { env: FILE_SECRETS_ENV });
  expect(verified.code).toBe(0);
  expect(verified.stdout).toMatch(/intact: 4 events verified/);
  return dir;
}

function tamper(dir: string, sql: string): void {
  const db = new Database(join(dir, 'ml-connector.db'));
  const triggers = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_events'")
    .all() as { name: string }[];
  for (const { name } of triggers) db.exec(`DROP TRIGGER "${name}"`);
  db.exec(sql);
  db.close();
}

describe('ml-connector audit --verify', () => {
  it('names the first changed event', async () => {
    const dir = await trailWithEvents();
    tamper(dir, "UPDATE audit_events SET actor = 'mallory' WHERE seq = 2");
    const result = await runCli(['--data-dir', dir, 'audit', '--verify'], { env: FILE_SECRETS_ENV });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/BROKEN at event 2/);
  });

  it('names the first event after a deleted one', async () => {
    const dir = await trailWithEvents();
    tamper(dir, 'DELETE FROM audit_events WHERE seq = 3');
    const result = await runCli(['--data-dir', dir, 'audit', '--verify', '--json'], {
      env: FILE_SECRETS_ENV,
    });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { ok: boolean; firstBroken: { seq: number } };
    expect(report.ok).toBe(false);
    expect([3, 4]).toContain(report.firstBroken.seq);
  });

  it('lists events with the secret named but never its value', async () => {
    const dir = await trailWithEvents();
    const result = await runCli(['--data-dir', dir, 'audit', '--json'], { env: FILE_SECRETS_ENV });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('secret.stored');
    expect(result.stdout).not.toContain('value-of-');
  });
});
