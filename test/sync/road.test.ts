// The document's road end to end, source-agnostic: a fake source, the real store, an in-memory QAD.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type Store,
  auditHead,
  changeMappings,
  getDocumentBySource,
  getLedgerEntry,
  listBatches,
  listDocuments,
  verifyAuditChain,
} from '../../electron/store/index.ts';
import { createSourceFlow, runCycle } from '../../electron/sync/cycle.ts';
import { createSyncHandlers } from '../../electron/sync/handlers.ts';
import type { QadJournalEntryInput, QadSupplierInvoiceInput } from '../../shared/domain/qad.ts';
import { FakeGateway } from './fake-gateway.ts';
import { type FakeDoc, FakeSource } from './fake-source.ts';
import { demoCompany, flowContext, loadCache, tempStore, testSettings } from './support.ts';

const company = demoCompany();
let store: Store;
let source: FakeSource;
let gateway: FakeGateway;

function invoice(id: string, overrides: Partial<FakeDoc> = {}): FakeDoc {
  return {
    id,
    kind: 'invoice',
    company: 'US01',
    vendor: { code: 'APEX001', name: 'Apex Fasteners LLC' },
    currency: 'USD',
    total: '1300.49',
    date: '2026-11-20',
    invoiceNumber: `INV-${id}`,
    description: 'Fasteners and repairs',
    lines: [
      { amount: '1200.50', expenseType: 'Office Supplies', costObject: '10ADMIN', description: 'Supplies' },
      { amount: '99.99', accountCode: '6300', costObject: 'MAINT', description: 'Repair' },
    ],
    ...overrides,
  };
}

function handlers(settings = testSettings()) {
  return createSyncHandlers({
    store,
    adapters: { concur: source },
    settings: () => settings,
    gateway: () => Promise.resolve(gateway),
  });
}

async function cycle(settings = testSettings()) {
  const outcome = await runCycle({ store, adapter: source, gateway }, flowContext(settings));
  return outcome.counts.concur ?? expect.fail('no concur counts');
}

const autoSettings = () => testSettings({ posting: { autoRelease: ['concur'] } });

function doc(id: string) {
  return getDocumentBySource(store.db, 'concur', id) ?? expect.fail(`document ${id} not staged`);
}

beforeEach(() => {
  store = tempStore();
  loadCache(store, company, company.receipts);
  changeMappings(
    store.db,
    [
      { kind: 'entity', sourceValue: 'US01', target: { entity: '10USA' } },
      { kind: 'entity', sourceValue: 'DE01', target: { entity: '20DEU' } },
      { kind: 'gl_account', sourceValue: 'Office Supplies', target: { glAccount: '6200' } },
      { kind: 'gl_account', sourceValue: 'Meals', target: { glAccount: '6120' } },
      {
        kind: 'cost_center',
        entity: '10USA',
        sourceValue: 'MAINT',
        target: { costCenter: '10MAINT', subAccount: 'OPS' },
      },
    ],
    { actor: 'controller@plant' },
  );
  source = new FakeSource('concur');
  gateway = new FakeGateway();
});

afterEach(() => store.close());

