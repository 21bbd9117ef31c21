import { afterEach, describe, expect, it } from 'vitest';
import type { ConcurSimulator } from '../../../electron/sandbox/concur/index.ts';
import {
  ConcurError,
  ConcurReauthorizeError,
  memoryStateStore,
  STATE_KEYS,
} from '../../../electron/connectors/concur/index.ts';
import { admin, adminSecrets, clientFor, DAY, HOUR, startSim } from './helpers.ts';

let sim: ConcurSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function listInvoices(h: ReturnType<typeof clientFor>): Promise<number> {
  return (await h.client.fis.listReady('invoice')).length;
}

describe('Concur company authorisation', () => {
  it('first connect exchanges the request token, stores the refresh token and drops the request token', async () => {
    sim = await startSim();
    const h = clientFor(sim);
    const { geolocation } = await h.client.connect();

    const refresh = h.secrets.values.get('concur.refreshToken');
    expect(refresh).toBeDefined();
    expect(sim.state.refreshTokens.has(refresh ?? '')).toBe(true);
    expect(h.secrets.values.has('concur.requestToken')).toBe(false);
    // The refresh token was stored before the request token was deleted.
    const ops = h.secrets.writes.map((w) => `${w.op} ${w.name}`);
    expect(ops.indexOf('set concur.refreshToken')).toBeLessThan(ops.indexOf('delete concur.requestToken'));
    // The geolocation is the API host, persisted (not secret) for the next start.
    expect(geolocation).toBe(sim.apiUrl);
    expect(await h.state.get(STATE_KEYS.geolocation)).toBe(sim.apiUrl);
    expect(await h.state.get(STATE_KEYS.refreshExpiresAt)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('sends every API call to the geolocation: the token host refuses them', async () => {
    sim = await startSim();
    const h = clientFor(sim);
    expect(await listInvoices(h)).toBeGreaterThan(0);
    await h.client.vendors.list();
    // The token host saw only the token exchange; the API host served FIS and vendors.
    expect(sim.tokenServer.requests.map((r) => r.operation)).toEqual(['oauth2.token']);
    expect(sim.apiServer.requests.some((r) => r.operation === 'fis.list' && r.status === 200)).toBe(true);
    expect(sim.apiServer.requests.some((r) => r.operation === 'vendor.list' && r.status === 200)).toBe(true);
  });

  it.each([
    { name: 'numbers instead of strings', options: { expiresInAs: 'number', refreshExpiresInAs: 'number' } },
    {
      name: 'no refresh_expires_in, no id_token',
      options: { refreshExpiresInAs: 'absent', includeIdToken: false },
    },
    { name: 'geolocation with an /oauth2/v0/token suffix', options: { geolocationWithTokenSuffix: true } },
    { name: 'the same refresh token on refresh', options: { refreshRotation: 'same-token' } },
  ] as const)('accepts the token answer variant: $name', async ({ options }) => {
    sim = await startSim({ options });
    const h = clientFor(sim, { options: { now: () => sim?.clock.now() ?? Date.now() } });
    expect(await listInvoices(h)).toBeGreaterThan(0);
    sim.clock.advance(HOUR + 1000);
    expect(await listInvoices(h)).toBeGreaterThan(0);
    expect(await h.state.get(STATE_KEYS.geolocation)).toBe(sim.apiUrl);
  });

  it('refreshes transparently after the access token expires mid-run (401, refresh once, replay)', async () => {
    sim = await startSim();
    const h = clientFor(sim); // the client's own clock: it learns of the expiry from the 401
    const before = await listInvoices(h);
    const firstRefresh = h.secrets.values.get('concur.refreshToken') ?? '';
    sim.clock.advance(HOUR + 1000);
    expect(await listInvoices(h)).toBe(before);

    const rejected = sim.apiServer.requests.filter((r) => r.status === 401);
    expect(rejected.map((r) => r.operation)).toEqual(['auth.rejected']);
    expect(sim.apiServer.requests.at(-1)).toMatchObject({ operation: 'fis.list', status: 200 });
    // The rotated refresh token replaced the old one, which the simulator revoked.
    const secondRefresh = h.secrets.values.get('concur.refreshToken') ?? '';
    expect(secondRefresh).not.toBe(firstRefresh);
    expect(sim.state.refreshTokens.get(firstRefresh)?.revoked).toBe(true);
    expect(sim.state.refreshTokens.get(secondRefresh)?.revoked).toBe(false);
    // The refresh went to the geolocation, not the token host.
    expect(sim.tokenServer.requests).toHaveLength(1);
  });

  it('refreshes before expiry when its clock says the token is about to lapse (no 401 at all)', async () => {
    sim = await startSim();
    const clock = sim.clock;
    const h = clientFor(sim, { options: { now: () => clock.now() } });
    await listInvoices(h);
    const first = h.secrets.values.get('concur.refreshToken');
    clock.advance(HOUR - 60_000); // inside the 5-minute skew
    await listInvoices(h);
    expect(h.secrets.values.get('concur.refreshToken')).not.toBe(first);
    expect(sim.apiServer.requests.filter((r) => r.status === 401)).toHaveLength(0);
  });

  it('a restart uses the stored refresh token and the persisted geolocation', async () => {
    sim = await startSim();
    const state = memoryStateStore();
    const first = clientFor(sim, { state });
    await first.client.connect();
    const tokenHostCalls = sim.tokenServer.requests.length;

    const second = clientFor(sim, { state, secrets: first.secrets });
    expect(await listInvoices(second)).toBeGreaterThan(0);
    expect(sim.tokenServer.requests.length).toBe(tokenHostCalls);
    expect(sim.apiServer.requests.some((r) => r.operation === 'oauth2.token')).toBe(true);
  });

  it('a refresh token lapsed after 6 months gives ConcurReauthorizeError', async () => {
    sim = await startSim();
    const clock = sim.clock;
    const h = clientFor(sim, { options: { now: () => clock.now() } });
    await h.client.connect();
    clock.advance(183 * DAY);
    const error = await h.client.fis.listReady('invoice').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConcurReauthorizeError);
    expect((error as ConcurReauthorizeError).reason).toBe('refresh-token-refused');
    expect((error as Error).message).toMatch(/re-authorised: enter a new company request token/);
  });

  it('a revoked refresh token gives ConcurReauthorizeError; a new request token brings it back', async () => {
    sim = await startSim();
    const h = clientFor(sim);
    await listInvoices(h);
    await admin(sim, 'POST', 'tokens/revoke', {});
    await admin(sim, 'POST', 'tokens/expire', { kind: 'access' });
    const error = await h.client.fis.listReady('invoice').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConcurReauthorizeError);
    expect((error as ConcurError).kind).toBe('reauthorize');

    // The admin enters a new company request token: the same client recovers.
    await h.secrets.set('concur.requestToken', sim.issueRequestToken());
    expect(await listInvoices(h)).toBeGreaterThan(0);
    expect(h.secrets.values.has('concur.requestToken')).toBe(false);
  });

  it.each([
    { name: 'oauth2 error code as a string', options: { oauthErrorCodeAs: 'string' } },
    { name: 'an expired access token answered 403', options: { expiredAccessTokenStatus: 403 } },
  ] as const)(
    'refreshes on a refused token and spots a revoked refresh token: $name',
    async ({ options }) => {
      sim = await startSim({ options });
      const h = clientFor(sim);
      await listInvoices(h);
      sim.clock.advance(HOUR + 1000);
      expect(await listInvoices(h)).toBeGreaterThan(0);
      await admin(sim, 'POST', 'tokens/revoke', {});
      await admin(sim, 'POST', 'tokens/expire', { kind: 'access' });
      await expect(h.client.fis.listReady('invoice')).rejects.toBeInstanceOf(ConcurReauthorizeError);
    },
  );

  it('with nothing stored it asks for a request token; a wrong client secret is a settings error', async () => {
    sim = await startSim();
    const empty = adminSecrets(sim);
    empty.values.delete('concur.requestToken');
    const none = await clientFor(sim, { secrets: empty })
      .client.connect()
      .catch((e: unknown) => e);
    expect(none).toBeInstanceOf(ConcurReauthorizeError);
    expect((none as ConcurReauthorizeError).reason).toBe('not-authorised');

    const wrong = adminSecrets(sim);
    wrong.values.set('concur.clientSecret', 'not-the-secret-0000');
    const bad = await clientFor(sim, { secrets: wrong })
      .client.connect()
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ConcurError);
    expect(bad).not.toBeInstanceOf(ConcurReauthorizeError);
    expect((bad as ConcurError).kind).toBe('config');
    expect((bad as Error).message).toMatch(/client id and client secret/);
  });

  it('a request token left behind by a crash is used within its 24 h, and dropped for the refresh token after', async () => {
    sim = await startSim();
    const h = clientFor(sim);
    await h.client.connect();
    // A crash between "store the refresh token" and "delete the request token" leaves both.
    const requestToken = sim.credentials.requestToken;
    await h.secrets.set('concur.requestToken', requestToken);

    const restarted = clientFor(sim, { secrets: h.secrets, state: h.state });
    await restarted.client.connect(); // within 24 h: the request token still works
    expect(h.secrets.values.has('concur.requestToken')).toBe(false);

    await h.secrets.set('concur.requestToken', requestToken);
    sim.clock.advance(25 * HOUR); // the request token has expired; the refresh token has not
    const later = clientFor(sim, { secrets: h.secrets, state: h.state });
    expect(await listInvoices(later)).toBeGreaterThan(0);
    expect(h.secrets.values.has('concur.requestToken')).toBe(false);
  });

  it('rejects a token request whose content type carries a charset, and ours passes (bare media type)', async () => {
    sim = await startSim({ options: { rejectCharsetOnTokenRequest: true } });
    const h = clientFor(sim);
    await expect(h.client.connect()).resolves.toEqual({ geolocation: sim.apiUrl });
  });
});
