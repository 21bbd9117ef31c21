import { Button, Group, Stack, Text, Title } from '@mantine/core';
import type { ColDef } from 'ag-grid-community';
import { useState } from 'react';
import type { UncertainItem } from '../../../shared/contract/exceptions.ts';
import { useAction } from '../../api/hooks.ts';
import { DataGrid } from '../../components/DataGrid.tsx';
import { dateTimeColumn, sourceColumn } from '../../components/columns.ts';

/**
 * Posts QAD may or may not have: the person looks them up by reference first; posting again is offered only
 * after a look-up found nothing, so nothing is posted twice.
 */
export function UncertainPosts(props: {
  items: readonly UncertainItem[];
  onOpen: (id: number) => void;
  onDone: () => void;
}) {
  const { run, pending } = useAction();
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  async function decide(item: UncertainItem, decision: 'reconcile' | 'post-again') {
    if (
      decision === 'post-again' &&
      !window.confirm(`Post ${item.externalRef} again? QAD did not find it by its reference.`)
    )
      return;
    const result = await run('documents/retry', { documentId: item.documentId, decision });
    setMessage(
      result.ok ? { ok: true, text: result.value.message } : { ok: false, text: result.error.message },
    );
    props.onDone();
  }
  const columns: ColDef<UncertainItem>[] = [
    sourceColumn<UncertainItem>('source', 110),
    { field: 'sourceId', headerName: 'Source ID', width: 130 },
    { field: 'externalRef', headerName: 'Reference in QAD', width: 220 },
    {
      field: 'lastError',
      headerName: 'What happened',
      flex: 1,
      minWidth: 220,
      valueFormatter: (p) => String(p.value ?? ''),
    },
    {
      field: 'lookedUpNegative',
      headerName: 'Look-up',
      width: 150,
      cellDataType: 'text',
      valueFormatter: (p) => (p.value ? 'Not found in QAD' : 'Not checked yet'),
    },
    dateTimeColumn('since', 'Since'),
  ];
  const [selected, setSelected] = useState<UncertainItem>();
  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        Uncertain posts ({props.items.length})
      </Title>
      <Text size="sm" c="dimmed">
        QAD may or may not have these: nothing is sent again until a look-up by reference says it is not
        there. Press Enter on a row to choose.
      </Text>
      {message && (
        <Text size="sm" c={message.ok ? 'teal' : 'red'} role="status">
          {message.text}
        </Text>
      )}
      <DataGrid<UncertainItem>
        label="Uncertain posts"
        rows={props.items}
        columns={columns}
        getRowId={(r) => String(r.documentId)}
        height="200px"
        onOpen={setSelected}
      />
      {selected && (
        <Group gap="sm">
          <Text size="sm">{selected.externalRef}:</Text>
          <Button
            size="xs"
            onClick={() => void decide(selected, 'reconcile')}
            loading={pending === 'documents/retry'}
          >
            Look it up in QAD
          </Button>
          <Button
            size="xs"
            color="red"
            variant="outline"
            disabled={!selected.lookedUpNegative}
            title={
              selected.lookedUpNegative ? undefined : 'Allowed only after a look-up found nothing in QAD'
            }
            onClick={() => void decide(selected, 'post-again')}
          >
            Post again
          </Button>
          <Button size="xs" variant="subtle" onClick={() => props.onOpen(selected.documentId)}>
            Open document
          </Button>
        </Group>
      )}
    </Stack>
  );
}
