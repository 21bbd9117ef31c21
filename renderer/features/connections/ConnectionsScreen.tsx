import { Alert, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { CheckReport, SystemName } from '../../../shared/domain/status.ts';
import { SYSTEMS } from '../../../shared/domain/status.ts';
import type { ContractError } from '../../../shared/contract/result.ts';
import { useAction, useOperation } from '../../api/hooks.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Screen } from '../../components/Screen.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { formatDateTime } from '../../format.ts';
import { STATE_LABELS, SYSTEM_LABELS } from '../dashboard/ConnectionCards.tsx';
import { CheckResults } from './CheckResults.tsx';
import { SecretField } from './SecretField.tsx';

export function ConnectionsScreen() {
  const secrets = useOperation('secrets/status');
  const status = useOperation('status/get');
  const { run } = useAction();
  const [report, setReport] = useState<{ system: SystemName | 'all'; report: CheckReport }>();
  const [error, setError] = useState<ContractError>();
  const [testing, setTesting] = useState<SystemName | 'all'>();

  async function test(system: SystemName | 'all') {
    setError(undefined);
    setTesting(system);
    const result = await run('connections/check', system === 'all' ? {} : { system });
    setTesting(undefined);
    if (result.ok) {
      setReport({ system, report: result.value });
      status.reload();
    } else setError(result.error);
  }

  return (
    <Screen
      title="Connections"
      subtitle={
        secrets.data
          ? `Credentials are kept in ${secrets.data.backend}. They can be replaced or removed here, never read back.`
          : 'Credentials are kept in the OS keychain, never in settings or logs.'
      }
      actions={
        <Button onClick={() => void test('all')} loading={testing === 'all'}>
          Test all connections
        </Button>
      }
    >
      {secrets.error && <ErrorAlert error={secrets.error} onRetry={secrets.reload} />}
      {error && <ErrorAlert error={error} />}
      {report?.system === 'all' && <CheckResults report={report.report} />}
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="lg">
        {SYSTEMS.map((system) => {
          const health = status.data?.connections.find((item) => item.system === system);
          const names = secrets.data?.secrets.filter((secret) => secret.name.startsWith(`${system}.`)) ?? [];
          return (
            <Paper
              key={system}
              withBorder
              p="md"
              radius="md"
              component="section"
              aria-labelledby={`conn-${system}`}
            >
              <Stack gap="sm">
                <Group justify="space-between">
                  <Title order={2} size="h4" id={`conn-${system}`}>
                    {SYSTEM_LABELS[system]}
                  </Title>
                  {health && <StatusBadge value={health.state} label={STATE_LABELS[health.state]} />}
                </Group>
                {health && (
                  <Text size="sm" c="dimmed">
                    {health.message}
                    {health.checkedAt ? ` (${formatDateTime(health.checkedAt)})` : ''}
                  </Text>
                )}
                {system === 'concur' && status.data?.concurNeedsReauthorization && (
                  <Alert color="orange" variant="light" title="Re-authorise Concur">
                    Enter a new company request token below; the refresh token will be replaced on the next
                    run.
                  </Alert>
                )}
                {names.map((secret) => (
                  <SecretField
                    key={secret.name}
                    name={secret.name}
                    present={secret.present}
                    onChanged={secrets.reload}
                  />
                ))}
                <Button variant="default" onClick={() => void test(system)} loading={testing === system}>
                  Test {SYSTEM_LABELS[system]}
                </Button>
                {report?.system === system && <CheckResults report={report.report} />}
              </Stack>
            </Paper>
          );
        })}
      </SimpleGrid>
    </Screen>
  );
}
