// Bad input answered with a clear message naming the value, and nothing sent to Concur: a list id Concur
// does not know, a deleted list, a list another app manages, a confirmation for a code no preview proposes,
// and QAD codes Concur cannot hold (a hyphen, over the length limit, a hierarchy deeper than the list).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConcurSimulator } from '../../../electron/sandbox/concur/index.ts';
import type { Store } from '../../../electron/store/index.ts';
import { ContractFailure } from '../../../electron/ipc/failure.ts';
import {
  ListPushError,
  createListHandlers,
  previewList,
  pushList,
} from '../../../electron/connectors/concur-lists/index.ts';
import { listByName, listWrites, qadStore, rig, startSim } from './helpers.ts';

let sim: ConcurSimulator;
let store: Store;

beforeEach(async () => {
  sim = await startSim();
});
afterEach(async () => {
  store.close();
  await sim.close();
});

async function refusal(promise: Promise<unknown>): Promise<ListPushError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ListPushError);
  return error as ListPushError;
}

describe('the list itself', () => {
  it('a list id Concur does not know: named, with the setting, nothing sent', async () => {
    store = qadStore();
    const missing = '0b9c3f7e-0000-4000-a000-000000000000';
    const { deps } = rig(sim, store, { cost_center: { listId: missing, listName: 'Cost Centre' } });
    const error = await refusal(pushList(deps, { dimension: 'cost_center', actor: 'ana' }));
    expect(error.code).toBe('list_not_found');
    expect(error.message).toContain(missing);
    expect(error.message).toContain('"Cost Centre"');
    expect(error.field).toBe('concur.lists.cost_center.listId');
    expect(listWrites(sim)).toEqual([]);
  });

  it('a deleted list: named, nothing sent', async () => {
    store = qadStore();
    const region = listByName(sim, 'Region');
    const { deps } = rig(sim, store, { project: { listId: region.id } });
    const error = await refusal(pushList(deps, { dimension: 'project', actor: 'ana' }));
    expect(error.code).toBe('list_deleted');
    expect(error.message).toContain('"Region"');
    expect(error.message).toContain(region.id);
    expect(listWrites(sim)).toEqual([]);
  });

  it('a list managed by another app: refused before anything is sent', async () => {
    store = qadStore();
    listByName(sim, 'Cost Center').managedBy = 'appId:someone-else';
    const { deps } = rig(sim, store);
    const preview = await previewList(deps, 'cost_center');
    expect(preview.warnings.join(' ')).toContain('appId:someone-else');
    const error = await refusal(pushList(deps, { dimension: 'cost_center', actor: 'ana' }));
    expect(error.code).toBe('managed_by_other');
    expect(listWrites(sim)).toEqual([]);
  });

  it('no list chosen for a dimension: the setting is named', async () => {
    store = qadStore();
    const { deps } = rig(sim, store);
    const error = await refusal(previewList(deps, 'sub_account'));
    expect(error.code).toBe('not_configured');
    expect(error.field).toBe('concur.lists.sub_account.listId');
  });
});

describe('what a person confirms', () => {
  it('a confirmation for a code no retirement proposes stops the push before anything is sent', async () => {
    store = qadStore();
    const { deps } = rig(sim, store);
    // The QAD code alone is not the Concur long code of a connected list.
    const error = await refusal(
      pushList(deps, { dimension: 'cost_center', confirmDelete: ['10SALES'], actor: 'ana' }),
    );
    expect(error.code).toBe('bad_confirm');
    expect(error.message).toContain('"10SALES"');
    expect(error.message).toContain('10USA-10SALES');
    expect(error.field).toBe('confirmDelete[0]');
    expect(listWrites(sim)).toEqual([]);
  });
});

