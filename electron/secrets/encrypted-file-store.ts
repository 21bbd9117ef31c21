// Secrets the app must write (the rotating Concur refresh token) on machines without an OS keychain:
// AES-256-GCM over a JSON map, key derived with scrypt from MLC_SECRET_KEY and a random salt kept in the
// file. GCM's tag authenticates the whole file, so a wrong key or a tampered file is refused, never
// half-decrypted. Each write uses a fresh IV and replaces the file atomically with mode 0600.
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { SecretName } from '../../shared/settings.ts';
import { writeFileAtomic } from '../settings/atomic-write.ts';
import {
  SecretStoreError,
  type SecretStatus,
  type SecretStore,
  checkSecret,
  isSecretName,
  statusOf,
} from './secret-store.ts';

export const SECRETS_FILE_NAME = 'secrets.enc';
export const SECRET_KEY_ENV = 'MLC_SECRET_KEY';
/** Short keys are guessable offline from a stolen file; scrypt slows guessing but cannot save "1234". */
export const MIN_SECRET_KEY_LENGTH = 16;

const AAD = Buffer.from('ml-connector secrets.enc v1');
// scrypt cost: about 100 ms once per process (the derived key is cached), 32 MiB of memory.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;

const fileSchema = z.strictObject({
  version: z.literal(1),
  kdf: z.strictObject({
    name: z.literal('scrypt'),
    salt: z.base64(),
    N: z
      .number()
      .int()
      .min(2 ** 14)
      .max(2 ** 20),
    r: z.number().int().min(1).max(32),
    p: z.number().int().min(1).max(16),
  }),
  cipher: z.literal('aes-256-gcm'),
  iv: z.base64(),
  tag: z.base64(),
  data: z.base64(),
});
type SecretsFile = z.infer<typeof fileSchema>;
type Kdf = SecretsFile['kdf'];

export class EncryptedFileSecretStore implements SecretStore {
  readonly backend = 'encrypted-file';
  readonly path: string;
  private readonly passphrase: string;
  private derived: { salt: string; key: Buffer } | undefined;
  /** Serialises read-modify-write cycles inside this process. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: { dataDir: string; secretKey: string; fileName?: string }) {
    if (options.secretKey.length < MIN_SECRET_KEY_LENGTH) {
      throw new SecretStoreError(
        `${SECRET_KEY_ENV} is too short: use at least ${MIN_SECRET_KEY_LENGTH} random characters (e.g. \`openssl rand -base64 32\`)`,
      );
    }
    this.path = join(options.dataDir, options.fileName ?? SECRETS_FILE_NAME);
    this.passphrase = options.secretKey;
  }

  async get(name: SecretName): Promise<string | undefined> {
    checkSecret(name);
    return await this.serial(() => this.read().values[name]);
  }

  async set(name: SecretName, value: string): Promise<void> {
    checkSecret(name, value);
    await this.serial(() => {
      const { values, kdf } = this.read();
      values[name] = value;
      this.write(values, kdf);
    });
  }

  async delete(name: SecretName): Promise<void> {
    checkSecret(name);
    await this.serial(() => {
      const { values, kdf } = this.read();
      if (!(name in values)) return;
      delete values[name];
      this.write(values, kdf);
    });
  }

  status(): Promise<SecretStatus[]> {
    return statusOf(this);
  }

  private serial<T>(work: () => T): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private keyFor(kdf: Kdf): Buffer {
    if (this.derived?.salt === kdf.salt) return this.derived.key;
    const { N, r, p } = kdf;
    const key = scryptSync(this.passphrase, Buffer.from(kdf.salt, 'base64'), 32, {
      N,
      r,
      p,
      maxmem: 256 * N * r,
    });
    this.derived = { salt: kdf.salt, key };
    return key;
  }

  private read(): { values: Partial<Record<SecretName, string>>; kdf: Kdf | undefined } {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { values: {}, kdf: undefined };
      throw new SecretStoreError(`Cannot read ${this.path}: ${(error as Error).message}`, { cause: error });
    }
    let file: SecretsFile;
    try {
      file = fileSchema.parse(JSON.parse(text));
    } catch (error) {
      throw new SecretStoreError(
        `${this.path} is not a valid ml-connector secrets file (damaged or edited by hand)`,
        {
          cause: error,
        },
      );
    }
    const key = this.keyFor(file.kdf);
    let plain: string;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(file.iv, 'base64'));
      decipher.setAAD(AAD);
      decipher.setAuthTag(Buffer.from(file.tag, 'base64'));
      plain = Buffer.concat([decipher.update(Buffer.from(file.data, 'base64')), decipher.final()]).toString(
        'utf8',
      );
    } catch (error) {
      throw new SecretStoreError(
        `Cannot decrypt ${this.path}: ${SECRET_KEY_ENV} is not the key this file was written with, or the file was altered. ` +
          `Set the original ${SECRET_KEY_ENV}, or delete the file and enter the secrets again.`,
        { cause: error },
      );
    }
    const values: Partial<Record<SecretName, string>> = {};
    for (const [name, value] of Object.entries(JSON.parse(plain) as Record<string, unknown>)) {
      if (isSecretName(name) && typeof value === 'string') values[name] = value;
    }
    return { values, kdf: file.kdf };
  }

  private write(values: Partial<Record<SecretName, string>>, existing: Kdf | undefined): void {
    // The salt (and cost) stay with the file; only the IV changes per write.
    const kdf: Kdf = existing ?? { name: 'scrypt', salt: randomBytes(16).toString('base64'), ...SCRYPT };
    const key = this.keyFor(kdf);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(AAD);
    const data = Buffer.concat([cipher.update(JSON.stringify(values), 'utf8'), cipher.final()]);
    const file: SecretsFile = {
      version: 1,
      kdf,
      cipher: 'aes-256-gcm',
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
    writeFileAtomic(this.path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  }
}
