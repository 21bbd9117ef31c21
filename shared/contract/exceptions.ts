// Contract area "exceptions": what keeps documents from posting, grouped so one fix clears many (a
// controller maps "MEALS" once, 14 documents clear). Merged into shared/contract/index.ts.
import { z } from 'zod';
import { SOURCES } from '../domain/document.ts';
import type { Source } from '../domain/document.ts';
import { EXCEPTION_CAUSES } from '../domain/exception.ts';
import type { ExceptionCause, MappingKind } from '../domain/exception.ts';
import { operation } from './define.ts';

export interface ExceptionGroup {
  readonly cause: ExceptionCause;
  /** The mapping table that fixes it, when one does. */
  readonly mapping?: MappingKind;
  /** The source value (or PO/line, or date) the documents share. */
  readonly value?: string;
  /** The QAD entity, '' when it could not be resolved. */
  readonly entity: string;
  readonly source: Source;
  /** One representative message, e.g. `Expense type "MEALS" has no QAD GL account in entity 10USA`. */
  readonly message: string;
  readonly fields: readonly string[];
  /** How many documents this one fix would touch (those waiting on nothing else clear at once). */
  readonly documentCount: number;
  /** Of them, how many have no other exception: the fix alone makes them ready. */
  readonly clearsCount: number;
  readonly documentIds: readonly number[];
}

export interface AwaitingReceiptItem {
  readonly documentId: number;
  readonly source: Source;
  readonly sourceId: string;
  readonly entity: string;
  readonly supplier: string;
  readonly poNumber: string;
  readonly poLine: number;
  readonly message: string;
  readonly totalMinor: number;
  readonly currency: string;
  /** When it started waiting, and for how long (ms) at the time of the call. */
  readonly waitingSince: string;
  readonly waitingMs: number;
}

export interface UncertainItem {
  readonly documentId: number;
  readonly source: Source;
  readonly sourceId: string;
  readonly externalRef: string;
  readonly lastError?: string;
  /** True after a look-up found nothing: post-again is then allowed. */
  readonly lookedUpNegative: boolean;
  readonly since: string;
}

export interface ExceptionsOverview {
  readonly groups: readonly ExceptionGroup[];
  readonly awaitingReceipt: readonly AwaitingReceiptItem[];
  readonly uncertain: readonly UncertainItem[];
  /** Documents in exception (or rejected) in total. */
  readonly documentCount: number;
}

export const exceptionOperations = {
  'exceptions/list': operation(
    z.strictObject({
      source: z.enum(SOURCES).optional(),
      entity: z.string().max(40).optional(),
      cause: z.enum(EXCEPTION_CAUSES).optional(),
    }),
  ).returns<ExceptionsOverview>(),
} as const;
