import { Table, Text } from '@mantine/core';
import type { CycleCounts, FlowStatus } from '../../../shared/domain/status.ts';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { formatDateTime, formatRelative } from '../../format.ts';

export const FLOW_LABELS: Record<string, string> = {
  concur: 'SAP Concur → QAD',
  expensify: 'Expensify → QAD',
  masterData: 'QAD master data → sources',
};

function countsLine(counts: CycleCounts): string {
  const parts = [
    `${counts.fetched} fetched`,
    `${counts.posted} posted`,
    `${counts.confirmed} confirmed`,
    counts.exceptions > 0 ? `${counts.exceptions} exceptions` : '',
    counts.failed > 0 ? `${counts.failed} failed` : '',
  ];
  return parts.filter(Boolean).join(' · ');
}

export function FlowTable(props: { flows: readonly FlowStatus[] }) {
  return (
    <Table verticalSpacing="sm" highlightOnHover>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Flow</Table.Th>
          <Table.Th scope="col">Last run</Table.Th>
          <Table.Th scope="col">Next run</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {props.flows.map((flow) => (
          <Table.Tr key={flow.flow}>
            <Table.Th scope="row" fw={500}>
              {FLOW_LABELS[flow.flow] ?? flow.flow}
              {!flow.enabled && (
                <Text size="xs" c="dimmed" fw={400}>
                  Disabled
                </Text>
              )}
            </Table.Th>
            <Table.Td>
              {flow.running ? (
                <StatusBadge value="running" />
              ) : flow.lastRun ? (
                <>
                  <StatusBadge value={flow.lastRun.outcome} />{' '}
                  <Text span size="sm" title={formatDateTime(flow.lastRun.startedAt)}>
                    {formatRelative(flow.lastRun.startedAt)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {countsLine(flow.lastRun.counts)}
                  </Text>
                  {flow.lastRun.message && (
                    <Text size="xs" c="dimmed">
                      {flow.lastRun.message}
                    </Text>
                  )}
                </>
              ) : (
                <Text size="sm" c="dimmed">
                  Never run
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              {flow.nextRunAt ? (
                <Text size="sm" title={formatDateTime(flow.nextRunAt)}>
                  {formatDateTime(flow.nextRunAt)}
                  <Text span size="xs" c="dimmed" display="block">
                    {formatRelative(flow.nextRunAt)}
                  </Text>
                </Text>
              ) : (
                <Text size="sm" c="dimmed">
                  {flow.enabled ? 'Not scheduled' : '—'}
                </Text>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
