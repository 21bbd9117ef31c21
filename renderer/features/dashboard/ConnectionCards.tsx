import { Group, Paper, SimpleGrid, Text } from '@mantine/core';
import type { ConnectionHealth } from '../../../shared/domain/status.ts';
import { formatDateTime, formatRelative } from '../../format.ts';
import { StatusBadge } from '../../components/StatusBadge.tsx';

export const SYSTEM_LABELS: Record<string, string> = {
  qad: 'QAD ERP',
  concur: 'SAP Concur',
  expensify: 'Expensify',
};

export const STATE_LABELS: Record<ConnectionHealth['state'], string> = {
  ok: 'Healthy',
  error: 'Failing',
  unknown: 'Not checked yet',
  not_configured: 'Not configured',
  reauthorize: 'Re-authorise',
};

export function ConnectionCards(props: { connections: readonly ConnectionHealth[] }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
      {props.connections.map((connection) => (
        <Paper key={connection.system} withBorder p="md" radius="md">
          <Group justify="space-between" mb="xs">
            <Text fw={600}>{SYSTEM_LABELS[connection.system] ?? connection.system}</Text>
            <StatusBadge value={connection.state} label={STATE_LABELS[connection.state]} />
          </Group>
          <Text size="sm">{connection.message}</Text>
          {connection.checkedAt && (
            <Text size="xs" c="dimmed" mt={6} title={formatDateTime(connection.checkedAt)}>
              Checked {formatRelative(connection.checkedAt)}
            </Text>
          )}
        </Paper>
      ))}
    </SimpleGrid>
  );
}
