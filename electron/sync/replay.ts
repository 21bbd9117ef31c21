// Replay and retry, a person's tools for a document that stopped on its road. Replay starts again from the
// stored raw payload (map, resolve, validate) and, for a rejected document, releases it again into its
// batch. An uncertain post is never sent again on a guess: `reconcile` looks the reference up in QAD, and
// `post-again` is allowed only after a look-up came back empty. Every step leaves an audit event beside
// the original attempt, so the trail shows both.
import type { DocumentState } from '../../shared/domain/document.ts';
import { externalReference } from '../../shared/domain/document.ts';
import {
  type DocumentDetail,
  StoreError,
  appendAudit,
  documentSubjectId,
  getBatchOfDocument,
  getDocument,
  getIntentForDocument,
  listConfirmations,
  markNotSent,
  retryConfirmation,
  setBatchState,
  setDocumentState,
} from '../store/index.ts';
import type { PostingGateway } from './gateway-port.ts';
import { finishBatch, finishPosted } from './post.ts';
import { qadKindOf } from './qad-inputs.ts';
import { type SyncRuntime, errorText, writeContext } from './runtime.ts';
import { validateDocument } from './validate.ts';

export type UncertainDecision = 'reconcile' | 'post-again';

export interface ReplayOutcome {
  readonly documentId: number;
  readonly from: DocumentState;
  readonly state: DocumentState;
  readonly message: string;
}

const REPLAYABLE: readonly DocumentState[] = ['staged', 'exception', 'awaiting_receipt', 'rejected'];

function requireDocument(rt: SyncRuntime, id: number): DocumentDetail {
  const detail = getDocument(rt.store.db, id);
  if (!detail) throw new StoreError('not_found', `document ${id} does not exist`, 'documentId');
  return detail;
}

function audit(
  rt: SyncRuntime,
  detail: DocumentDetail,
  actor: string,
  action: string,
  extra: Record<string, unknown>,
) {
  appendAudit(rt.store.db, {
    actor,
    at: writeContext(rt).at,
    action,
    subjectType: 'document',
    subjectId: documentSubjectId(detail.source, detail.sourceId),
    detail: { documentId: detail.id, from: detail.state, ...extra },
  });
}

/** Maps the stored raw payload again and re-validates (exception, awaiting_receipt, rejected, staged). */
export function replayDocument(rt: SyncRuntime, id: number, actor: string): ReplayOutcome {
  const detail = requireDocument(rt, id);
  if (!REPLAYABLE.includes(detail.state)) {
    throw new StoreError(
      'conflict',
      detail.state === 'uncertain'
        ? `document ${detail.sourceId} is uncertain: use retry with a decision (reconcile, or post-again after a negative look-up)`
        : `document ${detail.sourceId} is ${detail.state}: only a document in ${REPLAYABLE.join(', ')} can be replayed`,
      'documentId',
    );
  }
  audit(rt, detail, actor, 'document.replay_requested', {
    mappingVersion: detail.mappingVersion ?? null,
    exceptions: detail.exceptions.map((e) => ({ cause: e.cause, field: e.field, value: e.value })),
  });
  const result = validateDocument(rt, id, { actor, allowFrom: REPLAYABLE });
  const after = requireDocument(rt, id);
  return {
    documentId: id,
    from: detail.state,
    state: after.state,
    message: result?.changed
      ? `Replayed from the stored payload: now ${after.state}.`
      : `Replayed from the stored payload: still ${after.state}${after.exceptions[0] ? ` (${after.exceptions[0].message})` : ''}.`,
  };
}

/**
 * Retries the failed remote step without re-mapping: a failed confirmation is sent again; an uncertain post
 * is reconciled or (after a negative look-up) released to be sent again; anything else is replayed.
 */
export async function retryDocument(
  rt: SyncRuntime,
  id: number,
  actor: string,
  options: { readonly decision?: UncertainDecision; readonly gateway?: PostingGateway } = {},
): Promise<ReplayOutcome> {
  const detail = requireDocument(rt, id);
  if (detail.state === 'uncertain') {
    return resolveUncertain(rt, detail, actor, options.decision ?? 'reconcile', options.gateway);
  }
  if (detail.state === 'released' || detail.state === 'posting') {
    return {
      documentId: id,
      from: detail.state,
      state: detail.state,
      message: `${externalReference(detail.source, detail.sourceId)} is not in QAD yet and is sent again in the next cycle.`,
    };
  }
  const failed = listConfirmations(rt.store.db, { documentId: id, state: 'failed' }).items;
  if (failed.length > 0) {
    for (const item of failed) retryConfirmation(rt.store.db, item.id, writeContext(rt, actor));
    return {
      documentId: id,
      from: detail.state,
      state: detail.state,
      message: `${failed.length} confirmation(s) to ${detail.source} will be sent again in the next cycle.`,
    };
  }
  return replayDocument(rt, id, actor);
}

async function resolveUncertain(
  rt: SyncRuntime,
  detail: DocumentDetail,
  actor: string,
  decision: UncertainDecision,
  gateway: PostingGateway | undefined,
): Promise<ReplayOutcome> {
  const ref = externalReference(detail.source, detail.sourceId);
  const intent = getIntentForDocument(rt.store.db, detail.id);
  const batch = getBatchOfDocument(rt.store.db, detail.id);
  const postingKind = batch?.postingKind ?? 'supplier_invoice';
  if (decision === 'post-again') {
    if (intent?.state !== 'intent') {
      throw new StoreError(
        'conflict',
        `${ref} may already be in QAD: reconcile it first; post-again is allowed only after a look-up found nothing`,
        'decision',
      );
    }
    audit(rt, detail, actor, 'document.post_again', {
      externalRef: ref,
      lastError: intent.lastError ?? null,
    });
    rt.store.tx((db) => {
      const ctx = writeContext(rt, actor);
      setDocumentState(db, detail.id, 'released', ctx, {
        from: 'uncertain',
        reason: 'post again after a negative look-up',
      });
      if (batch?.state === 'partially_failed') setBatchState(db, batch.id, 'posting', ctx, 'post again');
    });
    return {
      documentId: detail.id,
      from: 'uncertain',
      state: 'released',
      message: `${ref} will be posted in the next cycle.`,
    };
  }
  if (!gateway)
    throw new StoreError(
      'invalid_argument',
      'QAD is not set up, so the reference cannot be looked up',
      'decision',
    );
  audit(rt, detail, actor, 'document.reconcile_requested', { externalRef: ref });
  let found;
  try {
    found = await gateway.findByReference(qadKindOf(postingKind), ref);
  } catch (error) {
    return {
      documentId: detail.id,
      from: 'uncertain',
      state: 'uncertain',
      message: `Looking ${ref} up in QAD failed again (${errorText(error)}); it stays held.`,
    };
  }
  const first = found[0];
  if (first) {
    finishPosted(rt, detail, ref, first.documentId, postingKind, true);
    if (batch) finishBatch(rt, batch.id);
    return {
      documentId: detail.id,
      from: 'uncertain',
      state: 'posted',
      message: `${ref} is in QAD as ${first.documentId}: recorded as posted; the confirmation goes out next cycle.`,
    };
  }
  if (intent?.state === 'uncertain') {
    markNotSent(rt.store.db, ref, `not in QAD by reference (looked up by ${actor})`, writeContext(rt, actor));
  }
  return {
    documentId: detail.id,
    from: 'uncertain',
    state: 'uncertain',
    message: `${ref} is not in QAD. Choose post-again to send it.`,
  };
}
