// QAD cost centers, sub-accounts and projects into SAP Concur lists: per dimension the list it goes to (stored
// by id, the name kept only as a check), the hierarchy, what a push would change, and the push itself.
// Deleting a Concur list item is permanent (the code can never be created again) and takes its children with
// it, so a deletion only happens for a code the person ticked, one by one.
import {
  Alert,
  Button,
  Checkbox,
  Group,
  List,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import type { ColDef } from 'ag-grid-community';
import { useMemo, useState } from 'react';
import {
  LIST_DIMENSIONS,
  type ConfiguredList,
  type ListDimension,
  type ListPreview,
  type ListPushItemResult,
  type ListPushReport,
  type ListsAvailable,
} from '../../../shared/contract/lists.ts';
import type { ContractError } from '../../../shared/contract/result.ts';
import type { Settings } from '../../../shared/settings.ts';
import { useAction, useOperation } from '../../api/hooks.ts';
import { DataGrid } from '../../components/DataGrid.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { humanize } from '../../format.ts';
import { ConfirmPush } from './ConfirmPush.tsx';
import { FieldError } from './FieldError.tsx';
import { gridHeight, listDiffRows, type ListDiffRow } from './rows.ts';

export const DIMENSION_LABELS: Record<ListDimension, string> = {
  cost_center: 'Cost centers',
  sub_account: 'Sub-accounts',
  project: 'Projects',
};

/** The "no list" choice of the picker; stored as an empty listId. */
const NONE = '(none)';

const HIERARCHIES = [
  { value: 'code', label: 'Code (one level)' },
  { value: 'entity>code', label: 'Entity › code (two levels)' },
];

const CHANGE_WORDS: Record<ListDiffRow['change'], string> = {
  add: 'Add',
  rename: 'Rename',
  delete: 'Proposed deletion',
  refused: 'Refused',
};

const diffColumns: ColDef<ListDiffRow>[] = [
  {
    field: 'change',
    headerName: 'Change',
    width: 160,
    valueFormatter: (p) => CHANGE_WORDS[p.value as ListDiffRow['change']] ?? String(p.value),
  },
  { field: 'code', headerName: 'Code', width: 200 },
  { field: 'level', headerName: 'Level', width: 90, type: 'rightAligned' },
  { field: 'detail', headerName: 'Name, change or reason', flex: 1, minWidth: 280, tooltipField: 'detail' },
  { field: 'qadValue', headerName: 'QAD value', width: 160 },
];

const resultColumns: ColDef<ListPushItemResult>[] = [
  { field: 'action', headerName: 'Action', width: 110, valueFormatter: (p) => humanize(String(p.value)) },
  { field: 'code', headerName: 'Code', width: 200 },
  { field: 'outcome', headerName: 'Outcome', width: 120, valueFormatter: (p) => humanize(String(p.value)) },
  { field: 'sent', headerName: 'Times sent', width: 110, type: 'rightAligned' },
  { field: 'errorId', headerName: 'Concur error', width: 200 },
  { field: 'message', headerName: 'Message', flex: 1, minWidth: 240, tooltipField: 'message' },
];

export function ConcurListsPanel() {
  const available = useOperation('lists/available');
  const settings = useOperation('settings/get');
  const [dimension, setDimension] = useState<ListDimension>('cost_center');
  // The last push per dimension stays visible while the person looks at the others.
  const [reports, setReports] = useState<Partial<Record<ListDimension, ListPushReport>>>({});

  if (available.error && !available.data) {
    return <FieldError error={available.error} onRetry={available.reload} />;
  }
  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <SegmentedControl
          aria-label="QAD dimension"
          value={dimension}
          onChange={setDimension}
          data={LIST_DIMENSIONS.map((d) => ({ value: d, label: DIMENSION_LABELS[d] }))}
        />
        <Button variant="default" onClick={available.reload} loading={available.loading}>
          Reload Concur lists
        </Button>
      </Group>
      {available.error && <FieldError error={available.error} onRetry={available.reload} />}
      {!available.data ? (
        <Text size="sm" aria-live="polite">
          Reading the Concur lists…
        </Text>
      ) : (
        <DimensionSection
          key={dimension}
          dimension={dimension}
          available={available.data}
          settings={settings.data}
          report={reports[dimension]}
          onSettingsSaved={(saved) => {
            settings.setData(saved);
            available.reload();
          }}
          onPushed={(report) => setReports((old) => ({ ...old, [dimension]: report }))}
        />
      )}
    </Stack>
  );
}

