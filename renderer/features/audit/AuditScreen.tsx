import { Alert, Button, Group, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { ColDef } from 'ag-grid-community';
import { useMemo, useState } from 'react';
import type { OperationArgs } from '../../../shared/contract/index.ts';
import type { AuditEvent } from '../../../shared/domain/audit.ts';
import { useOperation } from '../../api/hooks.ts';
import { DataGrid } from '../../components/DataGrid.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Screen } from '../../components/Screen.tsx';
import { formatDateTime } from '../../format.ts';

const columns: ColDef<AuditEvent>[] = [
  { field: 'seq', headerName: '#', type: 'rightAligned', width: 90, sort: 'desc' },
  { field: 'at', headerName: 'When', width: 180, valueFormatter: (p) => formatDateTime(String(p.value)) },
  { field: 'actor', headerName: 'Who', width: 140 },
  { field: 'action', headerName: 'What', width: 190 },
  {
    colId: 'subject',
    headerName: 'Subject',
    width: 220,
    valueGetter: (p) => [p.data?.subjectType, p.data?.subjectId].filter(Boolean).join(' '),
  },
  {
    field: 'detail',
    headerName: 'Detail',
    flex: 1,
    minWidth: 240,
    sortable: false,
    valueFormatter: (p) =>
      p.value && Object.keys(p.value as object).length > 0 ? JSON.stringify(p.value) : '',
    tooltipValueGetter: (p) => JSON.stringify(p.value ?? {}, null, 2),
  },
  {
    field: 'hash',
    headerName: 'Hash',
    width: 130,
    sortable: false,
    valueFormatter: (p) => String(p.value).slice(0, 12),
  },
];

type Filters = { actor: string; action: string; subjectId: string; from: string; to: string };
const NO_FILTERS: Filters = { actor: '', action: '', subjectId: '', from: '', to: '' };

function toArgs(filters: Filters): OperationArgs<'audit/list'> {
  const args: OperationArgs<'audit/list'> = { limit: 1000 };
  for (const key of ['actor', 'action', 'subjectId'] as const)
    if (filters[key].trim()) args[key] = filters[key].trim();
  if (filters.from) args.from = filters.from;
  if (filters.to) args.to = filters.to;
  return args;
}

function ChainStatus() {
  const verify = useOperation('audit/verify');
  if (verify.error) return <ErrorAlert error={verify.error} onRetry={verify.reload} />;
  if (!verify.data) return <Text size="sm">Checking the chain…</Text>;
  const { ok, checked, firstBroken } = verify.data;
  return ok ? (
    <Alert color="teal" variant="light" title="Audit chain intact">
      All {checked} events were checked: every hash and every link to the event before holds.
    </Alert>
  ) : (
    <Alert color="red" variant="filled" title="Audit chain broken" role="alert">
      Event {firstBroken?.seq} does not hold ({firstBroken?.reason}). The trail was altered outside
      ml-connector after that point; keep a copy of the database for your auditor.
    </Alert>
  );
}

export function AuditScreen() {
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const args = useMemo(() => toArgs(filters), [filters]);
  // Typing in a filter should not send a call per keystroke.
  const [debouncedArgs] = useDebouncedValue(args, 250);
  const list = useOperation('audit/list', debouncedArgs);
  const set = (key: keyof Filters) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setFilters((old) => ({ ...old, [key]: value }));
  };
  return (
    <Screen
      title="Audit"
      subtitle="Every fetch, decision, release, posting and confirmation, append-only and hash-chained."
      actions={
        <Button variant="default" onClick={list.reload}>
          Refresh
        </Button>
      }
    >
      <ChainStatus />
      <Group gap="sm" align="flex-end" role="search" aria-label="Filter audit events">
        <TextInput label="Who" w={150} value={filters.actor} onChange={set('actor')} />
        <TextInput label="What" w={180} value={filters.action} onChange={set('action')} />
        <TextInput label="Subject ID" w={200} value={filters.subjectId} onChange={set('subjectId')} />
        <TextInput label="From" type="date" w={150} value={filters.from} onChange={set('from')} />
        <TextInput label="To" type="date" w={150} value={filters.to} onChange={set('to')} />
      </Group>
      {list.error && <ErrorAlert error={list.error} onRetry={list.reload} />}
      <Text size="sm" c="dimmed" aria-live="polite">
        {list.loading ? 'Loading…' : `${list.data?.total ?? 0} events`}
      </Text>
      <DataGrid<AuditEvent>
        label="Audit events"
        rows={list.data?.events}
        columns={columns}
        loading={list.loading}
        getRowId={(row) => String(row.seq)}
        height="calc(100vh - 380px)"
        emptyMessage="No audit events match."
      />
    </Screen>
  );
}
