// Contract area "documents" (the document's road): one document with its source values beside the QAD
// coding and its timeline, and the person's replay / retry. Merged into shared/contract/index.ts.
import { z } from 'zod';
import type { AuditEvent } from '../domain/audit.ts';
import type { DocumentLine } from '../domain/document.ts';
import type { DocumentException } from '../domain/exception.ts';
import type { DocumentSummary } from '../domain/status.ts';
import { operation } from './define.ts';

const documentId = z.number().int().positive({ error: 'documentId must be a positive document id' });

export interface DocumentIntentView {
  readonly externalRef: string;
  /** intent | sending | posted | uncertain | rejected */
  readonly state: string;
  readonly attempts: number;
  readonly lastError?: string;
  readonly payloadHash: string;
  readonly updatedAt: string;
}

export interface DocumentConfirmationView {
  readonly id: number;
  /** posting_confirmation | posting_failure */
  readonly kind: string;
  /** pending | done | failed */
  readonly state: string;
  readonly attempts: number;
  readonly nextAttemptAt: string;
  readonly lastError?: string;
}

export interface DocumentView extends DocumentSummary {
  readonly sourceEntity: string;
  readonly description: string;
  readonly invoiceNumber?: string;
  readonly poNumber?: string;
  /** `MLC-<SOURCE>-<id>`: the reference QAD holds. */
  readonly externalRef: string;
  /** Each line carries `source` (the source's coding, verbatim) beside `qad` (the resolved coding). */
  readonly lines: readonly DocumentLine[];
  readonly exceptions: readonly DocumentException[];
  readonly mappingVersion?: number;
  readonly stateChangedAt: string;
  readonly batchId?: number;
  readonly intent?: DocumentIntentView;
  readonly confirmations: readonly DocumentConfirmationView[];
  /** The payload as the source sent it. */
  readonly rawPayload: string;
  /** The document's audit events, oldest first: staging, validations, release, attempts, replays. */
  readonly timeline: readonly AuditEvent[];
}

export interface DocumentActionResult {
  readonly documentId: number;
  readonly from: string;
  readonly state: string;
  readonly message: string;
}

export const documentOperations = {
  'documents/get': operation(z.strictObject({ documentId })).returns<DocumentView>(),
  /** Map the stored raw payload again and re-validate (exception, awaiting_receipt, rejected). */
  'documents/replay': operation(z.strictObject({ documentId })).returns<DocumentActionResult>(),
  /**
   * Retry the failed remote step: a failed confirmation is sent again; an uncertain post is reconciled by
   * reference (`reconcile`, the default) or, only after a negative look-up, sent again (`post-again`).
   */
  'documents/retry': operation(
    z.strictObject({ documentId, decision: z.enum(['reconcile', 'post-again']).optional() }),
  ).returns<DocumentActionResult>(),
} as const;
