import { Group, Table, Text } from '@mantine/core';
import { DOCUMENT_STATES } from '../../../shared/domain/document.ts';
import type { StateCount } from '../../../shared/domain/status.ts';
import { StatusBadge } from '../../components/StatusBadge.tsx';

interface Row {
  readonly source: string;
  readonly entity: string;
  readonly states: { state: string; count: number }[];
  total: number;
}

function group(counts: readonly StateCount[]): Row[] {
  const rows = new Map<string, Row>();
  for (const count of counts) {
    const key = `${count.source}\u0000${count.entity}`;
    const row = rows.get(key) ?? { source: count.source, entity: count.entity, states: [], total: 0 };
    row.states.push({ state: count.state, count: count.count });
    row.total += count.count;
    rows.set(key, row);
  }
  const order = (state: string) => DOCUMENT_STATES.indexOf(state as (typeof DOCUMENT_STATES)[number]);
  for (const row of rows.values()) row.states.sort((a, b) => order(a.state) - order(b.state));
  return [...rows.values()].sort(
    (a, b) => a.source.localeCompare(b.source) || a.entity.localeCompare(b.entity),
  );
}

export function DocumentCounts(props: { counts: readonly StateCount[] }) {
  const rows = group(props.counts);
  if (rows.length === 0) {
    return (
      <Text p="md" c="dimmed" size="sm">
        No documents yet. They appear here after the first run fetches approved documents.
      </Text>
    );
  }
  return (
    <Table verticalSpacing="sm">
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Source</Table.Th>
          <Table.Th scope="col">Entity</Table.Th>
          <Table.Th scope="col">States</Table.Th>
          <Table.Th scope="col" ta="right">
            Total
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={`${row.source}-${row.entity}`}>
            <Table.Td>{row.source === 'concur' ? 'SAP Concur' : 'Expensify'}</Table.Td>
            <Table.Td>{row.entity || '—'}</Table.Td>
            <Table.Td>
              <Group gap={6}>
                {row.states.map((item) => (
                  <Group key={item.state} gap={4} wrap="nowrap">
                    <StatusBadge value={item.state} />
                    <Text size="sm" className="amount">
                      {item.count}
                    </Text>
                  </Group>
                ))}
              </Group>
            </Table.Td>
            <Table.Td ta="right" className="amount">
              {row.total}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
