// Contract area "batches": what an AP clerk reviews and releases. A release carries the count and total
// the person saw; the engine refuses it when the batch no longer matches. Merged into shared/contract/index.ts.
import { z } from 'zod';
import { SOURCES } from '../domain/document.ts';
import type { DocumentKind, PostingKind, Source } from '../domain/document.ts';
import type { DocumentSummary } from '../domain/status.ts';
import { operation } from './define.ts';

export const BATCH_STATES = ['open', 'released', 'posting', 'posted', 'partially_failed'] as const;
export type BatchState = (typeof BATCH_STATES)[number];

export interface BatchSummary {
  readonly id: number;
  readonly source: Source;
  readonly entity: string;
  readonly currency: string;
  readonly documentKind: DocumentKind;
  readonly postingKind: PostingKind;
  readonly state: BatchState;
  readonly documentCount: number;
  readonly totalMinor: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly releasedBy?: string;
  readonly releasedAt?: string;
}

export interface BatchSupplierTotal {
  readonly supplier: string;
  readonly payee: string;
  readonly documentCount: number;
  readonly totalMinor: number;
}

export interface BatchAccountTotal {
  readonly glAccount: string;
  readonly costCenter?: string;
  readonly lineCount: number;
  readonly totalMinor: number;
}

export interface BatchView extends BatchSummary {
  readonly documents: readonly DocumentSummary[];
  readonly supplierTotals: readonly BatchSupplierTotal[];
  readonly accountTotals: readonly BatchAccountTotal[];
}

const batchId = z.number().int().positive({ error: 'batchId must be a positive batch id' });

export const batchOperations = {
  'batches/list': operation(
    z.strictObject({
      state: z.enum(BATCH_STATES).optional(),
      source: z.enum(SOURCES).optional(),
      entity: z.string().max(40).optional(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(200),
    }),
  ).returns<{ readonly batches: readonly BatchSummary[]; readonly total: number }>(),
  'batches/get': operation(z.strictObject({ batchId })).returns<BatchView>(),
  'batches/release': operation(
    z.strictObject({
      batchId,
      /** The count and total the person reviewed; a batch that changed since is not released. */
      documentCount: z.number().int().min(1, 'documentCount must be the number of documents you reviewed'),
      totalMinor: z.number().int({ error: 'totalMinor must be the total in minor units you reviewed' }),
    }),
  ).returns<BatchSummary>(),
  'batches/undo-release': operation(z.strictObject({ batchId })).returns<BatchSummary>(),
} as const;
