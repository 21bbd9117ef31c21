// What each QDoc does to the model. Writes: `bcinvoice` (Fin API BCInvoice shape of sheet 1.5, with receiver
// matching rows `tAPMatchingCIAPM` of sheet 3.5 and posting lines `tPostingLine` of sheet 3.1), the GL
// journal (BJournalEntry: `tPosting` + `tPostingLine`, sheet 1.4/3.2, name unconfirmed), and
// `receivePurchaseOrder` (flat `lineDetail` shape, sheet 1.4/1.3a). Reads are our own query QDocs (sheet 1.6:
// QXtend has no standard reads) answering with the same rows as the REST collections.
import { formatDecimal, parseDecimal } from '../../../shared/domain/money.ts';
import type { QadRestCollectionKey, QxtendQdocKey } from '../../connectors/qad/defaults.ts';
import type { QadModel } from './model.ts';
import type { GlLineInput, JournalLineInput, MatchInput, QadIssue } from './model-types.ts';
import { child, children, descendants, isTrue, leaves, text, type Node } from './qxtend-parse.ts';
import { recordXml, type QdocResult, type TempErrMsg, type XmlRecord } from './qxtend-xml.ts';
import { applyFilters, checkFilters, collectionRows, OPERATION } from './read-rows.ts';

export interface QdocInput {
  readonly model: QadModel;
  /** The QDoc element's content as parsed by the soap package. */
  readonly body: Node;
  readonly domain: string;
  /** `entity` context row (Fin API QDocs). */
  readonly entity: string;
  readonly silentNoOpReferences: ReadonlySet<string>;
}

export interface QdocOutcome {
  readonly result: QdocResult;
  readonly messages: readonly TempErrMsg[];
  readonly payload?: string;
}

interface Table {
  readonly table: string;
  readonly fields: Readonly<Record<string, string>>;
}

interface WireMap {
  readonly root: string;
  readonly header: Readonly<Record<string, string>>;
  readonly tables: Readonly<Record<string, Table>>;
}

const POSTING_LINE: Table = {
  table: 'tPostingLine',
  fields: {
    account: 'tcGLCode',
    subAccount: 'tcDivisionCode',
    costCenter: 'tcCostCentreCode',
    project: 'tcProjectCode',
    amount: 'PostingLineDebitTC',
    debit: 'PostingLineDebitTC',
    credit: 'PostingLineCreditTC',
  },
};

const INVOICE_WIRE: WireMap = {
  root: 'BCInvoice',
  header: {
    entity: 'tcCompanyCode',
    domain: 'domain',
    supplier: 'tcCreditorCode',
    type: 'CInvoiceType',
    reference: 'CInvoiceReference',
    description: 'CInvoiceDescription',
    invoiceDate: 'CInvoiceDate',
    postingDate: 'CInvoicePostingDate',
    postingPeriod: 'CInvoicePostingPeriod',
    currency: 'tcCurrencyCode',
    amount: 'CInvoiceOriginalCreditTC',
    lines: 'tPostingLine',
    matches: 'tAPMatchingCIAPM',
  },
  tables: {
    matches: {
      table: 'tAPMatchingCIAPM',
      fields: {
        poNumber: 'tcPurchaseOrderNumber',
        poLine: 'tiPurchaseOrderLineNumber',
        receiver: 'tcReceiverNumber',
        quantity: 'tdMatchQty',
        unitPrice: 'tdMatchUnitPrice',
      },
    },
    lines: POSTING_LINE,
  },
};

const JOURNAL_WIRE: WireMap = {
  root: 'BJournalEntry',
  header: {
    entity: 'tcCompanyCode',
    domain: 'domain',
    postingDate: 'PostingDate',
    postingPeriod: 'PostingPeriod',
    currency: 'tcCurrencyCode',
    description: 'PostingText',
    voucher: 'PostingVoucher',
    lines: 'tPostingLine',
  },
  tables: { lines: POSTING_LINE },
};

const RECEIPT_WIRE: WireMap = {
  root: 'purchaseOrderReceive',
  header: { poNumber: 'ordernum', date: 'effDate', lines: 'lineDetail' },
  tables: { lines: { table: 'lineDetail', fields: { line: 'line', quantity: 'lotserialQty' } } },
};

