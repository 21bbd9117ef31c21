// Shared request plumbing of the Concur API host: bearer-token checks, body parsing, and the error bodies.
// Every answer carries a `concur-correlationid` header, as the real gateway does [AUTH; FIS].
import { json, type SimRequest, type SimResponse } from '../http-server.ts';
import type { SimClock } from '../clock.ts';
import type { AccessToken, ConcurState } from './state.ts';
import { uuid } from './state.ts';

export function correlationHeaders(state: ConcurState): Record<string, string> {
  return { 'concur-correlationid': uuid(state.random) };
}

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
};

/**
 * The newer v4 gateway error body (seen in Detokenizer v5 docs). UNCONFIRMED for FIS and vendors: the sheet
 * found no FIS error body, so FIS and the auth gate use this shape too.
 */
export function gatewayError(
  clock: SimClock,
  request: SimRequest,
  status: number,
  errorId: string,
  errorMessage: string,
  operation?: string,
): SimResponse {
  return {
    ...json(status, {
      timestamp: clock.nowIso(),
      httpStatus: `${status} - ${REASONS[status] ?? 'Error'}`,
      errorMessage,
      errorId,
      path: request.path,
    }),
    ...(operation ? { operation } : {}),
  };
}

/** The List v4 error body: `{timestamp, httpStatus, error{id,message}, path, validationErrors[]}` [LST4; LI4]. */
export function listError(
  clock: SimClock,
  request: SimRequest,
  status: number,
  id: string,
  message: string,
  validationErrors?: { source: string; message: string }[],
  operation?: string,
): SimResponse {
  return {
    ...json(status, {
      timestamp: clock.nowIso(),
      httpStatus: `${status} - ${REASONS[status] ?? 'Error'}`,
      error: { id, message },
      path: request.path,
      ...(validationErrors ? { validationErrors } : {}),
    }),
    ...(operation ? { operation } : {}),
  };
}

export type AuthResult = { ok: true; token: AccessToken } | { ok: false; response: SimResponse };

/** Company bearer required. Missing header: 401. Bad, expired or revoked: the configured status (401/403). */
export function authenticate(state: ConcurState, clock: SimClock, request: SimRequest): AuthResult {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header.trim()) : null;
  if (!match?.[1]) {
    return {
      ok: false,
      response: gatewayError(
        clock,
        request,
        401,
        'UNAUTHORIZED',
        'Authorization header with a Bearer token is required',
        'auth.missing',
      ),
    };
  }
  const token = state.accessTokens.get(match[1]);
  if (!token || token.revoked || token.expiresAt <= clock.now()) {
    const status = state.options.expiredAccessTokenStatus;
    const why = !token
      ? 'The access token is invalid'
      : token.revoked
        ? 'The access token was revoked'
        : 'The access token has expired';
    return {
      ok: false,
      response: gatewayError(
        clock,
        request,
        status,
        status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN',
        why,
        'auth.rejected',
      ),
    };
  }
  return { ok: true, token };
}

export type BodyResult = { ok: true; value: unknown } | { ok: false; message: string };

export function parseJsonBody(request: SimRequest): BodyResult {
  const raw = request.body.toString('utf8');
  if (raw.trim() === '') return { ok: false, message: 'request body is empty; a JSON body is required' };
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch (error) {
    return {
      ok: false,
      message: `malformed JSON: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Adds the correlation header and an operation name to a handler's answer. */
export function withMeta(state: ConcurState, response: SimResponse, operation: string): SimResponse {
  return {
    ...response,
    headers: { ...correlationHeaders(state), ...(response.headers ?? {}) },
    operation: response.operation ?? operation,
  };
}
