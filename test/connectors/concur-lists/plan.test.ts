// The pure plan: adds under the right parent, parents first; a refused parent refuses its children; a
// retirement of a parent names the children it would take along; an empty QAD cache proposes no deletion.
import { describe, expect, it } from 'vitest';
import type { ConcurListSummary } from '../../../shared/contract/lists.ts';
import {
  planList,
  type ConcurListItemInfo,
  type PlanInput,
} from '../../../electron/connectors/concur-lists/index.ts';

const list: ConcurListSummary = {
  id: 'L1',
  name: 'Cost Center',
  levelCount: 2,
  isDeleted: false,
  isReadOnly: false,
  managedBy: null,
};

function items(
  rows: [id: string, code: string, value: string, parentId: string | null, deleted?: boolean][],
): ConcurListItemInfo[] {
  return rows.map(([id, code, value, parentId, deleted]) => ({
    id,
    code,
    shortCode: code.split('-').at(-1) ?? code,
    value,
    parentId,
    level: code.split('-').length,
    hasChildren: rows.some((r) => r[3] === id),
    isDeleted: deleted ?? false,
  }));
}

const base: PlanInput = {
  dimension: 'cost_center',
  list,
  items: [],
  hierarchy: ['entity', 'code'],
  records: [],
  entities: [],
  maxCodeLength: 32,
};

describe('planList', () => {
  it('adds a new entity before its cost centers, with parent codes built from real long codes', () => {
    const plan = planList({
      ...base,
      entities: [{ code: '30MEX', active: true }],
      records: [
        { entity: '30MEX', code: '30ASSY', name: 'Assembly', active: true },
        { entity: '30MEX', code: '30OLD', name: 'Old', active: false },
      ],
    });
    expect(plan.adds.map((a) => [a.code, a.parentCode, a.level])).toEqual([
      ['30MEX', undefined, 1],
      ['30MEX-30ASSY', '30MEX', 2],
    ]);
  });

  it('refuses the children of a refused parent, naming each QAD value', () => {
    const plan = planList({
      ...base,
      entities: [{ code: '30-MX', active: true }],
      records: [{ entity: '30-MX', code: '30ASSY', name: 'Assembly', active: true }],
    });
    expect(plan.adds).toEqual([]);
    expect(plan.refusals.map((r) => [r.qadValue, r.reason])).toEqual([
      ['30-MX', 'code_hyphen'],
      ['30-MX/30ASSY', 'parent_refused'],
    ]);
  });

  it('proposes an entity QAD does not know for deletion, naming the children it would take along', () => {
    const plan = planList({
      ...base,
      items: items([
        ['a', '10USA', 'US', null],
        ['b', '10USA-10ASSY', 'Assembly', 'a'],
        ['c', '99OLD', 'Old entity', null],
        ['d', '99OLD-99X', 'X', 'c'],
      ]),
      entities: [{ code: '10USA', active: true }],
      records: [{ entity: '10USA', code: '10ASSY', name: 'Assembly', active: true }],
    });
    expect(plan.retirements.map((r) => [r.code, r.reason, r.alsoRemoves])).toEqual([
      ['99OLD', 'not_in_qad', ['99OLD-99X']],
      ['99OLD-99X', 'not_in_qad', []],
    ]);
    expect(plan.unchanged).toBe(2);
  });

  it('proposes no deletion while the QAD cache is empty', () => {
    const plan = planList({ ...base, items: items([['a', '10USA', 'US', null]]) });
    expect(plan.retirements).toEqual([]);
    expect(plan.warnings.join(' ')).toContain('refresh QAD master data');
  });

  it('keeps a Concur name when QAD has none, and never renames a code', () => {
    const plan = planList({
      ...base,
      items: items([
        ['a', '10USA', 'Meridian Inc.', null],
        ['b', '10USA-10ASSY', 'Assy', 'a'],
      ]),
      entities: [{ code: '10USA', active: true }],
      records: [{ entity: '10USA', code: '10ASSY', name: 'Assembly Dayton', active: true }],
    });
    expect(plan.renames.map((r) => [r.code, r.to])).toEqual([['10USA-10ASSY', 'Assembly Dayton']]);
    expect(plan.adds).toEqual([]);
  });
});
