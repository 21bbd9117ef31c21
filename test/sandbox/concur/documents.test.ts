/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-explicit-any -- contract tests read untyped JSON answers from the wire */
import { describe, expect, it } from 'vitest';
import { parseDecimal } from '../../../shared/domain/money.ts';
import {
  DocumentFactory,
  generateConcurDocuments,
  type GeneratedDocument,
} from '../../../electron/sandbox/concur/index.ts';
import { demoCompany, startSim } from './helpers.ts';

type Rec = Record<string, any>;

function invoices(docs: GeneratedDocument[]): Rec[] {
  return docs.filter((d) => d.docType === 'invoice').map((d) => d.document as Rec);
}

describe('Concur documents generated from the demo company', () => {
  it('is deterministic: the same seed gives the same documents, another seed different ones', async () => {
    const company = demoCompany();
    const a = generateConcurDocuments(company, 40);
    const b = generateConcurDocuments(company, 40);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(generateConcurDocuments(company, 40, { seed: 7 }))).not.toBe(JSON.stringify(a));
    // Continuing a factory yields the same sequence as generating all at once.
    const factory = new DocumentFactory(company);
    expect(JSON.stringify([...factory.next(15), ...factory.next(25)])).toBe(JSON.stringify(a));
    // Two simulators with the same seed serve the same documents and credentials.
    const [s1, s2] = await Promise.all([startSim({ documents: 12 }), startSim({ documents: 12 })]);
    try {
      expect(s1.state.documents.map((d) => d.id)).toEqual(s2.state.documents.map((d) => d.id));
      expect(s1.credentials).toEqual(s2.credentials);
    } finally {
      await Promise.all([s1.close(), s2.close()]);
    }
  });

  it('uses QAD codes: PO invoices reference demo POs and receipts; codes match except the deliberate ones', () => {
    const company = demoCompany();
    const docs = generateConcurDocuments(company, 40);
    const scenarios = docs.map((d) => d.scenario);
    for (const wanted of [
      'unknown vendor code',
      'unknown account code',
      'inactive cost center',
      'JPY expense report (zero-decimal currency)',
      'non-PO invoice',
      'PO invoice, received',
      'PO invoice, partly received',
      'PO invoice, not received yet',
    ]) {
      expect(scenarios).toContain(wanted);
    }
    expect(docs.filter((d) => d.docType === 'expense').length).toBeGreaterThan(10);
    const supplierCodes = new Set(company.suppliers.map((s) => s.code));
    const accounts = new Set(company.accounts.map((a) => a.code));
    const centers = new Set(company.costCenters.map((c) => c.code));
    for (const doc of docs) {
      const d = doc.document as Rec;
      if (doc.docType === 'invoice') {
        expect(supplierCodes.has(d.vendor.vendorCode as string)).toBe(doc.scenario !== 'unknown vendor code');
        const codes = (d.lineItem as Rec[]).flatMap((l) =>
          (l.allocation as Rec[]).map((a) => a.allocationAccountCode as string),
        );
        expect(codes.every((c) => accounts.has(c))).toBe(doc.scenario !== 'unknown account code');
        expect(['US01', 'DE01']).toContain(d.requestHeader.ledgerCode);
        expect(d.requestHeader.invoiceDate).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
        if (d.requestHeader.poNumber) {
          const po = company.purchaseOrders.find((p) => p.number === d.requestHeader.poNumber);
          expect(po).toBeDefined();
          for (const line of d.lineItem as Rec[]) {
            expect(po!.lines.map((l) => l.line)).toContain(line.poLineNumber);
            const receipts = company.receipts.filter(
              (r) => r.poNumber === po!.number && r.poLine === line.poLineNumber,
            );
            expect(line.receiptNumbers).toEqual(receipts.map((r) => r.receiver));
          }
        }
      } else {
        expect(company.employees.map((e) => e.id)).toContain(d.employee.employeeId);
        for (const entry of d.expenseEntry as Rec[]) {
          const alloc = (entry.allocation as Rec[])[0]!;
          expect(centers.has(alloc.allocationCustom2Code as string)).toBe(true);
          expect(Array.isArray(alloc.journal)).toBe(true);
        }
        if (doc.scenario === 'inactive cost center') {
          const code = (d.expenseEntry as Rec[])[0]!.allocation[0].allocationCustom2Code as string;
          expect(company.costCenters.find((c) => c.code === code)!.active).toBe(false);
        }
      }
    }
  });

  it('writes amounts as 8-decimal strings and as numbers, both exact for the currency; totals add up', () => {
    const docs = generateConcurDocuments(demoCompany(), 40);
    const totals = invoices(docs).map((d) => d.requestHeader.requestTotal as unknown);
    expect(totals.some((t) => typeof t === 'string' && /^\d+\.\d{8}$/.test(t))).toBe(true);
    expect(totals.some((t) => typeof t === 'number')).toBe(true);
    for (const d of invoices(docs)) {
      const currency = d.requestHeader.currencyAlphaCode as string;
      const minor = (v: unknown): number => {
        const parsed = parseDecimal(v as string | number, currency);
        if (!parsed.ok) throw new Error(parsed.reason);
        return parsed.minor;
      };
      const lines = (d.lineItem as Rec[]).flatMap((l) =>
        (l.allocation as Rec[]).map((a) => minor(a.journal.amountNet)),
      );
      expect(lines.reduce((s, v) => s + v, 0)).toBe(minor(d.requestHeader.requestTotal));
    }
    const jpy = docs.find((d) => d.scenario.startsWith('JPY'))!.document as Rec;
    expect(jpy.report.employeeCurrencyAlphaCode).toBe('JPY');
    const zeroTax = invoices(docs).find((d) => typeof d.requestHeader.amountTax === 'string');
    expect(zeroTax?.requestHeader.amountTax).toBe('0E-8');
  });

  it('makes a benchmark-sized set of 10,000 documents', () => {
    const docs = generateConcurDocuments(demoCompany(), 10_000, { amountsAs: 'string' });
    expect(docs).toHaveLength(10_000);
    expect(new Set(docs.map((d) => d.id)).size).toBe(10_000);
  });
});
