// The SAP Concur simulator: two real HTTP servers on 127.0.0.1. The token host (like GLZ/us.api) serves
// only `POST /oauth2/v0/token`; its answers name a *different* server as `geolocation`, the API host, which
// serves the token endpoint again (refreshes go to the geolocation), Financial Integration v4, Invoice
// vendors v3.1, List v4 / List Item v4 / bulk, and the admin routes under /__sandbox/.
import { SimClock } from '../clock.ts';
import type { DemoCompany } from '../demo/company.ts';
import {
  json,
  startSimServer,
  text,
  type SimRequest,
  type SimResponse,
  type SimServer,
} from '../http-server.ts';
import { handleAdmin } from './admin.ts';
import { createConcurCore } from './core.ts';
import type { GeneratedDocument } from './documents.ts';
import type { DeliverOptions, EventDelivery } from './events.ts';
import { handleFis } from './fis.ts';
import { authenticate, correlationHeaders, gatewayError } from './http-helpers.ts';
import { handleLists, rateLimitResponse } from './lists.ts';
import { handleTokenRequest } from './oauth.ts';
import { concurOptionsSchema, type ConcurOptions, type ConcurOptionsInput } from './options.ts';
import type { ConcurState, FisDocType, FisDocument } from './state.ts';
import { handleVendors } from './vendors.ts';

export type { ConcurOptions, ConcurOptionsInput } from './options.ts';
export type {
  ConcurState,
  FisDocument,
  FisDocType,
  ConfirmationRecord,
  Vendor,
  ConcurList,
  ConcurListItem,
} from './state.ts';
export type { GeneratedDocument } from './documents.ts';
export type { DeliverOptions, EventDelivery } from './events.ts';
export { DocumentFactory, generateConcurDocuments } from './documents.ts';
export { concurOptionsSchema } from './options.ts';

/** ~40 documents make a lively demo; benchmarks pass 10,000 or more. */
export const DEFAULT_DOCUMENT_COUNT = 40;

export interface StartConcurSimulatorInput {
  readonly company: DemoCompany;
  readonly clock?: SimClock;
  /** How many documents to generate (default 40), or the exact documents to serve. */
  readonly documents?: number | readonly GeneratedDocument[];
  /** Seed for credentials, ids and documents (default: the company's seed). */
  readonly seed?: number;
  readonly options?: ConcurOptionsInput;
  /** Fixed ports for a long-running sandbox; tests leave them out (port 0). */
  readonly tokenPort?: number;
  readonly apiPort?: number;
}

export interface ConcurSimulator {
  /** The full token endpoint on the token host, e.g. http://127.0.0.1:5501/oauth2/v0/token. */
  readonly tokenUrl: string;
  readonly tokenHostUrl: string;
  /** The API host: the `geolocation` every token response names. */
  readonly apiUrl: string;
  readonly credentials: {
    readonly clientId: string;
    readonly clientSecret: string;
    readonly companyUuid: string;
    readonly requestToken: string;
  };
  readonly state: ConcurState;
  readonly clock: SimClock;
  readonly tokenServer: SimServer;
  readonly apiServer: SimServer;
  readonly signingPublicKeyPem: string;
  /** POSTs a signed `*.readyForIntegration` event for a document (default: the oldest READY one). */
  deliverEvent(url: string, options?: DeliverOptions): Promise<EventDelivery>;
  /** Generates more documents (continuing the deterministic sequence); they become READY at once. */
  addDocuments(count: number, docType?: FisDocType): FisDocument[];
  /** A fresh company request token (valid 24 h); also the new `credentials.requestToken`. */
  issueRequestToken(): string;
  setOptions(partial: ConcurOptionsInput): ConcurOptions;
  close(): Promise<void>;
}

function tokenPath(path: string): boolean {
  return path === '/oauth2/v0/token' || path === '/oauth2/v0/token/';
}

