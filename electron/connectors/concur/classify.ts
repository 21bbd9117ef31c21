// The one failure classifier for SAP Concur, the backoff it feeds, and the circuit breakers per endpoint.
// Concur documents few of its failure shapes (research/concur.md 1.6, 5, 7): 401 vs 403 for an expired token,
// FIS error bodies and Retry-After outside List v4 are all unconfirmed, so the rules below are tolerant.
import { fullJitter } from '../../lib/backoff.ts';
import { isAxiosError, type AxiosError } from 'axios';
import {
  BrokenCircuitError,
  circuitBreaker,
  ConsecutiveBreaker,
  handleWhen,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import type { LogSink } from '../../ipc/log-sink.ts';
import { ConcurError, type ConcurErrorDetails } from './errors.ts';

export interface RetrySettings {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export interface BreakerSettings {
  readonly failureThreshold: number;
  readonly halfOpenAfterMs: number;
}

/** Full jitter (research/reliability.md A3, AWS): uniform in [0, min(cap, base * 2^attempt)]. */
export function fullJitterDelay(
  attempt: number,
  settings: Pick<RetrySettings, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
): number {
  return fullJitter(attempt, settings.baseDelayMs, settings.maxDelayMs, random);
}

/**
 * Retry-After in milliseconds, or undefined when absent, unreadable or zero: the only Concur sample sends
 * `retry-after: 0` (List v4 bulk), which says nothing about how long to wait.
 */
export function parseRetryAfter(value: unknown, now: number = Date.now()): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  if (/^\d+(\.\d+)?$/.test(text)) {
    const ms = Math.round(Number(text) * 1000);
    return ms > 0 ? ms : undefined;
  }
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  const ms = at - now;
  return ms > 0 ? ms : undefined;
}

/** The wait before attempt `attempt + 1`: full jitter, but never shorter than a non-zero Retry-After. The
 * Retry-After is honoured up to the backoff cap (5 min: Concur's own "wait 5 minutes" after a 503). */
export function retryDelay(
  attempt: number,
  settings: RetrySettings,
  error: ConcurError,
  random: () => number = Math.random,
): number {
  const jitter = fullJitterDelay(attempt, settings, random);
  if (error.retryAfterMs === undefined) return jitter;
  return Math.max(jitter, Math.min(error.retryAfterMs, settings.maxDelayMs));
}

/** Whether the client may send the request again after `error`. A request that is not safe to repeat is
 * re-sent only when it certainly was not applied (429, 503, refused connection). */
export function shouldRetry(error: ConcurError, repeat: 'repeatable' | 'unsafe'): boolean {
  if (error.kind !== 'retry' && error.kind !== 'rate_limited') return false;
  return repeat === 'repeatable' || !error.ambiguous;
}

/** Codes of the oauth2 token endpoint [AUTH; CAUTH]: which mean "a person must re-authorise". */
const REAUTHORIZE_CODES = new Set(['5', '19', '108', '136']);
const CLIENT_CODES = new Set(['53', '59', '61', '62', '63', '64', '107', '120']);
/** 134: company undergoing scheduled maintenance (CAUTH). */
const TRANSIENT_TOKEN_CODES = new Set(['134']);

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const CONFIG_CODES = new Set(['ENOTFOUND', 'ERR_INVALID_URL', 'ERR_BAD_OPTION', 'ERR_BAD_OPTION_VALUE']);

export interface ClassifyContext {
  readonly endpoint: string;
  /** The oauth2 token endpoint answers in its own error shape. */
  readonly tokenCall?: boolean;
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (headers === null || typeof headers !== 'object') return undefined;
  const record = headers as Record<string, unknown>;
  const value = record[name] ?? record[name.toLowerCase()];
  return typeof value === 'string' ? value : Array.isArray(value) ? String(value[0]) : undefined;
}

function bodyText(data: unknown): string {
  if (typeof data === 'string') return data;
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (data === undefined || data === null) return '';
  try {
    return JSON.stringify(data);
  } catch {
    return '';
  }
}

function parseBody(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Concur's human message from any of its error shapes (gateway v4, List v4, oauth2, vendor v3 Error). */
function concurMessage(body: Record<string, unknown> | undefined, text: string): string {
  if (body) {
    const nested = body.error;
    for (const candidate of [
      body.error_description,
      body.errorMessage,
      nested !== null && typeof nested === 'object' ? (nested as Record<string, unknown>).message : undefined,
      body.Message,
      body.message,
      typeof nested === 'string' ? nested : undefined,
    ]) {
      if (typeof candidate === 'string' && candidate.trim() !== '') return candidate.trim();
    }
  }
  const xml = /<Message>([^<]{1,300})<\/Message>/.exec(text);
  if (xml?.[1]) return xml[1];
  return text.trim().slice(0, 200);
}

/** Turns anything a Concur call threw into a ConcurError with a kind. Never keeps the AxiosError itself. */
export function classifyConcurFailure(error: unknown, context: ClassifyContext): ConcurError {
  if (error instanceof ConcurError) return error;
  const endpoint = context.endpoint;
  if (error instanceof BrokenCircuitError) {
    return new ConcurError(
      `SAP Concur ${endpoint} failed several times in a row; calls are paused for a while before another try.`,
      { kind: 'retry', endpoint, code: 'CIRCUIT_OPEN' },
    );
  }
  if (!isAxiosError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return new ConcurError(`SAP Concur ${endpoint} failed: ${message}`, {
      kind: 'retry',
      endpoint,
      ambiguous: true,
    });
  }
  return classifyAxios(error, context);
}

function classifyAxios(error: AxiosError, context: ClassifyContext): ConcurError {
  const endpoint = context.endpoint;
  const response = error.response;
  if (!response) {
    const code = error.code ?? 'ERR_NETWORK';
    if (CONFIG_CODES.has(code)) {
      return new ConcurError(
        `SAP Concur ${endpoint}: the address cannot be reached (${code}); check the token URL and network settings.`,
        { kind: 'config', endpoint, code },
      );
    }
    const notSent = NOT_SENT_CODES.has(code);
    const what =
      code === 'ETIMEDOUT' || code === 'ECONNABORTED'
        ? 'did not answer in time'
        : notSent
          ? 'refused the connection'
          : 'dropped the connection';
    return new ConcurError(`SAP Concur ${endpoint} ${what} (${code}).`, {
      kind: 'retry',
      endpoint,
      code,
      ambiguous: !notSent,
    });
  }
  const status = response.status;
  const text = bodyText(response.data);
  const body = parseBody(text);
  const correlationId = headerValue(response.headers, 'concur-correlationid');
  const message = concurMessage(body, text);
  const base: Omit<ConcurErrorDetails, 'kind'> = {
    endpoint,
    status,
    body: text.slice(0, 500),
    ...(correlationId ? { correlationId } : {}),
  };
  const say = (detail: string): string =>
    `SAP Concur ${endpoint} answered HTTP ${status}${message ? `: ${message}` : ''}${detail}`;

  if (status === 429) {
    const retryAfterMs = parseRetryAfter(headerValue(response.headers, 'retry-after'));
    return new ConcurError(say(' (rate limited)'), {
      ...base,
      kind: 'rate_limited',
      code: '429',
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  if (status >= 500) {
    const retryAfterMs = parseRetryAfter(headerValue(response.headers, 'retry-after'));
    // 503 is Concur's maintenance answer: the request did not reach the service. Other 5xx may come after
    // the service applied the request.
    return new ConcurError(say(''), {
      ...base,
      kind: 'retry',
      code: String(status),
      ambiguous: status !== 503,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  if (context.tokenCall) return classifyTokenError(say, base, body);
  if (status === 401 || status === 403) {
    // UNCONFIRMED which of the two an expired JWT gets on FIS/vendor calls: both mean "refresh once, retry".
    return new ConcurError(say(''), { ...base, kind: 'refresh', code: String(status) });
  }
  if (status === 404 || status === 405 || status === 413 || status === 415) {
    return new ConcurError(say(' (check the API path and the geolocation)'), {
      ...base,
      kind: 'config',
      code: String(status),
    });
  }
  return new ConcurError(say(''), { ...base, kind: 'business', code: String(status) });
}

function classifyTokenError(
  say: (detail: string) => string,
  base: Omit<ConcurErrorDetails, 'kind'>,
  body: Record<string, unknown> | undefined,
): ConcurError {
  // The oauth2 error `code` is a number in most examples and a quoted string in one (section 8).
  const rawCode = body?.code;
  const code = typeof rawCode === 'number' || typeof rawCode === 'string' ? String(rawCode).trim() : '';
  const oauthError = typeof body?.error === 'string' ? body.error : '';
  const details = { ...base, code: code || oauthError || String(base.status) };
  if (TRANSIENT_TOKEN_CODES.has(code)) return new ConcurError(say(''), { ...details, kind: 'retry' });
  if (REAUTHORIZE_CODES.has(code) || (oauthError === 'invalid_grant' && !CLIENT_CODES.has(code))) {
    return new ConcurError(say(''), { ...details, kind: 'reauthorize' });
  }
  if (oauthError === 'invalid_client' || CLIENT_CODES.has(code)) {
    return new ConcurError(say(' (check the client id and client secret)'), { ...details, kind: 'config' });
  }
  return new ConcurError(say(' (check the token URL)'), { ...details, kind: 'config' });
}

/** One circuit breaker per endpoint (research/reliability.md B4): only transient failures count. */
export class ConcurBreakers {
  readonly #policies = new Map<string, CircuitBreakerPolicy>();
  readonly #settings: BreakerSettings;
  readonly #log: LogSink;

  constructor(settings: BreakerSettings, log: LogSink) {
    this.#settings = settings;
    this.#log = log;
  }

  for(endpoint: string): CircuitBreakerPolicy {
    let policy = this.#policies.get(endpoint);
    if (!policy) {
      policy = circuitBreaker(
        handleWhen((error) => error instanceof ConcurError && error.kind === 'retry'),
        {
          halfOpenAfter: this.#settings.halfOpenAfterMs,
          breaker: new ConsecutiveBreaker(this.#settings.failureThreshold),
        },
      );
      policy.onBreak(() =>
        this.#log.warn({ endpoint }, `SAP Concur ${endpoint}: circuit opened after repeated failures`),
      );
      policy.onReset(() => this.#log.info({ endpoint }, `SAP Concur ${endpoint}: circuit closed again`));
      this.#policies.set(endpoint, policy);
    }
    return policy;
  }
}
