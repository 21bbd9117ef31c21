import { afterEach, describe, expect, it } from 'vitest';
import { settingsSchema } from '../../../shared/settings.ts';
import type { ConcurSimulator } from '../../../electron/sandbox/concur/index.ts';
import { createConcurChecker, memoryStateStore } from '../../../electron/connectors/concur/index.ts';
import { admin, adminSecrets, MemorySecrets, settingsFor, startSim } from './helpers.ts';

let sim: ConcurSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('Concur connection check', () => {
  it('says in plain words: token endpoint, credentials, geolocation, FIS', async () => {
    sim = await startSim();
    const check = createConcurChecker({ state: memoryStateStore() });
    const items = await check(settingsFor(sim), adminSecrets(sim));
    expect(items.map((i) => [i.check, i.ok])).toEqual([
      ['token endpoint reachable', true],
      ['credentials accepted', true],
      ['geolocation', true],
      ['FIS reachable', true],
    ]);
    expect(items.find((i) => i.check === 'geolocation')?.message).toContain(sim.apiUrl);
  });

  it('asks for a new company request token when the authorisation is gone', async () => {
    sim = await startSim();
    const secrets = adminSecrets(sim);
    const check = createConcurChecker();
    await check(settingsFor(sim), secrets); // first connect
    await admin(sim, 'POST', 'tokens/revoke', {});
    const items = await check(settingsFor(sim), secrets);
    expect(items.find((i) => i.check === 'credentials accepted')).toMatchObject({
      ok: false,
      message: 'Re-authorise: enter a new company request token.',
    });

    const empty = new MemorySecrets();
    empty.values.set('concur.clientSecret', sim.credentials.clientSecret);
    const none = await check(settingsFor(sim), empty);
    expect(none.find((i) => i.check === 'credentials accepted')?.message).toMatch(/^Re-authorise/);
  });

  it('reports an unreachable token endpoint and a system that is switched off', async () => {
    sim = await startSim();
    const check = createConcurChecker();
    const off = await check(settingsSchema.parse({}), new MemorySecrets());
    expect(off).toEqual([
      { system: 'concur', check: 'configured', ok: false, message: 'SAP Concur is not set up yet.' },
    ]);

    const settings = settingsFor(sim, { tokenUrl: 'http://127.0.0.1:9/oauth2/v0/token' });
    const items = await check(settings, adminSecrets(sim));
    expect(items[0]).toMatchObject({ check: 'token endpoint reachable', ok: false });
    expect(items[0]?.message).toMatch(/refused the connection/);
  });
});
