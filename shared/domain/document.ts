// The canonical AP document: what a Concur invoice, a Concur expense report and an Expensify report all
// become before they are resolved against QAD. Money is integer minor units (see money.ts).

export const SOURCES = ['concur', 'expensify'] as const;
export type Source = (typeof SOURCES)[number];

export const DOCUMENT_KINDS = ['invoice', 'expense_report'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/**
 * The road of a document (ARCHITECTURE.md). Side states: `exception` and `awaiting_receipt` wait for a
 * person or for QAD; `uncertain` means a post may or may not have reached QAD and the look-up failed, so a
 * person decides; `rejected` means QAD refused it for a business reason (confirmed back as failed).
 */
export const DOCUMENT_STATES = [
  'staged',
  'exception',
  'awaiting_receipt',
  'ready',
  'released',
  'posting',
  'uncertain',
  'posted',
  'rejected',
  'confirmed',
] as const;
export type DocumentState = (typeof DOCUMENT_STATES)[number];

/** How a document posts into QAD. */
export const POSTING_KINDS = ['supplier_invoice', 'gl_journal'] as const;
export type PostingKind = (typeof POSTING_KINDS)[number];

/** Source-side coding of a line, kept verbatim so the UI can show it beside the resolved QAD coding. */
export interface SourceCoding {
  readonly expenseType?: string;
  readonly category?: string;
  readonly tag?: string;
  readonly accountCode?: string;
  readonly costObject?: string;
  readonly project?: string;
  readonly [key: string]: string | undefined;
}

/** An account code the source sent outside the lines (e.g. a Concur cash advance's clearing account). */
export interface SourceAccountCode {
  /** The source field, e.g. `cashAdvanceApplication[0].cashAdvanceClearingAccountCode`. */
  readonly field: string;
  readonly code: string;
}

/** QAD coding of a line once resolved. */
export interface QadCoding {
  readonly glAccount?: string;
  readonly subAccount?: string;
  readonly costCenter?: string;
  readonly project?: string;
}

export interface DocumentLine {
  readonly lineNo: number;
  readonly description: string;
  /** Signed: credits are negative. */
  readonly amountMinor: number;
  readonly quantity?: string;
  readonly unitPriceMinor?: number;
  readonly poNumber?: string;
  readonly poLine?: number;
  readonly source: SourceCoding;
  readonly qad?: QadCoding;
}

export interface CanonicalDocument {
  readonly source: Source;
  readonly sourceId: string;
  readonly kind: DocumentKind;
  /** Concur company / ledger code or Expensify policy id: resolved to a QAD entity by mapping. */
  readonly sourceEntity: string;
  readonly entity?: string;
  readonly currency: string;
  readonly totalMinor: number;
  readonly documentDate: string; // ISO date (YYYY-MM-DD)
  readonly description: string;
  /** Concur vendor code, or the employee / submitter identity for expense reports. */
  readonly payee: { readonly kind: 'vendor' | 'employee'; readonly code: string; readonly name?: string };
  readonly supplier?: string;
  readonly invoiceNumber?: string;
  readonly poNumber?: string;
  readonly lines: readonly DocumentLine[];
  /** Account codes sent outside the lines: resolve checks them against QAD like the lines' account codes. */
  readonly sourceAccounts?: readonly SourceAccountCode[];
}

/** Our reference in QAD, the key to "never post twice" (ARCHITECTURE.md). */
export function externalReference(source: Source, sourceId: string): string {
  return `MLC-${source.toUpperCase()}-${sourceId}`;
}
