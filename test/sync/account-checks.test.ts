// Every GL account and dimension code a Concur document carries is checked against the QAD cache of the
// document's entity (research/concur.md 9.8), whether or not a mapping decides what posts: a code QAD does
// not take becomes an exception naming the code, the field and the expense type. Fixing QAD (the cache) or
// the mapping and validating again clears it.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONCUR_CODING, concurToCanonical } from '../../electron/connectors/concur-road/index.ts';
import type { ConcurCoding } from '../../electron/connectors/concur-road/index.ts';
import { createConcurSource } from '../../electron/connectors/concur-road/index.ts';
import {
  type MappingTarget,
  type QadCacheInput,
  type QadCacheKind,
  type QadRecord,
  type Store,
  changeMappings,
  getDocumentBySource,
  replaceQadCache,
} from '../../electron/store/index.ts';
import { snapshotFromRecords } from '../../electron/sync/qad-snapshot.ts';
import { type MappingLookup, resolveDocument } from '../../electron/sync/resolve.ts';
import type { SyncRuntime } from '../../electron/sync/runtime.ts';
import { stageItems } from '../../electron/sync/stage.ts';
import { revalidate } from '../../electron/sync/validate.ts';
import type { CanonicalDocument } from '../../shared/domain/document.ts';
import type { DocumentException } from '../../shared/domain/exception.ts';
import { tempStore, testSettings } from './support.ts';

type Json = Record<string, unknown>;
type Row = readonly [QadCacheKind, string, string, Json?, boolean?];

const ENTITY = '10USA';
const ROWS: readonly Row[] = [
  ['entity', '*', ENTITY],
  ['supplier', '*', 'E1001'],
  ['supplier', '*', 'V100'],
  ['gl_account', ENTITY, '6120', { type: 'expense' }],
  ['gl_account', ENTITY, '6100', { type: 'expense' }],
  ['gl_account', ENTITY, '5000', { type: 'expense' }],
  ['gl_account', ENTITY, '2010', { type: 'liability' }],
  ['gl_account', ENTITY, '2400', { type: 'clearing' }],
  ['gl_account', ENTITY, '1300', { type: 'asset' }],
  ['gl_account', ENTITY, '6600', { type: 'expense' }, false],
  ['gl_account', ENTITY, '6000', { type: 'expense', postable: false }],
  ['gl_account', '20DEU', '6999', { type: 'expense' }],
  ['cost_center', ENTITY, '10ADMIN'],
  ['cost_center', ENTITY, '10SALES', {}, false],
  ['sub_account', '*', 'OPS'],
  ['sub_account', '*', 'LEGACY', {}, false],
  ['project', '*', 'P-ERP'],
  ['period', ENTITY, '2026-11', { start: '2026-11-01', end: '2026-11-30', open: true }],
  ['purchase_order', ENTITY, 'PO1', { lines: [{ line: 1, glAccount: '5000', costCenter: '10ADMIN' }] }],
  ['purchase_order', ENTITY, 'PO2', { lines: [{ line: 1, glAccount: '6600', costCenter: '10ADMIN' }] }],
  ['receipt', ENTITY, 'R1', { poNumber: 'PO1', poLine: 1, quantityOpen: 10 }],
  ['receipt', ENTITY, 'R2', { poNumber: 'PO2', poLine: 1, quantityOpen: 10 }],
];

const record = ([kind, entity, code, payload = {}, active = true]: Row): QadRecord => ({
  kind,
  entity,
  code,
  payload,
  active,
  refreshedAt: '2026-11-25T00:00:00.000Z',
});

const qad = snapshotFromRecords(ROWS.map(record));

/** Both expense types are mapped: what posts is decided, and the Concur codes are still checked. */
const MAPPED: Record<string, MappingTarget> = {
  'gl_account/MEALS': { glAccount: '6120' },
  'gl_account/SERVC': { glAccount: '6100' },
};
const lookupOf =
  (table: Record<string, MappingTarget>): MappingLookup =>
  (kind, _entity, value) =>
    table[`${kind}/${value}`];

