import { Alert, Button, Group, Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Settings } from '../../../shared/settings.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Screen } from '../../components/Screen.tsx';
import { cronToWords } from './cron-words.ts';
import { DaysField, FormContext, MultiSelectField, SelectField, SwitchField, TextField } from './fields.tsx';
import { useSettingsForm } from './use-settings-form.ts';

const POSTING = [
  { value: 'supplier_invoice', label: 'Supplier invoice (AP, pays the employee)' },
  { value: 'gl_journal', label: 'GL journal (accrual to the employee payable account)' },
];

const FLOWS = [
  { key: 'concur', label: 'SAP Concur → QAD' },
  { key: 'expensify', label: 'Expensify → QAD' },
  { key: 'masterData', label: 'QAD master data → sources' },
] as const;

export function Section(props: { title: string; children: ReactNode; description?: string }) {
  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-label={props.title}>
      <Title order={2} size="h4" mb={props.description ? 4 : 'md'}>
        {props.title}
      </Title>
      {props.description && (
        <Text size="sm" c="dimmed" mb="md">
          {props.description}
        </Text>
      )}
      <Stack gap="md">{props.children}</Stack>
    </Paper>
  );
}

function SchedulePreview(props: { settings: Settings; flow: (typeof FLOWS)[number]['key'] }) {
  const schedule = props.settings.schedules[props.flow];
  if (!schedule.enabled)
    return (
      <Text size="sm" c="dimmed">
        Off: runs only when someone presses Run now.
      </Text>
    );
  const words = cronToWords(schedule.cron, schedule.window, schedule.days);
  return (
    <Text size="sm" aria-live="polite" data-testid={`schedule-words-${props.flow}`}>
      {words ? `Runs ${words}.` : `Custom schedule: ${schedule.cron}`}
    </Text>
  );
}

export function SettingsScreen() {
  const form = useSettingsForm();
  const { values } = form;
  return (
    <Screen
      title="Settings"
      subtitle="Schedules, posting choices and the network. Connections to QAD, Concur and Expensify are under Connections."
      actions={
        <Button onClick={() => void form.save()} loading={form.saving} disabled={!values}>
          Save settings
        </Button>
      }
    >
      {form.loaded.error && <ErrorAlert error={form.loaded.error} onRetry={form.loaded.reload} />}
      {form.failure && <ErrorAlert error={form.failure} />}
      {form.saved && (
        <Alert
          color="teal"
          variant="light"
          role="status"
          withCloseButton
          onClose={() => form.setSaved(false)}
        >
          Settings saved. They apply from the next run.
        </Alert>
      )}
      {!values && form.loaded.loading && <Loader aria-label="Loading settings" />}
      {values && (
        <FormContext.Provider value={form.binding}>
          <form
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              void form.save();
            }}
          >
            <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
              <Section
                title="Schedules"
                description="Cron expressions in local time; hours and days narrow them further. Runs outside the hours wait for the next slot."
              >
                {FLOWS.map((flow) => (
                  <Stack key={flow.key} gap={6}>
                    <SwitchField path={`schedules.${flow.key}.enabled`} label={flow.label} />
                    <Group grow align="flex-start">
                      <TextField
                        path={`schedules.${flow.key}.cron`}
                        label={`Cron (${flow.label})`}
                        placeholder="*/15 * * * *"
                      />
                      <TextField
                        path={`schedules.${flow.key}.window`}
                        label={`Hours (${flow.label})`}
                        placeholder="06:00-20:00"
                      />
                    </Group>
                    <DaysField
                      path={`schedules.${flow.key}.days`}
                      label={`Days (${flow.label})`}
                      description="None picked: every day"
                    />
                    <SchedulePreview settings={values} flow={flow.key} />
                  </Stack>
                ))}
              </Section>
              <Stack gap="lg">
                <Section title="Posting">
                  <SelectField
                    path="concur.expenseReportPosting"
                    label="Post Concur expense reports as"
                    options={POSTING}
                  />
                  <SelectField
                    path="expensify.reportPosting"
                    label="Post Expensify reports as"
                    options={POSTING}
                  />
                  <MultiSelectField
                    path="posting.autoRelease"
                    label="Release batches automatically for"
                    description="Leave empty so a person reviews and releases every batch"
                    options={[
                      { value: 'concur', label: 'SAP Concur' },
                      { value: 'expensify', label: 'Expensify' },
                    ]}
                  />
                  <Group grow align="flex-start">
                    <TextField
                      path="posting.employeePayableAccount"
                      label="Employee payable account (journals)"
                      placeholder="2010"
                    />
                    <TextField
                      path="posting.cardClearingAccount"
                      label="Company card clearing account"
                      placeholder="2400"
                    />
                  </Group>
                </Section>
                <Section title="Data and network">
                  <TextField
                    path="dataDir"
                    label="Data folder"
                    description="Database and logs. Empty: the per-user default. Takes effect after a restart."
                  />
                  <TextField
                    path="network.proxyUrl"
                    label="Proxy URL"
                    placeholder="http://proxy.plant.local:8080"
                  />
                  <TextField
                    path="network.caCertFile"
                    label="Corporate CA certificate file"
                    description="A PEM file, for networks that inspect TLS"
                    placeholder="C:\certs\corporate-root.pem"
                  />
                </Section>
              </Stack>
            </SimpleGrid>
            <Group justify="flex-end" mt="lg">
              <Button type="submit" loading={form.saving}>
                Save settings
              </Button>
            </Group>
          </form>
        </FormContext.Provider>
      )}
    </Screen>
  );
}
