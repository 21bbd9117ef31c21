// Never post twice (ARCHITECTURE.md, reliability.md A3/B2): an intent row with the deterministic external
// reference commits before any remote write; `sending` commits right before the write, so after a crash
// or an unclear outcome everything found in `sending` is reconciled by reference before being re-posted.
// The ledger links each source document to the QAD document that holds it.
import { z } from 'zod';
import { type Source, externalReference } from '../../../shared/domain/document.ts';
import { StoreError } from '../errors.ts';
import { type IntentRow, type LedgerRow, rowToIntent, rowToLedger } from '../rows.ts';
import {
  type Db,
  type ResolvedContext,
  type WriteContext,
  notFound,
  parse,
  resolveContext,
  stmt,
  writeTx,
} from '../sql.ts';
import { INTENT_STATES, type IntentState, type LedgerEntry, type PostingIntent } from '../types.ts';
import { auditChange } from './audit.ts';
import { documentSubjectId } from './documents.ts';

/**
 * intent -> sending before the write. From sending: posted (QAD has it), uncertain (the look-up failed: a
 * person decides), rejected (business refusal), or back to intent (certainly not delivered, or a negative
 * look-up). A person resolves uncertain the same ways. rejected is re-armed by createIntent once fixed.
 */
const TRANSITIONS: Readonly<Record<IntentState, readonly IntentState[]>> = {
  intent: ['sending'],
  sending: ['posted', 'uncertain', 'rejected', 'intent'],
  uncertain: ['posted', 'rejected', 'intent'],
  rejected: [],
  posted: [],
};

const hashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'payloadHash must be a sha256 hex digest');

interface DocRow {
  id: number;
  source: Source;
  source_id: string;
}

function requireDocument(db: Db, documentId: number): DocRow {
  const doc = stmt(db, 'SELECT id, source, source_id FROM documents WHERE id = ?').get(documentId) as
    DocRow | undefined;
  if (!doc) throw notFound('document', documentId);
  return doc;
}

export interface IntentInput {
  readonly documentId: number;
  /** sha256 of the payload that will be sent, so a replay can tell whether it would send the same thing. */
  readonly payloadHash: string;
  readonly batchId?: number;
}

/**
 * Stores the intent to post a document. Repeating it while nothing was sent updates the payload hash;
 * a rejected intent is re-armed. Refused while a post may be in flight or has happened.
 */
export function createIntent(
  db: Db,
  input: IntentInput,
  ctx: WriteContext,
): { readonly intent: PostingIntent; readonly created: boolean } {
  const payloadHash = parse(hashSchema, input.payloadHash);
  const c = resolveContext(ctx);
  return writeTx(db, () => {
    const doc = requireDocument(db, input.documentId);
    const externalRef = externalReference(doc.source, doc.source_id);
    const subject = { type: 'document', id: documentSubjectId(doc.source, doc.source_id) };
    const existing = stmt(db, 'SELECT * FROM posting_intents WHERE document_id = ?').get(doc.id) as
      IntentRow | undefined;
    const batchId = input.batchId ?? null;
    if (!existing) {
      stmt(
        db,
        `INSERT INTO posting_intents (external_ref, document_id, batch_id, payload_hash, state, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'intent', ?, ?)`,
      ).run(externalRef, doc.id, batchId, payloadHash, c.at, c.at);
      auditChange(db, c, 'posting.intent_created', subject, {
        documentId: doc.id,
        externalRef,
        payloadHash,
        batchId,
      });
      return { intent: requireIntent(db, externalRef), created: true };
    }
    if (existing.state !== 'intent' && existing.state !== 'rejected') {
      throw new StoreError(
        'conflict',
        `${externalRef} is ${existing.state}: it may already be in QAD, so reconcile by reference before posting again`,
      );
    }
    if (
      existing.state === 'intent' &&
      existing.payload_hash === payloadHash &&
      existing.batch_id === batchId
    ) {
      return { intent: rowToIntent(existing), created: false };
    }
    stmt(
      db,
      `UPDATE posting_intents SET state = 'intent', payload_hash = ?, batch_id = ?, qad_document_id = NULL, updated_at = ?
       WHERE id = ?`,
    ).run(payloadHash, batchId, c.at, existing.id);
    auditChange(
      db,
      c,
      existing.state === 'rejected' ? 'posting.intent_rearmed' : 'posting.intent_updated',
      subject,
      {
        documentId: doc.id,
        externalRef,
        payloadHash,
        previousPayloadHash: existing.payload_hash,
        batchId,
      },
    );
    return { intent: requireIntent(db, externalRef), created: false };
  });
}

function requireIntent(db: Db, externalRef: string): PostingIntent {
  const intent = getIntent(db, externalRef);
  if (!intent) throw notFound('posting intent', externalRef);
  return intent;
}

