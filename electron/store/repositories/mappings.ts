// Mapping tables: (kind, entity or '*', source value) -> QAD target. Every save creates one new global
// mapping version (who, when); rows are closed, never overwritten, so validation records the version it
// used and a replay can resolve a document exactly as it was resolved then (lookupMapping at a version).
import { z } from 'zod';
import { MAPPING_KINDS, type MappingKind } from '../../../shared/domain/exception.ts';
import { type MappingRow, type MappingVersionRow, rowToMapping, rowToMappingVersion } from '../rows.ts';
import {
  type Db,
  type Page,
  type WriteContext,
  pageSchema,
  parse,
  resolveContext,
  stmt,
  writeTx,
} from '../sql.ts';
import type { MappingEntry, MappingTarget, MappingVersion } from '../types.ts';
import { auditChange } from './audit.ts';

export const ANY_ENTITY = '*';

export interface MappingChange {
  readonly kind: MappingKind;
  /** A QAD entity, or '*' (the default) for every entity. An entity's own row wins over '*'. */
  readonly entity?: string;
  /** Compared exactly (after trimming): source codes are case-sensitive in Concur. */
  readonly sourceValue: string;
  /** The new target, or null to remove the mapping from this version on. */
  readonly target: MappingTarget | null;
}

const targetSchema = z
  .record(z.string().min(1), z.string().trim().min(1, 'target values must not be empty').max(80))
  .refine((target) => Object.keys(target).length > 0, 'target needs at least one field, e.g. { supplier }');

const changeSchema = z.object({
  kind: z.enum(MAPPING_KINDS),
  entity: z.string().trim().min(1).max(40).default(ANY_ENTITY),
  sourceValue: z.string().trim().min(1, 'sourceValue is required').max(200),
  target: targetSchema.nullable(),
});

export interface MappingSaveResult {
  /** The new version, or the current one when nothing actually changed. */
  readonly version: number;
  readonly changed: number;
}

export function currentMappingVersion(db: Db): number {
  return (stmt(db, 'SELECT coalesce(max(version), 0) AS v FROM mapping_versions').get() as { v: number }).v;
}

/** Saves several changes (a grid save) as one version. Changes that change nothing are skipped. */
export function changeMappings(
  db: Db,
  changes: readonly MappingChange[],
  ctx: WriteContext & { readonly note?: string },
): MappingSaveResult {
  const parsed = parse(z.array(changeSchema).min(1, 'no mapping changes given'), changes);
  const note = parse(z.string().max(500).default(''), ctx.note);
  const c = resolveContext(ctx);
  return writeTx(db, () => {
    const current = currentMappingVersion(db);
    const version = current + 1;
    const findCurrent = stmt(
      db,
      'SELECT * FROM mappings WHERE kind = ? AND entity = ? AND source_value = ? AND valid_to_version IS NULL',
    );
    const summary: Record<string, unknown>[] = [];
    let versionCreated = false;
    for (const change of parsed) {
      const existing = findCurrent.get(change.kind, change.entity, change.sourceValue) as
        MappingRow | undefined;
      const before = existing ? (JSON.parse(existing.target_json) as MappingTarget) : null;
      const after = change.target === null ? null : sortTarget(change.target);
      if (JSON.stringify(before) === JSON.stringify(after)) continue;
      if (!versionCreated) {
        stmt(
          db,
          'INSERT INTO mapping_versions (version, changed_by, changed_at, note) VALUES (?, ?, ?, ?)',
        ).run(version, c.actor, c.at, note);
        versionCreated = true;
      }
      if (existing)
        stmt(db, 'UPDATE mappings SET valid_to_version = ? WHERE id = ?').run(version, existing.id);
      if (after) {
        stmt(
          db,
          `INSERT INTO mappings (kind, entity, source_value, target_json, valid_from_version) VALUES (?, ?, ?, ?, ?)`,
        ).run(change.kind, change.entity, change.sourceValue, JSON.stringify(after), version);
      }
      summary.push({
        kind: change.kind,
        entity: change.entity,
        sourceValue: change.sourceValue,
        before,
        after,
      });
    }
    if (!versionCreated) return { version: current, changed: 0 };
    auditChange(
      db,
      c,
      'mapping.changed',
      { type: 'mapping_version', id: version },
      {
        version,
        ...(note ? { note } : {}),
        changes: summary,
      },
    );
    return { version, changed: summary.length };
  });
}

