import { Alert, Anchor, Button, Loader, Paper, SimpleGrid, Stack, Title } from '@mantine/core';
import { useState } from 'react';
import type { EngineStatus } from '../../../shared/domain/status.ts';
import { useAction, useOperation, usePushEvent } from '../../api/hooks.ts';
import { formatDateTime } from '../../format.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Screen } from '../../components/Screen.tsx';
import type { ContractError } from '../../../shared/contract/result.ts';
import { ConnectionCards } from './ConnectionCards.tsx';
import { DocumentCounts } from './DocumentCounts.tsx';
import { FlowTable } from './FlowTable.tsx';

export function Dashboard() {
  const status = useOperation('status/get');
  const { run, pending } = useAction();
  const [notice, setNotice] = useState<{ ok: boolean; text: string }>();
  const [actionError, setActionError] = useState<ContractError>();

  usePushEvent('status/changed', (next) => status.setData(next));
  usePushEvent('run/finished', () => status.reload());

  const apply = (next: EngineStatus) => status.setData(next);

  async function runNow() {
    setActionError(undefined);
    const result = await run('sync/run-now', { flow: 'all' });
    if (result.ok) setNotice({ ok: result.value.started, text: result.value.message });
    else setActionError(result.error);
  }

  async function togglePause(paused: boolean) {
    setActionError(undefined);
    const result = paused ? await run('sync/resume') : await run('sync/pause');
    if (result.ok) apply(result.value);
    else setActionError(result.error);
  }

  const data = status.data;
  return (
    <Screen
      title="Dashboard"
      subtitle={data ? `Engine ${data.version} · running since ${formatDateTime(data.startedAt)}` : undefined}
      actions={
        data && (
          <>
            <Button onClick={() => void runNow()} loading={pending === 'sync/run-now'} disabled={data.paused}>
              Run now
            </Button>
            <Button
              variant="default"
              onClick={() => void togglePause(data.paused)}
              loading={pending === 'sync/pause' || pending === 'sync/resume'}
            >
              {data.paused ? 'Resume' : 'Pause'}
            </Button>
          </>
        )
      }
    >
      {status.error && <ErrorAlert error={status.error} onRetry={status.reload} />}
      {actionError && <ErrorAlert error={actionError} />}
      {notice && (
        <Alert
          color={notice.ok ? 'teal' : 'yellow'}
          variant="light"
          withCloseButton
          onClose={() => setNotice(undefined)}
        >
          {notice.text}
        </Alert>
      )}
      {!data && status.loading && <Loader aria-label="Loading engine status" />}
      {data && (
        <Stack gap="xl">
          {data.concurNeedsReauthorization && (
            <Alert color="orange" variant="filled" title="SAP Concur needs to be re-authorised" role="alert">
              The Concur refresh token has lapsed or was revoked, so no Concur documents are fetched or
              confirmed. Generate a new company request token in Concur and enter it under{' '}
              <Anchor href="#/connections" c="white" underline="always">
                Connections
              </Anchor>
              .
            </Alert>
          )}
          {data.connections.every((connection) => !connection.configured) && (
            <Alert color="blue" variant="light" title="Nothing is connected yet">
              Choose how to reach QAD and which sources to fetch under{' '}
              <Anchor href="#/settings">Settings</Anchor>, then enter the credentials and test them under{' '}
              <Anchor href="#/connections">Connections</Anchor>.
            </Alert>
          )}
          {data.paused && (
            <Alert color="yellow" variant="light" title="Paused">
              Scheduled runs are paused. Nothing is fetched or posted until you resume.
            </Alert>
          )}
          <section aria-labelledby="connections-heading">
            <Title order={2} size="h4" id="connections-heading" mb="sm">
              Connections
            </Title>
            <ConnectionCards connections={data.connections} />
          </section>
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
            <section aria-labelledby="flows-heading">
              <Title order={2} size="h4" id="flows-heading" mb="sm">
                Flows
              </Title>
              <Paper withBorder radius="md">
                <FlowTable flows={data.flows} />
              </Paper>
            </section>
            <section aria-labelledby="counts-heading">
              <Title order={2} size="h4" id="counts-heading" mb="sm">
                Documents by source, entity and state
              </Title>
              <Paper withBorder radius="md">
                <DocumentCounts counts={data.counts} />
              </Paper>
            </section>
          </SimpleGrid>
        </Stack>
      )}
    </Screen>
  );
}
