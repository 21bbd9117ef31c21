// Small helpers every repository uses: the database handle type, cached statements, write transactions and
// the context (who, when) every state change carries for its audit event.
import type { Database, Statement } from 'better-sqlite3';
import { z } from 'zod';
import { StoreError } from './errors.ts';

export type Db = Database;

const statements = new WeakMap<Db, Map<string, Statement>>();

/** A prepared statement, prepared once per connection. */
export function stmt(db: Db, sql: string): Statement {
  let cache = statements.get(db);
  if (!cache) {
    cache = new Map();
    statements.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}

/**
 * Runs `fn` in a `BEGIN IMMEDIATE` transaction, or in a savepoint when the caller already opened one
 * (better-sqlite3 nests that way), so a repository call is atomic alone and inside a bigger `store.tx`.
 * IMMEDIATE takes the write lock up front: a deferred transaction that reads and then writes can fail with
 * SQLITE_BUSY despite busy_timeout (reliability.md A4).
 */
export function writeTx<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate();
}

/** Who changes state, and when. `at` defaults to the wall clock; the engine passes its own clock's time. */
export interface WriteContext {
  /** 'system', 'scheduler', or the person (OS user / named user). */
  readonly actor: string;
  readonly at?: string;
}

/** UTC only (…Z), so timestamps compare correctly as text in SQL. */
export const isoTimestamp = z.iso.datetime({
  error: 'must be an ISO UTC timestamp like 2026-11-25T08:00:00.000Z',
});

const writeContextSchema = z.object({
  actor: z.string().trim().min(1, 'actor is required').max(200),
  at: isoTimestamp.optional(),
});

export interface ResolvedContext {
  readonly actor: string;
  readonly at: string;
}

export function resolveContext(ctx: WriteContext): ResolvedContext {
  const parsed = parse(writeContextSchema, ctx);
  return { actor: parsed.actor, at: parsed.at ?? new Date().toISOString() };
}

/** Parses input with a zod schema, turning the first issue into a StoreError that names the field. */
export function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.map(String).join('.') || undefined;
  throw new StoreError(
    'invalid_argument',
    field ? `${field}: ${issue?.message}` : String(issue?.message),
    field,
  );
}

export function notFound(what: string, id: number | string): StoreError {
  return new StoreError('not_found', `${what} ${id} does not exist`);
}

export interface Page {
  readonly offset?: number;
  readonly limit?: number;
}

export const pageSchema = {
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(200),
};

export const isoDate = z.iso.date({ error: 'must be a date like 2026-11-25' });
