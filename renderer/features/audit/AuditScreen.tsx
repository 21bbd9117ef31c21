import { Alert, Button, Code, Drawer, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { ColDef, IDatasource } from 'ag-grid-community';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { OperationArgs } from '../../../shared/contract/index.ts';
import type { ContractError } from '../../../shared/contract/result.ts';
import type { AuditEvent } from '../../../shared/domain/audit.ts';
import { client } from '../../api/client.ts';
import { useOperation } from '../../api/hooks.ts';
import { DataGrid } from '../../components/DataGrid.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Screen } from '../../components/Screen.tsx';
import { formatDateTime } from '../../format.ts';
import { auditToCsv } from './audit-csv.ts';
import { AUDIT_SORT_COLUMNS, type AuditSort, auditSort } from './sort.ts';
import { download } from '../../download.ts';

const BLOCK = 200;

const baseColumns: ColDef<AuditEvent>[] = [
  { field: 'seq', headerName: '#', type: 'rightAligned', width: 90 },
  {
    field: 'at',
    headerName: 'When',
    width: 180,
    valueFormatter: (p) => formatDateTime(String(p.value ?? '')),
  },
  { field: 'actor', headerName: 'Who', width: 140 },
  { field: 'action', headerName: 'What', width: 190 },
  {
    colId: 'subject',
    headerName: 'Subject',
    width: 200,
    valueGetter: (p) => [p.data?.subjectType, p.data?.subjectId].filter(Boolean).join(' '),
  },
  {
    field: 'detail',
    headerName: 'Detail',
    flex: 1,
    minWidth: 240,
    valueFormatter: (p) =>
      p.value && Object.keys(p.value as object).length > 0 ? JSON.stringify(p.value) : '',
  },
  {
    field: 'hash',
    headerName: 'Hash',
    width: 130,
    valueFormatter: (p) => String(p.value ?? '').slice(0, 12),
  },
];
// The server pages, so a header click re-asks the engine in the new order (`sortModel` below); columns the
// engine cannot order by stay unsortable, because sorting one loaded block would mislead.
const columns = baseColumns.map((c) => ({
  ...c,
  sortable: Object.hasOwn(AUDIT_SORT_COLUMNS, c.colId ?? String(c.field)),
}));

type Filters = { actor: string; action: string; subjectId: string; from: string; to: string };
const NO_FILTERS: Filters = { actor: '', action: '', subjectId: '', from: '', to: '' };

type ListArgs = Omit<OperationArgs<'audit/list'>, 'offset' | 'limit'>;

function toArgs(filters: Filters): { args: ListArgs; errors: Partial<Record<keyof Filters, string>> } {
  const args: { -readonly [K in keyof ListArgs]: ListArgs[K] } = {};
  const errors: Partial<Record<keyof Filters, string>> = {};
  for (const key of ['actor', 'action', 'subjectId'] as const) {
    const value = filters[key].trim();
    if (value.length > 200) errors[key] = 'At most 200 characters';
    else if (value) args[key] = value;
  }
  if (filters.from) args.from = filters.from;
  if (filters.to) args.to = filters.to;
  if (filters.from && filters.to && filters.from > filters.to) errors.to = 'Must not be before "From"';
  return { args, errors };
}

function ChainStatus() {
  const verify = useOperation('audit/verify');
  if (verify.error) return <ErrorAlert error={verify.error} onRetry={verify.reload} />;
  if (!verify.data) return <Text size="sm">Checking the chain…</Text>;
  const { ok, checked, firstBroken } = verify.data;
  return ok ? (
    <Alert color="teal" variant="light" title="Audit chain intact">
      All {checked} events were checked: every hash and every link to the event before holds.{' '}
      <Button size="compact-xs" variant="subtle" onClick={verify.reload}>
        Verify again
      </Button>
    </Alert>
  ) : (
    <Alert color="red" variant="filled" title="Audit chain broken" role="alert">
      Event {firstBroken?.seq} does not hold ({firstBroken?.reason}). The trail was altered outside
      ml-connector after that point; keep a copy of the database for your auditor.
    </Alert>
  );
}

function EventDrawer(props: { event: AuditEvent; onClose: () => void }) {
  const { event } = props;
  return (
    <Drawer
      opened
      onClose={props.onClose}
      position="right"
      size="lg"
      title={`Event #${event.seq}`}
      styles={{ title: { fontSize: 'var(--mantine-h3-font-size)', fontWeight: 600 } }}
      closeButtonProps={{ 'aria-label': 'Close event detail' }}
    >
      <Stack gap="sm">
        <SimpleGrid cols={2} spacing="xs">
          <Text size="sm">When: {formatDateTime(event.at)}</Text>
          <Text size="sm">Who: {event.actor}</Text>
          <Text size="sm">What: {event.action}</Text>
          <Text size="sm">
            Subject: {[event.subjectType, event.subjectId].filter(Boolean).join(' ') || '—'}
          </Text>
        </SimpleGrid>
        {event.subjectType === 'document' && event.subjectId && (
          <Text size="sm">
            <a href={`#/documents/${encodeURIComponent(event.subjectId)}`}>Open the document</a>
          </Text>
        )}
        <Title order={3} size="h5">
          Detail (secrets redacted before storing)
        </Title>
        <Code block>{JSON.stringify(event.detail, null, 2)}</Code>
        <Text size="xs" c="dimmed">
          Hash {event.hash}
          <br />
          Previous {event.prevHash}
        </Text>
      </Stack>
    </Drawer>
  );
}

export function AuditScreen() {
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [debounced] = useDebouncedValue(filters, 300);
  const { args, errors } = useMemo(() => toArgs(debounced), [debounced]);
  const argsKey = JSON.stringify(args);
  const [generation, setGeneration] = useState(0);
  const [total, setTotal] = useState<number>();
  const [error, setError] = useState<ContractError>();
  const [open, setOpen] = useState<AuditEvent>();
  const [exporting, setExporting] = useState(false);
  // The order on screen, so an export lists the events the way the person sees them.
  const shownSort = useRef<AuditSort>(undefined);

  const source = useMemo<IDatasource>(
    () => ({
      getRows(params) {
        const sort = auditSort(params.sortModel);
        shownSort.current = sort;
        void client
          .invoke('audit/list', {
            ...args,
            ...(sort ? { sort } : {}),
            offset: params.startRow,
            limit: params.endRow - params.startRow,
          })
          .then((result) => {
            if (!result.ok) {
              setError(result.error);
              params.failCallback();
              return;
            }
            setError(undefined);
            setTotal(result.value.total);
            params.successCallback([...result.value.events], result.value.total);
          });
      },
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- argsKey stands for args by value
    [argsKey, generation],
  );
  const refresh = useCallback(() => setGeneration((g) => g + 1), []);

  async function exportCsv() {
    setExporting(true);
    const events: AuditEvent[] = [];
    for (let offset = 0; offset < 200_000; offset += 1000) {
      const sort = shownSort.current;
      const result = await client.invoke('audit/list', {
        ...args,
        ...(sort ? { sort } : {}),
        offset,
        limit: 1000,
      });
      if (!result.ok) {
        setError(result.error);
        break;
      }
      events.push(...result.value.events);
      if (events.length >= result.value.total || result.value.events.length === 0) break;
    }
    setExporting(false);
    download(`audit-${new Date().toISOString().slice(0, 10)}.csv`, auditToCsv(events));
  }

  const input = (key: keyof Filters) => ({
    value: filters[key],
    error: errors[key],
    onChange: (e: { currentTarget: { value: string } }) => {
      const value = e.currentTarget.value;
      setFilters((old) => ({ ...old, [key]: value }));
    },
  });
  return (
    <Screen
      title="Audit"
      subtitle="Every fetch, decision, release, posting and confirmation, append-only and hash-chained. Press Enter on an event for its detail."
      actions={
        <>
          <Button variant="default" onClick={() => void exportCsv()} loading={exporting}>
            Export CSV
          </Button>
          <Button variant="default" onClick={refresh}>
            Refresh
          </Button>
        </>
      }
    >
      <ChainStatus />
      <Group gap="sm" align="flex-start" role="search" aria-label="Filter audit events">
        <TextInput label="Document or subject ID" w={200} {...input('subjectId')} />
        <TextInput label="Who" w={150} {...input('actor')} />
        <TextInput label="What" placeholder="e.g. batch.released" w={190} {...input('action')} />
        <TextInput label="From" type="date" w={150} {...input('from')} />
        <TextInput label="To" type="date" w={150} {...input('to')} />
        <Button variant="subtle" mt={25} onClick={() => setFilters(NO_FILTERS)}>
          Clear filters
        </Button>
      </Group>
      {error && <ErrorAlert error={error} onRetry={refresh} />}
      <Text size="sm" c="dimmed" aria-live="polite" data-testid="audit-count">
        {total === undefined ? 'Loading…' : `${total.toLocaleString()} events`}
      </Text>
      <DataGrid<AuditEvent>
        label="Audit events"
        rows={undefined}
        columns={columns}
        getRowId={(row) => String(row.seq)}
        height="calc(100vh - 400px)"
        emptyMessage="No audit events match."
        onOpen={setOpen}
        options={{
          rowModelType: 'infinite',
          datasource: source,
          cacheBlockSize: BLOCK,
          maxBlocksInCache: 20,
          infiniteInitialRowCount: 1,
          // The engine orders by one column; a shift-click replaces the sort instead of adding to it.
          suppressMultiSort: true,
        }}
      />
      {open && <EventDrawer event={open} onClose={() => setOpen(undefined)} />}
    </Screen>
  );
}
