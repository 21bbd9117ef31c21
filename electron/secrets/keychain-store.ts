// The OS keychain through @napi-rs/keyring: macOS Keychain, Windows Credential Manager, Linux Secret
// Service (gnome-keyring, KWallet). One entry per secret: service "ml-connector", account = secret name.
// On Linux the entry is pinned to the Secret Service: the library's silent fallback is the kernel keyring,
// which lives in memory and loses the rotating Concur refresh token at the next reboot.
import { randomBytes } from 'node:crypto';
import type { SecretName } from '../../shared/settings.ts';
import {
  SecretStoreError,
  type SecretStatus,
  type SecretStore,
  checkSecret,
  statusOf,
} from './secret-store.ts';

export const KEYCHAIN_SERVICE = 'ml-connector';
const PROBE_ACCOUNT = '__ml-connector-probe__';
/** A locked Secret Service may wait for an unlock prompt nobody answers (headless): give up instead. */
const DEFAULT_TIMEOUT_MS = 10_000;

/** The slice of @napi-rs/keyring's AsyncEntry we use; tests may pass a fake module. */
export interface KeyringEntryLike {
  setPassword(password: string): Promise<void>;
  getPassword(): Promise<string | null>;
  deletePassword(): Promise<boolean>;
}
export interface KeyringModuleLike {
  AsyncEntry: new (
    service: string,
    account: string,
    options?: { linux?: { store?: 'secret-service' | 'keyutils' } },
  ) => KeyringEntryLike;
}

export type KeychainProbe =
  { readonly available: true } | { readonly available: false; readonly reason: string };

export async function loadKeyringModule(): Promise<KeyringModuleLike> {
  const module = (await import('@napi-rs/keyring')) as unknown as KeyringModuleLike & {
    default?: KeyringModuleLike;
  };
  return typeof module.AsyncEntry === 'function' ? module : (module.default as KeyringModuleLike);
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not answer within ${Math.round(ms / 1000)} s (locked?)`)),
      ms,
    );
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function explain(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]?.slice(0, 300) ?? 'unknown error';
}

export class KeychainSecretStore implements SecretStore {
  readonly backend = 'os-keychain';
  private readonly keyring: KeyringModuleLike;
  private readonly timeoutMs: number;
  /** The keychain service name; only tests change it, so they never touch a real installation's entries. */
  readonly service: string;

  constructor(keyring: KeyringModuleLike, options: { timeoutMs?: number; service?: string } = {}) {
    this.keyring = keyring;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.service = options.service ?? KEYCHAIN_SERVICE;
  }

  private entry(account: string): KeyringEntryLike {
    return new this.keyring.AsyncEntry(this.service, account, { linux: { store: 'secret-service' } });
  }

  private async call<T>(
    name: string,
    what: string,
    work: (entry: KeyringEntryLike) => Promise<T>,
  ): Promise<T> {
    try {
      return await withTimeout(work(this.entry(name)), this.timeoutMs, 'The OS keychain');
    } catch (error) {
      throw new SecretStoreError(`OS keychain: cannot ${what} ${name}: ${explain(error)}`, { cause: error });
    }
  }

  async get(name: SecretName): Promise<string | undefined> {
    checkSecret(name);
    const value = await this.call(name, 'read', (entry) => entry.getPassword());
    return value === null || value === '' ? undefined : value;
  }

  async set(name: SecretName, value: string): Promise<void> {
    checkSecret(name, value);
    await this.call(name, 'store', (entry) => entry.setPassword(value));
  }

  async delete(name: SecretName): Promise<void> {
    checkSecret(name);
    await this.call(name, 'delete', (entry) => entry.deletePassword());
  }

  status(): Promise<SecretStatus[]> {
    return statusOf(this);
  }

  /**
   * Writes, reads back and deletes a throw-away entry. Reading alone is not enough: a locked collection
   * can answer "absent" to a read and still refuse (or hang on) every write.
   */
  async probe(): Promise<KeychainProbe> {
    const marker = randomBytes(12).toString('hex');
    try {
      await withTimeout(
        (async () => {
          const entry = this.entry(PROBE_ACCOUNT);
          await entry.setPassword(marker);
          const back = await entry.getPassword();
          await entry.deletePassword();
          if (back !== marker) throw new Error('the value read back differs from the value written');
        })(),
        this.timeoutMs,
        'The OS keychain',
      );
      return { available: true };
    } catch (error) {
      return { available: false, reason: describeKeychainFailure(error) };
    }
  }
}

export function describeKeychainFailure(error: unknown): string {
  const detail = explain(error);
  if (process.platform === 'linux') {
    return `no usable Secret Service (gnome-keyring, KWallet) on this session's D-Bus: ${detail}`;
  }
  return `the OS keychain refused access: ${detail}`;
}

/** Loads the native module and probes it; never throws. */
export async function openKeychain(options: {
  keyring?: KeyringModuleLike;
  timeoutMs?: number;
  service?: string;
}): Promise<
  { store: KeychainSecretStore; probe: KeychainProbe } | { store: undefined; probe: KeychainProbe }
> {
  let keyring: KeyringModuleLike;
  try {
    keyring = options.keyring ?? (await loadKeyringModule());
  } catch (error) {
    return {
      store: undefined,
      probe: { available: false, reason: `the keychain module did not load: ${explain(error)}` },
    };
  }
  const store = new KeychainSecretStore(keyring, {
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.service === undefined ? {} : { service: options.service }),
  });
  return { store, probe: await store.probe() };
}
