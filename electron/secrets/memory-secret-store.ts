// Secrets held in memory only. Used for the sandbox demo on a machine with neither an OS keychain nor
// MLC_SECRET_KEY: the demo's credentials are the simulators' own (not real secrets) and the demo starts fresh
// every time, so forgetting them at exit loses nothing. Never used for a real installation.
import type { SecretName } from '../../shared/settings.ts';
import { redactor as defaultRedactor, type Redactor } from '../log/redact.ts';
import type { SelectedSecretStore } from './create-secret-store.ts';
import { RedactingSecretStore } from './redacting-secret-store.ts';
import { checkSecret, statusOf, type SecretStatus, type SecretStore } from './secret-store.ts';

class MemorySecretStore implements SecretStore {
  readonly backend = 'memory (sandbox demo only; forgotten when it stops)';
  readonly #values = new Map<SecretName, string>();

  constructor(initial: Readonly<Partial<Record<SecretName, string>>>) {
    for (const [name, value] of Object.entries(initial) as [SecretName, string][])
      this.#values.set(name, value);
  }

  get(name: SecretName): Promise<string | undefined> {
    checkSecret(name);
    return Promise.resolve(this.#values.get(name));
  }

  set(name: SecretName, value: string): Promise<void> {
    checkSecret(name, value);
    this.#values.set(name, value);
    return Promise.resolve();
  }

  delete(name: SecretName): Promise<void> {
    checkSecret(name);
    this.#values.delete(name);
    return Promise.resolve();
  }

  status(): Promise<SecretStatus[]> {
    return statusOf(this);
  }
}

class SelectedMemory extends RedactingSecretStore implements SelectedSecretStore {
  readonly notice: string;
  constructor(inner: SecretStore, redactor: Redactor, notice: string) {
    super(inner, redactor);
    this.notice = notice;
  }
}

export function sandboxMemorySecretStore(
  values: Readonly<Partial<Record<SecretName, string>>>,
  redactor: Redactor = defaultRedactor,
): SelectedSecretStore {
  for (const value of Object.values(values)) redactor.register(value);
  return new SelectedMemory(
    new MemorySecretStore(values),
    redactor,
    'No OS keychain and no MLC_SECRET_KEY: the sandbox demo keeps its credentials in memory only.',
  );
}
