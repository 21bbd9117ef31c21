// QAD reference data into Expensify policies: GL accounts as categories and cost centers as one tag level
// (with the items that reports still on the road use held back unless confirmed), and employees with their
// managers, tried first as a dry run that Expensify answers without changing anything.
import { Alert, Badge, Button, Checkbox, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import type { ColDef } from 'ag-grid-community';
import { useState } from 'react';
import type {
  EmployeeFeedRowView,
  EmployeePushResultView,
  PolicyPlanView,
  PolicyPushResultView,
} from '../../../shared/contract/pushes.ts';
import type { ContractError } from '../../../shared/contract/result.ts';
import { useAction, useOperation } from '../../api/hooks.ts';
import { DataGrid } from '../../components/DataGrid.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ConfirmPush } from './ConfirmPush.tsx';
import { FieldError } from './FieldError.tsx';
import { gridHeight, policyChangeCount, policyRows, type PolicyRow } from './rows.ts';

const policyColumns: ColDef<PolicyRow>[] = [
  {
    field: 'kind',
    headerName: 'Kind',
    width: 110,
    valueFormatter: (p) => (p.value === 'tag' ? 'Tag' : 'Category'),
  },
  {
    field: 'change',
    headerName: 'Change',
    width: 110,
    valueFormatter: (p) => ({ add: 'Add', change: 'Change', disable: 'Disable' })[String(p.value)] ?? '',
  },
  { field: 'name', headerName: 'Name', width: 240 },
  { field: 'glCode', headerName: 'GL code', width: 120 },
  { field: 'detail', headerName: 'Why', flex: 1, minWidth: 260, tooltipField: 'detail' },
];

const employeeColumns: ColDef<EmployeeFeedRowView>[] = [
  { field: 'employeeID', headerName: 'QAD code', width: 120 },
  { field: 'employeeEmail', headerName: 'Email', width: 240 },
  {
    colId: 'name',
    headerName: 'Name',
    width: 200,
    valueGetter: (p) => [p.data?.firstName, p.data?.lastName].filter(Boolean).join(' '),
  },
  { field: 'managerEmail', headerName: 'Submits to', width: 240 },
  { field: 'policyID', headerName: 'Policy', width: 170 },
  {
    field: 'isTerminated',
    headerName: 'Status',
    width: 130,
    valueFormatter: (p) => (p.value ? 'Terminated' : 'Active'),
  },
];

export function ExpensifyPanel() {
  return (
    <Stack gap="xl">
      <PoliciesSection />
      <EmployeesSection />
    </Stack>
  );
}

function PoliciesSection() {
  const [confirmDisable, setConfirmDisable] = useState(false);
  const preview = useOperation('policies/preview', { confirmDisable });
  const { run, pending } = useAction();
  const [confirming, setConfirming] = useState(false);
  const [pushError, setPushError] = useState<ContractError>();
  const [result, setResult] = useState<PolicyPushResultView>();
  const data = preview.data;
  const changes = data ? data.policies.reduce((n, p) => n + policyChangeCount(p), 0) : 0;
  const held = data ? data.warnings.filter((w) => w.held) : [];
  const inUse = data ? data.warnings : [];

  async function push() {
    setPushError(undefined);
    const answer = await run('policies/push', { confirmDisable });
    if (!answer.ok) {
      setPushError(answer.error);
      return;
    }
    setConfirming(false);
    setResult(answer.value);
    preview.reload();
  }

  return (
    <Stack gap="md">
      <Group justify="space-between" align="center" wrap="wrap">
        <Title order={3} size="h4">
          Categories and tags
        </Title>
        <Group gap="sm">
          <Button variant="default" onClick={preview.reload} loading={preview.loading}>
            Preview again
          </Button>
          <Button onClick={() => setConfirming(true)} disabled={!data || changes === 0}>
            Push to Expensify…
          </Button>
        </Group>
      </Group>
      <Text size="sm" c="dimmed" maw={760}>
        Active, postable QAD expense accounts become categories (GL code = account) and the entity’s cost
        centers one tag level. Categories and tags are disabled, never deleted; categories without a GL code
        were made in Expensify and are left alone.
      </Text>
      <Checkbox
        label="Also disable categories and tags that reports not yet posted still use"
        description="Off: those stay enabled (held) so the reports can still be edited and approved."
        checked={confirmDisable}
        onChange={(e) => setConfirmDisable(e.currentTarget.checked)}
      />
      {preview.error && <FieldError error={preview.error} onRetry={preview.reload} />}
      {inUse.length > 0 && (
        <Alert
          color={held.length > 0 ? 'yellow' : 'orange'}
          variant="light"
          title={held.length > 0 ? `${held.length} item(s) held back` : 'In use, disabled as confirmed'}
        >
          <List size="sm" spacing={2}>
            {inUse.map((w) => (
              <List.Item key={`${w.policyId}:${w.kind}:${w.name}`}>{w.message}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      {data && data.policies.length === 0 && (
        <EmptyState title="No Expensify policy configured">
          Add the policy ids in Settings (expensify.policyIds).
        </EmptyState>
      )}
      {data?.policies.map((plan) => (
        <PolicyPlanCard key={plan.policyId} plan={plan} />
      ))}
      {result && <PolicyResult result={result} />}
      {confirming && data && (
        <ConfirmPush
          title="Push categories and tags to Expensify?"
          confirmLabel={`Push ${changes} change${changes === 1 ? '' : 's'}`}
          pending={pending === 'policies/push'}
          error={pushError}
          onConfirm={() => void push()}
          onClose={() => {
            setConfirming(false);
            setPushError(undefined);
          }}
        >
          <List size="sm" spacing={4}>
            {data.policies.map((p) => (
              <List.Item key={p.policyId}>
                Policy {p.policyId}
                {p.entity ? ` (QAD entity ${p.entity})` : ''}: {p.categories.added.length} category added,{' '}
                {p.categories.changed.length} changed, {p.categories.disabled.length} disabled
                {p.tags
                  ? `; ${p.tags.added.length} tag added, ${p.tags.changed.length} changed, ${p.tags.disabled.length} disabled`
                  : ''}
                {p.problems.length > 0 ? ` — ${p.problems.join(' ')}` : ''}
              </List.Item>
            ))}
          </List>
          {held.length > 0 && (
            <Text size="sm">
              {held.length} item(s) still used by reports on the road stay enabled (not confirmed above).
            </Text>
          )}
          {confirmDisable && inUse.length > 0 && (
            <Alert color="orange" variant="light">
              {inUse.length} item(s) still used by reports on the road will be disabled, as you confirmed.
            </Alert>
          )}
        </ConfirmPush>
      )}
    </Stack>
  );
}

function PolicyPlanCard(props: { plan: PolicyPlanView }) {
  const { plan } = props;
  const rows = policyRows(plan);
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Group gap="sm">
          <Title order={4} size="h5">
            Policy {plan.policyId}
          </Title>
          {plan.entity ? (
            <Badge variant="light" color="gray" radius="sm">
              QAD entity {plan.entity}
            </Badge>
          ) : (
            <Badge variant="light" color="red" radius="sm">
              No QAD entity
            </Badge>
          )}
        </Group>
        {plan.problems.map((problem) => (
          <Alert key={problem} color="orange" variant="light">
            {problem}
          </Alert>
        ))}
        <Text size="sm">
          Categories: {plan.categories.added.length} to add, {plan.categories.changed.length} to change,{' '}
          {plan.categories.disabled.length} to disable, {plan.categories.unchanged} unchanged
          {plan.categories.unmanaged.length > 0
            ? `; left alone (no GL code): ${plan.categories.unmanaged.join(', ')}`
            : ''}
          {plan.tags
            ? ` · Tags (${plan.tags.levelName}): ${plan.tags.added.length} to add, ${plan.tags.changed.length} to change, ${plan.tags.disabled.length} to disable, ${plan.tags.unchanged} unchanged`
            : ''}
        </Text>
        <DataGrid<PolicyRow>
          label={`Changes for policy ${plan.policyId}`}
          rows={rows}
          columns={policyColumns}
          getRowId={(r) => r.id}
          height={gridHeight(rows.length, 300)}
          emptyMessage="This policy already matches QAD."
        />
      </Stack>
    </Paper>
  );
}

function PolicyResult(props: { result: PolicyPushResultView }) {
  const { result } = props;
  return (
    <Stack gap="xs">
      <Title order={4} size="h5">
        Last push
      </Title>
      <Alert color={result.failed.length > 0 ? 'orange' : 'teal'} variant="light" role="status">
        <List size="sm" spacing={2}>
          {result.sent.map((s) => (
            <List.Item key={s.policyId}>
              Policy {s.policyId}: sent {s.categories} categor{s.categories === 1 ? 'y' : 'ies'} and {s.tags}{' '}
              tag{s.tags === 1 ? '' : 's'}.
            </List.Item>
          ))}
          {result.skipped.map((s) => (
            <List.Item key={s.policyId}>
              Policy {s.policyId}: not sent. {s.reason}
            </List.Item>
          ))}
          {result.failed.map((f) => (
            <List.Item key={f.policyId}>
              Policy {f.policyId}: failed. {f.error}
            </List.Item>
          ))}
        </List>
      </Alert>
    </Stack>
  );
}

function EmployeesSection() {
  const { run, pending } = useAction();
  const [result, setResult] = useState<EmployeePushResultView>();
  const [error, setError] = useState<ContractError>();
  const [confirming, setConfirming] = useState(false);

  async function send(dryRun: boolean) {
    setError(undefined);
    const answer = await run('employees/push', { dryRun });
    if (!answer.ok) {
      setError(answer.error);
      return;
    }
    setConfirming(false);
    setResult(answer.value);
  }

  return (
    <Stack gap="md">
      <Group justify="space-between" align="center" wrap="wrap">
        <Title order={3} size="h4">
          Employees
        </Title>
        <Group gap="sm">
          <Button
            variant="default"
            onClick={() => void send(true)}
            loading={pending === 'employees/push' && !confirming}
          >
            Dry run
          </Button>
          <Button onClick={() => setConfirming(true)} disabled={!result?.dryRun || result.feed.length === 0}>
            Push employees…
          </Button>
        </Group>
      </Group>
      <Text size="sm" c="dimmed" maw={760}>
        Each QAD employee of a policy’s entity, with the manager they submit to. A dry run asks Expensify what
        it would add and remove and changes nothing; push after checking it. Inactive employees are sent as
        terminated, which removes them from the policy.
      </Text>
      {error && !confirming && <FieldError error={error} />}
      {!result ? (
        <EmptyState title="No dry run yet">
          Run a dry run to see the employees ml-connector would send and what Expensify would change.
        </EmptyState>
      ) : (
        <EmployeeResult result={result} />
      )}
      {confirming && result && (
        <ConfirmPush
          title="Push employees to Expensify?"
          confirmLabel={`Push ${result.feed.length} employee${result.feed.length === 1 ? '' : 's'}`}
          pending={pending === 'employees/push'}
          error={error}
          onConfirm={() => void send(false)}
          onClose={() => {
            setConfirming(false);
            setError(undefined);
          }}
        >
          <Text size="sm">
            {result.feed.length} employee(s) are sent with their manager and policy;{' '}
            {result.feed.filter((f) => f.isTerminated).length} of them as terminated. Expensify applies it at
            once.
          </Text>
        </ConfirmPush>
      )}
    </Stack>
  );
}

function EmployeeResult(props: { result: EmployeePushResultView }) {
  const { result } = props;
  const answer = result.answer;
  return (
    <Stack gap="sm">
      <Text size="sm" aria-live="polite">
        {result.dryRun ? 'Dry run: nothing was changed.' : 'Pushed.'} {result.feed.length} employee(s)
        {result.dryRun ? ' would be sent' : ' sent'} · {result.notSent.length} left out ·{' '}
        {result.selfApproving.length} without a manager
      </Text>
      {answer && (
        <Alert color={answer.skipped.length > 0 ? 'orange' : 'teal'} variant="light" role="status">
          {answer.dryRun ? 'Expensify would update' : 'Expensify updated'} {answer.updatedEmployeesCount}{' '}
          employee(s).{' '}
          {Object.entries(answer.added)
            .filter(([, emails]) => emails.length > 0)
            .map(([policy, emails]) => `Added to ${policy}: ${emails.join(', ')}. `)}
          {Object.entries(answer.removed)
            .filter(([, emails]) => emails.length > 0)
            .map(([policy, emails]) => `Removed from ${policy}: ${emails.join(', ')}. `)}
          {answer.skipped.length > 0 &&
            `Skipped: ${answer.skipped.map((s) => `${s.email} (${s.reason})`).join(', ')}.`}
        </Alert>
      )}
      {result.feed.length === 0 ? (
        <EmptyState title="No employees to send">
          The QAD cache holds no employees with an email address for the policies’ entities
          {result.emptyPolicies.length > 0
            ? ` (policies without employees: ${result.emptyPolicies.join(', ')})`
            : ''}
          . The master data flow fills the cache from QAD.
        </EmptyState>
      ) : (
        <DataGrid<EmployeeFeedRowView>
          label="Employees sent or to send"
          rows={result.feed}
          columns={employeeColumns}
          getRowId={(r) => `${r.policyID}:${r.employeeEmail}`}
          height={gridHeight(result.feed.length)}
        />
      )}
      {result.selfApproving.length > 0 && (
        <Text size="sm" c="dimmed">
          No manager in QAD, so they submit to themselves: {result.selfApproving.join(', ')}
        </Text>
      )}
      {result.notSent.length > 0 && (
        <Alert color="yellow" variant="light" title="Left out">
          <List size="sm" spacing={2}>
            {result.notSent.map((n) => (
              <List.Item key={n.code}>
                {n.code}: {n.reason}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      {result.feed.length > 0 && result.emptyPolicies.length > 0 && (
        <Text size="sm" c="dimmed">
          Policies whose entity has no employees in QAD: {result.emptyPolicies.join(', ')}
        </Text>
      )}
    </Stack>
  );
}
