// The whole sandbox: every simulator on 127.0.0.1, one demo company, deterministic for a seed, and the
// settings an engine needs to work against it.
import { afterAll, describe, expect, it } from 'vitest';
import { settingsSchema } from '../../shared/settings.ts';
import { startSandbox, type Sandbox } from '../../electron/sandbox/index.ts';

const open: Sandbox[] = [];
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
});

async function sandbox(seed: number): Promise<Sandbox> {
  const s = await startSandbox({ seed, asOf: '2026-11-25' });
  open.push(s);
  return s;
}

/** What a seed decides: the company, the Concur documents and the Expensify reports (ids, amounts, coding). */
function dataSet(s: Sandbox): unknown {
  return {
    company: s.company,
    // createdAt and history record when the simulator started, not what the seed generated.
    concur: s.concur.state.documents.map(({ createdAt: _c, history: _h, ...generated }) => generated),
    expensify: s.expensify.state.reports.map((r) => ({ ...r })),
  };
}

describe('sandbox', () => {
  it('is deterministic for a seed and different for another', async () => {
    const [a, b, c] = await Promise.all([sandbox(7), sandbox(7), sandbox(8)]);
    // Credentials are generated from the seed too; the ports differ, so compare data, not URLs.
    expect(JSON.stringify(dataSet(a))).toBe(JSON.stringify(dataSet(b)));
    expect(JSON.stringify(dataSet(a))).not.toBe(JSON.stringify(dataSet(c)));
  });

  it('serves every system on 127.0.0.1 and gives valid engine settings and every credential', async () => {
    const s = await sandbox(42);
    for (const system of s.systems) expect(new URL(system.url).hostname).toBe('127.0.0.1');
    const settings = settingsSchema.parse(s.settings);
    expect(settings.qad.mode).toBe('rest');
    expect(settings.concur.enabled).toBe(true);
    expect(settings.expensify.policyIds.length).toBeGreaterThan(0);
    expect(Object.keys(s.secrets).sort()).toEqual(
      [
        'concur.clientSecret',
        'concur.requestToken',
        'expensify.partnerUserId',
        'expensify.partnerUserSecret',
        'qad.password',
        'qad.username',
      ].sort(),
    );
    // The Concur geolocation is another server than the token endpoint, so a client that ignores it fails.
    expect(new URL(s.concur.apiUrl).port).not.toBe(new URL(s.concur.tokenUrl).port);
  });

  it('has a lively demo: documents in every source, some of which need a person', async () => {
    const s = await sandbox(42);
    expect(s.concur.state.documents.length).toBeGreaterThanOrEqual(30);
    expect(s.expensify.state.reports.length).toBeGreaterThanOrEqual(20);
    expect(s.company.entities.map((e) => e.currency)).toEqual(['USD', 'EUR']);
    expect(
      s.company.purchaseOrders.some((po) => !s.company.receipts.some((r) => r.poNumber === po.number)),
    ).toBe(true);
  });
});