function toMessage(issue: QadIssue, wire: WireMap, key: string): TempErrMsg {
  const row = /^(\w+)\[(\d+)\]\.(\w+)$/.exec(issue.field);
  const table = row?.[1] ? wire.tables[row[1]] : undefined;
  if (row && table) {
    const field = table.fields[row[3] ?? ''] ?? row[3] ?? '';
    return {
      issue,
      field,
      context: `${wire.root}#1(${key}) ${table.table}#${Number(row[2]) + 1} field(${field})`,
      keys: key,
    };
  }
  const field = wire.header[issue.field] ?? issue.field;
  return { issue, field, context: `${wire.root}#1(${key}) field(${field})`, keys: key };
}

const invalid = (field: string, message: string, data?: string): QadIssue => ({
  severity: 'error',
  code: 'invalid-input',
  field,
  message,
  ...(data === undefined ? {} : { data }),
});

function amount(value: string, currency: string, field: string, errors: QadIssue[]): number {
  if (value === '') return 0;
  const parsed = parseDecimal(value, currency);
  if (parsed.ok) return parsed.minor;
  errors.push(invalid(field, `${field}: ${parsed.reason}`, value));
  return 0;
}

function quantity(value: string, field: string, errors: QadIssue[]): number {
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  errors.push(invalid(field, `Quantity "${value}" is not a number.`, value));
  return 0;
}

function integer(value: string): number | undefined {
  return /^\d+$/.test(value) ? Number(value) : undefined;
}

const failed = (errors: readonly QadIssue[], wire: WireMap, key: string): QdocOutcome => ({
  result: 'error',
  messages: errors.map((e) => toMessage(e, wire, key)),
});

function entityOf(input: QdocInput, dataset: Node | undefined, errors: QadIssue[]): string {
  const inData = text(child(dataset, 'tContextInfo')?.tcCompanyCode);
  if (inData && input.entity && inData !== input.entity)
    errors.push(
      invalid('entity', `tcCompanyCode ${inData} differs from the entity context ${input.entity}.`, inData),
    );
  return inData || input.entity;
}

function postingLines(rows: readonly Node[], currency: string, errors: QadIssue[]) {
  return rows.map((row, i) => ({
    account: text(row.tcGLCode),
    subAccount: text(row.tcDivisionCode) || undefined,
    costCenter: text(row.tcCostCentreCode) || undefined,
    project: text(row.tcProjectCode) || undefined,
    debitMinor: amount(text(row.PostingLineDebitTC), currency, `lines[${i}].debit`, errors),
    creditMinor: amount(text(row.PostingLineCreditTC), currency, `lines[${i}].credit`, errors),
    description: text(row.PostingLineText) || undefined,
  }));
}

// ------------------------------------------------------------------------------------------- bcinvoice

