import { Alert, Button, Group, Loader, Stack, Tabs, Text } from '@mantine/core';
import { useState } from 'react';
import type { ContractError } from '../../../shared/contract/result.ts';
import type { CheckReport, SystemName } from '../../../shared/domain/status.ts';
import type { SecretName } from '../../../shared/settings.ts';
import { useAction, useOperation } from '../../api/hooks.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Screen } from '../../components/Screen.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { formatDateTime } from '../../format.ts';
import { STATE_LABELS, SYSTEM_LABELS } from '../dashboard/ConnectionCards.tsx';
import { Section } from '../settings/SettingsScreen.tsx';
import {
  FormContext,
  MultiSelectField,
  SelectField,
  SwitchField,
  TagsField,
  TextField,
} from '../settings/fields.tsx';
import { getAt } from '../settings/paths.ts';
import { useSettingsForm } from '../settings/use-settings-form.ts';
import { CheckResults } from './CheckResults.tsx';
import { ConcurTokenState } from './ConcurToken.tsx';
import { concurAuthState } from './concur-auth.ts';
import { SecretField } from './SecretField.tsx';

function Secrets(props: {
  names: readonly SecretName[];
  present: (name: SecretName) => boolean;
  onChanged: () => void;
}) {
  return (
    <Section
      title="Credentials"
      description="Entered once and never shown again; replace or remove them here."
    >
      {props.names.map((name) => (
        <SecretField key={name} name={name} present={props.present(name)} onChanged={props.onChanged} />
      ))}
    </Section>
  );
}

