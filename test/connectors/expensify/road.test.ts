// The Expensify source on the whole document road (electron/sync runCycle) against the simulator and an
// in-memory QAD: every approved report is staged once, labelled in Expensify, clean ones post to QAD once,
// and the confirmation marks them Reimbursed when asked.
import { afterEach, describe, expect, it } from 'vitest';
import { createExpensifySource } from '../../../electron/connectors/expensify/source-adapter.ts';
import type { ExpensifySimulator } from '../../../electron/sandbox/expensify/index.ts';
import { changeMappings, listDocuments, type Store } from '../../../electron/store/index.ts';
import { runCycle } from '../../../electron/sync/cycle.ts';
import { FakeGateway } from '../../sync/fake-gateway.ts';
import { loadCache } from '../../sync/support.ts';
import {
  clientFor,
  company,
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

describe('Expensify on the document road', () => {
  it('stages each report once, labels it, posts the clean ones once and writes back Reimbursed', async () => {
    sim = await startSim({ reports: 20 });
    store = tempStore();
    loadCache(store, company);
    // The mappings a controller would set: policy -> entity, employee email -> their QAD supplier.
    changeMappings(
      store.db,
      [
        ...sim.state.policies.map((p) => ({
          kind: 'entity' as const,
          sourceValue: p.id,
          target: { entity: p.entity },
        })),
        ...company.employees.map((e) => ({
          kind: 'employee' as const,
          sourceValue: e.email.toLowerCase(),
          target: { supplier: e.supplierCode },
        })),
      ],
      { actor: 'controller' },
    );
    const settings = settingsFor(sim, { writeBackReimbursed: true });
    const withRelease = {
      ...settings,
      posting: { ...settings.posting, autoRelease: ['expensify' as const] },
    };
    const adapter = createExpensifySource({
      store,
      settings: () => withRelease,
      now: () => NOW,
      clientFactory: (ctx) => clientFor(sim as ExpensifySimulator, ctx.settings),
    });
    const gateway = new FakeGateway();
    const options = { store, adapter, gateway, clock: () => NOW, random: () => 0 };
    const ctx = flowContext(withRelease, simSecrets(sim));

    const first = await runCycle(options, ctx);
    const counts = first.counts.expensify;
    const wanted = sim.state.reports.filter((r) => r.status === 'APPROVED' || r.status === 'REIMBURSED');
    expect(counts?.fetched).toBe(wanted.length);
    expect(counts?.staged).toBe(wanted.length);
    expect(
      sim.state.reports.filter((r) => r.exportedLabels.some((l) => l.label === 'ml-connector')),
    ).toHaveLength(wanted.length);
    expect(counts?.posted).toBeGreaterThan(0);
    // Never twice in QAD.
    const refs = gateway.documents.map((d) => d.externalRef);
    expect(new Set(refs).size).toBe(refs.length);
    expect(refs.every((r) => r.startsWith('MLC-EXPENSIFY-'))).toBe(true);
    // Posted approved reports are now Reimbursed in Expensify.
    const posted = gateway.documents.map((d) => d.externalRef.replace('MLC-EXPENSIFY-', ''));
    for (const id of posted)
      expect(sim.state.reports.find((r) => r.reportID === id)?.status).toBe('REIMBURSED');

    const second = await runCycle(options, ctx);
    expect(second.counts.expensify?.fetched).toBe(0);
    expect(gateway.documents.map((d) => d.externalRef)).toEqual(refs);
    const docs = listDocuments(store.db, { source: 'expensify', limit: 1000 });
    expect(docs.total).toBe(wanted.length);
  });
});
