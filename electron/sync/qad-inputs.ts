// Builds what QAD receives from a resolved document: PURE. PO lines become receipt matches, other lines GL
// lines; a negative total becomes a credit note (amounts stay positive on it, QAD takes the sign from the
// type); an expense report posted as a GL journal debits each line's account and credits the employee
// payable (or the card clearing account for company-paid lines) so the entry balances to the cent.
import { createHash } from 'node:crypto';
import type { CanonicalDocument, PostingKind } from '../../shared/domain/document.ts';
import { externalReference } from '../../shared/domain/document.ts';
import type {
  QadJournalEntryInput,
  QadJournalLine,
  QadSupplierInvoiceInput,
} from '../../shared/domain/qad.ts';
import type { Settings } from '../../shared/settings.ts';
import { canonicalJson } from '../store/index.ts';

export type QadPostingInput =
  | { readonly kind: 'supplier_invoice'; readonly input: QadSupplierInvoiceInput }
  | { readonly kind: 'gl_journal'; readonly input: QadJournalEntryInput };

export class PostingInputError extends Error {
  override readonly name = 'PostingInputError';
  readonly field: string;
  constructor(message: string, field: string) {
    super(message);
    this.field = field;
  }
}

/** sha256 of the exact payload, stored on the intent so a replay can tell whether it would send the same. */
export function payloadHash(posting: QadPostingInput): string {
  return createHash('sha256').update(canonicalJson(posting), 'utf8').digest('hex');
}

export function buildQadInput(
  doc: CanonicalDocument,
  postingKind: PostingKind,
  settings: Settings,
): QadPostingInput {
  if (!doc.entity) throw new PostingInputError(`${doc.sourceId} has no resolved QAD entity`, 'entity');
  return postingKind === 'gl_journal'
    ? { kind: 'gl_journal', input: journal(doc, doc.entity, settings) }
    : { kind: 'supplier_invoice', input: supplierInvoice(doc, doc.entity, settings) };
}

function coding(doc: CanonicalDocument, index: number) {
  const line = doc.lines[index];
  const qad = line?.qad;
  if (!qad?.glAccount) {
    throw new PostingInputError(
      `line ${line?.lineNo ?? index} has no resolved GL account`,
      `lines[${index}].qad.glAccount`,
    );
  }
  return {
    glAccount: qad.glAccount,
    ...(qad.subAccount ? { subAccount: qad.subAccount } : {}),
    ...(qad.costCenter ? { costCenter: qad.costCenter } : {}),
    ...(qad.project ? { project: qad.project } : {}),
  };
}

/** Expense lines the company already paid (company card): not owed to the employee. */
function companyPaid(doc: CanonicalDocument): number {
  if (doc.kind !== 'expense_report') return 0;
  return doc.lines
    .filter((l) => l.source.paymentType === 'company')
    .reduce((sum, l) => sum + l.amountMinor, 0);
}

function supplierInvoice(
  doc: CanonicalDocument,
  entity: string,
  settings: Settings,
): QadSupplierInvoiceInput {
  if (!doc.supplier) throw new PostingInputError(`${doc.sourceId} has no resolved QAD supplier`, 'supplier');
  // An expense report invoiced to the employee-supplier owes only what the employee paid; card-paid lines
  // keep their expense coding and are offset against the card clearing account inside the same invoice.
  const card = companyPaid(doc);
  const owed = doc.totalMinor - card;
  if (owed === 0) {
    throw new PostingInputError(
      `${doc.sourceId} was paid entirely by company card, so nothing is owed to the employee: post such reports as GL journals`,
      'lines',
    );
  }
  const credit = owed < 0;
  const sign = credit ? -1 : 1;
  const receiptMatches: QadSupplierInvoiceInput['receiptMatches'][number][] = [];
  const glLines: QadSupplierInvoiceInput['glLines'][number][] = [];
  doc.lines.forEach((line, index) => {
    const poNumber = line.poNumber ?? doc.poNumber;
    if (poNumber !== undefined && line.poLine !== undefined) {
      receiptMatches.push({
        poNumber,
        poLine: line.poLine,
        quantity: Math.abs(Number(line.quantity)),
        ...(line.unitPriceMinor === undefined ? {} : { unitPriceMinor: line.unitPriceMinor }),
      });
      return;
    }
    if (line.amountMinor === 0) return;
    glLines.push({
      ...coding(doc, index),
      amountMinor: sign * line.amountMinor,
      ...(line.description ? { description: line.description } : {}),
    });
  });
  if (card !== 0) {
    glLines.push({
      glAccount: settings.posting.cardClearingAccount,
      amountMinor: -sign * card,
      description: 'Paid by company card',
    });
  }
  return {
    externalRef: externalReference(doc.source, doc.sourceId),
    entity,
    supplier: doc.supplier,
    supplierInvoiceNumber: doc.invoiceNumber ?? doc.sourceId,
    type: credit ? 'credit_note' : 'invoice',
    invoiceDate: doc.documentDate,
    postingDate: doc.documentDate,
    currency: doc.currency,
    totalMinor: Math.abs(owed),
    receiptMatches,
    glLines,
  };
}

function journal(doc: CanonicalDocument, entity: string, settings: Settings): QadJournalEntryInput {
  const lines: QadJournalLine[] = [];
  let employeeOwed = 0;
  let cardOwed = 0;
  doc.lines.forEach((line, index) => {
    if (line.amountMinor === 0) return;
    const amount = line.amountMinor;
    lines.push({
      ...coding(doc, index),
      debitMinor: amount > 0 ? amount : 0,
      creditMinor: amount < 0 ? -amount : 0,
      ...(line.description ? { description: line.description } : {}),
    });
    if (line.source.paymentType === 'company') cardOwed += amount;
    else employeeOwed += amount;
  });
  const counter = (account: string, amount: number, description: string) => {
    if (amount === 0) return;
    lines.push({
      glAccount: account,
      debitMinor: amount < 0 ? -amount : 0,
      creditMinor: amount > 0 ? amount : 0,
      description,
    });
  };
  const who = doc.payee.name ?? doc.payee.code;
  counter(settings.posting.employeePayableAccount, employeeOwed, `Owed to ${who}`.slice(0, 200));
  counter(settings.posting.cardClearingAccount, cardOwed, `Company card ${who}`.slice(0, 200));
  return {
    externalRef: externalReference(doc.source, doc.sourceId),
    entity,
    postingDate: doc.documentDate,
    currency: doc.currency,
    lines,
  };
}

/** QAD's document kind for a posting kind. */
export function qadKindOf(postingKind: PostingKind): 'supplier_invoice' | 'journal_entry' {
  return postingKind === 'gl_journal' ? 'journal_entry' : 'supplier_invoice';
}
