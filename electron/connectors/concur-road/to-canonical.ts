// PURE: a Concur FIS document (research/concur.md 2.8) -> the canonical document. Invoices (payment
// requests) carry a vendor, PO references and one `journal` object per allocation; expense reports carry an
// employee, entries, allocations and a `journal` array. Amounts become integer minor units through
// parseDecimal (8-decimal strings, "0E-8", JSON numbers); nothing is rounded. Whatever cannot be read
// becomes a DocumentException naming the field, and a best-effort document is still returned so a person
// sees what was readable. A withdrawn (RECALLED / VOID / CANCEL) or unknown docStatus is never postable.
// Every account code Concur sent is carried by its FIS name (line source `journalAccountCode`,
// `clearingAccountCode`, `liabilityAccountCode`, `allocationAccountCode`, `journal.accountCode`; the
// document's cash advance clearing accounts in `sourceAccounts`) so resolve can check each against QAD.
import type {
  CanonicalDocument,
  DocumentKind,
  DocumentLine,
  SourceCoding,
} from '../../../shared/domain/document.ts';
import type { DocumentException } from '../../../shared/domain/exception.ts';
import { formatDecimal, isKnownCurrency, parseDecimal, sumMinor } from '../../../shared/domain/money.ts';
import { concurSettingsSchema, type Settings } from '../../../shared/settings.ts';
import type { CanonicalResult, RawSourceItem } from '../../sync/source-port.ts';
import {
  cashAdvanceAccountCodes,
  entryAccountCodes,
  invoiceAllocationAccountCodes,
} from './account-codes.ts';
import { isoDate, isRecord, plainDecimal, records, shown, text, wholeNumber, type Json } from './read.ts';

export type ConcurCoding = Settings['concur']['coding'];

/** The sandbox's layout (settings defaults): custom2 = cost center, custom3 = project, ledgerCode = company. */
export const DEFAULT_CONCUR_CODING: ConcurCoding = concurSettingsSchema.parse({}).coding;

/** Statuses in which a document may go on the road (it was READY when fetched, then acknowledged). */
const POSTABLE_STATUSES: ReadonlySet<string> = new Set(['READY', 'ACKNOWLEDGED']);
/** Research/concur.md 8: a document that turns one of these before we post it must not be posted. */
export const WITHDRAWN_STATUSES: ReadonlySet<string> = new Set(['RECALLED', 'VOID', 'CANCEL']);

/** The FIS document types the road reads, and the canonical kind of each. */
export const FIS_TYPE_OF_KIND: Readonly<Record<DocumentKind, 'invoice' | 'expense'>> = {
  invoice: 'invoice',
  expense_report: 'expense',
};

/** The FIS content item as staged: the envelope fields and the `document` (object, or JSON text). */
interface Envelope {
  readonly id: string | undefined;
  readonly docType: string | undefined;
  readonly docStatus: string | undefined;
  readonly document: Json | undefined;
  readonly documentError: string | undefined;
}

class Collector {
  readonly exceptions: DocumentException[] = [];

  invalid(field: string, message: string, value?: string): void {
    this.exceptions.push({
      cause: 'invalid_document',
      field,
      message,
      ...(value === undefined ? {} : { value: value.slice(0, 200) }),
    });
  }

  add(exception: DocumentException): void {
    this.exceptions.push(exception);
  }
}

function readEnvelope(payload: string): Envelope | string {
  let raw: unknown;
  try {
    raw = JSON.parse(payload);
  } catch {
    return 'The payload is not JSON.';
  }
  if (!isRecord(raw)) return 'The payload is not a JSON object.';
  // A bare FIS `document` (no envelope) is read too: tests and replays of older rows may hold one.
  const bare = !('document' in raw) && !('documentError' in raw);
  let document: Json | undefined = bare ? raw : undefined;
  let documentError = typeof raw.documentError === 'string' ? raw.documentError : undefined;
  if (!bare) {
    // UNCONFIRMED (research/concur.md 2.2): `document` is an object or a JSON string; accept both.
    const value = raw.document;
    if (isRecord(value)) document = value;
    else if (typeof value === 'string') {
      try {
        const parsed = JSON.parse(value) as unknown;
        if (isRecord(parsed)) document = parsed;
        else documentError ??= 'The document text is not a JSON object.';
      } catch {
        documentError ??= 'The document text is not valid JSON.';
      }
    } else documentError ??= 'The document is missing.';
  }
  return {
    id: bare ? undefined : text(raw, 'id'),
    docType: bare ? undefined : text(raw, 'docType')?.toLowerCase(),
    docStatus: bare ? undefined : text(raw, 'docStatus')?.toUpperCase(),
    document,
    documentError,
  };
}

