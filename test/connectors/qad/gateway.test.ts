// One behaviour suite for the QAD gateway, run against both transports on the sandbox: the engine must not
// care whether a site runs Adaptive REST or QXtend.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { QadSupplierInvoiceInput } from '../../../shared/domain/qad.ts';
import { createQadGateway, type QadGateway } from '../../../electron/connectors/qad/gateway.ts';
import { QadBusinessError } from '../../../electron/connectors/qad/errors.ts';
import { resetBreakers } from '../../../electron/connectors/qad/resilience.ts';
import type { DemoCompany } from '../../../electron/sandbox/demo/company.ts';
import type { QadSimulators } from '../../../electron/sandbox/qad/index.ts';
import {
  CLOSED_DATE,
  OPEN_DATE,
  demoCompany,
  operations,
  qadSettings,
  receive,
  sandboxSecrets,
  startSims,
  type Mode,
} from './helpers.ts';

let demo: DemoCompany;
let sims: QadSimulators;

beforeEach(async () => {
  resetBreakers();
  demo = demoCompany();
  sims = await startSims(demo);
});

afterEach(async () => {
  await sims.close();
});

function nonPoInvoice(ref: string, over: Partial<QadSupplierInvoiceInput> = {}): QadSupplierInvoiceInput {
  return {
    externalRef: ref,
    entity: '10USA',
    supplier: 'APEX001',
    supplierInvoiceNumber: `SUP-${ref}`,
    type: 'invoice',
    invoiceDate: OPEN_DATE,
    postingDate: OPEN_DATE,
    currency: 'USD',
    totalMinor: 12_345,
    receiptMatches: [],
    glLines: [
      { glAccount: '6200', subAccount: 'SGA', costCenter: '10ADMIN', project: 'P-ERP', amountMinor: 10_000 },
      { glAccount: '6400', costCenter: '10QUAL', amountMinor: 2_345, description: 'training' },
    ],
    ...over,
  };
}

async function rejection(promise: Promise<unknown>): Promise<QadBusinessError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(QadBusinessError);
  return error as QadBusinessError;
}