function transition(
  db: Db,
  externalRef: string,
  to: IntentState,
  c: ResolvedContext,
  change: { readonly error?: string; readonly qadDocumentId?: string; readonly countAttempt?: boolean },
  after?: (row: IntentRow) => void,
): PostingIntent {
  return writeTx(db, () => {
    const row = stmt(db, 'SELECT * FROM posting_intents WHERE external_ref = ?').get(externalRef) as
      IntentRow | undefined;
    if (!row) throw notFound('posting intent', externalRef);
    const from = row.state as IntentState;
    if (!TRANSITIONS[from].includes(to)) {
      throw new StoreError('conflict', `${externalRef} cannot go from ${from} to ${to}`);
    }
    stmt(
      db,
      `UPDATE posting_intents SET state = @to, attempts = attempts + @attempt, updated_at = @at,
         last_error = coalesce(@error, last_error), qad_document_id = coalesce(@qadDocumentId, qad_document_id)
       WHERE id = @id`,
    ).run({
      to,
      attempt: change.countAttempt ? 1 : 0,
      at: c.at,
      error: change.error ?? null,
      qadDocumentId: change.qadDocumentId ?? null,
      id: row.id,
    });
    after?.(row);
    const doc = requireDocument(db, row.document_id);
    auditChange(
      db,
      c,
      `posting.${to}`,
      { type: 'document', id: documentSubjectId(doc.source, doc.source_id) },
      {
        documentId: row.document_id,
        externalRef,
        from,
        to,
        attempt: row.attempts + (change.countAttempt ? 1 : 0),
        ...(change.error === undefined ? {} : { error: change.error }),
        ...(change.qadDocumentId === undefined ? {} : { qadDocumentId: change.qadDocumentId }),
      },
    );
    return requireIntent(db, externalRef);
  });
}

const errorSchema = z.string().trim().min(1, 'error is required').max(2000);

/** Commit this immediately before the remote write: it is what tells a restart to reconcile first. */
export function markSending(db: Db, externalRef: string, ctx: WriteContext): PostingIntent {
  return transition(db, externalRef, 'sending', resolveContext(ctx), { countAttempt: true });
}

export interface PostedInput {
  readonly qadDocumentId: string;
  /** e.g. 'supplier_invoice', 'gl_journal'. */
  readonly qadKind: string;
}

/**
 * QAD has the document (read back after the write, or found by reference): the intent becomes posted and
 * the ledger row is written in the same transaction. The caller moves the document to `posted` and
 * enqueues its confirmation in the same `store.tx`.
 */
export function markPosted(
  db: Db,
  externalRef: string,
  input: PostedInput,
  ctx: WriteContext,
): PostingIntent {
  const posted = parse(
    z.object({ qadDocumentId: z.string().trim().min(1).max(200), qadKind: z.string().trim().min(1).max(80) }),
    input,
  );
  const c = resolveContext(ctx);
  return transition(db, externalRef, 'posted', c, { qadDocumentId: posted.qadDocumentId }, (row) => {
    const doc = requireDocument(db, row.document_id);
    const existing = getLedgerEntry(db, doc.source, doc.source_id);
    if (existing && existing.qadDocumentId !== posted.qadDocumentId) {
      throw new StoreError(
        'conflict',
        `${externalRef} is already in the ledger as QAD document ${existing.qadDocumentId}, not ${posted.qadDocumentId}`,
      );
    }
    if (!existing) {
      stmt(
        db,
        `INSERT INTO ledger (source, source_id, document_id, external_ref, qad_document_id, qad_kind, posted_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(doc.source, doc.source_id, doc.id, externalRef, posted.qadDocumentId, posted.qadKind, c.at);
    }
  });
}

/** The outcome is unclear and the look-up by reference failed: hold it for a person. */
export function markUncertain(db: Db, externalRef: string, error: string, ctx: WriteContext): PostingIntent {
  return transition(db, externalRef, 'uncertain', resolveContext(ctx), { error: parse(errorSchema, error) });
}

/** QAD refused the document for a business reason. */
export function markRejected(db: Db, externalRef: string, error: string, ctx: WriteContext): PostingIntent {
  return transition(db, externalRef, 'rejected', resolveContext(ctx), { error: parse(errorSchema, error) });
}

/** Certainly not in QAD (the request never left, or the look-up by reference came back empty). */
export function markNotSent(db: Db, externalRef: string, error: string, ctx: WriteContext): PostingIntent {
  return transition(db, externalRef, 'intent', resolveContext(ctx), { error: parse(errorSchema, error) });
}

export function getIntent(db: Db, externalRef: string): PostingIntent | undefined {
  const row = stmt(db, 'SELECT * FROM posting_intents WHERE external_ref = ?').get(externalRef) as
    IntentRow | undefined;
  return row && rowToIntent(row);
}

export function getIntentForDocument(db: Db, documentId: number): PostingIntent | undefined {
  const row = stmt(db, 'SELECT * FROM posting_intents WHERE document_id = ?').get(documentId) as
    IntentRow | undefined;
  return row && rowToIntent(row);
}

/** E.g. every `sending` intent at start-up, to reconcile by reference before anything else. */
export function listIntents(
  db: Db,
  states: readonly IntentState[] = INTENT_STATES,
): readonly PostingIntent[] {
  const wanted = parse(z.array(z.enum(INTENT_STATES)), states);
  const rows = stmt(
    db,
    'SELECT * FROM posting_intents WHERE state IN (SELECT value FROM json_each(?)) ORDER BY id',
  ).all(JSON.stringify(wanted)) as IntentRow[];
  return rows.map(rowToIntent);
}

export function getLedgerEntry(db: Db, source: Source, sourceId: string): LedgerEntry | undefined {
  const row = stmt(db, 'SELECT * FROM ledger WHERE source = ? AND source_id = ?').get(source, sourceId) as
    LedgerRow | undefined;
  return row && rowToLedger(row);
}

export function findLedgerByQadDocument(db: Db, qadDocumentId: string): readonly LedgerEntry[] {
  const rows = stmt(db, 'SELECT * FROM ledger WHERE qad_document_id = ? ORDER BY posted_at').all(
    qadDocumentId,
  ) as LedgerRow[];
  return rows.map(rowToLedger);
}