function statusExceptions(status: string | undefined, c: Collector): void {
  // A bare document has no status: it was READY when it was fetched.
  if (status === undefined || POSTABLE_STATUSES.has(status)) return;
  if (WITHDRAWN_STATUSES.has(status)) {
    c.add({
      cause: 'source_error',
      field: 'docStatus',
      value: status,
      message: `The document is ${status} in Concur: it will not be posted. Check it in Concur; a resubmitted report comes back as a new document.`,
    });
    return;
  }
  c.add({
    cause: 'source_error',
    field: 'docStatus',
    value: status,
    message: `The document has Concur status ${status}, which is not ready for posting: it will not be posted until a person has checked it.`,
  });
}

/** One amount in minor units; a missing or unreadable value is an exception naming the field. */
function amountOf(
  value: unknown,
  field: string,
  currency: string | undefined,
  c: Collector,
): number | undefined {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    c.invalid(field, `The amount ${field} is missing.`);
    return undefined;
  }
  if (typeof value !== 'string' && typeof value !== 'number') {
    c.invalid(field, `The amount ${field} is not a number.`, JSON.stringify(value));
    return undefined;
  }
  if (currency === undefined) return undefined; // the currency exception already says why
  const parsed = parseDecimal(value, currency);
  if (!parsed.ok) {
    c.invalid(
      field,
      `The amount ${field} is not a decimal amount in ${currency}: ${parsed.reason}.`,
      String(value),
    );
    return undefined;
  }
  return parsed.minor;
}

function currencyOf(record: Json | undefined, key: string, field: string, c: Collector): string | undefined {
  const code = text(record, key)?.toUpperCase();
  if (code === undefined) {
    c.invalid(field, 'The currency is missing.');
    return undefined;
  }
  if (!isKnownCurrency(code)) {
    c.invalid(field, `Currency "${code}" is not a known ISO 4217 currency.`, code);
    return undefined;
  }
  return code;
}

/** `customN` / `orgUnitN` -> the `...CustomNCode` / `...OrgUnitNCode` suffix. */
function codingSuffix(ref: string): string | undefined {
  const custom = /^custom(\d+)$/.exec(ref);
  if (custom) return `Custom${custom[1]}Code`;
  const org = /^orgUnit(\d)$/.exec(ref);
  return org ? `OrgUnit${org[1]}Code` : undefined;
}

/** A coding value: from the most specific level that carries the field (allocation, line / entry, header). */
function codingValue(
  ref: string,
  levels: readonly (readonly [string, Json | undefined])[],
): string | undefined {
  const suffix = codingSuffix(ref);
  if (!suffix) return undefined;
  for (const [prefix, record] of levels) {
    const value = text(record, `${prefix}${suffix}`);
    if (value !== undefined) return value;
  }
  return undefined;
}

function lineCoding(
  coding: ConcurCoding,
  levels: readonly (readonly [string, Json | undefined])[],
  base: Record<string, string | undefined>,
): SourceCoding {
  const out: Record<string, string> = {};
  const put = (key: string, value: string | undefined) => {
    if (value !== undefined) out[key] = value;
  };
  for (const [key, value] of Object.entries(base)) put(key, value);
  put('costObject', codingValue(coding.costCenter, levels));
  put('subAccount', codingValue(coding.subAccount, levels));
  put('project', codingValue(coding.project, levels));
  return out;
}

function entityOf(coding: ConcurCoding, header: Json | undefined, prefix: string): string | undefined {
  if (coding.entity === 'ledgerCode') return text(header, 'ledgerCode');
  return codingValue(coding.entity, [[prefix, header]]);
}

