// Reads one dimension's QAD values (and the QAD entities, for a connected list's first level) from the local
// QAD cache that the masterData flow refreshes: cost centers per entity, sub-accounts and projects under '*'.
import type { ListDimension } from '../../../shared/contract/lists.ts';
import { type Db, listQadRecords, qadCacheFreshness } from '../../store/index.ts';
import type { QadDimensionRecord, QadEntityRecord } from './plan.ts';

function text(payload: Readonly<Record<string, unknown>>, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = payload[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}

export interface QadDimensionValues {
  readonly records: readonly QadDimensionRecord[];
  readonly entities: readonly QadEntityRecord[];
}

export function readQadDimension(db: Db, dimension: ListDimension): QadDimensionValues {
  const entities = listQadRecords(db, 'entity', '*').map((r) => {
    const name = text(r.payload, 'name', 'description');
    return { code: r.code, active: r.active, ...(name ? { name } : {}) };
  });
  // Every entity the cache holds this kind for (cost centers per entity, the others under '*').
  const scopes = new Set(
    qadCacheFreshness(db)
      .filter((f) => f.kind === dimension)
      .map((f) => f.entity),
  );
  if (dimension !== 'cost_center') scopes.add('*');
  const records: QadDimensionRecord[] = [];
  for (const scope of [...scopes].sort()) {
    for (const r of listQadRecords(db, dimension, scope)) {
      const name = text(r.payload, 'description', 'name');
      records.push({ entity: r.entity, code: r.code, active: r.active, ...(name ? { name } : {}) });
    }
  }
  return { records, entities };
}
