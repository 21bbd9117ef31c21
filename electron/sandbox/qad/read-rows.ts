// The read side shared by both simulators: one row shape per collection (camelCase, amounts as decimal
// strings), the exact-match filters each collection accepts, and the operation names of the request log.
// REST serves these rows as JSON with instance URIs; QXtend's (non-standard) query QDocs as XML.
import type { QadRestCollectionKey } from '../../connectors/qad/defaults.ts';
import { formatDecimal } from '../../../shared/domain/money.ts';
import type { QadModel } from './model.ts';
import type { QadPeriod, QadPurchaseOrder, QadReceipt, StoredInvoice, StoredJournal } from './model-types.ts';

export type Row = Record<string, unknown>;

export interface KeyedRow {
  readonly row: Row;
  /** Instance keys, dot-joined into the URI (sheet 2.3 [P]). */
  readonly keys: readonly (string | number)[];
}

/** Singular names for the request log: `supplierInvoice.create`, `supplierInvoice.find`, ... */
export const OPERATION: Readonly<Record<QadRestCollectionKey, string>> = {
  suppliers: 'supplier',
  glAccounts: 'glAccount',
  subAccounts: 'subAccount',
  costCenters: 'costCenter',
  projects: 'project',
  purchaseOrders: 'purchaseOrder',
  receipts: 'receipt',
  glPeriods: 'glPeriod',
  supplierInvoices: 'supplierInvoice',
  journalEntries: 'journalEntry',
};

/** Parameters accepted as exact-match filters, per collection (unconfirmed, sheet 2.3 [U]). */
export const FILTERS: Readonly<Record<QadRestCollectionKey, readonly string[]>> = {
  suppliers: ['supplierCode', 'isActive'],
  glAccounts: ['glCode', 'isActive'],
  subAccounts: ['subAccountCode', 'isActive'],
  costCenters: ['costCenterCode', 'entityCode', 'isActive'],
  projects: ['projectCode', 'isActive'],
  purchaseOrders: ['purchaseOrder', 'supplierCode', 'entityCode', 'status'],
  receipts: ['receiver', 'purchaseOrder', 'supplierCode', 'entityCode', 'open'],
  glPeriods: ['entityCode', 'year', 'status'],
  supplierInvoices: ['description', 'reference', 'supplierCode', 'entityCode', 'voucher'],
  journalEntries: ['description', 'entityCode', 'voucher'],
};

/** Filters that look a posted document up by reference: the request log calls such reads `find`. */
export const FIND_FILTERS: ReadonlySet<string> = new Set(['description', 'reference', 'voucher']);

export function collectionRows(model: QadModel, key: QadRestCollectionKey): KeyedRow[] {
  const domain = model.entities[0]?.domain ?? '';
  switch (key) {
    case 'suppliers':
      return model.suppliers.map((s) => ({
        row: {
          domainCode: domain,
          supplierCode: s.code,
          name: s.name,
          currencyCode: s.currency,
          isActive: s.active,
          isEmployee: s.isEmployee,
        },
        keys: [domain, s.code],
      }));
    case 'glAccounts':
      return model.accounts.map((a) => ({
        row: {
          glCode: a.code,
          description: a.description,
          accountType: a.type,
          isActive: a.active,
          isPostable: a.postable,
        },
        keys: [domain, a.code],
      }));
    case 'subAccounts':
      return model.subAccounts.map((s) => ({
        row: { subAccountCode: s.code, description: s.description, isActive: s.active },
        keys: [domain, s.code],
      }));
    case 'costCenters':
      return model.costCenters.map((c) => ({
        row: { costCenterCode: c.code, entityCode: c.entity, description: c.description, isActive: c.active },
        keys: [c.entity, c.code],
      }));
    case 'projects':
      return model.projects.map((p) => ({
        row: { projectCode: p.code, description: p.description, isActive: p.active },
        keys: [domain, p.code],
      }));
    case 'purchaseOrders':
      return model.purchaseOrders.map((po) => ({
        row: purchaseOrderRow(model, po),
        keys: [po.domain, po.number],
      }));
    case 'receipts':
      return model.receipts.map((r) => {
        const row = receiptRow(model, r);
        return { row: { ...row, open: row.quantityOpen > 0 }, keys: [r.receiver, r.poNumber, r.poLine] };
      });
    case 'glPeriods':
      return model.periods.map((p) => ({ row: periodRow(p), keys: [p.entity, p.year, p.period] }));
    case 'supplierInvoices':
      return model.invoices.map((i) => ({
        row: invoiceRow(i),
        keys: [i.entity, i.year, i.daybook, i.voucher],
      }));
    case 'journalEntries':
      return model.journals.map((j) => ({
        row: journalRow(j),
        keys: [j.entity, j.year, j.daybook, j.voucher],
      }));
  }
}

