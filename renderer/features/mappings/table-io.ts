// Bulk paste from a spreadsheet (tab-separated) and CSV import / export of one mapping table, with papaparse.
// Pure, so the parsing rules are tested (test/web/renderer-mappings.test.ts).
import Papa from 'papaparse';
import type { MappingRowView } from '../../../shared/contract/mappings.ts';
import type { KindDefinition, TargetKey } from './kinds.ts';

/** One row as the grid edits it: entity, source value and one column per target field. */
export interface EditableRow {
  readonly entity: string;
  readonly sourceValue: string;
  readonly target: Readonly<Partial<Record<TargetKey, string>>>;
}

export interface ParsedTable {
  readonly rows: readonly EditableRow[];
  /** Row-level problems, with the 1-based line number of the input. */
  readonly problems: readonly string[];
}

/** Column headers of the CSV for one kind: entity, source value, then the target keys. */
export function csvHeaders(definition: KindDefinition): string[] {
  return ['entity', 'sourceValue', ...definition.targets.map((t) => t.key)];
}

export function toCsv(definition: KindDefinition, rows: readonly MappingRowView[]): string {
  const headers = csvHeaders(definition);
  const data = rows.map((row) => [
    row.entity,
    row.sourceValue,
    ...definition.targets.map((t) => row.target[t.key] ?? ''),
  ]);
  // Excel-safe: a leading =, +, - or @ would run as a formula when the file is opened.
  const safe = data.map((cells) => cells.map((cell) => (/^[=+\-@]/.test(cell) ? `'${cell}` : cell)));
  return Papa.unparse({ fields: headers, data: safe }, { newline: '\r\n' });
}

function fromCells(
  definition: KindDefinition,
  cells: readonly string[],
  columns: readonly string[],
  line: number,
  problems: string[],
): EditableRow | undefined {
  const get = (name: string) => {
    const index = columns.indexOf(name);
    return index < 0 ? '' : (cells[index] ?? '').trim().replace(/^'(?=[=+\-@])/, '');
  };
  const sourceValue = get('sourceValue');
  if (sourceValue === '') {
    if (cells.some((c) => c.trim() !== '')) problems.push(`Line ${line}: the source value is empty`);
    return undefined;
  }
  if (sourceValue.length > 200) {
    problems.push(`Line ${line}: the source value is longer than 200 characters`);
    return undefined;
  }
  const target: Partial<Record<TargetKey, string>> = {};
  for (const field of definition.targets) {
    const value = get(field.key);
    if (value) target[field.key] = value;
  }
  return { entity: get('entity') || '*', sourceValue, target };
}

/**
 * Text pasted from a spreadsheet: tab-separated, one mapping per line. Columns are the CSV's (entity
 * optional): `source value<TAB>target...`, or with a first column that names an entity. A header line
 * (first cell "sourceValue" or "entity") is recognised and used.
 */
export function parsePaste(definition: KindDefinition, text: string): ParsedTable {
  const problems: string[] = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let start = 0;
  let columns = ['sourceValue', ...definition.targets.map((t) => t.key)];
  const first = (lines[0] ?? '').split('\t').map((c) => c.trim());
  if (first[0] === 'entity' || first[0] === 'sourceValue') {
    columns = first;
    start = 1;
  } else if (first.length === columns.length + 1) {
    columns = ['entity', ...columns];
  }
  const rows: EditableRow[] = [];
  lines.slice(start).forEach((line, index) => {
    if (line.trim() === '') return;
    const row = fromCells(definition, line.split('\t'), columns, start + index + 1, problems);
    if (row) rows.push(row);
  });
  return { rows, problems };
}

/** A CSV file exported by this screen (or written by hand with the same headers). */
export function parseCsv(definition: KindDefinition, text: string): ParsedTable {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  const problems = parsed.errors.map((e) => `Line ${(e.row ?? 0) + 1}: ${e.message}`);
  const [header, ...body] = parsed.data;
  if (!header || !header.map((h) => h.trim()).includes('sourceValue')) {
    return {
      rows: [],
      problems: [...problems, `The first line must name the columns: ${csvHeaders(definition).join(', ')}`],
    };
  }
  const columns = header.map((h) => h.trim());
  const unknown = columns.filter((c) => !csvHeaders(definition).includes(c));
  if (unknown.length > 0) problems.push(`Unknown columns ignored: ${unknown.join(', ')}`);
  const rows: EditableRow[] = [];
  body.forEach((cells, index) => {
    const row = fromCells(definition, cells, columns, index + 2, problems);
    if (row) rows.push(row);
  });
  return { rows, problems };
}
