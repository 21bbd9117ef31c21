// A read-only view of the QAD master-data cache for the pure resolver. Payload field names follow the
// shared QAD types (shared/domain/qad.ts) the masterData flow writes; they are read tolerantly because the
// cache is filled by another flow and an odd row must become an exception, never a crash.
import type { Db, QadCacheKind, QadRecord } from '../store/index.ts';
import { listQadRecords } from '../store/index.ts';

export interface QadSnapshot {
  /** The record for an entity, falling back to the domain-wide ('*') row. */
  record(kind: QadCacheKind, entity: string, code: string): QadRecord | undefined;
  /** The entity's rows of a kind plus the domain-wide ones. */
  records(kind: QadCacheKind, entity: string): readonly QadRecord[];
  /** Whether QAD (as cached) knows this entity code. */
  knowsEntity(entity: string): boolean;
}

/** Lazily reads and memoises (kind, entity) slices: one snapshot per validation pass. */
export function storeSnapshot(db: Db): QadSnapshot {
  return snapshotFrom((kind, entity) => listQadRecords(db, kind, entity));
}

/** A snapshot over plain rows (tests, replays). */
export function snapshotFromRecords(rows: readonly QadRecord[]): QadSnapshot {
  return snapshotFrom((kind, entity) => rows.filter((r) => r.kind === kind && r.entity === entity));
}

function snapshotFrom(load: (kind: QadCacheKind, entity: string) => readonly QadRecord[]): QadSnapshot {
  const slices = new Map<string, Map<string, QadRecord>>();
  const slice = (kind: QadCacheKind, entity: string): Map<string, QadRecord> => {
    const key = `${kind}\u0000${entity}`;
    let found = slices.get(key);
    if (!found) {
      found = new Map(load(kind, entity).map((r) => [r.code, r]));
      slices.set(key, found);
    }
    return found;
  };
  return {
    record: (kind, entity, code) => slice(kind, entity).get(code) ?? slice(kind, '*').get(code),
    records: (kind, entity) => [
      ...slice(kind, entity).values(),
      ...(entity === '*' ? [] : slice(kind, '*').values()),
    ],
    knowsEntity: (entity) =>
      slice('entity', '*').has(entity) ||
      slice('entity', entity).has(entity) ||
      slice('period', entity).size > 0 ||
      slice('gl_account', entity).size > 0,
  };
}

// --- tolerant payload readers -------------------------------------------------------------------------

export function str(payload: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const v = payload[key];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

export function num(payload: Readonly<Record<string, unknown>>, key: string): number | undefined {
  const v = payload[key];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/** GL accounts: header accounts exist but take no postings (`postable: false`). */
export function isPostable(record: QadRecord): boolean {
  return record.payload.postable !== false;
}

export interface PeriodView {
  readonly year?: number;
  readonly period?: number;
  readonly start: string;
  readonly end: string;
  readonly open: boolean;
}

export function periodOf(record: QadRecord): PeriodView | undefined {
  const start = str(record.payload, 'start');
  const end = str(record.payload, 'end');
  if (!start || !end) return undefined;
  const status = str(record.payload, 'status');
  const open =
    typeof record.payload.open === 'boolean'
      ? record.payload.open
      : status
        ? status === 'open'
        : record.active;
  const year = num(record.payload, 'year');
  const period = num(record.payload, 'period');
  return {
    start,
    end,
    open,
    ...(year === undefined ? {} : { year }),
    ...(period === undefined ? {} : { period }),
  };
}

/** Open (received, not yet matched) quantity of a receipt row. */
export function receiptOpenQuantity(record: QadRecord): number {
  const open = num(record.payload, 'quantityOpen');
  if (open !== undefined) return open;
  const quantity = num(record.payload, 'quantity') ?? 0;
  const matched = num(record.payload, 'quantityMatched') ?? 0;
  return quantity - matched;
}
