// Column helpers shared by every grid: money right-aligned from minor units in the row's own currency,
// calendar dates that never shift a day, states as words.
import type { ColDef, ValueFormatterParams } from 'ag-grid-community';
import { formatAmount, formatDate, formatDateTime, humanize } from '../format.ts';

/** An amount column: `amount(row)` minor units, `currency(row)` its ISO code. Sorts numerically. */
export function moneyColumn<Row>(
  headerName: string,
  amount: (row: Row) => number | undefined,
  currency: (row: Row) => string | undefined,
  extra: Partial<ColDef<Row>> = {},
): ColDef<Row> {
  return {
    colId: extra.colId ?? headerName.toLowerCase().replace(/\W+/g, '-'),
    headerName,
    type: 'rightAligned',
    width: 140,
    valueGetter: (p) => (p.data ? amount(p.data) : undefined),
    valueFormatter: (p: ValueFormatterParams<Row>) => {
      const value = p.data ? amount(p.data) : undefined;
      const code = p.data ? currency(p.data) : undefined;
      return value === undefined || code === undefined ? '' : formatAmount(value, code);
    },
    ...extra,
  };
}

export function dateColumn<Row>(field: keyof Row & string, headerName: string, width = 125): ColDef<Row> {
  return {
    field: field as unknown as ColDef<Row>['field'],
    headerName,
    width,
    valueFormatter: (p) => (p.value ? formatDate(String(p.value)) : '—'),
  };
}

export function dateTimeColumn<Row>(field: keyof Row & string, headerName: string, width = 175): ColDef<Row> {
  return {
    field: field as unknown as ColDef<Row>['field'],
    headerName,
    width,
    valueFormatter: (p) => (p.value ? formatDateTime(String(p.value)) : '—'),
  };
}

export function wordColumn<Row>(field: keyof Row & string, headerName: string, width = 140): ColDef<Row> {
  return {
    field: field as unknown as ColDef<Row>['field'],
    headerName,
    width,
    valueFormatter: (p) => (p.value === undefined || p.value === null ? '' : humanize(String(p.value))),
  };
}

export const SOURCE_LABELS: Record<string, string> = { concur: 'SAP Concur', expensify: 'Expensify' };

export function sourceColumn<Row>(field: keyof Row & string, width = 120): ColDef<Row> {
  return {
    field: field as unknown as ColDef<Row>['field'],
    headerName: 'Source',
    width,
    valueFormatter: (p) => SOURCE_LABELS[String(p.value)] ?? String(p.value ?? ''),
  };
}
