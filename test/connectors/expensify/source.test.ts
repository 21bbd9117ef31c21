// The Expensify source on the document road, against the simulator: export with our template, download,
// parse; staged durably before anything is marked exported; a crash between export and marking loses
// nothing; the cursor never skips an unmarked report; confirmations write back only when asked.
import { afterEach, describe, expect, it } from 'vitest';
import {
  createExpensifySource,
  cursorStream,
} from '../../../electron/connectors/expensify/source-adapter.ts';
import {
  getCursor,
  getDocumentBySource,
  type OutboxItem,
  type Store,
} from '../../../electron/store/index.ts';
import type { ExpensifySimulator, SimReport } from '../../../electron/sandbox/expensify/index.ts';
import type { SyncRuntime } from '../../../electron/sync/runtime.ts';
import type { RawSourceItem, SourceAdapter } from '../../../electron/sync/source-port.ts';
import { stageItems } from '../../../electron/sync/stage.ts';
import type { Settings } from '../../../shared/settings.ts';
import {
  captureLog,
  clientFor,
  flowContext,
  NOW,
  settingsFor,
  simSecrets,
  startSim,
  tempStore,
} from './helpers.ts';

let sim: ExpensifySimulator | undefined;
let store: Store | undefined;
afterEach(async () => {
  await sim?.close();
  store?.close();
  sim = undefined;
  store = undefined;
});

const LABEL = 'ml-connector';

function setup(
  settings: Settings,
  s: ExpensifySimulator,
  st: Store,
): { adapter: SourceAdapter; rt: SyncRuntime } {
  const adapter = createExpensifySource({
    store: st,
    settings: () => settings,
    now: () => NOW,
    clientFactory: (ctx) => clientFor(s, ctx.settings),
  });
  const rt: SyncRuntime = {
    store: st,
    adapters: { expensify: adapter },
    settings,
    now: () => NOW,
    random: () => 0.5,
  };
  return { adapter, rt };
}

/** What our export must return: approved or reimbursed, in a configured policy, not yet labelled by us. */
const expected = (reports: readonly SimReport[]): string[] =>
  reports
    .filter(
      (r) =>
        (r.status === 'APPROVED' || r.status === 'REIMBURSED') &&
        !r.exportedLabels.some((l) => l.label === LABEL),
    )
    .map((r) => r.reportID)
    .sort();

const labelled = (s: ExpensifySimulator): string[] =>
  s.state.reports
    .filter((r) => r.exportedLabels.some((l) => l.label === LABEL))
    .map((r) => r.reportID)
    .sort();

