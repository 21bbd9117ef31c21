// Post exactly once (ARCHITECTURE.md "Never post twice", research/reliability.md A3). For each document of
// a released batch: the intent with the external reference and the payload hash commits BEFORE the remote
// write; `sending` commits right before it. Success, the ledger row, the document's `posted` state and the
// confirmation for the source commit together. Any unclear outcome (timeout, reset, lost reply, or a crash
// found in `sending` at start-up) is looked up by reference in QAD before anything is written again; if
// the look-up fails too, the document is held as `uncertain` for a person.
import type { DocumentState, PostingKind, Source } from '../../shared/domain/document.ts';
import { externalReference } from '../../shared/domain/document.ts';
import type { QadMessage, QadPostedDocument } from '../../shared/domain/qad.ts';
import { isQadError } from '../connectors/qad/errors.ts';
import {
  type Batch,
  type Db,
  type DocumentDetail,
  type WriteContext,
  StoreError,
  createIntent,
  currentMappingVersion,
  enqueueConfirmation,
  getBatchOfDocument,
  getBatchSummary,
  getDocument,
  getIntentForDocument,
  listIntents,
  markNotSent,
  markPosted,
  markRejected,
  markSending,
  markUncertain,
  recordValidation,
  setBatchState,
  setDocumentState,
} from '../store/index.ts';
import { stmt } from '../store/sql.ts';
import type { PostingGateway } from './gateway-port.ts';
import { PostingInputError, buildQadInput, payloadHash, qadKindOf } from './qad-inputs.ts';
import { type SyncRuntime, errorText, writeContext } from './runtime.ts';
import { CONFIRMATION_KINDS, type PostingConfirmationPayload } from './source-port.ts';

export interface PostTally {
  posted: number;
  rejected: number;
  uncertain: number;
  /** Certainly not in QAD this time (transient failure): posted again next cycle. */
  notSent: number;
  readonly errors: string[];
  /** Set when QAD's configuration or credentials are wrong: nothing more is sent this cycle. */
  stopped?: string;
}

export function emptyPostTally(): PostTally {
  return { posted: 0, rejected: 0, uncertain: 0, notSent: 0, errors: [] };
}

/** Documents of a batch that still have to be sent. */
const TO_SEND: readonly DocumentState[] = ['released', 'posting'];

/** Posts every released document of one source (or all sources). Resumable at any point. */
export async function postReleased(
  rt: SyncRuntime,
  gateway: PostingGateway,
  options: { readonly source?: Source; readonly signal?: AbortSignal } = {},
): Promise<PostTally> {
  const tally = emptyPostTally();
  await reconcileSending(rt, gateway, tally, options.source);
  for (const batchId of batchesToPost(rt.store.db, options.source)) {
    if (tally.stopped || options.signal?.aborted) break;
    await postBatch(rt, gateway, batchId, tally, options.signal);
  }
  return tally;
}

function batchesToPost(db: Db, source: Source | undefined): number[] {
  const rows = stmt(
    db,
    `SELECT DISTINCT b.id FROM batches b
       LEFT JOIN batch_documents bd ON bd.batch_id = b.id LEFT JOIN documents d ON d.id = bd.document_id
     WHERE (@source IS NULL OR b.source = @source)
       AND (b.state IN ('released', 'posting') OR (b.state = 'partially_failed' AND d.state IN ('released', 'posting')))
     ORDER BY b.id`,
  ).all({ source: source ?? null }) as { id: number }[];
  return rows.map((r) => r.id);
}

function memberIds(db: Db, batchId: number, states: readonly DocumentState[]): number[] {
  const rows = stmt(
    db,
    `SELECT d.id, d.state FROM batch_documents bd JOIN documents d ON d.id = bd.document_id
     WHERE bd.batch_id = ? ORDER BY d.id`,
  ).all(batchId) as { id: number; state: DocumentState }[];
  return rows.filter((r) => states.includes(r.state)).map((r) => r.id);
}

