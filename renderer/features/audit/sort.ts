// Which Audit grid columns the engine can sort, and the grid's sort turned into `audit/list`'s `sort` (pure,
// tested in test/web/renderer-sort.test.ts). Only seq and time: the grid pages from the server, so sorting
// any other column would order one loaded block and mislead.
import type { SortModelItem } from 'ag-grid-community';
import type { AuditSortField, OperationArgs } from '../../../shared/contract/index.ts';

/** Grid column id -> the engine's sort field. */
export const AUDIT_SORT_COLUMNS: Readonly<Record<string, AuditSortField>> = { seq: 'seq', at: 'at' };

export type AuditSort = NonNullable<OperationArgs<'audit/list'>['sort']>;

/** The grid's first sorted column; undefined: the engine's default, newest first. */
export function auditSort(sortModel: readonly SortModelItem[]): AuditSort | undefined {
  const first = sortModel[0];
  const field =
    first && Object.hasOwn(AUDIT_SORT_COLUMNS, first.colId) ? AUDIT_SORT_COLUMNS[first.colId] : undefined;
  return first && field ? { field, direction: first.sort } : undefined;
}
