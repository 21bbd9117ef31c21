// Property: whatever the interleaving of arrivals, cycles, faults (lost replies, resets, refusals, failed
// look-ups), crashes at any await, and a person's decisions, each reference is posted at most once, and
// once faults stop every document reaches an end state (confirmed, or rejected with the failure confirmed).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  changeMappings,
  getDocumentBySource,
  listConfirmations,
  listDocuments,
  openStore,
} from '../../electron/store/index.ts';
import { runCycle } from '../../electron/sync/cycle.ts';
import { replayDocument, retryDocument } from '../../electron/sync/replay.ts';
import type { SyncRuntime } from '../../electron/sync/runtime.ts';
import { type CreateFault, FakeGateway, type LookupFault } from './fake-gateway.ts';
import { FakeSource } from './fake-source.ts';
import { demoCompany, flowContext, loadCache, testSettings } from './support.ts';

type Fault = CreateFault | LookupFault | 'ok';
const CREATE_ONLY = new Set<Fault>([
  'lost_reply',
  'reset_before',
  'not_sent',
  'business',
  'uncertain',
  'hang_after_apply',
]);

type Step =
  | { readonly kind: 'arrive'; readonly count: number }
  | { readonly kind: 'cycle'; readonly faults: readonly Fault[] }
  | { readonly kind: 'decide'; readonly decision: 'reconcile' | 'post-again' | 'replay' };

const fault = fc.constantFrom<Fault>(
  'ok',
  'ok',
  'ok',
  'ok',
  'lost_reply',
  'reset_before',
  'not_sent',
  'business',
  'uncertain',
  'hang',
  'hang_after_apply',
  'lookup_fail',
);
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('arrive' as const), count: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('cycle' as const), faults: fc.array(fault, { maxLength: 8 }) }),
  fc.record({
    kind: fc.constant('decide' as const),
    decision: fc.constantFrom('reconcile' as const, 'post-again' as const, 'replay' as const),
  }),
);

const company = demoCompany();
const settings = testSettings({ posting: { autoRelease: ['concur'] } });

async function scenario(steps: readonly Step[]): Promise<void> {
  const store = openStore(':memory:');
  loadCache(store, company);
  changeMappings(store.db, [{ kind: 'entity', sourceValue: 'US01', target: { entity: '10USA' } }], {
    actor: 'test',
  });
  const source = new FakeSource('concur');
  const gateway = new FakeGateway();
  const rt = (): SyncRuntime => ({
    store,
    adapters: { concur: source },
    settings,
    now: () => new Date(),
    random: () => 0,
  });
  let next = 0;
  let plan: Fault[] = [];
  gateway.faultFor = (op) => {
    const f = plan.shift() ?? 'ok';
    if (f === 'ok' || (op === 'lookup' && CREATE_ONLY.has(f)) || (op === 'create' && f === 'lookup_fail'))
      return undefined;
    return f;
  };
  // Confirmations wait for their backoff / lease in real time; the clock jumps instead.
  let clockOffset = 0;
  const cycle = async () => {
    clockOffset += 2 * 60 * 60_000;
    const offset = clockOffset;
    let hung = false;
    const crashed = new Promise<void>((resolve) => {
      gateway.onHang = () => {
        hung = true;
        resolve();
      };
    });
    // A hung call is a crash at that await: the cycle is abandoned, a new one starts on the same store.
    await Promise.race([
      runCycle(
        { store, adapter: source, gateway, clock: () => new Date(Date.now() + offset), random: () => 0.5 },
        flowContext(settings),
      ),
      crashed,
    ]);
    return hung;
  };
  const ids = () => listDocuments(store.db, { limit: 1000 }).rows;

  for (const s of steps) {
    if (s.kind === 'arrive') {
      for (let i = 0; i < s.count; i += 1) {
        const id = `D${next++}`;
        source.add({
          id,
          kind: 'invoice',
          company: 'US01',
          vendor: { code: 'APEX001' },
          currency: 'USD',
          total: '12.34',
          date: '2026-11-20',
          lines: [{ amount: '12.34', accountCode: '6200', costObject: '10ADMIN' }],
        });
      }
    } else if (s.kind === 'cycle') {
      plan = [...s.faults];
      await cycle();
    } else {
      for (const d of ids()) {
        try {
          if (s.decision === 'replay' && d.state === 'rejected') replayDocument(rt(), d.id, 'clerk');
          if (s.decision !== 'replay' && d.state === 'uncertain') {
            plan = [];
            await retryDocument(rt(), d.id, 'clerk', { decision: s.decision, gateway });
          }
        } catch (error) {
          // post-again before a negative look-up is refused: that refusal is the point.
          expect(String(error)).toMatch(/reconcile it first/);
        }
      }
    }
    for (const d of ids()) expect(gateway.countFor(`MLC-CONCUR-${d.sourceId}`)).toBeLessThanOrEqual(1);
  }

  // Faults stop. A person resolves what is uncertain; cycles finish the rest.
  plan = [];
  gateway.faultFor = undefined;
  for (let round = 0; round < 6; round += 1) {
    for (const d of ids()) {
      if (d.state !== 'uncertain') continue;
      const looked = await retryDocument(rt(), d.id, 'clerk', { decision: 'reconcile', gateway });
      if (looked.state === 'uncertain') await retryDocument(rt(), d.id, 'clerk', { decision: 'post-again' });
    }
    await cycle();
  }
  for (const d of ids()) {
    const ref = `MLC-CONCUR-${d.sourceId}`;
    const doc = getDocumentBySource(store.db, 'concur', d.sourceId);
    expect(['confirmed', 'rejected'], `${d.sourceId} ended ${doc?.state}`).toContain(doc?.state);
    const confirmations = listConfirmations(store.db, { documentId: d.id }).items;
    if (doc?.state === 'confirmed') {
      expect(gateway.countFor(ref)).toBe(1);
      expect(confirmations.find((c) => c.kind === 'posting_confirmation')?.state).toBe('done');
    } else {
      expect(gateway.countFor(ref)).toBe(0);
      expect(confirmations.find((c) => c.kind === 'posting_failure')?.state).toBe('done');
    }
  }
  expect(source.acknowledged.length).toBeGreaterThanOrEqual(next);
  store.close();
}

describe('random interleavings of cycles, faults and crashes', () => {
  it('never posts a reference twice and brings every document to an end state', async () => {
    await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 14 }), scenario), {
      numRuns: 80,
    });
  }, 60_000);
});
