// Runs the pure resolver against the store: the raw payload is mapped again by the source adapter (the
// stored payload is the truth, so a fixed adapter or a replay sees the original), resolved against the
// mapping version in force and the QAD cache, and the outcome is recorded with that mapping version in
// one transaction; a document that became ready joins its open batch in the same transaction.
import type { CanonicalDocument, DocumentState, Source } from '../../shared/domain/document.ts';
import type { DocumentException } from '../../shared/domain/exception.ts';
import {
  type Db,
  type DocumentDetail,
  StoreError,
  addToOpenBatch,
  canonicalJson,
  currentMappingVersion,
  getBatchSummary,
  getDocument,
  listDocumentIdsInState,
  lookupMapping,
  recordValidation,
  setBatchState,
  setDocumentState,
} from '../store/index.ts';
import { stmt } from '../store/sql.ts';
import { PostingInputError, buildQadInput } from './qad-inputs.ts';
import { type QadSnapshot, storeSnapshot } from './qad-snapshot.ts';
import { type MappingLookup, type ResolvedState, resolveDocument } from './resolve.ts';
import { type SyncRuntime, writeContext } from './runtime.ts';
import { isWithdrawal, placeholderDocument, storeRefusal } from './stage.ts';

/** States a validation may move a document out of; once released it belongs to the posting step. */
export const VALIDATABLE_STATES: readonly DocumentState[] = ['staged', 'exception', 'awaiting_receipt'];
/** The states re-validation revisits every cycle and after a mapping change. */
export const WAITING_STATES: readonly DocumentState[] = ['exception', 'awaiting_receipt'];

export interface ValidationTally {
  readonly ready: number;
  readonly exceptions: number;
  readonly awaitingReceipt: number;
  /** Documents whose state or exceptions changed. */
  readonly changed: number;
  /** Documents that left exception / awaiting_receipt for ready. */
  readonly cleared: number;
  readonly readyIds: readonly number[];
  /** The state each validated document ended in. */
  readonly results: ReadonlyMap<number, ResolvedState>;
}

export function mappingLookupAt(db: Db, version: number): MappingLookup {
  return (kind, entity, value) => lookupMapping(db, kind, entity, value, version)?.target;
}

interface ValidateOne {
  readonly state: ResolvedState;
  readonly changed: boolean;
  readonly previous: DocumentState;
}

/**
 * Validates one document (staged, exception or awaiting_receipt; `allowFrom` widens that for replays).
 * Returns undefined when the document is elsewhere on its road.
 */
export function validateDocument(
  rt: SyncRuntime,
  id: number,
  options: {
    readonly actor?: string;
    readonly snapshot?: QadSnapshot;
    readonly allowFrom?: readonly DocumentState[];
  } = {},
): ValidateOne | undefined {
  const { store } = rt;
  const detail = getDocument(store.db, id);
  const allowed = options.allowFrom ?? VALIDATABLE_STATES;
  if (!detail || !allowed.includes(detail.state)) return undefined;
  const { document: canonical, exceptions: mapped } = canonicalOf(rt, detail);
  const version = currentMappingVersion(store.db);
  const snapshot = options.snapshot ?? storeSnapshot(store.db);
  let state: ResolvedState;
  let document: CanonicalDocument;
  let exceptions: readonly DocumentException[];
  if (mapped.length > 0) {
    // The payload itself is wrong: resolving it would only add noise beside the field that is wrong.
    state = 'exception';
    document = canonical;
    exceptions = mapped;
  } else {
    const outcome = resolveDocument(canonical, mappingLookupAt(store.db, version), snapshot, {
      duplicateOf: (supplier, invoiceNumber) => duplicateOf(store.db, id, supplier, invoiceNumber),
    });
    ({ state, document, exceptions } = outcome);
  }
  // Withdrawn at the source (stage.ts recordWithdrawn): it stays an exception whatever else is found.
  const withdrawal = detail.exceptions.filter(isWithdrawal);
  if (withdrawal.length > 0) {
    state = 'exception';
    exceptions = withdrawal;
  }
  const adapter = rt.adapters[detail.source];
  const postingKind = adapter
    ? adapter.postingKind(document, rt.settings)
    : document.kind === 'invoice'
      ? 'supplier_invoice'
      : defaultReportPosting(rt, detail.source);
  if (state === 'ready') {
    // What QAD would receive must be buildable too (e.g. a report paid entirely by card has nothing to
    // invoice to the employee): refused here, it waits as an exception instead of failing at posting.
    try {
      buildQadInput(document, postingKind, rt.settings);
    } catch (error) {
      if (!(error instanceof PostingInputError)) throw error;
      state = 'exception';
      exceptions = [{ cause: 'invalid_document', field: error.field, message: error.message }];
    }
  }
  // Key order differs between what we built and what the store's schema parse kept: compare canonically.
  const unchanged =
    detail.state === state &&
    canonicalJson(detail.exceptions) === canonicalJson(exceptions) &&
    canonicalJson(detail.document) === canonicalJson(document);
  if (unchanged) return { state, changed: false, previous: detail.state };
  const ctx = writeContext(rt, options.actor);
  const record = (): void =>
    store.tx((db) => {
      recordValidation(
        db,
        id,
        { document, state, exceptions, mappingVersion: version, expectState: allowed },
        ctx,
      );
      const batch = detail.batchId === undefined ? undefined : getBatchSummary(db, detail.batchId);
      if (state === 'ready' && batch && batch.state !== 'open') {
        // A replayed document (rejected, or sent back to exception while posting) stays in the batch a person
        // released: the replay, itself a person's act, releases it again there.
        setDocumentState(db, id, 'released', ctx, {
          from: 'ready',
          reason: `replayed into batch ${batch.id}`,
        });
        if (batch.state === 'partially_failed')
          setBatchState(db, batch.id, 'posting', ctx, 'a replayed document');
      } else if (state === 'ready') {
        addToOpenBatch(db, id, postingKind, ctx);
      }
    });
  try {
    record();
  } catch (error) {
    // The store refused a field of the mapped document (e.g. an impossible date): the document waits as an
    // exception naming that field instead of stopping the cycle.
    if (!(error instanceof StoreError) || error.code !== 'invalid_argument') throw error;
    state = 'exception';
    document = placeholderDocument(detail.source, detail.sourceId, detail.kind, detail.stagedAt);
    exceptions = [...withdrawal, storeRefusal(error)];
    if (detail.state === 'exception' && canonicalJson(detail.exceptions) === canonicalJson(exceptions)) {
      return { state, changed: false, previous: detail.state };
    }
    record();
  }
  return { state, changed: true, previous: detail.state };
}

