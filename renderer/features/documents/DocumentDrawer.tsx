import {
  Alert,
  Anchor,
  Button,
  Code,
  Drawer,
  Group,
  Loader,
  SimpleGrid,
  Stack,
  Text,
  Timeline,
  Title,
} from '@mantine/core';
import type { ColDef } from 'ag-grid-community';
import { type ReactNode, useState } from 'react';
import type { DocumentView } from '../../../shared/contract/documents.ts';
import type { DocumentLine } from '../../../shared/domain/document.ts';
import { useAction, useOperation } from '../../api/hooks.ts';
import { DataGrid } from '../../components/DataGrid.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { SOURCE_LABELS, moneyColumn } from '../../components/columns.ts';
import { formatDate, formatDateTime, formatMoney, humanize } from '../../format.ts';
import type { ContractError } from '../../../shared/contract/result.ts';

/** Replay re-maps the stored payload; it applies while a document waits or after QAD refused it. */
export const REPLAYABLE = new Set(['exception', 'awaiting_receipt', 'rejected']);

/** Human names of the coding keys the sources and QAD use; others are shown as they come. */
const CODING_LABELS: Record<string, string> = {
  expenseType: 'Expense type',
  category: 'Category',
  tag: 'Tag',
  accountCode: 'Account code',
  costObject: 'Cost object',
  project: 'Project',
  paymentType: 'Payment',
  glAccount: 'GL account',
  costCenter: 'Cost center',
  subAccount: 'Sub-account',
};

/** Source coding beside QAD coding: one column per key any line carries, so nothing the source sent is hidden. */
function lineColumns(currency: string, lines: readonly DocumentLine[]): ColDef<DocumentLine>[] {
  const keys = (side: 'source' | 'qad', fallback: string[]) => {
    const found = new Set<string>();
    for (const line of lines) for (const [k, v] of Object.entries(line[side] ?? {})) if (v) found.add(k);
    return found.size > 0 ? [...found] : fallback;
  };
  const coding = (side: 'source' | 'qad', key: string): ColDef<DocumentLine> => ({
    colId: `${side}.${key}`,
    headerName: CODING_LABELS[key] ?? key,
    width: 115,
    valueGetter: (p) => (p.data?.[side] as Record<string, string | undefined> | undefined)?.[key] ?? '',
    cellClass: side === 'qad' ? 'qad-coding' : undefined,
  });
  const columns: ColDef<DocumentLine>[] = [
    { field: 'lineNo', headerName: '#', width: 60, type: 'rightAligned' },
    { field: 'description', headerName: 'Description', flex: 1, minWidth: 150 },
    moneyColumn<DocumentLine>(
      'Amount',
      (l) => l.amountMinor,
      () => currency,
      { width: 120 },
    ),
    {
      headerName: 'Source coding',
      children: keys('source', ['expenseType']).map((k) => coding('source', k)),
    } as ColDef<DocumentLine>,
    {
      headerName: 'QAD coding',
      children: keys('qad', ['glAccount', 'costCenter']).map((k) => coding('qad', k)),
    } as ColDef<DocumentLine>,
  ];
  if (lines.some((l) => l.poNumber))
    columns.push({
      colId: 'po',
      headerName: 'PO line',
      width: 110,
      valueGetter: (p) => (p.data?.poNumber ? `${p.data.poNumber}/${p.data.poLine ?? ''}` : ''),
    });
  return columns;
}

function Field(props: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {props.label}
      </Text>
      <Text size="sm" component="div">
        {props.children}
      </Text>
    </div>
  );
}

function Header({ doc }: { doc: DocumentView }) {
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" verticalSpacing="xs">
      <Field label="Source">
        {SOURCE_LABELS[doc.source]} {doc.sourceId}
      </Field>
      <Field label="Kind">{humanize(doc.kind)}</Field>
      <Field label="State">
        <StatusBadge value={doc.state} />{' '}
        <Text span size="xs" c="dimmed">
          since {formatDateTime(doc.stateChangedAt)}
        </Text>
      </Field>
      <Field label="Total">
        <span className="amount">{formatMoney(doc.totalMinor, doc.currency)}</span>
      </Field>
      <Field label="Entity">
        {doc.sourceEntity} → {doc.entity || '—'}
      </Field>
      <Field label="Payee → QAD supplier">
        {doc.payee} → {doc.supplier || '—'}
      </Field>
      <Field label="Document date">{formatDate(doc.documentDate)}</Field>
      <Field label="Invoice / PO">
        {[doc.invoiceNumber, doc.poNumber].filter(Boolean).join(' · ') || '—'}
      </Field>
      <Field label="Our reference in QAD">
        <Code>{doc.externalRef}</Code>
      </Field>
      <Field label="QAD document">
        {doc.qadDocumentId ? (
          <Code data-testid="qad-document-id">{doc.qadDocumentId}</Code>
        ) : (
          'Not posted yet'
        )}
      </Field>
      <Field label="Batch">
        {doc.batchId ? <Anchor href={`#/batches/${doc.batchId}`}>Batch {doc.batchId}</Anchor> : '—'}
      </Field>
      <Field label="Mapping version">{doc.mappingVersion ?? '—'}</Field>
    </SimpleGrid>
  );
}

