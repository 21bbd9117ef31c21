// The shared QAD business model on its own: seeding from the demo company and the posting rules both
// simulators rely on (research/qad.md section 3).
import { beforeEach, describe, expect, it } from 'vitest';
import { QadModel } from '../../../electron/sandbox/qad/model.ts';
import type { InvoiceInput, QadResult } from '../../../electron/sandbox/qad/model-types.ts';
import type { DemoCompany } from '../../../electron/sandbox/demo/company.ts';
import { CLOSED_DATE, company, fullyReceivedPo, OPEN_DATE, poWithoutReceipts } from './helpers.ts';

let demo: DemoCompany;
let model: QadModel;

beforeEach(() => {
  demo = company();
  model = new QadModel(demo);
});

function invoice(over: Partial<InvoiceInput> = {}): InvoiceInput {
  return {
    entity: '10USA',
    supplier: demo.suppliers[0]!.code,
    type: 'invoice',
    reference: 'INV-1',
    description: 'MLC-CONCUR-1',
    invoiceDate: OPEN_DATE,
    postingDate: OPEN_DATE,
    currency: 'USD',
    amountMinor: 1000,
    matches: [],
    lines: [{ account: '6200', costCenter: '10ADMIN', amountMinor: 1000 }],
    ...over,
  };
}

const codes = <T>(result: QadResult<T>) =>
  result.ok ? [] : result.errors.map((e) => `${e.code}@${e.field}`);

describe('QadModel seeding', () => {
  it('holds the demo company master data, POs, receipts and periods', () => {
    expect(model.entities.map((e) => `${e.code}/${e.currency}/${e.domain}`)).toEqual([
      '10USA/USD/QMFG',
      '20DEU/EUR/QMFG',
    ]);
    expect(model.suppliers).toHaveLength(demo.suppliers.length);
    expect(model.receipts).toHaveLength(demo.receipts.length);
    expect(model.periodFor('10USA', '2026-05-20')?.status).toBe('open');
    expect(model.periodFor('20DEU', '2026-05-20')?.status).toBe('closed');
  });
});

