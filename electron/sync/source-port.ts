// The seam a source (Concur, Expensify) plugs into. The sync road (stage, resolve, batch, post, confirm)
// knows nothing of a source's transport; an adapter turns its API into these calls.
//
// Ordering the adapters rely on (ARCHITECTURE.md "Never lose one"):
// - `fetch` returns what the source offers now; nothing is acknowledged yet.
// - `acknowledge` is called only after every listed item is durably staged (committed in SQLite). Concur FIS
//   acknowledges the queue item here; Expensify marks the report exported with our label here (its export
//   `onFinish: markAsExported` would run before staging, so it must not be used).
// - `confirm` is called from the outbox relay only after QAD has the document (or refused it): Concur's
//   posting confirmation, Expensify's exported status / comment. Repeats must be harmless: an "already
//   confirmed" answer (Concur 101/113/213) is reported as `done`.
import type { CanonicalDocument, DocumentKind, PostingKind, Source } from '../../shared/domain/document.ts';
import type { DocumentException } from '../../shared/domain/exception.ts';
import type { Settings } from '../../shared/settings.ts';
import type { OutboxItem } from '../store/index.ts';
import type { FlowContext } from '../engine/ports.ts';

/** One item as the source sent it. */
export interface RawSourceItem {
  /** Concur FIS document id / Expensify report id: stable across re-sends. */
  readonly sourceId: string;
  readonly kind: DocumentKind;
  /** The payload verbatim (JSON text, CSV row...): stored as is so a replay starts from the original. */
  readonly payload: string;
  /** The source's own revision or last-modified stamp, when it has one (kept in the audit trail only). */
  readonly revision?: string;
  /** The source's own handle for acknowledging, when it is not the sourceId (e.g. a FIS queue item id). */
  readonly ackToken?: string;
}

/**
 * The outcome of mapping one raw item. `document` is absent when the payload could not be read at all;
 * `exceptions` name the field (`lines[2].amount`, `vendor.code`, `currency`) and are empty on success.
 * A document with exceptions may still be returned (best effort) so a person sees what was readable.
 */
export interface CanonicalResult {
  readonly document?: CanonicalDocument;
  readonly exceptions: readonly DocumentException[];
}

export type ConfirmOutcome =
  | { readonly status: 'done'; readonly note?: string }
  /** Try again later (Concur 199, 429, 5xx, network). `retryAfterMs` from the source wins over backoff. */
  | { readonly status: 'retry'; readonly error: string; readonly retryAfterMs?: number }
  /** The source will not take it (Concur 198 "do not retry"): a person looks at it. */
  | { readonly status: 'failed'; readonly error: string };

export interface AcknowledgeResult {
  /** Source ids the source accepted (or already had acknowledged). */
  readonly acknowledged: readonly string[];
  /** Source ids it did not take; they come again on the next fetch, which stages nothing twice. */
  readonly failed: readonly { readonly sourceId: string; readonly error: string }[];
  /**
   * Source ids the source says must not be posted: withdrawn between our fetch and this acknowledgement
   * (Concur: code 102 "recalled", or a document now RECALLED / VOID / CANCEL). They are listed in `failed`
   * too (they were not acknowledged), will not come again, and the road turns each into a `source_error`
   * exception naming `reason` (stage.ts `recordWithdrawn`), so it is never posted and a person sees it.
   */
  readonly withdrawn?: readonly WithdrawnItem[];
}

export interface WithdrawnItem {
  readonly sourceId: string;
  /** Why, in the source's words, e.g. "recalled in Concur (code 102)". */
  readonly reason: string;
  /** The source's status for it, when known (RECALLED, VOID, CANCEL). */
  readonly status?: string;
}

/** Outbox item kinds the sync road enqueues; the adapter's `confirm` receives them. */
export const CONFIRMATION_KINDS = {
  /** QAD has the document: payload {@link PostingConfirmationPayload}. */
  posted: 'posting_confirmation',
  /** QAD refused it for a business reason: payload {@link PostingConfirmationPayload} with `message`. */
  failed: 'posting_failure',
} as const;

export interface PostingConfirmationPayload {
  readonly source: Source;
  readonly sourceId: string;
  readonly externalRef: string;
  readonly outcome: 'posted' | 'rejected';
  readonly qadDocumentId?: string;
  readonly qadKind?: string;
  readonly entity?: string;
  /** QAD's message on a rejection, for the source's "failed" status / comment. */
  readonly message?: string;
  readonly postedAt: string;
}

export interface SourceAdapter {
  readonly source: Source;
  /** Reads what the source offers. May throw; the cycle then stages nothing and reports the error. */
  fetch(ctx: FlowContext): Promise<readonly RawSourceItem[]>;
  /** Called with the items just staged durably (or already staged before: re-sent ids). */
  acknowledge(items: readonly RawSourceItem[], ctx: FlowContext): Promise<AcknowledgeResult>;
  /** Pure: raw payload -> canonical document, or exceptions naming the field. Must not throw. */
  toCanonical(item: RawSourceItem): CanonicalResult;
  /** Delivers one outbox item (see CONFIRMATION_KINDS). Must not throw for expected failures. */
  confirm(item: OutboxItem, ctx: FlowContext): Promise<ConfirmOutcome>;
  /** How this document posts into QAD (invoices: supplier_invoice; reports: per source settings). */
  postingKind(document: CanonicalDocument, settings: Settings): PostingKind;
}

/**
 * The usual posting-kind rule both adapters can use: invoices always post as supplier invoices; expense
 * reports follow `concur.expenseReportPosting` / `expensify.reportPosting`.
 */
export function defaultPostingKind(document: CanonicalDocument, settings: Settings): PostingKind {
  if (document.kind === 'invoice') return 'supplier_invoice';
  return document.source === 'concur'
    ? settings.concur.expenseReportPosting
    : settings.expensify.reportPosting;
}
