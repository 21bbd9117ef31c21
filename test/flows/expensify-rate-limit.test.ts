// The Expensify road under the Integration Server's rate limit: a long run of many export/mark cycles meets
// no 429 from the simulator at all, and when 429s are injected anyway the run still completes, nothing lost.
//
// Why shrunk windows and not the real ones on the simulator's clock: the engine's pacer runs on the wall
// clock (it has no clock hook the engine exposes), so with the documented 5/10 s and 20/60 s a run of dozens
// of calls would take minutes. Both sides are scaled by the same factor instead: the simulator's limiter
// (5 per 250 ms, 20 per 1.5 s, i.e. 40 times faster) and the engine's client, which gets the same windows and
// a margin scaled alike (25 ms for the real 1 s). The pacing logic, the order of calls and the ratio of calls to
// windows are the real ones; only the unit of time differs. The engine runs in this process (one pacer for all
// cycles, as in the desktop app or `ml-connector run`), with every shipped flow and the sandbox's QAD.
import { afterEach, describe, expect, it } from 'vitest';
import type { RateWindow } from '../../electron/connectors/expensify/index.ts';
import type { Engine } from '../../electron/engine/engine.ts';
import {
  exportableReportIds,
  expensifyLabelCounts,
  flowFixture,
  integrityOk,
  ledgerDocuments,
  openPacedExpensifyEngine,
  patchConfig,
  qadReferences,
  shrinkExpensifyWindows,
  type FlowFixture,
} from './support.ts';

/** The documented windows, 40 times faster. */
const WINDOWS: readonly RateWindow[] = [
  { limit: 5, windowMs: 250 },
  { limit: 20, windowMs: 1500 },
];
const MARGIN_MS = 25;

let fixture: FlowFixture | undefined;
let engine: Engine | undefined;
afterEach(async () => {
  await engine?.stop();
  await fixture?.sandbox.close();
  engine = undefined;
  fixture = undefined;
});

async function setUp(reports: number, pageSize: number): Promise<{ f: FlowFixture; engine: Engine }> {
  fixture = await flowFixture({ seed: 13, expensifyReports: reports, sources: ['expensify'] });
  shrinkExpensifyWindows(fixture.sandbox, WINDOWS);
  patchConfig(fixture, (config) => {
    config.expensify = {
      ...config.expensify,
      pageSize,
      retry: { maxAttempts: 8, baseDelayMs: 20, maxDelayMs: 400 },
    };
  });
  engine = await openPacedExpensifyEngine(fixture, { rateWindows: WINDOWS, rateMarginMs: MARGIN_MS });
  // Master data first (QAD only), then Expensify cycles until an export comes back empty.
  await engine.runCycle('masterData', 'manual');
  return { f: fixture, engine };
}

/** Runs Expensify cycles until one fetches nothing; answers how many cycles that took. */
async function drain(e: Engine, maxCycles: number): Promise<number> {
  for (let cycle = 1; cycle <= maxCycles; cycle += 1) {
    const result = await e.runCycle('expensify', 'manual');
    if (!result.failed && result.counts.expensify.fetched === 0) return cycle;
  }
  return maxCycles + 1;
}

function expectNothingLostNothingTwice(f: FlowFixture): void {
  const exportable = exportableReportIds(f.sandbox);
  const docs = ledgerDocuments(f.dataDir, 'expensify');
  const labels = expensifyLabelCounts(f.sandbox);
  expect([...docs.keys()].sort()).toEqual([...exportable].sort());
  expect([...labels.keys()].sort()).toEqual([...exportable].sort());
  for (const [id, count] of labels) expect(count, id).toBe(1);
  const confirmed = [...docs].filter(([, d]) => d.state === 'confirmed').map(([id]) => id);
  const references = qadReferences(f.sandbox);
  expect([...references.keys()].sort()).toEqual(confirmed.map((id) => `MLC-EXPENSIFY-${id}`).sort());
  for (const [reference, count] of references) expect(count, reference).toBe(1);
  expect(integrityOk(f.dataDir)).toBe(true);
}

describe('Expensify under the rate limit', () => {
  it('paces a long run of export and marking calls so the simulator answers no 429 at all', async () => {
    const { f, engine: e } = await setUp(300, 20);
    const cycles = await drain(e, 40);
    const calls = f.sandbox.expensify.server.requests;
    // Long enough that the windows bind: many more calls than one long window allows.
    expect(cycles).toBeGreaterThan(8);
    expect(calls.length).toBeGreaterThan(2 * (WINDOWS[1]?.limit ?? 0));
    expect(f.sandbox.expensify.state.rateLimited).toBe(0);
    expect(calls.filter((c) => c.status === 429)).toHaveLength(0);
    expectNothingLostNothingTwice(f);
  }, 60_000);

  it('completes with nothing lost when 429s are injected (no Retry-After: full-jitter backoff)', async () => {
    const { f, engine: e } = await setUp(120, 40);
    f.sandbox.expensify.server.faults.set({ rate429: 0.3, seed: 4 });
    const cycles = await drain(e, 30);
    expect(cycles).toBeLessThanOrEqual(30);
    expect(f.sandbox.expensify.server.faults.injected['429']).toBeGreaterThan(3);
    // The injected ones aside, the limiter itself still refused nothing.
    expect(f.sandbox.expensify.state.rateLimited).toBe(0);
    expectNothingLostNothingTwice(f);
  }, 60_000);
});
