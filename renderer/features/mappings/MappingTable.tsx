import { Alert, Button, FileButton, Group, Stack, Text, TextInput } from '@mantine/core';
import type { CellValueChangedEvent, ColDef, GridApi } from 'ag-grid-community';
import { useMemo, useRef, useState } from 'react';
import type { ContractError } from '../../../shared/contract/result.ts';
import type { MappingKind } from '../../../shared/domain/exception.ts';
import { useAction, useOperation } from '../../api/hooks.ts';
import { useQadValues } from '../../api/qad-values.ts';
import { DataGrid } from '../../components/DataGrid.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { QadValueEditor, type QadValueEditorParams } from '../../components/QadValueEditor.tsx';
import {
  type EntityCatalogue,
  type KindDefinition,
  type TargetField,
  type TargetKey,
  kindDefinition,
  targetProblem,
} from './kinds.ts';
import { download } from '../../download.ts';
import { PasteDialog } from './PasteDialog.tsx';
import { type GridRow, type Pending, mergeRows, pendingProblems, rowKey, toChanges } from './pending.ts';
import { type EditableRow, type ParsedTable, parseCsv, toCsv } from './table-io.ts';

// One mapping table: the editable grid, bulk paste, CSV import and export, and one save per version.

/** Catalogues for the kind's target fields (hooks in a fixed order: one per possible target key). */
function useCatalogues(definition: KindDefinition) {
  const kindOf = (key: TargetKey) => definition.targets.find((t) => t.key === key)?.qadKind;
  const supplier = useQadValues(kindOf('supplier'));
  const glAccount = useQadValues(kindOf('glAccount'));
  const subAccount = useQadValues(kindOf('subAccount'));
  const costCenter = useQadValues(kindOf('costCenter'));
  const entity = useQadValues(kindOf('entity'));
  const project = useQadValues(kindOf('project'));
  return { supplier, glAccount, subAccount, costCenter, entity, project } as const;
}