interface ExpenseShape {
  readonly entry?: Json;
  readonly allocation?: Json;
  readonly journal?: Json;
  readonly advances?: Json[];
}

function expenseItem(over: ExpenseShape = {}): { sourceId: string; kind: 'expense_report'; payload: string } {
  const document = {
    employee: { employeeId: 'E1001', employeeFirstName: 'Ann', employeeLastName: 'Lee' },
    report: {
      reportId: 'R1',
      ledgerCode: ENTITY,
      employeeCurrencyAlphaCode: 'USD',
      totalApprovedAmount: '42.50000000',
      reportSubmitDate: '2026-11-20T10:00:00',
      revisionNumber: 1,
    },
    expenseEntry: [
      {
        entryId: 'EN1',
        expenseTypeCode: 'MEALS',
        expenseTypeName: 'Meals',
        entryDescription: 'Dinner',
        reportEntryPaymentTypeCode: 'IBIP',
        liabilityAccountCode: '2010',
        ...over.entry,
        allocation: [
          {
            allocationId: 'A1',
            allocationCustom2Code: '10ADMIN',
            ...over.allocation,
            journal: [
              {
                journalAccountCode: '6120',
                journalPayee: 'EMPL',
                amountGross: '42.50000000',
                ...over.journal,
              },
            ],
          },
        ],
      },
    ],
    cashAdvanceApplication: over.advances ?? [],
  };
  return {
    sourceId: 'EXP1',
    kind: 'expense_report',
    payload: JSON.stringify({ id: 'EXP1', docType: 'expense', docStatus: 'READY', document }),
  };
}

interface InvoiceShape {
  readonly item?: Json;
  readonly allocation?: Json;
  readonly journal?: Json;
}

function invoiceItem(over: InvoiceShape = {}): { sourceId: string; kind: 'invoice'; payload: string } {
  const document = {
    requestHeader: {
      requestId: 'Q1',
      ledgerCode: ENTITY,
      currencyAlphaCode: 'USD',
      requestTotal: '100.00000000',
      invoiceDate: '11/20/2026',
      vendorInvoiceNumber: 'INV-1',
    },
    vendor: { vendorCode: 'V100', vendorName: 'Vendor' },
    lineItem: [
      {
        lineItemSequenceOrder: 1,
        lineItemDescription: 'Service',
        expenseTypeCode: 'SERVC',
        expenseTypeName: 'Services',
        lineItemQuantity: '10.00000000',
        lineItemUnitPrice: '10.00000000',
        ...over.item,
        allocation: [
          {
            allocationAccountCode: '6100',
            allocationCustom2Code: '10ADMIN',
            ...over.allocation,
            journal: { accountCode: 6100, amountGross: '100.00000000', ...over.journal },
          },
        ],
      },
    ],
  };
  return {
    sourceId: 'INV1',
    kind: 'invoice',
    payload: JSON.stringify({ id: 'INV1', docType: 'invoice', docStatus: 'READY', document }),
  };
}

function canonical(
  item: { sourceId: string; kind: 'invoice' | 'expense_report'; payload: string },
  coding: ConcurCoding = DEFAULT_CONCUR_CODING,
): CanonicalDocument {
  const mapped = concurToCanonical(item, coding);
  expect(mapped.exceptions).toEqual([]);
  return mapped.document ?? expect.fail('no document');
}

const WITH_SUB: ConcurCoding = { ...DEFAULT_CONCUR_CODING, subAccount: 'custom4' };
const PO = { lineItemPurchaseOrderNumber: 'PO1', poLineNumber: 1 };

interface Case {
  readonly name: string;
  readonly doc: () => CanonicalDocument;
  readonly expected: Partial<DocumentException> & { readonly message: string };
}