describe('a clean invoice', () => {
  it('flows to confirmed with the exact QAD coding and amounts, after a person releases the batch', async () => {
    source.add(invoice('INV1'));
    const first = await cycle();
    expect(first).toMatchObject({ fetched: 1, staged: 1, ready: 1, posted: 0 });
    expect(doc('INV1').state).toBe('ready');
    expect(source.acknowledged).toEqual(['INV1']);

    const h = handlers();
    const [batch] = (await h['batches/list']({ state: 'open', offset: 0, limit: 10 }, { actor: 'clerk' }))
      .batches;
    expect(batch).toMatchObject({ documentCount: 1, totalMinor: 130049, entity: '10USA', currency: 'USD' });
    const view = await h['batches/get']({ batchId: batch!.id }, { actor: 'clerk' });
    expect(view.supplierTotals).toEqual([
      { supplier: 'APEX001', payee: 'Apex Fasteners LLC', documentCount: 1, totalMinor: 130049 },
    ]);
    expect(view.accountTotals.map((a) => [a.glAccount, a.totalMinor])).toEqual([
      ['6200', 120050],
      ['6300', 9999],
    ]);
    // The person saw another total: refused.
    await expect(
      h['batches/release']({ batchId: batch!.id, documentCount: 1, totalMinor: 130050 }, { actor: 'clerk' }),
    ).rejects.toMatchObject({ code: 'conflict' });
    const released = await h['batches/release'](
      { batchId: batch!.id, documentCount: 1, totalMinor: 130049 },
      { actor: 'clerk' },
    );
    expect(released).toMatchObject({ state: 'released', releasedBy: 'clerk' });

    const second = await cycle();
    expect(second).toMatchObject({ posted: 1, confirmed: 1, failed: 0 });
    expect(gateway.documents).toHaveLength(1);
    const input = gateway.documents[0]!.input as QadSupplierInvoiceInput;
    expect(input).toMatchObject({
      externalRef: 'MLC-CONCUR-INV1',
      entity: '10USA',
      supplier: 'APEX001',
      supplierInvoiceNumber: 'INV-INV1',
      type: 'invoice',
      currency: 'USD',
      totalMinor: 130049,
      receiptMatches: [],
      glLines: [
        { glAccount: '6200', costCenter: '10ADMIN', amountMinor: 120050, description: 'Supplies' },
        {
          glAccount: '6300',
          subAccount: 'OPS',
          costCenter: '10MAINT',
          amountMinor: 9999,
          description: 'Repair',
        },
      ],
    });
    const d = doc('INV1');
    expect(d.state).toBe('confirmed');
    expect(getLedgerEntry(store.db, 'concur', 'INV1')?.qadDocumentId).toBe(gateway.documents[0]!.documentId);
    expect(source.confirmed.get('INV1/posting_confirmation')?.payload).toMatchObject({
      externalRef: 'MLC-CONCUR-INV1',
      qadDocumentId: gateway.documents[0]!.documentId,
      outcome: 'posted',
    });
    expect(listBatches(store.db, {}).batches[0]?.state).toBe('posted');

    const detail = await h['documents/get']({ documentId: d.id }, { actor: 'clerk' });
    expect(detail.lines[0]).toMatchObject({
      source: { expenseType: 'Office Supplies' },
      qad: { glAccount: '6200' },
    });
    expect(detail.qadDocumentId).toBe(gateway.documents[0]!.documentId);
    expect(detail.timeline.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'document.staged',
        'document.validated',
        'posting.intent_created',
        'posting.sending',
        'posting.posted',
        'confirmation.done',
      ]),
    );

    // A second cycle changes nothing: not QAD, not the store, not the audit trail.
    const head = auditHead(store.db);
    const third = await cycle();
    expect(third).toMatchObject({ fetched: 0, staged: 0, posted: 0, confirmed: 0, failed: 0 });
    expect(auditHead(store.db)).toEqual(head);
    expect(gateway.writes).toBe(1);
    expect(verifyAuditChain(store.db).ok).toBe(true);
  });

  it('never stages a re-sent id twice and acknowledges it again', async () => {
    source.resend = true;
    source.add(invoice('INV2'));
    expect((await cycle()).staged).toBe(1);
    expect((await cycle()).staged).toBe(0);
    expect(listDocuments(store.db, {}).total).toBe(1);
    expect(source.acknowledged).toEqual(['INV2', 'INV2']);
  });

  it('posts a negative total as a credit note with positive amounts', async () => {
    source.add(
      invoice('CN1', {
        total: '-50.00',
        lines: [{ amount: '-50.00', accountCode: '6200', costObject: '10ADMIN' }],
      }),
    );
    await cycle(autoSettings());
    await cycle(autoSettings());
    expect(gateway.documents[0]?.input).toMatchObject({
      type: 'credit_note',
      totalMinor: 5000,
      glLines: [{ glAccount: '6200', amountMinor: 5000 }],
    });
    expect(doc('CN1').state).toBe('confirmed');
  });

  it('invoices an expense report to the employee for what they paid, offsetting card-paid lines', async () => {
    source.add({
      id: 'ER2',
      kind: 'expense_report',
      company: 'US01',
      employee: { id: 'E1001' },
      currency: 'USD',
      total: '187.35',
      date: '2026-11-21',
      lines: [
        { amount: '120.00', expenseType: 'Meals', costObject: '10MACH' },
        { amount: '67.35', expenseType: 'Office Supplies', costObject: '10MACH', paymentType: 'company' },
      ],
    });
    await cycle(autoSettings());
    await cycle(autoSettings());
    expect(gateway.documents[0]?.input).toMatchObject({
      supplier: 'E1001',
      type: 'invoice',
      totalMinor: 12000,
      glLines: [
        { glAccount: '6120', costCenter: '10MACH', amountMinor: 12000 },
        { glAccount: '6200', costCenter: '10MACH', amountMinor: 6735 },
        { glAccount: '2400', amountMinor: -6735 },
      ],
    });
    expect(doc('ER2').state).toBe('confirmed');
  });

  it('a report paid entirely by company card cannot be invoiced to the employee: an exception, not a loop', async () => {
    source.add({
      id: 'ER3',
      kind: 'expense_report',
      company: 'US01',
      employee: { id: 'E1001' },
      currency: 'USD',
      total: '67.35',
      date: '2026-11-21',
      lines: [{ amount: '67.35', expenseType: 'Meals', costObject: '10MACH', paymentType: 'company' }],
    });
    await cycle(autoSettings());
    expect(doc('ER3').exceptions).toEqual([
      expect.objectContaining({ cause: 'invalid_document', field: 'lines' }),
    ]);
    const head = auditHead(store.db);
    await cycle(autoSettings());
    expect(auditHead(store.db)).toEqual(head);
    expect(gateway.writes).toBe(0);
  });

  it('posts an expense report as a balanced GL journal when settings say so', async () => {
    const settings = testSettings({
      posting: { autoRelease: ['concur'] },
      concur: { enabled: true, clientId: 'c', companyUuid: 'u', expenseReportPosting: 'gl_journal' },
    });
    source.add({
      id: 'ER1',
      kind: 'expense_report',
      company: 'US01',
      employee: { id: 'E1001', name: 'Ana Andersen' },
      currency: 'USD',
      total: '187.35',
      date: '2026-11-21',
      lines: [
        { amount: '120.00', expenseType: 'Meals', costObject: '10MACH' },
        { amount: '67.35', expenseType: 'Office Supplies', costObject: '10MACH', paymentType: 'company' },
      ],
    });
    await cycle(settings);
    await cycle(settings);
    expect(gateway.documents[0]?.kind).toBe('journal_entry');
    const input = gateway.documents[0]!.input as QadJournalEntryInput;
    expect(input.lines.map((l) => [l.glAccount, l.debitMinor, l.creditMinor])).toEqual([
      ['6120', 12000, 0],
      ['6200', 6735, 0],
      ['2010', 0, 12000],
      ['2400', 0, 6735],
    ]);
    expect(doc('ER1').state).toBe('confirmed');
  });
});

