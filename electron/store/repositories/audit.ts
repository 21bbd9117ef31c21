// The audit trail: append-only, hash-chained. Each event's hash covers all of its fields and the previous
// event's hash, so changing, deleting or reordering a row breaks the chain at that row.
//
// REDACTION: `detail` is stored verbatim. Callers must redact it before calling (no secrets, tokens,
// passwords or credential-bearing request bodies: ARCHITECTURE.md "Rules that keep money safe"). The
// repositories in this folder only put identifiers, states and amounts into the details they write.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AuditEvent, AuditVerification } from '../../../shared/domain/audit.ts';
import { type AuditRow, rowToAuditEvent } from '../rows.ts';
import {
  type Db,
  type Page,
  type ResolvedContext,
  isoDate,
  isoTimestamp,
  pageSchema,
  parse,
  stmt,
  writeTx,
} from '../sql.ts';

export const GENESIS_HASH = '0'.repeat(64);
/** Bumped only if the serialisation below ever changes; verification would then need both versions. */
const HASH_FORMAT = 'mlc-audit-v1';

export interface AuditInput {
  readonly actor: string;
  /** 'document.staged', 'batch.released', 'mapping.changed', ... */
  readonly action: string;
  readonly subjectType?: string;
  readonly subjectId?: string;
  /** Must already be redacted (see the note at the top of this file). JSON values only. */
  readonly detail?: Readonly<Record<string, unknown>>;
  readonly at?: string;
}

const auditInputSchema = z.object({
  actor: z.string().trim().min(1, 'actor is required').max(200),
  action: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, 'action must look like "document.staged"'),
  subjectType: z.string().min(1).max(100).optional(),
  subjectId: z.string().min(1).max(200).optional(),
  detail: z.record(z.string(), z.unknown()).optional(),
  at: isoTimestamp.optional(),
});

/** JSON with object keys sorted at every level, so equal details always serialise (and hash) the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value, '$'));
}

function sortKeys(value: unknown, path: string): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`audit detail ${path} is not a finite number`);
    return value;
  }
  if (Array.isArray(value)) return value.map((item, index) => sortKeys(item ?? null, `${path}[${index}]`));
  if (typeof value === 'object') {
    // A null prototype keeps a "__proto__" key an ordinary property instead of a prototype change.
    const sorted = Object.create(null) as Record<string, unknown>;
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined) sorted[key] = sortKeys(item, `${path}.${key}`);
    }
    return sorted;
  }
  throw new Error(`audit detail ${path} is a ${typeof value}, which JSON cannot hold`);
}

interface HashFields {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly subjectType: string | null;
  readonly subjectId: string | null;
  readonly detailJson: string;
  readonly prevHash: string;
}

/** sha256 over a JSON array of every field in a fixed order; the detail enters as its stored text. */
export function auditHash(fields: HashFields): string {
  const serialised = JSON.stringify([
    HASH_FORMAT,
    fields.seq,
    fields.at,
    fields.actor,
    fields.action,
    fields.subjectType,
    fields.subjectId,
    fields.detailJson,
    fields.prevHash,
  ]);
  return createHash('sha256').update(serialised, 'utf8').digest('hex');
}

/**
 * Appends one event. Inside a caller's transaction it joins it (savepoint); alone it is its own
 * `BEGIN IMMEDIATE` transaction, which also keeps two processes from forking the chain.
 */
