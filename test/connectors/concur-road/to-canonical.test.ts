/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call --
   the fixtures edit arbitrary FIS JSON in place (a field deleted, an amount replaced); typing every shape would hide the intent */
import { describe, expect, it } from 'vitest';
import { sumMinor } from '../../../shared/domain/money.ts';
import { generateConcurDocuments, type GeneratedDocument } from '../../../electron/sandbox/concur/index.ts';
import { concurToCanonical, DEFAULT_CONCUR_CODING } from '../../../electron/connectors/concur-road/index.ts';
import type { RawSourceItem } from '../../../electron/sync/source-port.ts';
import { demoCompany, rawItem } from './helpers.ts';

const company = demoCompany();
const asStrings = generateConcurDocuments(company, 100, { amountsAs: 'string' });
const asNumbers = generateConcurDocuments(company, 100, { amountsAs: 'number' });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see the note at the top
type Json = Record<string, any>;

function clone(doc: GeneratedDocument): Json {
  return structuredClone(doc.document);
}

function fieldsOf(item: RawSourceItem): (string | undefined)[] {
  return concurToCanonical(item).exceptions.map((e) => e.field);
}

/** The same object with its keys in reverse order, at every level (FIS field order is not guaranteed). */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reversed(v)]),
    );
  return value;
}

