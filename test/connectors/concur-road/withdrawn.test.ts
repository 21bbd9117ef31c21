// A Concur document withdrawn between our fetch and our acknowledgement (recalled: code 102; or turned VOID /
// CANCEL: code 103 "not ready") must never be posted (research/concur.md 2.3, 8). The adapter reports it in
// AcknowledgeResult.withdrawn, and the road holds it as a source_error exception a person sees, which no
// later cycle, re-validation or replay turns into a posting.
import { afterEach, describe, expect, it } from 'vitest';
import { createConcurSource } from '../../../electron/connectors/concur-road/index.ts';
import type { ConcurSimulator } from '../../../electron/sandbox/concur/index.ts';
import { type Store, changeMappings, getDocumentBySource } from '../../../electron/store/index.ts';
import { runCycle } from '../../../electron/sync/cycle.ts';
import { exceptionsOverview } from '../../../electron/sync/handlers.ts';
import { replayDocument } from '../../../electron/sync/replay.ts';
import type { SyncRuntime } from '../../../electron/sync/runtime.ts';
import type { RawSourceItem, SourceAdapter } from '../../../electron/sync/source-port.ts';
import { FakeGateway } from '../../sync/fake-gateway.ts';
import { loadCache } from '../../sync/support.ts';
import { demoCompany, harness, startSim, tempStore } from './helpers.ts';

let sim: ConcurSimulator | undefined;
let store: Store | undefined;

afterEach(async () => {
  store?.close();
  store = undefined;
  await sim?.close();
  sim = undefined;
});

/** The Concur admin acts on a document through the simulator's admin routes. */
async function admin(s: ConcurSimulator, path: string, body?: unknown): Promise<void> {
  const response = await fetch(`${s.apiUrl}/__sandbox/documents/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  expect(response.status, await response.clone().text()).toBe(200);
}

/** The Concur adapter, with something happening in Concur right after the fetch and before the ack. */
function between(
  adapter: SourceAdapter,
  hook: (items: readonly RawSourceItem[]) => Promise<void>,
): SourceAdapter {
  let once = false;
  return {
    source: adapter.source,
    fetch: async (ctx) => {
      const items = await adapter.fetch(ctx);
      if (!once) {
        once = true;
        await hook(items);
      }
      return items;
    },
    acknowledge: (items, ctx) => adapter.acknowledge(items, ctx),
    toCanonical: (item) => adapter.toCanonical(item),
    confirm: (item, ctx) => adapter.confirm(item, ctx),
    postingKind: (document, settings) => adapter.postingKind(document, settings),
  };
}

describe('a Concur document withdrawn between fetch and acknowledgement', () => {
  it('the adapter names recalled, VOID and CANCEL documents as withdrawn; another refusal is only "failed"', async () => {
    sim = await startSim({ documents: 5 });
    const h = harness(sim);
    const adapter = createConcurSource({ client: h.client });
    const items = await adapter.fetch(h.ctx);
    const [recalled, voided, cancelled, delayed] = sim.state.documents;
    if (!recalled || !voided || !cancelled || !delayed) throw new Error('documents');
    await admin(sim, `${recalled.id}/recall`);
    await admin(sim, `${voided.id}/status`, { docStatus: 'VOID' });
    await admin(sim, `${cancelled.id}/status`, { docStatus: 'CANCEL' });
    await admin(sim, `${delayed.id}/status`, { docStatus: 'DELAYED' });

    const ack = await adapter.acknowledge(items, h.ctx);
    expect(ack.acknowledged).toHaveLength(1);
    expect(ack.withdrawn).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sourceId: recalled.id, status: 'RECALLED' }),
        expect.objectContaining({ sourceId: voided.id, status: 'VOID' }),
        expect.objectContaining({ sourceId: cancelled.id, status: 'CANCEL' }),
      ]),
    );
    expect(ack.withdrawn).toHaveLength(3);
    expect(ack.withdrawn?.find((w) => w.sourceId === recalled.id)?.reason).toMatch(/recalled.*102/);
    // Not acknowledged either; the DELAYED one is only not acknowledged (it may come again when READY).
    expect(ack.failed.map((f) => f.sourceId).sort()).toEqual(
      [recalled.id, voided.id, cancelled.id, delayed.id].sort(),
    );
    expect(ack.failed.find((f) => f.sourceId === delayed.id)?.error).toMatch(/103/);
  });

  it('the road holds it as a source_error exception: never posted, not by a later cycle nor a replay', async () => {
    const s = (sim = await startSim({ documents: 12 }));
    const company = demoCompany();
    const db = (store = tempStore());
    loadCache(db, company, company.receipts);
    changeMappings(
      db.db,
      [
        { kind: 'entity', sourceValue: 'US01', target: { entity: '10USA' } },
        { kind: 'entity', sourceValue: 'DE01', target: { entity: '20DEU' } },
      ],
      { actor: 'controller' },
    );
    const h = harness(s, {}, { posting: { autoRelease: ['concur'] } });
    // Two documents that would otherwise post at once.
    const good = s.state.documents.filter((d) => /^(non-PO invoice|expense report)/.test(d.scenario));
    const [recalled, voided] = good;
    if (!recalled || !voided) throw new Error('no postable documents in the demo set');
    const adapter = between(createConcurSource({ client: h.client, db: db.db }), async () => {
      await admin(s, `${recalled.id}/recall`);
      await admin(s, `${voided.id}/status`, { docStatus: 'VOID' });
    });
    const gateway = new FakeGateway();
    const cycle = () => runCycle({ store: db, adapter, gateway }, h.ctx);

    const first = await cycle();
    expect(first.message).toMatch(/was not acknowledged: recalled in Concur/);
    expect(gateway.documents.length).toBeGreaterThan(0); // the others went on to QAD

    const check = () => {
      for (const [doc, status] of [
        [recalled, 'RECALLED'],
        [voided, 'VOID'],
      ] as const) {
        const detail = getDocumentBySource(db.db, 'concur', doc.id) ?? expect.fail(`${doc.id} not staged`);
        expect(detail.state).toBe('exception');
        expect(detail.exceptions).toEqual([
          expect.objectContaining({ cause: 'source_error', field: 'acknowledgement', value: status }),
        ]);
        expect(detail.exceptions[0]?.message).toMatch(/must not be posted/);
        expect(gateway.documents.map((d) => d.externalRef)).not.toContain(`MLC-CONCUR-${doc.id}`);
      }
    };
    check();
    // A person sees both in Exceptions.
    const overview = exceptionsOverview(db, { cause: 'source_error' }, new Date());
    expect(overview.groups.flatMap((g) => g.documentIds).sort()).toEqual(
      [recalled.id, voided.id].map((id) => getDocumentBySource(db.db, 'concur', id)?.id).sort(),
    );

    // The next cycle re-validates waiting documents from their stored (READY) payload: still held.
    await cycle();
    check();
    const rt: SyncRuntime = {
      store: db,
      adapters: { concur: adapter },
      settings: h.settings,
      now: () => new Date(),
      random: () => 0.5,
    };
    const id = getDocumentBySource(db.db, 'concur', recalled.id)?.id ?? expect.fail('gone');
    expect(replayDocument(rt, id, 'controller').state).toBe('exception');
    await cycle();
    check();
  });
});
