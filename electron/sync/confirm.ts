// The confirmation relay (research/reliability.md B3): claims due outbox items of one source, hands each to
// the source adapter, and completes it, schedules a retry with full-jitter exponential backoff, or fails it
// for a person. Delivery is at-least-once: a crash between the source's answer and `done` sends it again,
// and the sources treat a repeat as success ("already confirmed" comes back as `done`).
import { fullJitter } from '../lib/backoff.ts';
import type { Source } from '../../shared/domain/document.ts';
import {
  type OutboxItem,
  completeConfirmation,
  failConfirmation,
  getDocumentSummary,
  setDocumentState,
} from '../store/index.ts';
import { type OutboxRow, rowToOutbox } from '../store/rows.ts';
import { stmt } from '../store/sql.ts';
import type { FlowContext } from '../engine/ports.ts';
import { type SyncRuntime, errorText, writeContext } from './runtime.ts';
import { CONFIRMATION_KINDS, type ConfirmOutcome, type SourceAdapter } from './source-port.ts';

export interface BackoffPolicy {
  readonly baseMs: number;
  readonly capMs: number;
  /** After this many attempts a retryable failure becomes a failure a person looks at. */
  readonly maxAttempts: number;
}

export const DEFAULT_CONFIRM_BACKOFF: BackoffPolicy = {
  baseMs: 30_000,
  capMs: 60 * 60_000,
  maxAttempts: 25,
};

/** AWS "full jitter": sleep = random(0, min(cap, base * 2^attempt)). */
export function fullJitterMs(attempt: number, policy: BackoffPolicy, random: () => number): number {
  return fullJitter(attempt - 1, policy.baseMs, policy.capMs, random);
}

export interface ConfirmTally {
  confirmed: number;
  retried: number;
  failed: number;
  readonly errors: string[];
}

/**
 * Claims this source's due items (the store's claim takes every target system, so the relay of one source
 * claims with its own query), pushing their next attempt out by the lease so a dead relay's items come due
 * again later.
 */
export function claimDue(
  rt: SyncRuntime,
  source: Source,
  options: { readonly limit?: number; readonly leaseMs?: number } = {},
): readonly OutboxItem[] {
  const now = rt.now();
  const leaseUntil = new Date(now.getTime() + (options.leaseMs ?? 5 * 60_000)).toISOString();
  return rt.store.tx((db) => {
    const rows = stmt(
      db,
      `UPDATE confirmation_outbox SET attempts = attempts + 1, next_attempt_at = @leaseUntil, updated_at = @now
       WHERE id IN (SELECT id FROM confirmation_outbox WHERE state = 'pending' AND target_system = @source
                    AND next_attempt_at <= @now ORDER BY next_attempt_at, id LIMIT @limit)
       RETURNING *`,
    ).all({ now: now.toISOString(), leaseUntil, source, limit: options.limit ?? 200 }) as OutboxRow[];
    return rows.map(rowToOutbox).sort((a, b) => a.id - b.id);
  });
}

export async function relayConfirmations(
  rt: SyncRuntime,
  adapter: SourceAdapter,
  ctx: FlowContext,
  options: { readonly backoff?: BackoffPolicy; readonly leaseMs?: number; readonly limit?: number } = {},
): Promise<ConfirmTally> {
  const policy = options.backoff ?? DEFAULT_CONFIRM_BACKOFF;
  const tally: ConfirmTally = { confirmed: 0, retried: 0, failed: 0, errors: [] };
  // Claims come in pages (a claim leases its items); keep claiming until nothing is due, so a backlog is
  // confirmed in the cycle that posted it. Items retried above are pushed out by their backoff and are not
  // claimed again in this loop; the round bound only guards against a clock that does not move.
  for (let round = 0; round < 1000 && !ctx.signal.aborted; round += 1) {
    const items = claimDue(rt, adapter.source, {
      ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
      ...(options.limit === undefined ? {} : { limit: options.limit }),
    });
    if (items.length === 0) break;
    for (const item of items) {
      if (ctx.signal.aborted) break;
      let outcome: ConfirmOutcome;
      try {
        outcome = await adapter.confirm(item, ctx);
      } catch (error) {
        outcome = { status: 'retry', error: errorText(error) };
      }
      settle(rt, item, outcome, policy, tally);
    }
  }
  return tally;
}

function settle(
  rt: SyncRuntime,
  item: OutboxItem,
  outcome: ConfirmOutcome,
  policy: BackoffPolicy,
  tally: ConfirmTally,
): void {
  if (outcome.status === 'done') {
    rt.store.tx((db) => {
      const ctx = writeContext(rt);
      completeConfirmation(db, item.id, ctx);
      const doc = getDocumentSummary(db, item.documentId);
      if (item.kind === CONFIRMATION_KINDS.posted && doc?.state === 'posted') {
        setDocumentState(db, item.documentId, 'confirmed', ctx, {
          reason: `confirmed to ${item.targetSystem}`,
        });
      }
    });
    tally.confirmed += 1;
    return;
  }
  const ctx = writeContext(rt);
  if (outcome.status === 'retry' && item.attempts < policy.maxAttempts) {
    const wait = outcome.retryAfterMs ?? fullJitterMs(item.attempts, policy, rt.random);
    const retryAt = new Date(rt.now().getTime() + Math.max(wait, 1000)).toISOString();
    failConfirmation(rt.store.db, item.id, { error: outcome.error, retryAt }, ctx);
    tally.retried += 1;
    tally.errors.push(`confirmation ${item.id}: ${outcome.error}`);
    return;
  }
  const error =
    outcome.status === 'retry' ? `${outcome.error} (gave up after ${item.attempts} attempts)` : outcome.error;
  failConfirmation(rt.store.db, item.id, { error }, ctx);
  tally.failed += 1;
  tally.errors.push(`confirmation ${item.id}: ${error}`);
}