export async function startConcurSimulator(input: StartConcurSimulatorInput): Promise<ConcurSimulator> {
  const clock = input.clock ?? new SimClock();
  const core = createConcurCore({
    company: input.company,
    clock,
    ...(input.seed !== undefined ? { seed: input.seed } : {}),
    ...(input.options ? { options: input.options } : {}),
  });
  const { state } = core;
  let apiUrl = '';
  const tokenDeps = { state, clock, apiUrl: () => apiUrl };
  const faultResponse = (kind: '429' | '503'): SimResponse =>
    kind === '429' ? rateLimitResponse(clock) : text(503, 'Service Unavailable');
  const admin = (request: SimRequest): Promise<SimResponse | undefined> => handleAdmin(core, request);

  const apiHandler = (request: SimRequest): SimResponse => {
    if (tokenPath(request.path)) return handleTokenRequest(tokenDeps, request);
    if (request.path === '/app-mgmt/v0/connections' && request.method === 'DELETE') {
      // Revokes all of this company's refresh tokens for the app [AUTH].
      const auth = authenticate(state, clock, request);
      if (!auth.ok) return { ...auth.response, operation: 'oauth2.revoke' };
      for (const record of state.refreshTokens.values()) {
        if (record.companyUuid === auth.token.companyUuid && record.clientId === auth.token.clientId)
          record.revoked = true;
      }
      return { ...json(200, {}, correlationHeaders(state)), operation: 'oauth2.revoke' };
    }
    const deps = { state, clock };
    return (
      handleFis(deps, request) ??
      handleVendors(deps, request) ??
      handleLists(deps, request) ?? {
        ...gatewayError(clock, request, 404, 'NOT_FOUND', `No route ${request.method} ${request.path}`),
        operation: 'unknown',
      }
    );
  };

  // The token host answers only the token call: an API call there (a client ignoring the geolocation) gets
  // 401 with a bearer token, 404 without.
  const tokenHandler = (request: SimRequest): SimResponse => {
    if (tokenPath(request.path)) return handleTokenRequest(tokenDeps, request);
    if (request.headers.authorization) {
      return {
        ...gatewayError(
          clock,
          request,
          401,
          'UNAUTHORIZED',
          'This host serves token requests only; call the geolocation returned with the token',
        ),
        operation: 'tokenhost.refused',
      };
    }
    return {
      ...gatewayError(clock, request, 404, 'NOT_FOUND', `No route ${request.method} ${request.path}`),
      operation: 'tokenhost.refused',
    };
  };

  const apiServer = await startSimServer({
    name: 'concur-api',
    handler: apiHandler,
    clock,
    faultResponse,
    admin,
    ...(input.apiPort !== undefined ? { port: input.apiPort } : {}),
  });
  let tokenServer: SimServer;
  try {
    tokenServer = await startSimServer({
      name: 'concur-token',
      handler: tokenHandler,
      clock,
      faultResponse,
      admin,
      ...(input.tokenPort !== undefined ? { port: input.tokenPort } : {}),
    });
  } catch (error) {
    await apiServer.close();
    throw error;
  }
  // The initial documents are READY before any webhook could be told (core.apiUrl is still empty).
  const initial = input.documents ?? DEFAULT_DOCUMENT_COUNT;
  if (typeof initial === 'number') core.generateDocuments(initial);
  else core.addDocuments(initial);
  apiUrl = apiServer.url;
  core.apiUrl = apiUrl;

  return {
    tokenUrl: `${tokenServer.url}/oauth2/v0/token`,
    tokenHostUrl: tokenServer.url,
    apiUrl,
    get credentials() {
      return { ...state.credentials };
    },
    state,
    clock,
    tokenServer,
    apiServer,
    signingPublicKeyPem: core.signingPublicKeyPem,
    deliverEvent: (url, options) => core.deliverEvent(url, options),
    addDocuments: (count, docType) => core.generateDocuments(count, docType),
    issueRequestToken: () => core.issueRequestToken(),
    setOptions(partial) {
      state.options = concurOptionsSchema.parse({ ...state.options, ...partial });
      return state.options;
    },
    close: async () => {
      await Promise.all([apiServer.close(), tokenServer.close()]);
    },
  };
}
