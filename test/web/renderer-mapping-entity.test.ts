// A mapping row's QAD target is valid only for the row's own entity: that entity's values plus the
// domain-wide ('*') ones; a '*' row applies to every entity and may name any entity's value.
import { describe, expect, it } from 'vitest';
import type { QadValue } from '../../shared/contract/qad.ts';
import { catalogueForEntity, entityCatalogues } from '../../renderer/features/mappings/entity-values.ts';
import { kindDefinition, targetProblem } from '../../renderer/features/mappings/kinds.ts';
import { pendingProblems, rowKey } from '../../renderer/features/mappings/pending.ts';

const value = (code: string, entity: string, extra: Partial<QadValue> = {}): QadValue => ({
  code,
  description: `${code} in ${entity}`,
  active: true,
  entity,
  ...extra,
});

// GL accounts belong to one entity; 6900 is retired in 10USA only; sub-account 100 is domain-wide.
const glAccounts = [
  value('6120', '10USA'),
  value('6900', '10USA', { active: false }),
  value('6900', '20DEU'),
  value('7100', '20DEU'),
  value('6000', '10USA', { postable: false }),
];
const subAccounts = [value('100', '*'), value('200', '20DEU')];
const gl = kindDefinition('gl_account');
const [glField, subField] = [gl.targets[0]!, gl.targets[1]!];

describe('a mapping target is checked against the row entity', () => {
  it("keeps the entity's own values and the domain-wide ones, and no other entity's", () => {
    expect([...catalogueForEntity(glAccounts, '20DEU').keys()].sort()).toEqual(['6900', '7100']);
    expect([...catalogueForEntity(subAccounts, '10USA').keys()]).toEqual(['100']);
    expect([...catalogueForEntity(subAccounts, '20DEU').keys()].sort()).toEqual(['100', '200']);
  });

  it('flags a value of another entity, naming the entity', () => {
    const forEntity = entityCatalogues(glAccounts);
    expect(targetProblem(glField, '7100', forEntity('10USA'), '10USA')).toBe(
      'GL account "7100" does not exist in QAD for entity 10USA',
    );
    expect(targetProblem(glField, '7100', forEntity('20DEU'), '20DEU')).toBeUndefined();
    expect(targetProblem(glField, '6900', forEntity('10USA'), '10USA')).toBe(
      'GL account "6900" is inactive in QAD for entity 10USA',
    );
    expect(targetProblem(glField, '6900', forEntity('20DEU'), '20DEU')).toBeUndefined();
    expect(targetProblem(glField, '6000', forEntity('10USA'), '10USA')).toMatch(/header account/);
    // An entity QAD holds no GL accounts for: nothing it names exists there.
    expect(targetProblem(glField, '6120', forEntity('99ZZZ'), '99ZZZ')).toBe(
      'GL account "6120" does not exist in QAD for entity 99ZZZ',
    );
    expect(targetProblem(subField, '100', entityCatalogues(subAccounts)('99ZZZ'), '99ZZZ')).toBeUndefined();
  });

  it('checks a * row against every entity, preferring a code still in use somewhere', () => {
    const forEntity = entityCatalogues(glAccounts);
    expect(targetProblem(glField, '7100', forEntity('*'), '*')).toBeUndefined();
    expect(targetProblem(glField, '6120', forEntity('*'), '*')).toBeUndefined();
    // Retired in 10USA, active in 20DEU: the * row is not flagged.
    expect(targetProblem(glField, '6900', forEntity('*'), '*')).toBeUndefined();
    expect(targetProblem(glField, '8888', forEntity('*'), '*')).toBe(
      'GL account "8888" does not exist in QAD',
    );
  });

  it("prefers the entity's own value over a domain-wide one with the same code", () => {
    const values = [value('100', '*'), value('100', '10USA', { active: false })];
    expect(catalogueForEntity(values, '10USA').get('100')?.entity).toBe('10USA');
    expect(catalogueForEntity(values, '20DEU').get('100')?.entity).toBe('*');
    expect(catalogueForEntity(values, '*').get('100')?.active).toBe(true);
  });

  it('checks nothing while no values are known', () => {
    const forEntity = entityCatalogues([]);
    expect(forEntity('10USA')).toBeUndefined();
    expect(targetProblem(glField, '7100', forEntity('10USA'), '10USA')).toBeUndefined();
  });

  it('blocks saving a pending row whose target belongs to another entity', () => {
    const pending = new Map([
      [rowKey('10USA', 'MEALS'), { entity: '10USA', sourceValue: 'MEALS', target: { glAccount: '7100' } }],
      [rowKey('20DEU', 'MEALS'), { entity: '20DEU', sourceValue: 'MEALS', target: { glAccount: '7100' } }],
      [
        rowKey('*', 'TAXI'),
        { entity: '*', sourceValue: 'TAXI', target: { glAccount: '6120', subAccount: '200' } },
      ],
    ]);
    const problems = pendingProblems(gl, pending, {
      glAccount: entityCatalogues(glAccounts),
      subAccount: entityCatalogues(subAccounts),
    });
    expect(Object.fromEntries(problems)).toEqual({
      [rowKey('10USA', 'MEALS')]: ['GL account "7100" does not exist in QAD for entity 10USA'],
    });
  });
});
