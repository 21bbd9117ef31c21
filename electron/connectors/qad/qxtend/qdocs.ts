// QDoc datasets ml-connector sends (research/qad.md 1.4, 1.5, 3.5): the Fin API `BCInvoice` with receiver
// matching rows `tAPMatchingCIAPM` and posting lines `tPostingLine`, the GL journal `BJournalEntry`
// (tPosting + tPostingLine, QDoc name unconfirmed), and our own query QDocs (QXtend has no standard reads,
// sheet 1.6). Parent/child rows carry tc_Rowid/tc_ParentRowid like Progress ProDataSets (sheet 1.5 [P]).
import { formatDecimal } from '../../../../shared/domain/money.ts';
import {
  qadDocumentId,
  type QadDocumentKind,
  type QadJournalEntryInput,
  type QadPostedDocument,
  type QadSupplierInvoiceInput,
} from '../../../../shared/domain/qad.ts';
import { QAD_DEFAULT_AP_DAYBOOK_SET } from '../defaults.ts';
import { childNamed, textOf, toPlain, type Plain, type XNode } from './xml.ts';

type Data = Record<string, unknown>;

const opt = (key: string, value: string | undefined): Data =>
  value === undefined || value === '' ? {} : { [key]: value };

export function bcinvoiceDataset(input: QadSupplierInvoiceInput, domain: string): Data {
  const c = input.currency;
  const credit = input.type === 'credit_note';
  const amount = formatDecimal(input.totalMinor, c);
  return {
    tContextInfo: {
      tcCompanyCode: input.entity,
      tcActivityCode: 'Create',
      tlPartialUpdate: 'false',
      tcPartialUpdateExceptionList: '',
    },
    tCInvoice: {
      CInvoiceType: credit ? 'CreditNote' : 'Invoice',
      CInvoiceDate: input.invoiceDate,
      CInvoicePostingDate: input.postingDate,
      // No posting year/period: QAD derives them from the posting date, and a fiscal year need not be
      // the calendar year.
      // The supplier's number stays where QAD keys its duplicate warning; ours rides in the description
      // (defaults.ts QAD_EXTERNAL_REFERENCE_FIELD).
      CInvoiceReference: input.supplierInvoiceNumber,
      CInvoiceDescription: input.externalRef,
      ...(credit ? { CInvoiceOriginalDebitTC: amount } : { CInvoiceOriginalCreditTC: amount }),
      CInvoiceIsTaxable: 'false',
      CInvoiceDayBookSetCode: QAD_DEFAULT_AP_DAYBOOK_SET,
      ...opt('tcJournalCode', input.daybook),
      tcCreditorCode: input.supplier,
      tcBusinessRelationCode: input.supplier,
      CInvoicePoDomain: domain,
      tcCurrencyCode: c,
      ...opt('tcReasonCode', input.statusCode),
      ...opt('CInvoiceDueDate', input.dueDate),
      tc_Rowid: '1',
      tc_ParentRowid: '',
      ...(input.receiptMatches.length > 0
        ? {
            tAPMatchingCIAPM: input.receiptMatches.map((m, i) => ({
              tcPurchaseOrderNumber: m.poNumber,
              tiPurchaseOrderLineNumber: String(m.poLine),
              ...opt('tcReceiverNumber', m.receiver),
              tdMatchQty: String(m.quantity),
              ...(m.unitPriceMinor === undefined
                ? {}
                : { tdMatchUnitPrice: formatDecimal(m.unitPriceMinor, c) }),
              tc_Rowid: String(100 + i),
              tc_ParentRowid: '1',
            })),
          }
        : {}),
      ...(input.glLines.length > 0
        ? {
            tPostingLine: input.glLines.map((l, i) => {
              // An invoice's cost is a debit, a credit note's a credit.
              const value = formatDecimal(Math.abs(l.amountMinor), c);
              const debitSide = credit ? l.amountMinor < 0 : l.amountMinor > 0;
              return {
                tcGLCode: l.glAccount,
                ...opt('tcDivisionCode', l.subAccount),
                ...opt('tcCostCentreCode', l.costCenter),
                ...opt('tcProjectCode', l.project),
                PostingLineDebitTC: debitSide ? value : '0',
                PostingLineCreditTC: debitSide ? '0' : value,
                ...opt('PostingLineText', l.description),
                tc_Rowid: String(200 + i),
                tc_ParentRowid: '1',
              };
            }),
          }
        : {}),
    },
  };
}

export function bjournalentryDataset(input: QadJournalEntryInput): Data {
  const c = input.currency;
  return {
    tContextInfo: { tcCompanyCode: input.entity, tcActivityCode: 'Create' },
    tPosting: {
      PostingDate: input.postingDate,
      ...opt('tcJournalCode', input.daybook),
      // The system assigns the voucher: a create passes 0 (sheet 3.2 [C]).
      PostingVoucher: '0',
      PostingText: input.externalRef,
      tcCurrencyCode: c,
      tc_Rowid: '1',
      tPostingLine: input.lines.map((l, i) => ({
        tcGLCode: l.glAccount,
        ...opt('tcDivisionCode', l.subAccount),
        ...opt('tcCostCentreCode', l.costCenter),
        ...opt('tcProjectCode', l.project),
        PostingLineDebitTC: formatDecimal(l.debitMinor, c),
        PostingLineCreditTC: formatDecimal(l.creditMinor, c),
        ...opt('PostingLineText', l.description),
        tc_Rowid: String(100 + i),
        tc_ParentRowid: '1',
      })),
    },
  };
}

/** The keys QAD echoes on a create, when it echoes them (`suppressResponseDetail=false`). */
export function echoedDocument(
  datasets: readonly XNode[],
  kind: QadDocumentKind,
  externalRef: string,
): QadPostedDocument | undefined {
  const dataset = datasets[0];
  const row =
    kind === 'supplier_invoice' ? childNamed(dataset, 'tCInvoice') : childNamed(dataset, 'tPosting');
  if (!row) return undefined;
  const entity = textOf(row, 'tcCompanyCode');
  const year = Number(textOf(row, kind === 'supplier_invoice' ? 'CInvoicePostingYear' : 'PostingYear'));
  const period = Number(textOf(row, kind === 'supplier_invoice' ? 'CInvoicePostingPeriod' : 'PostingPeriod'));
  const daybook = textOf(row, 'tcJournalCode');
  const voucher = Number(textOf(row, kind === 'supplier_invoice' ? 'CInvoiceVoucher' : 'PostingVoucher'));
  if (!entity || !daybook || !Number.isInteger(year) || !Number.isInteger(voucher) || voucher <= 0)
    return undefined;
  return {
    kind,
    externalRef,
    documentId: qadDocumentId(entity, year, daybook, voucher),
    entity,
    year,
    period: Number.isInteger(period) ? period : 0,
    daybook,
    voucher,
  };
}

/** Rows of a query reply: the children of its dataset element, as plain text values. */
export function queryRows(datasets: readonly XNode[]): Plain[] {
  const dataset = datasets[0];
  if (!dataset) return [];
  return dataset.children.map((row) => toPlain(row));
}
