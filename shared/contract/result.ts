// Errors cross every transport as data with a stable code, never as thrown objects.

export const ERROR_CODES = [
  'invalid_argument',
  'unknown_operation',
  'not_found',
  'conflict',
  'unauthorized',
  'forbidden',
  'config',
  'unavailable',
  'reauthorize',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ContractError {
  readonly code: ErrorCode;
  readonly message: string;
  /** Dotted path of the offending argument field, e.g. `qad.rest.tenantUrl`. */
  readonly field?: string;
}

export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ContractError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string, field?: string): Result<never> => ({
  ok: false,
  error: field === undefined ? { code, message } : { code, message, field },
});
