// The one failure classifier for QAD (ARCHITECTURE.md "Rules that keep money safe"): every network error
// and every HTTP reply that is not a clean QAD answer becomes a typed QadError, and `decide` turns any
// error into what the caller does next. Both transports use it; only the reading of a clean QAD body
// (SOAP result/dsExceptions, REST submitResult) lives in the transport's own file.
import { isAxiosError } from 'axios';
import { BrokenCircuitError, TaskCancelledError } from 'cockatiel';
import {
  QadAuthError,
  QadConfigError,
  QadError,
  QadResponseError,
  QadTransientError,
  type QadTransport,
} from './errors.ts';

export interface HttpExchange {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

export interface FailureContext {
  readonly transport: QadTransport;
  /** What was being done, for the message: "reading suppliers", "posting supplier invoice MLC-...". */
  readonly what: string;
  /** The address without query string (query strings may carry credentials). */
  readonly url: string;
  /** Settings path holding the address, named in configuration errors. */
  readonly setting?: string;
}

/** Connection never established: the request certainly did not reach QAD. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EADDRNOTAVAIL']);
const CONFIG_CODES = new Set(['ENOTFOUND', 'ERR_INVALID_URL', 'ERR_TLS_CERT_ALTNAME_INVALID']);
const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/;

function networkCode(error: unknown): string | undefined {
  const own = (error as { code?: unknown }).code;
  const cause = (error as { cause?: { code?: unknown } }).cause?.code;
  return typeof cause === 'string' && typeof own !== 'string'
    ? cause
    : typeof own === 'string'
      ? own
      : typeof cause === 'string'
        ? cause
        : undefined;
}

export function withoutQuery(url: string): string {
  const cut = url.search(/[?#]/);
  return cut < 0 ? url : url.slice(0, cut);
}

/** Turns an exception thrown while sending (axios, sockets, the circuit breaker) into a QadError. */
export function classifyThrown(error: unknown, ctx: FailureContext): QadError {
  if (error instanceof QadError) return error;
  if (error instanceof BrokenCircuitError)
    return new QadTransientError(
      `QAD at ${ctx.url} failed several times in a row; calls pause for a while before the next try (${ctx.what}).`,
      { transport: ctx.transport, outcome: 'not_sent', code: 'CIRCUIT_OPEN' },
    );
  if (error instanceof TaskCancelledError)
    return new QadTransientError(`Cancelled while ${ctx.what}.`, {
      transport: ctx.transport,
      outcome: 'unknown',
      code: 'CANCELLED',
    });
  const code = networkCode(error) ?? (isAxiosError(error) ? 'ERR_NETWORK' : undefined);
  const base = { transport: ctx.transport, ...(code ? { code } : {}) };
  if (code && CONFIG_CODES.has(code))
    return new QadConfigError(
      `The QAD address ${ctx.url} cannot be resolved (${code}); check the host name while ${ctx.what}.`,
      { ...base, outcome: 'not_sent', ...(ctx.setting ? { setting: ctx.setting } : {}) },
    );
  if (code && TLS_CODE.test(code))
    return new QadConfigError(
      `The TLS certificate of ${ctx.url} is not trusted (${code}); add the company CA in network.caCertFile.`,
      { ...base, outcome: 'not_sent', setting: 'network.caCertFile' },
    );
  if (code && NOT_SENT_CODES.has(code))
    return new QadTransientError(`QAD at ${ctx.url} is not reachable (${code}) while ${ctx.what}.`, {
      ...base,
      outcome: 'not_sent',
    });
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ERR_CANCELED')
    return new QadTransientError(`QAD at ${ctx.url} did not answer in time while ${ctx.what}.`, {
      ...base,
      outcome: 'unknown',
    });
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_NETWORK' || code === 'ERR_BAD_RESPONSE')
    return new QadTransientError(
      `The connection to QAD at ${ctx.url} broke before an answer arrived (${code}) while ${ctx.what}.`,
      { ...base, outcome: 'unknown' },
    );
  // Anything else is a bug or an unexpected library failure: keep only its message, never its config
  // object (axios errors carry the request URL and headers, with credentials in them).
  const message = error instanceof Error ? error.message : String(error);
  return new QadTransientError(`Unexpected failure while ${ctx.what}: ${message}`, {
    ...base,
    outcome: 'unknown',
  });
}

/** A non-zero Retry-After in milliseconds (seconds or an HTTP date); zero or garbage is ignored. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    const ms = Math.round(Number(trimmed) * 1000);
    return ms > 0 ? ms : undefined;
  }
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return at - now > 0 ? at - now : undefined;
}

export type BodyShape =
  | { readonly kind: 'empty' }
  | { readonly kind: 'html'; readonly title: string }
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'xml' }
  | { readonly kind: 'text'; readonly excerpt: string };

export function sniffBody(body: string): BodyShape {
  const text = body.replace(/^\uFEFF/, '').trim();
  if (text === '') return { kind: 'empty' };
  if (/^<!doctype html|^<html[\s>]/i.test(text) || /^<(head|body)[\s>]/i.test(text)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim() ?? '';
    return { kind: 'html', title };
  }
  if (text.startsWith('{') || text.startsWith('[')) {
    try {
      return { kind: 'json', value: JSON.parse(text) as unknown };
    } catch {
      return { kind: 'text', excerpt: excerpt(text) };
    }
  }
  if (text.startsWith('<')) return { kind: 'xml' };
  return { kind: 'text', excerpt: excerpt(text) };
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 160 ? `${flat.slice(0, 160)}...` : flat;
}

/** The message of a JSON error envelope, whichever of the common shapes it has. */
export function jsonErrorText(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const parts: string[] = [];
  const push = (x: unknown) => {
    if (typeof x === 'string' && x.trim() !== '') parts.push(x.trim());
  };
  push(v.error_description);
  if (typeof v.error === 'string') push(v.error);
  else if (typeof v.error === 'object' && v.error !== null)
    push((v.error as Record<string, unknown>).message);
  push(v.message);
  for (const list of [v.supplementaryMessages, v.errors, (v.submitResult as { errors?: unknown })?.errors]) {
    if (Array.isArray(list)) for (const item of list) push((item as Record<string, unknown> | null)?.message);
  }
  return parts.length > 0 ? [...new Set(parts)].join('; ') : undefined;
}

export function describeBody(shape: BodyShape): string {
  switch (shape.kind) {
    case 'empty':
      return 'an empty reply';
    case 'html':
      return `an HTML page${shape.title ? ` ("${shape.title}")` : ''}`;
    case 'json': {
      const text = jsonErrorText(shape.value);
      return text ? `a JSON error: ${text}` : 'JSON';
    }
    case 'xml':
      return 'XML';
    case 'text':
      return `text ("${shape.excerpt}")`;
  }
}

/**
 * The generic reading of an HTTP status when the body is not a clean QAD answer. 401 is a refused token,
 * 403 a missing permission, 404/405 a wrong path, 408/429/5xx transient; other 4xx are requests QAD
 * refused as malformed (configuration). 2xx here means the body could not be read.
 */
export function classifyHttp(exchange: HttpExchange, ctx: FailureContext): QadError {
  const shape = sniffBody(exchange.body);
  const what = describeBody(shape);
  const status = exchange.status;
  const base = { transport: ctx.transport, status };
  if (status === 429 || status === 408 || status >= 500) {
    const wait = retryAfterMs(exchange.headers['retry-after']);
    return new QadTransientError(
      `QAD at ${ctx.url} answered ${status} with ${what} while ${ctx.what}.`,
      // 429 means QAD turned the request away before doing anything; a 5xx may come after the work.
      { ...base, outcome: status === 429 ? 'refused' : 'unknown', ...(wait ? { retryAfterMs: wait } : {}) },
    );
  }
  if (status === 401)
    return new QadAuthError(`QAD refused the session (401) while ${ctx.what}.`, {
      ...base,
      outcome: 'refused',
      tokenExpired: true,
    });
  if (status === 403)
    return new QadConfigError(
      `The QAD user has no permission for ${ctx.url} (403) while ${ctx.what}; ask the QAD administrator to grant it.`,
      { ...base },
    );
  if (status === 404 || status === 405)
    return new QadConfigError(
      `QAD has no ${status === 404 ? 'resource' : 'such operation'} at ${ctx.url} (${status}, ${what}) while ${ctx.what}; check the path in the settings.`,
      { ...base, ...(ctx.setting ? { setting: ctx.setting } : {}) },
    );
  if (status >= 400)
    return new QadConfigError(`QAD refused the request (${status}) with ${what} while ${ctx.what}.`, base);
  if (status >= 300)
    return new QadConfigError(
      `QAD at ${ctx.url} redirected (${status}) to ${exchange.headers.location ?? 'another address'} while ${ctx.what}; the address in the settings is probably not the API's.`,
      { ...base, ...(ctx.setting ? { setting: ctx.setting } : {}) },
    );
  return new QadResponseError(
    `QAD at ${ctx.url} answered ${status} with ${what}, which is not a ${ctx.transport === 'rest' ? 'QAD JSON' : 'QXtend SOAP'} reply, while ${ctx.what}.`,
    { ...base, outcome: 'unknown' },
  );
}

export type NextStep =
  /** Wait (full-jitter backoff or Retry-After) and send again. */
  | 'retry'
  /** Log in again once, then send again. */
  | 'relogin'
  /** A write may have been applied: look it up by reference before anything else. */
  | 'reconcile'
  /** A person must act (business data, configuration, credentials). */
  | 'stop';

/** What to do after `error`. Writes are never re-sent blindly: only a request that never left may be. */
export function decide(error: QadError, operation: 'read' | 'write'): NextStep {
  if (error.kind === 'business' || error.kind === 'config' || error.kind === 'not_posted') return 'stop';
  if (error.kind === 'auth') {
    if (!(error as QadAuthError).tokenExpired) return 'stop';
    return operation === 'write' ? 'reconcile' : 'relogin';
  }
  if (operation === 'write') return error.outcome === 'not_sent' ? 'retry' : 'reconcile';
  // An unreadable reply to a read is not fixed by asking again.
  if (error.kind === 'protocol') return 'stop';
  return 'retry';
}
