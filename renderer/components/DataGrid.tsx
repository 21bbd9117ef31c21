import { useComputedColorScheme } from '@mantine/core';
import type { ColDef } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { gridThemes } from '../theme.ts';

/** AG Grid with our theme: virtualised rows, keyboard navigation, sortable and resizable columns. */
export function DataGrid<Row>(props: {
  label: string;
  rows: readonly Row[] | undefined;
  columns: ColDef<Row>[];
  loading?: boolean;
  height?: string;
  getRowId?: (row: Row) => string;
  emptyMessage?: string;
}) {
  const scheme = useComputedColorScheme('light');
  return (
    <div
      style={{ height: props.height ?? 'calc(100vh - 260px)', minHeight: 320 }}
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
        overlayNoRowsTemplate={`<span>${props.emptyMessage ?? 'Nothing to show'}</span>`}
        animateRows={false}
        suppressCellFocus={false}
      />
    </div>
  );
}
