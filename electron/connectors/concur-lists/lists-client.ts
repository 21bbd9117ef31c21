// List v4, List Item v4 and List Item Bulk v4 over the Concur client's one HTTP layer (auth, retry with
// backoff, 429 handling, circuit breaker, redaction): research/concur.md 9. Reads page through fixed pages of
// 100 starting at 1 and walk a list level by level (children of an item only where `hasChildren`). Bulk
// writes go in chunks of at most 250 parts, in the caller's order (parents first: parts run in order, each on
// its own), and every part's outcome is recorded. A bulk call returns no ids and has no idempotency key, so
// an unclear outcome is reported as such and the caller reads the list again before sending anything more.
import { z } from 'zod';
import type { ConcurListSummary } from '../../../shared/contract/lists.ts';
import { ConcurError, type ConcurHttp, type ConcurRequest } from '../concur/index.ts';

export const LIST_BASE = '/list/v4';
/** List Item Bulk v4: 1..250 parts per call [LIB]. */
export const MAX_BULK_PARTS = 250;
/** Pages hold 100 rows, fixed [LST4; LI4]; a guard against a server that never ends. */
const MAX_PAGES = 10_000;

// ConcurRequest names GET/POST/PUT only; PATCH (bulk update/delete) and DELETE go through the same layer.
const PATCH: ConcurRequest['method'] = 'PATCH';
const DELETE: ConcurRequest['method'] = 'DELETE';

const pageSchema = z.looseObject({
  content: z.array(z.unknown()).default([]),
  page: z
    .looseObject({ totalPages: z.number().int().min(0).optional(), number: z.number().int().optional() })
    .optional(),
});

const listSchema = z.looseObject({
  id: z.string().min(1),
  value: z.string().default(''),
  levelCount: z.number().int().min(1).default(1),
  isDeleted: z.boolean().default(false),
  isReadOnly: z.boolean().default(false),
  managedBy: z.string().nullish(),
  category: z.looseObject({ type: z.string().optional() }).nullish(),
});

const itemSchema = z.looseObject({
  id: z.string().min(1),
  code: z.string().optional(),
  shortCode: z.string().default(''),
  value: z.string().default(''),
  parentId: z.string().nullish(),
  level: z.number().int().min(1).optional(),
  isDeleted: z.boolean().default(false),
  lists: z.array(z.looseObject({ id: z.string().optional(), hasChildren: z.boolean().optional() })).nullish(),
});

const bulkBodySchema = z.looseObject({
  status: z.string().optional(),
  recordsSucceeded: z.number().optional(),
  recordsFailed: z.number().optional(),
  errors: z
    .array(
      z.looseObject({ id: z.string().optional(), message: z.string().optional(), listItem: z.unknown() }),
    )
    .default([]),
});

export interface ConcurListItemInfo {
  readonly id: string;
  /** Long code: the ancestors' short codes and the item's own, joined with "-". */
  readonly code: string;
  readonly shortCode: string;
  readonly value: string;
  readonly parentId: string | null;
  readonly level: number;
  readonly hasChildren: boolean;
  readonly isDeleted: boolean;
}

export interface ListFilter {
  /** e.g. `eq:Cost Center` (ops eq/not/sw/ew/cp). */
  readonly value?: string;
  /** e.g. `gte:2` (ops eq/gt/gte/lt/lte). */
  readonly levelCount?: string;
  /** e.g. `eq:EXPENSE`. */
  readonly categoryType?: string;
  readonly isDeleted?: boolean;
}

export interface CreatePart {
  readonly shortCode: string;
  readonly value: string;
  /** The parent's long code; absent at level 1. */
  readonly parentCode?: string;
}

export interface PatchPart {
  /** The item's long code. */
  readonly code: string;
  readonly value?: string;
  readonly deleted?: boolean;
}

export type PartOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly unclear: false; readonly errorId: string; readonly message: string }
  /** The call's answer was lost (timeout, reset, 5xx): the part may or may not be in Concur. */
  | { readonly ok: false; readonly unclear: true; readonly message: string };

export interface BulkPartResult<P> {
  readonly part: P;
  readonly outcome: PartOutcome;
}

