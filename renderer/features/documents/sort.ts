// Which Documents grid columns the engine can sort, and the grid's sort turned into `documents/list`'s `sort`
// (pure, tested in test/web/renderer-sort.test.ts). The grid pages from the server, so a column sorts only
// when the engine can order every page by it; the others stay unsortable rather than sort one block.
import type { SortModelItem } from 'ag-grid-community';
import type { DocumentSortField, OperationArgs } from '../../../shared/contract/index.ts';

/** Grid column id -> the engine's sort field. */
export const DOCUMENT_SORT_COLUMNS: Readonly<Record<string, DocumentSortField>> = {
  sourceId: 'sourceId',
  state: 'state',
  supplier: 'supplier',
  documentDate: 'documentDate',
  amount: 'totalMinor',
  updatedAt: 'updatedAt',
};

export type DocumentSort = NonNullable<OperationArgs<'documents/list'>['sort']>;

/** The grid's first sorted column (the grid sorts one column at a time); undefined: the engine's default. */
export function documentSort(sortModel: readonly SortModelItem[]): DocumentSort | undefined {
  const first = sortModel[0];
  const field =
    first && Object.hasOwn(DOCUMENT_SORT_COLUMNS, first.colId)
      ? DOCUMENT_SORT_COLUMNS[first.colId]
      : undefined;
  return first && field ? { field, direction: first.sort } : undefined;
}
