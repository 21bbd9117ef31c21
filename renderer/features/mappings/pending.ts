// Unsaved edits of one mapping table, keyed by entity and source value; saved together as one version.
import type { OperationArgs } from '../../../shared/contract/index.ts';
import type { MappingRowView } from '../../../shared/contract/mappings.ts';
import type { MappingKind } from '../../../shared/domain/exception.ts';
import type { EditableRow } from './table-io.ts';
import { type EntityCatalogue, type KindDefinition, type TargetKey, targetProblem } from './kinds.ts';

export interface GridRow extends EditableRow {
  /** Stable grid id: entity + source value. */
  readonly key: string;
  readonly id?: number;
  readonly validFromVersion?: number;
  readonly state: 'saved' | 'changed' | 'new' | 'removed';
}

export const rowKey = (entity: string, sourceValue: string) => `${entity}\u0000${sourceValue}`;

export type Pending = ReadonlyMap<
  string,
  EditableRow | { entity: string; sourceValue: string; removed: true }
>;

export function mergeRows(saved: readonly MappingRowView[], pending: Pending): GridRow[] {
  const rows: GridRow[] = [];
  const seen = new Set<string>();
  for (const row of saved) {
    const key = rowKey(row.entity, row.sourceValue);
    seen.add(key);
    const edit = pending.get(key);
    const base = {
      key,
      id: row.id,
      validFromVersion: row.validFromVersion,
      entity: row.entity,
      sourceValue: row.sourceValue,
    };
    if (!edit) rows.push({ ...base, target: row.target, state: 'saved' });
    else if ('removed' in edit) rows.push({ ...base, target: row.target, state: 'removed' });
    else rows.push({ ...base, target: edit.target, state: 'changed' });
  }
  for (const [key, edit] of pending) {
    if (seen.has(key) || 'removed' in edit) continue;
    rows.unshift({
      key,
      entity: edit.entity,
      sourceValue: edit.sourceValue,
      target: edit.target,
      state: 'new',
    });
  }
  return rows;
}

/**
 * Problems per row key and field, for the pending rows only (saved rows are flagged but do not block). Each
 * row's targets are checked against its own entity's values plus the domain-wide ones; a '*' row against all.
 */
export function pendingProblems(
  definition: KindDefinition,
  pending: Pending,
  catalogues: Partial<Record<TargetKey, EntityCatalogue>>,
): Map<string, string[]> {
  const problems = new Map<string, string[]>();
  for (const [key, edit] of pending) {
    if ('removed' in edit) continue;
    const found: string[] = [];
    if (edit.sourceValue.trim() === '') found.push('The source value is empty');
    if (edit.entity.trim() === '') found.push('The entity is empty (use * for every entity)');
    const entity = edit.entity.trim() || '*';
    for (const field of definition.targets) {
      const problem = targetProblem(field, edit.target[field.key], catalogues[field.key]?.(entity), entity);
      if (problem) found.push(problem);
    }
    if (found.length > 0) problems.set(key, found);
  }
  return problems;
}

export function toChanges(kind: MappingKind, pending: Pending): OperationArgs<'mappings/set'>['changes'] {
  return [...pending.values()].map((edit) => {
    const base = { kind, entity: edit.entity, sourceValue: edit.sourceValue };
    if ('removed' in edit) return { ...base, target: null };
    const target = Object.fromEntries(
      Object.entries(edit.target).filter(([, v]) => v !== undefined && v.trim() !== ''),
    );
    return { ...base, target };
  });
}
