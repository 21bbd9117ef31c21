// The pure resolver: canonical document + mapping lookup + QAD cache snapshot in, coding or exceptions out.
import { describe, expect, it } from 'vitest';
import type { QadRecord } from '../../electron/store/index.ts';
import { snapshotFromRecords } from '../../electron/sync/qad-snapshot.ts';
import { type MappingLookup, resolveDocument } from '../../electron/sync/resolve.ts';
import type { CanonicalDocument } from '../../shared/domain/document.ts';

const at = '2026-11-25T00:00:00.000Z';
const rec = (
  kind: QadRecord['kind'],
  entity: string,
  code: string,
  payload: Record<string, unknown> = {},
  active = true,
): QadRecord => ({
  kind,
  entity,
  code,
  payload,
  active,
  refreshedAt: at,
});

// Shaped as the masterData flow writes them (electron/engine/master-data.ts).
const qad = snapshotFromRecords([
  rec('entity', '*', '10USA'),
  rec('supplier', '*', 'APEX001'),
  rec('supplier', '*', 'E1001', { isEmployee: true }),
  rec('supplier', '*', 'OLD9', {}, false),
  rec('gl_account', '*', '6120', { postable: true }),
  rec('gl_account', '*', '6000', { postable: false }),
  rec('cost_center', '10USA', '10MACH'),
  rec('sub_account', '*', 'OPS'),
  rec('period', '10USA', '2026-11', { year: 2026, period: 11, start: '2026-11-01', end: '2026-11-30' }, true),
  rec(
    'period',
    '10USA',
    '2026-10',
    { year: 2026, period: 10, start: '2026-10-01', end: '2026-10-31' },
    false,
  ),
  rec('purchase_order', '10USA', 'PO1', {
    supplier: 'APEX001',
    lines: [{ line: 1, glAccount: '5000', costCenter: '10MACH' }],
  }),
  rec('receipt', '10USA', 'RC1/PO1/1', {
    poNumber: 'PO1',
    poLine: 1,
    quantity: 20,
    quantityMatched: 0,
    quantityOpen: 20,
  }),
]);

const mappings: Record<string, Record<string, string>> = {
  'gl_account/Meals': { glAccount: '6120', subAccount: 'OPS' },
  'vendor/ACME': { supplier: 'APEX001' },
};
const lookup: MappingLookup = (kind, _entity, value) => mappings[`${kind}/${value}`];

function expenseReport(over: Partial<CanonicalDocument> = {}): CanonicalDocument {
  return {
    source: 'expensify',
    sourceId: 'R1',
    kind: 'expense_report',
    sourceEntity: '10USA',
    currency: 'USD',
    totalMinor: 4250,
    documentDate: '2026-11-20',
    description: 'Trip',
    payee: { kind: 'employee', code: 'E1001' },
    lines: [
      { lineNo: 1, description: 'Dinner', amountMinor: 4250, source: { category: 'Meals', tag: '10MACH' } },
    ],
    ...over,
  };
}

describe('resolveDocument', () => {
  it('codes an expense report: entity as is, employee id as supplier, category and tag through mappings', () => {
    const out = resolveDocument(expenseReport(), lookup, qad);
    expect(out.state).toBe('ready');
    expect(out.exceptions).toEqual([]);
    expect(out.document).toMatchObject({ entity: '10USA', supplier: 'E1001' });
    expect(out.document.lines[0]?.qad).toEqual({
      glAccount: '6120',
      subAccount: 'OPS',
      costCenter: '10MACH',
    });
  });

  it('a vendor mapping wins over the code itself; an inactive supplier is named', () => {
    const invoice = expenseReport({ kind: 'invoice', payee: { kind: 'vendor', code: 'ACME' } });
    expect(resolveDocument(invoice, lookup, qad).document.supplier).toBe('APEX001');
    const old = resolveDocument({ ...invoice, payee: { kind: 'vendor', code: 'OLD9' } }, lookup, qad);
    expect(old.exceptions[0]).toMatchObject({
      cause: 'inactive_value',
      field: 'payee.code',
      value: 'OLD9',
      mapping: 'vendor',
    });
  });

  it('forgets the coding of an earlier resolution', () => {
    const stale = expenseReport({ supplier: 'STALE', payee: { kind: 'employee', code: 'E404' } });
    const out = resolveDocument(stale, lookup, qad);
    expect(out.document.supplier).toBeUndefined();
    expect(out.exceptions[0]).toMatchObject({ cause: 'unmapped_value', value: 'E404', mapping: 'employee' });
  });

  it('a closed period, a header account and an unmapped tag are each named', () => {
    const out = resolveDocument(
      expenseReport({
        documentDate: '2026-10-15',
        lines: [
          { lineNo: 1, description: '', amountMinor: 4250, source: { accountCode: '6000', tag: 'NOPE' } },
        ],
      }),
      lookup,
      qad,
    );
    expect(out.state).toBe('exception');
    expect(out.exceptions.map((e) => [e.cause, e.field, e.value])).toEqual([
      ['closed_period', 'documentDate', '2026-10-15'],
      ['inactive_value', 'lines[0].accountCode', '6000'],
      ['unmapped_value', 'lines[0].tag', 'NOPE'],
    ]);
  });

  it('waits for receipts covering the invoiced quantity of each PO line', () => {
    const po = (quantity: string) =>
      expenseReport({
        kind: 'invoice',
        payee: { kind: 'vendor', code: 'APEX001' },
        totalMinor: 1000,
        lines: [
          { lineNo: 1, description: '', amountMinor: 1000, poNumber: 'PO1', poLine: 1, quantity, source: {} },
        ],
      });
    const waiting = resolveDocument(po('30'), lookup, qad);
    expect(waiting.state).toBe('awaiting_receipt');
    expect(waiting.shortfalls).toEqual([
      { poNumber: 'PO1', poLine: 1, lineNos: [1], invoiced: 30, open: 20 },
    ]);
    const covered = resolveDocument(po('20'), lookup, qad);
    expect(covered.state).toBe('ready');
    expect(covered.document.lines[0]?.qad).toEqual({ glAccount: '5000', costCenter: '10MACH' });
  });

  it('an unknown source company names the entity mapping', () => {
    const out = resolveDocument(expenseReport({ sourceEntity: 'POLICY9' }), lookup, qad);
    expect(out.exceptions).toEqual([
      expect.objectContaining({
        cause: 'unmapped_value',
        field: 'sourceEntity',
        value: 'POLICY9',
        mapping: 'entity',
      }),
    ]);
  });
});
