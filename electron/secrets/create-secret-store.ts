// Picks where secrets live on this machine: the OS keychain when it works; otherwise environment variables
// for the static secrets plus the encrypted file when MLC_SECRET_KEY is set; never plain text.
// MLC_SECRET_BACKEND=keychain|file forces a choice (IT on servers, tests); the default is auto.
import { type Redactor, redactor as defaultRedactor } from '../log/redact.ts';
import { EncryptedFileSecretStore, SECRET_KEY_ENV } from './encrypted-file-store.ts';
import { EnvSecretStore } from './env-secret-store.ts';
import { FallbackSecretStore } from './fallback-secret-store.ts';
import { KEYCHAIN_SERVICE, type KeyringModuleLike, openKeychain } from './keychain-store.ts';
import { RedactingSecretStore } from './redacting-secret-store.ts';
import { SecretStoreError, type SecretStore } from './secret-store.ts';

export interface CreateSecretStoreOptions {
  readonly dataDir: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly redactor?: Redactor;
  /** Injected keyring module (tests); the real @napi-rs/keyring otherwise. */
  readonly keyring?: KeyringModuleLike;
  readonly keychainTimeoutMs?: number;
  /** Settings profile: a named profile uses its own keychain service ("ml-connector-<profile>"). */
  readonly profile?: string;
}

export interface SelectedSecretStore extends SecretStore {
  /** Why the keychain is not used, for `secrets status`, the settings page and the log; absent when it is. */
  readonly notice: string | undefined;
}

class Selected extends RedactingSecretStore implements SelectedSecretStore {
  readonly notice: string | undefined;
  constructor(inner: SecretStore, redactor: Redactor, notice: string | undefined) {
    super(inner, redactor);
    this.notice = notice;
  }
}

export async function createSecretStore(options: CreateSecretStoreOptions): Promise<SelectedSecretStore> {
  const redactor = options.redactor ?? defaultRedactor;
  const mode = (options.env.MLC_SECRET_BACKEND ?? 'auto').trim().toLowerCase() || 'auto';
  if (!['auto', 'keychain', 'file'].includes(mode)) {
    throw new SecretStoreError(
      `MLC_SECRET_BACKEND must be auto, keychain or file (found ${JSON.stringify(mode)})`,
    );
  }

  let notice: string | undefined;
  if (mode !== 'file') {
    const keychain = await openKeychain({
      ...(options.profile ? { service: `${KEYCHAIN_SERVICE}-${options.profile}` } : {}),
      ...(options.keyring === undefined ? {} : { keyring: options.keyring }),
      ...(options.keychainTimeoutMs === undefined ? {} : { timeoutMs: options.keychainTimeoutMs }),
    });
    if (keychain.probe.available && keychain.store !== undefined)
      return new Selected(keychain.store, redactor, undefined);
    const reason = keychain.probe.available ? 'the keychain module did not load' : keychain.probe.reason;
    if (mode === 'keychain')
      throw new SecretStoreError(`MLC_SECRET_BACKEND=keychain but the OS keychain is not usable: ${reason}`);
    notice = `OS keychain not used: ${reason}`;
  } else {
    notice = 'OS keychain not used: MLC_SECRET_BACKEND=file';
  }

  const secretKey = options.env[SECRET_KEY_ENV] ?? '';
  // The key itself must never reach a log line, even if some error message echoes it.
  redactor.register(secretKey);
  const file =
    secretKey === '' ? undefined : new EncryptedFileSecretStore({ dataDir: options.dataDir, secretKey });
  if (file === undefined)
    notice += `; ${SECRET_KEY_ENV} is not set, so secrets can only be read from MLC_* environment variables`;
  return new Selected(new FallbackSecretStore(new EnvSecretStore(options.env), file), redactor, notice);
}