export function supplierInvoice(input: QdocInput): QdocOutcome {
  const dataset = child(input.body, 'BCInvoice');
  const invoices = children(dataset, 'tCInvoice');
  const errors: QadIssue[] = [];
  const first = invoices[0];
  if (!dataset || !first || invoices.length !== 1) {
    const message = !dataset
      ? 'Dataset BCInvoice is missing.'
      : 'Exactly one tCInvoice per message is accepted by this simulator.';
    return failed([invalid('tCInvoice', message)], INVOICE_WIRE, '');
  }
  const key = text(first.CInvoiceReference);
  const description = text(first.CInvoiceDescription);
  if (input.silentNoOpReferences.has(description) || input.silentNoOpReferences.has(key))
    return { result: 'success', messages: [] };
  const entity = entityOf(input, dataset, errors);
  const currency = (text(first.tcCurrencyCode) || input.model.entity(entity)?.currency || '').toUpperCase();
  const typeText = text(first.CInvoiceType) || 'Invoice';
  const type = /^invoice$/i.test(typeText)
    ? 'invoice'
    : /^credit\s?note$/i.test(typeText)
      ? 'credit-note'
      : undefined;
  if (!type)
    errors.push(invalid('type', `Invoice type "${typeText}" is not Invoice or CreditNote.`, typeText));
  const credit = text(first.CInvoiceOriginalCreditTC);
  const debit = text(first.CInvoiceOriginalDebitTC);
  const gross = amount(
    type === 'credit-note' ? debit || credit : credit || debit,
    currency,
    'amount',
    errors,
  );
  let postingYear = integer(text(first.CInvoicePostingYear));
  let postingPeriod = integer(text(first.CInvoicePostingPeriod));
  const yearPeriod = text(first.CInvoicePostingYearPeriod);
  if (/^\d{6}$/.test(yearPeriod)) {
    postingYear ??= Number(yearPeriod.slice(0, 4));
    postingPeriod ??= Number(yearPeriod.slice(4));
  }
  const matches: MatchInput[] = descendants(dataset, 'tAPMatchingCIAPM').map((row, i) => {
    const price = text(row.tdMatchUnitPrice);
    return {
      poNumber: text(row.tcPurchaseOrderNumber),
      poLine: integer(text(row.tiPurchaseOrderLineNumber)) ?? 0,
      receiver: text(row.tcReceiverNumber) || undefined,
      quantity: quantity(text(row.tdMatchQty), `matches[${i}].quantity`, errors),
      unitPriceMinor: price === '' ? undefined : amount(price, currency, `matches[${i}].unitPrice`, errors),
    };
  });
  const lines: GlLineInput[] = postingLines(descendants(dataset, 'tPostingLine'), currency, errors).map(
    (l) => ({
      ...l,
      amountMinor: type === 'credit-note' ? l.creditMinor - l.debitMinor : l.debitMinor - l.creditMinor,
    }),
  );
  if (errors.length > 0) return failed(errors, INVOICE_WIRE, key);
  const created = input.model.createSupplierInvoice({
    domain: input.domain || text(first.CInvoicePoDomain) || undefined,
    entity,
    supplier: text(first.tcCreditorCode),
    type: type ?? 'invoice',
    reference: key,
    description,
    invoiceDate: text(first.CInvoiceDate),
    postingDate: text(first.CInvoicePostingDate) || text(first.CInvoiceDate),
    postingYear,
    postingPeriod,
    dueDate: text(first.CInvoiceDueDate) || undefined,
    currency,
    amountMinor: gross,
    daybook: text(first.tcJournalCode) || undefined,
    statusCode: text(first.tcReasonCode) || undefined,
    matches,
    lines,
  });
  if (!created.ok) return failed([...created.errors, ...created.warnings], INVOICE_WIRE, key);
  const v = created.value;
  const echo: XmlRecord = {
    tCInvoice: {
      tcCompanyCode: v.entity,
      tcCreditorCode: v.supplier,
      CInvoiceReference: v.reference,
      CInvoiceDescription: v.description,
      CInvoicePostingYear: v.year,
      CInvoicePostingPeriod: v.period,
      tcJournalCode: v.daybook,
      CInvoiceVoucher: v.voucher,
      CInvoiceOriginalCreditTC: formatDecimal(v.amountMinor, v.currency),
    },
  };
  return {
    result: created.warnings.length > 0 ? 'warning' : 'success',
    messages: created.warnings.map((w) => toMessage(w, INVOICE_WIRE, key)),
    payload: recordXml('BCInvoice', echo),
  };
}

// ---------------------------------------------------------------------------------------- GL journal

export function journalEntry(input: QdocInput): QdocOutcome {
  const dataset = child(input.body, 'BJournalEntry');
  const postings = children(dataset, 'tPosting');
  const errors: QadIssue[] = [];
  const posting = postings[0];
  if (!dataset || !posting || postings.length !== 1) {
    const message = !dataset
      ? 'Dataset BJournalEntry is missing.'
      : 'Exactly one tPosting per message is accepted by this simulator.';
    return failed([invalid('tPosting', message)], JOURNAL_WIRE, '');
  }
  const description = text(posting.PostingText);
  if (input.silentNoOpReferences.has(description)) return { result: 'success', messages: [] };
  const entity = entityOf(input, dataset, errors);
  const lineRows = descendants(dataset, 'tPostingLine');
  const currency = (
    text(posting.tcCurrencyCode) ||
    text(lineRows[0]?.tcCurrencyCode) ||
    input.model.entity(entity)?.currency ||
    ''
  ).toUpperCase();
  // The voucher is assigned by the system: a create passes 0 (sheet 3.2).
  const voucher = text(posting.PostingVoucher);
  if (voucher !== '' && voucher !== '0')
    errors.push(invalid('voucher', `PostingVoucher must be 0 on create; the system assigns it.`, voucher));
  const lines: JournalLineInput[] = postingLines(lineRows, currency, errors);
  if (errors.length > 0) return failed(errors, JOURNAL_WIRE, description);
  const created = input.model.createJournal({
    domain: input.domain || undefined,
    entity,
    postingDate: text(posting.PostingDate),
    postingYear: integer(text(posting.PostingYear)),
    postingPeriod: integer(text(posting.PostingPeriod)),
    currency,
    description,
    daybook: text(posting.tcJournalCode) || undefined,
    lines,
  });
  if (!created.ok) return failed(created.errors, JOURNAL_WIRE, description);
  const v = created.value;
  return {
    result: 'success',
    messages: [],
    payload: recordXml('BJournalEntry', {
      tPosting: {
        tcCompanyCode: v.entity,
        PostingYear: v.year,
        PostingPeriod: v.period,
        tcJournalCode: v.daybook,
        PostingVoucher: v.voucher,
        PostingText: v.description,
      },
    }),
  };
}

