import { Alert, Button, Group, Select, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { ExceptionGroup } from '../../../shared/contract/exceptions.ts';
import type { ContractError } from '../../../shared/contract/result.ts';
import { EXCEPTION_CAUSES, type ExceptionCause } from '../../../shared/domain/exception.ts';
import { SOURCES } from '../../../shared/domain/document.ts';
import { useAction, useOperation, usePushEvent } from '../../api/hooks.ts';
import { forgetQadValues } from '../../api/qad-values.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Screen } from '../../components/Screen.tsx';
import { SOURCE_LABELS } from '../../components/columns.ts';
import { DocumentDrawer } from '../documents/DocumentDrawer.tsx';
import { kindDefinition, primaryTarget } from '../mappings/kinds.ts';
import { AwaitingReceipt } from './AwaitingReceipt.tsx';
import { ExceptionGroupsGrid, groupKey } from './ExceptionGroupsGrid.tsx';
import { CAUSE_LABELS } from './causes.ts';
import { GroupDocuments } from './GroupDocuments.tsx';
import { UncertainPosts } from './UncertainPosts.tsx';

interface FixOutcome {
  readonly text: string;
  readonly ok: boolean;
}

export function ExceptionsScreen() {
  const [cause, setCause] = useState<ExceptionCause | ''>('');
  const [source, setSource] = useState('');
  const args = {
    ...(cause ? { cause } : {}),
    ...(source ? { source: source as (typeof SOURCES)[number] } : {}),
  };
  const overview = useOperation('exceptions/list', args);
  usePushEvent('run/finished', () => overview.reload());
  const { run } = useAction();
  const [outcome, setOutcome] = useState<FixOutcome>();
  const [error, setError] = useState<ContractError>();
  const [document, setDocument] = useState<number>();
  const [selected, setSelected] = useState<string>();

  const data = overview.data;
  const groups = useMemo(
    () => (data?.groups ?? []).filter((g) => g.cause !== 'awaiting_receipt' && g.cause !== 'uncertain_post'),
    [data],
  );
  const selectedGroup = groups.find((g) => groupKey(g) === selected);

  async function fix(group: ExceptionGroup, value: string) {
    if (!group.mapping || !group.value) return;
    setError(undefined);
    const definition = kindDefinition(group.mapping);
    const field = primaryTarget(group.mapping);
    const result = await run('mappings/set', {
      changes: [
        {
          kind: group.mapping,
          ...(definition.perEntity && group.entity ? { entity: group.entity } : {}),
          sourceValue: group.value,
          target: { [field.key]: value },
        },
      ],
      note: `Fixed from Exceptions: ${group.message}`,
    });
    if (!result.ok) {
      setError(result.error);
      setOutcome({ ok: false, text: `${group.value} was not mapped: ${result.error.message}` });
      return;
    }
    const r = result.value;
    setOutcome({
      ok: true,
      text:
        `Mapped "${group.value}" to ${field.label} ${value} (mapping version ${r.version}): ` +
        `${r.cleared} ${r.cleared === 1 ? 'document is' : 'documents are'} ready to post` +
        (r.stillWaiting > 0 ? `, ${r.stillWaiting} still wait on something else.` : '.'),
    });
    overview.reload();
  }

  return (
    <Screen
      title="Exceptions"
      subtitle="Documents that wait for a mapping, an open period, a receipt or a decision, grouped so one fix clears many."
      actions={
        <Button
          variant="default"
          onClick={() => {
            forgetQadValues();
            overview.reload();
          }}
        >
          Refresh
        </Button>
      }
    >
      <Group gap="sm" align="flex-end">
        <Select
          label="Cause"
          placeholder="All causes"
          clearable
          w={220}
          data={EXCEPTION_CAUSES.map((c) => ({ value: c, label: CAUSE_LABELS[c] }))}
          value={cause || null}
          onChange={(v) => setCause(v ?? '')}
        />
        <Select
          label="Source"
          placeholder="All"
          clearable
          w={150}
          data={SOURCES.map((s) => ({ value: s, label: SOURCE_LABELS[s] ?? s }))}
          value={source || null}
          onChange={(v) => setSource(v ?? '')}
        />
        {data && (
          <Text size="lg" fw={600} aria-live="polite" data-testid="waiting-count" ml="auto">
            {data.documentCount} {data.documentCount === 1 ? 'document waits' : 'documents wait'} for a fix
          </Text>
        )}
      </Group>
      {overview.error && <ErrorAlert error={overview.error} onRetry={overview.reload} />}
      {outcome && (
        <Alert
          color={outcome.ok ? 'teal' : 'red'}
          variant="light"
          role="status"
          withCloseButton
          onClose={() => setOutcome(undefined)}
          data-testid="fix-outcome"
        >
          {outcome.text}
        </Alert>
      )}
      {error && !outcome && <ErrorAlert error={error} />}
      {data && groups.length === 0 && data.awaitingReceipt.length === 0 && data.uncertain.length === 0 ? (
        <EmptyState title="Nothing waits for a person">
          Every document either posted or is on its way. New exceptions appear here after a run.
        </EmptyState>
      ) : (
        <ExceptionGroupsGrid
          groups={groups}
          loading={overview.loading && !data}
          onFix={(group, value) => void fix(group, value)}
          onInvalid={(text) => setOutcome({ ok: false, text })}
          onSelect={setSelected}
        />
      )}
      {selectedGroup && (
        <GroupDocuments
          group={selectedGroup}
          onOpen={setDocument}
          onDone={() => overview.reload()}
          onClose={() => setSelected(undefined)}
        />
      )}
      {data && data.awaitingReceipt.length > 0 && (
        <AwaitingReceipt items={data.awaitingReceipt} onOpen={setDocument} onDone={overview.reload} />
      )}
      {data && data.uncertain.length > 0 && (
        <UncertainPosts items={data.uncertain} onOpen={setDocument} onDone={overview.reload} />
      )}
      {document !== undefined && (
        <DocumentDrawer
          documentId={document}
          onClose={() => setDocument(undefined)}
          onChanged={overview.reload}
        />
      )}
    </Screen>
  );
}