async function postBatch(
  rt: SyncRuntime,
  gateway: PostingGateway,
  batchId: number,
  tally: PostTally,
  signal: AbortSignal | undefined,
): Promise<void> {
  let batch: Batch;
  try {
    // Posting starts here: from now on the release cannot be undone (undoRelease refuses a posting batch).
    batch = setBatchState(rt.store.db, batchId, 'posting', writeContext(rt));
  } catch (error) {
    // A person undid the release between the listing and now: the batch is open again, nothing to send.
    if (error instanceof StoreError && error.code === 'conflict') return;
    throw error;
  }
  for (const id of memberIds(rt.store.db, batchId, TO_SEND)) {
    if (tally.stopped || signal?.aborted) return;
    await postDocument(rt, gateway, id, batch, tally);
  }
  finishBatch(rt, batchId);
}

/** posted when every member is in QAD; partially_failed when the rest wait for a person. */
export function finishBatch(rt: SyncRuntime, batchId: number): void {
  const states = (
    stmt(
      rt.store.db,
      'SELECT d.state FROM batch_documents bd JOIN documents d ON d.id = bd.document_id WHERE bd.batch_id = ?',
    ).all(batchId) as { state: DocumentState }[]
  ).map((r) => r.state);
  if (states.some((s) => TO_SEND.includes(s))) return;
  const batch = getBatchSummary(rt.store.db, batchId);
  if (!batch || (batch.state !== 'posting' && batch.state !== 'partially_failed')) return;
  const done = states.every((s) => s === 'posted' || s === 'confirmed');
  const to = done ? 'posted' : 'partially_failed';
  if (batch.state === to) return;
  setBatchState(
    rt.store.db,
    batchId,
    to,
    writeContext(rt),
    done
      ? undefined
      : `${states.filter((s) => s !== 'posted' && s !== 'confirmed').length} document(s) wait for a person`,
  );
}

async function postDocument(
  rt: SyncRuntime,
  gateway: PostingGateway,
  id: number,
  batch: Batch,
  tally: PostTally,
): Promise<void> {
  const detail = getDocument(rt.store.db, id);
  if (!detail || !TO_SEND.includes(detail.state)) return;
  const ref = externalReference(detail.source, detail.sourceId);
  const intent = getIntentForDocument(rt.store.db, id);
  if (intent?.state === 'posted') {
    // The intent says QAD has it but the document did not follow (cannot happen in one transaction; kept as
    // a repair so a hand-edited database still converges).
    finishPosted(rt, detail, ref, intent.qadDocumentId ?? 'unknown', batch.postingKind, false);
    tally.posted += 1;
    return;
  }
  if (intent?.state === 'sending') {
    const outcome = await reconcileOne(rt, gateway, detail, batch.postingKind, tally);
    if (outcome !== 'not_found') return;
  }
  if (intent?.state === 'uncertain') {
    setDocumentState(rt.store.db, id, 'uncertain', writeContext(rt), { reason: 'the post is uncertain' });
    return;
  }

  let posting;
  try {
    posting = buildQadInput(detail.document, batch.postingKind, rt.settings);
  } catch (error) {
    if (!(error instanceof PostingInputError)) throw error;
    toException(rt, detail, error.message, error.field);
    tally.errors.push(`${ref}: ${error.message}`);
    return;
  }
  const hash = payloadHash(posting);
  rt.store.tx((db) => {
    const ctx = writeContext(rt);
    createIntent(db, { documentId: id, payloadHash: hash, batchId: batch.id }, ctx);
    setDocumentState(db, id, 'posting', ctx, { from: TO_SEND });
  });
  markSending(rt.store.db, ref, writeContext(rt));

  let result;
  try {
    result =
      posting.kind === 'gl_journal'
        ? await gateway.createJournalEntry(posting.input)
        : await gateway.createSupplierInvoice(posting.input);
  } catch (error) {
    await afterFailure(rt, gateway, detail, batch.postingKind, error, tally);
    return;
  }
  if (result.outcome === 'posted') {
    finishPosted(
      rt,
      detail,
      ref,
      result.document.documentId,
      batch.postingKind,
      result.recovered,
      result.warnings,
    );
    tally.posted += 1;
  } else {
    holdUncertain(rt, detail, ref, result.message);
    tally.uncertain += 1;
  }
}

