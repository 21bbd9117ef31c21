import { Alert, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ColDef } from 'ag-grid-community';
import { useEffect, useState } from 'react';
import type { BatchAccountTotal, BatchSupplierTotal, BatchView } from '../../../shared/contract/batches.ts';
import type { ContractError } from '../../../shared/contract/result.ts';
import type { DocumentSummary } from '../../../shared/domain/status.ts';
import { useAction, useOperation } from '../../api/hooks.ts';
import { DataGrid } from '../../components/DataGrid.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { SOURCE_LABELS, dateColumn, moneyColumn, wordColumn } from '../../components/columns.ts';
import { formatDateTime, formatMoney, formatRelative, humanize } from '../../format.ts';
import { DocumentDrawer } from '../documents/DocumentDrawer.tsx';
import { ReleaseDialog } from './ReleaseDialog.tsx';
import { MOVING, POLL_MS } from './moving.ts';

// One batch: totals per supplier and per account, its documents, release and undo, and its posting results.

function supplierColumns(currency: string): ColDef<BatchSupplierTotal>[] {
  return [
    { field: 'supplier', headerName: 'QAD supplier', width: 120 },
    { field: 'payee', headerName: 'Payee', flex: 1, minWidth: 140 },
    { field: 'documentCount', headerName: 'Documents', width: 105, type: 'rightAligned' },
    moneyColumn<BatchSupplierTotal>(
      'Total',
      (r) => r.totalMinor,
      () => currency,
    ),
  ];
}

function accountColumns(currency: string): ColDef<BatchAccountTotal>[] {
  return [
    { field: 'glAccount', headerName: 'GL account', width: 115 },
    {
      field: 'costCenter',
      headerName: 'Cost center',
      flex: 1,
      valueFormatter: (p) => String(p.value ?? '—'),
    },
    { field: 'lineCount', headerName: 'Lines', width: 85, type: 'rightAligned' },
    moneyColumn<BatchAccountTotal>(
      'Total',
      (r) => r.totalMinor,
      () => currency,
    ),
  ];
}

function documentColumns(): ColDef<DocumentSummary>[] {
  return [
    { field: 'sourceId', headerName: 'Source ID', width: 130 },
    { field: 'payee', headerName: 'Payee', flex: 1, minWidth: 150 },
    { field: 'supplier', headerName: 'QAD supplier', width: 120 },
    dateColumn('documentDate', 'Date'),
    moneyColumn<DocumentSummary>(
      'Amount',
      (r) => r.totalMinor,
      (r) => r.currency,
    ),
    wordColumn('state', 'State', 120),
    {
      field: 'qadDocumentId',
      headerName: 'QAD document',
      width: 200,
      valueFormatter: (p) => String(p.value ?? '—'),
    },
  ];
}

/** After posting: how many landed, were confirmed, or failed. */
/**
 * A released batch posts with its source's next run; the clerk may start that run now instead of waiting.
 * Until the run picks it up, the release can still be undone.
 */
function PostNow({ batch, onStarted }: { batch: BatchView; onStarted: () => void }) {
  const status = useOperation('status/get');
  const { run, pending } = useAction();
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const next = status.data?.flows.find((f) => f.flow === batch.source)?.nextRunAt;
  async function start() {
    const result = await run('sync/run-now', { flow: batch.source });
    setMessage(
      result.ok ? { ok: true, text: result.value.message } : { ok: false, text: result.error.message },
    );
    if (result.ok) onStarted();
  }
  return (
    <Group gap="sm">
      <Text size="sm">
        Posting starts with the next {SOURCE_LABELS[batch.source]} run
        {next ? ` (${formatRelative(next)}, ${formatDateTime(next)})` : ''}.
      </Text>
      <Button size="xs" onClick={() => void start()} loading={pending === 'sync/run-now'}>
        Post now
      </Button>
      {message && (
        <Text size="sm" c={message.ok ? 'dimmed' : 'red'} role="status">
          {message.text}
        </Text>
      )}
    </Group>
  );
}

function Results({ batch }: { batch: BatchView }) {
  const by = (states: string[]) => batch.documents.filter((d) => states.includes(d.state)).length;
  const posted = by(['posted', 'confirmed']);
  const confirmed = by(['confirmed']);
  const failed = by(['rejected', 'uncertain', 'exception']);
  const inFlight = by(['released', 'posting']);
  const color = failed > 0 ? 'red' : inFlight > 0 || confirmed < posted ? 'blue' : 'teal';
  return (
    <Alert color={color} variant="light" title="Posting results" role="status" data-testid="batch-results">
      {posted} of {batch.documentCount} posted into QAD, {confirmed} confirmed back to{' '}
      {SOURCE_LABELS[batch.source]}
      {failed > 0 ? `, ${failed} failed (see their detail)` : ''}
      {inFlight > 0 ? `, ${inFlight} still on their way` : ''}.
    </Alert>
  );
}

