// The secrets port. Credentials live only in the main process behind this interface: the OS keychain when
// there is one, otherwise environment variables (read-only) plus an encrypted file. Never plain text.
import { SECRET_NAMES, type SecretName } from '../../shared/settings.ts';

export type { SecretName } from '../../shared/settings.ts';

export interface SecretStatus {
  readonly name: SecretName;
  readonly present: boolean;
}

export interface SecretStore {
  /** Human-readable description of where secrets live, e.g. "os-keychain" or "env+encrypted-file". */
  readonly backend: string;
  get(name: SecretName): Promise<string | undefined>;
  set(name: SecretName, value: string): Promise<void>;
  delete(name: SecretName): Promise<void>;
  status(): Promise<SecretStatus[]>;
}

/** A secret operation that was refused on purpose (read-only source, no safe place to store it). */
export class SecretRefusedError extends Error {
  readonly secret: SecretName;
  constructor(secret: SecretName, message: string) {
    super(message);
    this.name = 'SecretRefusedError';
    this.secret = secret;
  }
}

/** The backing store failed or cannot be opened (locked keychain, wrong MLC_SECRET_KEY, corrupt file). */
export class SecretStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SecretStoreError';
  }
}

export const MAX_SECRET_LENGTH = 8192;

export function isSecretName(name: unknown): name is SecretName {
  return typeof name === 'string' && (SECRET_NAMES as readonly string[]).includes(name);
}

/** Guards every adapter: an unknown name or an empty/oversized value is a programming or input error. */
export function checkSecret(name: unknown, value?: unknown): asserts name is SecretName {
  if (!isSecretName(name)) {
    throw new TypeError(
      `Unknown secret name ${JSON.stringify(name)}; expected one of ${SECRET_NAMES.join(', ')}`,
    );
  }
  if (value !== undefined) {
    if (typeof value !== 'string' || value.length === 0)
      throw new TypeError(`${name}: the value must be a non-empty string`);
    if (value.length > MAX_SECRET_LENGTH)
      throw new TypeError(`${name}: the value is longer than ${MAX_SECRET_LENGTH} characters`);
  }
}

export async function statusOf(store: Pick<SecretStore, 'get'>): Promise<SecretStatus[]> {
  const out: SecretStatus[] = [];
  for (const name of SECRET_NAMES) out.push({ name, present: (await store.get(name)) !== undefined });
  return out;
}

/** Runs synchronous work as a promise, so argument errors reject instead of throwing at the call site. */
export function promised<T>(work: () => T): Promise<T> {
  return new Promise<T>((resolve) => resolve(work()));
}