export function setMapping(
  db: Db,
  change: MappingChange,
  ctx: WriteContext & { readonly note?: string },
): MappingSaveResult {
  return changeMappings(db, [change], ctx);
}

function sortTarget(target: Record<string, string>): MappingTarget {
  return Object.fromEntries(Object.entries(target).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const AT_VERSION =
  'valid_from_version <= @version AND (valid_to_version IS NULL OR valid_to_version > @version)';

/**
 * The mapping in force at `version` (default: now) for an entity, falling back to the '*' row.
 * Returns undefined when neither exists: the caller raises an unmapped_value exception.
 */
export function lookupMapping(
  db: Db,
  kind: MappingKind,
  entity: string,
  sourceValue: string,
  version: number = currentMappingVersion(db),
): MappingEntry | undefined {
  const row = stmt(
    db,
    `SELECT * FROM mappings WHERE kind = @kind AND source_value = @sourceValue AND entity IN (@entity, '*')
       AND ${AT_VERSION}
     ORDER BY entity = '*' LIMIT 1`,
  ).get({ kind, sourceValue: sourceValue.trim(), entity, version }) as MappingRow | undefined;
  return row && rowToMapping(row);
}

export interface MappingFilter extends Page {
  readonly kind?: MappingKind;
  readonly entity?: string;
  /** Default: the current version. */
  readonly version?: number;
  /** Substring of the source value. */
  readonly search?: string;
}

const mappingFilterSchema = z.object({
  kind: z.enum(MAPPING_KINDS).optional(),
  entity: z.string().max(40).optional(),
  version: z.number().int().min(0).optional(),
  search: z.string().max(200).optional(),
  offset: pageSchema.offset,
  limit: z.number().int().min(1).max(100_000).default(10_000),
});

/** The rows in force at a version: what the mapping grid shows and what the pure resolver is fed. */
export function listMappings(
  db: Db,
  filter: MappingFilter = {},
): { readonly version: number; readonly mappings: readonly MappingEntry[]; readonly total: number } {
  const f = parse(mappingFilterSchema, filter);
  const version = f.version ?? currentMappingVersion(db);
  const params = {
    version,
    kind: f.kind ?? null,
    entity: f.entity ?? null,
    search: f.search?.trim().toLowerCase() || null,
  };
  const where = `WHERE ${AT_VERSION} AND (@kind IS NULL OR kind = @kind) AND (@entity IS NULL OR entity = @entity)
    AND (@search IS NULL OR instr(lower(source_value), @search))`;
  const total = (stmt(db, `SELECT count(*) AS n FROM mappings ${where}`).get(params) as { n: number }).n;
  const rows = stmt(
    db,
    `SELECT * FROM mappings ${where} ORDER BY kind, entity, source_value LIMIT @limit OFFSET @offset`,
  ).all({ ...params, limit: f.limit, offset: f.offset }) as MappingRow[];
  return { version, mappings: rows.map(rowToMapping), total };
}

/** Every row a key ever had, oldest first. */
export function mappingHistory(
  db: Db,
  kind: MappingKind,
  entity: string,
  sourceValue: string,
): readonly MappingEntry[] {
  const rows = stmt(
    db,
    'SELECT * FROM mappings WHERE kind = ? AND entity = ? AND source_value = ? ORDER BY valid_from_version',
  ).all(kind, entity, sourceValue.trim()) as MappingRow[];
  return rows.map(rowToMapping);
}

/** Newest first. */
export function listMappingVersions(
  db: Db,
  page: Page = {},
): { readonly versions: readonly MappingVersion[]; readonly total: number } {
  const p = parse(z.object(pageSchema), page);
  const total = (stmt(db, 'SELECT count(*) AS n FROM mapping_versions').get() as { n: number }).n;
  const rows = stmt(db, 'SELECT * FROM mapping_versions ORDER BY version DESC LIMIT ? OFFSET ?').all(
    p.limit,
    p.offset,
  ) as MappingVersionRow[];
  return { versions: rows.map(rowToMappingVersion), total };
}
