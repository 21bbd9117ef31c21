// Confirmations back to Concur and Expensify are an outbox (reliability.md B3): enqueued in the same
// transaction that records the posting, delivered by a relay, marked done only after the source accepted.
// Delivery is at-least-once; the sources treat repeats as success (Concur 101/113/213).
import { z } from 'zod';
import { SOURCES } from '../../../shared/domain/document.ts';
import { StoreError } from '../errors.ts';
import { type OutboxRow, rowToOutbox } from '../rows.ts';
import {
  type Db,
  type Page,
  type WriteContext,
  isoTimestamp,
  notFound,
  pageSchema,
  parse,
  resolveContext,
  stmt,
  writeTx,
} from '../sql.ts';
import { OUTBOX_STATES, type OutboxItem, type OutboxState } from '../types.ts';
import { auditChange } from './audit.ts';

const enqueueSchema = z.object({
  documentId: z.number().int().positive(),
  targetSystem: z.enum(SOURCES),
  kind: z.string().trim().min(1).max(80),
  payload: z.record(z.string(), z.unknown()),
  notBefore: isoTimestamp.optional(),
});

export interface EnqueueInput {
  readonly documentId: number;
  readonly targetSystem: (typeof SOURCES)[number];
  /** e.g. 'posting_confirmation', 'mark_exported'. One item per (document, target, kind). */
  readonly kind: string;
  /** Already redacted: no credentials (the relay adds them when it sends). */
  readonly payload: Readonly<Record<string, unknown>>;
  readonly notBefore?: string;
}

/** Idempotent per (document, target system, kind): enqueuing again returns the existing item unchanged. */
export function enqueueConfirmation(
  db: Db,
  input: EnqueueInput,
  ctx: WriteContext,
): { readonly item: OutboxItem; readonly created: boolean } {
  const item = parse(enqueueSchema, input);
  const c = resolveContext(ctx);
  return writeTx(db, () => {
    const inserted = stmt(
      db,
      `INSERT INTO confirmation_outbox (document_id, target_system, kind, payload_json, state, next_attempt_at,
         created_at, updated_at)
       VALUES (?, ?, ?, ?, 'pending', ?, ?, ?)
       ON CONFLICT (document_id, target_system, kind) DO NOTHING RETURNING id`,
    ).get(
      item.documentId,
      item.targetSystem,
      item.kind,
      JSON.stringify(item.payload),
      item.notBefore ?? c.at,
      c.at,
      c.at,
    ) as { id: number } | undefined;
    if (!inserted) {
      const existing = stmt(
        db,
        'SELECT * FROM confirmation_outbox WHERE document_id = ? AND target_system = ? AND kind = ?',
      ).get(item.documentId, item.targetSystem, item.kind) as OutboxRow;
      return { item: rowToOutbox(existing), created: false };
    }
    auditChange(
      db,
      c,
      'confirmation.enqueued',
      { type: 'confirmation', id: inserted.id },
      {
        documentId: item.documentId,
        targetSystem: item.targetSystem,
        kind: item.kind,
      },
    );
    return { item: requireItem(db, inserted.id), created: true };
  });
}

export interface ClaimOptions {
  /** Default: the wall clock. */
  readonly now?: string;
  readonly limit?: number;
  /** How long a claimed item stays invisible to other claims; if the relay dies it becomes due again. */
  readonly leaseMs?: number;
}

/**
 * Claims the due pending items, oldest due first, counting an attempt and leasing them by pushing
 * next_attempt_at forward. Not audited: a claim is a lease, not a change of state; the outcome is.
 */
export function claimDueConfirmations(db: Db, options: ClaimOptions = {}): readonly OutboxItem[] {
  const o = parse(
    z.object({
      now: isoTimestamp.optional(),
      limit: z.number().int().min(1).max(1000).default(50),
      leaseMs: z
        .number()
        .int()
        .min(1000)
        .default(5 * 60_000),
    }),
    options,
  );
  const now = o.now ?? new Date().toISOString();
  const leaseUntil = new Date(Date.parse(now) + o.leaseMs).toISOString();
  return writeTx(db, () => {
    const rows = stmt(
      db,
      `UPDATE confirmation_outbox SET attempts = attempts + 1, next_attempt_at = @leaseUntil, updated_at = @now
       WHERE id IN (SELECT id FROM confirmation_outbox WHERE state = 'pending' AND next_attempt_at <= @now
                    ORDER BY next_attempt_at, id LIMIT @limit)
       RETURNING *`,
    ).all({ now, leaseUntil, limit: o.limit }) as OutboxRow[];
    return rows.map(rowToOutbox).sort((a, b) => a.id - b.id);
  });
}

