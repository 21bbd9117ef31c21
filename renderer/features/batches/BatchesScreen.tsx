import { Button, SegmentedControl } from '@mantine/core';
import type { ColDef } from 'ag-grid-community';
import { useEffect, useState } from 'react';
import type { BatchState, BatchSummary } from '../../../shared/contract/batches.ts';
import { useHashDetail } from '../../api/hash-detail.ts';
import { useOperation, usePushEvent } from '../../api/hooks.ts';
import { DataGrid } from '../../components/DataGrid.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Screen } from '../../components/Screen.tsx';
import { dateTimeColumn, moneyColumn, sourceColumn, wordColumn } from '../../components/columns.ts';
import { BatchDetail } from './BatchDetail.tsx';
import { MOVING, POLL_MS } from './moving.ts';

const batchColumns: ColDef<BatchSummary>[] = [
  { field: 'id', headerName: 'Batch', width: 85, type: 'rightAligned' },
  sourceColumn('source'),
  { field: 'entity', headerName: 'Entity', width: 90 },
  wordColumn('documentKind', 'Documents of kind', 150),
  wordColumn('postingKind', 'Posts as', 140),
  wordColumn('state', 'State', 140),
  { field: 'documentCount', headerName: 'Documents', width: 110, type: 'rightAligned' },
  moneyColumn<BatchSummary>(
    'Total',
    (b) => b.totalMinor,
    (b) => b.currency,
  ),
  { field: 'currency', headerName: 'Currency', width: 95 },
  dateTimeColumn('updatedAt', 'Updated'),
  {
    field: 'releasedBy',
    headerName: 'Released by',
    width: 130,
    valueFormatter: (p) => String(p.value ?? '—'),
  },
];

export function BatchesScreen() {
  const [state, setState] = useState<BatchState | 'all'>('open');
  const list = useOperation('batches/list', state === 'all' ? { limit: 1000 } : { state, limit: 1000 });
  const [detail, openDetail] = useHashDetail('batches');
  usePushEvent('run/finished', () => list.reload());
  const batchId = detail !== undefined && /^\d+$/.test(detail) ? Number(detail) : undefined;
  const rows = list.data?.batches;
  const moving = rows?.some((b) => MOVING.has(b.state)) ?? false;
  const { reload } = list;
  useEffect(() => {
    if (!moving) return;
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [moving, reload]);

  return (
    <Screen
      title="Batches"
      subtitle="Ready documents grouped per source, entity and currency. Review the totals, then release; nothing posts until a person does."
      actions={
        <Button variant="default" onClick={list.reload}>
          Refresh
        </Button>
      }
    >
      <SegmentedControl
        aria-label="Show batches"
        value={state}
        onChange={(value) => setState(value)}
        data={[
          { value: 'open', label: 'Open' },
          { value: 'released', label: 'Released' },
          { value: 'posting', label: 'Posting' },
          { value: 'posted', label: 'Posted' },
          { value: 'partially_failed', label: 'Partly failed' },
          { value: 'all', label: 'All' },
        ]}
      />
      {list.error && <ErrorAlert error={list.error} onRetry={list.reload} />}
      {rows && rows.length === 0 && state === 'open' ? (
        <EmptyState title="No open batches">
          No batches yet — batches appear when documents are ready to post. Documents that wait for a mapping
          or a receipt are under <a href="#/exceptions">Exceptions</a>.
        </EmptyState>
      ) : (
        <DataGrid<BatchSummary>
          label="Batches"
          rows={rows}
          columns={batchColumns}
          loading={list.loading && !rows}
          getRowId={(b) => String(b.id)}
          height={batchId ? '220px' : 'calc(100vh - 300px)'}
          emptyMessage="No batches in this state."
          onOpen={(b) => openDetail(String(b.id))}
        />
      )}
      {batchId !== undefined && (
        <BatchDetail batchId={batchId} onChanged={list.reload} onClose={() => openDetail(undefined)} />
      )}
    </Screen>
  );
}