describe.each(['rest', 'qxtend'] as const)('QAD gateway over %s', (mode: Mode) => {
  const gateway = (): Promise<QadGateway> => createQadGateway(qadSettings(mode, sims), sandboxSecrets());

  it('reads the master data of the domain and of each entity', async () => {
    const g = await gateway();
    expect(await g.listEntities()).toEqual(['10USA', '20DEU']);

    const suppliers = await g.listSuppliers();
    expect(suppliers).toHaveLength(demo.suppliers.length);
    expect(suppliers.find((s) => s.code === 'APEX001')).toMatchObject({ currency: 'USD', active: true });
    expect((await g.listGlAccounts()).find((a) => a.code === '6000')).toMatchObject({ postable: false });
    expect((await g.listSubAccounts()).map((s) => s.code)).toEqual(demo.subAccounts.map((s) => s.code));
    expect((await g.listProjects()).find((p) => p.code === 'P-OLD01')?.active).toBe(false);

    const centers = await g.listCostCenters('20DEU');
    expect(centers.length).toBeGreaterThan(0);
    expect(centers.every((c) => c.entity === '20DEU')).toBe(true);

    const orders = await g.listPurchaseOrders('10USA');
    expect(orders).toHaveLength(demo.purchaseOrders.filter((p) => p.entity === '10USA').length);
    const po = orders.find((p) => p.number === 'PO20014');
    expect(po?.lines.map((l) => [l.line, l.quantityOrdered, l.unitPriceMinor])).toEqual([
      [1, 240, 1890],
      [2, 40, 2450],
    ]);

    const receipts = await g.listOpenReceipts('10USA');
    expect(receipts.length).toBeGreaterThan(0);
    expect(receipts.every((r) => r.entity === '10USA' && r.quantityOpen > 0)).toBe(true);

    const periods = await g.listGlPeriods('10USA');
    expect(periods.find((p) => p.year === 2026 && p.period === 6)?.open).toBe(true);
    expect(periods.find((p) => p.year === 2026 && p.period === 3)?.open).toBe(false);
  });

  it('posts a PO-matched invoice once its receipt exists, and refuses it before', async () => {
    const g = await gateway();
    // PO20004: 30 x 78.00, nothing received yet.
    const invoice: QadSupplierInvoiceInput = {
      ...nonPoInvoice('MLC-CONCUR-po-1'),
      supplier: 'MOSA013',
      totalMinor: 30 * 7800,
      receiptMatches: [{ poNumber: 'PO20004', poLine: 1, quantity: 30 }],
      glLines: [],
    };
    const refused = await rejection(g.createSupplierInvoice(invoice));
    expect(refused.reason).toBe('no_receipt');
    expect(refused.message).toMatch(/PO20004/);
    expect(sims.model.invoices).toHaveLength(0);

    await receive(sims, 'PO20004', 1, 30);
    const result = await g.createSupplierInvoice(invoice);
    expect(result).toMatchObject({ outcome: 'posted', recovered: false });
    if (result.outcome !== 'posted') return;
    expect(result.document).toMatchObject({ entity: '10USA', year: 2026, period: 6, totalMinor: 234_000 });
    const stored = sims.model.invoices.filter((i) => i.description === 'MLC-CONCUR-po-1');
    expect(stored).toHaveLength(1);
    expect(stored[0]?.matchedReceipts).toEqual([
      expect.objectContaining({ poNumber: 'PO20004', poLine: 1, quantity: 30, amountMinor: 234_000 }),
    ]);
    expect((await g.listOpenReceipts('10USA')).some((r) => r.poNumber === 'PO20004')).toBe(false);
  });

  it('posts a non-PO invoice coded to GL lines with sub-account, cost center and project', async () => {
    const g = await gateway();
    const result = await g.createSupplierInvoice(nonPoInvoice('MLC-EXPENSIFY-r1'));
    expect(result.outcome).toBe('posted');
    const stored = sims.model.invoices.find((i) => i.description === 'MLC-EXPENSIFY-r1');
    expect(stored).toMatchObject({
      supplier: 'APEX001',
      reference: 'SUP-MLC-EXPENSIFY-r1',
      amountMinor: 12_345,
    });
    expect(stored?.lines).toEqual([
      expect.objectContaining({
        account: '6200',
        subAccount: 'SGA',
        costCenter: '10ADMIN',
        project: 'P-ERP',
        amountMinor: 10_000,
      }),
      expect.objectContaining({ account: '6400', costCenter: '10QUAL', amountMinor: 2_345 }),
    ]);
  });

  it('keeps QAD warnings on an accepted invoice', async () => {
    const g = await gateway();
    await g.createSupplierInvoice(nonPoInvoice('MLC-CONCUR-w1', { supplierInvoiceNumber: 'SAME-1' }));
    const second = await g.createSupplierInvoice(
      nonPoInvoice('MLC-CONCUR-w2', { supplierInvoiceNumber: 'SAME-1' }),
    );
    expect(second.outcome).toBe('posted');
    const warnings = second.outcome === 'posted' ? second.warnings : [];
    expect(warnings.map((w) => w.severity)).toEqual(['warning']);
    expect(warnings[0]?.message).toMatch(/SAME-1/);
  });

  it('posts a balanced journal and refuses an unbalanced one', async () => {
    const g = await gateway();
    const lines = [
      { glAccount: '6120', costCenter: '10ADMIN', debitMinor: 5_000, creditMinor: 0 },
      { glAccount: '2010', debitMinor: 0, creditMinor: 5_000 },
    ];
    const posted = await g.createJournalEntry({
      externalRef: 'MLC-CONCUR-je1',
      entity: '10USA',
      postingDate: OPEN_DATE,
      currency: 'USD',
      lines,
    });
    expect(posted).toMatchObject({ outcome: 'posted', document: { kind: 'journal_entry', entity: '10USA' } });
    expect(sims.model.journals.filter((j) => j.description === 'MLC-CONCUR-je1')).toHaveLength(1);

    const refused = await rejection(
      g.createJournalEntry({
        externalRef: 'MLC-CONCUR-je2',
        entity: '10USA',
        postingDate: OPEN_DATE,
        currency: 'USD',
        lines: [lines[0]!, { ...lines[1]!, creditMinor: 4_999 }],
      }),
    );
    expect(refused.reason).toBe('unbalanced');
    expect(refused.message).toMatch(/not balanced/);
    expect(sims.model.journals.filter((j) => j.description === 'MLC-CONCUR-je2')).toHaveLength(0);
  });

  it('refuses a posting into a closed period, naming the posting date', async () => {
    const g = await gateway();
    const refused = await rejection(
      g.createSupplierInvoice(
        nonPoInvoice('MLC-CONCUR-closed', { postingDate: CLOSED_DATE, invoiceDate: CLOSED_DATE }),
      ),
    );
    expect(refused.reason).toBe('closed_period');
    expect(refused.field).toMatch(/postingDate|PostingDate/);
    expect(refused.message).toMatch(/closed/);
  });

  it('refuses an inactive account with QAD message and field, never retrying', async () => {
    const g = await gateway();
    const before = operations(sims, mode).length;
    const refused = await rejection(
      g.createSupplierInvoice(
        nonPoInvoice('MLC-CONCUR-inact', {
          totalMinor: 100,
          glLines: [{ glAccount: '6600', amountMinor: 100 }],
        }),
      ),
    );
    expect(refused.reason).toBe('inactive_value');
    expect(refused.field).toBeTruthy();
    const creates = operations(sims, mode)
      .slice(before)
      .filter((op) => op === 'supplierInvoice.create');
    expect(creates).toHaveLength(1);
  });

  it('finds documents by external reference, and a second create of one reference posts nothing new', async () => {
    const g = await gateway();
    expect(await g.findByReference('supplier_invoice', 'MLC-CONCUR-f1')).toEqual([]);
    const first = await g.createSupplierInvoice(nonPoInvoice('MLC-CONCUR-f1'));
    await g.createSupplierInvoice(nonPoInvoice('MLC-CONCUR-f2'));
    if (first.outcome !== 'posted') throw new Error('not posted');
    const found = await g.findByReference('supplier_invoice', 'MLC-CONCUR-f1');
    expect(found).toEqual([
      expect.objectContaining({ documentId: first.document.documentId, externalRef: 'MLC-CONCUR-f1' }),
    ]);

    const again = await g.createSupplierInvoice(nonPoInvoice('MLC-CONCUR-f1'));
    expect(again).toMatchObject({
      outcome: 'posted',
      recovered: true,
      document: { documentId: first.document.documentId },
    });
    expect(sims.model.invoices.filter((i) => i.description === 'MLC-CONCUR-f1')).toHaveLength(1);
    expect(await g.findByReference('journal_entry', 'MLC-CONCUR-f1')).toEqual([]);
  });

  it('refuses bad input before sending, naming the field', async () => {
    const g = await gateway();
    const before = operations(sims, mode).length;
    const refused = await rejection(
      g.createSupplierInvoice(nonPoInvoice('MLC-CONCUR-bad', { postingDate: '10/06/2026' })),
    );
    expect(refused.field).toBe('postingDate');
    expect(refused.outcome).toBe('not_sent');
    expect(operations(sims, mode).length).toBe(before);
  });
});

describe('both transports share one QAD', () => {
  it('a document posted through QXtend is found through REST', async () => {
    const viaSoap = await createQadGateway(qadSettings('qxtend', sims), sandboxSecrets());
    const viaRest = await createQadGateway(qadSettings('rest', sims), sandboxSecrets());
    const posted = await viaSoap.createSupplierInvoice(nonPoInvoice('MLC-CONCUR-x1'));
    const found = await viaRest.findByReference('supplier_invoice', 'MLC-CONCUR-x1');
    expect(posted.outcome === 'posted' && found[0]?.documentId === posted.document.documentId).toBe(true);
  });
});