const CASES: readonly Case[] = [
  {
    name: 'expense journalAccountCode unknown to QAD, expense type mapped',
    doc: () => canonical(expenseItem({ journal: { journalAccountCode: '6999' } })),
    expected: {
      cause: 'unmapped_value',
      field: 'lines[0].journalAccountCode',
      value: '6999',
      message:
        'Concur account 6999 (expense type MEALS, lines[0].journalAccountCode) is not a QAD GL account in entity 10USA.',
    },
  },
  {
    name: 'expense journalAccountCode inactive in QAD',
    doc: () => canonical(expenseItem({ journal: { journalAccountCode: '6600' } })),
    expected: {
      cause: 'inactive_value',
      field: 'lines[0].journalAccountCode',
      value: '6600',
      message:
        'Concur account 6600 (expense type MEALS, lines[0].journalAccountCode) is inactive in QAD entity 10USA.',
    },
  },
  {
    name: 'expense journalAccountCode a header account',
    doc: () => canonical(expenseItem({ journal: { journalAccountCode: '6000' } })),
    expected: {
      cause: 'inactive_value',
      field: 'lines[0].journalAccountCode',
      value: '6000',
      message:
        'Concur account 6000 (expense type MEALS, lines[0].journalAccountCode) is a header account in QAD entity 10USA and takes no postings.',
    },
  },
  {
    name: 'expense clearingAccountCode',
    doc: () =>
      canonical(
        expenseItem({
          entry: { reportEntryPaymentTypeCode: 'CBCP', clearingAccountCode: '2499' },
          journal: { journalPayee: 'CARD' },
        }),
      ),
    expected: {
      cause: 'unmapped_value',
      field: 'lines[0].clearingAccountCode',
      value: '2499',
      message:
        'Concur account 2499 (expense type MEALS, lines[0].clearingAccountCode) is not a QAD GL account in entity 10USA.',
    },
  },
  {
    name: 'expense liabilityAccountCode',
    doc: () => canonical(expenseItem({ entry: { liabilityAccountCode: '2011' } })),
    expected: {
      cause: 'unmapped_value',
      field: 'lines[0].liabilityAccountCode',
      value: '2011',
      message:
        'Concur account 2011 (expense type MEALS, lines[0].liabilityAccountCode) is not a QAD GL account in entity 10USA.',
    },
  },
  {
    name: 'cash advance clearing account',
    doc: () =>
      canonical(
        expenseItem({
          advances: [
            { cashAdvanceId: 'CA1', cashAdvanceClearingAccountCode: '1300' },
            { cashAdvanceId: 'CA2', cashAdvanceClearingAccountCode: '1399' },
          ],
        }),
      ),
    expected: {
      cause: 'unmapped_value',
      field: 'cashAdvanceApplication[1].cashAdvanceClearingAccountCode',
      value: '1399',
      message:
        'Concur account 1399 (cash advance, cashAdvanceApplication[1].cashAdvanceClearingAccountCode) is not a QAD GL account in entity 10USA.',
    },
  },
  {
    name: 'invoice allocationAccountCode known only in another entity',
    doc: () => canonical(invoiceItem({ allocation: { allocationAccountCode: '6999' } })),
    expected: {
      cause: 'unmapped_value',
      field: 'lines[0].allocationAccountCode',
      value: '6999',
      message:
        'Concur account 6999 (expense type SERVC, lines[0].allocationAccountCode) is not a QAD GL account in entity 10USA.',
    },
  },
  {
    name: 'invoice journal.accountCode (a number) differing from allocationAccountCode',
    doc: () => canonical(invoiceItem({ journal: { accountCode: 6998 } })),
    expected: {
      cause: 'unmapped_value',
      field: 'lines[0].journal.accountCode',
      value: '6998',
      message:
        'Concur account 6998 (expense type SERVC, lines[0].journal.accountCode) is not a QAD GL account in entity 10USA.',
    },
  },
  {
    name: 'PO-backed line: the Concur account code',
    doc: () =>
      canonical(
        invoiceItem({
          item: PO,
          allocation: { allocationAccountCode: '6999' },
          journal: { accountCode: 6999 },
        }),
      ),
    expected: {
      cause: 'unmapped_value',
      field: 'lines[0].allocationAccountCode',
      value: '6999',
      message:
        'Concur account 6999 (expense type SERVC, lines[0].allocationAccountCode) is not a QAD GL account in entity 10USA.',
    },
  },
  {
    name: 'PO-backed line: the QAD PO line account inactive',
    doc: () =>
      canonical(
        invoiceItem({
          item: { lineItemPurchaseOrderNumber: 'PO2', poLineNumber: 1 },
          allocation: { allocationAccountCode: '5000' },
          journal: { accountCode: '5000' },
        }),
      ),
    expected: {
      cause: 'inactive_value',
      field: 'lines[0].poLine',
      value: 'PO2/1',
      message:
        'GL account 6600 of QAD PO PO2 line 1 (expense type SERVC, lines[0]) is inactive in QAD entity 10USA: correct the PO line in QAD.',
    },
  },
  {
    name: 'sub-account (concur.coding.subAccount) unknown to QAD',
    doc: () => canonical(expenseItem({ allocation: { allocationCustom4Code: 'NOSUB' } }), WITH_SUB),
    expected: {
      cause: 'unmapped_value',
      field: 'lines[0].subAccount',
      value: 'NOSUB',
      message:
        'Concur sub-account "NOSUB" (expense type MEALS, lines[0].subAccount) is not a QAD sub-account in entity 10USA.',
    },
  },
  {
    name: 'sub-account inactive',
    doc: () => canonical(expenseItem({ allocation: { allocationCustom4Code: 'LEGACY' } }), WITH_SUB),
    expected: {
      cause: 'inactive_value',
      field: 'lines[0].subAccount',
      value: 'LEGACY',
      message: 'Concur sub-account "LEGACY" (expense type MEALS, lines[0].subAccount) is inactive in QAD.',
    },
  },
  {
    name: 'cost object (allocationCustom2Code) unknown, not replaced by a GL mapping default',
    doc: () => canonical(expenseItem({ allocation: { allocationCustom2Code: '10NOPE' } })),
    expected: {
      cause: 'unmapped_value',
      field: 'lines[0].costObject',
      value: '10NOPE',
      mapping: 'cost_center',
      message:
        'Cost object "10NOPE" (expense type MEALS, lines[0].costObject) has no QAD cost center in entity 10USA: map it in the cost center mapping.',
    },
  },
  {
    name: 'cost object inactive',
    doc: () => canonical(expenseItem({ allocation: { allocationCustom2Code: '10SALES' } })),
    expected: {
      cause: 'inactive_value',
      field: 'lines[0].costObject',
      value: '10SALES',
      mapping: 'cost_center',
      message:
        'Cost center "10SALES" (expense type MEALS, lines[0].costObject) is inactive in QAD entity 10USA.',
    },
  },
  {
    name: 'project (allocationCustom3Code) unknown',
    doc: () => canonical(invoiceItem({ allocation: { allocationCustom3Code: 'P-NONE' } })),
    expected: {
      cause: 'invalid_document',
      field: 'lines[0].project',
      value: 'P-NONE',
      message: 'Project "P-NONE" (expense type SERVC, lines[0].project) does not exist in QAD.',
    },
  },
];