function DimensionSection(props: {
  dimension: ListDimension;
  available: ListsAvailable;
  settings: Settings | undefined;
  report: ListPushReport | undefined;
  onSettingsSaved: (settings: Settings) => void;
  onPushed: (report: ListPushReport) => void;
}) {
  const { dimension } = props;
  const configured = props.available.configured.find((c) => c.dimension === dimension);
  const label = DIMENSION_LABELS[dimension].toLowerCase();
  return (
    <Stack gap="md">
      <ListChoice
        dimension={dimension}
        available={props.available}
        configured={configured}
        settings={props.settings}
        onSaved={props.onSettingsSaved}
      />
      {!configured || configured.listId === '' ? (
        <EmptyState title={`No Concur list chosen for ${label}`}>
          Pick the Concur list that holds QAD {label} above and save; the preview then shows what a push would
          change. Nothing is sent until you push.
        </EmptyState>
      ) : (
        <ListPreviewSection
          // A saved choice is a new list: its preview and ticks start afresh.
          key={`${configured.listId}|${configured.hierarchy.join('>')}`}
          dimension={dimension}
          listName={configured.listName}
          report={props.report}
          onPushed={props.onPushed}
        />
      )}
    </Stack>
  );
}

function ListChoice(props: {
  dimension: ListDimension;
  available: ListsAvailable;
  configured: ConfiguredList | undefined;
  settings: Settings | undefined;
  onSaved: (settings: Settings) => void;
}) {
  const { dimension, configured } = props;
  const label = DIMENSION_LABELS[dimension];
  const [listId, setListId] = useState(configured?.listId ?? '');
  const [hierarchy, setHierarchy] = useState((configured?.hierarchy ?? ['code']).join('>'));
  const [error, setError] = useState<ContractError>();
  const [saved, setSaved] = useState(false);
  const { run, pending } = useAction();

  const options = useMemo(() => {
    const data = props.available.lists.map((l) => ({
      value: l.id,
      label: `${l.name} · ${l.levelCount} level${l.levelCount === 1 ? '' : 's'}${l.isReadOnly ? ' · read-only' : ''}${l.managedBy ? ' · managed by an app' : ''}`,
    }));
    // The stored id may no longer be listed (deleted or gone): keep it visible so the person sees it.
    if (configured?.listId && !data.some((o) => o.value === configured.listId)) {
      data.unshift({
        value: configured.listId,
        label: `${configured.listName || configured.listId} (not found)`,
      });
    }
    // An explicit choice rather than a clear button (Mantine's is mouse-only): keyboard users can stop too.
    return [{ value: NONE, label: 'None: do not push this dimension' }, ...data];
  }, [props.available.lists, configured]);

  const dirty =
    listId !== (configured?.listId ?? '') || hierarchy !== (configured?.hierarchy ?? ['code']).join('>');

  async function save() {
    setError(undefined);
    setSaved(false);
    const current = props.settings;
    if (!current) return;
    const list = props.available.lists.find((l) => l.id === listId);
    const next: Settings = {
      ...current,
      concur: {
        ...current.concur,
        lists: {
          ...current.concur.lists,
          [dimension]: {
            ...current.concur.lists[dimension],
            listId,
            // Only a check: the engine reports the list as renamed when Concur's name differs later.
            listName: listId === '' ? '' : (list?.name ?? configured?.listName ?? ''),
            hierarchy: hierarchy.split('>') as ('entity' | 'code')[],
          },
        },
      },
    };
    const result = await run('settings/update', { settings: next });
    if (result.ok) {
      setSaved(true);
      props.onSaved(result.value);
    } else setError(result.error);
  }

  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Group justify="space-between" align="center">
          <Title order={3} size="h5">
            Concur list for {label.toLowerCase()}
          </Title>
          {configured && (
            <StatusBadge
              value={
                configured.state === 'ok'
                  ? 'ok'
                  : configured.state === 'not_configured'
                    ? 'not_configured'
                    : 'error'
              }
              label={humanize(configured.state)}
            />
          )}
        </Group>
        {configured && configured.state !== 'ok' && (
          <Text size="sm" c="dimmed">
            {configured.message}
          </Text>
        )}
        <Group align="flex-end" wrap="wrap">
          <Select
            label="Concur list"
            description="Stored by its id; the name is kept only as a check"
            data={options}
            value={listId || NONE}
            onChange={(v) => setListId(!v || v === NONE ? '' : v)}
            allowDeselect={false}
            searchable
            w={380}
            nothingFoundMessage="No Concur list has that name"
          />
          <Select
            label="Hierarchy"
            description="Which QAD codes make each level of the list"
            data={HIERARCHIES}
            value={hierarchy}
            onChange={(v) => v && setHierarchy(v)}
            allowDeselect={false}
            w={380}
          />
          <Button
            onClick={() => void save()}
            disabled={!dirty || !props.settings}
            loading={pending === 'settings/update'}
          >
            Save list choice
          </Button>
        </Group>
        {saved && !dirty && (
          <Text size="sm" c="teal" role="status">
            Saved. The preview below uses the new choice.
          </Text>
        )}
        {error && <FieldError error={error} />}
      </Stack>
    </Paper>
  );
}

