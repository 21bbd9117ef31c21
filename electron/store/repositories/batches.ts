// Batches: ready documents grouped per (source, entity, currency, document kind, posting kind), released
// by a person, then posted. A release can be undone until posting starts.
import { z } from 'zod';
import {
  type DocumentState,
  POSTING_KINDS,
  type PostingKind,
  type Source,
  SOURCES,
} from '../../../shared/domain/document.ts';
import { StoreError } from '../errors.ts';
import { type BatchRow, type DocumentSummaryRow, rowToBatch, rowToDocumentSummary } from '../rows.ts';
import {
  type Db,
  type Page,
  type ResolvedContext,
  type WriteContext,
  notFound,
  pageSchema,
  parse,
  resolveContext,
  stmt,
  writeTx,
} from '../sql.ts';
import { BATCH_STATES, type Batch, type BatchDetail, type BatchState } from '../types.ts';
import { auditChange } from './audit.ts';
import { documentSubjectId } from './documents.ts';

const BATCH_SELECT = `
  SELECT b.*, count(bd.document_id) AS document_count, coalesce(sum(d.total_minor), 0) AS total_minor
  FROM batches b
  LEFT JOIN batch_documents bd ON bd.batch_id = b.id
  LEFT JOIN documents d ON d.id = bd.document_id`;

/** Moves setBatchState allows; open <-> released goes only through releaseBatch / undoRelease. */
const TRANSITIONS: Readonly<Record<BatchState, readonly BatchState[]>> = {
  open: [],
  released: ['posting'],
  posting: ['posted', 'partially_failed'],
  partially_failed: ['posting', 'posted'],
  posted: [],
};

interface MemberRow {
  id: number;
  source: Source;
  source_id: string;
  state: DocumentState;
  entity: string;
  currency: string;
  kind: string;
  batch_id: number | null;
}

function requireBatch(db: Db, id: number): Batch {
  const batch = getBatchSummary(db, id);
  if (!batch) throw notFound('batch', id);
  return batch;
}

function subject(id: number) {
  return { type: 'batch', id };
}

/**
 * Puts a ready document into the open batch for its key, opening one if needed. Adding a document that is
 * already in that open batch changes nothing.
 */
export function addToOpenBatch(
  db: Db,
  documentId: number,
  postingKind: PostingKind,
  ctx: WriteContext,
): Batch {
  const kind = parse(z.enum(POSTING_KINDS), postingKind);
  const c = resolveContext(ctx);
  return writeTx(db, () => {
    const doc = stmt(
      db,
      `SELECT d.id, d.source, d.source_id, d.state, d.entity, d.currency, d.kind, bd.batch_id
       FROM documents d LEFT JOIN batch_documents bd ON bd.document_id = d.id WHERE d.id = ?`,
    ).get(documentId) as MemberRow | undefined;
    if (!doc) throw notFound('document', documentId);
    const name = documentSubjectId(doc.source, doc.source_id);
    if (doc.batch_id !== null) {
      const current = requireBatch(db, doc.batch_id);
      if (current.state === 'open' && current.postingKind === kind) return current;
      throw new StoreError(
        'conflict',
        `document ${name} is already in batch ${current.id} (${current.state})`,
      );
    }
    if (doc.state !== 'ready')
      throw new StoreError('conflict', `document ${name} is ${doc.state}, not ready`);
    if (!doc.entity) throw new StoreError('conflict', `document ${name} has no resolved QAD entity`);
    const key = {
      source: doc.source,
      entity: doc.entity,
      currency: doc.currency,
      documentKind: doc.kind,
      postingKind: kind,
    };
    let open = stmt(
      db,
      `SELECT id FROM batches WHERE state = 'open' AND source = @source AND entity = @entity
         AND currency = @currency AND document_kind = @documentKind AND posting_kind = @postingKind`,
    ).get(key) as { id: number } | undefined;
    if (!open) {
      open = stmt(
        db,
        `INSERT INTO batches (source, entity, currency, document_kind, posting_kind, state, created_at, updated_at)
         VALUES (@source, @entity, @currency, @documentKind, @postingKind, 'open', @at, @at) RETURNING id`,
      ).get({ ...key, at: c.at }) as { id: number };
      auditChange(db, c, 'batch.opened', subject(open.id), key);
    }
    stmt(db, 'INSERT INTO batch_documents (batch_id, document_id, added_at) VALUES (?, ?, ?)').run(
      open.id,
      documentId,
      c.at,
    );
    stmt(db, 'UPDATE batches SET updated_at = ? WHERE id = ?').run(c.at, open.id);
    auditChange(db, c, 'batch.document_added', subject(open.id), { documentId, document: name });
    return requireBatch(db, open.id);
  });
}