describe('every account and dimension code Concur sends is checked against QAD', () => {
  it.each(CASES)('$name', ({ doc, expected }) => {
    const out = resolveDocument(doc(), lookupOf(MAPPED), qad);
    expect(out.state).toBe('exception');
    expect(out.exceptions).toEqual([{ ...expected }]);
  });

  it('the same documents with good codes are ready, coded by the mapping where there is one', () => {
    const expense = resolveDocument(
      canonical(
        expenseItem({
          allocation: { allocationCustom4Code: 'OPS' },
          advances: [{ cashAdvanceClearingAccountCode: '1300' }],
        }),
        WITH_SUB,
      ),
      lookupOf({ 'gl_account/MEALS': { glAccount: '6100' } }),
      qad,
    );
    expect(expense.exceptions).toEqual([]);
    // The mapping decides what posts (6100), the Concur code (6120) is only checked.
    expect(expense.document.lines[0]?.qad).toEqual({
      glAccount: '6100',
      subAccount: 'OPS',
      costCenter: '10ADMIN',
    });
    const invoice = resolveDocument(canonical(invoiceItem({ item: PO })), lookupOf(MAPPED), qad);
    expect(invoice.state).toBe('ready');
    expect(invoice.document.lines[0]?.qad).toEqual({ glAccount: '5000', costCenter: '10ADMIN' });
  });

  it('a bad code on several lines is named once per expense type; the line does not post to it', () => {
    const doc = canonical(expenseItem({ journal: { journalAccountCode: '6999' } }));
    const line = doc.lines[0] ?? expect.fail('no line');
    const twice = { ...doc, totalMinor: 2 * doc.totalMinor, lines: [line, { ...line, lineNo: 2 }] };
    const out = resolveDocument(twice, lookupOf({}), qad);
    expect(out.exceptions.map((e) => e.field)).toEqual(['lines[0].journalAccountCode']);
    // A Concur account code is fixed in Concur's expense type (or QAD), not by a mapping: none is named.
    expect(out.exceptions[0]?.mapping).toBeUndefined();
    expect(out.document.lines.map((l) => l.qad?.glAccount)).toEqual([undefined, undefined]);
  });

  describe('company card lines', () => {
    const card = (journalAccountCode: string) =>
      canonical(
        expenseItem({
          entry: { reportEntryPaymentTypeCode: 'CBCP', clearingAccountCode: '2400' },
          journal: { journalPayee: 'CARD', journalAccountCode },
        }),
      );

    it('the card clearing account as journalAccountCode is not taken as the expense account', () => {
      const out = resolveDocument(card('2400'), lookupOf({}), qad);
      expect(out.exceptions).toEqual([
        expect.objectContaining({
          cause: 'unmapped_value',
          field: 'lines[0].expenseType',
          value: 'MEALS',
          mapping: 'gl_account',
        }),
      ]);
      expect(out.exceptions[0]?.message).toMatch(
        /2400 \(lines\[0\]\.journalAccountCode\) is the card clearing account/,
      );
      expect(out.document.lines[0]?.qad?.glAccount).toBeUndefined();
      const mapped = resolveDocument(card('2400'), lookupOf(MAPPED), qad);
      expect(mapped.state).toBe('ready');
      expect(mapped.document.lines[0]?.qad?.glAccount).toBe('6120');
    });

    it('an expense account as journalAccountCode on a card line posts without a mapping', () => {
      const out = resolveDocument(card('6120'), lookupOf({}), qad);
      expect(out.state).toBe('ready');
      expect(out.document.lines[0]?.qad?.glAccount).toBe('6120');
    });
  });
});