describe('Expensify source adapter', () => {
  it('exports the approved and reimbursed demo reports with our template and reads every one', async () => {
    sim = await startSim({ reports: 30 });
    store = tempStore();
    const settings = settingsFor(sim);
    const { adapter } = setup(settings, sim, store);
    const items = await adapter.fetch(flowContext(settings, simSecrets(sim)));
    expect(items.map((i) => i.sourceId).sort()).toEqual(expected(sim.state.reports));
    expect(items.length).toBeGreaterThan(10);
    // Reports exported by another integration (another label) still come to us.
    expect(
      sim.state.reports.some(
        (r) => r.exportedLabels.length > 0 && items.some((i) => i.sourceId === r.reportID),
      ),
    ).toBe(true);
    for (const item of items) {
      const simReport = sim.state.reports.find((r) => r.reportID === item.sourceId) as SimReport;
      const { document } = adapter.toCanonical(item);
      expect(document?.sourceEntity).toBe(simReport.policyID);
      expect(document?.payee.code).toBe(simReport.accountEmail.toLowerCase());
      expect(document?.lines).toHaveLength(simReport.expenses.length);
      // Every line's amount is exactly what the report total is made of (minor units, credits included).
      const total = simReport.expenses.reduce(
        (sum, e) => sum + (e.convertedAmount ?? e.modifiedAmount ?? e.amount),
        0,
      );
      expect(document?.totalMinor).toBe(total);
    }
    // Fetching marks nothing.
    expect(labelled(sim)).toEqual([]);
  });

  it('marks reports exported only after they are staged; a crash in between loses nothing', async () => {
    sim = await startSim({ reports: 30 });
    store = tempStore();
    const settings = settingsFor(sim);
    const ctx = flowContext(settings, simSecrets(sim));
    const want = expected(sim.state.reports);

    // Run 1 "crashes" after the export and download: nothing staged, nothing acknowledged.
    const first = setup(settings, sim, store);
    const lost = await first.adapter.fetch(ctx);
    expect(lost.map((i) => i.sourceId).sort()).toEqual(want);
    expect(labelled(sim)).toEqual([]);

    // Run 2 (a fresh adapter, as after a restart) gets every report again, stages, then marks.
    const second = setup(settings, sim, store);
    const items = await second.adapter.fetch(ctx);
    expect(items.map((i) => i.sourceId).sort()).toEqual(want);
    const staged = stageItems(second.rt, second.adapter, items);
    expect(staged.failed).toEqual([]);
    expect(labelled(sim)).toEqual([]);
    for (const id of want) expect(getDocumentBySource(store.db, 'expensify', id)).toBeDefined();
    const ack = await second.adapter.acknowledge(staged.durable, ctx);
    expect(ack.failed).toEqual([]);
    expect(ack.acknowledged.slice().sort()).toEqual(want);
    expect(labelled(sim)).toEqual(want);

    // Run 3: nothing new. A report fetched again (e.g. marking failed) is never staged twice.
    expect(await second.adapter.fetch(ctx)).toEqual([]);
    expect(stageItems(second.rt, second.adapter, items).staged).toBe(0);
  });

  it('moves each policy cursor only past reports that are marked, never past a pending one', async () => {
    sim = await startSim({ reports: 30 });
    store = tempStore();
    const settings = settingsFor(sim);
    const ctx = flowContext(settings, simSecrets(sim));
    const { adapter, rt } = setup(settings, sim, store);
    const items = await adapter.fetch(ctx);
    const staged = stageItems(rt, adapter, items);
    // Expensify refuses to mark one report: it must stay fetchable.
    const [held, ...rest] = staged.durable as RawSourceItem[];
    const ack = await adapter.acknowledge(
      [...rest, { ...(held as RawSourceItem), sourceId: 'R00NOSUCHREP' }],
      ctx,
    );
    expect(ack.failed.map((f) => f.sourceId)).toEqual(['R00NOSUCHREP']);
    const heldReport = sim.state.reports.find((r) => r.reportID === held?.sourceId) as SimReport;
    const heldDay = (heldReport.approved ?? '').slice(0, 10);
    const cursor = getCursor(store.db, 'expensify', cursorStream(heldReport.policyID))?.value;
    expect(cursor).toBeDefined();
    expect((cursor as string) < heldDay).toBe(true);
    // The report that was not marked comes again, and only it.
    expect((await adapter.fetch(ctx)).map((i) => i.sourceId)).toEqual([heldReport.reportID]);
  });

  it('pages with the export limit and never moves the cursor on a page that was cut', async () => {
    sim = await startSim({ reports: 30 });
    store = tempStore();
    const settings = settingsFor(sim, { pageSize: 5 });
    const ctx = flowContext(settings, simSecrets(sim));
    const { adapter, rt } = setup(settings, sim, store);
    const seen = new Set<string>();
    for (let round = 0; round < 10; round += 1) {
      const items = await adapter.fetch(ctx);
      if (items.length === 0) break;
      expect(items.length).toBeLessThanOrEqual(5);
      for (const i of items) seen.add(i.sourceId);
      await adapter.acknowledge(stageItems(rt, adapter, items).durable, ctx);
      if (items.length === 5) {
        for (const id of sim.policyIds)
          expect(getCursor(store.db, 'expensify', cursorStream(id))).toBeUndefined();
      }
    }
    expect([...seen].sort()).toEqual(labelled(sim));
    expect(labelled(sim).length).toBeGreaterThan(10);
  });

  it('writes back Reimbursed only when the setting asks, and a repeat is harmless', async () => {
    sim = await startSim({ reports: 10 });
    store = tempStore();
    const approved = sim.state.reports.find((r) => r.status === 'APPROVED') as SimReport;
    const item = (kind = 'posting_confirmation'): OutboxItem => ({
      id: 1,
      documentId: 1,
      targetSystem: 'expensify',
      kind,
      payload: {
        source: 'expensify',
        sourceId: approved.reportID,
        externalRef: `MLC-EXPENSIFY-${approved.reportID}`,
        outcome: 'posted',
        postedAt: NOW.toISOString(),
      },
      state: 'pending',
      attempts: 1,
      nextAttemptAt: NOW.toISOString(),
      createdAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
    });

    const off = settingsFor(sim);
    const before = sim.server.requests.length;
    expect(
      (await setup(off, sim, store).adapter.confirm(item(), flowContext(off, simSecrets(sim)))).status,
    ).toBe('done');
    expect(sim.server.requests.length).toBe(before);
    expect(approved.status).toBe('APPROVED');

    const on = settingsFor(sim, { writeBackReimbursed: true });
    const { adapter } = setup(on, sim, store);
    const ctx = flowContext(on, simSecrets(sim));
    expect(await adapter.confirm(item(), ctx)).toMatchObject({ status: 'done' });
    expect(approved.status).toBe('REIMBURSED');
    expect(await adapter.confirm(item(), ctx)).toMatchObject({
      status: 'done',
      note: expect.stringContaining('Already') as string,
    });
    expect(await adapter.confirm(item('posting_failure'), ctx)).toMatchObject({ status: 'done' });
  });

  it('fails the fetch with a clear error when the credentials are refused, marking nothing', async () => {
    sim = await startSim({ reports: 10 });
    store = tempStore();
    const settings = settingsFor(sim);
    const adapter = createExpensifySource({
      store,
      settings: () => settings,
      now: () => NOW,
      clientFactory: (ctx) => clientFor(sim as ExpensifySimulator, ctx.settings, { secret: 'wrong' }),
    });
    await expect(adapter.fetch(flowContext(settings, simSecrets(sim), captureLog()))).rejects.toMatchObject({
      kind: 'auth',
      message: expect.stringContaining('Authentication error') as string,
    });
    expect(labelled(sim)).toEqual([]);
  });
});