export interface BulkResult<P> {
  readonly parts: readonly BulkPartResult<P>[];
  /** Every call answered SUCCESS: nothing needs reading back. */
  readonly allSucceeded: boolean;
  /** Calls made (chunks). */
  readonly calls: number;
}

/** A failure of the list as a whole (not found, deleted, managed by another app): nothing was changed. */
export class ConcurListError extends Error {
  readonly errorId: string;
  readonly listId: string;

  constructor(listId: string, errorId: string, message: string) {
    super(message);
    this.name = 'ConcurListError';
    this.errorId = errorId;
    this.listId = listId;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function toList(raw: unknown): ConcurListSummary | undefined {
  const parsed = listSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const l = parsed.data;
  return {
    id: l.id,
    name: l.value,
    levelCount: l.levelCount,
    isDeleted: l.isDeleted,
    isReadOnly: l.isReadOnly,
    managedBy: l.managedBy ?? null,
    ...(l.category?.type ? { categoryType: l.category.type } : {}),
  };
}

function toItem(raw: unknown, listId: string, parent: ConcurListItemInfo | undefined): ConcurListItemInfo {
  const parsed = itemSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConcurError(
      `SAP Concur list ${listId} returned an item that cannot be read: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
      { kind: 'business', endpoint: 'list.items' },
    );
  }
  const i = parsed.data;
  const membership = i.lists?.find((m) => m.id === listId) ?? i.lists?.[0];
  return {
    id: i.id,
    code: i.code ?? (parent ? `${parent.code}-${i.shortCode}` : i.shortCode),
    shortCode: i.shortCode,
    value: i.value,
    parentId: i.parentId ?? parent?.id ?? null,
    level: i.level ?? (parent ? parent.level + 1 : 1),
    hasChildren: membership?.hasChildren ?? false,
    isDeleted: i.isDeleted,
  };
}

/** A call-level List v4 error id (`list.not.found`, `list.is.managed`...) from a ConcurError's body. */
function callErrorId(error: ConcurError): string | undefined {
  const body = error.body ? parseJson(error.body) : undefined;
  if (body && typeof body === 'object' && 'error' in body) {
    const inner = (body as { error?: unknown }).error;
    if (inner && typeof inner === 'object' && 'id' in inner) {
      const id = (inner as { id?: unknown }).id;
      if (typeof id === 'string') return id;
    }
  }
  return undefined;
}

function sameCreate(a: CreatePart, echo: unknown): boolean {
  if (!echo || typeof echo !== 'object') return false;
  const e = echo as Record<string, unknown>;
  return e.shortCode === a.shortCode && (e.parentCode ?? undefined) === a.parentCode;
}

function samePatch(a: PatchPart, echo: unknown): boolean {
  if (!echo || typeof echo !== 'object') return false;
  return (echo as Record<string, unknown>).code === a.code;
}

export class ListsClient {
  readonly #http: ConcurHttp;

  constructor(input: { readonly http: ConcurHttp }) {
    this.#http = input.http;
  }

  async #pages(endpoint: string, path: string, params: Record<string, string>): Promise<unknown[]> {
    const rows: unknown[] = [];
    for (let page = 1; page <= MAX_PAGES; page += 1) {
      const response = await this.#http.send({
        endpoint,
        method: 'GET',
        path,
        params: { ...params, page },
        repeat: 'repeatable',
      });
      const parsed = pageSchema.safeParse(parseJson(response.body));
      if (!parsed.success)
        throw new ConcurError(`SAP Concur ${endpoint} answered with a page that cannot be read`, {
          kind: 'business',
          endpoint,
          status: response.status,
        });
      rows.push(...parsed.data.content);
      const totalPages = parsed.data.page?.totalPages;
      // Without paging information, an empty or short page is the last one (pages are fixed at 100).
      if (totalPages !== undefined ? page >= totalPages : parsed.data.content.length < 100) break;
    }
    return rows;
  }

  /** All lists matching the filters (AND), every page. */
  async listLists(filter: ListFilter = {}): Promise<ConcurListSummary[]> {
    const params: Record<string, string> = {};
    if (filter.value !== undefined) params.value = filter.value;
    if (filter.levelCount !== undefined) params.levelCount = filter.levelCount;
    if (filter.categoryType !== undefined) params['category.type'] = filter.categoryType;
    if (filter.isDeleted !== undefined) params.isDeleted = String(filter.isDeleted);
    const rows = await this.#pages('list.lists', `${LIST_BASE}/lists`, params);
    return rows.map(toList).filter((l): l is ConcurListSummary => l !== undefined);
  }

  /** One list, or undefined when Concur does not know the id. */
  async getList(listId: string): Promise<ConcurListSummary | undefined> {
    try {
      const response = await this.#http.send({
        endpoint: 'list.get',
        method: 'GET',
        path: `${LIST_BASE}/lists/${encodeURIComponent(listId)}`,
        repeat: 'repeatable',
      });
      return toList(parseJson(response.body));
    } catch (error) {
      if (error instanceof ConcurError && (error.status === 404 || callErrorId(error) === 'list.not.found'))
        return undefined;
      throw error;
    }
  }

  /** Direct children of the list (level 1) or of one item; live items, or only deleted ones. */
  async children(
    listId: string,
    parent?: ConcurListItemInfo,
    options: { readonly deleted?: boolean } = {},
  ): Promise<ConcurListItemInfo[]> {
    const path = parent
      ? `${LIST_BASE}/items/${encodeURIComponent(parent.id)}/children`
      : `${LIST_BASE}/lists/${encodeURIComponent(listId)}/children`;
    const rows = await this.#pages('list.children', path, { isDeleted: String(options.deleted ?? false) });
    return rows.map((row) => toItem(row, listId, parent));
  }

  /**
   * Every live item, level by level (children asked for only where `hasChildren`), and the deleted items
   * directly under the root and under each live item (a deleted code can never be created again, so the
   * plan must know it). `/lists/{id}/items` is not used: it is in no reference (UNCONFIRMED).
   */
  async readTree(listId: string, levelCount: number): Promise<ConcurListItemInfo[]> {
    const all: ConcurListItemInfo[] = [];
    let level: (ConcurListItemInfo | undefined)[] = [undefined];
    while (level.length > 0) {
      const next: ConcurListItemInfo[] = [];
      for (const parent of level) {
        const live = parent === undefined || parent.hasChildren ? await this.children(listId, parent) : [];
        // Items on the last level cannot have children, deleted or not: no call for them.
        const canHaveChildren = parent === undefined || parent.level < levelCount;
        const deleted = canHaveChildren ? await this.children(listId, parent, { deleted: true }) : [];
        all.push(...live, ...deleted);
        next.push(...live);
      }
      level = next;
    }
    return all;
  }

  /** Bulk create in chunks of at most 250, in the given order (parents first). */
  bulkCreate(listId: string, parts: readonly CreatePart[]): Promise<BulkResult<CreatePart>> {
    return this.#bulk(listId, 'POST', parts, (p) => ({ ...p }), sameCreate);
  }

  /** Bulk update (value) or delete (`deleted: true`) by long code, in chunks of at most 250. */
  bulkPatch(listId: string, parts: readonly PatchPart[]): Promise<BulkResult<PatchPart>> {
    return this.#bulk(listId, PATCH, parts, (p) => ({ ...p }), samePatch);
  }

  async #bulk<P>(
    listId: string,
    method: ConcurRequest['method'],
    parts: readonly P[],
    wire: (part: P) => Record<string, unknown>,
    same: (part: P, echo: unknown) => boolean,
  ): Promise<BulkResult<P>> {
    const results: BulkPartResult<P>[] = [];
    let allSucceeded = true;
    let calls = 0;
    for (let start = 0; start < parts.length; start += MAX_BULK_PARTS) {
      const chunk = parts.slice(start, start + MAX_BULK_PARTS);
      calls += 1;
      let status: number;
      let body: unknown;
      try {
        const response = await this.#http.send({
          endpoint: method === 'POST' ? 'list.bulk.create' : 'list.bulk.update',
          method,
          path: `${LIST_BASE}/lists/${encodeURIComponent(listId)}/bulk`,
          data: { requests: chunk.map(wire) },
          // No idempotency key and no ids in the answer: re-sent only when certainly not applied (429, 503).
          repeat: 'unsafe',
        });
        status = response.status;
        body = parseJson(response.body);
      } catch (error) {
        if (!(error instanceof ConcurError)) throw error;
        const id = callErrorId(error);
        if (
          id === 'list.not.found' ||
          id === 'list.deleted' ||
          id === 'list.is.managed' ||
          error.status === 404
        )
          throw new ConcurListError(listId, id ?? 'list.not.found', error.message);
        if (error.kind === 'reauthorize' || error.kind === 'config') throw error;
        if (error.status === 400 && id !== undefined) {
          // A refusal of the call itself (request.validation.error...): no part was applied.
          allSucceeded = false;
          for (const part of chunk)
            results.push({
              part,
              outcome: { ok: false, unclear: false, errorId: id, message: error.message },
            });
          continue;
        }
        if (error.status === 400) {
          // FAILURE: every part refused; the body (first 500 characters) names the parts when it fits.
          status = 400;
          body = error.body ? parseJson(error.body) : undefined;
          if (body === undefined) {
            // The answer was cut or unreadable: which part failed why is unknown, so the caller reads back.
            allSucceeded = false;
            for (const part of chunk)
              results.push({ part, outcome: { ok: false, unclear: true, message: error.message } });
            continue;
          }
        } else {
          // Timeout, reset, 5xx after retries: the chunk may be applied in part; the caller reads back.
          allSucceeded = false;
          for (const part of chunk)
            results.push({ part, outcome: { ok: false, unclear: true, message: error.message } });
          continue;
        }
      }
      const parsed = bulkBodySchema.safeParse(body);
      const errors = parsed.success ? [...parsed.data.errors] : [];
      const succeeded = parsed.success && parsed.data.status === 'SUCCESS' && errors.length === 0;
      if (!succeeded) allSucceeded = false;
      if (!parsed.success && status >= 200 && status < 300 && status !== 206) {
        // A 2xx whose body cannot be read: taken as done, but read back like any unclear answer.
        for (const part of chunk) results.push({ part, outcome: { ok: true } });
        continue;
      }
      for (const part of chunk) {
        const at = errors.findIndex((e) => same(part, e.listItem));
        if (at < 0) {
          results.push({
            part,
            outcome:
              status === 400
                ? { ok: false, unclear: true, message: 'Concur refused the call without naming this part' }
                : { ok: true },
          });
          continue;
        }
        const [e] = errors.splice(at, 1);
        results.push({
          part,
          outcome: {
            ok: false,
            unclear: false,
            errorId: e?.id ?? 'unknown',
            message: e?.message ?? 'refused',
          },
        });
      }
    }
    return { parts: results, allSucceeded, calls };
  }

  /** PUT one item by id: for codes holding a hyphen, which a long code cannot name without ambiguity. */
  async updateItem(itemId: string, part: { shortCode: string; value: string }): Promise<PartOutcome> {
    return this.#single('list.item.update', 'PUT', `${LIST_BASE}/items/${encodeURIComponent(itemId)}`, part);
  }

  /** DELETE one item by id (soft, permanent, takes its children): for codes holding a hyphen. */
  async deleteItem(itemId: string): Promise<PartOutcome> {
    return this.#single('list.item.delete', DELETE, `${LIST_BASE}/items/${encodeURIComponent(itemId)}`);
  }

  async #single(
    endpoint: string,
    method: ConcurRequest['method'],
    path: string,
    data?: unknown,
  ): Promise<PartOutcome> {
    try {
      await this.#http.send({
        endpoint,
        method,
        path,
        ...(data !== undefined ? { data } : {}),
        // PUT of the same value and DELETE of the same id end in the same state.
        repeat: 'repeatable',
      });
      return { ok: true };
    } catch (error) {
      if (!(error instanceof ConcurError)) throw error;
      if (error.kind === 'reauthorize' || error.kind === 'config') throw error;
      if (error.kind === 'business')
        return {
          ok: false,
          unclear: false,
          errorId: callErrorId(error) ?? 'refused',
          message: error.message,
        };
      return { ok: false, unclear: true, message: error.message };
    }
  }

  /** Marks the list managed by this app (PUT needs the name too; the flag is left out otherwise) [LST4]. */
  async setManaged(list: ConcurListSummary): Promise<void> {
    await this.#http.send({
      endpoint: 'list.update',
      method: 'PUT',
      path: `${LIST_BASE}/lists/${encodeURIComponent(list.id)}`,
      data: { value: list.name, isManaged: true },
      repeat: 'repeatable',
    });
  }
}
