// The vocabulary of the simulated QAD business model. Amounts are integer minor units of the document's
// currency; quantities are plain numbers (they are not money). Field names in issues are this model's own
// (`supplier`, `lines[1].account`, `matches[0].quantity`); each simulator translates them to its wire names.

export type IssueSeverity = 'error' | 'warning' | 'information';

export interface QadIssue {
  readonly severity: IssueSeverity;
  /** Stable code, e.g. `closed-period`, `duplicate-reference`, `insufficient-receipt`. */
  readonly code: string;
  /** The model field the issue is about, with array indexes: `matches[0].quantity`. */
  readonly field: string;
  readonly message: string;
  /** The offending value, when there is one. */
  readonly data?: string;
}

export type QadResult<T> =
  | { readonly ok: true; readonly value: T; readonly warnings: readonly QadIssue[] }
  | { readonly ok: false; readonly errors: readonly QadIssue[]; readonly warnings: readonly QadIssue[] };

export interface QadEntity {
  readonly code: string;
  readonly name: string;
  readonly currency: string;
  readonly domain: string;
}

export interface QadSupplier {
  readonly code: string;
  readonly name: string;
  readonly currency: string;
  active: boolean;
  readonly isEmployee: boolean;
}

export interface QadAccount {
  readonly code: string;
  readonly description: string;
  readonly type: string;
  active: boolean;
  postable: boolean;
}

export interface QadCodeRecord {
  readonly code: string;
  readonly description: string;
  active: boolean;
}

export interface QadCostCenter extends QadCodeRecord {
  readonly entity: string;
}

export interface QadPeriod {
  readonly entity: string;
  readonly year: number;
  readonly period: number;
  readonly start: string;
  readonly end: string;
  status: 'open' | 'closed';
}

export interface QadPoLine {
  readonly line: number;
  readonly item: string;
  readonly description: string;
  readonly quantityOrdered: number;
  readonly unitPriceMinor: number;
  readonly glAccount: string;
  readonly costCenter: string;
}

export interface QadPurchaseOrder {
  readonly number: string;
  readonly domain: string;
  readonly entity: string;
  readonly supplier: string;
  readonly currency: string;
  readonly orderDate: string;
  readonly lines: readonly QadPoLine[];
  /** `fillAll=true` closes the PO; a later receipt then fails with "Purchase Order closed." (sheet 1.3a). */
  closed: boolean;
}

export interface QadReceipt {
  readonly receiver: string;
  readonly poNumber: string;
  readonly poLine: number;
  readonly quantity: number;
  readonly date: string;
  /** How much of this receipt supplier invoices have matched so far. */
  matchedQuantity: number;
}

export interface MatchInput {
  readonly poNumber: string;
  readonly poLine: number;
  /** Receiver number; when absent the open receipts of the PO line are matched oldest first. */
  readonly receiver?: string;
  readonly quantity: number;
  /** Defaults to the PO line's unit price. */
  readonly unitPriceMinor?: number;
}

export interface GlLineInput {
  readonly account: string;
  readonly subAccount?: string;
  readonly costCenter?: string;
  readonly project?: string;
  readonly amountMinor: number;
  readonly description?: string;
}

export interface InvoiceInput {
  readonly domain?: string;
  readonly entity: string;
  readonly supplier: string;
  readonly type: 'invoice' | 'credit-note';
  /** The supplier's own invoice number (CInvoiceReference). QAD only warns when it repeats. */
  readonly reference: string;
  /** Free text; ml-connector puts its external reference `MLC-<SOURCE>-<id>` here. */
  readonly description: string;
  readonly invoiceDate: string;
  /** Decides the GL period. */
  readonly postingDate: string;
  /** When given, must be the GL year and period that contain the posting date. */
  readonly postingYear?: number;
  readonly postingPeriod?: number;
  readonly dueDate?: string;
  readonly currency: string;
  /** Gross amount, positive, in minor units. */
  readonly amountMinor: number;
  readonly daybook?: string;
  readonly statusCode?: string;
  readonly matches: readonly MatchInput[];
  readonly lines: readonly GlLineInput[];
}

export interface MatchedReceipt {
  readonly receiver: string;
  readonly poNumber: string;
  readonly poLine: number;
  readonly quantity: number;
  readonly amountMinor: number;
}

export interface StoredInvoice extends InvoiceInput {
  readonly id: number;
  readonly domain: string;
  readonly year: number;
  readonly period: number;
  readonly daybook: string;
  readonly statusCode: string;
  /** Assigned by the system per entity, year and daybook. */
  readonly voucher: number;
  readonly createdAt: string;
  readonly matchedReceipts: readonly MatchedReceipt[];
}

export interface JournalLineInput {
  readonly account: string;
  readonly subAccount?: string;
  readonly costCenter?: string;
  readonly project?: string;
  readonly debitMinor: number;
  readonly creditMinor: number;
  readonly description?: string;
}

export interface JournalInput {
  readonly domain?: string;
  readonly entity: string;
  readonly postingDate: string;
  readonly postingYear?: number;
  readonly postingPeriod?: number;
  readonly currency: string;
  /** Carries the external reference. */
  readonly description: string;
  readonly daybook?: string;
  readonly lines: readonly JournalLineInput[];
}

export interface StoredJournal extends JournalInput {
  readonly id: number;
  readonly domain: string;
  readonly year: number;
  readonly period: number;
  readonly daybook: string;
  readonly voucher: number;
  readonly createdAt: string;
}

export interface ReceiveInput {
  readonly poNumber: string;
  readonly lines: readonly { readonly line: number; readonly quantity: number }[];
  /** Effective date (YYYY-MM-DD); defaults to the clock's today. */
  readonly date?: string;
  /** QAD closes the whole PO after this receipt (sheet 1.3a). */
  readonly fillAll?: boolean;
  readonly receiver?: string;
}

export interface InvoiceQuery {
  readonly description?: string;
  readonly reference?: string;
  readonly supplier?: string;
  readonly entity?: string;
}

export interface JournalQuery {
  readonly description?: string;
  readonly entity?: string;
}
