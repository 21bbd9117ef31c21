// Bulk calls that do not simply succeed: a 206 partial answer, an injected 429 (`retry-after: 0`), and a
// lost reply (applied, then the connection drops). Each push still ends with every item in place, and no part
// reaches Concur twice: there is no idempotency key and no id in the answer, so the list is read back and
// only what is missing is sent again.
import type { InternalAxiosRequestConfig } from 'axios';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConcurSimulator } from '../../../electron/sandbox/concur/index.ts';
import type { Store } from '../../../electron/store/index.ts';
import { pushList } from '../../../electron/connectors/concur-lists/index.ts';
import type { ConcurClient } from '../../../electron/connectors/concur/index.ts';
import { activeCostCenters, createList, liveTree, qadStore, rig, startSim } from './helpers.ts';

let sim: ConcurSimulator;
let store: Store;

beforeEach(async () => {
  sim = await startSim();
  store = qadStore();
});
afterEach(async () => {
  store.close();
  await sim.close();
});

type Part = { shortCode: string; parentCode?: string };

/** Records every bulk-create part that leaves the client (after any test tampering), in order. */
function recordCreates(client: ConcurClient): string[] {
  const sent: string[] = [];
  client.http.instance.interceptors.request.use((config) => {
    if (config.method?.toUpperCase() === 'POST' && config.url?.endsWith('/bulk')) {
      const body = config.data as { requests: Part[] };
      for (const p of body.requests) sent.push(p.parentCode ? `${p.parentCode}-${p.shortCode}` : p.shortCode);
    }
    return config;
  });
  return sent;
}

/**
 * The first bulk create reaches Concur with only its first `keep` parts, and comes back as Concur's 206
 * PARTIAL_SUCCESS naming the rest as `item.operation.timeout` (a documented per-part error id).
 */
function partialOnce(client: ConcurClient, keep: number): { dropped: string[] } {
  const state = { done: false, dropped: [] as string[] };
  const marked = new WeakSet<object>();
  // Request interceptors run last-registered first: registered after recordCreates, this one runs before it.
  client.http.instance.interceptors.request.use((config: InternalAxiosRequestConfig) => {
    if (!state.done && config.method?.toUpperCase() === 'POST' && config.url?.endsWith('/bulk')) {
      state.done = true;
      const body = config.data as { requests: Part[] };
      const dropped = body.requests.slice(keep);
      state.dropped = dropped.map((p) => (p.parentCode ? `${p.parentCode}-${p.shortCode}` : p.shortCode));
      config.data = { requests: body.requests.slice(0, keep) };
      marked.add(config);
      (config as { dropped?: Part[] }).dropped = dropped;
    }
    return config;
  });
  client.http.instance.interceptors.response.use((response) => {
    const dropped = (response.config as { dropped?: Part[] }).dropped;
    if (!dropped || !marked.has(response.config)) return response;
    response.status = 206;
    response.data = JSON.stringify({
      status: 'PARTIAL_SUCCESS',
      recordsSucceeded: keep,
      recordsFailed: dropped.length,
      errors: dropped.map((p) => ({
        id: 'item.operation.timeout',
        message: 'The operation timed out',
        listItem: p,
      })),
    });
    return response;
  });
  return state;
}

describe('bulk answers other than SUCCESS', () => {
  it('after a 206 partial answer reads the list again and sends only the missing parts, once', async () => {
    const r = rig(sim, store);
    const listId = await createList(r.client, 'Cost Center (partial)', 2);
    const { deps, client } = rig(sim, store, { cost_center: { listId } });
    const sent = recordCreates(client);
    const partial = partialOnce(client, 5);
    const report = await pushList(deps, { dimension: 'cost_center', actor: 'ana' });

    expect(partial.dropped.length).toBeGreaterThan(0);
    expect([...liveTree(sim, listId).keys()].filter((k) => k.includes('/')).sort()).toEqual(
      [...activeCostCenters().keys()].sort(),
    );
    // Every code reached Concur exactly once; the dropped ones in the second round.
    expect(new Set(sent).size).toBe(sent.length);
    expect(sent.slice(5)).toEqual(partial.dropped);
    expect(report.counts.failed).toBe(0);
    expect(report.counts.added).toBe(2 + activeCostCenters().size);
    const resent = report.results.filter((x) => x.sent > 1).map((x) => x.code);
    expect(resent.sort()).toEqual([...partial.dropped].sort());
  });

  it('rides out an injected 429 with retry-after: 0', async () => {
    const r = rig(sim, store);
    const listId = await createList(r.client, 'Cost Center (busy)', 2);
    const { deps, client } = rig(sim, store, { cost_center: { listId } });
    const sent = recordCreates(client);
    // Only the writes are throttled; seed 7 draws a 429 for the first two attempts of the bulk call.
    sim.apiServer.faults.set({ rate429: 0.5, pathContains: '/bulk', methods: ['POST'], seed: 7 });
    const report = await pushList(deps, { dimension: 'cost_center', actor: 'ana' });
    expect(sim.apiServer.faults.injected['429']).toBe(2);
    expect([...liveTree(sim, listId).keys()].filter((k) => k.includes('/')).sort()).toEqual(
      [...activeCostCenters().keys()].sort(),
    );
    expect(report.counts.failed).toBe(0);
    // The throttled attempts never reached the list: each part was applied once (a repeat would be refused as
    // item.duplicate.code and show as a failure).
    const applied = sim.apiServer.requests.filter((q) => q.path.endsWith('/bulk') && q.status === 201);
    expect(applied).toHaveLength(1);
    expect(new Set(sent).size).toBe(activeCostCenters().size + 2);
  });

  it('after a lost reply reads the list back instead of sending the same parts again', async () => {
    const r = rig(sim, store);
    const listId = await createList(r.client, 'Cost Center (lost)', 2);
    const { deps, client } = rig(sim, store, { cost_center: { listId } });
    const sent = recordCreates(client);
    sim.apiServer.faults.set({ lostReplyRate: 1, pathContains: '/bulk', methods: ['POST'] });
    const report = await pushList(deps, { dimension: 'cost_center', actor: 'ana' });
    expect(sim.apiServer.faults.injected['lost-reply']).toBe(1);
    expect(sent).toHaveLength(activeCostCenters().size + 2);
    expect(report.counts).toMatchObject({ added: activeCostCenters().size + 2, failed: 0 });
    expect(report.results.every((x) => x.sent === 1)).toBe(true);
    expect(report.after.adds).toEqual([]);
  });
});