describe('what cannot post yet', () => {
  it('stages bad payloads as exceptions naming the field, keeping the raw payload', async () => {
    const bad: [string, FakeDoc | string, string][] = [
      ['B1', invoice('B1', { vendor: undefined }), 'vendor.code'],
      ['B2', invoice('B2', { lines: [{ amount: '1400.49' }, { amount: '-100.00' }] }), 'lines[1].amount'],
      ['B3', invoice('B3', { total: '12,50' }), 'total'],
      ['B4', invoice('B4', { currency: 'XYZ' }), 'currency'],
      ['B5', invoice('B5', { total: '1300.50' }), 'lines'],
      ['B6', '{not json', 'payload'],
      ['B7', invoice('B7', { date: '2026-13-45' }), 'documentDate'],
    ];
    for (const [id, payload] of bad) {
      if (typeof payload === 'string') source.addRaw(id, 'invoice', payload);
      else source.add(payload);
    }
    const counts = await cycle();
    expect(counts).toMatchObject({ fetched: 7, staged: 7, exceptions: 7, ready: 0 });
    for (const [id, payload, field] of bad) {
      const d = doc(id);
      expect(d.state).toBe('exception');
      expect(d.exceptions.map((e) => e.field)).toContain(field);
      expect(d.rawPayload).toBe(typeof payload === 'string' ? payload : JSON.stringify(payload));
    }
    expect(source.acknowledged.sort()).toEqual(['B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7']);
    expect(gateway.writes).toBe(0);
    const head = auditHead(store.db);
    await cycle();
    expect(auditHead(store.db)).toEqual(head);
  });

  it('an unmapped expense type waits as one exception group that mappings/set clears at once', async () => {
    const snack = (id: string) =>
      invoice(id, {
        total: '10.00',
        lines: [{ amount: '10.00', expenseType: 'Snacks', costObject: '10ADMIN' }],
      });
    source.add(snack('U1'));
    source.add(snack('U2'));
    await cycle();
    expect(doc('U1').exceptions).toEqual([
      expect.objectContaining({
        cause: 'unmapped_value',
        field: 'lines[0].expenseType',
        value: 'Snacks',
        mapping: 'gl_account',
      }),
    ]);
    const h = handlers();
    const overview = await h['exceptions/list']({}, { actor: 'controller' });
    expect(overview.groups).toEqual([
      expect.objectContaining({
        cause: 'unmapped_value',
        value: 'Snacks',
        mapping: 'gl_account',
        entity: '10USA',
        documentCount: 2,
        clearsCount: 2,
      }),
    ]);
    const saved = await h['mappings/set'](
      {
        changes: [{ kind: 'gl_account', sourceValue: 'Snacks', target: { glAccount: '6120' } }],
        note: 'snacks are meals',
      },
      { actor: 'controller' },
    );
    expect(saved).toMatchObject({ changed: 1, cleared: 2, stillWaiting: 0 });
    expect(doc('U1').state).toBe('ready');
    expect(doc('U1').mappingVersion).toBe(saved.version);
    const listed = await h['mappings/list'](
      { kind: 'gl_account', offset: 0, limit: 100 },
      { actor: 'controller' },
    );
    expect(listed.mappings.map((m) => m.sourceValue)).toContain('Snacks');
  });

  it('refuses an inactive account and a header account, naming the code (fixed in the source or QAD)', async () => {
    source.add(
      invoice('I1', {
        total: '5.00',
        lines: [{ amount: '5.00', accountCode: '6600', costObject: '10ADMIN' }],
      }),
    );
    source.add(
      invoice('I2', {
        total: '5.00',
        lines: [{ amount: '5.00', accountCode: '6000', costObject: '10ADMIN' }],
      }),
    );
    await cycle();
    expect(doc('I1').exceptions[0]).toMatchObject({ cause: 'inactive_value', value: '6600' });
    // A Concur account code is what Concur's expense type posts to: no mapping can clear it, so none is named.
    expect(doc('I1').exceptions[0]?.mapping).toBeUndefined();
    expect(doc('I2').exceptions[0]?.message).toMatch(/header account/);
  });

  it('blocks a second document carrying the same supplier invoice number (QAD would only warn)', async () => {
    source.add(invoice('D1', { invoiceNumber: 'SUP-77' }));
    source.add(invoice('D2', { invoiceNumber: 'SUP-77' }));
    await cycle();
    expect(doc('D1').state).toBe('ready');
    expect(doc('D2').exceptions).toEqual([
      expect.objectContaining({ cause: 'duplicate', field: 'invoiceNumber', value: 'SUP-77' }),
    ]);
    expect(doc('D2').exceptions[0]?.message).toMatch(/concur:D1/);
  });

  it('waiting documents are checked every cycle without rewriting anything while nothing changed', async () => {
    source.add(invoice('W1', { vendor: { code: 'NOBODY' } }));
    source.addRaw('W2', 'invoice', '{broken');
    await cycle();
    const head = auditHead(store.db);
    const again = await cycle();
    expect(again).toMatchObject({ exceptions: 2, staged: 0 });
    expect(auditHead(store.db)).toEqual(head);
  });

  it('a posting date in a closed GL period is an exception', async () => {
    source.add(invoice('P1', { date: '2026-09-15' }));
    await cycle();
    expect(doc('P1').exceptions).toEqual([
      expect.objectContaining({ cause: 'closed_period', field: 'documentDate', value: '2026-09-15' }),
    ]);
  });

  it('a PO-backed invoice waits for its receipt, then posts matched to it', async () => {
    loadCache(
      store,
      company,
      company.receipts.filter((r) => r.poNumber !== 'PO20004'),
    );
    source.add(
      invoice('PO1', {
        vendor: { code: 'MOSA013' },
        total: '2340.00',
        poNumber: 'PO20004',
        lines: [
          { amount: '2340.00', poNumber: 'PO20004', poLine: 1, quantity: '30', description: 'Export crates' },
        ],
      }),
    );
    const settings = autoSettings();
    expect(await cycle(settings)).toMatchObject({ awaitingReceipt: 1, ready: 0 });
    await cycle(settings);
    expect(doc('PO1').state).toBe('awaiting_receipt');
    const overview = await handlers()['exceptions/list']({}, { actor: 'clerk' });
    expect(overview.awaitingReceipt).toEqual([
      expect.objectContaining({ sourceId: 'PO1', poNumber: 'PO20004', poLine: 1, entity: '10USA' }),
    ]);
    expect(overview.awaitingReceipt[0]!.waitingMs).toBeGreaterThanOrEqual(0);

    // The receipt is booked in QAD; the next master-data refresh brings it into the cache.
    loadCache(store, company, [
      ...company.receipts,
      { receiver: 'RC99999', poNumber: 'PO20004', poLine: 1, quantity: 30 },
    ]);
    await cycle(settings);
    expect(doc('PO1').state).toBe('ready');
    await cycle(settings);
    expect(doc('PO1').state).toBe('confirmed');
    expect(gateway.documents[0]?.input).toMatchObject({
      supplier: 'MOSA013',
      totalMinor: 234000,
      receiptMatches: [{ poNumber: 'PO20004', poLine: 1, quantity: 30 }],
      glLines: [],
    });
  });
});