export function ConnectionsScreen() {
  const form = useSettingsForm();
  const secrets = useOperation('secrets/status');
  const status = useOperation('status/get');
  const { run } = useAction();
  const [system, setSystem] = useState<SystemName>('qad');
  const [report, setReport] = useState<{ system: SystemName | 'all'; report: CheckReport }>();
  const [error, setError] = useState<ContractError>();
  const [testing, setTesting] = useState<SystemName | 'all'>();

  async function test(which: SystemName | 'all') {
    setError(undefined);
    setTesting(which);
    // Unsaved edits would make the test check the old settings: save first, and stop if they are not valid.
    if (form.dirty && !(await form.save())) {
      setTesting(undefined);
      return;
    }
    const result = await run('connections/check', which === 'all' ? {} : { system: which });
    setTesting(undefined);
    if (result.ok) {
      setReport({ system: which, report: result.value });
      status.reload();
      secrets.reload();
    } else setError(result.error);
  }

  const present = (name: SecretName) => secrets.data?.secrets.find((s) => s.name === name)?.present ?? false;
  const namesOf = (prefix: SystemName) =>
    (secrets.data?.secrets ?? [])
      .map((s) => s.name)
      .filter((n) => n.startsWith(`${prefix}.`) && n !== 'concur.refreshToken');
  const health = (s: SystemName) => status.data?.connections.find((c) => c.system === s);
  const mode = getAt(form.values, 'qad.mode');

  const footer = (s: SystemName) => (
    <Stack gap="sm">
      <Group gap="sm">
        <Button onClick={() => void form.save()} loading={form.saving} variant="default">
          Save {SYSTEM_LABELS[s]} settings
        </Button>
        <Button onClick={() => void test(s)} loading={testing === s}>
          Test {SYSTEM_LABELS[s]}
        </Button>
      </Group>
      {report?.system === s && <CheckResults report={report.report} />}
    </Stack>
  );

  return (
    <Screen
      title="Connections"
      subtitle={
        secrets.data
          ? `Addresses and accounts of each system. Credentials are kept in ${secrets.data.backend}, never read back.`
          : 'Addresses and accounts of each system. Credentials are kept in the OS keychain, never in settings or logs.'
      }
      actions={
        <Button onClick={() => void test('all')} loading={testing === 'all'}>
          Test all connections
        </Button>
      }
    >
      {secrets.error && <ErrorAlert error={secrets.error} onRetry={secrets.reload} />}
      {form.loaded.error && <ErrorAlert error={form.loaded.error} onRetry={form.loaded.reload} />}
      {form.failure && <ErrorAlert error={form.failure} />}
      {error && <ErrorAlert error={error} />}
      {form.saved && (
        <Alert
          color="teal"
          variant="light"
          role="status"
          withCloseButton
          onClose={() => form.setSaved(false)}
        >
          Saved. The next run and the next test use these settings.
        </Alert>
      )}
      {report?.system === 'all' && <CheckResults report={report.report} />}
      {!form.values && <Loader aria-label="Loading settings" />}
      {form.values && (
        <FormContext.Provider value={form.binding}>
          {/* No <form> here: each credential is its own form, and forms must not nest. */}
          <div>
            <Tabs value={system} onChange={(v) => v && setSystem(v as SystemName)}>
              <Tabs.List aria-label="Systems">
                {(['qad', 'concur', 'expensify'] as const).map((s) => {
                  const h = health(s);
                  return (
                    <Tabs.Tab
                      key={s}
                      value={s}
                      rightSection={
                        h ? <StatusBadge value={h.state} label={STATE_LABELS[h.state]} /> : undefined
                      }
                    >
                      {SYSTEM_LABELS[s]}
                    </Tabs.Tab>
                  );
                })}
              </Tabs.List>
              {(['qad', 'concur', 'expensify'] as const).map((s) => (
                <Tabs.Panel key={s} value={s} pt="md">
                  {health(s) && (
                    <Text size="sm" c="dimmed" mb="sm">
                      {health(s)!.message}
                      {health(s)!.checkedAt ? ` (checked ${formatDateTime(health(s)!.checkedAt)})` : ''}
                    </Text>
                  )}
                </Tabs.Panel>
              ))}
            </Tabs>
            {system === 'qad' && (
              <Stack gap="lg">
                <Group grow align="flex-start" wrap="wrap">
                  <Section title="QAD ERP">
                    <SelectField
                      path="qad.mode"
                      label="Connection"
                      options={[
                        { value: 'none', label: 'Not connected' },
                        { value: 'rest', label: 'QAD Adaptive ERP (REST, cloud)' },
                        { value: 'qxtend', label: 'QXtend (SOAP, on-premise)' },
                      ]}
                    />
                    <TextField
                      path="qad.domain"
                      label="Domain"
                      placeholder="10USA"
                      required={mode !== 'none'}
                    />
                    <TagsField
                      path="qad.entities"
                      label="Entities"
                      description="Press Enter after each. Empty: discovered from the GL calendar"
                    />
                    {mode === 'rest' && (
                      <>
                        <TextField
                          path="qad.rest.tenantUrl"
                          label="Tenant URL (REST)"
                          description="Your company's own QAD cloud address"
                          placeholder="https://yourcompany.qad.com"
                          required
                        />
                        <TextField path="qad.rest.clientId" label="OAuth client ID" />
                      </>
                    )}
                    {mode === 'qxtend' && (
                      <>
                        <TextField
                          path="qad.qxtend.endpointUrl"
                          label="QXtend endpoint URL (SOAP)"
                          placeholder="https://qad.plant.local/qxi/services/QdocWebService"
                          required
                        />
                        <Group grow>
                          <TextField path="qad.qxtend.receiver" label="QXtend receiver" />
                          <TextField path="qad.qxtend.qdocVersion" label="QDoc version" />
                        </Group>
                      </>
                    )}
                  </Section>
                  <Secrets names={namesOf('qad')} present={present} onChanged={secrets.reload} />
                </Group>
                {footer('qad')}
              </Stack>
            )}
            {system === 'concur' && (
              <Stack gap="lg">
                <Group grow align="flex-start" wrap="wrap">
                  <Section title="SAP Concur">
                    <SwitchField path="concur.enabled" label="Fetch approved documents from SAP Concur" />
                    <TextField
                      path="concur.tokenUrl"
                      label="Token URL"
                      description="Change for EU or other data centers"
                    />
                    <TextField
                      path="concur.clientId"
                      label="Client ID"
                      required={getAt(form.values, 'concur.enabled') === true}
                    />
                    <TextField
                      path="concur.companyUuid"
                      label="Company UUID"
                      required={getAt(form.values, 'concur.enabled') === true}
                    />
                    <MultiSelectField
                      path="concur.documentTypes"
                      label="Documents to fetch"
                      options={[
                        { value: 'invoice', label: 'Invoices' },
                        { value: 'expense_report', label: 'Expense reports' },
                      ]}
                    />
                    <TextField path="concur.systemId" label="ERP system ID sent with confirmations" />
                    <SwitchField path="concur.vendorPush" label="Push QAD suppliers to Concur as vendors" />
                  </Section>
                  <Stack gap="md">
                    <ConcurTokenState
                      state={concurAuthState({
                        requestToken: present('concur.requestToken'),
                        refreshToken: present('concur.refreshToken'),
                        needsReauthorization: status.data?.concurNeedsReauthorization ?? false,
                      })}
                    />
                    <Secrets names={namesOf('concur')} present={present} onChanged={secrets.reload} />
                  </Stack>
                </Group>
                {footer('concur')}
              </Stack>
            )}
            {system === 'expensify' && (
              <Stack gap="lg">
                <Group grow align="flex-start" wrap="wrap">
                  <Section title="Expensify">
                    <SwitchField path="expensify.enabled" label="Fetch approved reports from Expensify" />
                    <TextField path="expensify.url" label="Integration Server URL" />
                    <TagsField
                      path="expensify.policyIds"
                      label="Policy IDs"
                      description="Press Enter after each ID"
                    />
                    <TextField path="expensify.exportLabel" label="Export label" />
                    <SwitchField
                      path="expensify.writeBackReimbursed"
                      label="Mark reports reimbursed when QAD pays them"
                    />
                  </Section>
                  <Secrets names={namesOf('expensify')} present={present} onChanged={secrets.reload} />
                </Group>
                {footer('expensify')}
              </Stack>
            )}
          </div>
        </FormContext.Provider>
      )}
    </Screen>
  );
}
