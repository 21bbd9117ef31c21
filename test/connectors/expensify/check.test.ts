// The Expensify connection check in the words a person reads on the Connections screen.
import { afterEach, describe, expect, it } from 'vitest';
import { createExpensifyChecker } from '../../../electron/connectors/expensify/check.ts';
import type { ExpensifySimulator } from '../../../electron/sandbox/expensify/index.ts';
import { FAST_WINDOWS, memorySecrets, settingsFor, simSecrets, startSim } from './helpers.ts';

let sim: ExpensifySimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const check = createExpensifyChecker({ rateWindows: FAST_WINDOWS, rateMarginMs: 20 });
const verdicts = (items: readonly { check: string; ok: boolean }[]) =>
  Object.fromEntries(items.map((i) => [i.check, i.ok]));

describe('Expensify check', () => {
  it('passes when reachable, the credentials are accepted and every configured policy exists', async () => {
    sim = await startSim({ reports: 0 });
    const items = await check(settingsFor(sim), simSecrets(sim));
    expect(verdicts(items)).toEqual({
      configured: true,
      'credentials stored': true,
      reachable: true,
      'credentials accepted': true,
      'policies exist': true,
    });
    expect(items.every((i) => i.system === 'expensify')).toBe(true);
  });

  it('names refused credentials and unknown policies', async () => {
    sim = await startSim({ reports: 0 });
    const refused = await check(settingsFor(sim), simSecrets(sim, 'wrong-secret'));
    expect(verdicts(refused)).toMatchObject({ reachable: true, 'credentials accepted': false });
    expect(refused.find((i) => i.check === 'credentials accepted')?.message).toContain(
      'Authentication error',
    );
    const unknown = await check(
      settingsFor(sim, { policyIds: [...sim.policyIds, 'DEADBEEF00000000'] }),
      simSecrets(sim),
    );
    const item = unknown.find((i) => i.check === 'policies exist');
    expect(item).toMatchObject({ ok: false, message: expect.stringContaining('DEADBEEF00000000') as string });
  });

  it('says when Expensify cannot be reached, or nothing is configured or stored', async () => {
    sim = await startSim({ reports: 0 });
    const settings = settingsFor(sim, {
      url: 'http://127.0.0.1:9/Integration-Server/ExpensifyIntegrations',
      retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    });
    expect(verdicts(await check(settings, simSecrets(sim)))).toMatchObject({ reachable: false });
    expect(
      verdicts(await check(settingsFor(sim, { enabled: false, policyIds: [] }), simSecrets(sim))),
    ).toEqual({ configured: false });
    const none = await check(settingsFor(sim), memorySecrets({}));
    expect(verdicts(none)).toMatchObject({ 'credentials stored': false });
  });
});