/** States in which a document holds its supplier invoice number (it is, or is about to be, in QAD). */
const HOLDING = ['ready', 'released', 'posting', 'uncertain', 'posted', 'confirmed'];

function duplicateOf(db: Db, id: number, supplier: string, invoiceNumber: string): string | undefined {
  const row = stmt(
    db,
    `SELECT source, source_id FROM documents WHERE supplier = ? AND invoice_number = ? AND id <> ? AND kind = 'invoice'
       AND state IN (SELECT value FROM json_each(?)) ORDER BY id LIMIT 1`,
  ).get(supplier, invoiceNumber, id, JSON.stringify(HOLDING)) as
    { source: string; source_id: string } | undefined;
  return row ? `${row.source}:${row.source_id}` : undefined;
}

function defaultReportPosting(rt: SyncRuntime, source: Source) {
  return source === 'concur' ? rt.settings.concur.expenseReportPosting : rt.settings.expensify.reportPosting;
}

/** Maps the stored raw payload again; without an adapter the stored canonical document is used. */
export function canonicalOf(
  rt: SyncRuntime,
  detail: DocumentDetail,
): { readonly document: CanonicalDocument; readonly exceptions: readonly DocumentException[] } {
  const adapter = rt.adapters[detail.source];
  if (!adapter) return { document: detail.document, exceptions: [] };
  const result = adapter.toCanonical({
    sourceId: detail.sourceId,
    kind: detail.kind,
    payload: detail.rawPayload,
  });
  if (result.exceptions.length === 0 && result.document) return { document: result.document, exceptions: [] };
  return {
    document:
      result.document && result.document.sourceId === detail.sourceId
        ? result.document
        : placeholderDocument(detail.source, detail.sourceId, detail.kind, detail.stagedAt),
    exceptions:
      result.exceptions.length > 0
        ? result.exceptions
        : [{ cause: 'invalid_document', message: 'The payload could not be read.' }],
  };
}

/** Validates every document in the given states (default: waiting ones) of one source or all sources. */
export function revalidate(
  rt: SyncRuntime,
  options: {
    readonly source?: Source;
    readonly states?: readonly DocumentState[];
    readonly actor?: string;
    readonly ids?: readonly number[];
  } = {},
): ValidationTally {
  const snapshot = storeSnapshot(rt.store.db);
  const ids =
    options.ids ??
    (options.states ?? WAITING_STATES).flatMap((state) =>
      listDocumentIdsInState(rt.store.db, state, options.source ? { source: options.source } : {}),
    );
  let ready = 0;
  let exceptions = 0;
  let awaitingReceipt = 0;
  let changed = 0;
  let cleared = 0;
  const readyIds: number[] = [];
  const results = new Map<number, ResolvedState>();
  for (const id of ids) {
    const result = validateDocument(rt, id, {
      snapshot,
      ...(options.actor ? { actor: options.actor } : {}),
    });
    if (!result) continue;
    results.set(id, result.state);
    if (result.changed) changed += 1;
    if (result.state === 'ready') {
      ready += 1;
      readyIds.push(id);
      if (WAITING_STATES.includes(result.previous)) cleared += 1;
    } else if (result.state === 'exception') exceptions += 1;
    else awaitingReceipt += 1;
  }
  return { ready, exceptions, awaitingReceipt, changed, cleared, readyIds, results };
}
