// Bulk paste, CSV import / export and the cell checks of the mapping grid.
import { describe, expect, it } from 'vitest';
import { kindDefinition, targetProblem } from '../../renderer/features/mappings/kinds.ts';
import { mergeRows, pendingProblems, rowKey, toChanges } from '../../renderer/features/mappings/pending.ts';
import { parseCsv, parsePaste, toCsv } from '../../renderer/features/mappings/table-io.ts';

const gl = kindDefinition('gl_account');
const catalogue = new Map([
  ['6120', { active: true, description: 'Travel - meals' }],
  ['6900', { active: false, description: 'Retired' }],
]);

describe('paste from a spreadsheet', () => {
  it('reads tab-separated rows, with or without an entity column', () => {
    const plain = parsePaste(gl, 'MEALS\t6120\nTAXI\t6130\t100\n');
    expect(plain.rows).toEqual([
      { entity: '*', sourceValue: 'MEALS', target: { glAccount: '6120' } },
      { entity: '*', sourceValue: 'TAXI', target: { glAccount: '6130', subAccount: '100' } },
    ]);
    const withEntity = parsePaste(gl, '10USA\tMEALS\t6120\t\tCC100\r\n');
    expect(withEntity.rows).toEqual([
      { entity: '10USA', sourceValue: 'MEALS', target: { glAccount: '6120', costCenter: 'CC100' } },
    ]);
  });

  it('uses a header line when there is one and reports rows it skipped', () => {
    const parsed = parsePaste(gl, 'sourceValue\tglAccount\nMEALS\t6120\n\t6130\n');
    expect(parsed.rows).toHaveLength(1);
    expect(parsed.problems).toEqual(['Line 3: the source value is empty']);
  });
});

describe('CSV', () => {
  it('round-trips an exported table and neutralises spreadsheet formulas', () => {
    const csv = toCsv(gl, [
      {
        id: 1,
        kind: 'gl_account',
        entity: '*',
        sourceValue: 'MEALS, team',
        target: { glAccount: '6120' },
        validFromVersion: 2,
      },
      {
        id: 2,
        kind: 'gl_account',
        entity: '10USA',
        sourceValue: '=HYPERLINK()',
        target: { glAccount: '6100' },
        validFromVersion: 3,
      },
    ]);
    expect(csv.split('\r\n')[0]).toBe('entity,sourceValue,glAccount,subAccount,costCenter');
    expect(csv).toContain("'=HYPERLINK()");
    const back = parseCsv(gl, csv);
    expect(back.problems).toEqual([]);
    expect(back.rows).toEqual([
      { entity: '*', sourceValue: 'MEALS, team', target: { glAccount: '6120' } },
      { entity: '10USA', sourceValue: '=HYPERLINK()', target: { glAccount: '6100' } },
    ]);
  });

  it('refuses a file without the header line', () => {
    expect(parseCsv(gl, 'MEALS,6120').problems[0]).toMatch(/first line must name the columns/);
  });
});

describe('cell checks and saving', () => {
  const field = gl.targets[0]!;
  it('names what is wrong with a target value', () => {
    expect(targetProblem(field, '', catalogue)).toBe('GL account is required');
    expect(targetProblem(field, '7777', catalogue)).toBe('GL account "7777" does not exist in QAD');
    expect(targetProblem(field, '6900', catalogue)).toBe('GL account "6900" is inactive in QAD');
    expect(targetProblem(field, '6120', catalogue)).toBeUndefined();
    // Without a catalogue (an engine that cannot list values) only presence and length are checked.
    expect(targetProblem(field, '7777', undefined)).toBeUndefined();
    expect(targetProblem(gl.targets[1]!, '', catalogue)).toBeUndefined();
  });

  it('blocks a save while any pending row is invalid, and sends removals as null', () => {
    const pending = new Map([
      [rowKey('*', 'MEALS'), { entity: '*', sourceValue: 'MEALS', target: { glAccount: '6120' } }],
      [rowKey('*', 'TAXI'), { entity: '*', sourceValue: 'TAXI', target: { glAccount: '6900' } }],
      [rowKey('*', 'MISC'), { entity: '*', sourceValue: 'MISC', removed: true as const }],
    ]);
    const problems = pendingProblems(gl, pending, { glAccount: () => catalogue });
    expect([...problems.keys()]).toEqual([rowKey('*', 'TAXI')]);
    expect(toChanges('gl_account', pending)).toEqual([
      { kind: 'gl_account', entity: '*', sourceValue: 'MEALS', target: { glAccount: '6120' } },
      { kind: 'gl_account', entity: '*', sourceValue: 'TAXI', target: { glAccount: '6900' } },
      { kind: 'gl_account', entity: '*', sourceValue: 'MISC', target: null },
    ]);
    const rows = mergeRows(
      [
        {
          id: 9,
          kind: 'gl_account',
          entity: '*',
          sourceValue: 'MISC',
          target: { glAccount: '6900' },
          validFromVersion: 1,
        },
      ],
      pending,
    );
    expect(rows.map((r) => [r.sourceValue, r.state])).toEqual([
      ['TAXI', 'new'],
      ['MEALS', 'new'],
      ['MISC', 'removed'],
    ]);
  });
});