export function appendAudit(db: Db, input: AuditInput): AuditEvent {
  const event = parse(auditInputSchema, input);
  return writeTx(db, () => {
    const last = stmt(db, 'SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as
      { seq: number; hash: string } | undefined;
    const fields: HashFields = {
      seq: (last?.seq ?? 0) + 1,
      at: event.at ?? new Date().toISOString(),
      actor: event.actor,
      action: event.action,
      subjectType: event.subjectType ?? null,
      subjectId: event.subjectId ?? null,
      detailJson: canonicalJson(event.detail ?? {}),
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    const hash = auditHash(fields);
    stmt(
      db,
      `INSERT INTO audit_events (seq, at, actor, action, subject_type, subject_id, detail_json, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      fields.seq,
      fields.at,
      fields.actor,
      fields.action,
      fields.subjectType,
      fields.subjectId,
      fields.detailJson,
      fields.prevHash,
      hash,
    );
    return rowToAuditEvent({
      seq: fields.seq,
      at: fields.at,
      actor: fields.actor,
      action: fields.action,
      subject_type: fields.subjectType,
      subject_id: fields.subjectId,
      detail_json: fields.detailJson,
      prev_hash: fields.prevHash,
      hash,
    });
  });
}

/** What repositories call: the audit event of a state change, stamped with the change's actor and time. */
export function auditChange(
  db: Db,
  ctx: ResolvedContext,
  action: string,
  subject: { readonly type: string; readonly id: string | number },
  detail: Readonly<Record<string, unknown>>,
): AuditEvent {
  return appendAudit(db, {
    actor: ctx.actor,
    at: ctx.at,
    action,
    subjectType: subject.type,
    subjectId: String(subject.id),
    detail,
  });
}

/**
 * Walks the chain from the first event. Reports the first event that is missing (a gap in seq), whose
 * hash does not match its contents (changed), or that does not link to the event before it (the event
 * before was rewritten with a recomputed hash, or events were removed or reordered). Deleting the newest
 * events leaves a valid chain, so the highest seq SQLite ever handed out (sqlite_sequence) is compared too.
 * Someone who rewrites the tail and sqlite_sequence together is caught only by an anchor kept elsewhere
 * (see auditHead).
 */
export function verifyAuditChain(db: Db): AuditVerification {
  let expectedSeq = 1;
  let expectedPrev = GENESIS_HASH;
  let checked = 0;
  for (const row of stmt(db, 'SELECT * FROM audit_events ORDER BY seq').iterate() as Iterable<AuditRow>) {
    if (row.seq !== expectedSeq) {
      return broken(checked, expectedSeq, gapReason(expectedSeq, row.seq));
    }
    const recomputed = auditHash({
      seq: row.seq,
      at: row.at,
      actor: row.actor,
      action: row.action,
      subjectType: row.subject_type,
      subjectId: row.subject_id,
      detailJson: row.detail_json,
      prevHash: row.prev_hash,
    });
    if (recomputed !== row.hash) {
      return broken(
        checked,
        row.seq,
        `event ${row.seq} was changed after it was written: its hash does not match`,
      );
    }
    if (row.prev_hash !== expectedPrev) {
      return broken(
        checked,
        row.seq,
        `event ${row.seq} does not link to the event before it: that event was rewritten, or events were ` +
          'removed or reordered',
      );
    }
    checked += 1;
    expectedSeq = row.seq + 1;
    expectedPrev = row.hash;
  }
  const highest = stmt(db, "SELECT seq FROM sqlite_sequence WHERE name = 'audit_events'").get() as
    { seq: number } | undefined;
  if (highest && highest.seq >= expectedSeq) {
    const range =
      highest.seq === expectedSeq ? `event ${expectedSeq} was` : `events ${expectedSeq}..${highest.seq} were`;
    return broken(checked, expectedSeq, `${range} deleted from the end of the trail`);
  }
  return { ok: true, checked };
}

function gapReason(expected: number, found: number): string {
  const missing = found === expected + 1 ? `event ${expected} is` : `events ${expected}..${found - 1} are`;
  return `${missing} missing: the trail jumps from ${expected - 1} to ${found}`;
}

function broken(checked: number, seq: number, reason: string): AuditVerification {
  return { ok: false, checked, firstBroken: { seq, reason } };
}

/** The newest event's seq and hash: record it outside the database to anchor the tail of the chain. */
export function auditHead(db: Db): { readonly seq: number; readonly hash: string } {
  const last = stmt(db, 'SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as
    { seq: number; hash: string } | undefined;
  return last ?? { seq: 0, hash: GENESIS_HASH };
}

export interface AuditFilter extends Page {
  readonly subjectId?: string;
  readonly subjectType?: string;
  readonly actor?: string;
  /** Exact action, or a prefix ending in '.' ('document.' lists every document event). */
  readonly action?: string;
  /** Inclusive ISO dates (UTC) on the event time. */
  readonly from?: string;
  readonly to?: string;
  /** Default: newest first (seq descending). */
  readonly sort?: { readonly field: keyof typeof AUDIT_SORT_COLUMNS; readonly direction?: 'asc' | 'desc' };
}

// Whitelist: only these fixed column names ever reach ORDER BY, never text from the caller. `at` ties (events
// written in the same millisecond, or imported with one timestamp) fall back to seq in the same direction.
const AUDIT_SORT_COLUMNS = { seq: 'seq', at: 'at' } as const;

const auditFilterSchema = z.object({
  subjectId: z.string().max(200).optional(),
  subjectType: z.string().max(100).optional(),
  actor: z.string().max(200).optional(),
  action: z.string().max(200).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  sort: z
    .object({
      field: z.enum(Object.keys(AUDIT_SORT_COLUMNS) as [keyof typeof AUDIT_SORT_COLUMNS]),
      direction: z.enum(['asc', 'desc']).default('desc'),
    })
    .optional(),
  ...pageSchema,
});

/** Newest first unless `sort` says otherwise. */
export function listAuditEvents(
  db: Db,
  filter: AuditFilter = {},
): { readonly events: readonly AuditEvent[]; readonly total: number } {
  const f = parse(auditFilterSchema, filter);
  const where: string[] = [];
  const params: Record<string, string | number> = {};
  if (f.subjectId !== undefined) {
    where.push('subject_id = @subjectId');
    params.subjectId = f.subjectId;
  }
  if (f.subjectType !== undefined) {
    where.push('subject_type = @subjectType');
    params.subjectType = f.subjectType;
  }
  if (f.actor !== undefined) {
    where.push('actor = @actor');
    params.actor = f.actor;
  }
  if (f.action !== undefined) {
    if (f.action.endsWith('.')) {
      where.push('substr(action, 1, length(@action)) = @action');
    } else {
      where.push('action = @action');
    }
    params.action = f.action;
  }
  if (f.from !== undefined) {
    where.push('at >= @from');
    params.from = f.from;
  }
  if (f.to !== undefined) {
    // `at` is a full timestamp: everything before the next day belongs to `to`.
    where.push("at < date(@to, '+1 day')");
    params.to = f.to;
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (stmt(db, `SELECT count(*) AS n FROM audit_events ${clause}`).get(params) as { n: number }).n;
  const direction = f.sort?.direction === 'asc' ? 'ASC' : 'DESC';
  const column = AUDIT_SORT_COLUMNS[f.sort?.field ?? 'seq'];
  const order = column === 'seq' ? `seq ${direction}` : `${column} ${direction}, seq ${direction}`;
  const rows = stmt(
    db,
    `SELECT * FROM audit_events ${clause} ORDER BY ${order} LIMIT @limit OFFSET @offset`,
  ).all({
    ...params,
    limit: f.limit,
    offset: f.offset,
  }) as AuditRow[];
  return { events: rows.map(rowToAuditEvent), total };
}