function DocumentTimeline({ doc }: { doc: DocumentView }) {
  if (doc.timeline.length === 0) return <Text size="sm">No audit events for this document yet.</Text>;
  return (
    <Timeline bulletSize={12} lineWidth={2} active={doc.timeline.length - 1}>
      {doc.timeline.map((event) => (
        <Timeline.Item key={event.seq} title={humanize(event.action.replace(/\./g, ' '))}>
          <Text size="xs" c="dimmed">
            {formatDateTime(event.at)} · {event.actor} · #{event.seq}
          </Text>
          {Object.keys(event.detail).length > 0 && (
            <Code block fz="xs" mt={4}>
              {JSON.stringify(event.detail, null, 2)}
            </Code>
          )}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

export function DocumentActions(props: { doc: DocumentView; onDone: (message: string) => void }) {
  const { run, pending } = useAction();
  const [error, setError] = useState<ContractError>();
  const { doc } = props;
  const failedConfirmation = doc.confirmations.some((c) => c.state === 'failed');
  const uncertain = doc.state === 'uncertain';
  async function act(kind: 'replay' | 'reconcile' | 'retry') {
    setError(undefined);
    const result =
      kind === 'replay'
        ? await run('documents/replay', { documentId: doc.id })
        : await run('documents/retry', {
            documentId: doc.id,
            ...(kind === 'reconcile' ? { decision: kind } : {}),
          });
    if (result.ok) props.onDone(result.value.message);
    else setError(result.error);
  }
  return (
    <Stack gap="xs">
      <Group gap="sm">
        {REPLAYABLE.has(doc.state) && (
          <Button onClick={() => void act('replay')} loading={pending === 'documents/replay'}>
            Replay with current mappings
          </Button>
        )}
        {uncertain && (
          <Button onClick={() => void act('reconcile')} loading={pending === 'documents/retry'}>
            Look it up in QAD
          </Button>
        )}
        {failedConfirmation && (
          <Button variant="default" onClick={() => void act('retry')} loading={pending === 'documents/retry'}>
            Retry confirmation to {SOURCE_LABELS[doc.source]}
          </Button>
        )}
      </Group>
      {error && <ErrorAlert error={error} />}
    </Stack>
  );
}

export function DocumentDrawer(props: { documentId: number; onClose: () => void; onChanged?: () => void }) {
  const view = useOperation('documents/get', { documentId: props.documentId });
  const [message, setMessage] = useState<string>();
  const doc = view.data?.id === props.documentId ? view.data : undefined;
  return (
    <Drawer
      opened
      onClose={props.onClose}
      position="right"
      size="min(1100px, 92vw)"
      title={doc ? `${SOURCE_LABELS[doc.source]} ${doc.sourceId}` : `Document ${props.documentId}`}
      styles={{ title: { fontSize: 'var(--mantine-h3-font-size)', fontWeight: 600 } }}
      closeButtonProps={{ 'aria-label': 'Close document detail' }}
    >
      {view.error && <ErrorAlert error={view.error} onRetry={view.reload} />}
      {!doc && !view.error && <Loader aria-label="Loading the document" />}
      {doc && (
        <Stack gap="md">
          <Text>{doc.description}</Text>
          <Header doc={doc} />
          {doc.exceptions.length > 0 && (
            <Alert color="orange" variant="light" title="Why it waits">
              <Stack gap={2}>
                {doc.exceptions.map((e, i) => (
                  <Text size="sm" key={`${e.cause}-${i}`}>
                    <strong>{humanize(e.cause)}</strong>: {e.message}
                    {e.field ? ` (${e.field})` : ''}
                  </Text>
                ))}
              </Stack>
            </Alert>
          )}
          {message && (
            <Alert
              color="teal"
              variant="light"
              role="status"
              withCloseButton
              onClose={() => setMessage(undefined)}
            >
              {message}
            </Alert>
          )}
          <DocumentActions
            doc={doc}
            onDone={(text) => {
              setMessage(text);
              view.reload();
              props.onChanged?.();
            }}
          />
          <Title order={3} size="h5">
            Lines: source coding beside QAD coding
          </Title>
          <DataGrid<DocumentLine>
            label="Document lines"
            rows={doc.lines}
            columns={lineColumns(doc.currency, doc.lines)}
            getRowId={(l) => String(l.lineNo)}
            height={`${Math.min(420, 120 + doc.lines.length * 42)}px`}
          />
          {doc.intent && (
            <Text size="sm">
              Posting: {humanize(doc.intent.state)} after {doc.intent.attempts} attempt(s), last{' '}
              {formatDateTime(doc.intent.updatedAt)}
              {doc.intent.lastError ? ` — ${doc.intent.lastError}` : ''}
            </Text>
          )}
          {doc.confirmations.map((c) => (
            <Text size="sm" key={c.id}>
              Confirmation to {SOURCE_LABELS[doc.source]} ({humanize(c.kind)}): {humanize(c.state)} after{' '}
              {c.attempts} attempt(s){c.lastError ? ` — ${c.lastError}` : ''}
            </Text>
          ))}
          <Title order={3} size="h5">
            Timeline
          </Title>
          <DocumentTimeline doc={doc} />
        </Stack>
      )}
    </Drawer>
  );
}
