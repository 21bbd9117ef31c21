// Static secrets from environment variables, for unattended servers where IT injects them (systemd
// EnvironmentFile, a Windows service's environment). Read-only: the app cannot change a process's parent
// environment, and the rotating Concur refresh token has no variable on purpose.
import type { SecretName } from '../../shared/settings.ts';
import {
  SecretRefusedError,
  type SecretStatus,
  type SecretStore,
  checkSecret,
  promised,
  statusOf,
} from './secret-store.ts';

export const SECRET_ENV_VARS: Partial<Record<SecretName, string>> = {
  'concur.clientSecret': 'MLC_CONCUR_CLIENT_SECRET',
  'concur.requestToken': 'MLC_CONCUR_REQUEST_TOKEN',
  'expensify.partnerUserId': 'MLC_EXPENSIFY_PARTNER_USER_ID',
  'expensify.partnerUserSecret': 'MLC_EXPENSIFY_PARTNER_USER_SECRET',
  'qad.username': 'MLC_QAD_USERNAME',
  'qad.password': 'MLC_QAD_PASSWORD',
};

export class EnvSecretStore implements SecretStore {
  readonly backend = 'env';
  private readonly env: Readonly<Record<string, string | undefined>>;

  constructor(env: Readonly<Record<string, string | undefined>>) {
    this.env = env;
  }

  /** The variable that supplies `name`, when it is set to a non-empty value. */
  sourceOf(name: SecretName): string | undefined {
    const variable = SECRET_ENV_VARS[name];
    return variable !== undefined && (this.env[variable] ?? '') !== '' ? variable : undefined;
  }

  get(name: SecretName): Promise<string | undefined> {
    return promised(() => {
      checkSecret(name);
      const variable = this.sourceOf(name);
      return variable === undefined ? undefined : this.env[variable];
    });
  }

  set(name: SecretName, _value?: string): Promise<void> {
    return promised(() => {
      checkSecret(name);
      throw new SecretRefusedError(name, this.readOnlyMessage(name));
    });
  }

  delete(name: SecretName): Promise<void> {
    return this.set(name);
  }

  status(): Promise<SecretStatus[]> {
    return statusOf(this);
  }

  readOnlyMessage(name: SecretName): string {
    const variable = SECRET_ENV_VARS[name];
    return variable === undefined
      ? `${name} cannot be kept in an environment variable`
      : `${name} comes from the environment variable ${variable}, which ml-connector cannot change: update the variable instead`;
  }
}
