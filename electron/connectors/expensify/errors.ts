// One error type for everything the Integration Server (or the way to it) can answer. Messages never carry
// a request body: every job holds partnerUserSecret inline, so an error only names the job, the code and
// Expensify's own message (which is scrubbed by the redactor as well).
import { redactor } from '../../log/redact.ts';

/**
 * - auth: credentials refused (responseCode 401/403/404 with "Authentication...", or missing in the keychain)
 * - validation: responseCode 410, the job was refused as invalid (a business error: fix the data or settings)
 * - rate_limited: HTTP 429 or responseCode 429
 * - server: responseCode 500, HTTP 5xx, HTML error pages
 * - network: no answer (reset, refused, timeout)
 * - not_found: policy not found (404 without "Authentication"), export file missing or never ready
 * - format: an answer of the wrong shape (an export file that is not JSON, a report without an id)
 * - config: our side is not set up (no URL, no policy ids)
 */
export type ExpensifyErrorKind =
  'auth' | 'validation' | 'rate_limited' | 'server' | 'network' | 'not_found' | 'format' | 'config';

export interface ExpensifyErrorDetails {
  readonly kind: ExpensifyErrorKind;
  /** The job, e.g. `file.combinedReportData`, `get.policyList`, `update.reportStatus`. */
  readonly job?: string;
  readonly responseCode?: number;
  readonly httpStatus?: number;
  /** Node's error code for transport failures (ECONNRESET, ETIMEDOUT...). */
  readonly code?: string;
}

export class ExpensifyError extends Error {
  readonly kind: ExpensifyErrorKind;
  readonly job: string | undefined;
  readonly responseCode: number | undefined;
  readonly httpStatus: number | undefined;
  readonly code: string | undefined;

  constructor(message: string, details: ExpensifyErrorDetails) {
    super(redactor.redactString(message));
    this.name = 'ExpensifyError';
    this.kind = details.kind;
    this.job = details.job;
    this.responseCode = details.responseCode;
    this.httpStatus = details.httpStatus;
    this.code = details.code;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      ...(this.job !== undefined ? { job: this.job } : {}),
      ...(this.responseCode !== undefined ? { responseCode: this.responseCode } : {}),
      ...(this.httpStatus !== undefined ? { httpStatus: this.httpStatus } : {}),
      ...(this.code !== undefined ? { code: this.code } : {}),
    };
  }
}

export function isExpensifyError(error: unknown): error is ExpensifyError {
  return error instanceof ExpensifyError;
}
