// What the engine sends to QAD and reads from it, independent of the transport (REST or QXtend). Money is
// integer minor units of `currency` (money.ts); quantities are not money and stay plain numbers. QAD's own
// keys identify posted documents: entity + GL year + daybook + voucher (research/qad.md 3.2).

/** A supplier (QAD "creditor"); employees reimbursed through AP are suppliers too. */
export interface QadSupplier {
  readonly code: string;
  readonly name: string;
  readonly currency: string;
  readonly active: boolean;
  readonly isEmployee: boolean;
}

export interface QadGlAccount {
  readonly code: string;
  readonly description: string;
  readonly type: string;
  readonly active: boolean;
  /** Header accounts exist but take no postings. */
  readonly postable: boolean;
}

/** Sub-accounts (QAD "Division") and projects: domain-wide codes. */
export interface QadCode {
  readonly code: string;
  readonly description: string;
  readonly active: boolean;
}

export interface QadCostCenter extends QadCode {
  readonly entity: string;
}

export interface QadPurchaseOrderLine {
  readonly line: number;
  readonly item: string;
  readonly description: string;
  readonly quantityOrdered: number;
  readonly quantityReceived: number;
  readonly unitPriceMinor: number;
  readonly glAccount: string;
  readonly costCenter: string;
}

export interface QadPurchaseOrder {
  readonly number: string;
  readonly entity: string;
  readonly supplier: string;
  readonly currency: string;
  readonly orderDate: string;
  readonly status: 'open' | 'closed';
  readonly lines: readonly QadPurchaseOrderLine[];
}

/** A PO receipt line with quantity not yet matched by a supplier invoice ("unvouchered receipt"). */
export interface QadReceipt {
  readonly receiver: string;
  readonly poNumber: string;
  readonly poLine: number;
  readonly supplier: string;
  readonly entity: string;
  readonly date: string;
  readonly quantity: number;
  readonly quantityMatched: number;
  readonly quantityOpen: number;
}

export interface QadGlPeriod {
  readonly entity: string;
  readonly year: number;
  readonly period: number;
  readonly start: string;
  readonly end: string;
  readonly open: boolean;
}

/** Receiver matching: invoice quantity against a PO line's received, unmatched quantity. */
export interface QadReceiptMatch {
  readonly poNumber: string;
  readonly poLine: number;
  /** When absent QAD matches the open receipts of the line, oldest first. */
  readonly receiver?: string;
  readonly quantity: number;
  /** Defaults to the PO line's price. */
  readonly unitPriceMinor?: number;
}

/** A GL-coded invoice line (non-PO invoices, or extra lines beside the matching). */
export interface QadInvoiceGlLine {
  readonly glAccount: string;
  readonly subAccount?: string;
  readonly costCenter?: string;
  readonly project?: string;
  /** Positive for an invoice's cost; the sign follows the document type. */
  readonly amountMinor: number;
  readonly description?: string;
}

export interface QadSupplierInvoiceInput {
  /** `MLC-<SOURCE>-<id>`: the key that makes "never post twice" possible. */
  readonly externalRef: string;
  readonly entity: string;
  readonly supplier: string;
  /** The supplier's own invoice number (QAD's invoice reference). */
  readonly supplierInvoiceNumber: string;
  readonly type: 'invoice' | 'credit_note';
  readonly invoiceDate: string;
  readonly postingDate: string;
  readonly dueDate?: string;
  readonly currency: string;
  /** Gross amount, positive, minor units. */
  readonly totalMinor: number;
  readonly receiptMatches: readonly QadReceiptMatch[];
  readonly glLines: readonly QadInvoiceGlLine[];
  /** Daybook and invoice status code; QAD defaults apply when absent. */
  readonly daybook?: string;
  readonly statusCode?: string;
}

export interface QadJournalLine {
  readonly glAccount: string;
  readonly subAccount?: string;
  readonly costCenter?: string;
  readonly project?: string;
  /** Exactly one of debit and credit is non-zero. */
  readonly debitMinor: number;
  readonly creditMinor: number;
  readonly description?: string;
}

export interface QadJournalEntryInput {
  readonly externalRef: string;
  readonly entity: string;
  readonly postingDate: string;
  readonly currency: string;
  readonly daybook?: string;
  readonly lines: readonly QadJournalLine[];
}

export type QadDocumentKind = 'supplier_invoice' | 'journal_entry';

/** A message QAD returned with a document (warnings on success, errors on rejection). */
export interface QadMessage {
  readonly severity: 'error' | 'warning' | 'information';
  readonly message: string;
  /** QAD's field name as it sent it (e.g. `CInvoicePostingDate`, `supplierInvoices[0].postingDate`). */
  readonly field?: string;
  /** QAD's message number or error id. */
  readonly code?: string;
  readonly data?: string;
}

/** A document that exists in QAD. */
export interface QadPostedDocument {
  readonly kind: QadDocumentKind;
  readonly externalRef: string;
  /** `<entity>/<year>/<daybook>/<voucher>`, the same whichever transport posted or found it. */
  readonly documentId: string;
  readonly entity: string;
  readonly year: number;
  readonly period: number;
  readonly daybook: string;
  readonly voucher: number;
  readonly currency?: string;
  readonly totalMinor?: number;
}

/**
 * The outcome of a create. `posted`: QAD has the document (`recovered` when a look-up by reference found it
 * after an unclear first attempt, or before sending). `uncertain`: the write may or may not have reached QAD
 * and the look-up failed too, so a person decides; nothing may be re-sent until then.
 * Business, configuration and credential refusals are thrown as typed errors instead.
 */
export type QadCreateResult =
  | {
      readonly outcome: 'posted';
      readonly document: QadPostedDocument;
      readonly warnings: readonly QadMessage[];
      readonly recovered: boolean;
    }
  | { readonly outcome: 'uncertain'; readonly externalRef: string; readonly message: string };

/** One step of a connection check, in words a person understands. */
export interface QadCheckStep {
  readonly check: string;
  readonly ok: boolean;
  readonly message: string;
}

export function qadDocumentId(entity: string, year: number, daybook: string, voucher: number): string {
  return `${entity}/${year}/${daybook}/${voucher}`;
}
