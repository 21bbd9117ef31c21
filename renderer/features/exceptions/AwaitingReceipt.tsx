import { Stack, Text, Title } from '@mantine/core';
import type { ColDef } from 'ag-grid-community';
import type { AwaitingReceiptItem } from '../../../shared/contract/exceptions.ts';
import { DataGrid } from '../../components/DataGrid.tsx';
import { dateTimeColumn, moneyColumn } from '../../components/columns.ts';
import { formatWaiting } from './waiting.ts';

/** PO invoices waiting for their goods receipt in QAD: PO, line and how long they have waited. */
export function AwaitingReceipt(props: {
  items: readonly AwaitingReceiptItem[];
  onOpen: (id: number) => void;
  onDone: () => void;
}) {
  const columns: ColDef<AwaitingReceiptItem>[] = [
    { field: 'poNumber', headerName: 'PO', width: 110 },
    { field: 'poLine', headerName: 'Line', width: 75, type: 'rightAligned' },
    { field: 'supplier', headerName: 'QAD supplier', width: 120 },
    { field: 'sourceId', headerName: 'Invoice', width: 125 },
    { field: 'entity', headerName: 'Entity', width: 85 },
    moneyColumn<AwaitingReceiptItem>(
      'Amount',
      (r) => r.totalMinor,
      (r) => r.currency,
    ),
    {
      field: 'waitingMs',
      headerName: 'Waiting for',
      width: 150,
      type: 'rightAligned',
      valueFormatter: (p) => formatWaiting(Number(p.value)),
    },
    dateTimeColumn('waitingSince', 'Since'),
    { field: 'message', headerName: 'Detail', flex: 1, minWidth: 200 },
  ];
  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        Awaiting receipt ({props.items.length})
      </Title>
      <Text size="sm" c="dimmed">
        PO invoices whose goods are not received in QAD yet. They are checked again every run; press Enter on
        a row for the document and to replay it now.
      </Text>
      <DataGrid<AwaitingReceiptItem>
        label="Awaiting receipt"
        rows={props.items}
        columns={columns}
        getRowId={(r) => String(r.documentId)}
        height="240px"
        onOpen={(r) => props.onOpen(r.documentId)}
      />
    </Stack>
  );
}
