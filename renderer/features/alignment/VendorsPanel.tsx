// QAD suppliers (the master-data cache) into SAP Concur Invoice vendors: adds, changes and deactivations.
// ml-connector never deletes a vendor; a supplier made inactive in QAD is set to not approved.
import { Alert, Button, Group, List, Stack, Text, Title } from '@mantine/core';
import type { ColDef } from 'ag-grid-community';
import { useMemo, useState } from 'react';
import type { VendorPushItemResultView, VendorPushReportView } from '../../../shared/contract/pushes.ts';
import type { ContractError } from '../../../shared/contract/result.ts';
import { useAction, useOperation } from '../../api/hooks.ts';
import { DataGrid } from '../../components/DataGrid.tsx';
import { humanize } from '../../format.ts';
import { ConfirmPush } from './ConfirmPush.tsx';
import { FieldError } from './FieldError.tsx';
import { gridHeight, vendorPlanSize, vendorRows, type VendorRow } from './rows.ts';

const ACTION_WORDS: Record<VendorRow['action'], string> = {
  add: 'Add',
  change: 'Change',
  deactivate: 'Deactivate',
};

const planColumns: ColDef<VendorRow>[] = [
  {
    field: 'action',
    headerName: 'Change',
    width: 130,
    valueFormatter: (p) => ACTION_WORDS[p.value as VendorRow['action']] ?? String(p.value),
  },
  { field: 'vendorCode', headerName: 'Vendor code', width: 150 },
  { field: 'name', headerName: 'Name in QAD', width: 260 },
  { field: 'changes', headerName: 'What changes', flex: 1, minWidth: 280, tooltipField: 'changes' },
];

const resultColumns: ColDef<VendorPushItemResultView>[] = [
  { field: 'vendorCode', headerName: 'Vendor code', width: 150 },
  { field: 'action', headerName: 'Change', width: 130, valueFormatter: (p) => humanize(String(p.value)) },
  { field: 'outcome', headerName: 'Outcome', width: 130, valueFormatter: (p) => humanize(String(p.value)) },
  { field: 'message', headerName: 'Message', flex: 1, minWidth: 260, tooltipField: 'message' },
];

export function VendorsPanel() {
  const preview = useOperation('vendors/preview');
  const { run, pending } = useAction();
  const [confirming, setConfirming] = useState(false);
  const [pushError, setPushError] = useState<ContractError>();
  const [report, setReport] = useState<VendorPushReportView>();
  const plan = preview.data;
  const rows = useMemo(() => (plan ? vendorRows(plan) : undefined), [plan]);
  const size = plan ? vendorPlanSize(plan) : 0;

  async function push() {
    setPushError(undefined);
    const result = await run('vendors/push', {});
    if (!result.ok) {
      setPushError(result.error);
      return;
    }
    setConfirming(false);
    setReport(result.value);
    preview.reload();
  }

  return (
    <Stack gap="md">
      <Group justify="space-between" align="center" wrap="wrap">
        <Text size="sm" c="dimmed" maw={640}>
          From the QAD supplier cache (refreshed by the master data flow). Vendors are added, renamed, given
          the QAD currency, or deactivated; never deleted. Employees are not vendors.
        </Text>
        <Group gap="sm">
          <Button variant="default" onClick={preview.reload} loading={preview.loading}>
            Preview again
          </Button>
          <Button onClick={() => setConfirming(true)} disabled={!plan || size === 0}>
            Push vendors…
          </Button>
        </Group>
      </Group>
      {preview.error && <FieldError error={preview.error} onRetry={preview.reload} />}
      {plan && (
        <Text size="sm" aria-live="polite">
          {plan.adds.length} to add · {plan.changes.length} to change · {plan.deactivations.length} to
          deactivate · {plan.unchanged} unchanged
        </Text>
      )}
      {(plan || preview.loading) && (
        <DataGrid<VendorRow>
          label="Vendor changes"
          rows={rows}
          columns={planColumns}
          loading={preview.loading && !plan}
          getRowId={(r) => r.id}
          height={gridHeight(rows?.length ?? 0)}
          emptyMessage="Concur’s vendors already match the QAD suppliers."
        />
      )}
      {plan && plan.notInQad.length > 0 && (
        <Text size="sm" c="dimmed">
          Concur vendors QAD does not know (left alone): {plan.notInQad.join(', ')}
        </Text>
      )}
      {plan && plan.duplicates.length > 0 && (
        <Alert color="yellow" variant="light" title="Duplicated in Concur">
          These vendor codes exist more than once under the same address code; fix them in Concur:{' '}
          {plan.duplicates.join(', ')}
        </Alert>
      )}
      {report && (
        <Stack gap="sm">
          <Title order={3} size="h5">
            Last push
          </Title>
          <Alert color={report.failed + report.unclear > 0 ? 'orange' : 'teal'} variant="light" role="status">
            {report.succeeded} done, {report.failed} failed, {report.unclear} unclear.
            {report.unclear > 0
              ? ' An unclear create is looked up by code before the next push sends anything, so it is never created twice.'
              : ''}
          </Alert>
          <DataGrid<VendorPushItemResultView>
            label="Results of the last vendor push"
            rows={report.results}
            columns={resultColumns}
            getRowId={(r) => `${r.action}:${r.vendorCode}/${r.addressCode}`}
            height={gridHeight(report.results.length, 300)}
            emptyMessage="Nothing was sent: Concur already matched QAD."
          />
        </Stack>
      )}
      {confirming && plan && (
        <ConfirmPush
          title="Push QAD suppliers to SAP Concur vendors?"
          confirmLabel={`Push ${size} vendor change${size === 1 ? '' : 's'}`}
          pending={pending === 'vendors/push'}
          error={pushError}
          onConfirm={() => void push()}
          onClose={() => {
            setConfirming(false);
            setPushError(undefined);
          }}
        >
          <List size="sm" spacing={4}>
            <List.Item>{plan.adds.length} vendor(s) added</List.Item>
            <List.Item>{plan.changes.length} vendor(s) changed</List.Item>
            <List.Item>
              {plan.deactivations.length} vendor(s) deactivated (not approved; not deleted)
            </List.Item>
          </List>
          <Text size="sm" c="dimmed">
            The push compares again just before sending, so it sends what is different at that moment.
          </Text>
        </ConfirmPush>
      )}
    </Stack>
  );
}
