// Errors the repositories throw. Codes match shared/contract/result.ts so a router can turn one into a
// ContractError without guessing: `new StoreError('conflict', ...)` -> fail('conflict', message, field).

export type StoreErrorCode = 'not_found' | 'conflict' | 'invalid_argument';

export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: StoreErrorCode;
  /** The offending input field, when there is one. */
  readonly field: string | undefined;

  constructor(code: StoreErrorCode, message: string, field?: string) {
    super(message);
    this.code = code;
    this.field = field;
  }
}
