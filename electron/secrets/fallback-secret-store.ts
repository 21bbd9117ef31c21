// For machines without a usable keychain (headless servers, containers): static secrets come from
// environment variables, secrets the app writes go to the encrypted file when MLC_SECRET_KEY is set.
// With no key there is nowhere safe to write, and storing in plain text is refused.
import type { SecretName } from '../../shared/settings.ts';
import type { EncryptedFileSecretStore } from './encrypted-file-store.ts';
import type { EnvSecretStore } from './env-secret-store.ts';
import {
  SecretRefusedError,
  type SecretStatus,
  type SecretStore,
  checkSecret,
  statusOf,
} from './secret-store.ts';

export function plainTextRefusal(name: SecretName): string {
  return `No OS keychain is available and MLC_SECRET_KEY is not set: refusing to store ${name} in plain text`;
}

export class FallbackSecretStore implements SecretStore {
  readonly backend: string;
  private readonly env: EnvSecretStore;
  private readonly file: EncryptedFileSecretStore | undefined;

  constructor(env: EnvSecretStore, file: EncryptedFileSecretStore | undefined) {
    this.env = env;
    this.file = file;
    this.backend = file === undefined ? 'env' : 'env+encrypted-file';
  }

  async get(name: SecretName): Promise<string | undefined> {
    checkSecret(name);
    // A variable set by IT wins: it is the deliberate, current configuration of this machine.
    return (await this.env.get(name)) ?? (await this.file?.get(name));
  }

  async set(name: SecretName, value: string): Promise<void> {
    checkSecret(name, value);
    if (this.env.sourceOf(name) !== undefined)
      throw new SecretRefusedError(name, this.env.readOnlyMessage(name));
    if (this.file === undefined) throw new SecretRefusedError(name, plainTextRefusal(name));
    await this.file.set(name, value);
  }

  async delete(name: SecretName): Promise<void> {
    checkSecret(name);
    if (this.env.sourceOf(name) !== undefined)
      throw new SecretRefusedError(name, this.env.readOnlyMessage(name));
    await this.file?.delete(name);
  }

  status(): Promise<SecretStatus[]> {
    return statusOf(this);
  }
}
