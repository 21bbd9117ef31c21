// OAuth2 v0 token endpoint, company flow only [AUTH; CAUTH; CRT]: the password grant with
// `credtype=authtoken` (company UUID as username, the one-time request token as password; the request token
// is valid 24 h and reusable within them) and the refresh grant. Lifetimes run on the SimClock.
import { json, type SimRequest, type SimResponse } from '../http-server.ts';
import type { SimClock } from '../clock.ts';
import { correlationHeaders } from './http-helpers.ts';
import { alnum, hex, type ConcurState } from './state.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const COMPANY_SCOPES = [
  'FISVC',
  'INVVEN',
  'spend.list.read',
  'spend.list.write',
  'spend.listitem.read',
  'spend.listitem.write',
  'spend.listitem.delete',
  'openid',
].join(' ');

interface OauthErrorSpec {
  readonly code: number;
  readonly error: string;
  readonly description: string;
}

const ERRORS = {
  badCredentials: { code: 5, error: 'invalid_grant', description: 'Incorrect Credentials. Please Retry' },
  clientNotFound: { code: 61, error: 'invalid_client', description: 'client not found' },
  clientIdMissing: { code: 62, error: 'invalid_request', description: 'client_id is missing' },
  clientSecretMissing: { code: 63, error: 'invalid_request', description: 'client_secret is missing' },
  badClientCredentials: { code: 64, error: 'invalid_client', description: 'invalid client credentials' },
  grantTypeMissing: { code: 65, error: 'invalid_request', description: 'grant_type is missing' },
  refreshMissing: { code: 106, error: 'invalid_request', description: 'refresh_token is missing' },
  badRefresh: { code: 108, error: 'invalid_grant', description: 'refresh token is invalid or expired' },
  badCredtype: { code: 120, error: 'invalid_request', description: 'credtype is invalid' },
  notForYou: { code: 136, error: 'invalid_request', description: 'Authtoken was not issued for you' },
} as const satisfies Record<string, OauthErrorSpec>;