describe('Concur FIS document -> canonical document', () => {
  it('maps every demo document without an exception; lines add up to the header to the cent', () => {
    for (const doc of asStrings) {
      const result = concurToCanonical(rawItem(doc));
      expect(result.exceptions, `${doc.scenario} ${doc.id}`).toEqual([]);
      const canonical = result.document;
      if (!canonical) throw new Error(`no document for ${doc.id}`);
      expect(canonical.source).toBe('concur');
      expect(canonical.sourceId).toBe(doc.id);
      expect(canonical.lines.length).toBeGreaterThan(0);
      expect(sumMinor(canonical.lines.map((l) => l.amountMinor))).toBe(canonical.totalMinor);
      expect(canonical.description).toContain(doc.businessId);
      expect(canonical.description).toContain('rev 1');
      expect(canonical.documentDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('reads amounts sent as JSON numbers exactly as the same amounts sent as 8-decimal strings', () => {
    asStrings.forEach((doc, i) => {
      const other = asNumbers[i] as GeneratedDocument;
      expect(other.id).toBe(doc.id);
      const a = concurToCanonical(rawItem(doc)).document;
      const b = concurToCanonical(rawItem(other)).document;
      expect(b).toEqual(a);
    });
  });

  it('carries the PO number, PO lines, quantities and unit prices of a PO invoice, totals from the PO', () => {
    const poDocs = asStrings.filter((d) => d.scenario.startsWith('PO invoice'));
    expect(poDocs.length).toBeGreaterThan(10);
    for (const doc of poDocs) {
      const canonical = concurToCanonical(rawItem(doc)).document;
      const po = company.purchaseOrders.find((p) => p.number === canonical?.poNumber);
      if (!canonical || !po) throw new Error(`no PO for ${doc.id}`);
      expect(canonical.kind).toBe('invoice');
      expect(canonical.payee).toMatchObject({ kind: 'vendor', code: po.supplier });
      expect(canonical.currency).toBe(po.currency);
      expect(canonical.totalMinor).toBe(sumMinor(po.lines.map((l) => l.quantity * l.unitPriceMinor)));
      expect(
        canonical.lines.map((l) => [l.poNumber, l.poLine, l.quantity, l.unitPriceMinor, l.amountMinor]),
      ).toEqual(
        po.lines.map((l) => [
          po.number,
          l.line,
          String(l.quantity),
          l.unitPriceMinor,
          l.quantity * l.unitPriceMinor,
        ]),
      );
      expect(canonical.lines.map((l) => l.source.accountCode)).toEqual(po.lines.map((l) => l.glAccount));
      expect(canonical.lines.map((l) => l.source.costObject)).toEqual(po.lines.map((l) => l.costCenter));
      expect(canonical.invoiceNumber).toMatch(/^INV-\d{6}$/);
    }
  });

  it('maps the ledger code to the source entity and custom fields to the source coding (settings layout)', () => {
    const nonPo = asStrings.find((d) => d.scenario === 'non-PO invoice') as GeneratedDocument;
    const raw = clone(nonPo);
    const canonical = concurToCanonical(rawItem(nonPo)).document;
    expect(canonical?.sourceEntity).toBe(raw.requestHeader.ledgerCode);
    const allocation = raw.lineItem[0].allocation[0];
    expect(canonical?.lines[0]?.source).toMatchObject({
      expenseType: 'SERVC',
      accountCode: allocation.allocationAccountCode,
      costObject: allocation.allocationCustom2Code,
    });
    // Another company keeps the cost center in custom1 and its entity in org unit 1.
    const other = concurToCanonical(rawItem(nonPo), {
      ...DEFAULT_CONCUR_CODING,
      costCenter: 'custom1',
      entity: 'orgUnit1',
    });
    expect(other.document?.lines[0]?.source.costObject).toBe(allocation.allocationCustom1Code);
    expect(other.document?.sourceEntity).toBe(raw.requestHeader.requestOrgUnit1Code);

    const report = asStrings.find((d) => d.docType === 'expense') as GeneratedDocument;
    const mapped = concurToCanonical(rawItem(report)).document;
    const entry = clone(report).expenseEntry[0];
    expect(mapped?.kind).toBe('expense_report');
    expect(mapped?.payee).toMatchObject({ kind: 'employee', code: clone(report).employee.employeeId });
    expect(mapped?.lines[0]?.source).toMatchObject({
      expenseType: entry.expenseTypeCode,
      accountCode: entry.allocation[0].journal[0].journalAccountCode,
      costObject: entry.allocation[0].allocationCustom2Code,
      paymentType: entry.allocation[0].journal[0].journalPayee === 'EMPL' ? 'employee' : 'company',
    });
  });

  it('reads a zero-decimal JPY report to the yen and journal account codes as strings', () => {
    const jpy = asNumbers.find((d) => d.scenario.startsWith('JPY')) as GeneratedDocument;
    const raw = clone(jpy);
    const canonical = concurToCanonical(rawItem(jpy)).document;
    expect(canonical?.currency).toBe('JPY');
    expect(canonical?.totalMinor).toBe(raw.report.totalApprovedAmount);
    const numericAccount = clone(jpy);
    numericAccount.expenseEntry[0].allocation[0].journal[0].journalAccountCode = 6110;
    const mapped = concurToCanonical(rawItem(jpy, { document: numericAccount })).document;
    expect(mapped?.lines[0]?.source.accountCode).toBe('6110');
  });

  it('does not depend on field order, and reads `document` sent as JSON text', () => {
    for (const doc of asStrings.slice(0, 20)) {
      const plain = concurToCanonical(rawItem(doc)).document;
      expect(concurToCanonical(rawItem(doc, { document: reversed(doc.document) })).document).toEqual(plain);
      expect(concurToCanonical(rawItem(doc, { asString: true })).document).toEqual(plain);
    }
  });

  it('keeps lines in lineItemSequenceOrder even when the array is in another order', () => {
    const po = asStrings.find(
      (d) => d.scenario.startsWith('PO invoice') && (clone(d).lineItem as unknown[]).length > 1,
    );
    if (!po) throw new Error('no multi-line PO invoice');
    const raw = clone(po);
    raw.lineItem.reverse();
    const lines = concurToCanonical(rawItem(po, { document: raw })).document?.lines ?? [];
    expect(lines.map((l) => l.poLine)).toEqual(
      [...lines.map((l) => l.poLine)].sort((a, b) => (a ?? 0) - (b ?? 0)),
    );
  });
});

// ---- bad payloads ------------------------------------------------------------------------------------------

const invoice = asStrings.find((d) => d.scenario === 'non-PO invoice') as GeneratedDocument;
const poInvoice = asStrings.find((d) => d.scenario.startsWith('PO invoice')) as GeneratedDocument;
const report = asStrings.find((d) => d.scenario.startsWith('expense report')) as GeneratedDocument;

interface BadCase {
  readonly name: string;
  readonly doc: GeneratedDocument;
  readonly change?: (d: Json) => void;
  readonly status?: string;
  readonly field: string;
  readonly cause?: string;
}

const BAD: readonly BadCase[] = [
  { name: 'missing vendor', doc: invoice, change: (d) => delete d.vendor, field: 'vendor.vendorCode' },
  {
    name: 'empty vendor code',
    doc: invoice,
    change: (d) => (d.vendor.vendorCode = '  '),
    field: 'vendor.vendorCode',
  },
  {
    name: 'negative amount on an invoice line',
    doc: invoice,
    change: (d) => (d.lineItem[0].allocation[0].journal.amountGross = '-10.00000000'),
    field: 'lineItem[0].allocation[0].journal.amountGross',
  },
  {
    name: 'negative invoice total',
    doc: invoice,
    change: (d) => (d.requestHeader.requestTotal = '-1.00'),
    field: 'requestHeader.requestTotal',
  },
  {
    name: 'a comma decimal "12,50"',
    doc: invoice,
    change: (d) => (d.requestHeader.requestTotal = '12,50'),
    field: 'requestHeader.requestTotal',
  },
  {
    name: 'a non-numeric line amount',
    doc: report,
    change: (d) => (d.expenseEntry[0].allocation[0].journal[0].amountGross = 'twelve'),
    field: 'expenseEntry[0].allocation[0].journal[0].amountGross',
  },
  {
    name: 'more decimals than the currency has',
    doc: invoice,
    change: (d) => (d.requestHeader.requestTotal = '10.12500000'),
    field: 'requestHeader.requestTotal',
  },
  {
    name: 'a missing amount',
    doc: poInvoice,
    change: (d) => delete d.requestHeader.requestTotal,
    field: 'requestHeader.requestTotal',
  },
  {
    name: 'unknown currency "XXX"',
    doc: invoice,
    change: (d) => (d.requestHeader.currencyAlphaCode = 'XXX'),
    field: 'requestHeader.currencyAlphaCode',
  },
  {
    name: 'unknown report currency',
    doc: report,
    change: (d) => (d.report.employeeCurrencyAlphaCode = 'ABC'),
    field: 'report.employeeCurrencyAlphaCode',
  },
  {
    name: 'invoice lines not summing to the header',
    doc: invoice,
    change: (d) => (d.requestHeader.requestTotal = '999999.99'),
    field: 'lineItem',
  },
  {
    name: 'report entries not summing to the header',
    doc: report,
    change: (d) => (d.report.totalApprovedAmount = '0.01'),
    field: 'expenseEntry',
  },
  {
    name: 'missing employee',
    doc: report,
    change: (d) => delete d.employee.employeeId,
    field: 'employee.employeeId',
  },
  {
    name: 'negative report total',
    doc: report,
    change: (d) => (d.report.totalApprovedAmount = '-5.00'),
    field: 'report.totalApprovedAmount',
  },
  { name: 'no line items', doc: invoice, change: (d) => (d.lineItem = []), field: 'lineItem' },
  {
    name: 'an invalid invoice date',
    doc: invoice,
    change: (d) => (d.requestHeader.invoiceDate = '13/45/2026'),
    field: 'requestHeader.invoiceDate',
  },
  {
    name: 'a PO line number that is not whole',
    doc: poInvoice,
    change: (d) => (d.lineItem[0].poLineNumber = '1.5'),
    field: 'lineItem[0].poLineNumber',
  },
  { name: 'RECALLED', doc: invoice, status: 'RECALLED', field: 'docStatus', cause: 'source_error' },
  { name: 'VOID', doc: report, status: 'VOID', field: 'docStatus', cause: 'source_error' },
  { name: 'CANCEL', doc: invoice, status: 'CANCEL', field: 'docStatus', cause: 'source_error' },
  {
    name: 'an unknown docStatus',
    doc: report,
    status: 'QUANTUM_STATE',
    field: 'docStatus',
    cause: 'source_error',
  },
  {
    name: 'already posted (POSTING_CONFIRMED_SUCCESS)',
    doc: invoice,
    status: 'POSTING_CONFIRMED_SUCCESS',
    field: 'docStatus',
    cause: 'source_error',
  },
];

describe('bad Concur payloads become exceptions naming the field', () => {
  it.each(BAD)('$name -> $field', ({ doc, change, status, field, cause }) => {
    const raw = clone(doc);
    change?.(raw);
    const result = concurToCanonical(
      rawItem(doc, { document: raw, ...(status ? { docStatus: status } : {}) }),
    );
    const hit = result.exceptions.find((e) => e.field === field);
    expect(hit, JSON.stringify(result.exceptions)).toBeDefined();
    expect(hit?.cause).toBe(cause ?? 'invalid_document');
    expect(hit?.message.length).toBeGreaterThan(10);
  });

  it('still returns what was readable, so a person sees the document', () => {
    const result = concurToCanonical(rawItem(invoice, { docStatus: 'RECALLED' }));
    expect(result.document?.sourceId).toBe(invoice.id);
    expect(result.exceptions).toHaveLength(1);
    expect(result.exceptions[0]?.message).toContain('RECALLED');
  });

  it('refuses a payload that is not JSON, a document that is not an object, and a mismatched id', () => {
    expect(fieldsOf({ sourceId: invoice.id, kind: 'invoice', payload: '{not json' })).toEqual(['payload']);
    const textDoc = {
      ...rawItem(invoice),
      payload: JSON.stringify({
        id: invoice.id,
        docType: 'invoice',
        docStatus: 'READY',
        document: '{"broken',
      }),
    };
    expect(fieldsOf(textDoc)).toEqual(['document']);
    expect(fieldsOf({ ...rawItem(invoice), sourceId: 'F'.repeat(32) })).toContain('id');
    expect(fieldsOf({ ...rawItem(invoice), kind: 'expense_report' })).toContain('docType');
  });

  it('accepts a refund entry inside a report whose total is still positive', () => {
    const raw = clone(report);
    const journal = raw.expenseEntry[0].allocation[0].journal[0];
    raw.expenseEntry.push({
      ...structuredClone(raw.expenseEntry[0]),
      allocation: [{ ...raw.expenseEntry[0].allocation[0], journal: [{ ...journal, amountGross: '-1.00' }] }],
    });
    const total = concurToCanonical(rawItem(report)).document?.totalMinor ?? 0;
    raw.report.totalApprovedAmount = ((total - 100) / 100).toFixed(2); // test data only
    const result = concurToCanonical(rawItem(report, { document: raw }));
    expect(result.exceptions).toEqual([]);
    expect(result.document?.lines.at(-1)?.amountMinor).toBe(-100);
  });

  it('takes an all-negative invoice as a credit note only when the setting allows credits', () => {
    const raw = clone(invoice);
    const lines = raw.lineItem as Json[];
    let total = 0;
    for (const line of lines) {
      line.allocation[0].journal.amountGross = '-2.50';
      total += 250;
    }
    raw.requestHeader.requestTotal = `-${(total / 100).toFixed(2)}`; // test data only
    const off = concurToCanonical(rawItem(invoice, { document: raw }));
    expect(off.exceptions.map((e) => e.field)).toContain('requestHeader.requestTotal');
    const on = concurToCanonical(rawItem(invoice, { document: raw }), {
      ...DEFAULT_CONCUR_CODING,
      invoiceCredits: true,
    });
    expect(on.exceptions).toEqual([]);
    expect(on.document?.totalMinor).toBe(-total);
  });
});