async function afterFailure(
  rt: SyncRuntime,
  gateway: PostingGateway,
  detail: DocumentDetail,
  postingKind: PostingKind,
  error: unknown,
  tally: PostTally,
): Promise<void> {
  const ref = externalReference(detail.source, detail.sourceId);
  if (isQadError(error) && error.kind === 'business') {
    const messages = (error as unknown as { messages?: readonly QadMessage[] }).messages ?? [];
    finishRejected(rt, detail, ref, error.message, messages);
    tally.rejected += 1;
    return;
  }
  if (isQadError(error) && (error.kind === 'config' || error.kind === 'auth')) {
    notSent(rt, detail, ref, error.message);
    tally.notSent += 1;
    tally.stopped = error.message;
    tally.errors.push(error.message);
    return;
  }
  if (isQadError(error) && error.outcome !== 'unknown') {
    // Certainly not in QAD (never left, or the gateway already checked by reference): send again next cycle.
    notSent(rt, detail, ref, error.message);
    tally.notSent += 1;
    tally.errors.push(`${ref}: ${error.message}`);
    return;
  }
  // Unclear: it may be in QAD. Look it up before anything else.
  const outcome = await reconcileOne(rt, gateway, detail, postingKind, tally, errorText(error));
  if (outcome === 'not_found') {
    tally.notSent += 1;
    tally.errors.push(`${ref}: ${errorText(error)}`);
  }
}

type ReconcileOutcome = 'posted' | 'not_found' | 'uncertain';

/**
 * Asks QAD whether it has the document (intent in `sending`, or after an unclear outcome). Found: posted.
 * Not found: back to `intent` (safe to send again). The look-up fails: uncertain, a person decides.
 */
async function reconcileOne(
  rt: SyncRuntime,
  gateway: PostingGateway,
  detail: DocumentDetail,
  postingKind: PostingKind,
  tally: PostTally,
  cause?: string,
): Promise<ReconcileOutcome> {
  const ref = externalReference(detail.source, detail.sourceId);
  let found: readonly QadPostedDocument[];
  try {
    found = await gateway.findByReference(qadKindOf(postingKind), ref);
  } catch (lookup) {
    holdUncertain(
      rt,
      detail,
      ref,
      `${cause ? `Sending ended unclearly (${cause}) and looking` : 'Looking'} it up by reference in QAD failed (${errorText(lookup)}). Check QAD for ${ref} before posting it again.`,
    );
    tally.uncertain += 1;
    return 'uncertain';
  }
  const first = found[0];
  if (first) {
    finishPosted(rt, detail, ref, first.documentId, postingKind, true);
    tally.posted += 1;
    return 'posted';
  }
  notSent(rt, detail, ref, cause ? `${cause}; not in QAD by reference` : 'not in QAD by reference');
  return 'not_found';
}

/** At the start of a cycle: every intent left in `sending` (a crash mid-write) is reconciled first. */
export async function reconcileSending(
  rt: SyncRuntime,
  gateway: PostingGateway,
  tally: PostTally,
  source?: Source,
): Promise<void> {
  for (const intent of listIntents(rt.store.db, ['sending'])) {
    const detail = getDocument(rt.store.db, intent.documentId);
    if (!detail || (source && detail.source !== source)) continue;
    const batch = getBatchOfDocument(rt.store.db, detail.id);
    const postingKind = batch?.postingKind ?? 'supplier_invoice';
    await reconcileOne(rt, gateway, detail, postingKind, tally, 'found in sending at start-up');
  }
}

function notSent(rt: SyncRuntime, detail: DocumentDetail, ref: string, error: string): void {
  rt.store.tx((db) => {
    const ctx = writeContext(rt);
    markNotSent(db, ref, error, ctx);
    if (detail.state !== 'uncertain') {
      setDocumentState(db, detail.id, 'released', ctx, { reason: 'not in QAD: sent again next cycle' });
    }
  });
}

