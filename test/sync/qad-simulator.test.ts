// The document's road against the QAD simulators through the real gateway (REST and QXtend): master data
// read by the masterData flow into the cache, exact coding and amounts in QAD, the three-way match gate
// released by a receipt booked in QAD, and random transport faults with zero duplicates and zero lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQadGateway } from '../../electron/connectors/qad/gateway.ts';
import { createMasterDataFlow } from '../../electron/engine/master-data.ts';
import type { EngineSecrets } from '../../electron/engine/ports.ts';
import { type QadSimulators, startQadSimulators } from '../../electron/sandbox/qad/index.ts';
import {
  type Store,
  changeMappings,
  getDocumentBySource,
  listDocuments,
} from '../../electron/store/index.ts';
import { runCycle } from '../../electron/sync/cycle.ts';
import { retryDocument } from '../../electron/sync/replay.ts';
import { type Settings, settingsSchema } from '../../shared/settings.ts';
import { type FakeDoc, FakeSource } from './fake-source.ts';
import { demoCompany, flowContext, tempStore } from './support.ts';

const secrets: EngineSecrets = {
  backend: 'memory',
  get: (name) =>
    Promise.resolve(
      name === 'qad.username' ? 'mlc-demo' : name === 'qad.password' ? 'sandbox-password' : undefined,
    ),
  set: () => Promise.resolve(),
  delete: () => Promise.resolve(),
  status: () => Promise.resolve([]),
};

let sims: QadSimulators;
beforeAll(async () => {
  sims = await startQadSimulators({ company: demoCompany() });
});
afterAll(() => sims.close());

function settingsFor(mode: 'rest' | 'qxtend'): Settings {
  return settingsSchema.parse({
    qad: {
      mode,
      domain: 'QMFG',
      timeoutMs: 1000,
      retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
      breaker: { failureThreshold: 100, halfOpenAfterMs: 10 },
      rest: { tenantUrl: sims.rest.tenantUrl, clientId: 'mlc' },
      qxtend: { endpointUrl: sims.qxtend.endpointUrl },
    },
    concur: { enabled: true, clientId: 'c', companyUuid: 'u' },
    posting: { autoRelease: ['concur'] },
  });
}

function ctx(settings: Settings) {
  return { ...flowContext(settings), secrets };
}

async function qadInvoices(
  reference: string,
): Promise<{ count: number; invoices: Record<string, unknown>[] }> {
  const response = await fetch(
    `${sims.rest.url}/__sandbox/qad/invoices?reference=${encodeURIComponent(reference)}`,
  );
  return (await response.json()) as { count: number; invoices: Record<string, unknown>[] };
}

