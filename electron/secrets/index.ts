export {
  createSecretStore,
  type CreateSecretStoreOptions,
  type SelectedSecretStore,
} from './create-secret-store.ts';
export {
  EncryptedFileSecretStore,
  MIN_SECRET_KEY_LENGTH,
  SECRETS_FILE_NAME,
  SECRET_KEY_ENV,
} from './encrypted-file-store.ts';
export { EnvSecretStore, SECRET_ENV_VARS } from './env-secret-store.ts';
export { FallbackSecretStore, plainTextRefusal } from './fallback-secret-store.ts';
export { KEYCHAIN_SERVICE, KeychainSecretStore, openKeychain } from './keychain-store.ts';
export { RedactingSecretStore } from './redacting-secret-store.ts';
export {
  SecretRefusedError,
  SecretStoreError,
  type SecretName,
  type SecretStatus,
  type SecretStore,
  isSecretName,
} from './secret-store.ts';
export { sandboxMemorySecretStore } from './memory-secret-store.ts';