// ---- through the store: fix QAD or the mapping, validate again ---------------------------------------------

function cacheRows(
  rows: readonly Row[],
): Map<string, { kind: QadCacheKind; entity: string; rows: QadCacheInput[] }> {
  const out = new Map<string, { kind: QadCacheKind; entity: string; rows: QadCacheInput[] }>();
  for (const [kind, entity, code, payload = {}, active = true] of rows) {
    const key = `${kind}/${entity}`;
    const slice = out.get(key) ?? { kind, entity, rows: [] };
    slice.rows.push({ code, payload, active });
    out.set(key, slice);
  }
  return out;
}

function loadRows(store: Store, rows: readonly Row[]): void {
  for (const { kind, entity, rows: list } of cacheRows(rows).values())
    replaceQadCache(store.db, kind, entity, list, { actor: 'masterData' });
}

function runtime(store: Store, coding: ConcurCoding): SyncRuntime {
  return {
    store,
    adapters: { concur: createConcurSource({ coding: () => coding }) },
    // A report paid by card owes the employee nothing: it posts as a GL journal.
    settings: testSettings({
      concur: { enabled: true, clientId: 'c', companyUuid: 'u', expenseReportPosting: 'gl_journal' },
    }),
    now: () => new Date('2026-11-25T12:00:00.000Z'),
    random: () => 0.5,
    actor: 'scheduler',
  };
}