describe('QadModel supplier invoices', () => {
  it('names every unknown or inactive code in its field', () => {
    const result = model.createSupplierInvoice(
      invoice({
        supplier: 'NOBODY',
        lines: [
          { account: '9999', amountMinor: 400 },
          {
            account: '6200',
            subAccount: 'LEGACY',
            costCenter: '20ADMIN',
            project: 'P-OLD01',
            amountMinor: 600,
          },
        ],
      }),
    );
    expect(codes(result)).toEqual([
      'unknown-supplier@supplier',
      'unknown-account@lines[0].account',
      'inactive-sub-account@lines[1].subAccount',
      'unknown-cost-center@lines[1].costCenter',
      'inactive-project@lines[1].project',
    ]);
  });

  it('refuses a closed period, and a posting period that does not contain the posting date', () => {
    expect(codes(model.createSupplierInvoice(invoice({ postingDate: CLOSED_DATE })))).toEqual([
      'closed-period@postingDate',
    ]);
    expect(codes(model.createSupplierInvoice(invoice({ postingPeriod: 5 })))).toEqual([
      'period-mismatch@postingPeriod',
    ]);
    expect(model.invoices).toHaveLength(0);
  });

  it('refuses an invoice whose amount differs from its matched and coded lines', () => {
    expect(codes(model.createSupplierInvoice(invoice({ amountMinor: 999 })))).toEqual([
      'allocation-mismatch@amount',
    ]);
  });

  it('matches across receipts oldest first and refuses more than received minus matched', () => {
    const po = fullyReceivedPo(demo);
    const line = po.lines[0]!;
    const half = Math.floor(line.quantity / 2);
    const first = model.createSupplierInvoice(
      invoice({
        supplier: po.supplier,
        amountMinor: half * line.unitPriceMinor,
        lines: [],
        matches: [{ poNumber: po.number, poLine: line.line, quantity: half }],
      }),
    );
    expect(first.ok).toBe(true);
    const rest = line.quantity - half;
    const tooMuch = model.createSupplierInvoice(
      invoice({
        supplier: po.supplier,
        reference: 'INV-2',
        amountMinor: (rest + 1) * line.unitPriceMinor,
        lines: [],
        matches: [{ poNumber: po.number, poLine: line.line, quantity: rest + 1 }],
      }),
    );
    expect(tooMuch.ok).toBe(false);
    if (!tooMuch.ok) expect(tooMuch.errors[0]!.message).toContain(`${po.number} line ${line.line}`);
    expect(model.openReceipts(po.number).find((r) => r.poLine === line.line)).toBeDefined();
  });

  it('refuses matching a PO of another supplier', () => {
    const po = fullyReceivedPo(demo);
    const other = demo.suppliers.find((s) => s.active && s.code !== po.supplier)!;
    const line = po.lines[0]!;
    const result = model.createSupplierInvoice(
      invoice({
        supplier: other.code,
        amountMinor: line.unitPriceMinor,
        lines: [],
        matches: [{ poNumber: po.number, poLine: line.line, quantity: 1 }],
      }),
    );
    expect(codes(result)).toEqual(['po-supplier-mismatch@matches[0].poNumber']);
  });

  it('keeps duplicates, warns on a repeated supplier reference and numbers vouchers per daybook', () => {
    const a = model.createSupplierInvoice(invoice());
    const b = model.createSupplierInvoice(invoice());
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(a.warnings).toEqual([]);
    expect(b.warnings[0]).toMatchObject({
      severity: 'warning',
      code: 'duplicate-reference',
      field: 'reference',
    });
    expect(b.value.voucher).toBe(a.value.voucher + 1);
    expect(model.findInvoices({ description: 'MLC-CONCUR-1' })).toHaveLength(2);
  });
});

describe('QadModel journals and receipts', () => {
  it('refuses an unbalanced journal and a line with both debit and credit', () => {
    const unbalanced = model.createJournal({
      entity: '20DEU',
      postingDate: OPEN_DATE,
      currency: 'EUR',
      description: 'MLC-EXPENSIFY-1',
      lines: [
        { account: '6120', debitMinor: 100, creditMinor: 0 },
        { account: '2010', debitMinor: 0, creditMinor: 90 },
      ],
    });
    expect(codes(unbalanced)).toEqual(['unbalanced@lines']);
    const both = model.createJournal({
      entity: '20DEU',
      postingDate: OPEN_DATE,
      currency: 'EUR',
      description: 'MLC-EXPENSIFY-1',
      lines: [
        { account: '6120', debitMinor: 100, creditMinor: 100 },
        { account: '6000', debitMinor: 0, creditMinor: 0 },
      ],
    });
    expect(codes(both)).toContain('account-not-postable@lines[1].account');
    expect(codes(both)).toContain('invalid-amount@lines[0].debit');
  });

  it('receives a PO line, refuses over-receipt, and closes the PO on fillAll', () => {
    const po = poWithoutReceipts(demo);
    const line = po.lines[0]!;
    const over = model.receivePurchaseOrder({
      poNumber: po.number,
      lines: [{ line: line.line, quantity: line.quantity + 1 }],
    });
    expect(codes(over)).toEqual(['over-receipt@lines[0].quantity']);
    const ok = model.receivePurchaseOrder({
      poNumber: po.number,
      lines: [{ line: line.line, quantity: 1 }],
      fillAll: true,
    });
    expect(ok.ok).toBe(true);
    expect(model.receivedQuantity(po.number, line.line)).toBe(1);
    const closed = model.receivePurchaseOrder({
      poNumber: po.number,
      lines: [{ line: line.line, quantity: 1 }],
    });
    expect(closed.ok ? '' : closed.errors[0]!.message).toBe('Purchase Order closed.');
  });
});
