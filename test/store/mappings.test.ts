import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type Store,
  changeMappings,
  currentMappingVersion,
  listAuditEvents,
  listMappingVersions,
  listMappings,
  lookupMapping,
  mappingHistory,
  setMapping,
} from '../../electron/store/index.ts';
import { at, memoryStore } from './helpers.ts';

describe('mappings', () => {
  let store: Store;
  beforeEach(() => {
    store = memoryStore();
  });
  afterEach(() => store.close());

  it('creates a new global version per save, keeping old rows for lookups at past versions', () => {
    expect(currentMappingVersion(store.db)).toBe(0);
    const v1 = changeMappings(
      store.db,
      [
        {
          kind: 'gl_account',
          sourceValue: 'MEALS',
          target: { glAccount: '6100', subAccount: '000', costCenter: 'CC1' },
        },
        { kind: 'vendor', entity: '10USA', sourceValue: 'V-ACME', target: { supplier: 'S-1' } },
      ],
      { actor: 'carla', at: at(1), note: 'initial' },
    );
    expect(v1).toEqual({ version: 1, changed: 2 });
    const v2 = setMapping(
      store.db,
      { kind: 'gl_account', sourceValue: 'MEALS', target: { glAccount: '6150' } },
      { actor: 'dev', at: at(2) },
    );
    const v3 = setMapping(
      store.db,
      { kind: 'gl_account', entity: '20DEU', sourceValue: 'MEALS', target: { glAccount: '4400' } },
      { actor: 'dev', at: at(3) },
    );
    const v4 = setMapping(
      store.db,
      { kind: 'vendor', entity: '10USA', sourceValue: 'V-ACME', target: null },
      { actor: 'dev', at: at(4) },
    );
    expect([v2.version, v3.version, v4.version]).toEqual([2, 3, 4]);

    expect(lookupMapping(store.db, 'gl_account', '10USA', 'MEALS', 1)?.target).toEqual({
      glAccount: '6100',
      subAccount: '000',
      costCenter: 'CC1',
    });
    expect(lookupMapping(store.db, 'gl_account', '10USA', 'MEALS', 2)?.target).toEqual({ glAccount: '6150' });
    expect(lookupMapping(store.db, 'gl_account', '10USA', 'MEALS')?.target).toEqual({ glAccount: '6150' });
    // An entity's own row wins over '*', from the version it appeared.
    expect(lookupMapping(store.db, 'gl_account', '20DEU', 'MEALS', 2)?.target).toEqual({ glAccount: '6150' });
    expect(lookupMapping(store.db, 'gl_account', '20DEU', 'MEALS', 3)).toMatchObject({
      entity: '20DEU',
      target: { glAccount: '4400' },
    });
    // A removed mapping is gone from its version on, but still there before it.
    expect(lookupMapping(store.db, 'vendor', '10USA', 'V-ACME', 3)?.target).toEqual({ supplier: 'S-1' });
    expect(lookupMapping(store.db, 'vendor', '10USA', 'V-ACME', 4)).toBeUndefined();
    expect(lookupMapping(store.db, 'vendor', '20DEU', 'V-ACME', 1)).toBeUndefined();
    expect(lookupMapping(store.db, 'gl_account', '10USA', 'MEALS', 0)).toBeUndefined();

    expect(
      mappingHistory(store.db, 'gl_account', '*', 'MEALS').map((m) => [m.validFromVersion, m.validToVersion]),
    ).toEqual([
      [1, 2],
      [2, undefined],
    ]);
    expect(listMappings(store.db, { version: 1 }).total).toBe(2);
    expect(listMappings(store.db).mappings.map((m) => `${m.kind}/${m.entity}/${m.sourceValue}`)).toEqual([
      'gl_account/*/MEALS',
      'gl_account/20DEU/MEALS',
    ]);
    expect(listMappingVersions(store.db).versions[3]).toEqual({
      version: 1,
      changedBy: 'carla',
      changedAt: at(1),
      note: 'initial',
    });
  });

  it('records who changed what in the audit trail, and skips saves that change nothing', () => {
    setMapping(
      store.db,
      { kind: 'vendor', sourceValue: 'V-ACME', target: { supplier: 'S-1' } },
      { actor: 'carla' },
    );
    expect(
      setMapping(
        store.db,
        { kind: 'vendor', sourceValue: 'V-ACME', target: { supplier: 'S-1' } },
        { actor: 'carla' },
      ),
    ).toEqual({
      version: 1,
      changed: 0,
    });
    setMapping(
      store.db,
      { kind: 'vendor', sourceValue: 'V-ACME', target: { supplier: 'S-9' } },
      { actor: 'dev' },
    );
    const { events, total } = listAuditEvents(store.db, { action: 'mapping.changed' });
    expect(total).toBe(2);
    expect(events[0]).toMatchObject({
      actor: 'dev',
      subjectId: '2',
      detail: {
        version: 2,
        changes: [
          {
            kind: 'vendor',
            entity: '*',
            sourceValue: 'V-ACME',
            before: { supplier: 'S-1' },
            after: { supplier: 'S-9' },
          },
        ],
      },
    });
  });

  it('refuses an empty target or an unknown kind, naming the field', () => {
    expect(() =>
      setMapping(store.db, { kind: 'vendor', sourceValue: 'V', target: {} }, { actor: 'a' }),
    ).toThrow(/0\.target/);
    expect(() =>
      setMapping(
        store.db,
        { kind: 'colour' as 'vendor', sourceValue: 'V', target: { supplier: 'S' } },
        { actor: 'a' },
      ),
    ).toThrow(/0\.kind/);
    expect(currentMappingVersion(store.db)).toBe(0);
  });
});
