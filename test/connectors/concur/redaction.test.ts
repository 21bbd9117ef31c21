import { afterEach, describe, expect, it } from 'vitest';
import type { ConcurSimulator } from '../../../electron/sandbox/concur/index.ts';
import { ConcurError } from '../../../electron/connectors/concur/index.ts';
import { admin, adminSecrets, clientFor, HOUR, startSim } from './helpers.ts';

let sim: ConcurSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return [error.message, error.stack ?? '', JSON.stringify(error), (error as ConcurError).body ?? ''].join(
    '\n',
  );
}

describe('Concur client redaction canary', () => {
  it('never writes the client secret or any token into log lines or error messages', async () => {
    sim = await startSim();
    const requestToken = sim.credentials.requestToken;
    const h = clientFor(sim);
    const errors: unknown[] = [];
    const capture = (p: Promise<unknown>): Promise<unknown> => p.catch((e: unknown) => errors.push(e));

    await h.client.fis.listReady('invoice');
    sim.clock.advance(HOUR + 1000); // 401, refresh, replay
    sim.apiServer.faults.set({ rate503: 0.5, seed: 2, pathContains: '/financialintegration' });
    await h.client.fis.listReady('expense');
    sim.apiServer.faults.set({ lostReplyRate: 1, pathContains: '/invoice/vendors', methods: ['POST'] });
    await h.client.vendors.create([
      { VendorCode: 'S-CANARY', AddressCode: 'MAIN', CountryCode: 'US', CurrencyCode: 'USD' },
    ]);
    sim.apiServer.faults.clear();
    await capture(
      h.client.http.send({ endpoint: 'fis.typo', method: 'GET', path: '/nope', repeat: 'repeatable' }),
    );

    const wrong = adminSecrets(sim);
    wrong.values.set('concur.clientSecret', `${sim.credentials.clientSecret.slice(0, 8)}-wrong-secret`);
    const badClient = clientFor(sim, { secrets: wrong });
    await capture(badClient.client.connect());

    await admin(sim, 'POST', 'tokens/revoke', {});
    await admin(sim, 'POST', 'tokens/expire', { kind: 'access' });
    await capture(h.client.fis.listReady('invoice'));

    expect(errors).toHaveLength(3);
    expect(errors.every((e) => e instanceof ConcurError)).toBe(true);
    // No AxiosError leaks out: its config would carry the Authorization header and the token form.
    for (const error of errors) expect(Object.keys(error as object)).not.toContain('config');

    const secrets = [
      sim.credentials.clientSecret,
      requestToken,
      ...sim.state.refreshTokens.keys(),
      ...sim.state.accessTokens.keys(),
    ];
    expect(secrets.length).toBeGreaterThan(4);
    const text = [
      ...h.log.lines.map((l) => `${l.message} ${JSON.stringify(l.detail)}`),
      ...badClient.log.lines.map((l) => `${l.message} ${JSON.stringify(l.detail)}`),
      ...errors.map(describeError),
    ].join('\n');
    expect(h.log.lines.length).toBeGreaterThan(3);
    for (const secret of secrets) expect(text).not.toContain(secret);

    // The mechanism, not luck: a message that did carry a token comes out scrubbed.
    const leaky = new ConcurError(`refused ${[...sim.state.refreshTokens.keys()][0] ?? ''}`, {
      kind: 'business',
      body: `client_secret=${encodeURIComponent(sim.credentials.clientSecret)}`,
    });
    expect(describeError(leaky)).toContain('[REDACTED]');
    for (const secret of secrets) expect(describeError(leaky)).not.toContain(secret);
  });
});
