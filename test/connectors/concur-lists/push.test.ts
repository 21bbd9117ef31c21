// QAD cost centers and projects pushed into the simulator's Concur lists: the first push brings the lists in
// line (right parent, right names), a second sends nothing, QAD renames and new values follow, and a value
// QAD retired is deleted only after a person confirmed that exact code.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConcurSimulator } from '../../../electron/sandbox/concur/index.ts';
import { listAuditEvents, type Store } from '../../../electron/store/index.ts';
import { previewList, pushList } from '../../../electron/connectors/concur-lists/index.ts';
import {
  activeCostCenters,
  createList,
  demoCompany,
  item,
  listByName,
  listWrites,
  liveTree,
  qadStore,
  rig,
  startSim,
} from './helpers.ts';

let sim: ConcurSimulator;
let store: Store;

beforeEach(async () => {
  sim = await startSim();
});
afterEach(async () => {
  store.close();
  await sim.close();
});

function centersOf(tree: Map<string, string>): Map<string, string> {
  return new Map([...tree].filter(([path]) => path.includes('/')));
}

describe('cost centers into the Concur "Cost Center" list', () => {
  it('previews what differs: a missing German cost center, a stale name, two retired centers to confirm', async () => {
    store = qadStore();
    const { deps } = rig(sim, store);
    const preview = await previewList(deps, 'cost_center');
    expect(preview.adds).toEqual([
      {
        code: '20DEU-20QUAL',
        shortCode: '20QUAL',
        parentCode: '20DEU',
        value: 'Quality Stuttgart',
        level: 2,
        qadValue: '20DEU/20QUAL',
      },
    ]);
    expect(preview.renames.map((r) => [r.code, r.from, r.to])).toEqual([
      ['10USA-10MAINT', 'Maintenance', 'Maintenance Dayton'],
    ]);
    expect(preview.retirements.map((r) => [r.code, r.reason])).toEqual([
      ['10USA-10SALES', 'inactive_in_qad'],
      ['20DEU-20SALES', 'inactive_in_qad'],
    ]);
    expect(preview.refusals).toEqual([]);
    expect(listWrites(sim)).toEqual([]);
  });

  it('after one push every active QAD cost center is under its entity with its QAD name; a second push sends nothing', async () => {
    store = qadStore();
    const { deps, sim: s } = rig(sim, store);
    const listId = listByName(s, 'Cost Center').id;
    const report = await pushList(deps, { dimension: 'cost_center', actor: 'ana' });
    expect(report.counts).toEqual({ added: 1, renamed: 1, deleted: 0, failed: 0 });
    const tree = liveTree(sim, listId);
    const centers = centersOf(tree);
    // The retired SALES centers stay until someone confirms them.
    expect(centers).toEqual(
      new Map([
        ...activeCostCenters(),
        ['10USA/10SALES', 'Sales office Dayton'],
        ['20DEU/20SALES', 'Sales office Stuttgart'],
      ]),
    );
    expect(tree.get('10USA')).toBe('Meridian Components Inc.');
    expect(item(sim, listId, '20DEU-20QUAL')?.level).toBe(2);

    const writes = listWrites(sim).length;
    const again = await pushList(deps, { dimension: 'cost_center', actor: 'ana' });
    expect(listWrites(sim).length).toBe(writes);
    expect(again.results).toEqual([]);
    expect(again.message).toMatch(/nothing was sent/);
    expect(again.after.retirements.map((r) => r.code)).toEqual(['10USA-10SALES', '20DEU-20SALES']);
  });

  it('fills an empty connected list parents first in one bulk call, and marks it managed when asked', async () => {
    store = qadStore();
    const first = rig(sim, store);
    const listId = await createList(first.client, 'Cost Center (new)', 2);
    const { deps } = rig(sim, store, { cost_center: { listId, managed: true } });
    const report = await pushList(deps, { dimension: 'cost_center', actor: 'ana' });
    expect(report.counts.added).toBe(2 + activeCostCenters().size);
    const tree = liveTree(sim, listId);
    expect(centersOf(tree)).toEqual(activeCostCenters());
    // QAD keeps no entity names: the entity code is the name of a new level-1 item.
    expect(tree.get('10USA')).toBe('10USA');
    expect(listWrites(sim).filter((w) => w.endsWith('/bulk'))).toHaveLength(1);
    expect(report.managedSet).toBe(true);
    expect(sim.state.lists.find((l) => l.id === listId)?.managedBy).toBe(`appId:${sim.credentials.clientId}`);
  });

  it('follows QAD: a renamed cost center is renamed, a new one appears under the right parent', async () => {
    store = qadStore({
      costCenters: (rows, entity) =>
        entity === '10USA'
          ? [
              ...rows.map((r) =>
                r.code === '10ASSY' ? { ...r, payload: { description: 'Final assembly Dayton' } } : r,
              ),
              { code: '10PACK', payload: { description: 'Packaging Dayton' }, active: true },
            ]
          : rows,
    });
    const { deps } = rig(sim, store);
    const listId = listByName(sim, 'Cost Center').id;
    const before = item(sim, listId, '10USA-10ASSY');
    await pushList(deps, { dimension: 'cost_center', actor: 'ana' });
    const renamed = item(sim, listId, '10USA-10ASSY');
    expect(renamed?.value).toBe('Final assembly Dayton');
    expect(renamed?.id).toBe(before?.id);
    const added = item(sim, listId, '10USA-10PACK');
    expect(added?.value).toBe('Packaging Dayton');
    expect(added?.parentId).toBe(item(sim, listId, '10USA')?.id);
  });

  it('deletes a cost center QAD made inactive only after that exact code is confirmed, and audits who confirmed', async () => {
    store = qadStore({
      costCenters: (rows) => rows.map((r) => (r.code === '10MACH' ? { ...r, active: false } : r)),
    });
    const { deps } = rig(sim, store);
    const listId = listByName(sim, 'Cost Center').id;
    const preview = await previewList(deps, 'cost_center');
    expect(preview.retirements.map((r) => r.code)).toContain('10USA-10MACH');

    await pushList(deps, { dimension: 'cost_center', actor: 'ana' });
    expect(item(sim, listId, '10USA-10MACH')?.isDeleted).toBe(false);

    const report = await pushList(deps, {
      dimension: 'cost_center',
      confirmDelete: ['10USA-10MACH'],
      actor: 'ben',
    });
    expect(report.results).toEqual([{ action: 'delete', code: '10USA-10MACH', outcome: 'done', sent: 1 }]);
    expect(item(sim, listId, '10USA-10MACH')?.isDeleted).toBe(true);
    // The unconfirmed retirements are still only proposed.
    expect(item(sim, listId, '10USA-10SALES')?.isDeleted).toBe(false);
    const confirmed = listAuditEvents(store.db, { action: 'concur_list.delete_confirmed' }).events;
    expect(confirmed).toHaveLength(1);
    expect(confirmed[0]?.actor).toBe('ben');
    expect(confirmed[0]?.detail).toMatchObject({
      code: '10USA-10MACH',
      confirmedBy: 'ben',
      reason: 'inactive_in_qad',
    });
    const pushed = listAuditEvents(store.db, { action: 'concur_list.pushed' }).events;
    expect(pushed.at(0)?.detail).toMatchObject({ deleted: 1, failed: 0 });
  });

  it('refuses a QAD cost center whose code Concur deleted earlier (a deleted code is never created again)', async () => {
    store = qadStore({
      costCenters: (rows, entity) =>
        entity === '10USA'
          ? [...rows, { code: '10PAINT', payload: { description: 'Paint shop' }, active: true }]
          : rows,
    });
    const { deps } = rig(sim, store);
    const report = await pushList(deps, { dimension: 'cost_center', actor: 'ana' });
    expect(report.after.refusals).toEqual([
      expect.objectContaining({ qadValue: '10USA/10PAINT', reason: 'deleted_in_concur' }),
    ]);
    expect(report.after.refusals[0]?.message).toContain('10USA-10PAINT');
    expect(report.results.map((r) => r.code)).not.toContain('10USA-10PAINT');
  });
});