function oauthError(
  state: ConcurState,
  request: SimRequest,
  spec: OauthErrorSpec,
  description?: string,
): SimResponse {
  const status = spec.error === 'invalid_client' ? state.options.invalidClientStatus : 400;
  return {
    ...json(
      status,
      {
        code: state.options.oauthErrorCodeAs === 'string' ? String(spec.code) : spec.code,
        error: spec.error,
        error_description: description ?? spec.description,
        geolocation: request.baseUrl,
      },
      correlationHeaders(state),
    ),
    operation: `oauth2.error.${spec.code}`,
  };
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** A JWT-shaped token. The signature is random: clients must treat tokens as opaque (only Concur verifies). */
function fakeJwt(state: ConcurState, claims: Record<string, unknown>): string {
  return `${base64url({ alg: 'RS256', kid: 'sandbox', typ: 'JWT' })}.${base64url(claims)}.${Buffer.from(hex(state.random, 64), 'hex').toString('base64url')}`;
}

export interface TokenEndpointDeps {
  readonly state: ConcurState;
  readonly clock: SimClock;
  /** The geolocation: the base URL of the API host. */
  readonly apiUrl: () => string;
}

export function issueRequestToken(state: ConcurState, clock: SimClock): string {
  const token = `${hex(state.random, 8)}-${hex(state.random, 4)}-${hex(state.random, 4)}-${hex(state.random, 4)}-${hex(state.random, 12)}`;
  state.requestTokens.set(token, {
    companyUuid: state.credentials.companyUuid,
    clientId: state.credentials.clientId,
    expiresAt: clock.now() + state.options.requestTokenHours * HOUR,
  });
  state.credentials.requestToken = token;
  return token;
}

function issueTokens(
  deps: TokenEndpointDeps,
  clientId: string,
  companyUuid: string,
  refreshToken?: string,
): SimResponse {
  const { state, clock } = deps;
  const o = state.options;
  const now = clock.now();
  const accessToken = fakeJwt(state, {
    aud: '*',
    sub: companyUuid,
    iss: 'https://us2.api.concursolutions.com',
    exp: Math.floor(now / 1000) + o.accessTokenSeconds,
    nbf: Math.floor(now / 1000),
    'concur.type': 'company',
    'concur.app': `https://www.concursolutions.com/profile/v1/apps/${clientId}`,
    jti: hex(state.random, 16),
  });
  state.accessTokens.set(accessToken, {
    companyUuid,
    clientId,
    expiresAt: now + o.accessTokenSeconds * 1000,
    revoked: false,
  });
  const refresh =
    refreshToken ??
    `${hex(state.random, 8)}-${hex(state.random, 4)}-${hex(state.random, 4)}-${alnum(state.random, 12).toLowerCase()}`;
  const refreshExpiresAt = now + o.refreshTokenDays * DAY;
  const existing = state.refreshTokens.get(refresh);
  if (existing) existing.expiresAt = refreshExpiresAt;
  else
    state.refreshTokens.set(refresh, { companyUuid, clientId, expiresAt: refreshExpiresAt, revoked: false });
  const geolocation = deps.apiUrl() + (o.geolocationWithTokenSuffix ? '/oauth2/v0/token' : '');
  const refreshEpoch = Math.floor(refreshExpiresAt / 1000);
  const body: Record<string, unknown> = {
    expires_in: o.expiresInAs === 'number' ? o.accessTokenSeconds : String(o.accessTokenSeconds),
    scope: COMPANY_SCOPES,
    token_type: 'Bearer',
    access_token: accessToken,
    refresh_token: refresh,
  };
  if (o.refreshExpiresInAs !== 'absent') {
    // An absolute Unix epoch (seconds), not a duration [AUTH; ERG; RTM].
    body.refresh_expires_in = o.refreshExpiresInAs === 'number' ? refreshEpoch : String(refreshEpoch);
  }
  if (o.includeIdToken) {
    body.id_token = fakeJwt(state, {
      aud: clientId,
      sub: companyUuid,
      iss: 'https://us2.api.concursolutions.com',
      exp: Math.floor(now / 1000) + o.accessTokenSeconds,
      iat: Math.floor(now / 1000),
      'concur.type': 'company',
      'concur.version': 3,
    });
  }
  body.geolocation = geolocation;
  return { ...json(200, body, correlationHeaders(state)), operation: 'oauth2.token' };
}

export function handleTokenRequest(deps: TokenEndpointDeps, request: SimRequest): SimResponse {
  const { state, clock } = deps;
  if (request.method !== 'POST')
    return { ...json(405, { error: 'method not allowed' }), operation: 'oauth2.token' };
  const contentType = String(request.headers['content-type'] ?? '').toLowerCase();
  const isForm = contentType.startsWith('application/x-www-form-urlencoded');
  // TMC: oauth2 rejects `charset=...` on the Content-Type. Modelled as "the form is not read", so the answer
  // is the "client_id missing" error a client would actually see.
  const formReadable =
    isForm && !(state.options.rejectCharsetOnTokenRequest && contentType.includes('charset'));
  const form = new URLSearchParams(formReadable ? request.body.toString('utf8') : '');
  const field = (name: string): string => (form.get(name) ?? '').trim();

  const clientId = field('client_id');
  if (!clientId) return oauthError(state, request, ERRORS.clientIdMissing);
  if (!field('client_secret')) return oauthError(state, request, ERRORS.clientSecretMissing);
  const grantType = field('grant_type');
  if (!grantType) return oauthError(state, request, ERRORS.grantTypeMissing);
  if (clientId !== state.credentials.clientId) return oauthError(state, request, ERRORS.clientNotFound);
  if (field('client_secret') !== state.credentials.clientSecret)
    return oauthError(state, request, ERRORS.badClientCredentials);

  if (grantType === 'password') {
    const credtype = field('credtype') || 'password';
    if (credtype !== 'authtoken' && credtype !== 'password')
      return oauthError(state, request, ERRORS.badCredtype);
    // Only company logins exist here: a user password login never matches.
    if (credtype === 'password') return oauthError(state, request, ERRORS.badCredentials);
    const username = field('username');
    const requestToken = state.requestTokens.get(field('password'));
    if (!requestToken) return oauthError(state, request, ERRORS.badCredentials);
    if (requestToken.companyUuid !== username || requestToken.clientId !== clientId) {
      return oauthError(state, request, ERRORS.notForYou);
    }
    if (requestToken.expiresAt <= clock.now()) {
      // UNCONFIRMED: no code is documented for an expired request token (option expiredRequestTokenCode).
      return oauthError(state, request, {
        code: state.options.expiredRequestTokenCode,
        error: 'invalid_grant',
        description: 'request token has expired',
      });
    }
    // The request token stays usable for its 24 h (a retry after a network failure is allowed) [CAUTH].
    return issueTokens(deps, clientId, requestToken.companyUuid);
  }

  if (grantType === 'refresh_token') {
    const presented = field('refresh_token');
    if (!presented) return oauthError(state, request, ERRORS.refreshMissing);
    const record = state.refreshTokens.get(presented);
    if (!record || record.revoked || record.expiresAt <= clock.now() || record.clientId !== clientId) {
      return oauthError(state, request, ERRORS.badRefresh);
    }
    const rotation = state.options.refreshRotation;
    if (rotation === 'same-token') return issueTokens(deps, clientId, record.companyUuid, presented);
    if (rotation === 'rotate-revoke-old') record.revoked = true;
    return issueTokens(deps, clientId, record.companyUuid);
  }

  return oauthError(state, request, {
    code: 65,
    error: 'unsupported_grant_type',
    description: `grant_type "${grantType}" is not available to this company app`,
  });
}
