import { Button, Group, Select, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { ColDef } from 'ag-grid-community';
import { useMemo, useState } from 'react';
import type { OperationArgs } from '../../../shared/contract/index.ts';
import { DOCUMENT_STATES, SOURCES } from '../../../shared/domain/document.ts';
import type { DocumentSummary } from '../../../shared/domain/status.ts';
import { useOperation, usePushEvent } from '../../api/hooks.ts';
import { DataGrid } from '../../components/DataGrid.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Screen } from '../../components/Screen.tsx';
import { formatAmount, formatDate, formatDateTime, humanize } from '../../format.ts';

/** Enough for a day's queue; the grid virtualises, the server pages beyond this. */
const PAGE = 1000;

const columns: ColDef<DocumentSummary>[] = [
  {
    field: 'source',
    headerName: 'Source',
    width: 110,
    valueFormatter: (p) => (p.value === 'concur' ? 'Concur' : 'Expensify'),
  },
  { field: 'sourceId', headerName: 'Source ID', width: 130 },
  { field: 'state', headerName: 'State', width: 140, valueFormatter: (p) => humanize(String(p.value)) },
  { field: 'entity', headerName: 'Entity', width: 95 },
  { field: 'payee', headerName: 'Payee', flex: 1, minWidth: 170 },
  {
    field: 'documentDate',
    headerName: 'Date',
    width: 125,
    valueFormatter: (p) => formatDate(String(p.value)),
  },
  {
    field: 'totalMinor',
    headerName: 'Amount',
    type: 'rightAligned',
    width: 140,
    valueFormatter: (p) => (p.data ? formatAmount(p.data.totalMinor, p.data.currency) : ''),
  },
  { field: 'currency', headerName: 'Currency', width: 100 },
  { field: 'kind', headerName: 'Kind', width: 140, valueFormatter: (p) => humanize(String(p.value)) },
  { field: 'supplier', headerName: 'QAD supplier', width: 130 },
  { field: 'exceptionCount', headerName: 'Exceptions', type: 'rightAligned', width: 120 },
  {
    field: 'qadDocumentId',
    headerName: 'QAD document',
    width: 150,
    valueFormatter: (p) => String(p.value ?? '—'),
  },
  {
    field: 'updatedAt',
    headerName: 'Updated',
    width: 170,
    valueFormatter: (p) => formatDateTime(String(p.value)),
  },
];

type Filters = { source: string; state: string; entity: string; search: string; from: string; to: string };
const NO_FILTERS: Filters = { source: '', state: '', entity: '', search: '', from: '', to: '' };

function toArgs(filters: Filters): OperationArgs<'documents/list'> {
  const args: OperationArgs<'documents/list'> = { limit: PAGE };
  if (filters.source) args.source = filters.source as (typeof SOURCES)[number];
  if (filters.state) args.state = filters.state as (typeof DOCUMENT_STATES)[number];
  if (filters.entity.trim()) args.entity = filters.entity.trim();
  if (filters.search.trim()) args.search = filters.search.trim();
  if (filters.from) args.from = filters.from;
  if (filters.to) args.to = filters.to;
  return args;
}

export function DocumentsScreen() {
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const args = useMemo(() => toArgs(filters), [filters]);
  // Typing in a filter should not send a call per keystroke.
  const [debouncedArgs] = useDebouncedValue(args, 250);
  const list = useOperation('documents/list', debouncedArgs);
  usePushEvent('run/finished', () => list.reload());
  const set = (key: keyof Filters) => (value: string | null) =>
    setFilters((old) => ({ ...old, [key]: value ?? '' }));

  const total = list.data?.total ?? 0;
  const shown = list.data?.rows.length ?? 0;
  return (
    <Screen
      title="Documents"
      subtitle="Every document fetched from SAP Concur and Expensify, and where it is on its way into QAD."
      actions={
        <Button variant="default" onClick={list.reload}>
          Refresh
        </Button>
      }
    >
      <Group gap="sm" align="flex-end" wrap="wrap" role="search" aria-label="Filter documents">
        <Select
          label="Source"
          placeholder="All"
          clearable
          w={140}
          data={SOURCES.map((value) => ({ value, label: value === 'concur' ? 'SAP Concur' : 'Expensify' }))}
          value={filters.source || null}
          onChange={set('source')}
        />
        <Select
          label="State"
          placeholder="All"
          clearable
          w={170}
          data={DOCUMENT_STATES.map((value) => ({ value, label: humanize(value) }))}
          value={filters.state || null}
          onChange={set('state')}
        />
        <TextInput
          label="Entity"
          w={110}
          value={filters.entity}
          onChange={(e) => set('entity')(e.currentTarget.value)}
        />
        <TextInput
          label="From"
          type="date"
          w={150}
          value={filters.from}
          onChange={(e) => set('from')(e.currentTarget.value)}
        />
        <TextInput
          label="To"
          type="date"
          w={150}
          value={filters.to}
          onChange={(e) => set('to')(e.currentTarget.value)}
        />
        <TextInput
          label="Search"
          placeholder="ID, payee, supplier"
          w={220}
          value={filters.search}
          onChange={(e) => set('search')(e.currentTarget.value)}
        />
        <Button variant="subtle" onClick={() => setFilters(NO_FILTERS)}>
          Clear filters
        </Button>
      </Group>
      {list.error && <ErrorAlert error={list.error} onRetry={list.reload} />}
      <Text size="sm" c="dimmed" aria-live="polite">
        {list.loading
          ? 'Loading…'
          : shown < total
            ? `Showing the first ${shown} of ${total} documents`
            : `${total} documents`}
      </Text>
      <DataGrid<DocumentSummary>
        label="Documents"
        rows={list.data?.rows}
        columns={columns}
        loading={list.loading}
        getRowId={(row) => String(row.id)}
        emptyMessage="No documents match. Documents appear after a run fetches approved ones."
      />
    </Screen>
  );
}