/** Takes a document out of its batch while that batch is still open (e.g. it went back to exception). */
export function removeFromBatch(db: Db, documentId: number, ctx: WriteContext): void {
  const c = resolveContext(ctx);
  writeTx(db, () => {
    const row = stmt(
      db,
      `SELECT bd.batch_id, b.state, d.source, d.source_id FROM batch_documents bd
       JOIN batches b ON b.id = bd.batch_id JOIN documents d ON d.id = bd.document_id WHERE bd.document_id = ?`,
    ).get(documentId) as
      { batch_id: number; state: BatchState; source: Source; source_id: string } | undefined;
    if (!row) return;
    if (row.state !== 'open') {
      throw new StoreError(
        'conflict',
        `batch ${row.batch_id} is ${row.state}: documents can leave only an open batch`,
      );
    }
    stmt(db, 'DELETE FROM batch_documents WHERE document_id = ?').run(documentId);
    stmt(db, 'UPDATE batches SET updated_at = ? WHERE id = ?').run(c.at, row.batch_id);
    auditChange(db, c, 'batch.document_removed', subject(row.batch_id), {
      documentId,
      document: documentSubjectId(row.source, row.source_id),
    });
  });
}

/**
 * A person releases an open batch for posting. Every document must still be ready (validation may have
 * sent one back to exception since it joined); they all become released in the same transaction.
 */
export function releaseBatch(db: Db, id: number, ctx: WriteContext): Batch {
  const c = resolveContext(ctx);
  return writeTx(db, () => {
    const batch = requireBatch(db, id);
    if (batch.state !== 'open') throw new StoreError('conflict', `batch ${id} is ${batch.state}, not open`);
    if (batch.documentCount === 0) throw new StoreError('conflict', `batch ${id} has no documents`);
    const notReady = members(db, id).filter((m) => m.state !== 'ready');
    if (notReady.length > 0) {
      const names = notReady
        .map((m) => `${documentSubjectId(m.source, m.source_id)} (${m.state})`)
        .join(', ');
      throw new StoreError('conflict', `batch ${id} has documents that are not ready: ${names}`);
    }
    stmt(
      db,
      `UPDATE batches SET state = 'released', released_by = ?, released_at = ?, updated_at = ? WHERE id = ?`,
    ).run(c.actor, c.at, c.at, id);
    moveMembers(db, id, 'ready', 'released', c);
    auditChange(db, c, 'batch.released', subject(id), {
      documentCount: batch.documentCount,
      totalMinor: batch.totalMinor,
      currency: batch.currency,
    });
    return requireBatch(db, id);
  });
}

/**
 * Takes a release back while nothing has been sent: the batch is still `released` (the engine moves it to
 * `posting` before its first remote write) and no document of it has an intent past `intent`/`rejected`.
 */
export function undoRelease(db: Db, id: number, ctx: WriteContext): Batch {
  const c = resolveContext(ctx);
  return writeTx(db, () => {
    const batch = requireBatch(db, id);
    if (batch.state !== 'released') {
      throw new StoreError(
        'conflict',
        `batch ${id} is ${batch.state}: only a released batch not yet posting can be undone`,
      );
    }
    const sent = stmt(
      db,
      `SELECT count(*) AS n FROM posting_intents p JOIN batch_documents bd ON bd.document_id = p.document_id
       WHERE bd.batch_id = ? AND p.state NOT IN ('intent', 'rejected')`,
    ).get(id) as { n: number };
    if (sent.n > 0) throw new StoreError('conflict', `batch ${id} has documents already sent to QAD`);
    stmt(
      db,
      `UPDATE batches SET state = 'open', released_by = NULL, released_at = NULL, updated_at = ? WHERE id = ?`,
    ).run(c.at, id);
    moveMembers(db, id, 'released', 'ready', c);
    auditChange(db, c, 'batch.release_undone', subject(id), {
      releasedBy: batch.releasedBy,
      releasedAt: batch.releasedAt,
    });
    return requireBatch(db, id);
  });
}

function members(db: Db, batchId: number): MemberRow[] {
  return stmt(
    db,
    `SELECT d.id, d.source, d.source_id, d.state, d.entity, d.currency, d.kind, bd.batch_id
     FROM batch_documents bd JOIN documents d ON d.id = bd.document_id WHERE bd.batch_id = ? ORDER BY d.id`,
  ).all(batchId) as MemberRow[];
}

