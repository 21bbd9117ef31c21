// The local copy of QAD master data that validation resolves against. A refresh replaces everything of
// one kind for one entity in a single transaction, so validation never sees half a refresh.
import { z } from 'zod';
import { StoreError } from '../errors.ts';
import { type QadRow, rowToQadRecord } from '../rows.ts';
import { type Db, type WriteContext, parse, resolveContext, stmt, writeTx } from '../sql.ts';
import { QAD_CACHE_KINDS, type QadCacheFreshness, type QadCacheKind, type QadRecord } from '../types.ts';
import { auditChange } from './audit.ts';

export interface QadCacheInput {
  readonly code: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly active: boolean;
}

const kindSchema = z.enum(QAD_CACHE_KINDS);
const entitySchema = z.string().trim().min(1, "entity is required ('*' for domain-wide data)").max(40);
const rowsSchema = z.array(
  z.object({
    code: z.string().min(1, 'code is required').max(200),
    payload: z.record(z.string(), z.unknown()),
    active: z.boolean(),
  }),
);

export interface QadCacheRefreshResult {
  readonly count: number;
  readonly added: number;
  readonly removed: number;
}

export function replaceQadCache(
  db: Db,
  kind: QadCacheKind,
  entity: string,
  rows: readonly QadCacheInput[],
  ctx: WriteContext,
): QadCacheRefreshResult {
  const k = parse(kindSchema, kind);
  const e = parse(entitySchema, entity);
  const parsed = parse(rowsSchema, rows);
  const codes = new Set<string>();
  for (const row of parsed) {
    if (codes.has(row.code)) {
      throw new StoreError(
        'invalid_argument',
        `QAD ${k} ${row.code} appears twice in one refresh for entity ${e}`,
        'rows',
      );
    }
    codes.add(row.code);
  }
  const c = resolveContext(ctx);
  return writeTx(db, () => {
    const before = new Set(
      (
        stmt(db, 'SELECT code FROM qad_cache WHERE kind = ? AND entity = ?').all(k, e) as { code: string }[]
      ).map((row) => row.code),
    );
    stmt(db, 'DELETE FROM qad_cache WHERE kind = ? AND entity = ?').run(k, e);
    const insert = stmt(
      db,
      'INSERT INTO qad_cache (kind, entity, code, payload_json, active, refreshed_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    for (const row of parsed)
      insert.run(k, e, row.code, JSON.stringify(row.payload), row.active ? 1 : 0, c.at);
    stmt(
      db,
      `INSERT INTO qad_cache_refreshes (kind, entity, refreshed_at, row_count) VALUES (?, ?, ?, ?)
       ON CONFLICT (kind, entity) DO UPDATE SET refreshed_at = excluded.refreshed_at, row_count = excluded.row_count`,
    ).run(k, e, c.at, parsed.length);
    const added = [...codes].filter((code) => !before.has(code));
    const removed = [...before].filter((code) => !codes.has(code));
    const result = { count: parsed.length, added: added.length, removed: removed.length };
    // Codes are listed only when few, so a nightly refresh of thousands of rows stays one small event.
    auditChange(
      db,
      c,
      'qad_cache.refreshed',
      { type: 'qad_cache', id: `${k}/${e}` },
      {
        kind: k,
        entity: e,
        ...result,
        ...(added.length > 0 && added.length <= 50 ? { addedCodes: added } : {}),
        ...(removed.length > 0 && removed.length <= 50 ? { removedCodes: removed } : {}),
      },
    );
    return result;
  });
}

export function getQadRecord(
  db: Db,
  kind: QadCacheKind,
  entity: string,
  code: string,
): QadRecord | undefined {
  const row = stmt(db, 'SELECT * FROM qad_cache WHERE kind = ? AND entity = ? AND code = ?').get(
    kind,
    entity,
    code,
  ) as QadRow | undefined;
  return row && rowToQadRecord(row);
}

export function listQadRecords(
  db: Db,
  kind: QadCacheKind,
  entity: string,
  options: { readonly activeOnly?: boolean } = {},
): readonly QadRecord[] {
  const rows = stmt(
    db,
    'SELECT * FROM qad_cache WHERE kind = ? AND entity = ? AND (? = 0 OR active = 1) ORDER BY code',
  ).all(kind, entity, options.activeOnly ? 1 : 0) as QadRow[];
  return rows.map(rowToQadRecord);
}

/** When each (kind, entity) was last refreshed; absent kinds were never loaded. */
export function qadCacheFreshness(db: Db): readonly QadCacheFreshness[] {
  const rows = stmt(db, 'SELECT * FROM qad_cache_refreshes ORDER BY kind, entity').all() as {
    kind: QadCacheKind;
    entity: string;
    refreshed_at: string;
    row_count: number;
  }[];
  return rows.map((row) => ({
    kind: row.kind,
    entity: row.entity,
    refreshedAt: row.refreshed_at,
    rowCount: row.row_count,
  }));
}