describe('fixing QAD or the mapping clears the exceptions on the next validation', () => {
  it('QAD opens the account, activates the sub-account and adds the cash advance account', () => {
    const store = tempStore();
    try {
      loadRows(store, ROWS);
      const rt = runtime(store, WITH_SUB);
      const adapter = rt.adapters.concur ?? expect.fail('adapter');
      const item = expenseItem({
        journal: { journalAccountCode: '6600' },
        allocation: { allocationCustom4Code: 'LEGACY' },
        advances: [{ cashAdvanceClearingAccountCode: '1399' }],
      });
      stageItems(rt, adapter, [item]);
      revalidate(rt, { states: ['staged'] });
      const before = getDocumentBySource(store.db, 'concur', 'EXP1') ?? expect.fail('not staged');
      expect(before.state).toBe('exception');
      expect(before.exceptions.map((e) => [e.field, e.value])).toEqual([
        ['cashAdvanceApplication[0].cashAdvanceClearingAccountCode', '1399'],
        ['lines[0].journalAccountCode', '6600'],
        ['lines[0].subAccount', 'LEGACY'],
      ]);

      loadRows(
        store,
        ROWS.map((row): Row => {
          const [kind, entity, code, payload] = row;
          return (kind === 'gl_account' && code === '6600') || (kind === 'sub_account' && code === 'LEGACY')
            ? [kind, entity, code, payload, true]
            : row;
        }).concat([['gl_account', ENTITY, '1399', { type: 'asset' }]]),
      );
      const tally = revalidate(rt);
      expect(tally.cleared).toBe(1);
      const after = getDocumentBySource(store.db, 'concur', 'EXP1') ?? expect.fail('gone');
      expect(after.state).toBe('ready');
      expect(after.exceptions).toEqual([]);
      expect(after.lines[0]?.qad).toEqual({ glAccount: '6600', subAccount: 'LEGACY', costCenter: '10ADMIN' });
    } finally {
      store.close();
    }
  });

  it('a mapping for the expense type clears a card line whose Concur account is the clearing account', () => {
    const store = tempStore();
    try {
      loadRows(store, ROWS);
      const rt = runtime(store, DEFAULT_CONCUR_CODING);
      const adapter = rt.adapters.concur ?? expect.fail('adapter');
      const item = expenseItem({
        entry: { reportEntryPaymentTypeCode: 'CBCP', clearingAccountCode: '2400' },
        journal: { journalPayee: 'CARD', journalAccountCode: '2400' },
      });
      stageItems(rt, adapter, [item]);
      revalidate(rt, { states: ['staged'] });
      const before = getDocumentBySource(store.db, 'concur', 'EXP1') ?? expect.fail('not staged');
      expect(before.exceptions).toEqual([
        expect.objectContaining({ field: 'lines[0].expenseType', value: 'MEALS', mapping: 'gl_account' }),
      ]);
      changeMappings(
        store.db,
        [{ kind: 'gl_account', sourceValue: 'MEALS', target: { glAccount: '6120' } }],
        {
          actor: 'controller',
        },
      );
      revalidate(rt);
      const after = getDocumentBySource(store.db, 'concur', 'EXP1') ?? expect.fail('gone');
      expect(after.exceptions).toEqual([]);
      expect(after.lines[0]?.qad?.glAccount).toBe('6120');
    } finally {
      store.close();
    }
  });
});
