// JSON bodies of the REST writes and the reading of their replies. No real Adaptive REST body for supplier
// invoices or journals is public (research/qad.md 2.3 [U]): the envelope `{ supplementaryMessages, <collection>:
// [ {...} ] }` and `submitResult.success` are observed [P], the field names are ours (camelCase like the
// observed `domainCode`), amounts are decimal strings of minor units.
import { formatDecimal } from '../../../../shared/domain/money.ts';
import type {
  QadJournalEntryInput,
  QadMessage,
  QadSupplierInvoiceInput,
} from '../../../../shared/domain/qad.ts';

const opt = <T>(key: string, value: T | undefined): Record<string, T> =>
  value === undefined || value === '' ? {} : { [key]: value };

export function invoiceBody(input: QadSupplierInvoiceInput, domain: string): Record<string, unknown> {
  const c = input.currency;
  return {
    domainCode: domain,
    entityCode: input.entity,
    supplierCode: input.supplier,
    invoiceType: input.type === 'credit_note' ? 'CreditNote' : 'Invoice',
    reference: input.supplierInvoiceNumber,
    // Our external reference goes into the description (defaults.ts QAD_EXTERNAL_REFERENCE_FIELD).
    description: input.externalRef,
    invoiceDate: input.invoiceDate,
    postingDate: input.postingDate,
    ...opt('dueDate', input.dueDate),
    currencyCode: c,
    amount: formatDecimal(input.totalMinor, c),
    ...opt('daybookCode', input.daybook),
    ...opt('statusCode', input.statusCode),
    receiptMatches: input.receiptMatches.map((m) => ({
      purchaseOrder: m.poNumber,
      purchaseOrderLine: m.poLine,
      ...opt('receiver', m.receiver),
      quantity: m.quantity,
      ...(m.unitPriceMinor === undefined ? {} : { unitPrice: formatDecimal(m.unitPriceMinor, c) }),
    })),
    glLines: input.glLines.map((l) => ({
      glAccount: l.glAccount,
      ...opt('subAccount', l.subAccount),
      ...opt('costCenter', l.costCenter),
      ...opt('project', l.project),
      amount: formatDecimal(l.amountMinor, c),
      ...opt('description', l.description),
    })),
  };
}

export function journalBody(input: QadJournalEntryInput, domain: string): Record<string, unknown> {
  const c = input.currency;
  return {
    domainCode: domain,
    entityCode: input.entity,
    postingDate: input.postingDate,
    currencyCode: c,
    description: input.externalRef,
    ...opt('daybookCode', input.daybook),
    lines: input.lines.map((l) => ({
      glAccount: l.glAccount,
      ...opt('subAccount', l.subAccount),
      ...opt('costCenter', l.costCenter),
      ...opt('project', l.project),
      debit: formatDecimal(l.debitMinor, c),
      credit: formatDecimal(l.creditMinor, c),
      ...opt('description', l.description),
    })),
  };
}

const SEVERITIES = new Set(['error', 'warning', 'information']);

/** `supplementaryMessages` / `submitResult.errors` items; field names are the client's guess (sheet 2.3). */
export function restMessages(list: unknown, fallback: QadMessage['severity']): QadMessage[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item): QadMessage[] => {
    if (typeof item !== 'object' || item === null) return [];
    const m = item as Record<string, unknown>;
    const text = typeof m.message === 'string' ? m.message : undefined;
    if (!text) return [];
    const severity =
      typeof m.severity === 'string' && SEVERITIES.has(m.severity.toLowerCase())
        ? (m.severity.toLowerCase() as QadMessage['severity'])
        : fallback;
    const field = typeof m.fieldName === 'string' && m.fieldName ? m.fieldName : undefined;
    const code = typeof m.errorId === 'string' && m.errorId ? m.errorId : undefined;
    const data = typeof m.data === 'string' && m.data ? m.data : undefined;
    return [
      {
        severity,
        message: text,
        ...(field ? { field } : {}),
        ...(code ? { code } : {}),
        ...(data ? { data } : {}),
      },
    ];
  });
}
