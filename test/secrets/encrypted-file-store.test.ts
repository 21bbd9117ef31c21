import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EncryptedFileSecretStore, SECRETS_FILE_NAME } from '../../electron/secrets/encrypted-file-store.ts';
import { SecretStoreError } from '../../electron/secrets/secret-store.ts';

const KEY = 'correct horse battery staple 42';
const REFRESH = 'refresh-token-CANARY-8f2d1c';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'mlc-secrets-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('EncryptedFileSecretStore', () => {
  it('round-trips secrets across instances without ever writing them in clear', async () => {
    const store = new EncryptedFileSecretStore({ dataDir, secretKey: KEY });
    await store.set('concur.refreshToken', REFRESH);
    await store.set('qad.password', 'p@ss word/with+chars');

    const reopened = new EncryptedFileSecretStore({ dataDir, secretKey: KEY });
    expect(await reopened.get('concur.refreshToken')).toBe(REFRESH);
    expect(await reopened.get('qad.password')).toBe('p@ss word/with+chars');
    expect(await reopened.get('qad.username')).toBeUndefined();

    const raw = readFileSync(join(dataDir, SECRETS_FILE_NAME), 'utf8');
    expect(raw).not.toContain(REFRESH);
    expect(raw).not.toContain(Buffer.from(REFRESH).toString('base64').slice(0, 12));
    expect(raw).not.toContain('concur.refreshToken');
    if (process.platform !== 'win32')
      expect(statSync(join(dataDir, SECRETS_FILE_NAME)).mode & 0o777).toBe(0o600);
    expect(readdirSync(dataDir)).toEqual([SECRETS_FILE_NAME]);
  });

  it('replaces a rotated token and forgets a deleted one', async () => {
    const store = new EncryptedFileSecretStore({ dataDir, secretKey: KEY });
    await store.set('concur.refreshToken', 'first-token-value');
    await store.set('concur.refreshToken', 'second-token-value');
    expect(await store.get('concur.refreshToken')).toBe('second-token-value');
    await store.delete('concur.refreshToken');
    expect(await store.get('concur.refreshToken')).toBeUndefined();
    const status = await store.status();
    expect(status.every((entry) => !entry.present)).toBe(true);
  });

  it('keeps every write when several happen at once', async () => {
    const store = new EncryptedFileSecretStore({ dataDir, secretKey: KEY });
    await Promise.all([
      store.set('qad.username', 'mfg-user'),
      store.set('qad.password', 'mfg-password'),
      store.set('concur.clientSecret', 'client-secret-value'),
    ]);
    const reopened = new EncryptedFileSecretStore({ dataDir, secretKey: KEY });
    expect((await reopened.status()).filter((entry) => entry.present).map((entry) => entry.name)).toEqual([
      'concur.clientSecret',
      'qad.username',
      'qad.password',
    ]);
  });

  it('refuses a wrong MLC_SECRET_KEY clearly instead of returning garbage', async () => {
    await new EncryptedFileSecretStore({ dataDir, secretKey: KEY }).set('concur.refreshToken', REFRESH);
    const wrong = new EncryptedFileSecretStore({ dataDir, secretKey: 'a different key, also long' });
    await expect(wrong.get('concur.refreshToken')).rejects.toThrow(SecretStoreError);
    await expect(wrong.get('concur.refreshToken')).rejects.toThrow(
      /MLC_SECRET_KEY is not the key this file was written with/,
    );
    // A wrong key must not overwrite (and so destroy) the existing secrets either.
    await expect(wrong.set('qad.password', 'x-y-z-w')).rejects.toThrow(SecretStoreError);
    expect(await new EncryptedFileSecretStore({ dataDir, secretKey: KEY }).get('concur.refreshToken')).toBe(
      REFRESH,
    );
  });

  it('detects a tampered file', async () => {
    const store = new EncryptedFileSecretStore({ dataDir, secretKey: KEY });
    await store.set('concur.refreshToken', REFRESH);
    const path = join(dataDir, SECRETS_FILE_NAME);
    const file = JSON.parse(readFileSync(path, 'utf8')) as { data: string };
    const bytes = Buffer.from(file.data, 'base64');
    bytes[0] = (bytes[0] ?? 0) ^ 1;
    writeFileSync(path, JSON.stringify({ ...file, data: bytes.toString('base64') }));
    await expect(
      new EncryptedFileSecretStore({ dataDir, secretKey: KEY }).get('concur.refreshToken'),
    ).rejects.toThrow(/or the file was altered/);
  });

  it('refuses a key too short to resist guessing', () => {
    expect(() => new EncryptedFileSecretStore({ dataDir, secretKey: 'short' })).toThrow(/at least 16/);
  });

  it('rejects unknown secret names and empty values', async () => {
    const store = new EncryptedFileSecretStore({ dataDir, secretKey: KEY });
    await expect(store.set('qad.apiKey' as never, 'value')).rejects.toThrow(/Unknown secret name/);
    await expect(store.set('qad.password', '')).rejects.toThrow(/non-empty/);
  });
});
