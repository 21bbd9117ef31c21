// GL alignment: which account codes each Concur expense type sent in the staged documents, and whether QAD
// takes them in the entities that used them. Read-only; exported as CSV for the person who fixes the
// expense type's GL mapping in Concur.
import { Alert, Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { ColDef } from 'ag-grid-community';
import { useMemo, useState } from 'react';
import type { GlReportDimension } from '../../../shared/contract/lists.ts';
import { useOperation } from '../../api/hooks.ts';
import { DataGrid } from '../../components/DataGrid.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { formatDateTime, humanize } from '../../format.ts';
import { FieldError } from './FieldError.tsx';
import { downloadCsv, glRows, glToCsv, gridHeight, type GlRow } from './rows.ts';

const STATE_BADGE: Record<string, string> = {
  ok: 'ok',
  unknown: 'error',
  inactive: 'error',
  not_postable: 'exception',
  not_in_entity: 'exception',
};

const columns: ColDef<GlRow>[] = [
  {
    field: 'expenseType',
    headerName: 'Expense type',
    width: 220,
    valueFormatter: (p) =>
      p.data?.expenseTypeName ? `${p.data.expenseType} · ${p.data.expenseTypeName}` : String(p.value ?? ''),
  },
  { field: 'code', headerName: 'Account code', width: 140 },
  { field: 'field', headerName: 'Field', width: 180 },
  { field: 'documents', headerName: 'Documents', width: 120, type: 'rightAligned' },
  { field: 'entities', headerName: 'Entities', width: 160 },
  {
    field: 'state',
    headerName: 'QAD status',
    width: 150,
    cellRenderer: (p: { value: string }) => (
      <StatusBadge value={STATE_BADGE[p.value] ?? 'unknown'} label={humanize(p.value)} />
    ),
  },
  { field: 'message', headerName: 'Why', flex: 1, minWidth: 240, tooltipField: 'message' },
];

const dimensionColumns: ColDef<GlReportDimension>[] = [
  { field: 'field', headerName: 'Field', width: 150 },
  { field: 'code', headerName: 'Code', width: 160 },
  { field: 'documents', headerName: 'Documents', width: 120, type: 'rightAligned' },
  {
    field: 'entities',
    headerName: 'Entities',
    width: 160,
    valueFormatter: (p) => (Array.isArray(p.value) ? (p.value as string[]).join(', ') : ''),
  },
  {
    colId: 'known',
    headerName: 'In QAD',
    width: 110,
    // A word, not AG Grid's read-only checkbox for booleans.
    valueGetter: (p) => (p.data?.known ? 'Yes' : 'No'),
  },
  { field: 'message', headerName: 'Why', flex: 1, minWidth: 240, tooltipField: 'message' },
];

export function GlReportPanel() {
  const [range, setRange] = useState({ from: '', to: '' });
  const [debounced] = useDebouncedValue(range, 300);
  const rangeError = debounced.from && debounced.to && debounced.from > debounced.to;
  const args = useMemo(
    () =>
      rangeError
        ? {}
        : {
            ...(debounced.from ? { from: debounced.from } : {}),
            ...(debounced.to ? { to: debounced.to } : {}),
          },
    [debounced, rangeError],
  );
  const report = useOperation('gl/report', args);
  const rows = useMemo(() => (report.data ? glRows(report.data) : undefined), [report.data]);
  const data = report.data;

  return (
    <Stack gap="md">
      <Group gap="sm" align="flex-end" wrap="wrap" role="search" aria-label="Concur documents dated">
        <TextInput
          label="From"
          type="date"
          w={170}
          value={range.from}
          onChange={(e) => {
            const from = e.currentTarget.value;
            setRange((r) => ({ ...r, from }));
          }}
        />
        <TextInput
          label="To"
          type="date"
          w={170}
          value={range.to}
          error={rangeError ? 'Must not be before "from"' : undefined}
          onChange={(e) => {
            const to = e.currentTarget.value;
            setRange((r) => ({ ...r, to }));
          }}
        />
        <Button variant="default" onClick={report.reload} loading={report.loading}>
          Refresh
        </Button>
        <Button
          variant="default"
          disabled={!rows || rows.length === 0}
          onClick={() =>
            rows && downloadCsv(glToCsv(rows), `gl-alignment-${new Date().toISOString().slice(0, 10)}.csv`)
          }
        >
          Export CSV
        </Button>
      </Group>
      {report.error && <FieldError error={report.error} onRetry={report.reload} />}
      {data && (
        <Text size="sm" aria-live="polite">
          {data.documents} Concur document{data.documents === 1 ? '' : 's'} read · {data.expenseTypes.length}{' '}
          expense type{data.expenseTypes.length === 1 ? '' : 's'} ·{' '}
          {data.problems === 0
            ? 'QAD takes every account code'
            : `${data.problems} account code${data.problems === 1 ? '' : 's'} QAD does not take`}{' '}
          · generated {formatDateTime(data.generatedAt)}
        </Text>
      )}
      {data && data.problems > 0 && (
        <Alert color="orange" variant="light">
          Documents with these codes wait as exceptions until the expense type’s GL mapping is fixed in Concur
          or the account is opened in QAD.
        </Alert>
      )}
      {data && data.documents === 0 ? (
        <EmptyState title="No Concur documents in this range">
          The report reads the Concur documents ml-connector has staged. Run the Concur flow, or widen the
          dates.
        </EmptyState>
      ) : (
        (data || report.loading) && (
          <DataGrid<GlRow>
            label="Account codes per Concur expense type"
            rows={rows}
            columns={columns}
            loading={report.loading && !data}
            getRowId={(r) => r.id}
            height={gridHeight(rows?.length ?? 0, 420)}
            emptyMessage="No account codes in these documents."
          />
        )
      )}
      {data && data.dimensions.length > 0 && (
        <Title order={3} size="h5">
          Cost centers, sub-accounts and projects in these documents
        </Title>
      )}
      {data && data.dimensions.length > 0 && (
        <DataGrid<GlReportDimension>
          label="Cost centers, sub-accounts and projects used"
          rows={data.dimensions}
          columns={dimensionColumns}
          getRowId={(r) => `${r.field}|${r.code}`}
          height={gridHeight(data.dimensions.length)}
        />
      )}
    </Stack>
  );
}
