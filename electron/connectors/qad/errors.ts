// The typed failures of the QAD gateway. Every transport problem ends as one of these, with a message a
// person can act on and no secret in it (messages pass the redactor). What matters for "never post twice"
// is `outcome`: whether the request may have reached QAD.
import type { QadMessage } from '../../../shared/domain/qad.ts';
import { redactor } from '../../log/redact.ts';

export type QadTransport = 'rest' | 'qxtend';

/**
 * `not_sent`: the request certainly never reached QAD (connection refused, circuit open, missing setting);
 * `refused`: QAD answered and clearly did not do it (business error, 4xx, SOAP Client fault);
 * `unknown`: it may have been applied (timeout, reset, lost or unreadable reply, 5xx after sending).
 */
export type QadRequestOutcome = 'not_sent' | 'refused' | 'unknown';

export type QadErrorKind = 'transient' | 'auth' | 'business' | 'config' | 'protocol' | 'not_posted';

export interface QadErrorOptions {
  readonly transport?: QadTransport;
  readonly outcome?: QadRequestOutcome;
  readonly status?: number;
  /** Network error code (ECONNRESET, ETIMEDOUT, ...) or SOAP fault code. */
  readonly code?: string;
}

export abstract class QadError extends Error {
  abstract readonly kind: QadErrorKind;
  readonly transport: QadTransport | undefined;
  readonly outcome: QadRequestOutcome;
  readonly status: number | undefined;
  readonly code: string | undefined;

  constructor(message: string, options: QadErrorOptions = {}) {
    super(redactor.redactString(message));
    this.transport = options.transport;
    this.outcome = options.outcome ?? 'unknown';
    this.status = options.status;
    this.code = options.code;
  }
}

/** Worth retrying later: timeouts, resets, 5xx, 429, an open circuit. */
export class QadTransientError extends QadError {
  readonly kind = 'transient' as const;
  /** From a non-zero Retry-After header. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: QadErrorOptions & { readonly retryAfterMs?: number } = {}) {
    super(message, options);
    this.name = 'QadTransientError';
    this.retryAfterMs = options.retryAfterMs;
  }
}

/**
 * QAD did not accept who we are. `tokenExpired`: a bearer token was refused and one new login may fix it;
 * otherwise the user name or password itself was rejected and a person must fix the stored credentials.
 */
export class QadAuthError extends QadError {
  readonly kind = 'auth' as const;
  readonly tokenExpired: boolean;

  constructor(message: string, options: QadErrorOptions & { readonly tokenExpired?: boolean } = {}) {
    super(message, options);
    this.name = 'QadAuthError';
    this.tokenExpired = options.tokenExpired ?? false;
  }
}

/** Why QAD refused a document, as far as its message tells (texts are unconfirmed, research/qad.md 3.3). */
export type QadBusinessReason =
  'closed_period' | 'inactive_value' | 'unknown_value' | 'no_receipt' | 'unbalanced' | 'invalid' | 'other';

/** QAD refused the document for a business reason. Never retried: a person fixes the data first. */
export class QadBusinessError extends QadError {
  readonly kind = 'business' as const;
  readonly messages: readonly QadMessage[];
  /** QAD's field of the first error, e.g. `CInvoicePostingDate`. */
  readonly field: string | undefined;
  readonly reason: QadBusinessReason;

  /** `summary` replaces the "QAD refused the document" lead (input refused before sending). */
  constructor(
    messages: readonly QadMessage[],
    options: QadErrorOptions & { readonly summary?: string } = {},
  ) {
    const errors = messages.filter((m) => m.severity === 'error');
    const shown = errors.length > 0 ? errors : messages;
    const text = shown.map((m) => m.message).join(' ') || 'QAD refused the document without a message.';
    super(`${options.summary ?? 'QAD refused the document'}: ${text}`, { outcome: 'refused', ...options });
    this.name = 'QadBusinessError';
    this.messages = messages.map((m) => redactor.redact(m));
    this.field = shown[0]?.field;
    this.reason = businessReason(shown);
  }
}

/** The connection is set up wrongly (URL, path, receiver, QDoc name, permission): stop and tell the user. */
export class QadConfigError extends QadError {
  readonly kind = 'config' as const;
  /** The settings path that fixes it, e.g. `qad.rest.collections.suppliers`. */
  readonly setting: string | undefined;

  constructor(message: string, options: QadErrorOptions & { readonly setting?: string } = {}) {
    super(message, { outcome: 'refused', ...options });
    this.name = 'QadConfigError';
    this.setting = options.setting;
  }
}

/** QAD's reply could not be read (malformed SOAP, an HTML page, an empty body, an unexpected JSON shape). */
export class QadResponseError extends QadError {
  readonly kind = 'protocol' as const;

  constructor(message: string, options: QadErrorOptions = {}) {
    super(message, options);
    this.name = 'QadResponseError';
  }
}

/** QAD answered success but the document is not there when read back (seen live with QXtend). */
export class QadNotPostedError extends QadError {
  readonly kind = 'not_posted' as const;

  constructor(message: string, options: QadErrorOptions = {}) {
    super(message, { outcome: 'refused', ...options });
    this.name = 'QadNotPostedError';
  }
}

export function isQadError(error: unknown): error is QadError {
  return error instanceof QadError;
}

// Keyword heuristics over QAD's message text and field: exact texts and numbers are not public
// (research/qad.md 3.3 [U], 3.5 [U]), so this only sorts messages for the person reading the exception.
const REASONS: readonly [QadBusinessReason, RegExp][] = [
  ['closed_period', /period.*(closed|locked|frozen|not open)|(closed|locked) period/i],
  ['unbalanced', /not balanced|unbalanced|debit.*credit.*differ/i],
  ['no_receipt', /receipt|receiver|unmatched quantity|pending voucher/i],
  ['inactive_value', /inactive|not active|does not allow postings/i],
  ['unknown_value', /does not exist|unknown|not found|no such/i],
  ['invalid', /must|invalid|is not a|mandatory|required/i],
];

export function businessReason(messages: readonly QadMessage[]): QadBusinessReason {
  for (const m of messages) {
    const text = `${m.message} ${m.code ?? ''}`;
    for (const [reason, pattern] of REASONS) if (pattern.test(text)) return reason;
  }
  return 'other';
}
