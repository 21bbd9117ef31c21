import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSecretStore } from '../../electron/secrets/create-secret-store.ts';
import { EnvSecretStore } from '../../electron/secrets/env-secret-store.ts';
import type { KeyringModuleLike } from '../../electron/secrets/keychain-store.ts';
import { SecretRefusedError } from '../../electron/secrets/secret-store.ts';
import { Redactor } from '../../electron/log/redact.ts';

/** A keyring whose Secret Service is missing, as on a headless server without a D-Bus session. */
const missingKeyring: KeyringModuleLike = {
  AsyncEntry: class {
    constructor() {
      throw new Error('Platform failure: DBus error: no session bus');
    }
  } as unknown as KeyringModuleLike['AsyncEntry'],
};

/** An in-memory keyring standing in for a working OS keychain. */
function memoryKeyring(): KeyringModuleLike & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  class Entry {
    private readonly id: string;
    constructor(service: string, account: string) {
      this.id = `${service}/${account}`;
    }
    setPassword(value: string): Promise<void> {
      entries.set(this.id, value);
      return Promise.resolve();
    }
    getPassword(): Promise<string | null> {
      return Promise.resolve(entries.get(this.id) ?? null);
    }
    deletePassword(): Promise<boolean> {
      return Promise.resolve(entries.delete(this.id));
    }
  }
  return { AsyncEntry: Entry, entries };
}

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'mlc-select-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('createSecretStore', () => {
  it('uses the OS keychain when it works, and leaves no probe entry behind', async () => {
    const keyring = memoryKeyring();
    const store = await createSecretStore({ dataDir, env: {}, keyring, redactor: new Redactor() });
    expect(store.backend).toBe('os-keychain');
    expect(store.notice).toBeUndefined();
    await store.set('concur.refreshToken', 'rotating-refresh-token');
    expect(await store.get('concur.refreshToken')).toBe('rotating-refresh-token');
    expect([...keyring.entries.keys()]).toEqual(['ml-connector/concur.refreshToken']);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('without keychain and without MLC_SECRET_KEY, refuses to store anything in plain text', async () => {
    const store = await createSecretStore({
      dataDir,
      env: {},
      keyring: missingKeyring,
      redactor: new Redactor(),
    });
    expect(store.backend).toBe('env');
    expect(store.notice).toMatch(/OS keychain not used: no usable Secret Service|OS keychain not used/);
    await expect(store.set('concur.refreshToken', 'a-refresh-token')).rejects.toThrow(SecretRefusedError);
    await expect(store.set('concur.refreshToken', 'a-refresh-token')).rejects.toThrow(
      'No OS keychain is available and MLC_SECRET_KEY is not set: refusing to store concur.refreshToken in plain text',
    );
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('without keychain, reads static secrets from MLC_* variables and writes the rest to the encrypted file', async () => {
    const env = {
      MLC_SECRET_KEY: 'a long enough secret key for tests',
      MLC_EXPENSIFY_PARTNER_USER_ID: 'aa_api_example_com',
      MLC_EXPENSIFY_PARTNER_USER_SECRET: 'expensify-secret-from-env',
    };
    const store = await createSecretStore({
      dataDir,
      env,
      keyring: missingKeyring,
      redactor: new Redactor(),
    });
    expect(store.backend).toBe('env+encrypted-file');
    expect(await store.get('expensify.partnerUserSecret')).toBe('expensify-secret-from-env');
    await store.set('concur.refreshToken', 'refresh-token-in-file');
    expect(await store.get('concur.refreshToken')).toBe('refresh-token-in-file');
    expect(readdirSync(dataDir)).toEqual(['secrets.enc']);
    // A variable IT set cannot be overwritten from the app: the message says where to change it.
    await expect(store.set('expensify.partnerUserSecret', 'new-value')).rejects.toThrow(
      /MLC_EXPENSIFY_PARTNER_USER_SECRET/,
    );
    const status = Object.fromEntries((await store.status()).map((entry) => [entry.name, entry.present]));
    expect(status).toMatchObject({
      'expensify.partnerUserId': true,
      'expensify.partnerUserSecret': true,
      'concur.refreshToken': true,
      'qad.password': false,
    });
  });

  it('registers every secret read or written with the redactor', async () => {
    const redactor = new Redactor();
    const env = {
      MLC_QAD_PASSWORD: 'qad-password-from-env',
      MLC_SECRET_KEY: 'a long enough secret key for tests',
    };
    const store = await createSecretStore({ dataDir, env, keyring: missingKeyring, redactor });
    await store.get('qad.password');
    await store.set('concur.refreshToken', 'refresh-token-written');
    const line = redactor.redactString('posting with qad-password-from-env and refresh-token-written');
    expect(line).toBe('posting with [REDACTED] and [REDACTED]');
    // The key that protects the file is itself a secret.
    expect(redactor.redactString('key a long enough secret key for tests')).not.toContain('long enough');
  });

  it('MLC_SECRET_BACKEND=keychain fails loudly when the keychain is unusable', async () => {
    await expect(
      createSecretStore({ dataDir, env: { MLC_SECRET_BACKEND: 'keychain' }, keyring: missingKeyring }),
    ).rejects.toThrow(/MLC_SECRET_BACKEND=keychain but the OS keychain is not usable/);
  });

  it('reports a locked keychain (writes refused) instead of crashing', async () => {
    const locked: KeyringModuleLike = {
      AsyncEntry: class {
        setPassword(): Promise<void> {
          return Promise.reject(
            new Error("Couldn't access platform storage: Secret Service: unlock prompt was dismissed"),
          );
        }
        getPassword(): Promise<string | null> {
          return Promise.resolve(null);
        }
        deletePassword(): Promise<boolean> {
          return Promise.resolve(false);
        }
      },
    };
    const store = await createSecretStore({ dataDir, env: {}, keyring: locked, redactor: new Redactor() });
    expect(store.backend).toBe('env');
    expect(store.notice).toContain('unlock prompt was dismissed');
  });
});

describe('EnvSecretStore', () => {
  it('maps the static secrets to MLC_* variables and is read-only', async () => {
    const store = new EnvSecretStore({
      MLC_CONCUR_CLIENT_SECRET: 'concur-client-secret',
      MLC_CONCUR_REQUEST_TOKEN: 'concur-request-token',
      MLC_QAD_USERNAME: 'mfg',
      MLC_QAD_PASSWORD: '',
    });
    expect(await store.get('concur.clientSecret')).toBe('concur-client-secret');
    expect(await store.get('concur.requestToken')).toBe('concur-request-token');
    expect(await store.get('qad.username')).toBe('mfg');
    expect(await store.get('qad.password')).toBeUndefined(); // empty counts as unset
    expect(await store.get('concur.refreshToken')).toBeUndefined(); // rotates: never an env variable
    await expect(store.set('qad.username', 'other')).rejects.toThrow(/MLC_QAD_USERNAME/);
    await expect(store.delete('concur.refreshToken')).rejects.toThrow(SecretRefusedError);
  });
});
