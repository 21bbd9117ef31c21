// Every secret value that passes through the app is registered with the redactor the moment it is read or
// written, so the logger and the audit writer scrub it wherever it later appears (URL, body, base64 header).
import type { SecretName } from '../../shared/settings.ts';
import type { Redactor } from '../log/redact.ts';
import type { SecretStatus, SecretStore } from './secret-store.ts';

export class RedactingSecretStore implements SecretStore {
  private readonly inner: SecretStore;
  private readonly redactor: Redactor;

  constructor(inner: SecretStore, redactor: Redactor) {
    this.inner = inner;
    this.redactor = redactor;
  }

  get backend(): string {
    return this.inner.backend;
  }

  async get(name: SecretName): Promise<string | undefined> {
    const value = await this.inner.get(name);
    this.redactor.register(value);
    return value;
  }

  async set(name: SecretName, value: string): Promise<void> {
    // Registered before the write, so even an error message that echoes the value is scrubbed.
    this.redactor.register(value);
    await this.inner.set(name, value);
  }

  delete(name: SecretName): Promise<void> {
    return this.inner.delete(name);
  }

  status(): Promise<SecretStatus[]> {
    return this.inner.status();
  }
}
