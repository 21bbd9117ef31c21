// The JSON shapes of the REST simulator. No real Adaptive REST body for these objects is public (sheet
// 1.3a, 2.3 [U]), so field names are ours: camelCase like the observed `domainCode`, amounts as decimal
// strings, instance URIs `<viewUri>:<key>.<key>` (sheet 2.3 [P]). Inputs are checked with zod and turned
// into the model's minor-unit inputs here; a bad amount is reported with its JSON path.
import { z } from 'zod';
import { parseDecimal } from '../../../shared/domain/money.ts';
import type { InvoiceInput, JournalInput, QadIssue, ReceiveInput } from './model-types.ts';

const code = z.string().trim().min(1).max(40);
const optionalCode = z.string().trim().max(40).optional();
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const decimal = z.union([z.string().trim().min(1), z.number()]);
const quantity = z
  .union([z.number(), z.string().regex(/^\d+(\.\d+)?$/, 'must be a decimal number')])
  .transform(Number);

// Strict objects: a misspelt optional field (say `subAcount`) is refused with its path instead of being
// dropped silently. `uri`/`instanceURI` may ride along, as in the observed create bodies (sheet 2.3).
const instance = { uri: z.string().optional(), instanceURI: z.string().optional() };

export const restInvoiceSchema = z.strictObject({
  ...instance,
  domainCode: optionalCode,
  entityCode: code,
  supplierCode: code,
  invoiceType: z.enum(['Invoice', 'CreditNote']).default('Invoice'),
  reference: z.string().trim().min(1).max(40),
  description: z.string().max(200).default(''),
  invoiceDate: date,
  postingDate: date,
  postingYear: z.number().int().optional(),
  postingPeriod: z.number().int().optional(),
  dueDate: date.optional(),
  currencyCode: z.string().trim().length(3),
  amount: decimal,
  daybookCode: optionalCode,
  statusCode: optionalCode,
  receiptMatches: z
    .array(
      z.strictObject({
        purchaseOrder: code,
        purchaseOrderLine: z.number().int().positive(),
        receiver: optionalCode,
        quantity,
        unitPrice: decimal.optional(),
      }),
    )
    .default([]),
  glLines: z
    .array(
      z.strictObject({
        glAccount: code,
        subAccount: optionalCode,
        costCenter: optionalCode,
        project: optionalCode,
        amount: decimal,
        description: z.string().max(200).optional(),
      }),
    )
    .default([]),
});

export const restJournalSchema = z.strictObject({
  ...instance,
  domainCode: optionalCode,
  entityCode: code,
  postingDate: date,
  postingYear: z.number().int().optional(),
  postingPeriod: z.number().int().optional(),
  currencyCode: z.string().trim().length(3),
  description: z.string().max(200).default(''),
  daybookCode: optionalCode,
  lines: z
    .array(
      z.strictObject({
        glAccount: code,
        subAccount: optionalCode,
        costCenter: optionalCode,
        project: optionalCode,
        debit: decimal.default('0'),
        credit: decimal.default('0'),
        description: z.string().max(200).optional(),
      }),
    )
    .min(1),
});

export const restReceiptSchema = z.strictObject({
  ...instance,
  purchaseOrder: code,
  effectiveDate: date.optional(),
  fillAll: z.boolean().default(false),
  lines: z.array(z.strictObject({ line: z.number().int().positive(), quantity })).min(1),
});

type Converted<T> = { ok: true; value: T } | { ok: false; errors: QadIssue[] };

function money(value: string | number, currency: string, field: string, errors: QadIssue[]): number {
  const parsed = parseDecimal(value, currency);
  if (parsed.ok) return parsed.minor;
  errors.push({ severity: 'error', code: 'invalid-amount', field, message: `${field}: ${parsed.reason}` });
  return 0;
}

const blankToUndefined = (value: string | undefined): string | undefined => (value ? value : undefined);

