import { Alert, Button, Group, Loader, Paper, SimpleGrid, Stack, Title } from '@mantine/core';
import { type ReactNode, useMemo, useState } from 'react';
import type { Settings } from '../../../shared/settings.ts';
import { useAction, useOperation } from '../../api/hooks.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Screen } from '../../components/Screen.tsx';
import type { ContractError } from '../../../shared/contract/result.ts';
import { FormContext, MultiSelectField, SelectField, SwitchField, TagsField, TextField } from './fields.tsx';
import { setAt } from './paths.ts';

const POSTING = [
  { value: 'supplier_invoice', label: 'Supplier invoice' },
  { value: 'gl_journal', label: 'GL journal' },
];

const FLOWS = [
  { key: 'concur', label: 'SAP Concur' },
  { key: 'expensify', label: 'Expensify' },
  { key: 'masterData', label: 'QAD master data' },
] as const;

function Section(props: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-label={props.title}>
      <Title order={2} size="h4" mb="md">
        {props.title}
      </Title>
      <Stack gap="md">{props.children}</Stack>
    </Paper>
  );
}

/** Optional values the form holds as '' are left out, so the schema sees them as unset. */
function clean(settings: Settings): Settings {
  const schedules = { ...settings.schedules };
  for (const { key } of FLOWS) {
    const { window, ...rest } = schedules[key];
    schedules[key] = window ? { ...rest, window } : rest;
  }
  return { ...settings, schedules };
}

export function SettingsScreen() {
  const loaded = useOperation('settings/get');
  const { run, pending } = useAction();
  // Undefined until the person edits: the form shows what the engine holds.
  const [edited, setEdited] = useState<Settings>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<ContractError>();
  const [saved, setSaved] = useState(false);

  const values = edited ?? loaded.data;

  const binding = useMemo(
    () => ({
      values,
      errors,
      change(path: string, value: unknown) {
        setEdited((old) => {
          const base = old ?? loaded.data;
          return base ? setAt(base, path, value) : base;
        });
        setErrors((old) => {
          const { [path]: _gone, ...rest } = old;
          return rest;
        });
        setSaved(false);
      },
    }),
    [values, errors, loaded.data],
  );

  async function save() {
    if (!values) return;
    setFailure(undefined);
    setSaved(false);
    const result = await run('settings/update', { settings: clean(values) });
    if (result.ok) {
      setEdited(result.value);
      setErrors({});
      setSaved(true);
      return;
    }
    const { field, message } = result.error;
    if (field?.startsWith('settings.')) {
      const path = field.slice('settings.'.length);
      // The router prefixes the path to its message; beside the input the path is obvious.
      setErrors({ [path]: message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message });
    }
    setFailure(result.error);
  }

  return (
    <Screen
      title="Settings"
      subtitle="Non-secret settings. Credentials are entered under Connections."
      actions={
        <Button onClick={() => void save()} loading={pending === 'settings/update'} disabled={!values}>
          Save settings
        </Button>
      }
    >
      {loaded.error && <ErrorAlert error={loaded.error} onRetry={loaded.reload} />}
      {failure && <ErrorAlert error={failure} />}
      {saved && (
        <Alert color="teal" variant="light" role="status" withCloseButton onClose={() => setSaved(false)}>
          Settings saved. They apply from the next run.
        </Alert>
      )}
      {!values && loaded.loading && <Loader aria-label="Loading settings" />}
      {values && (
        <FormContext.Provider value={binding}>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void save();
            }}
          >
            <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
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
                <TextField path="qad.domain" label="Domain" placeholder="10USA" />
                <TextField
                  path="qad.rest.tenantUrl"
                  label="Tenant URL (REST)"
                  description="Your company's own QAD cloud address"
                  placeholder="https://yourcompany.qad.com"
                />
                <TextField path="qad.qxtend.endpointUrl" label="QXtend endpoint URL (SOAP)" />
                <Group grow>
                  <TextField path="qad.qxtend.receiver" label="QXtend receiver" />
                  <TextField path="qad.qxtend.qdocVersion" label="QDoc version" />
                </Group>
              </Section>
              <Section title="SAP Concur">
                <SwitchField path="concur.enabled" label="Fetch approved documents from SAP Concur" />
                <TextField
                  path="concur.tokenUrl"
                  label="Token URL"
                  description="Change for EU or other data centers"
                />
                <Group grow>
                  <TextField path="concur.clientId" label="Client ID" />
                  <TextField path="concur.companyUuid" label="Company UUID" />
                </Group>
                <MultiSelectField
                  path="concur.documentTypes"
                  label="Documents to fetch"
                  options={[
                    { value: 'invoice', label: 'Invoices' },
                    { value: 'expense_report', label: 'Expense reports' },
                  ]}
                />
                <SelectField
                  path="concur.expenseReportPosting"
                  label="Post expense reports as"
                  options={POSTING}
                />
                <SwitchField path="concur.vendorPush" label="Push QAD suppliers to Concur as vendors" />
              </Section>
              <Section title="Expensify">
                <SwitchField path="expensify.enabled" label="Fetch approved reports from Expensify" />
                <TextField path="expensify.url" label="Integration Server URL" />
                <TagsField
                  path="expensify.policyIds"
                  label="Policy IDs"
                  description="Press Enter after each ID"
                />
                <TextField path="expensify.exportLabel" label="Export label" />
                <SelectField path="expensify.reportPosting" label="Post reports as" options={POSTING} />
                <SwitchField
                  path="expensify.writeBackReimbursed"
                  label="Mark reports reimbursed when QAD pays them"
                />
              </Section>
              <Section title="Schedules">
                {FLOWS.map((flow) => (
                  <Group key={flow.key} grow align="flex-start">
                    <SwitchField path={`schedules.${flow.key}.enabled`} label={flow.label} />
                    <TextField path={`schedules.${flow.key}.cron`} label="Cron" />
                    <TextField
                      path={`schedules.${flow.key}.window`}
                      label="Hours"
                      placeholder="06:00-20:00"
                    />
                  </Group>
                ))}
              </Section>
              <Section title="Posting">
                <MultiSelectField
                  path="posting.autoRelease"
                  label="Release batches automatically for"
                  description="Leave empty so a person releases every batch"
                  options={[
                    { value: 'concur', label: 'SAP Concur' },
                    { value: 'expensify', label: 'Expensify' },
                  ]}
                />
              </Section>
              <Section title="Network">
                <TextField
                  path="network.proxyUrl"
                  label="Proxy URL"
                  placeholder="http://proxy.plant.local:8080"
                />
                <TextField path="network.caCertFile" label="Corporate CA certificate file" />
              </Section>
            </SimpleGrid>
            <Group justify="flex-end" mt="lg">
              <Button type="submit" loading={pending === 'settings/update'}>
                Save settings
              </Button>
            </Group>
          </form>
        </FormContext.Provider>
      )}
    </Screen>
  );
}
