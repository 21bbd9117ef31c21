// Plain-HTTP helpers for the Concur simulator contract tests: no client code from the app is used, so these
// tests pin the simulator's wire behaviour on their own.
import { generateDemoCompany, type DemoCompany } from '../../../electron/sandbox/demo/company.ts';
import {
  startConcurSimulator,
  type ConcurSimulator,
  type StartConcurSimulatorInput,
} from '../../../electron/sandbox/concur/index.ts';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

let company: DemoCompany | undefined;

export function demoCompany(): DemoCompany {
  company ??= generateDemoCompany({ seed: 42, asOf: '2026-11-20' });
  return company;
}

export function startSim(input: Partial<StartConcurSimulatorInput> = {}): Promise<ConcurSimulator> {
  return startConcurSimulator({ company: demoCompany(), ...input });
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed JSON body, or undefined when the body is not JSON. */
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function http(
  method: string,
  url: string,
  options: { headers?: Record<string, string>; body?: string | object } = {},
): Promise<HttpAnswer> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  let body: string | undefined;
  if (typeof options.body === 'string') body = options.body;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, text, body: parsed };
}

export function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** The company flow: request token -> access + refresh token, at the token host. */
export async function companyToken(sim: ConcurSimulator, tokenUrl = sim.tokenUrl): Promise<HttpAnswer> {
  const c = sim.credentials;
  return http('POST', tokenUrl, {
    headers: FORM,
    body: form({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      grant_type: 'password',
      username: c.companyUuid,
      password: c.requestToken,
      credtype: 'authtoken',
    }),
  });
}

export async function refresh(sim: ConcurSimulator, refreshToken: string, url?: string): Promise<HttpAnswer> {
  const c = sim.credentials;
  return http('POST', url ?? `${sim.apiUrl}/oauth2/v0/token`, {
    headers: FORM,
    body: form({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
    }),
  });
}

/** A bearer header for API calls at the geolocation. */
export async function bearer(sim: ConcurSimulator): Promise<Record<string, string>> {
  const answer = await companyToken(sim);
  if (answer.status !== 200) throw new Error(`token exchange failed: ${answer.text}`);
  const token = (answer.body as { access_token?: unknown }).access_token;
  return { authorization: `Bearer ${String(token)}` };
}

export const FIS = '/financialintegration/fi/v4/companies/transactiontypes';
