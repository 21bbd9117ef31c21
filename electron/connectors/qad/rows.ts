// Master-data and document rows as both transports deliver them (REST JSON, or QXtend query XML turned into
// plain text values), validated with zod and turned into the domain types of shared/domain/qad.ts. No real
// QAD body for these objects is public (research/qad.md 1.3a, 2.3 [U]); the field names are the ones our
// simulators serve and stay in this one file. A row QAD sends in another shape is a clear error naming it.
import { z } from 'zod';
import { parseDecimal } from '../../../shared/domain/money.ts';
import {
  qadDocumentId,
  type QadCode,
  type QadCostCenter,
  type QadDocumentKind,
  type QadGlAccount,
  type QadGlPeriod,
  type QadPostedDocument,
  type QadPurchaseOrder,
  type QadReceipt,
  type QadSupplier,
} from '../../../shared/domain/qad.ts';
import type { QadRestCollectionKey } from './defaults.ts';
import { QadResponseError, type QadTransport } from './errors.ts';

const str = z.union([z.string(), z.number()]).transform((v) => String(v).trim());
const optStr = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((v) => (v === null || v === undefined ? '' : String(v).trim()));
const num = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^-?\d+(\.\d+)?$/, 'must be a number')
    .transform(Number),
]);
const int = num.pipe(z.number().int());
const bool = z.union([
  z.boolean(),
  z
    .string()
    .trim()
    .regex(/^(true|false|yes|no|1|0)$/i, 'must be true or false')
    .transform((v) => /^(true|yes|1)$/i.test(v)),
]);
const decimal = z.union([z.string().trim().min(1), z.number()]);
/** XML gives one child as an object and none as ''; JSON gives arrays. */
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v): unknown[] =>
      v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? (v as unknown[]) : [v],
    z.array(item),
  );

const supplierRow = z.object({
  supplierCode: str,
  name: optStr,
  currencyCode: optStr,
  isActive: bool,
  isEmployee: bool.optional(),
});
const glAccountRow = z.object({
  glCode: str,
  description: optStr,
  accountType: optStr,
  isActive: bool,
  isPostable: bool.optional(),
});
const subAccountRow = z.object({ subAccountCode: str, description: optStr, isActive: bool });
const projectRow = z.object({ projectCode: str, description: optStr, isActive: bool });
const costCenterRow = z.object({
  costCenterCode: str,
  entityCode: str,
  description: optStr,
  isActive: bool,
});
const poRow = z.object({
  purchaseOrder: str,
  entityCode: str,
  supplierCode: str,
  currencyCode: str,
  orderDate: optStr,
  status: optStr,
  lines: list(
    z.object({
      line: int,
      item: optStr,
      description: optStr,
      quantityOrdered: num,
      quantityReceived: num.optional(),
      unitPrice: decimal,
      glAccount: optStr,
      costCenter: optStr,
    }),
  ),
});
const receiptRow = z.object({
  receiver: str,
  purchaseOrder: str,
  purchaseOrderLine: int,
  supplierCode: optStr,
  entityCode: optStr,
  receiptDate: optStr,
  quantity: num,
  quantityMatched: num.optional(),
  quantityOpen: num.optional(),
});
const periodRow = z.object({
  entityCode: str,
  year: int,
  period: int,
  startDate: str,
  endDate: str,
  status: optStr,
  isOpen: bool.optional(),
});
const documentRow = z.object({
  entityCode: str,
  postingYear: int,
  postingPeriod: int,
  daybookCode: str,
  voucher: int,
  description: optStr,
  currencyCode: optStr,
  amount: decimal.optional(),
});

function parseRows<T extends z.ZodType>(
  schema: T,
  rows: readonly unknown[],
  what: string,
  transport: QadTransport,
): z.output<T>[] {
  return rows.map((row, index) => {
    const parsed = schema.safeParse(row);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join('.') || '(row)';
    throw new QadResponseError(
      `QAD sent ${what} row ${index + 1} in an unexpected shape: field "${field}" ${issue?.message ?? 'is invalid'}.`,
      { transport, outcome: 'refused' },
    );
  });
}

function minor(value: string | number, currency: string, what: string, transport: QadTransport): number {
  const parsed = parseDecimal(value, currency);
  if (!parsed.ok)
    throw new QadResponseError(
      `QAD sent an amount QAD's own currency cannot hold in ${what}: ${parsed.reason}`,
      {
        transport,
        outcome: 'refused',
      },
    );
  return parsed.minor;
}

export function toSuppliers(rows: readonly unknown[], t: QadTransport): QadSupplier[] {
  return parseRows(supplierRow, rows, 'supplier', t).map((r) => ({
    code: r.supplierCode,
    name: r.name,
    currency: r.currencyCode,
    active: r.isActive,
    isEmployee: r.isEmployee ?? false,
  }));
}

export function toGlAccounts(rows: readonly unknown[], t: QadTransport): QadGlAccount[] {
  return parseRows(glAccountRow, rows, 'GL account', t).map((r) => ({
    code: r.glCode,
    description: r.description,
    type: r.accountType,
    active: r.isActive,
    postable: r.isPostable ?? true,
  }));
}

