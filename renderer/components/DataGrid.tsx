import { useComputedColorScheme } from '@mantine/core';
import type { CellKeyDownEvent, ColDef, GridOptions, RowClickedEvent } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { gridThemes } from '../theme.ts';

/**
 * AG Grid with our theme: virtualised rows, keyboard navigation, sortable and resizable columns. A row opens
 * (`onOpen`) on click or on Enter in any of its cells, so the keyboard reaches every detail view.
 */
export function DataGrid<Row>(props: {
  label: string;
  rows: readonly Row[] | undefined;
  columns: ColDef<Row>[];
  loading?: boolean;
  height?: string;
  getRowId?: (row: Row) => string;
  emptyMessage?: string;
  onOpen?: (row: Row) => void;
  /** Anything else AG Grid takes (editing, selection, pinned rows). */
  options?: GridOptions<Row>;
}) {
  const scheme = useComputedColorScheme('light');
  const open = props.onOpen;
  return (
    <div
      style={{ height: props.height ?? 'calc(100vh - 260px)', minHeight: 240 }}
      aria-label={props.label}
      role="region"
    >
      <AgGridReact<Row>
        theme={gridThemes[scheme]}
        rowData={props.rows as Row[] | undefined}
        columnDefs={props.columns}
        defaultColDef={{ sortable: true, resizable: true, filter: false }}
        loading={props.loading}
        getRowId={props.getRowId ? (params) => props.getRowId!(params.data) : undefined}
        overlayNoRowsTemplate={`<span>${escapeHtml(props.emptyMessage ?? 'Nothing to show')}</span>`}
        animateRows={false}
        suppressCellFocus={false}
        enableCellTextSelection
        onRowClicked={open ? (event: RowClickedEvent<Row>) => event.data && open(event.data) : undefined}
        onCellKeyDown={
          open
            ? (event: CellKeyDownEvent<Row>) => {
                const key = (event.event as KeyboardEvent | null)?.key;
                if (key === 'Enter' && event.data && !event.colDef.editable) open(event.data);
              }
            : undefined
        }
        {...props.options}
      />
    </div>
  );
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