/** The source accepted the confirmation (or answered "already confirmed"). */
export function completeConfirmation(db: Db, id: number, ctx: WriteContext): OutboxItem {
  const c = resolveContext(ctx);
  return writeTx(db, () => {
    const item = requireItem(db, id);
    if (item.state === 'done') return item;
    stmt(db, `UPDATE confirmation_outbox SET state = 'done', updated_at = ? WHERE id = ?`).run(c.at, id);
    auditChange(
      db,
      c,
      'confirmation.done',
      { type: 'confirmation', id },
      {
        documentId: item.documentId,
        targetSystem: item.targetSystem,
        kind: item.kind,
        attempts: item.attempts,
      },
    );
    return requireItem(db, id);
  });
}

export interface FailureInput {
  readonly error: string;
  /** Retry at this time; omit for a permanent failure (the item waits for a person). */
  readonly retryAt?: string;
}

export function failConfirmation(db: Db, id: number, input: FailureInput, ctx: WriteContext): OutboxItem {
  const f = parse(
    z.object({ error: z.string().trim().min(1).max(2000), retryAt: isoTimestamp.optional() }),
    input,
  );
  const c = resolveContext(ctx);
  return writeTx(db, () => {
    const item = requireItem(db, id);
    if (item.state !== 'pending')
      throw new StoreError('conflict', `confirmation ${id} is ${item.state}, not pending`);
    const state: OutboxState = f.retryAt ? 'pending' : 'failed';
    stmt(
      db,
      'UPDATE confirmation_outbox SET state = ?, last_error = ?, next_attempt_at = ?, updated_at = ? WHERE id = ?',
    ).run(state, f.error, f.retryAt ?? item.nextAttemptAt, c.at, id);
    auditChange(
      db,
      c,
      f.retryAt ? 'confirmation.retry_scheduled' : 'confirmation.failed',
      { type: 'confirmation', id },
      {
        documentId: item.documentId,
        targetSystem: item.targetSystem,
        kind: item.kind,
        attempts: item.attempts,
        error: f.error,
        ...(f.retryAt ? { retryAt: f.retryAt } : {}),
      },
    );
    return requireItem(db, id);
  });
}

/** A person sends a failed confirmation again. */
export function retryConfirmation(db: Db, id: number, ctx: WriteContext): OutboxItem {
  const c = resolveContext(ctx);
  return writeTx(db, () => {
    const item = requireItem(db, id);
    if (item.state !== 'failed')
      throw new StoreError('conflict', `confirmation ${id} is ${item.state}, not failed`);
    stmt(
      db,
      `UPDATE confirmation_outbox SET state = 'pending', next_attempt_at = ?, updated_at = ? WHERE id = ?`,
    ).run(c.at, c.at, id);
    auditChange(db, c, 'confirmation.retried', { type: 'confirmation', id }, { documentId: item.documentId });
    return requireItem(db, id);
  });
}

function requireItem(db: Db, id: number): OutboxItem {
  const item = getConfirmation(db, id);
  if (!item) throw notFound('confirmation', id);
  return item;
}

export function getConfirmation(db: Db, id: number): OutboxItem | undefined {
  const row = stmt(db, 'SELECT * FROM confirmation_outbox WHERE id = ?').get(id) as OutboxRow | undefined;
  return row && rowToOutbox(row);
}

export interface OutboxFilter extends Page {
  readonly state?: OutboxState;
  readonly documentId?: number;
}

export function listConfirmations(
  db: Db,
  filter: OutboxFilter = {},
): { readonly items: readonly OutboxItem[]; readonly total: number } {
  const f = parse(
    z.object({
      state: z.enum(OUTBOX_STATES).optional(),
      documentId: z.number().int().optional(),
      ...pageSchema,
    }),
    filter,
  );
  const params = { state: f.state ?? null, documentId: f.documentId ?? null };
  const where =
    'WHERE (@state IS NULL OR state = @state) AND (@documentId IS NULL OR document_id = @documentId)';
  const total = (
    stmt(db, `SELECT count(*) AS n FROM confirmation_outbox ${where}`).get(params) as { n: number }
  ).n;
  const rows = stmt(
    db,
    `SELECT * FROM confirmation_outbox ${where} ORDER BY id DESC LIMIT @limit OFFSET @offset`,
  ).all({
    ...params,
    limit: f.limit,
    offset: f.offset,
  }) as OutboxRow[];
  return { items: rows.map(rowToOutbox), total };
}

/**
 * At start-up, after a crash: items a dead process had claimed (their next attempt pushed out by the lease)
 * become due at once, so a confirmation does not wait out the lease. Items merely backing off come due early
 * too, which is harmless: every confirmation answer the sources give to a repeat counts as done.
 * Returns how many items were made due.
 */
export function releaseConfirmationClaims(db: Db, now: string = new Date().toISOString()): number {
  return stmt(
    db,
    "UPDATE confirmation_outbox SET next_attempt_at = ? WHERE state = 'pending' AND next_attempt_at > ?",
  ).run(now, now).changes;
}