describe('projects into the Concur "Project" list', () => {
  it('renames the stale project, proposes the closed one, and refuses the hyphenated code it cannot create', async () => {
    store = qadStore();
    const { deps } = rig(sim, store);
    const listId = listByName(sim, 'Project').id;
    const report = await pushList(deps, { dimension: 'project', actor: 'ana' });
    expect(item(sim, listId, 'P-LEAN26')?.value).toBe('Lean cell rollout');
    // P-ERP is missing in Concur, but its code holds a hyphen: named, not sent, never rewritten.
    expect(report.after.refusals).toEqual([
      expect.objectContaining({ qadValue: 'P-ERP', reason: 'code_hyphen' }),
    ]);
    expect(report.after.refusals[0]?.message).toContain('"P-ERP"');
    expect(sim.state.listItems.some((i) => i.listId === listId && /ERP/.test(i.code))).toBe(false);
    expect(report.after.retirements.map((r) => [r.code, r.reason])).toEqual([['P-OLD01', 'inactive_in_qad']]);
    // Codes holding a hyphen are changed by item id, not by an ambiguous long code.
    expect(listWrites(sim)).toEqual([`PUT /list/v4/items/${item(sim, listId, 'P-LEAN26')?.id}`]);
    const liveProjects = [...liveTree(sim, listId).keys()].sort();
    const activeInQad = demoCompany()
      .projects.filter((p) => p.active && p.code !== 'P-ERP')
      .map((p) => p.code);
    expect(liveProjects).toEqual([...activeInQad, 'P-OLD01'].sort());

    await pushList(deps, { dimension: 'project', confirmDelete: ['P-OLD01'], actor: 'ana' });
    expect(item(sim, listId, 'P-OLD01')?.isDeleted).toBe(true);
  });
});