export function toInvoiceInput(
  raw: z.infer<typeof restInvoiceSchema>,
  path: string,
): Converted<InvoiceInput> {
  const errors: QadIssue[] = [];
  const currency = raw.currencyCode.toUpperCase();
  const input: InvoiceInput = {
    domain: raw.domainCode,
    entity: raw.entityCode,
    supplier: raw.supplierCode,
    type: raw.invoiceType === 'CreditNote' ? 'credit-note' : 'invoice',
    reference: raw.reference,
    description: raw.description,
    invoiceDate: raw.invoiceDate,
    postingDate: raw.postingDate,
    postingYear: raw.postingYear,
    postingPeriod: raw.postingPeriod,
    dueDate: raw.dueDate,
    currency,
    amountMinor: money(raw.amount, currency, `${path}.amount`, errors),
    daybook: blankToUndefined(raw.daybookCode),
    statusCode: blankToUndefined(raw.statusCode),
    matches: raw.receiptMatches.map((m, i) => ({
      poNumber: m.purchaseOrder,
      poLine: m.purchaseOrderLine,
      receiver: blankToUndefined(m.receiver),
      quantity: m.quantity,
      unitPriceMinor:
        m.unitPrice === undefined
          ? undefined
          : money(m.unitPrice, currency, `${path}.receiptMatches[${i}].unitPrice`, errors),
    })),
    lines: raw.glLines.map((l, i) => ({
      account: l.glAccount,
      subAccount: blankToUndefined(l.subAccount),
      costCenter: blankToUndefined(l.costCenter),
      project: blankToUndefined(l.project),
      amountMinor: money(l.amount, currency, `${path}.glLines[${i}].amount`, errors),
      description: l.description,
    })),
  };
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: input };
}

export function toJournalInput(
  raw: z.infer<typeof restJournalSchema>,
  path: string,
): Converted<JournalInput> {
  const errors: QadIssue[] = [];
  const currency = raw.currencyCode.toUpperCase();
  const input: JournalInput = {
    domain: raw.domainCode,
    entity: raw.entityCode,
    postingDate: raw.postingDate,
    postingYear: raw.postingYear,
    postingPeriod: raw.postingPeriod,
    currency,
    description: raw.description,
    daybook: blankToUndefined(raw.daybookCode),
    lines: raw.lines.map((l, i) => ({
      account: l.glAccount,
      subAccount: blankToUndefined(l.subAccount),
      costCenter: blankToUndefined(l.costCenter),
      project: blankToUndefined(l.project),
      debitMinor: money(l.debit, currency, `${path}.lines[${i}].debit`, errors),
      creditMinor: money(l.credit, currency, `${path}.lines[${i}].credit`, errors),
      description: l.description,
    })),
  };
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: input };
}

export function toReceiveInput(raw: z.infer<typeof restReceiptSchema>): ReceiveInput {
  return { poNumber: raw.purchaseOrder, date: raw.effectiveDate, fillAll: raw.fillAll, lines: raw.lines };
}

// Model field -> JSON field, for the `fieldName` of an error.
const INVOICE_FIELDS: Readonly<Record<string, string>> = {
  entity: 'entityCode',
  domain: 'domainCode',
  supplier: 'supplierCode',
  currency: 'currencyCode',
  daybook: 'daybookCode',
  matches: 'receiptMatches',
  poNumber: 'purchaseOrder',
  poLine: 'purchaseOrderLine',
  lines: 'glLines',
  account: 'glAccount',
};
const JOURNAL_FIELDS: Readonly<Record<string, string>> = { ...INVOICE_FIELDS, lines: 'lines' };
const RECEIPT_FIELDS: Readonly<Record<string, string>> = { poNumber: 'purchaseOrder', date: 'effectiveDate' };

/** `matches[0].quantity` -> `supplierInvoices[0].receiptMatches[0].quantity`. */
export function restFieldName(kind: 'invoice' | 'journal' | 'receipt', field: string, path: string): string {
  if (field.startsWith(path)) return field; // already a JSON path (amount parsing)
  const map = kind === 'invoice' ? INVOICE_FIELDS : kind === 'journal' ? JOURNAL_FIELDS : RECEIPT_FIELDS;
  const translated = field.replace(/[A-Za-z]+/g, (part) => map[part] ?? part);
  return `${path}.${translated}`;
}

const uri = (viewUri: string, ...keys: readonly (string | number)[]) => `${viewUri}:${keys.join('.')}`;

export function withUri<T extends object>(row: T, viewUri: string, keys: readonly (string | number)[]) {
  const instance = uri(viewUri, ...keys);
  return { ...row, uri: instance, instanceURI: instance };
}