export type FilterCheck =
  { ok: true; filters: [string, string][]; find: boolean } | { ok: false; unknown: string };

/** Checks filter names against the collection; `find` tells whether a reference filter is among them. */
export function checkFilters(key: QadRestCollectionKey, params: Iterable<[string, string]>): FilterCheck {
  const filters: [string, string][] = [];
  let find = false;
  for (const [name, value] of params) {
    if (!FILTERS[key].includes(name)) return { ok: false, unknown: name };
    filters.push([name, value]);
    if (FIND_FILTERS.has(name)) find = true;
  }
  return { ok: true, filters, find };
}

export function applyFilters(rows: readonly KeyedRow[], filters: readonly [string, string][]): KeyedRow[] {
  return rows.filter(({ row }) => filters.every(([name, value]) => String(row[name]) === value));
}

// ------------------------------------------------------------------------------------- row shapes

export function invoiceRow(i: StoredInvoice) {
  return {
    domainCode: i.domain,
    entityCode: i.entity,
    supplierCode: i.supplier,
    invoiceType: i.type === 'credit-note' ? 'CreditNote' : 'Invoice',
    reference: i.reference,
    description: i.description,
    invoiceDate: i.invoiceDate,
    postingDate: i.postingDate,
    postingYear: i.year,
    postingPeriod: i.period,
    dueDate: i.dueDate ?? null,
    currencyCode: i.currency,
    amount: formatDecimal(i.amountMinor, i.currency),
    daybookCode: i.daybook,
    statusCode: i.statusCode,
    voucher: i.voucher,
    createdAt: i.createdAt,
    receiptMatches: i.matchedReceipts.map((m) => ({
      purchaseOrder: m.poNumber,
      purchaseOrderLine: m.poLine,
      receiver: m.receiver,
      quantity: m.quantity,
      amount: formatDecimal(m.amountMinor, i.currency),
    })),
    glLines: i.lines.map((l) => ({
      glAccount: l.account,
      subAccount: l.subAccount ?? '',
      costCenter: l.costCenter ?? '',
      project: l.project ?? '',
      amount: formatDecimal(l.amountMinor, i.currency),
      description: l.description ?? '',
    })),
  };
}

export function journalRow(j: StoredJournal) {
  return {
    domainCode: j.domain,
    entityCode: j.entity,
    postingDate: j.postingDate,
    postingYear: j.year,
    postingPeriod: j.period,
    currencyCode: j.currency,
    description: j.description,
    daybookCode: j.daybook,
    voucher: j.voucher,
    createdAt: j.createdAt,
    lines: j.lines.map((l) => ({
      glAccount: l.account,
      subAccount: l.subAccount ?? '',
      costCenter: l.costCenter ?? '',
      project: l.project ?? '',
      debit: formatDecimal(l.debitMinor, j.currency),
      credit: formatDecimal(l.creditMinor, j.currency),
      description: l.description ?? '',
    })),
  };
}

export function purchaseOrderRow(model: QadModel, po: QadPurchaseOrder) {
  return {
    domainCode: po.domain,
    entityCode: po.entity,
    purchaseOrder: po.number,
    supplierCode: po.supplier,
    currencyCode: po.currency,
    orderDate: po.orderDate,
    status: po.closed ? 'closed' : 'open',
    lines: po.lines.map((l) => ({
      line: l.line,
      item: l.item,
      description: l.description,
      quantityOrdered: l.quantityOrdered,
      quantityReceived: model.receivedQuantity(po.number, l.line),
      unitPrice: formatDecimal(l.unitPriceMinor, po.currency),
      glAccount: l.glAccount,
      costCenter: l.costCenter,
    })),
  };
}

export function receiptRow(model: QadModel, r: QadReceipt) {
  const po = model.purchaseOrder(r.poNumber);
  return {
    receiver: r.receiver,
    purchaseOrder: r.poNumber,
    purchaseOrderLine: r.poLine,
    supplierCode: po?.supplier ?? '',
    entityCode: po?.entity ?? '',
    receiptDate: r.date,
    quantity: r.quantity,
    quantityMatched: r.matchedQuantity,
    quantityOpen: Math.max(0, Math.round((r.quantity - r.matchedQuantity) * 1_000_000) / 1_000_000),
  };
}

export function periodRow(p: QadPeriod) {
  return {
    entityCode: p.entity,
    year: p.year,
    period: p.period,
    startDate: p.start,
    endDate: p.end,
    status: p.status,
    isOpen: p.status === 'open',
  };
}
