// Typed failures of the SAP Concur client. Every error that leaves this folder is one of these: never an
// AxiosError, whose `config` carries the Authorization header and the token form (client secret, tokens).
// Messages are redacted before they are built, so they are safe to log and to show.
import { redactor } from '../../log/redact.ts';

/**
 * What the caller should do:
 * - retry: transient (5xx, reset, timeout); the client already retried with backoff.
 * - rate_limited: 429; the client already waited (Retry-After honoured) and retried.
 * - refresh: the access token was refused; the client refreshes once and replays on its own.
 * - reauthorize: the refresh token lapsed or was revoked: a person enters a new company request token.
 * - business: Concur refused this request or item (bad data, unknown id); retrying does not help.
 * - config: wrong URL, path, client id/secret or missing scope; a person fixes the settings.
 */
export type ConcurFailureKind = 'retry' | 'rate_limited' | 'refresh' | 'reauthorize' | 'business' | 'config';

export interface ConcurErrorDetails {
  readonly kind: ConcurFailureKind;
  /** The client's name for the call, e.g. `fis.acknowledge` (also the circuit breaker's key). */
  readonly endpoint?: string;
  readonly status?: number;
  /** A network error code (ECONNRESET, ETIMEDOUT) or Concur's error code/id. */
  readonly code?: string;
  readonly correlationId?: string;
  /** A non-zero Retry-After, in milliseconds. */
  readonly retryAfterMs?: number;
  /** True when the request may have been applied although no answer arrived (timeout, reset, 5xx). */
  readonly ambiguous?: boolean;
  /** The start of the answer body, redacted (for the log; never secrets). */
  readonly body?: string;
}

export class ConcurError extends Error {
  readonly kind: ConcurFailureKind;
  readonly endpoint: string | undefined;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly correlationId: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly ambiguous: boolean;
  readonly body: string | undefined;

  constructor(message: string, details: ConcurErrorDetails) {
    super(redactor.redactString(message));
    this.name = 'ConcurError';
    this.kind = details.kind;
    this.endpoint = details.endpoint;
    this.status = details.status;
    this.code = details.code;
    this.correlationId = details.correlationId;
    this.retryAfterMs = details.retryAfterMs;
    this.ambiguous = details.ambiguous ?? false;
    this.body = details.body === undefined ? undefined : redactor.redactString(details.body);
  }

  /** Plain fields for a log line or an audit row. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      endpoint: this.endpoint,
      status: this.status,
      code: this.code,
      correlationId: this.correlationId,
      ambiguous: this.ambiguous,
    };
  }
}

/** The refresh token lapsed or was revoked, or none was ever stored: the engine shows the re-authorise banner
 * and the CLI exits with code 3. */
export class ConcurReauthorizeError extends ConcurError {
  readonly reason: 'not-authorised' | 'request-token-refused' | 'refresh-token-refused';

  constructor(
    reason: ConcurReauthorizeError['reason'],
    detail: string,
    details: Omit<ConcurErrorDetails, 'kind'> = {},
  ) {
    super(`SAP Concur needs to be re-authorised: enter a new company request token (${detail}).`, {
      ...details,
      kind: 'reauthorize',
    });
    this.name = 'ConcurReauthorizeError';
    this.reason = reason;
  }
}

/** A write that is not safe to repeat (vendor create) ended without a clear answer, and the look-up that
 * would settle it failed too: a person decides (never guess, research/reliability.md A3). */
export class ConcurOutcomeUnclearError extends ConcurError {
  constructor(message: string, details: Omit<ConcurErrorDetails, 'kind' | 'ambiguous'>) {
    super(message, { ...details, kind: 'retry', ambiguous: true });
    this.name = 'ConcurOutcomeUnclearError';
  }
}

/** Bad input from our own caller (a field too long, a date in the wrong form), named by field. */
export class ConcurInputError extends ConcurError {
  readonly field: string;

  constructor(field: string, message: string) {
    super(`${field}: ${message}`, { kind: 'business' });
    this.name = 'ConcurInputError';
    this.field = field;
  }
}

export function isConcurReauthorize(error: unknown): error is ConcurReauthorizeError {
  return error instanceof ConcurReauthorizeError;
}