export function BatchDetail(props: { batchId: number; onChanged: () => void; onClose: () => void }) {
  const view = useOperation('batches/get', { batchId: props.batchId });
  const { run, pending } = useAction();
  const [releasing, setReleasing] = useState(false);
  const [error, setError] = useState<ContractError>();
  const [document, setDocument] = useState<number>();
  const batch = view.data?.id === props.batchId ? view.data : undefined;
  const moving =
    batch !== undefined &&
    (MOVING.has(batch.state) ||
      (batch.state === 'posted' && batch.documents.some((d) => d.state === 'posted')));
  const { reload } = view;
  useEffect(() => {
    if (!moving) return;
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [moving, reload]);

  async function undo() {
    setError(undefined);
    const result = await run('batches/undo-release', { batchId: props.batchId });
    if (result.ok) {
      view.reload();
      props.onChanged();
    } else setError(result.error);
  }

  if (view.error && !batch) return <ErrorAlert error={view.error} onRetry={view.reload} />;
  if (!batch) return <Text size="sm">Loading batch {props.batchId}…</Text>;
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="batch-detail-title">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={2} size="h4" id="batch-detail-title">
              Batch {batch.id}: {SOURCE_LABELS[batch.source]} · {batch.entity} · {batch.currency}
            </Title>
            <Text size="sm" c="dimmed">
              {batch.documentCount} documents ·{' '}
              <span className="amount">{formatMoney(batch.totalMinor, batch.currency)}</span> · posts as{' '}
              {humanize(batch.postingKind)}
              {batch.releasedBy
                ? ` · released by ${batch.releasedBy} ${formatDateTime(batch.releasedAt)}`
                : ''}
            </Text>
          </div>
          <Group gap="sm">
            <StatusBadge value={batch.state} />
            {batch.state === 'open' && (
              <Button onClick={() => setReleasing(true)} disabled={batch.documentCount === 0}>
                Release…
              </Button>
            )}
            {batch.state === 'released' && (
              <Button
                variant="outline"
                color="orange"
                onClick={() => void undo()}
                loading={pending === 'batches/undo-release'}
              >
                Undo release
              </Button>
            )}
            <Button variant="subtle" onClick={props.onClose} aria-label="Close batch detail">
              Close
            </Button>
          </Group>
        </Group>
        {error && <ErrorAlert error={error} />}
        {batch.state !== 'open' && <Results batch={batch} />}
        {batch.state === 'released' && <PostNow batch={batch} onStarted={view.reload} />}
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
          <div>
            <Title order={3} size="h5" mb={6}>
              Totals per supplier
            </Title>
            <DataGrid<BatchSupplierTotal>
              label="Totals per supplier"
              rows={batch.supplierTotals}
              columns={supplierColumns(batch.currency)}
              getRowId={(r) => r.supplier || r.payee}
              height="230px"
            />
          </div>
          <div>
            <Title order={3} size="h5" mb={6}>
              Totals per account
            </Title>
            <DataGrid<BatchAccountTotal>
              label="Totals per account"
              rows={batch.accountTotals}
              columns={accountColumns(batch.currency)}
              getRowId={(r) => `${r.glAccount}|${r.costCenter ?? ''}`}
              height="230px"
            />
          </div>
        </SimpleGrid>
        <Title order={3} size="h5">
          Documents in this batch
        </Title>
        <DataGrid<DocumentSummary>
          label="Documents in this batch"
          rows={batch.documents}
          columns={documentColumns()}
          getRowId={(r) => String(r.id)}
          height="300px"
          onOpen={(row) => setDocument(row.id)}
        />
      </Stack>
      {releasing && (
        <ReleaseDialog
          batch={batch}
          onClose={() => {
            setReleasing(false);
            view.reload();
          }}
          onReleased={() => {
            setReleasing(false);
            view.reload();
            props.onChanged();
          }}
        />
      )}
      {document !== undefined && (
        <DocumentDrawer
          documentId={document}
          onClose={() => setDocument(undefined)}
          onChanged={view.reload}
        />
      )}
    </Paper>
  );
}
