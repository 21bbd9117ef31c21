// The whole road with Concur as the source: the Concur simulator's demo documents are fetched, staged,
// acknowledged, resolved against the QAD cache, posted to the QAD REST simulator through the real gateway,
// and confirmed back to Concur, which then shows every confirmed document as POSTING_CONFIRMED_SUCCESS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQadGateway } from '../../../electron/connectors/qad/gateway.ts';
import { createMasterDataFlow } from '../../../electron/engine/master-data.ts';
import type { EngineSecrets, FlowContext } from '../../../electron/engine/ports.ts';
import type { ConcurSimulator } from '../../../electron/sandbox/concur/index.ts';
import { startQadSimulators, type QadSimulators } from '../../../electron/sandbox/qad/index.ts';
import { changeMappings, listDocuments, type Store } from '../../../electron/store/index.ts';
import { createConcurFlow } from '../../../electron/connectors/concur-road/index.ts';
import { demoCompany, harness, startSim, tempStore, type SimHarness } from './helpers.ts';

let concur: ConcurSimulator;
let qad: QadSimulators;
let store: Store;
let h: SimHarness;
let ctx: FlowContext;

beforeAll(async () => {
  [concur, qad] = await Promise.all([
    startSim({ documents: 30 }),
    startQadSimulators({ company: demoCompany() }),
  ]);
  store = tempStore();
  h = harness(
    concur,
    { pageSize: 7 },
    {
      qad: {
        mode: 'rest',
        domain: 'QMFG',
        timeoutMs: 2000,
        retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
        rest: { tenantUrl: qad.rest.tenantUrl, clientId: 'mlc' },
      },
      posting: { autoRelease: ['concur'] },
    },
  );
  const secrets: EngineSecrets = {
    ...h.secrets,
    get: (name) =>
      name === 'qad.username'
        ? Promise.resolve('mlc-demo')
        : name === 'qad.password'
          ? Promise.resolve('sandbox-password')
          : h.secrets.get(name),
    set: (name, value) => h.secrets.set(name, value),
    delete: (name) => h.secrets.delete(name),
    status: () => h.secrets.status(),
  };
  ctx = { ...h.ctx, secrets };
  changeMappings(
    store.db,
    [
      { kind: 'entity', sourceValue: 'US01', target: { entity: '10USA' } },
      { kind: 'entity', sourceValue: 'DE01', target: { entity: '20DEU' } },
    ],
    { actor: 'controller' },
  );
  const refreshed = await createMasterDataFlow({ store }).run(ctx);
  expect(refreshed.outcome).toBe('succeeded');
});

afterAll(async () => {
  store.close();
  await Promise.all([concur.close(), qad.close()]);
});

describe('Concur -> QAD over the document road', () => {
  it('stages and acknowledges every document, posts the good ones once, confirms them in Concur', async () => {
    const flow = createConcurFlow({
      store,
      source: { client: h.client },
      gateway: (c) => createQadGateway(c.settings, c.secrets),
    });
    const first = await flow.run(ctx);
    expect(first.reauthorize).toBe(false);
    await flow.run(ctx);

    const docs = listDocuments(store.db, { source: 'concur', limit: 1000 }).rows;
    expect(docs).toHaveLength(30);
    const byId = new Map(concur.state.documents.map((d) => [d.id, d]));
    // Nothing is left READY: all were acknowledged after staging.
    expect([...byId.values()].filter((d) => d.docStatus === 'READY')).toEqual([]);

    const confirmed = docs.filter((d) => d.state === 'confirmed');
    expect(confirmed.length).toBeGreaterThan(5);
    for (const d of docs) {
      const fis = byId.get(d.sourceId);
      expect(
        fis?.docStatus === 'POSTING_CONFIRMED_SUCCESS',
        `${d.sourceId} ${d.state} ${fis?.scenario}`,
      ).toBe(d.state === 'confirmed');
    }
    // The deliberately bad documents wait for a person instead of reaching QAD.
    for (const d of docs) {
      const scenario = byId.get(d.sourceId)?.scenario ?? '';
      if (/unknown vendor|unknown account|inactive cost center/.test(scenario))
        expect(d.state).toBe('exception');
    }
    // Each confirmed document is in QAD exactly once, with the amount Concur sent.
    for (const d of confirmed.filter((x) => x.kind === 'invoice')) {
      const response = await fetch(
        `${qad.rest.url}/__sandbox/qad/invoices?reference=${encodeURIComponent(`MLC-CONCUR-${d.sourceId}`)}`,
      );
      const found = (await response.json()) as { count: number };
      expect(found.count).toBe(1);
    }
  });

  it('reports "re-authorise" when Concur refuses the company authorisation', async () => {
    const refused = harness(concur);
    refused.secrets.values.delete('concur.requestToken');
    const flow = createConcurFlow({
      store,
      source: { client: refused.client },
      gateway: () => {
        throw new Error('not reached');
      },
    });
    const outcome = await flow.run(refused.ctx);
    expect(outcome.reauthorize).toBe(true);
    expect(outcome.message).toMatch(/re-authorised/);
  });
});
