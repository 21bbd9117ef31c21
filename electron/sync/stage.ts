// Stage: every fetched item is stored durably with its raw payload before the source hears anything back
// (ARCHITECTURE.md "Never lose one"). Idempotent by (source, sourceId): a re-sent known id changes nothing.
// An item whose canonical mapping fails is staged anyway, as an exception naming the field, with the raw
// payload kept, so a person can see it, and a replay can map it again once the cause is fixed.
import type { CanonicalDocument, DocumentKind, DocumentState, Source } from '../../shared/domain/document.ts';
import type { DocumentException } from '../../shared/domain/exception.ts';
import {
  StoreError,
  currentMappingVersion,
  getDocumentBySource,
  recordValidation,
  removeFromBatch,
  stageDocument,
} from '../store/index.ts';
import { type SyncRuntime, errorText, writeContext } from './runtime.ts';
import type { RawSourceItem, SourceAdapter, WithdrawnItem } from './source-port.ts';

/** Stands in for a payload that could not be read: it keeps the document on the road (and on screen). */
export function placeholderDocument(
  source: Source,
  sourceId: string,
  kind: DocumentKind,
  at: string,
): CanonicalDocument {
  return {
    source,
    sourceId,
    kind,
    sourceEntity: '',
    // ISO 4217 "no currency": the row needs a code, the exception says why there is none.
    currency: 'XXX',
    totalMinor: 0,
    documentDate: at.slice(0, 10),
    description: `Unreadable ${source} ${kind === 'invoice' ? 'invoice' : 'expense report'} ${sourceId}`,
    payee: { kind: kind === 'invoice' ? 'vendor' : 'employee', code: '' },
    lines: [],
  };
}

export interface StageTally {
  /** Newly staged (re-sent known ids are not counted). */
  readonly staged: number;
  /** Newly staged as exceptions because the payload did not map. */
  readonly exceptions: number;
  /** Items durably in the store (new or known): these may be acknowledged. */
  readonly durable: readonly RawSourceItem[];
  readonly failed: readonly { readonly sourceId: string; readonly error: string }[];
}

export function stageItems(
  rt: SyncRuntime,
  adapter: SourceAdapter,
  items: readonly RawSourceItem[],
): StageTally {
  let staged = 0;
  let exceptions = 0;
  const durable: RawSourceItem[] = [];
  const failed: { sourceId: string; error: string }[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    // A source may repeat an id inside one page; the store would ignore it, this keeps the ack list clean.
    if (seen.has(item.sourceId)) continue;
    seen.add(item.sourceId);
    try {
      const result = stageOne(rt, adapter, item);
      if (result.created) staged += 1;
      if (result.created && result.exception) exceptions += 1;
      durable.push(item);
    } catch (error) {
      failed.push({ sourceId: item.sourceId, error: errorText(error) });
    }
  }
  return { staged, exceptions, durable, failed };
}

function stageOne(
  rt: SyncRuntime,
  adapter: SourceAdapter,
  item: RawSourceItem,
): { readonly created: boolean; readonly exception: boolean } {
  const ctx = writeContext(rt);
  let mapped: ReturnType<SourceAdapter['toCanonical']>;
  try {
    mapped = adapter.toCanonical(item);
  } catch (error) {
    // toCanonical must not throw; if it does, the payload is still kept.
    mapped = {
      exceptions: [
        { cause: 'invalid_document', message: `The payload could not be read: ${errorText(error)}` },
      ],
    };
  }
  const fine =
    mapped.document && mapped.exceptions.length === 0 && sameIdentity(mapped.document, adapter.source, item);
  if (fine && mapped.document) {
    try {
      const result = stageDocument(rt.store.db, { document: mapped.document, rawPayload: item.payload }, ctx);
      return { created: result.created, exception: false };
    } catch (error) {
      // The store refuses a field the adapter let through (a date like 2026-13-45): still staged, as an
      // exception naming that field, so it is visible and not fetched forever.
      if (!(error instanceof StoreError) || error.code !== 'invalid_argument') throw error;
      mapped = { exceptions: [storeRefusal(error)] };
    }
  }
  const exceptions: readonly DocumentException[] =
    mapped.exceptions.length > 0
      ? mapped.exceptions
      : [
          {
            cause: 'invalid_document',
            field: 'sourceId',
            value: item.sourceId,
            message: 'The mapped document does not carry the id the source sent.',
          },
        ];
  const candidates: CanonicalDocument[] = [];
  if (mapped.document && sameIdentity(mapped.document, adapter.source, item))
    candidates.push(mapped.document);
  candidates.push(
    placeholderDocument(adapter.source, item.sourceId, item.kind, ctx.at ?? new Date().toISOString()),
  );
  for (const [index, document] of candidates.entries()) {
    try {
      return rt.store.tx((db) => {
        const result = stageDocument(db, { document, rawPayload: item.payload, state: 'exception' }, ctx);
        if (result.created) {
          recordValidation(
            db,
            result.id,
            { document, state: 'exception', exceptions, mappingVersion: currentMappingVersion(db) },
            ctx,
          );
        }
        return { created: result.created, exception: true };
      });
    } catch (error) {
      // A best-effort document the store refuses (e.g. a malformed date) falls back to the placeholder.
      if (!(error instanceof StoreError) || index === candidates.length - 1) throw error;
    }
  }
  throw new Error('unreachable');
}