function holdUncertain(rt: SyncRuntime, detail: DocumentDetail, ref: string, message: string): void {
  rt.store.tx((db) => {
    const ctx = writeContext(rt);
    markUncertain(db, ref, message, ctx);
    setDocumentState(db, detail.id, 'uncertain', ctx, { reason: message.slice(0, 500) });
  });
}

function confirmationPayload(
  detail: DocumentDetail,
  ref: string,
  ctx: WriteContext,
  extra: Partial<PostingConfirmationPayload>,
): PostingConfirmationPayload {
  return {
    source: detail.source,
    sourceId: detail.sourceId,
    externalRef: ref,
    outcome: 'posted',
    ...(detail.entity ? { entity: detail.entity } : {}),
    postedAt: ctx.at ?? new Date().toISOString(),
    ...extra,
  };
}

export function finishPosted(
  rt: SyncRuntime,
  detail: DocumentDetail,
  ref: string,
  qadDocumentId: string,
  postingKind: PostingKind,
  recovered: boolean,
  warnings: readonly QadMessage[] = [],
): void {
  const qadKind = qadKindOf(postingKind);
  rt.store.tx((db) => {
    const ctx = writeContext(rt);
    const intent = getIntentForDocument(db, detail.id);
    if (intent?.state !== 'posted') markPosted(db, ref, { qadDocumentId, qadKind }, ctx);
    setDocumentState(db, detail.id, 'posted', ctx, {
      reason: recovered
        ? `found in QAD by reference as ${qadDocumentId}`
        : `posted to QAD as ${qadDocumentId}`,
      detail: {
        qadDocumentId,
        recovered,
        ...(warnings.length > 0 ? { warnings: warnings.map((w) => w.message).slice(0, 10) } : {}),
      },
    });
    enqueueConfirmation(
      db,
      {
        documentId: detail.id,
        targetSystem: detail.source,
        kind: CONFIRMATION_KINDS.posted,
        payload: { ...confirmationPayload(detail, ref, ctx, { qadDocumentId, qadKind }) },
      },
      ctx,
    );
  });
}

function finishRejected(
  rt: SyncRuntime,
  detail: DocumentDetail,
  ref: string,
  message: string,
  messages: readonly QadMessage[],
): void {
  rt.store.tx((db) => {
    const ctx = writeContext(rt);
    markRejected(db, ref, message, ctx);
    const errors = messages.filter((m) => m.severity === 'error');
    const shown = errors.length > 0 ? errors : [{ message, severity: 'error' as const }];
    recordValidation(
      db,
      detail.id,
      {
        document: detail.document,
        state: 'rejected',
        exceptions: shown.slice(0, 20).map((m) => ({
          cause: 'qad_rejection' as const,
          message: `QAD refused it: ${m.message}`.slice(0, 2000),
          ...(m.field ? { field: m.field } : {}),
        })),
        mappingVersion: detail.mappingVersion ?? currentMappingVersion(db),
        expectState: ['posting'],
      },
      ctx,
    );
    enqueueConfirmation(
      db,
      {
        documentId: detail.id,
        targetSystem: detail.source,
        kind: CONFIRMATION_KINDS.failed,
        payload: {
          ...confirmationPayload(detail, ref, ctx, { outcome: 'rejected', message: message.slice(0, 1000) }),
        },
      },
      ctx,
    );
  });
}

/** A resolved document QAD inputs cannot be built from (should not happen after validation). */
function toException(rt: SyncRuntime, detail: DocumentDetail, message: string, field: string): void {
  const ctx = writeContext(rt);
  recordValidation(
    rt.store.db,
    detail.id,
    {
      document: detail.document,
      state: 'exception',
      exceptions: [{ cause: 'invalid_document', message, field }],
      mappingVersion: detail.mappingVersion ?? currentMappingVersion(rt.store.db),
      expectState: TO_SEND,
    },
    ctx,
  );
}
