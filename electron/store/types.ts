// Store-level domain types that shared/domain does not define yet. They are plain serialisable data, so
// they can move to shared/domain unchanged once the contract exposes batches, mappings and the outbox.
import type { DocumentException } from '../../shared/domain/exception.ts';
import type { BatchSummary } from '../../shared/contract/batches.ts';
import type { MappingKind } from '../../shared/domain/exception.ts';
import type { CanonicalDocument, DocumentLine, Source } from '../../shared/domain/document.ts';
import type { DocumentSummary } from '../../shared/domain/status.ts';

export interface DocumentDetail extends DocumentSummary {
  readonly sourceEntity: string;
  readonly description: string;
  readonly invoiceNumber?: string;
  /** The source payload exactly as received. */
  readonly rawPayload: string;
  readonly document: CanonicalDocument;
  readonly lines: readonly DocumentLine[];
  readonly exceptions: readonly DocumentException[];
  /** The mapping version the last validation used; absent before the first validation. */
  readonly mappingVersion?: number;
  readonly stateChangedAt: string;
  readonly batchId?: number;
}

// One definition of a batch for the store and the contract (shared/contract/batches.ts).
export { BATCH_STATES, type BatchState } from '../../shared/contract/batches.ts';
export type Batch = BatchSummary;

export interface BatchDetail extends Batch {
  readonly documents: readonly DocumentSummary[];
}

/**
 * intent: stored before any remote write; sending: the write may be in flight (after a crash, reconcile by
 * reference before anything else); posted: QAD has it; uncertain: the look-up failed, a person decides;
 * rejected: QAD refused it for a business reason.
 */
export const INTENT_STATES = ['intent', 'sending', 'posted', 'uncertain', 'rejected'] as const;
export type IntentState = (typeof INTENT_STATES)[number];

export interface PostingIntent {
  readonly id: number;
  readonly externalRef: string;
  readonly documentId: number;
  readonly batchId?: number;
  readonly payloadHash: string;
  readonly state: IntentState;
  readonly attempts: number;
  readonly lastError?: string;
  readonly qadDocumentId?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface LedgerEntry {
  readonly source: Source;
  readonly sourceId: string;
  readonly documentId: number;
  readonly externalRef: string;
  readonly qadDocumentId: string;
  /** e.g. 'supplier_invoice', 'gl_journal'. */
  readonly qadKind: string;
  readonly postedAt: string;
}

export const OUTBOX_STATES = ['pending', 'done', 'failed'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

export interface OutboxItem {
  readonly id: number;
  readonly documentId: number;
  /** The system to confirm to: 'concur' or 'expensify'. */
  readonly targetSystem: Source;
  /** e.g. 'posting_confirmation', 'mark_exported'. */
  readonly kind: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly state: OutboxState;
  readonly attempts: number;
  readonly nextAttemptAt: string;
  readonly lastError?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * The QAD side of a mapping, e.g. `{ supplier }` for vendor and employee, `{ glAccount, subAccount,
 * costCenter }` for gl_account, `{ costCenter }` for cost_center, `{ entity }` for entity.
 */
export type MappingTarget = Readonly<Record<string, string>>;

export interface MappingEntry {
  readonly id: number;
  readonly kind: MappingKind;
  /** A QAD entity, or '*' for every entity. */
  readonly entity: string;
  readonly sourceValue: string;
  readonly target: MappingTarget;
  readonly validFromVersion: number;
  /** Exclusive; absent while the row is current. */
  readonly validToVersion?: number;
}

export interface MappingVersion {
  readonly version: number;
  readonly changedBy: string;
  readonly changedAt: string;
  readonly note: string;
}

export const QAD_CACHE_KINDS = [
  'supplier',
  'gl_account',
  'sub_account',
  'cost_center',
  'project',
  'purchase_order',
  'receipt',
  'period',
  'employee',
  'entity',
] as const;
export type QadCacheKind = (typeof QAD_CACHE_KINDS)[number];

export interface QadRecord {
  readonly kind: QadCacheKind;
  /** A QAD entity, or '*' for domain-wide master data. */
  readonly entity: string;
  readonly code: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly active: boolean;
  readonly refreshedAt: string;
}

export interface QadCacheFreshness {
  readonly kind: QadCacheKind;
  readonly entity: string;
  readonly refreshedAt: string;
  readonly rowCount: number;
}

export interface Cursor {
  readonly source: string;
  readonly stream: string;
  readonly value: string;
  readonly updatedAt: string;
}
