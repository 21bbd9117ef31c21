// The one failure classifier for Expensify, and the reading of its answers. The Integration Server answers
// most errors with HTTP 200 and the verdict in the body's `responseCode` (research/expensify.md 2), older or
// malformed requests get HTML pages with a real HTTP status (section 13), a 429 may come as HTTP status or
// only in the body (section 3, unconfirmed: both are read), an export answers a bare file name as text and
// a download the raw file. So: shape first, HTTP status second, Content-Type never.
import { fullJitter } from '../../lib/backoff.ts';
import { isAxiosError } from 'axios';
import { ExpensifyError, type ExpensifyErrorKind } from './errors.ts';

/** What a caller does about a failure. */
export type ExpensifyFailureClass = 'retry' | 'rate_limited' | 'auth' | 'business' | 'config';

const CLASS_OF_KIND: Readonly<Record<ExpensifyErrorKind, ExpensifyFailureClass>> = {
  auth: 'auth',
  validation: 'business',
  rate_limited: 'rate_limited',
  server: 'retry',
  network: 'retry',
  not_found: 'config',
  format: 'business',
  config: 'config',
};

export function classifyExpensifyFailure(error: unknown): ExpensifyFailureClass {
  if (error instanceof ExpensifyError) return CLASS_OF_KIND[error.kind];
  // Anything that is not ours yet (a raw transport error) is a transient failure.
  return 'retry';
}

/** Full jitter (research/reliability.md A3, AWS): uniform in [0, min(cap, base * 2^attempt)]. */
export function fullJitterDelay(
  attempt: number,
  settings: { readonly baseDelayMs: number; readonly maxDelayMs: number },
  random: () => number = Math.random,
): number {
  return fullJitter(attempt, settings.baseDelayMs, settings.maxDelayMs, random);
}

export interface Envelope {
  readonly responseCode: number;
  readonly responseMessage?: string;
  readonly [key: string]: unknown;
}

export interface RawAnswer {
  readonly httpStatus: number;
  readonly body: string;
}

const ENVELOPE_ONLY_KEYS = new Set(['responseCode', 'responseMessage']);

