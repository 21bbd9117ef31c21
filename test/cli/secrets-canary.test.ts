// Against a real Secret Service (gnome-keyring in a D-Bus session, as `npm test` sets up): a canary secret set
// through the CLI is readable by the engine, and no file ml-connector writes (database, WAL, settings, logs)
// holds any trace of it.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openKeychain } from '../../electron/secrets/index.ts';
import { createSecretStore } from '../../electron/secrets/index.ts';
import { runCli, tempDir } from '../support/cli.ts';

const probe = await openKeychain({ timeoutMs: 3000 }).catch(() => undefined);
const available = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS) && probe?.probe.available === true;
// Under `npm test` (MLC_TEST_IN_DBUS=1) a Secret Service is promised, so its absence fails instead of skipping.
const required = process.env.MLC_TEST_IN_DBUS === '1';
const reason =
  'no Secret Service here (run the suite through `npm test`, which starts gnome-keyring in a D-Bus session)';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe.skipIf(!available && !required)(
  `secrets in the OS keychain${available ? '' : ` (skipped: ${reason})`}`,
  () => {
    const canary = `canary-${randomBytes(12).toString('hex')}`;
    const env = { MLC_SECRET_BACKEND: 'keychain' };
    const dir = tempDir();
    const config = join(dir, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({
        qad: { mode: 'rest', domain: 'QMFG', rest: { tenantUrl: 'http://127.0.0.1:9/clouderp' } },
      }),
    );

    afterAll(async () => {
      await runCli(['--data-dir', dir, 'secrets', 'delete', 'qad.password'], { env });
    });

    it('stores a secret given on stdin, and the engine reads it back from the keychain', async () => {
      const set = await runCli(['--config', config, '--data-dir', dir, 'secrets', 'set', 'qad.password'], {
        stdin: `${canary}\n`,
        env,
      });
      expect(set.code, set.stderr).toBe(0);
      expect(set.stdout).toMatch(/keychain/i);
      const store = await createSecretStore({ dataDir: dir, env });
      expect(await store.get('qad.password')).toBe(canary);
    });

    it('leaves no trace of the secret in the database, settings or logs', async () => {
      // Exercise the paths that touch secrets: status, check (reads secret status), a cycle, the audit trail.
      for (const args of [['status'], ['check'], ['run', '--once'], ['audit'], ['secrets', 'list']]) {
        await runCli(['--config', config, '--data-dir', dir, ...args], { env });
      }
      const forms = [
        canary,
        Buffer.from(canary).toString('base64'),
        encodeURIComponent(canary),
        Buffer.from(canary).toString('hex'),
      ];
      const files = filesUnder(dir);
      expect(files.some((f) => f.endsWith('ml-connector.db'))).toBe(true);
      expect(files.some((f) => f.includes('logs'))).toBe(true);
      for (const file of files) {
        const bytes = readFileSync(file);
        for (const form of forms)
          expect(bytes.includes(Buffer.from(form)), `${form} found in ${file}`).toBe(false);
      }
    });
  },
);