/** A store refusal of a mapped document, as an exception naming the document's field. */
export function storeRefusal(error: StoreError): DocumentException {
  return {
    cause: 'invalid_document',
    message: `The document could not be read: ${error.message}`,
    ...(error.field ? { field: error.field.replace(/^document\./, '') } : {}),
  };
}

function sameIdentity(document: CanonicalDocument, source: Source, item: RawSourceItem): boolean {
  return document.source === source && document.sourceId === item.sourceId;
}

// ---- withdrawn at the source ------------------------------------------------------------------------------

/** The field of a withdrawal exception; validation keeps such an exception whatever else it finds. */
export const WITHDRAWN_FIELD = 'acknowledgement';

const SOURCE_LABEL: Readonly<Record<Source, string>> = { concur: 'SAP Concur', expensify: 'Expensify' };

/** Whether an exception records that the source withdrew the document (see {@link recordWithdrawn}). */
export function isWithdrawal(exception: DocumentException): boolean {
  return exception.cause === 'source_error' && exception.field === WITHDRAWN_FIELD;
}

export function withdrawalException(source: Source, item: WithdrawnItem): DocumentException {
  return {
    cause: 'source_error',
    field: WITHDRAWN_FIELD,
    ...(item.status ? { value: item.status } : {}),
    message:
      `${SOURCE_LABEL[source]} withdrew this document before we acknowledged it (${item.reason}): it must not be posted and will not be. Check it in ${SOURCE_LABEL[source]}; a resubmitted document comes back as a new one.`.slice(
        0,
        1900,
      ),
  };
}

/** States a withdrawal can still stop: nothing has been released towards QAD yet. */
const WITHDRAWABLE: readonly DocumentState[] = ['staged', 'exception', 'awaiting_receipt', 'ready'];

export interface WithdrawnTally {
  /** Documents now held as exceptions because their source withdrew them. */
  readonly held: number;
  /** Withdrawn documents already released or posted here: a person must check them in QAD. */
  readonly tooLate: readonly { readonly sourceId: string; readonly state: DocumentState }[];
}

/**
 * Holds every staged document the source withdrew between our fetch and our acknowledgement
 * (AcknowledgeResult.withdrawn): it becomes an exception naming why, in one transaction, and leaves its open
 * batch if it had joined one. Validation keeps that exception (isWithdrawal), so neither a later cycle nor a
 * replay posts the document. Unknown ids are ignored (nothing staged, nothing to hold); repeats change
 * nothing.
 */
export function recordWithdrawn(
  rt: SyncRuntime,
  source: Source,
  withdrawn: readonly WithdrawnItem[],
): WithdrawnTally {
  let held = 0;
  const tooLate: { sourceId: string; state: DocumentState }[] = [];
  for (const item of withdrawn) {
    const detail = getDocumentBySource(rt.store.db, source, item.sourceId);
    if (!detail) continue;
    if (detail.state === 'exception' && detail.exceptions.some(isWithdrawal)) continue;
    if (!WITHDRAWABLE.includes(detail.state)) {
      tooLate.push({ sourceId: item.sourceId, state: detail.state });
      continue;
    }
    const ctx = writeContext(rt);
    try {
      rt.store.tx((db) => {
        if (detail.state === 'ready') removeFromBatch(db, detail.id, ctx);
        recordValidation(
          db,
          detail.id,
          {
            document: detail.document,
            state: 'exception',
            exceptions: [withdrawalException(source, item)],
            mappingVersion: currentMappingVersion(db),
            expectState: WITHDRAWABLE,
          },
          ctx,
        );
      });
      held += 1;
    } catch (error) {
      // Released in the meantime (its batch left 'open'): too late to hold here.
      if (!(error instanceof StoreError) || error.code !== 'conflict') throw error;
      tooLate.push({ sourceId: item.sourceId, state: detail.state });
    }
  }
  return { held, tooLate };
}
