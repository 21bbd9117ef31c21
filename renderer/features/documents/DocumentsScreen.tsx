import { Button, Group, Select, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { ColDef, GridApi, IDatasource } from 'ag-grid-community';
import { useCallback, useMemo, useRef, useState } from 'react';
import { DOCUMENT_STATES, SOURCES } from '../../../shared/domain/document.ts';
import type { DocumentSummary } from '../../../shared/domain/status.ts';
import { client } from '../../api/client.ts';
import { useHashDetail } from '../../api/hash-detail.ts';
import { usePushEvent } from '../../api/hooks.ts';
import { DataGrid } from '../../components/DataGrid.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Screen } from '../../components/Screen.tsx';
import {
  SOURCE_LABELS,
  dateColumn,
  dateTimeColumn,
  moneyColumn,
  sourceColumn,
  wordColumn,
} from '../../components/columns.ts';
import type { ContractError } from '../../../shared/contract/result.ts';
import { humanize } from '../../format.ts';
import { DocumentDrawer } from './DocumentDrawer.tsx';
import { type DocumentFilters, NO_DOCUMENT_FILTERS, type ListArgs, filtersToArgs } from './filters.ts';
import { DOCUMENT_SORT_COLUMNS, documentSort } from './sort.ts';

/** Rows per `documents/list` call; the grid asks for the next block only when the person scrolls to it. */
export const DOCUMENT_BLOCK = 100;

const baseColumns: ColDef<DocumentSummary>[] = [
  sourceColumn('source', 115),
  { field: 'sourceId', headerName: 'Source ID', width: 130 },
  wordColumn('state', 'State', 140),
  { field: 'entity', headerName: 'Entity', width: 90 },
  { field: 'payee', headerName: 'Payee', flex: 1, minWidth: 170 },
  { field: 'supplier', headerName: 'QAD supplier', width: 125 },
  dateColumn('documentDate', 'Date'),
  moneyColumn<DocumentSummary>(
    'Amount',
    (r) => r.totalMinor,
    (r) => r.currency,
  ),
  { field: 'currency', headerName: 'Currency', width: 95 },
  wordColumn('kind', 'Kind', 135),
  { field: 'exceptionCount', headerName: 'Exceptions', type: 'rightAligned', width: 115 },
  {
    field: 'qadDocumentId',
    headerName: 'QAD document',
    width: 190,
    valueFormatter: (p) => String(p.value ?? '—'),
  },
  dateTimeColumn('updatedAt', 'Updated'),
];
// The server pages, so a header click re-asks the engine in the new order (`sortModel` below); columns the
// engine cannot order by stay unsortable, because sorting one loaded block would mislead.
const columns = baseColumns.map((column) => ({
  ...column,
  sortable: Object.hasOwn(DOCUMENT_SORT_COLUMNS, column.colId ?? String(column.field)),
}));

function datasource(
  args: ListArgs,
  onTotal: (total: number) => void,
  onError: (error: ContractError | undefined) => void,
): IDatasource {
  return {
    rowCount: undefined,
    getRows(params) {
      const limit = params.endRow - params.startRow;
      const sort = documentSort(params.sortModel);
      const call = { ...args, ...(sort ? { sort } : {}), offset: params.startRow, limit };
      void client.invoke('documents/list', call).then((result) => {
        if (!result.ok) {
          onError(result.error);
          params.failCallback();
          return;
        }
        onError(undefined);
        onTotal(result.value.total);
        params.successCallback([...result.value.rows], result.value.total);
      });
    },
  };
}

export function DocumentsScreen() {
  const [filters, setFilters] = useState<DocumentFilters>(NO_DOCUMENT_FILTERS);
  const [debounced] = useDebouncedValue(filters, 300);
  const { args, errors } = useMemo(() => filtersToArgs(debounced), [debounced]);
  const argsKey = JSON.stringify(args);
  const [generation, setGeneration] = useState(0);
  const [total, setTotal] = useState<number>();
  const [error, setError] = useState<ContractError>();
  const [detail, openDetail] = useHashDetail('documents');

  // A new datasource (new filters, a refresh, a finished run) makes the grid start again from the top.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- argsKey stands for args by value
  const source = useMemo(() => datasource(args, setTotal, setError), [argsKey, generation]);
  const refresh = useCallback(() => setGeneration((g) => g + 1), []);
  const api = useRef<GridApi<DocumentSummary>>(null);
  // A finished run reloads the pages in view and keeps the scroll position; Refresh starts from the top.
  usePushEvent('run/finished', () => api.current?.refreshInfiniteCache());

  const set = (key: keyof DocumentFilters) => (value: string | null) =>
    setFilters((old) => ({ ...old, [key]: value ?? '' }));
  const input = (key: keyof DocumentFilters) => ({
    value: filters[key],
    error: errors[key],
    onChange: (e: { currentTarget: { value: string } }) => set(key)(e.currentTarget.value),
  });
  const documentId = detail !== undefined && /^\d+$/.test(detail) ? Number(detail) : undefined;

  return (
    <Screen
      title="Documents"
      subtitle="Every document fetched from SAP Concur and Expensify, and where it is on its way into QAD. Press Enter on a row for its detail."
      actions={
        <Button variant="default" onClick={refresh}>
          Refresh
        </Button>
      }
    >
      <Group gap="sm" align="flex-start" wrap="wrap" role="search" aria-label="Filter documents">
        <TextInput label="Search" placeholder="ID, payee, supplier, QAD id" w={210} {...input('search')} />
        <Select
          label="Source"
          placeholder="All"
          clearable
          w={135}
          data={SOURCES.map((value) => ({ value, label: SOURCE_LABELS[value] ?? value }))}
          value={filters.source || null}
          onChange={set('source')}
        />
        <Select
          label="State"
          placeholder="All"
          clearable
          w={160}
          data={DOCUMENT_STATES.map((value) => ({ value, label: humanize(value) }))}
          value={filters.state || null}
          onChange={set('state')}
        />
        <TextInput label="Entity" placeholder="10USA" w={95} {...input('entity')} />
        <TextInput label="Supplier" placeholder="Code or name" w={140} {...input('supplier')} />
        <TextInput label="Currency" placeholder="USD" w={90} maxLength={3} {...input('currency')} />
        <TextInput label="From" type="date" w={145} {...input('from')} />
        <TextInput label="To" type="date" w={145} {...input('to')} />
        <TextInput label="Minimum amount" inputMode="decimal" w={130} {...input('minAmount')} />
        <TextInput label="Maximum amount" inputMode="decimal" w={130} {...input('maxAmount')} />
        <Button variant="subtle" mt={25} onClick={() => setFilters(NO_DOCUMENT_FILTERS)}>
          Clear filters
        </Button>
      </Group>
      {error && <ErrorAlert error={error} onRetry={refresh} />}
      <Text size="sm" c="dimmed" aria-live="polite" data-testid="documents-count">
        {total === undefined ? 'Loading…' : `${total.toLocaleString()} documents`}
      </Text>
      <DataGrid<DocumentSummary>
        label="Documents"
        rows={undefined}
        columns={columns}
        getRowId={(row) => String(row.id)}
        height="calc(100vh - 330px)"
        emptyMessage="No documents match. Documents appear after a run fetches approved ones."
        onOpen={(row) => openDetail(String(row.id))}
        options={{
          rowModelType: 'infinite',
          datasource: source,
          cacheBlockSize: DOCUMENT_BLOCK,
          maxBlocksInCache: 20,
          infiniteInitialRowCount: 1,
          maxConcurrentDatasourceRequests: 2,
          blockLoadDebounceMillis: 60,
          // The engine orders by one column; a shift-click replaces the sort instead of adding to it.
          suppressMultiSort: true,
          onGridReady: (event) => {
            api.current = event.api;
          },
        }}
      />
      {documentId !== undefined && (
        <DocumentDrawer
          documentId={documentId}
          onClose={() => openDetail(undefined)}
          onChanged={() => api.current?.refreshInfiniteCache()}
        />
      )}
    </Screen>
  );
}