describe('QAD refusals and unclear outcomes', () => {
  it('a business rejection marks the document rejected and confirms the failure with QAD message', async () => {
    source.add(invoice('R1'));
    gateway.createFaults.push('business');
    const settings = autoSettings();
    const counts = await cycle(settings);
    expect(counts).toMatchObject({ posted: 0, failed: 1, confirmed: 1 });
    const d = doc('R1');
    expect(d.state).toBe('rejected');
    expect(d.exceptions[0]).toMatchObject({ cause: 'qad_rejection', field: 'CInvoiceSupplier' });
    const failure = source.confirmed.get('R1/posting_failure')?.payload;
    expect(failure?.outcome).toBe('rejected');
    expect(String(failure?.message)).toMatch(/on hold/);
    expect(listBatches(store.db, {}).batches[0]?.state).toBe('partially_failed');

    // Fixed in QAD: a person replays it; it goes out again in its batch, once.
    const replay = await handlers(settings)['documents/replay']({ documentId: d.id }, { actor: 'clerk' });
    expect(replay).toMatchObject({ from: 'rejected', state: 'released' });
    await cycle(settings);
    expect(doc('R1').state).toBe('confirmed');
    expect(gateway.countFor('MLC-CONCUR-R1')).toBe(1);
    expect(listBatches(store.db, {}).batches[0]?.state).toBe('posted');
    const actions = (
      await handlers()['documents/get']({ documentId: d.id }, { actor: 'clerk' })
    ).timeline.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'posting.rejected',
        'document.replay_requested',
        'posting.intent_rearmed',
        'posting.posted',
      ]),
    );
  });

  it('a lost reply is found by reference: posted once, never twice', async () => {
    source.add(invoice('L1'));
    gateway.createFaults.push('lost_reply');
    const counts = await cycle(autoSettings());
    expect(counts).toMatchObject({ posted: 1, confirmed: 1 });
    expect(gateway.countFor('MLC-CONCUR-L1')).toBe(1);
    expect(doc('L1').state).toBe('confirmed');
  });

  it('a reset before QAD got it is looked up, found absent, and sent again next cycle', async () => {
    source.add(invoice('L2'));
    gateway.createFaults.push('reset_before');
    const settings = autoSettings();
    expect(await cycle(settings)).toMatchObject({ posted: 0 });
    expect(doc('L2').state).toBe('released');
    await cycle(settings);
    expect(gateway.countFor('MLC-CONCUR-L2')).toBe(1);
    expect(doc('L2').state).toBe('confirmed');
  });

  it('an unclear outcome with a failed look-up is held as uncertain; a person reconciles it', async () => {
    source.add(invoice('U1'));
    gateway.createFaults.push('lost_reply');
    gateway.lookupFaults.push('lookup_fail');
    const settings = autoSettings();
    await cycle(settings);
    const d = doc('U1');
    expect(d.state).toBe('uncertain');
    await cycle(settings);
    expect(gateway.countFor('MLC-CONCUR-U1')).toBe(1);
    const h = handlers(settings);
    const overview = await h['exceptions/list']({}, { actor: 'clerk' });
    expect(overview.uncertain).toEqual([
      expect.objectContaining({ sourceId: 'U1', lookedUpNegative: false }),
    ]);
    await expect(
      h['documents/retry']({ documentId: d.id, decision: 'post-again' }, { actor: 'clerk' }),
    ).rejects.toMatchObject({ code: 'conflict' });
    const result = await h['documents/retry'](
      { documentId: d.id, decision: 'reconcile' },
      { actor: 'clerk' },
    );
    expect(result.state).toBe('posted');
    await cycle(settings);
    expect(doc('U1').state).toBe('confirmed');
    expect(gateway.countFor('MLC-CONCUR-U1')).toBe(1);
  });

  it('post-again is allowed only after a negative look-up', async () => {
    source.add(invoice('U2'));
    gateway.createFaults.push('reset_before');
    gateway.lookupFaults.push('lookup_fail');
    const settings = autoSettings();
    await cycle(settings);
    const d = doc('U2');
    expect(d.state).toBe('uncertain');
    const h = handlers(settings);
    const looked = await h['documents/retry']({ documentId: d.id }, { actor: 'clerk' });
    expect(looked.state).toBe('uncertain');
    expect(looked.message).toMatch(/not in QAD/);
    const again = await h['documents/retry'](
      { documentId: d.id, decision: 'post-again' },
      { actor: 'clerk' },
    );
    expect(again.state).toBe('released');
    await cycle(settings);
    expect(doc('U2').state).toBe('confirmed');
    expect(gateway.countFor('MLC-CONCUR-U2')).toBe(1);
  });

  it('retries a confirmation the source refused for now, and confirms once it answers', async () => {
    source.add(invoice('C1'));
    source.confirmPlan.push({ status: 'retry', error: '199 retry later' });
    let now = Date.parse('2026-11-25T09:00:00Z');
    const clock = () => new Date(now);
    const flow = createSourceFlow({ store, adapter: source, gateway, clock, random: () => 0.5 });
    const settings = autoSettings();
    await flow.run(flowContext(settings));
    expect(doc('C1').state).toBe('posted');
    await flow.run(flowContext(settings));
    expect(doc('C1').state).toBe('posted'); // not due yet: backoff
    now += 60 * 60_000;
    await flow.run(flowContext(settings));
    expect(doc('C1').state).toBe('confirmed');
    expect(source.confirmCalls).toHaveLength(2);
  });

  it('an undone release goes back to open and nothing is sent', async () => {
    source.add(invoice('X1'));
    await cycle();
    const h = handlers();
    const [batch] = (await h['batches/list']({ offset: 0, limit: 10 }, { actor: 'clerk' })).batches;
    await h['batches/release'](
      { batchId: batch!.id, documentCount: 1, totalMinor: 130049 },
      { actor: 'clerk' },
    );
    const undone = await h['batches/undo-release']({ batchId: batch!.id }, { actor: 'clerk' });
    expect(undone.state).toBe('open');
    await cycle();
    expect(gateway.writes).toBe(0);
    expect(doc('X1').state).toBe('ready');
  });
});