/** Member documents change state with the batch; each gets its own audit event so its history is whole. */
function moveMembers(
  db: Db,
  batchId: number,
  from: DocumentState,
  to: DocumentState,
  c: ResolvedContext,
): void {
  const update = stmt(
    db,
    'UPDATE documents SET state = ?, updated_at = ?, state_changed_at = ? WHERE id = ?',
  );
  for (const m of members(db, batchId)) {
    if (m.state !== from) continue;
    update.run(to, c.at, c.at, m.id);
    auditChange(
      db,
      c,
      'document.state_changed',
      { type: 'document', id: documentSubjectId(m.source, m.source_id) },
      {
        documentId: m.id,
        from,
        to,
        batchId,
      },
    );
  }
}

/** The posting steps: released -> posting -> posted | partially_failed (-> posting again on retry). */
export function setBatchState(db: Db, id: number, to: BatchState, ctx: WriteContext, reason?: string): Batch {
  const state = parse(z.enum(BATCH_STATES), to);
  const c = resolveContext(ctx);
  return writeTx(db, () => {
    const batch = requireBatch(db, id);
    if (batch.state === state) return batch;
    if (!TRANSITIONS[batch.state].includes(state)) {
      throw new StoreError('conflict', `batch ${id} cannot go from ${batch.state} to ${state}`);
    }
    stmt(db, 'UPDATE batches SET state = ?, updated_at = ? WHERE id = ?').run(state, c.at, id);
    auditChange(db, c, 'batch.state_changed', subject(id), {
      from: batch.state,
      to: state,
      ...(reason === undefined ? {} : { reason }),
    });
    return requireBatch(db, id);
  });
}

export function getBatchSummary(db: Db, id: number): Batch | undefined {
  const row = stmt(db, `${BATCH_SELECT} WHERE b.id = ? GROUP BY b.id`).get(id) as BatchRow | undefined;
  return row && rowToBatch(row);
}

export function getBatch(db: Db, id: number): BatchDetail | undefined {
  const batch = getBatchSummary(db, id);
  if (!batch) return undefined;
  const rows = stmt(
    db,
    `SELECT d.id, d.source, d.source_id, d.kind, d.state, d.entity, d.supplier, d.payee_code, d.payee_name,
            d.currency, d.total_minor, d.document_date, d.staged_at, d.updated_at, l.qad_document_id,
            (SELECT count(*) FROM document_exceptions e WHERE e.document_id = d.id) AS exception_count
     FROM batch_documents bd JOIN documents d ON d.id = bd.document_id
     LEFT JOIN ledger l ON l.source = d.source AND l.source_id = d.source_id
     WHERE bd.batch_id = ? ORDER BY d.id`,
  ).all(id) as DocumentSummaryRow[];
  return { ...batch, documents: rows.map(rowToDocumentSummary) };
}

export function getBatchOfDocument(db: Db, documentId: number): Batch | undefined {
  const row = stmt(db, 'SELECT batch_id FROM batch_documents WHERE document_id = ?').get(documentId) as
    { batch_id: number } | undefined;
  return row && getBatchSummary(db, row.batch_id);
}

export interface BatchFilter extends Page {
  readonly state?: BatchState;
  readonly source?: Source;
  readonly entity?: string;
}

const batchFilterSchema = z.object({
  state: z.enum(BATCH_STATES).optional(),
  source: z.enum(SOURCES).optional(),
  entity: z.string().max(40).optional(),
  ...pageSchema,
});

/** Newest first. */
export function listBatches(
  db: Db,
  filter: BatchFilter = {},
): { readonly batches: readonly Batch[]; readonly total: number } {
  const f = parse(batchFilterSchema, filter);
  const params = { state: f.state ?? null, source: f.source ?? null, entity: f.entity ?? null };
  const where = `WHERE (@state IS NULL OR b.state = @state) AND (@source IS NULL OR b.source = @source)
    AND (@entity IS NULL OR b.entity = @entity)`;
  const total = (stmt(db, `SELECT count(*) AS n FROM batches b ${where}`).get(params) as { n: number }).n;
  const rows = stmt(
    db,
    `${BATCH_SELECT} ${where} GROUP BY b.id ORDER BY b.id DESC LIMIT @limit OFFSET @offset`,
  ).all({
    ...params,
    limit: f.limit,
    offset: f.offset,
  }) as BatchRow[];
  return { batches: rows.map(rowToBatch), total };
}