function cut(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

function show(minor: number, currency: string): string {
  return `${formatDecimal(minor, currency)} ${currency}`;
}

/** Lines must add up to the header total exactly. */
function checkSum(
  lines: readonly DocumentLine[],
  total: number | undefined,
  currency: string | undefined,
  field: string,
  c: Collector,
): void {
  if (total === undefined || currency === undefined || lines.length === 0) return;
  let sum: number;
  try {
    sum = sumMinor(lines.map((l) => l.amountMinor));
  } catch {
    c.invalid(field, 'The lines add up to an amount out of range.');
    return;
  }
  if (sum !== total) {
    c.invalid(
      field,
      `The lines add up to ${show(sum, currency)}, not the header total ${show(total, currency)}.`,
      formatDecimal(sum, currency),
    );
  }
}

// ---- invoices ---------------------------------------------------------------------------------------------

/** The order lines were entered in (lineItemSequenceOrder); field order and array order may differ. */
function bySequence(items: Json[]): { item: Json; index: number }[] {
  const indexed = items.map((item, index) => ({ item, index, seq: wholeNumber(item.lineItemSequenceOrder) }));
  if (indexed.every((x) => x.seq !== undefined)) indexed.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  return indexed.map(({ item, index }) => ({ item, index }));
}

interface AllocationAmount {
  readonly allocation: Json;
  readonly index: number;
  readonly amount: number | undefined;
  /** The field the amount came from, for exceptions. */
  readonly field: string;
  readonly accountCode: string | undefined;
  /** Every account code of the allocation, by FIS field (`allocationAccountCode`, `journal.accountCode`). */
  readonly accountCodes: Readonly<Record<string, string | undefined>>;
}

/**
 * An invoice allocation's amount: its journal's gross (net when gross is absent). UNCONFIRMED whether
 * `amountGross` includes the allocated tax and shipping; the lines are checked against `requestTotal`, so a
 * layout where it does not becomes a "lines do not add up" exception, never a wrong posting.
 */
function invoiceAllocation(
  allocation: Json,
  field: string,
  currency: string | undefined,
  c: Collector,
): Omit<AllocationAmount, 'allocation' | 'index'> {
  // An invoice journal is one object (research/concur.md 2.8); an array is tolerated and summed.
  const journals = records(allocation.journal);
  let amount: number | undefined = 0;
  let amountField = `${field}.journal`;
  if (journals.length === 0) {
    c.invalid(`${field}.journal`, `The allocation ${field} has no journal with an amount.`);
    amount = undefined;
  }
  journals.forEach((journal, k) => {
    const key =
      journal.amountGross !== undefined && journal.amountGross !== null ? 'amountGross' : 'amountNet';
    const at = Array.isArray(allocation.journal)
      ? `${field}.journal[${k}].${key}`
      : `${field}.journal.${key}`;
    if (k === 0) amountField = at;
    const value = amountOf(journal[key], at, currency, c);
    amount = amount === undefined || value === undefined ? undefined : amount + value;
  });
  // `journal.accountCode` is typed Number in FISS: always kept as a string. Both codes are carried (as
  // `allocationAccountCode` and, where it differs, `journal.accountCode`) so resolve checks each of them.
  const codes = invoiceAllocationAccountCodes(allocation);
  const accountCode = codes.allocationAccountCode ?? codes.journalAccountCodes[0];
  return {
    amount,
    field: amountField,
    accountCode,
    accountCodes: Object.fromEntries([
      ['allocationAccountCode', codes.allocationAccountCode],
      // One journal object is the documented shape; further journals of a tolerated array keep their index.
      ...codes.journalAccountCodes.map((code, k) => [
        k === 0 ? 'journal.accountCode' : `journal[${k}].accountCode`,
        code,
      ]),
    ]) as Record<string, string | undefined>,
  };
}

function invoiceToCanonical(
  sourceId: string,
  doc: Json,
  coding: ConcurCoding,
  c: Collector,
): CanonicalDocument | undefined {
  const header = isRecord(doc.requestHeader) ? doc.requestHeader : undefined;
  if (!header) c.invalid('requestHeader', 'The invoice has no requestHeader.');
  const vendor = isRecord(doc.vendor) ? doc.vendor : undefined;
  const vendorCode = text(vendor, 'vendorCode');
  if (!vendorCode)
    c.invalid('vendor.vendorCode', 'The invoice names no vendor (vendor.vendorCode is missing).');
  const currency = currencyOf(header, 'currencyAlphaCode', 'requestHeader.currencyAlphaCode', c);
  const total = amountOf(header?.requestTotal, 'requestHeader.requestTotal', currency, c);
  const credit = coding.invoiceCredits && total !== undefined && total < 0;
  const signCheck = (minor: number | undefined, field: string) => {
    if (minor === undefined || currency === undefined) return;
    if (minor < 0 && !credit) {
      c.invalid(
        field,
        coding.invoiceCredits
          ? `A negative amount (${show(minor, currency)}) on an invoice whose total is not a credit.`
          : `A negative amount (${show(minor, currency)}) on an invoice: credit notes are not taken from Concur (setting concur.coding.invoiceCredits).`,
        formatDecimal(minor, currency),
      );
    } else if (minor > 0 && credit) {
      c.invalid(
        field,
        `A positive amount (${show(minor, currency)}) on a credit note.`,
        formatDecimal(minor, currency),
      );
    }
  };
  signCheck(total, 'requestHeader.requestTotal');

  const items = records(doc.lineItem);
  if (items.length === 0) c.invalid('lineItem', 'The invoice has no line items.');
  const headerPo = text(header, 'poNumber');
  const owner = isRecord(doc.ownerEmployee) ? doc.ownerEmployee : undefined;
  const lines: DocumentLine[] = [];
  for (const { item, index } of bySequence(items)) {
    const at = `lineItem[${index}]`;
    const allocations = records(item.allocation).map((allocation, j) => ({
      allocation,
      index: j,
      ...invoiceAllocation(allocation, `${at}.allocation[${j}]`, currency, c),
    }));
    const poLine = wholeNumber(item.poLineNumber);
    if (item.poLineNumber !== undefined && item.poLineNumber !== null && poLine === undefined)
      c.invalid(`${at}.poLineNumber`, 'The PO line number is not a whole number.', shown(item.poLineNumber));
    const poNumber =
      text(item, 'lineItemPurchaseOrderNumber') ?? (poLine !== undefined ? headerPo : undefined);
    const quantity = plainDecimal(item.lineItemQuantity);
    if (item.lineItemQuantity !== undefined && item.lineItemQuantity !== null && quantity === undefined)
      c.invalid(`${at}.lineItemQuantity`, 'The quantity is not a number.', shown(item.lineItemQuantity));
    // A unit price may carry more decimals than the currency (0.125 per piece): kept as text then.
    const unitPriceText = plainDecimal(item.lineItemUnitPrice);
    if (
      item.lineItemUnitPrice !== undefined &&
      item.lineItemUnitPrice !== null &&
      unitPriceText === undefined
    )
      c.invalid(`${at}.lineItemUnitPrice`, 'The unit price is not a number.', shown(item.lineItemUnitPrice));
    const unitPrice =
      unitPriceText !== undefined && currency ? parseDecimal(unitPriceText, currency) : undefined;
    const receipts = Array.isArray(item.receiptNumbers)
      ? item.receiptNumbers
          .filter((r): r is string | number => typeof r === 'string' || typeof r === 'number')
          .join(',')
      : undefined;
    const description = text(item, 'lineItemDescription') ?? text(item, 'expenseTypeName') ?? '';
    const base = (allocation: AllocationAmount | undefined): Record<string, string | undefined> => ({
      expenseType: text(item, 'expenseTypeCode'),
      expenseTypeName: text(item, 'expenseTypeName'),
      accountCode: allocation?.accountCode,
      ...allocation?.accountCodes,
      itemCode: text(item, 'lineItemCode'),
      receipts: receipts === '' ? undefined : receipts,
      externalLineItemId: text(item, 'externalLineItemId'),
    });
    const levels = (allocation: Json | undefined) =>
      [
        ['allocation', allocation],
        ['lineItem', item],
        ['request', header],
        ['employee', owner],
      ] as const;
    const push = (
      amount: number | undefined,
      field: string,
      allocation: AllocationAmount | undefined,
      withPo: boolean,
    ) => {
      signCheck(amount, field);
      lines.push({
        lineNo: lines.length + 1,
        description: cut(description, 500),
        amountMinor: amount ?? 0,
        ...(withPo && quantity !== undefined ? { quantity } : {}),
        ...(withPo && unitPrice?.ok ? { unitPriceMinor: unitPrice.minor } : {}),
        ...(withPo && poNumber !== undefined ? { poNumber } : {}),
        ...(withPo && poLine !== undefined ? { poLine } : {}),
        source: lineCoding(coding, levels(allocation?.allocation), base(allocation)),
      });
    };
    if (allocations.length === 0) {
      // No allocation: quantity x unit price, only when both are exact (a whole quantity, a price in cents).
      const q = quantity !== undefined && !quantity.includes('.') ? Number(quantity) : undefined;
      const amount = q !== undefined && unitPrice?.ok ? q * unitPrice.minor : undefined;
      if (amount === undefined || !Number.isSafeInteger(amount)) {
        c.invalid(`${at}.allocation`, `Line item ${index + 1} has no allocation with an amount.`);
        push(undefined, `${at}.allocation`, undefined, true);
      } else push(amount, `${at}.lineItemUnitPrice`, undefined, true);
    } else if (poNumber !== undefined || poLine !== undefined || allocations.length === 1) {
      // A PO line stays one line (its quantity is matched against QAD receipts once, not per allocation).
      const amount = allocations.some((a) => a.amount === undefined)
        ? undefined
        : sumMinor(allocations.map((a) => a.amount ?? 0));
      push(
        amount,
        allocations.length === 1 ? (allocations[0]?.field ?? at) : `${at}.allocation`,
        allocations[0],
        true,
      );
    } else {
      for (const allocation of allocations) {
        push(allocation.amount, allocation.field, allocation, false);
      }
    }
  }
  checkSum(lines, total, currency, 'lineItem', c);

  const requestId = text(header, 'requestId');
  const revision = text(header, 'revisionNumber') ?? '1';
  const title = text(header, 'requestTitle') ?? text(header, 'requestDescription');
  const date =
    isoDate(header?.invoiceDate) ?? isoDate(header?.submitDate) ?? isoDate(header?.requestCreationDate);
  if (header && !isoDate(header.invoiceDate))
    c.invalid(
      'requestHeader.invoiceDate',
      header.invoiceDate === undefined || header.invoiceDate === null
        ? 'The invoice date is missing.'
        : 'The invoice date is not a date (MM/DD/YYYY).',
      typeof header.invoiceDate === 'string' ? header.invoiceDate : undefined,
    );
  if (!header || !date) return undefined;
  const invoiceNumber = text(header, 'vendorInvoiceNumber');
  const vendorName = text(vendor, 'vendorName');
  return {
    source: 'concur',
    sourceId,
    kind: 'invoice',
    sourceEntity: cut(entityOf(coding, header, 'request') ?? '', 80),
    currency: currency ?? safeCurrency(text(header, 'currencyAlphaCode')),
    totalMinor: total ?? 0,
    documentDate: date,
    // The business id and revision are the second idempotency key the research sheet suggests (2.7).
    description: cut(`Concur invoice ${requestId ?? '?'} rev ${revision}${title ? `: ${title}` : ''}`, 500),
    payee: { kind: 'vendor', code: vendorCode ?? '', ...(vendorName ? { name: vendorName } : {}) },
    ...(invoiceNumber ? { invoiceNumber } : {}),
    ...(headerPo ? { poNumber: headerPo } : {}),
    lines,
  };
}

// ---- expense reports ------------------------------------------------------------------------------------

/** Whom a journal line is owed to: the employee (cash) or the company card (research/concur.md 2.8). */
function paymentType(journal: Json | undefined, entry: Json): 'employee' | 'company' {
  const payee = text(journal, 'journalPayee')?.toUpperCase();
  if (payee !== undefined) return payee === 'EMPL' ? 'employee' : 'company';
  // Without a journal payee: company-paid payment types (CBCP, IBCP) are owed to the card, not the employee.
  const code = text(entry, 'reportEntryPaymentTypeCode')?.toUpperCase();
  return code === 'CBCP' || code === 'IBCP' ? 'company' : 'employee';
}

function expenseToCanonical(
  sourceId: string,
  doc: Json,
  coding: ConcurCoding,
  c: Collector,
): CanonicalDocument | undefined {
  const report = isRecord(doc.report) ? doc.report : undefined;
  if (!report) c.invalid('report', 'The expense report has no report header.');
  const employee = isRecord(doc.employee) ? doc.employee : undefined;
  const employeeId = text(employee, 'employeeId');
  if (!employeeId)
    c.invalid(
      'employee.employeeId',
      'The expense report names no employee (employee.employeeId is missing).',
    );
  const currency = currencyOf(report, 'employeeCurrencyAlphaCode', 'report.employeeCurrencyAlphaCode', c);
  const total = amountOf(report?.totalApprovedAmount, 'report.totalApprovedAmount', currency, c);
  // Single entries may be negative (a refund); the report as a whole may not.
  if (total !== undefined && currency !== undefined && total < 0)
    c.invalid(
      'report.totalApprovedAmount',
      `The report total ${show(total, currency)} is negative.`,
      formatDecimal(total, currency),
    );

  const entries = records(doc.expenseEntry);
  if (entries.length === 0) c.invalid('expenseEntry', 'The expense report has no entries.');
  const lines: DocumentLine[] = [];
  entries.forEach((entry, i) => {
    const at = `expenseEntry[${i}]`;
    const description = text(entry, 'entryDescription') ?? text(entry, 'expenseTypeName') ?? '';
    const base = (journal: Json | undefined): Record<string, string | undefined> => ({
      expenseType: text(entry, 'expenseTypeCode'),
      expenseTypeName: text(entry, 'expenseTypeName'),
      accountCode: text(journal, 'journalAccountCode'),
      // Every account code Concur sent for the entry, by FIS field, so resolve checks each against QAD.
      journalAccountCode: text(journal, 'journalAccountCode'),
      ...entryAccountCodes(entry),
      paymentType: paymentType(journal, entry),
      paymentTypeCode: text(entry, 'reportEntryPaymentTypeCode'),
      entryId: text(entry, 'entryId'),
      entryDate: isoDate(entry.entryDate),
      vendor: text(entry, 'entryVendorDescription') ?? text(entry, 'entryVendorCode'),
      personal: text(entry, 'entryIsPersonal'),
    });
    const levels = (allocation: Json | undefined) =>
      [
        ['allocation', allocation],
        ['entry', entry],
        ['report', report],
        ['employee', employee],
      ] as const;
    const allocations = records(entry.allocation);
    if (allocations.length === 0) {
      // No allocation: the entry's approved amount, coded by its expense type (older payloads).
      const amount = amountOf(entry.entryApprovedAmount, `${at}.entryApprovedAmount`, currency, c);
      lines.push({
        lineNo: lines.length + 1,
        description: cut(description, 500),
        amountMinor: amount ?? 0,
        source: lineCoding(coding, levels(undefined), base(undefined)),
      });
      return;
    }
    allocations.forEach((allocation, j) => {
      // An expense journal is an array (research/concur.md 2.8); one object is tolerated.
      const journals = records(allocation.journal);
      if (journals.length === 0) {
        c.invalid(
          `${at}.allocation[${j}].journal`,
          `Entry ${i + 1} allocation ${j + 1} has no journal with an amount.`,
        );
        return;
      }
      journals.forEach((journal, k) => {
        const field = Array.isArray(allocation.journal)
          ? `${at}.allocation[${j}].journal[${k}].amountGross`
          : `${at}.allocation[${j}].journal.amountGross`;
        const amount = amountOf(journal.amountGross, field, currency, c);
        lines.push({
          lineNo: lines.length + 1,
          description: cut(description, 500),
          amountMinor: amount ?? 0,
          source: lineCoding(coding, levels(allocation), base(journal)),
        });
      });
    });
  });
  checkSum(lines, total, currency, 'expenseEntry', c);

  const reportId = text(report, 'reportId');
  const revision = text(report, 'revisionNumber') ?? '1';
  const name = text(report, 'reportName');
  const date =
    isoDate(report?.reportSubmitDate) ??
    isoDate(report?.reportCreationDate) ??
    isoDate(report?.reportEndDate);
  if (report && !date) c.invalid('report.reportSubmitDate', 'The report has no submit date.');
  if (!report || !date) return undefined;
  const advances = cashAdvanceAccountCodes(doc);
  const employeeName = [text(employee, 'employeeFirstName'), text(employee, 'employeeLastName')]
    .filter((p) => p !== undefined)
    .join(' ');
  return {
    source: 'concur',
    sourceId,
    kind: 'expense_report',
    sourceEntity: cut(entityOf(coding, report, 'report') ?? '', 80),
    currency: currency ?? safeCurrency(text(report, 'employeeCurrencyAlphaCode')),
    totalMinor: total ?? 0,
    documentDate: date,
    description: cut(
      `Concur expense report ${reportId ?? '?'} rev ${revision}${name ? `: ${name}` : ''}`,
      500,
    ),
    payee: { kind: 'employee', code: employeeId ?? '', ...(employeeName ? { name: employeeName } : {}) },
    lines,
    ...(advances.length > 0 ? { sourceAccounts: advances } : {}),
  };
}

/** The store needs a 3-letter code even when it is unknown (the exception says so); else ISO "no currency". */
function safeCurrency(code: string | undefined): string {
  const upper = code?.toUpperCase();
  return upper && /^[A-Z]{3}$/.test(upper) ? upper : 'XXX';
}

// ---- entry point ------------------------------------------------------------------------------------------

function kindOfDocument(envelope: Envelope, doc: Json | undefined): DocumentKind | undefined {
  if (envelope.docType === 'invoice') return 'invoice';
  if (envelope.docType === 'expense') return 'expense_report';
  if (doc && isRecord(doc.requestHeader)) return 'invoice';
  if (doc && isRecord(doc.report)) return 'expense_report';
  return undefined;
}

/**
 * Maps one staged FIS item. `item.payload` is the FIS content item as JSON (`id`, `docType`, `docStatus`,
 * `document` as object or JSON text); a bare `document` is accepted too. Never throws.
 */
export function concurToCanonical(
  item: RawSourceItem,
  coding: ConcurCoding = DEFAULT_CONCUR_CODING,
): CanonicalResult {
  const c = new Collector();
  const envelope = readEnvelope(item.payload);
  if (typeof envelope === 'string') {
    c.invalid('payload', envelope);
    return { exceptions: c.exceptions };
  }
  if (envelope.id !== undefined && envelope.id !== item.sourceId) {
    c.invalid(
      'id',
      `The FIS id in the payload (${envelope.id}) is not the staged id ${item.sourceId}.`,
      envelope.id,
    );
  }
  statusExceptions(envelope.docStatus, c);
  const doc = envelope.document;
  if (!doc) {
    c.invalid('document', envelope.documentError ?? 'The document is missing.');
    return { exceptions: c.exceptions };
  }
  const kind = kindOfDocument(envelope, doc);
  if (kind === undefined) {
    c.invalid(
      'docType',
      envelope.docType
        ? `Concur document type "${envelope.docType}" is not read by this connector.`
        : 'The document is neither an invoice nor an expense report.',
      envelope.docType,
    );
    return { exceptions: c.exceptions };
  }
  if (kind !== item.kind) {
    c.invalid(
      'docType',
      `The document is a ${kind === 'invoice' ? 'invoice' : 'expense report'}, not the ${item.kind} it was fetched as.`,
      envelope.docType,
    );
  }
  try {
    const document =
      kind === 'invoice'
        ? invoiceToCanonical(item.sourceId, doc, coding, c)
        : expenseToCanonical(item.sourceId, doc, coding, c);
    return document ? { document, exceptions: c.exceptions } : { exceptions: c.exceptions };
  } catch (error) {
    // Defensive: the road must never see a throw from here (e.g. an amount total out of range).
    c.invalid(
      'document',
      `The document could not be read: ${error instanceof Error ? error.message : String(error)}`,
    );
    return { exceptions: c.exceptions };
  }
}