function ListPreviewSection(props: {
  dimension: ListDimension;
  listName: string;
  report: ListPushReport | undefined;
  onPushed: (report: ListPushReport) => void;
}) {
  const { dimension } = props;
  const preview = useOperation('lists/preview', { dimension });
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const [confirming, setConfirming] = useState(false);
  const [pushError, setPushError] = useState<ContractError>();
  const { run, pending } = useAction();
  const data = preview.data;

  // A fresh preview may no longer propose a ticked code: only ticks that still match a retirement count.
  const confirmed = useMemo(() => {
    const proposed = new Set(data?.retirements.map((r) => r.code) ?? []);
    return [...ticked].filter((code) => proposed.has(code));
  }, [data, ticked]);

  const rows = useMemo(() => (data ? listDiffRows(data) : undefined), [data]);
  const toSend = data ? data.adds.length + data.renames.length + confirmed.length : 0;

  async function push() {
    setPushError(undefined);
    const result = await run('lists/push', { dimension, confirmDelete: confirmed });
    if (!result.ok) {
      setPushError(result.error);
      return;
    }
    setConfirming(false);
    setTicked(new Set());
    props.onPushed(result.value);
    preview.setData(result.value.after);
  }

  return (
    <Stack gap="md">
      <Group justify="space-between" align="center" wrap="wrap">
        <Title order={3} size="h5">
          What a push to “{data?.list.name ?? props.listName}” would change
        </Title>
        <Group gap="sm">
          <Button variant="default" onClick={preview.reload} loading={preview.loading}>
            Preview again
          </Button>
          <Button onClick={() => setConfirming(true)} disabled={!data || toSend === 0}>
            Push to Concur…
          </Button>
        </Group>
      </Group>
      {preview.error && <FieldError error={preview.error} onRetry={preview.reload} />}
      {data && <PreviewSummary preview={data} />}
      {data?.warnings.map((w) => (
        <Alert key={w} color="yellow" variant="light">
          {w}
        </Alert>
      ))}
      {(data || preview.loading) && (
        <DataGrid<ListDiffRow>
          label={`Changes for the ${DIMENSION_LABELS[dimension].toLowerCase()} list`}
          rows={rows}
          columns={diffColumns}
          loading={preview.loading && !data}
          getRowId={(r) => r.id}
          height={gridHeight(rows?.length ?? 0)}
          emptyMessage="Concur already matches QAD: nothing to add, rename or delete."
        />
      )}
      {data && data.retirements.length > 0 && (
        <Paper withBorder p="md" radius="md">
          <Stack gap="xs" role="group" aria-labelledby={`deletions-${dimension}`}>
            <Title order={4} size="h6" id={`deletions-${dimension}`}>
              Proposed deletions: tick each code to delete
            </Title>
            <Alert color="red" variant="light" p="xs">
              Deleting in Concur is permanent: the code can never be created again, and the item’s children
              are deleted with it. Codes left unticked stay in Concur as they are.
            </Alert>
            {data.retirements.map((r) => (
              <Checkbox
                key={r.code}
                label={`Delete ${r.code} (${r.value})`}
                description={`${r.reason === 'inactive_in_qad' ? 'Inactive in QAD' : 'Not in QAD'}${
                  r.alsoRemoves.length ? `; also deletes ${r.alsoRemoves.join(', ')}` : ''
                }`}
                checked={ticked.has(r.code)}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  setTicked((old) => {
                    const next = new Set(old);
                    if (on) next.add(r.code);
                    else next.delete(r.code);
                    return next;
                  });
                }}
              />
            ))}
          </Stack>
        </Paper>
      )}
      {props.report && <PushReport report={props.report} />}
      {confirming && data && (
        <ConfirmPush
          title={`Push ${DIMENSION_LABELS[dimension].toLowerCase()} to “${data.list.name}”?`}
          confirmLabel={
            confirmed.length > 0 ? `Push and delete ${confirmed.length} permanently` : 'Push to Concur'
          }
          danger={confirmed.length > 0}
          pending={pending === 'lists/push'}
          error={pushError}
          onConfirm={() => void push()}
          onClose={() => {
            setConfirming(false);
            setPushError(undefined);
          }}
        >
          <List size="sm" spacing={4}>
            <List.Item>{data.adds.length} item(s) added</List.Item>
            <List.Item>{data.renames.length} item(s) renamed</List.Item>
            <List.Item>
              {confirmed.length === 0
                ? 'Nothing deleted'
                : `${confirmed.length} item(s) deleted permanently: ${confirmed.join(', ')}`}
            </List.Item>
          </List>
          {confirmed.length > 0 && (
            <Alert color="red" variant="light" title="Deletion cannot be undone">
              Concur never lets a deleted code be created again, and each deleted item takes its children with
              it.
            </Alert>
          )}
          {data.refusals.length > 0 && (
            <Text size="sm" c="dimmed">
              {data.refusals.length} refused QAD value(s) are not sent; fix them in QAD.
            </Text>
          )}
        </ConfirmPush>
      )}
    </Stack>
  );
}