describe.each(['rest', 'qxtend'] as const)('against the QAD %s simulator', (mode) => {
  let store: Store;
  let source: FakeSource;
  let settings: Settings;
  const prefix = mode === 'rest' ? 'R' : 'Q';

  const refresh = () => createMasterDataFlow({ store }).run(ctx(settings));
  const cycle = (s: Settings = settings) =>
    runCycle({ store, adapter: source, gateway: (c) => createQadGateway(c.settings, secrets) }, ctx(s));
  const doc = (id: string) => getDocumentBySource(store.db, 'concur', id);

  beforeAll(async () => {
    store = tempStore();
    settings = settingsFor(mode);
    source = new FakeSource('concur');
    changeMappings(
      store.db,
      [
        { kind: 'entity', sourceValue: 'US01', target: { entity: '10USA' } },
        { kind: 'gl_account', sourceValue: 'Office Supplies', target: { glAccount: '6200' } },
      ],
      { actor: 'controller' },
    );
    expect((await refresh()).outcome).toBe('succeeded');
  });
  afterAll(() => store.close());

  const invoice = (id: string, over: Partial<FakeDoc> = {}): FakeDoc => ({
    id,
    kind: 'invoice',
    company: 'US01',
    vendor: { code: 'APEX001' },
    currency: 'USD',
    total: '1300.49',
    date: '2026-11-20',
    invoiceNumber: `SUP-${id}`,
    lines: [
      { amount: '1200.50', expenseType: 'Office Supplies', costObject: '10ADMIN' },
      { amount: '99.99', accountCode: '6300', costObject: '10MAINT' },
    ],
    ...over,
  });

  it('posts a document to confirmed with the exact amounts in QAD', async () => {
    source.add(invoice(`${prefix}1`));
    await cycle();
    await cycle();
    const d = doc(`${prefix}1`);
    expect(d?.state).toBe('confirmed');
    const inQad = await qadInvoices(`MLC-CONCUR-${prefix}1`);
    expect(inQad.count).toBe(1);
    expect(d?.qadDocumentId).toMatch(/^10USA\//);
    expect(inQad.invoices[0]).toMatchObject({
      entityCode: '10USA',
      supplierCode: 'APEX001',
      reference: `SUP-${prefix}1`,
      currencyCode: 'USD',
      amount: '1300.49',
      glLines: [
        { glAccount: '6200', costCenter: '10ADMIN', amount: '1200.50' },
        { glAccount: '6300', costCenter: '10MAINT', amount: '99.99' },
      ],
    });
  });

  it('holds a PO-backed invoice until QAD has the receipt, then matches it', async () => {
    const po = demoCompany().purchaseOrders.find(
      (p) => p.number === (mode === 'rest' ? 'PO20004' : 'PO20009'),
    );
    const line = po!.lines[0]!;
    const cents = line.quantity * line.unitPriceMinor;
    const amount = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
    source.add(
      invoice(`${prefix}PO`, {
        vendor: { code: po!.supplier },
        total: amount,
        poNumber: po!.number,
        lines: [{ amount, poNumber: po!.number, poLine: line.line, quantity: String(line.quantity) }],
      }),
    );
    await cycle();
    expect(doc(`${prefix}PO`)?.state).toBe('awaiting_receipt');

    const received = await fetch(`${sims.rest.url}/__sandbox/qad/receipts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        poNumber: po!.number,
        line: line.line,
        quantity: line.quantity,
        date: '2026-11-18',
      }),
    });
    expect(received.ok).toBe(true);
    await refresh();
    await cycle();
    await cycle();
    expect(doc(`${prefix}PO`)?.state).toBe('confirmed');
    const matched = await qadInvoices(`MLC-CONCUR-${prefix}PO`);
    expect(matched.count).toBe(1);
    expect(matched.invoices[0]).toMatchObject({
      supplierCode: po!.supplier,
      amount,
      receiptMatches: [{ purchaseOrder: po!.number, purchaseOrderLine: line.line, quantity: line.quantity }],
    });
  });

  it('a refusal by QAD (period closed after validation) rejects the document and confirms the failure', async () => {
    const setPeriod = (status: 'open' | 'closed') =>
      fetch(`${sims.rest.url}/__sandbox/qad/periods`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ entity: '10USA', year: 2026, period: 11, status }),
      });
    source.add(invoice(`${prefix}REJ`));
    // Validated against the cache while the period was open, waiting in its batch for a release.
    await cycle({ ...settings, posting: { ...settings.posting, autoRelease: [] } });
    expect(doc(`${prefix}REJ`)?.state).toBe('ready');
    expect((await setPeriod('closed')).ok).toBe(true);
    try {
      await cycle();
    } finally {
      await setPeriod('open');
    }
    const d = doc(`${prefix}REJ`);
    expect(d?.state).toBe('rejected');
    expect(d?.exceptions[0]?.cause).toBe('qad_rejection');
    expect(source.confirmed.get(`${prefix}REJ/posting_failure`)?.payload).toMatchObject({
      outcome: 'rejected',
    });
    expect((await qadInvoices(`MLC-CONCUR-${prefix}REJ`)).count).toBe(0);
  });

  it('random lost replies, resets and 503s: each document in QAD exactly once, none lost', async () => {
    const server = mode === 'rest' ? sims.rest : sims.qxtend;
    const ids = Array.from({ length: 10 }, (_, i) => `${prefix}F${i}`);
    for (const id of ids)
      source.add(
        invoice(id, {
          total: '10.00',
          lines: [{ amount: '10.00', accountCode: '6200', costObject: '10ADMIN' }],
        }),
      );
    server.faults.set({ rate503: 0.1, resetRate: 0.1, lostReplyRate: 0.25, seed: mode === 'rest' ? 5 : 9 });
    try {
      for (let i = 0; i < 4; i += 1) await cycle();
    } finally {
      server.faults.clear();
    }
    expect(server.faults.injected['lost-reply'] + server.faults.injected.reset).toBeGreaterThan(0);
    // Faults are over: a person reconciles whatever was held as uncertain; the cycles finish the rest.
    for (let round = 0; round < 3; round += 1) {
      for (const d of listDocuments(store.db, { state: 'uncertain', limit: 100 }).rows) {
        const gateway = await createQadGateway(settings, secrets);
        const looked = await retryDocument(
          { store, adapters: { concur: source }, settings, now: () => new Date(), random: Math.random },
          d.id,
          'clerk',
          { decision: 'reconcile', gateway },
        );
        if (looked.state === 'uncertain') {
          await retryDocument(
            { store, adapters: { concur: source }, settings, now: () => new Date(), random: Math.random },
            d.id,
            'clerk',
            { decision: 'post-again' },
          );
        }
      }
      await cycle();
    }
    for (const id of ids) {
      expect(doc(id)?.state, id).toBe('confirmed');
      expect((await qadInvoices(`MLC-CONCUR-${id}`)).count, id).toBe(1);
    }
  });
});