export function MappingTable(props: { kind: MappingKind; version?: number }) {
  const definition = kindDefinition(props.kind);
  const list = useOperation('mappings/list', {
    kind: props.kind,
    limit: 100_000,
    ...(props.version !== undefined ? { version: props.version } : {}),
  });
  const catalogues = useCatalogues(definition);
  const [pending, setPending] = useState<Pending>(new Map());
  const [search, setSearch] = useState('');
  const [note, setNote] = useState('');
  const [pasting, setPasting] = useState(false);
  const [notice, setNotice] = useState<{ ok: boolean; text: string }>();
  const [error, setError] = useState<ContractError>();
  const [showProblems, setShowProblems] = useState(false);
  const api = useRef<GridApi<GridRow>>(null);
  const { run, pending: calling } = useAction();
  const readOnly = props.version !== undefined;

  // Each row is checked against its own entity's values plus the domain-wide ones ('*' rows against all).
  const byKey = useMemo(() => {
    const maps: Partial<Record<TargetKey, EntityCatalogue>> = {};
    for (const t of definition.targets) maps[t.key] = catalogues[t.key].forEntity;
    return maps;
  }, [definition, catalogues]);
  const rowEntity = (row: GridRow | undefined) => row?.entity.trim() || '*';
  const problemOf = (field: TargetField, row: GridRow | undefined, value: unknown) =>
    targetProblem(
      field,
      typeof value === 'string' ? value : '',
      catalogues[field.key].forEntity(rowEntity(row)),
      rowEntity(row),
    );
  const rows = useMemo(() => mergeRows(list.data?.mappings ?? [], pending), [list.data, pending]);
  const problems = useMemo(() => pendingProblems(definition, pending, byKey), [definition, pending, byKey]);
  const unavailable = definition.targets.map((t) => catalogues[t.key].error).find(Boolean);

  const edit = (row: EditableRow) =>
    setPending((old) => {
      const next = new Map(old);
      next.set(rowKey(row.entity, row.sourceValue), row);
      return next;
    });

  const columns: ColDef<GridRow>[] = [
    {
      field: 'entity',
      headerName: 'Entity',
      width: 100,
      editable: (p) => !readOnly && p.data?.state === 'new',
      headerTooltip: '* means every entity; an entity’s own row wins over *',
    },
    {
      field: 'sourceValue',
      headerName: definition.sourceLabel,
      flex: 1,
      minWidth: 200,
      editable: (p) => !readOnly && p.data?.state === 'new',
    },
    ...definition.targets.map<ColDef<GridRow>>((field) => ({
      colId: field.key,
      headerName: field.required ? field.label : `${field.label} (optional)`,
      width: 170,
      editable: (p) => !readOnly && p.data?.state !== 'removed',
      valueGetter: (p) => p.data?.target[field.key] ?? '',
      valueSetter: (p) => {
        const value = typeof p.newValue === 'string' ? p.newValue.trim() : '';
        edit({
          entity: p.data.entity,
          sourceValue: p.data.sourceValue,
          target: { ...p.data.target, [field.key]: value || undefined },
        });
        return true;
      },
      valueFormatter: (p) => {
        const code = String(p.value ?? '');
        const description = catalogues[field.key].forEntity(rowEntity(p.data))?.get(code)?.description;
        const text = description ? `${code} · ${description}` : code;
        // A text marker beside the colour, so the flag does not rely on colour alone.
        const invalid = p.data?.state !== 'removed' && problemOf(field, p.data, p.value);
        return invalid ? `⚠ ${text || 'missing'}` : text;
      },
      tooltipValueGetter: (p) => problemOf(field, p.data, p.value) ?? null,
      cellClassRules: {
        'cell-invalid': (p) => p.data?.state !== 'removed' && problemOf(field, p.data, p.value) !== undefined,
        'cell-changed': (p) => p.data?.state === 'changed' || p.data?.state === 'new',
      },
      // The picker offers what the row's entity may name, not every entity's values.
      cellEditorSelector: (p) => {
        const forRow = catalogues[field.key].forEntity(rowEntity(p.data));
        const params: QadValueEditorParams = {
          values: forRow ? [...forRow.values()] : catalogues[field.key].values,
          label: field.label,
        };
        return { component: QadValueEditor, params };
      },
    })),
    {
      field: 'validFromVersion',
      headerName: 'Since version',
      width: 125,
      type: 'rightAligned',
      valueFormatter: (p) => (p.value ? String(p.value) : ''),
    },
    {
      field: 'state',
      headerName: 'Change',
      width: 110,
      valueFormatter: (p) =>
        ({ saved: '', changed: 'Changed', new: 'New', removed: 'Removed' })[String(p.value)] ?? '',
    },
  ];

  function addTable(table: ParsedTable, what: string) {
    setPending((old) => {
      const next = new Map(old);
      for (const row of table.rows) next.set(rowKey(row.entity, row.sourceValue), row);
      return next;
    });
    setNotice({
      ok: table.problems.length === 0,
      text: `${what}: ${table.rows.length} rows added to the changes${table.problems.length ? `; ${table.problems.length} skipped (${table.problems.slice(0, 3).join('; ')})` : ''}. Review, then save.`,
    });
  }

  async function save() {
    setError(undefined);
    setNotice(undefined);
    if (problems.size > 0) {
      // Nothing is saved half-way: every change goes in one version, or none does.
      setShowProblems(true);
      return;
    }
    const result = await run('mappings/set', {
      changes: toChanges(props.kind, pending),
      ...(note.trim() ? { note: note.trim() } : {}),
    });
    if (!result.ok) {
      setError(result.error);
      return;
    }
    const r = result.value;
    setPending(new Map());
    setNote('');
    setShowProblems(false);
    setNotice({
      ok: true,
      text:
        r.changed === 0
          ? 'Nothing changed: the table already held these values.'
          : `Saved as version ${r.version}: ${r.changed} ${r.changed === 1 ? 'mapping' : 'mappings'} changed. ` +
            `${r.revalidated} waiting ${r.revalidated === 1 ? 'document was' : 'documents were'} checked again, ${r.cleared} cleared` +
            (r.stillWaiting ? `, ${r.stillWaiting} still wait.` : '.'),
    });
    list.reload();
  }

  function removeSelected() {
    const selected = api.current?.getSelectedRows() ?? [];
    setPending((old) => {
      const next = new Map(old);
      for (const row of selected) {
        if (row.state === 'new') next.delete(row.key);
        else next.set(row.key, { entity: row.entity, sourceValue: row.sourceValue, removed: true });
      }
      return next;
    });
  }

  function addRow() {
    const entity = '*';
    let n = 1;
    while (rows.some((r) => r.entity === entity && r.sourceValue === `NEW-${n}`)) n++;
    edit({ entity, sourceValue: `NEW-${n}`, target: {} });
  }

  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          label={`Search ${definition.label.toLowerCase()}`}
          placeholder="Source value or QAD code"
          w={240}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
        />
        {!readOnly && (
          <>
            <Button variant="default" onClick={addRow}>
              Add row
            </Button>
            <Button variant="default" onClick={() => setPasting(true)}>
              Paste from spreadsheet…
            </Button>
            <FileButton
              accept=".csv,text/csv"
              onChange={(file) =>
                void file
                  ?.text()
                  .then((text) => addTable(parseCsv(definition, text), `Imported ${file.name}`))
              }
            >
              {(fileProps) => (
                <Button variant="default" {...fileProps}>
                  Import CSV…
                </Button>
              )}
            </FileButton>
            <Button variant="default" color="red" onClick={removeSelected}>
              Remove selected
            </Button>
          </>
        )}
        <Button
          variant="default"
          onClick={() =>
            download(
              `mappings-${props.kind}${readOnly ? `-v${props.version}` : ''}.csv`,
              toCsv(definition, list.data?.mappings ?? []),
            )
          }
        >
          Export CSV
        </Button>
      </Group>
      {unavailable && (
        <Alert color="yellow" variant="light" title="QAD values cannot be listed">
          {unavailable.message} Values are typed freely and checked when documents are validated.
        </Alert>
      )}
      {list.error && <ErrorAlert error={list.error} onRetry={list.reload} />}
      {notice && (
        <Alert
          color={notice.ok ? 'teal' : 'yellow'}
          variant="light"
          role="status"
          withCloseButton
          onClose={() => setNotice(undefined)}
          data-testid="mapping-notice"
        >
          {notice.text}
        </Alert>
      )}
      {error && <ErrorAlert error={error} />}
      {showProblems && problems.size > 0 && (
        <Alert color="red" variant="light" title="Nothing was saved" role="alert">
          {problems.size} {problems.size === 1 ? 'row needs' : 'rows need'} a valid QAD value first:{' '}
          {[...problems.entries()]
            .slice(0, 4)
            .map(([key, list]) => `${key.split('\u0000')[1]}: ${list.join(', ')}`)
            .join('; ')}
          {problems.size > 4 ? '; …' : ''}. The flagged cells show each problem.
        </Alert>
      )}
      <Text size="sm" c="dimmed" aria-live="polite">
        {readOnly
          ? `Read-only: the table as it was at version ${props.version}.`
          : `${list.data?.total ?? 0} mappings at version ${list.data?.version ?? '…'}. Double-click or press Enter on a cell to edit; type to search QAD values.`}
      </Text>
      <DataGrid<GridRow>
        label={`${definition.label} mappings`}
        rows={rows}
        columns={columns}
        loading={list.loading && !list.data}
        getRowId={(r) => r.key}
        height="calc(100vh - 420px)"
        emptyMessage="No mappings of this kind yet. Add a row, paste from a spreadsheet or import a CSV."
        options={{
          quickFilterText: search,
          rowSelection: readOnly ? undefined : { mode: 'multiRow', enableClickSelection: false },
          stopEditingWhenCellsLoseFocus: true,
          tooltipShowDelay: 200,
          onGridReady: (e) => {
            api.current = e.api;
          },
          onCellValueChanged: (e: CellValueChangedEvent<GridRow>) => {
            // Entity and source value of a new row: re-key the pending edit.
            if (e.colDef.field === 'entity' || e.colDef.field === 'sourceValue') {
              const oldKey = e.data.key;
              setPending((old) => {
                const next = new Map(old);
                next.delete(oldKey);
                next.set(rowKey(e.data.entity.trim() || '*', e.data.sourceValue.trim()), {
                  entity: e.data.entity.trim() || '*',
                  sourceValue: e.data.sourceValue.trim(),
                  target: e.data.target,
                });
                return next;
              });
            }
          },
        }}
      />
      {!readOnly && (
        <Group justify="flex-end" align="flex-end">
          <TextInput
            label="Note for the version history"
            placeholder="Why these changes"
            w={320}
            maxLength={500}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
          <Button
            variant="default"
            disabled={pending.size === 0}
            onClick={() => {
              setPending(new Map());
              setShowProblems(false);
            }}
          >
            Discard changes
          </Button>
          <Button
            disabled={pending.size === 0}
            onClick={() => void save()}
            loading={calling === 'mappings/set'}
          >
            {pending.size === 0
              ? 'No changes to save'
              : `Save ${pending.size} ${pending.size === 1 ? 'change' : 'changes'}`}
          </Button>
        </Group>
      )}
      {pasting && (
        <PasteDialog
          definition={definition}
          onClose={() => setPasting(false)}
          onApply={(table) => {
            setPasting(false);
            addTable(table, 'Pasted');
          }}
        />
      )}
    </Stack>
  );
}