function PreviewSummary(props: { preview: ListPreview }) {
  const p = props.preview;
  return (
    <Text size="sm" aria-live="polite">
      {p.adds.length} to add · {p.renames.length} to rename · {p.retirements.length} proposed deletion
      {p.retirements.length === 1 ? '' : 's'} · {p.refusals.length} refused · {p.unchanged} unchanged ·
      hierarchy {p.hierarchy.join(' › ')}
    </Text>
  );
}

function PushReport(props: { report: ListPushReport }) {
  const { report } = props;
  const failed = report.counts.failed > 0 || report.results.some((r) => r.outcome !== 'done');
  return (
    <Stack gap="sm">
      <Title order={3} size="h5">
        Last push to “{report.listName}”
      </Title>
      <Alert color={failed ? 'orange' : 'teal'} variant="light" role="status">
        {report.message} Added {report.counts.added}, renamed {report.counts.renamed}, deleted{' '}
        {report.counts.deleted}, failed {report.counts.failed}.
        {report.managedSet ? ' The list is now marked as managed by ml-connector.' : ''}
      </Alert>
      <DataGrid<ListPushItemResult>
        label={`Results of the last push to ${report.listName}`}
        rows={report.results}
        columns={resultColumns}
        getRowId={(r) => `${r.action}:${r.code}`}
        height={gridHeight(report.results.length, 300)}
        emptyMessage="Nothing was sent."
      />
    </Stack>
  );
}