export function toSubAccounts(rows: readonly unknown[], t: QadTransport): QadCode[] {
  return parseRows(subAccountRow, rows, 'sub-account', t).map((r) => ({
    code: r.subAccountCode,
    description: r.description,
    active: r.isActive,
  }));
}

export function toProjects(rows: readonly unknown[], t: QadTransport): QadCode[] {
  return parseRows(projectRow, rows, 'project', t).map((r) => ({
    code: r.projectCode,
    description: r.description,
    active: r.isActive,
  }));
}

export function toCostCenters(rows: readonly unknown[], t: QadTransport): QadCostCenter[] {
  return parseRows(costCenterRow, rows, 'cost center', t).map((r) => ({
    code: r.costCenterCode,
    entity: r.entityCode,
    description: r.description,
    active: r.isActive,
  }));
}

export function toPurchaseOrders(rows: readonly unknown[], t: QadTransport): QadPurchaseOrder[] {
  return parseRows(poRow, rows, 'purchase order', t).map((r) => ({
    number: r.purchaseOrder,
    entity: r.entityCode,
    supplier: r.supplierCode,
    currency: r.currencyCode,
    orderDate: r.orderDate,
    status: /^closed$/i.test(r.status) ? 'closed' : 'open',
    lines: r.lines.map((l) => ({
      line: l.line,
      item: l.item,
      description: l.description,
      quantityOrdered: l.quantityOrdered,
      quantityReceived: l.quantityReceived ?? 0,
      unitPriceMinor: minor(l.unitPrice, r.currencyCode, `purchase order ${r.purchaseOrder}`, t),
      glAccount: l.glAccount,
      costCenter: l.costCenter,
    })),
  }));
}

export function toReceipts(rows: readonly unknown[], t: QadTransport): QadReceipt[] {
  return parseRows(receiptRow, rows, 'receipt', t).map((r) => {
    const matched = r.quantityMatched ?? 0;
    return {
      receiver: r.receiver,
      poNumber: r.purchaseOrder,
      poLine: r.purchaseOrderLine,
      supplier: r.supplierCode,
      entity: r.entityCode,
      date: r.receiptDate,
      quantity: r.quantity,
      quantityMatched: matched,
      // Quantities compared in millionths so float drift never invents an open quantity.
      quantityOpen:
        r.quantityOpen ?? Math.max(0, Math.round(r.quantity * 1e6) - Math.round(matched * 1e6)) / 1e6,
    };
  });
}

export function toGlPeriods(rows: readonly unknown[], t: QadTransport): QadGlPeriod[] {
  return parseRows(periodRow, rows, 'GL period', t).map((r) => ({
    entity: r.entityCode,
    year: r.year,
    period: r.period,
    start: r.startDate,
    end: r.endDate,
    open: r.isOpen ?? /^open$/i.test(r.status),
  }));
}

/** A supplier invoice or journal entry row: the keys that make up the QAD document id. */
export function toPostedDocuments(
  rows: readonly unknown[],
  kind: QadDocumentKind,
  t: QadTransport,
): QadPostedDocument[] {
  return parseRows(
    documentRow,
    rows,
    kind === 'supplier_invoice' ? 'supplier invoice' : 'journal entry',
    t,
  ).map((r) => {
    const amount =
      r.amount !== undefined && r.currencyCode
        ? parseDecimal(r.amount, r.currencyCode)
        : ({ ok: false } as const);
    return {
      kind,
      externalRef: r.description,
      documentId: qadDocumentId(r.entityCode, r.postingYear, r.daybookCode, r.voucher),
      entity: r.entityCode,
      year: r.postingYear,
      period: r.postingPeriod,
      daybook: r.daybookCode,
      voucher: r.voucher,
      ...(r.currencyCode ? { currency: r.currencyCode } : {}),
      ...(amount.ok ? { totalMinor: amount.minor } : {}),
    };
  });
}

/** Which rows each read returns, and its exact-match filter names (unconfirmed, research/qad.md 2.3). */
export const READS = {
  suppliers: { collection: 'suppliers', entityFilter: undefined },
  glAccounts: { collection: 'glAccounts', entityFilter: undefined },
  subAccounts: { collection: 'subAccounts', entityFilter: undefined },
  projects: { collection: 'projects', entityFilter: undefined },
  costCenters: { collection: 'costCenters', entityFilter: 'entityCode' },
  purchaseOrders: { collection: 'purchaseOrders', entityFilter: 'entityCode' },
  receipts: { collection: 'receipts', entityFilter: 'entityCode' },
  glPeriods: { collection: 'glPeriods', entityFilter: 'entityCode' },
} as const satisfies Record<string, { collection: QadRestCollectionKey; entityFilter: string | undefined }>;

/** Filter that keeps only receipts with quantity left to match. */
export const OPEN_RECEIPTS_FILTER: Readonly<Record<string, string>> = { open: 'true' };