function parseObject(body: string): Record<string, unknown> | undefined {
  const text = body.trim();
  if (!text.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function codeOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d{3}$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

/**
 * The envelope in a body, if the body is one: an object with a numeric `responseCode`, or one holding only
 * `responseMessage` (a missing download was observed as `{"responseMessage":"File not found"}`).
 */
export function envelopeOf(body: string): Envelope | undefined {
  const object = parseObject(body);
  if (!object) return undefined;
  const code = codeOf(object.responseCode);
  if (code !== undefined) {
    return {
      ...object,
      responseCode: code,
      ...(typeof object.responseMessage === 'string' ? { responseMessage: object.responseMessage } : {}),
    };
  }
  const keys = Object.keys(object);
  if (typeof object.responseMessage === 'string' && keys.every((k) => ENVELOPE_ONLY_KEYS.has(k))) {
    // No code at all: "File not found" is the only known case; anything else is a server problem.
    return {
      responseCode: /not found/i.test(object.responseMessage) ? 404 : 500,
      responseMessage: object.responseMessage,
    };
  }
  return undefined;
}

/** The error an envelope stands for, or undefined for a success (200, and 207 partial success). */
export function errorOfEnvelope(
  envelope: Envelope,
  job: string,
  httpStatus: number,
): ExpensifyError | undefined {
  const code = envelope.responseCode;
  if (code === 200 || code === 207) return undefined;
  const said = envelope.responseMessage?.trim() || 'no message';
  const details = { job, responseCode: code, httpStatus };
  const authWords = /authenticat|not authorized|credentials/i.test(said);
  let kind: ExpensifyErrorKind;
  if (code === 429) kind = 'rate_limited';
  else if (code === 401 || code === 403) kind = 'auth';
  else if (code === 404) kind = authWords ? 'auth' : 'not_found';
  else if (code === 410) kind = 'validation';
  else if (code === 500 && /not authorized to authenticate/i.test(said)) kind = 'auth';
  else if (code >= 500 && code < 600) kind = 'server';
  // 4xx and undocumented codes (666 answered a duplicate expense rule) are refusals of the request itself.
  else kind = 'validation';
  const what: Record<ExpensifyErrorKind, string> = {
    auth: 'refused the credentials',
    validation: 'refused the request as invalid',
    rate_limited: 'rate-limited the request',
    server: 'failed',
    network: 'could not be reached',
    not_found: 'did not find what was asked for',
    format: 'answered in an unexpected form',
    config: 'is not set up',
  };
  return new ExpensifyError(`Expensify ${what[kind]} (${job}, responseCode ${code}): ${said}`, {
    ...details,
    kind,
  });
}

function htmlTitle(body: string): string {
  const title =
    /<title>([^<]{1,200})<\/title>/i.exec(body)?.[1] ?? /<h1>([^<]{1,200})<\/h1>/i.exec(body)?.[1];
  if (title) return title.trim();
  const text = body.replace(/\s+/g, ' ').trim();
  return text.length > 120 ? `${text.slice(0, 120)}…` : text || 'empty body';
}

/** An answer that is not an envelope, judged by its HTTP status (HTML pages of the servlet container). */
export function errorOfHttpStatus(answer: RawAnswer, job: string): ExpensifyError | undefined {
  const status = answer.httpStatus;
  if (status >= 200 && status < 300) return undefined;
  const details = { job, httpStatus: status };
  const page = htmlTitle(answer.body);
  if (status === 429)
    return new ExpensifyError(`Expensify rate-limited the request (${job}, HTTP 429)`, {
      ...details,
      kind: 'rate_limited',
    });
  if (status === 401 || status === 403)
    return new ExpensifyError(`Expensify refused the credentials (${job}, HTTP ${status}): ${page}`, {
      ...details,
      kind: 'auth',
    });
  if (status === 404 || status === 405)
    return new ExpensifyError(
      `The Expensify URL does not lead to the Integration Server (${job}, HTTP ${status}): check settings expensify.url`,
      { ...details, kind: 'config' },
    );
  if (status >= 500)
    return new ExpensifyError(`Expensify failed (${job}, HTTP ${status}): ${page}`, {
      ...details,
      kind: 'server',
    });
  return new ExpensifyError(`Expensify refused the request (${job}, HTTP ${status}): ${page}`, {
    ...details,
    kind: 'validation',
  });
}

/** Reads a JSON job's answer: the envelope on success, an ExpensifyError otherwise. */
export function readEnvelope(answer: RawAnswer, job: string): Envelope {
  const envelope = envelopeOf(answer.body);
  const limited = answer.httpStatus === 429 ? errorOfHttpStatus(answer, job) : undefined;
  if (limited) throw limited;
  if (envelope) {
    const error = errorOfEnvelope(envelope, job, answer.httpStatus);
    if (error) throw error;
    // An envelope that says 200 under an HTTP error status is not believed.
    const http = errorOfHttpStatus(answer, job);
    if (http) throw http;
    return envelope;
  }
  const http = errorOfHttpStatus(answer, job);
  if (http) throw http;
  throw new ExpensifyError(
    `Expensify answered ${job} with something that is not a JSON envelope: ${htmlTitle(answer.body)}`,
    {
      kind: 'format',
      job,
      httpStatus: answer.httpStatus,
    },
  );
}

/** An export's answer: the bare generated file name (text/plain), or an error envelope / page. */
export function readFileName(answer: RawAnswer, job: string): string {
  const text = answer.body.trim();
  if (
    answer.httpStatus >= 200 &&
    answer.httpStatus < 300 &&
    /^[A-Za-z0-9._-]{1,255}$/.test(text) &&
    /\.[A-Za-z0-9]{1,5}$/.test(text)
  )
    return text;
  readEnvelope(answer, job); // throws the envelope's or the page's error
  throw new ExpensifyError(
    `Expensify answered the export with neither a file name nor an error: ${htmlTitle(answer.body)}`,
    {
      kind: 'format',
      job,
      httpStatus: answer.httpStatus,
    },
  );
}

/**
 * A download's answer: the file bytes, or `undefined` when the file is not there (yet): an empty body
 * (a third-party client met "not ready") or a "File not found" envelope. Other errors throw.
 */
export function readDownload(answer: RawAnswer, job: string): string | undefined {
  const http = errorOfHttpStatus(answer, job);
  if (http) throw http;
  if (answer.body.trim().length === 0) return undefined;
  const envelope = envelopeOf(answer.body);
  if (envelope) {
    const error = errorOfEnvelope(envelope, job, answer.httpStatus);
    if (error?.kind === 'not_found') return undefined;
    if (error) throw error;
  }
  return answer.body;
}

/** A transport failure (no HTTP answer at all) as an ExpensifyError, with nothing of the request in it. */
export function transportError(error: unknown, job: string): ExpensifyError {
  if (error instanceof ExpensifyError) return error;
  if (isAxiosError(error)) {
    const code = error.code ?? 'ERR_NETWORK';
    const reason =
      code === 'ECONNABORTED' || code === 'ETIMEDOUT'
        ? 'the request timed out'
        : code === 'ECONNREFUSED'
          ? 'the connection was refused'
          : code === 'ECONNRESET'
            ? 'the connection was reset'
            : code === 'ENOTFOUND'
              ? 'the host name is unknown'
              : `a network error (${code})`;
    // Only the code: an AxiosError's message, config and request hold the form body with the secret.
    return new ExpensifyError(`Expensify could not be reached (${job}): ${reason}`, {
      kind: 'network',
      job,
      code,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ExpensifyError(`Expensify could not be reached (${job}): ${message}`, { kind: 'network', job });
}
