// `run --once --json` prints one JSON object with the counts per source, and exit codes follow the README.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FILE_SECRETS_ENV, runCli, tempDir } from '../support/cli.ts';

const COUNT_KEYS = [
  'fetched',
  'staged',
  'exceptions',
  'awaitingReceipt',
  'ready',
  'posted',
  'confirmed',
  'failed',
];

describe('ml-connector run --once', () => {
  it('prints the counts for concur and expensify as one JSON object and exits 0', async () => {
    const dir = tempDir();
    const result = await runCli(['--data-dir', dir, 'run', '--once', '--json'], { env: FILE_SECRETS_ENV });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as Record<string, Record<string, number>>;
    expect(Object.keys(parsed).sort()).toEqual(['concur', 'expensify']);
    for (const source of ['concur', 'expensify'])
      expect(Object.keys(parsed[source] ?? {}).sort()).toEqual([...COUNT_KEYS].sort());
  });

  it('exits 1 and says why when an enabled flow cannot run', async () => {
    const dir = tempDir();
    const config = join(dir, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({
        qad: { mode: 'rest', domain: 'QMFG', rest: { tenantUrl: 'http://127.0.0.1:9/clouderp' } },
      }),
    );
    const result = await runCli(['--config', config, '--data-dir', dir, 'run', '--once'], {
      env: FILE_SECRETS_ENV,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/masterData: failed/);
  });
});

describe('bad usage and bad configuration exit 2 and name the field', () => {
  const cases: [string, unknown, RegExp][] = [
    ['wrong type', { concur: { enabled: 'yes' } }, /concur\.enabled/],
    ['unknown key', { qad: { mode: 'rest', tenantURL: 'x' } }, /qad\.tenantURL/],
    ['missing field', { qad: { mode: 'qxtend', domain: 'QMFG' } }, /qad\.qxtend\.endpointUrl/],
    [
      'URL without scheme',
      { qad: { mode: 'rest', domain: 'QMFG', rest: { tenantUrl: 'acme.qad.com' } } },
      /qad\.rest\.tenantUrl/,
    ],
  ];
  for (const [name, config, field] of cases) {
    it(`refuses a config file with a ${name}`, async () => {
      const dir = tempDir();
      const file = join(dir, 'config.json');
      writeFileSync(file, JSON.stringify(config));
      const result = await runCli(['--config', file, '--data-dir', dir, 'status'], { env: FILE_SECRETS_ENV });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(field);
    });
  }

  it('refuses a config file that is not JSON, naming the line', async () => {
    const dir = tempDir();
    const file = join(dir, 'config.json');
    writeFileSync(file, '{\n  "qad": { "mode": "rest", }\n}');
    const result = await runCli(['--config', file, '--data-dir', dir, 'status'], { env: FILE_SECRETS_ENV });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/line 2/);
  });

  it('refuses a missing --config file, an unknown command and an unknown secret name', async () => {
    const dir = tempDir();
    expect((await runCli(['--config', join(dir, 'nope.json'), 'status'])).code).toBe(2);
    expect((await runCli(['--data-dir', dir, 'frobnicate'])).code).toBe(2);
    const secret = await runCli(['--data-dir', dir, 'secrets', 'set', 'qad.pasword'], {
      stdin: 'x',
      env: FILE_SECRETS_ENV,
    });
    expect(secret.code).toBe(2);
    expect(secret.stderr).toMatch(/unknown secret "qad\.pasword"/);
  });
});