describe('QAD codes Concur cannot hold', () => {
  it('a hyphen inside a level or a code over the length limit is refused by name, never rewritten or sent', async () => {
    const long = `10${'X'.repeat(31)}`;
    store = qadStore({
      costCenters: (rows, entity) =>
        entity === '10USA'
          ? [
              ...rows,
              { code: '10R-D', payload: { description: 'Research lab' }, active: true },
              { code: long, payload: { description: 'Long code' }, active: true },
              { code: '10TOOL', payload: { description: 'Tool room - north' }, active: true },
            ]
          : rows,
    });
    const { deps } = rig(sim, store);
    const report = await pushList(deps, { dimension: 'cost_center', actor: 'ana' });
    const byValue = new Map(report.after.refusals.map((r) => [r.qadValue, r]));
    expect(byValue.get('10USA/10R-D')?.reason).toBe('code_hyphen');
    expect(byValue.get('10USA/10R-D')?.message).toContain('"10R-D"');
    expect(byValue.get(`10USA/${long}`)?.reason).toBe('code_too_long');
    expect(byValue.get(`10USA/${long}`)?.message).toContain('33 characters');
    expect(byValue.get('10USA/10TOOL')?.reason).toBe('name_invalid');
    expect(byValue.get('10USA/10TOOL')?.message).toContain('"Tool room - north"');
    const codes = sim.state.listItems.map((i) => i.code);
    for (const bad of ['10R', 'D', '10R_D', long, '10TOOL'])
      expect(codes.some((c) => c.endsWith(bad))).toBe(false);
    // Everything else still went through.
    expect(report.counts).toMatchObject({ added: 1, renamed: 1, failed: 0 });
  });

  it('the length limit is a setting', async () => {
    store = qadStore();
    const { deps } = rig(sim, store, { maxCodeLength: 5 });
    const preview = await previewList(deps, 'cost_center');
    expect(preview.adds).toEqual([]);
    expect(preview.refusals).toEqual([
      expect.objectContaining({ qadValue: '20DEU/20QUAL', reason: 'code_too_long' }),
    ]);
  });

  it('a hierarchy deeper than the list: every value refused by name, nothing added or deleted', async () => {
    store = qadStore();
    const { deps } = rig(sim, store, { project: { hierarchy: ['entity', 'code'] } });
    const report = await pushList(deps, { dimension: 'project', actor: 'ana' });
    expect(report.results).toEqual([]);
    expect(report.after.retirements).toEqual([]);
    expect(report.after.refusals.map((r) => r.reason)).toEqual(expect.arrayContaining(['too_deep']));
    expect(report.after.refusals.every((r) => r.reason === 'too_deep' || r.reason === 'parent_refused')).toBe(
      true,
    );
    expect(report.after.refusals.map((r) => r.qadValue)).toContain('10USA');
    expect(report.after.warnings.join(' ')).toContain('needs 2 levels');
    expect(listWrites(sim)).toEqual([]);
  });
});

describe('through the contract handlers', () => {
  it('turn refusals into contract failures naming the field', async () => {
    store = qadStore();
    const missing = 'no-such-list';
    const { settings, client } = rig(sim, store, { cost_center: { listId: missing } });
    const handlers = createListHandlers({ store, settings: () => settings, concur: () => client });
    const error = await handlers['lists/push'](
      { dimension: 'cost_center', confirmDelete: [] },
      { actor: 'ana' },
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ContractFailure);
    expect(error).toMatchObject({ code: 'not_found', field: 'concur.lists.cost_center.listId' });
    expect((error as Error).message).toContain(missing);

    const off = { ...settings, concur: { ...settings.concur, enabled: false } };
    const disabled = createListHandlers({ store, settings: () => off, concur: () => client });
    await expect(disabled['lists/preview']({ dimension: 'project' }, { actor: 'ana' })).rejects.toMatchObject(
      {
        code: 'config',
        field: 'concur.enabled',
      },
    );
  });

  it('lists/available offers the live lists and reports each configured one', async () => {
    store = qadStore();
    const { settings, client } = rig(sim, store, {
      sub_account: { listId: listByName(sim, 'Region').id },
      project: { listId: listByName(sim, 'Project').id, listName: 'Projects' },
    });
    const handlers = createListHandlers({ store, settings: () => settings, concur: () => client });
    const available = await handlers['lists/available']({}, { actor: 'ana' });
    expect(available.lists.map((l) => l.name).sort()).toEqual(['Cost Center', 'Project']);
    const state = new Map(available.configured.map((c) => [c.dimension, c.state]));
    expect(state).toEqual(
      new Map([
        ['cost_center', 'ok'],
        ['sub_account', 'deleted'],
        ['project', 'renamed'],
      ]),
    );
  });
});
