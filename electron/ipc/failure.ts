// Engine code throws a ContractFailure when a call cannot be answered for a reason the user can act on;
// the router turns it into `{ ok: false, error }` data. Any other thrown error is a bug and becomes
// `internal`, with its message kept out of the answer.
import type { ErrorCode } from '../../shared/contract/result.ts';

export class ContractFailure extends Error {
  readonly code: ErrorCode;
  /** Dotted path of the argument field at fault, when one is. */
  readonly field?: string;

  constructor(code: ErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'ContractFailure';
    this.code = code;
    if (field !== undefined) this.field = field;
  }
}

export function isContractFailure(error: unknown): error is ContractFailure {
  return error instanceof ContractFailure;
}
