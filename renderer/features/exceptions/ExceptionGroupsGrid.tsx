import { Stack, Title } from '@mantine/core';
import type { CellValueChangedEvent, ColDef } from 'ag-grid-community';
import type { ExceptionGroup } from '../../../shared/contract/exceptions.ts';
import type { ExceptionCause } from '../../../shared/domain/exception.ts';
import { useQadValues } from '../../api/qad-values.ts';
import { DataGrid } from '../../components/DataGrid.tsx';
import { QadValueEditor } from '../../components/QadValueEditor.tsx';
import { sourceColumn } from '../../components/columns.ts';
import { primaryTarget, targetProblem } from '../mappings/kinds.ts';
import { CAUSE_LABELS } from './causes.ts';

type GroupRow = ExceptionGroup & { fix?: string };

export function groupKey(g: ExceptionGroup): string {
  return `${g.cause}|${g.mapping ?? ''}|${g.value ?? g.message}|${g.entity}|${g.source}`;
}

/**
 * The exception groups, one row per cause and value, with a "Map to QAD value" cell on the groups a mapping
 * fixes: picking a valid value there saves the mapping (`onFix`); an invalid one is refused (`onInvalid`).
 * Enter on any other cell selects the group (`onSelect`).
 */
export function ExceptionGroupsGrid(props: {
  groups: readonly ExceptionGroup[];
  loading: boolean;
  onFix: (group: ExceptionGroup, value: string) => void;
  onInvalid: (message: string) => void;
  onSelect: (key: string) => void;
}) {
  // One catalogue per QAD kind a fix can name; loaded once and shared (api/qad-values.ts).
  const supplier = useQadValues('supplier');
  const glAccount = useQadValues('gl_account');
  const costCenter = useQadValues('cost_center');
  const entity = useQadValues('entity');
  const catalogueOf = (g: ExceptionGroup) => {
    if (!g.mapping) return undefined;
    const kind = primaryTarget(g.mapping).qadKind;
    return kind === 'supplier'
      ? supplier
      : kind === 'gl_account'
        ? glAccount
        : kind === 'cost_center'
          ? costCenter
          : entity;
  };
  const columns: ColDef<GroupRow>[] = [
    {
      field: 'cause',
      headerName: 'Cause',
      width: 150,
      valueFormatter: (p) => CAUSE_LABELS[p.value as ExceptionCause] ?? String(p.value),
    },
    sourceColumn<GroupRow>('source', 110),
    { field: 'entity', headerName: 'Entity', width: 85 },
    {
      field: 'value',
      headerName: 'Value',
      width: 150,
      valueFormatter: (p) => String(p.value ?? '—'),
    },
    {
      field: 'message',
      headerName: 'What is wrong',
      flex: 1,
      minWidth: 200,
      tooltipField: 'message',
    },
    { field: 'documentCount', headerName: 'Documents', width: 110, type: 'rightAligned' },
    {
      field: 'clearsCount',
      headerName: 'A fix clears',
      width: 115,
      type: 'rightAligned',
      headerTooltip: 'Documents that wait on nothing else: they become ready the moment this is fixed',
    },
    {
      colId: 'fix',
      headerName: 'Map to QAD value',
      headerTooltip:
        'Press Enter (or double-click) to pick a valid QAD value; saving re-validates the waiting documents',
      width: 200,
      editable: (p) => !!p.data?.mapping && !!p.data.value,
      valueGetter: (p) => p.data?.fix ?? '',
      valueSetter: (p) => {
        p.data.fix = typeof p.newValue === 'string' ? p.newValue : undefined;
        return true;
      },
      valueFormatter: (p) =>
        p.data?.mapping
          ? p.value
            ? targetProblem(primaryTarget(p.data.mapping), String(p.value), catalogueOf(p.data)?.byCode)
              ? `⚠ ${String(p.value)}`
              : String(p.value)
            : `Pick a ${primaryTarget(p.data.mapping).label}…`
          : 'Enter: replay or open',
      cellClassRules: {
        'cell-invalid': (p) =>
          !!p.data?.mapping &&
          !!p.value &&
          targetProblem(primaryTarget(p.data.mapping), String(p.value), catalogueOf(p.data)?.byCode) !==
            undefined,
      },
      cellEditor: QadValueEditor,
      cellEditorParams: (p: { data?: GroupRow }) => ({
        values: (p.data && catalogueOf(p.data)?.values) ?? [],
        label: p.data?.mapping ? `${primaryTarget(p.data.mapping).label} for ${p.data.value}` : 'QAD value',
      }),
    },
  ];
  const onChanged = (event: CellValueChangedEvent<GroupRow>) => {
    const group = event.data;
    const value = typeof event.newValue === 'string' ? event.newValue.trim() : '';
    if (!group?.mapping || !value) return;
    const problem = targetProblem(primaryTarget(group.mapping), value, catalogueOf(group)?.byCode);
    if (problem) {
      props.onInvalid(`${problem}. Pick one from the list.`);
      return;
    }
    props.onFix(group, value);
  };

  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        By cause and value
      </Title>
      <DataGrid<GroupRow>
        label="Exception groups"
        rows={props.groups.map((g) => ({ ...g }))}
        columns={columns}
        loading={props.loading}
        getRowId={groupKey}
        height="min(420px, calc(100vh - 420px))"
        emptyMessage="No exception groups for these filters."
        onOpen={(row) => props.onSelect(groupKey(row))}
        options={{
          singleClickEdit: false,
          stopEditingWhenCellsLoseFocus: true,
          onCellValueChanged: onChanged,
          tooltipShowDelay: 300,
          // The fix column must exist in the DOM for the keyboard and for tests, however narrow the window.
          suppressColumnVirtualisation: true,
        }}
      />
    </Stack>
  );
}