// ------------------------------------------------------------------------------------------ PO receipt

export function receivePurchaseOrder(input: QdocInput): QdocOutcome {
  const receive = child(child(input.body, 'dsPurchaseOrderReceive'), 'purchaseOrderReceive');
  if (!receive)
    return failed(
      [invalid('poNumber', 'Dataset dsPurchaseOrderReceive/purchaseOrderReceive is missing.')],
      RECEIPT_WIRE,
      '',
    );
  const poNumber = text(receive.ordernum);
  if (input.silentNoOpReferences.has(poNumber)) return { result: 'success', messages: [] };
  const errors: QadIssue[] = [];
  const lines = children(receive, 'lineDetail').map((row, i) => ({
    line: integer(text(row.line)) ?? 0,
    quantity: quantity(text(row.lotserialQty), `lines[${i}].quantity`, errors),
  }));
  if (errors.length > 0) return failed(errors, RECEIPT_WIRE, poNumber);
  const created = input.model.receivePurchaseOrder({
    poNumber,
    date: text(receive.effDate) || undefined,
    fillAll: isTrue(text(receive.fillAll)),
    lines,
  });
  if (!created.ok) return failed(created.errors, RECEIPT_WIRE, poNumber);
  return {
    result: 'success',
    messages: [],
    payload: recordXml('dsPurchaseOrderReceiveResponse', {
      purchaseOrderReceive: {
        ordernum: poNumber,
        receiver: created.value[0]?.receiver ?? '',
        lineDetail: created.value.map((r) => ({ line: r.poLine, lotserialQty: r.quantity })),
      },
    }),
  };
}

// --------------------------------------------------------------------------------------------- reads

export const QUERY_COLLECTIONS: Readonly<Partial<Record<QxtendQdocKey, QadRestCollectionKey>>> = {
  querySuppliers: 'suppliers',
  queryGlAccounts: 'glAccounts',
  querySubAccounts: 'subAccounts',
  queryCostCenters: 'costCenters',
  queryProjects: 'projects',
  queryPurchaseOrders: 'purchaseOrders',
  queryReceipts: 'receipts',
  queryGlPeriods: 'glPeriods',
  querySupplierInvoices: 'supplierInvoices',
  queryJournalEntries: 'journalEntries',
};

const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/**
 * A query: every leaf element below the dataset is an exact-match filter (`page` and `pageSize` page);
 * `queryOpenReceipt` returns only receipts with unmatched quantity unless `open` is given.
 */
export function query(
  input: QdocInput,
  key: QadRestCollectionKey,
  qdoc: string,
): QdocOutcome & { find: boolean } {
  const wire: WireMap = { root: qdoc, header: {}, tables: {} };
  const params = new Map<string, string>();
  for (const [name, value] of Object.entries(input.body)) {
    if (name === 'dsSessionContext' || name === 'attributes') continue;
    for (const [leaf, v] of leaves({ [name]: value })) if (v !== '') params.set(leaf, v);
  }
  const page = Number(params.get('page') ?? '1');
  const pageSize = Number(params.get('pageSize') ?? '1000');
  params.delete('page');
  params.delete('pageSize');
  if (key === 'receipts' && !params.has('open')) params.set('open', 'true');
  const fail = (issue: QadIssue) => ({ ...failed([issue], wire, ''), find: false });
  if (!Number.isInteger(page) || page < 1 || !Number.isInteger(pageSize) || pageSize < 1)
    return fail(invalid('page', 'page and pageSize must be whole numbers from 1.'));
  if (input.domain && !input.model.entities.some((e) => e.domain === input.domain))
    return fail({
      ...invalid('domain', `Domain "${input.domain}" does not exist.`, input.domain),
      code: 'unknown-domain',
    });
  const checked = checkFilters(key, params);
  if (!checked.ok)
    return fail(invalid(checked.unknown, `Unknown filter "${checked.unknown}".`, checked.unknown));
  const rows = applyFilters(collectionRows(input.model, key), checked.filters).slice(
    (page - 1) * pageSize,
    page * pageSize,
  );
  const singular = OPERATION[key];
  return {
    result: 'success',
    messages: [],
    payload: recordXml(`ds${pascal(singular)}`, { [singular]: rows.map((r) => r.row as XmlRecord) }),
    find: checked.find,
  };
}
