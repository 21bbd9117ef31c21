// QAD reference data into Expensify policies, against the simulator: the preview (a pure diff against
// `get policy`), tags sent as the complete list, items that in-flight reports use held back until a person
// confirms, and the employee feed with dry run.
import { afterEach, describe, expect, it } from 'vitest';
import { pushEmployees } from '../../../electron/connectors/expensify/employees.ts';
import { planPolicy } from '../../../electron/connectors/expensify/policy-plan.ts';
import { previewPolicyPush, pushPolicies } from '../../../electron/connectors/expensify/policy-push.ts';
import type { ExpensifySimulator, SimPolicy } from '../../../electron/sandbox/expensify/index.ts';
import {
  listAuditEvents,
  listQadRecords,
  replaceQadCache,
  stageDocument,
  type Store,
} from '../../../electron/store/index.ts';
import { clientFor, company, loadQadCache, settingsFor, startSim, tempStore } from './helpers.ts';

let sim: ExpensifySimulator | undefined;
let store: Store | undefined;
afterEach(async () => {
  await sim?.close();
  store?.close();
  sim = undefined;
  store = undefined;
});

async function setup() {
  sim = await startSim({ reports: 0 });
  store = tempStore();
  loadQadCache(store);
  const policy = sim.state.policies[0] as SimPolicy;
  // Expensify has a tag QAD does not know, and QAD has a new cost center Expensify does not have yet.
  policy.tags[0]?.tags.push({ name: 'OLD-PROJECT', enabled: true });
  const centers = listQadRecords(store.db, 'cost_center', policy.entity).map((r) => ({
    code: r.code,
    payload: r.payload,
    active: r.active,
  }));
  replaceQadCache(
    store.db,
    'cost_center',
    policy.entity,
    [...centers, { code: 'NEWCC', payload: { description: 'New line' }, active: true }],
    { actor: 'masterData' },
  );
  const settings = settingsFor(sim);
  const client = await clientFor(sim, settings);
  return { sim, store, policy, settings, client, centers };
}

function stageInFlight(st: Store, policyId: string, category: string, tag: string): void {
  stageDocument(
    st.db,
    {
      document: {
        source: 'expensify',
        sourceId: 'R0INFLIGHT01',
        kind: 'expense_report',
        sourceEntity: policyId,
        currency: 'USD',
        totalMinor: 1000,
        documentDate: '2026-11-10',
        description: 'In flight',
        payee: { kind: 'employee', code: 'x@example.com' },
        lines: [{ lineNo: 1, description: 'Phone bill', amountMinor: 1000, source: { category, tag } }],
      },
      rawPayload: '{}',
    },
    { actor: 'test' },
  );
}

describe('policy push', () => {
  it('previews added, changed and disabled categories and tags without sending anything', async () => {
    const { sim, store, policy, settings, client, centers } = await setup();
    const before = sim.server.requests.length;
    const preview = await previewPolicyPush({ client, store, settings });
    expect(sim.server.requests.length).toBe(before + 1); // one `get policy`, no update
    const plan = preview.policies.find((p) => p.policyId === policy.id);
    expect(plan?.problems).toEqual([]);
    expect(plan?.entity).toBe(policy.entity);
    // Active, postable expense accounts without a category yet are added, named after the account.
    expect(plan?.categories.added.map((c) => c.glCode).sort()).toEqual(['5000', '5100', '6300', '6700']);
    expect(plan?.categories.added.find((c) => c.glCode === '6700')?.name).toBe('Freight in');
    // "Phone" points at the retired account 6600: disabled, not deleted.
    expect(plan?.categories.disabled).toEqual([
      expect.objectContaining({ name: 'Phone', glCode: '6600', enabled: false }),
    ]);
    // Made in Expensify without a GL code: left alone.
    expect(plan?.categories.unmanaged).toEqual(['Client Entertainment']);
    expect(plan?.tags?.added).toEqual([{ name: 'NEWCC', enabled: true, glCode: 'NEWCC' }]);
    expect(plan?.tags?.disabled).toEqual([{ name: 'OLD-PROJECT', enabled: false }]);
    expect(plan?.tags?.unchanged).toBe(centers.length);
    expect(preview.warnings).toEqual([]);
  });

  it('sends the complete tag list (Expensify replaces it) and merges categories', async () => {
    const { sim, store, policy, settings, client, centers } = await setup();
    const result = await pushPolicies({ client, store, settings, actor: 'ap.clerk' });
    expect(result.failed).toEqual([]);
    expect(result.sent.find((s) => s.policyId === policy.id)).toEqual({
      policyId: policy.id,
      categories: 5,
      tags: centers.length + 2,
    });
    const tags = policy.tags[0]?.tags ?? [];
    expect(tags.map((t) => t.name).sort()).toEqual(
      [...centers.map((c) => c.code), 'NEWCC', 'OLD-PROJECT'].sort(),
    );
    expect(tags.find((t) => t.name === 'OLD-PROJECT')?.enabled).toBe(false);
    expect(tags.find((t) => t.name === 'NEWCC')?.enabled).toBe(true);
    expect(policy.categories.find((c) => c.name === 'Phone')?.enabled).toBe(false);
    expect(policy.categories.find((c) => c.name === 'Client Entertainment')?.enabled).toBe(true);
    expect(policy.categories.find((c) => c.glCode === '6700')?.name).toBe('Freight in');
    // A second push finds nothing to change.
    const again = await pushPolicies({ client, store, settings });
    expect(again.sent).toEqual([]);
    expect(again.skipped.map((s) => s.reason)).toEqual(sim.policyIds.map(() => 'Nothing to change.'));
    const audit = listAuditEvents(store.db, { action: 'expensify.policy_pushed' });
    expect(JSON.stringify(audit)).toContain(policy.id);
  });

  it('holds back disabling what in-flight reports still use, until a person confirms', async () => {
    const { store, policy, settings, client } = await setup();
    stageInFlight(store, policy.id, 'Phone', 'OLD-PROJECT');
    const held = await pushPolicies({ client, store, settings });
    expect(held.warnings.map((w) => [w.kind, w.name, w.held, w.reports])).toEqual([
      ['category', 'Phone', true, ['R0INFLIGHT01']],
      ['tag', 'OLD-PROJECT', true, ['R0INFLIGHT01']],
    ]);
    expect(held.warnings[0]?.message).toContain('stays enabled until you confirm');
    expect(policy.categories.find((c) => c.name === 'Phone')?.enabled).toBe(true);
    expect(policy.tags[0]?.tags.find((t) => t.name === 'OLD-PROJECT')?.enabled).toBe(true);
    // Everything else went through.
    expect(policy.tags[0]?.tags.some((t) => t.name === 'NEWCC')).toBe(true);

    const confirmed = await pushPolicies({ client, store, settings, confirmDisable: true });
    expect(confirmed.warnings.every((w) => !w.held)).toBe(true);
    expect(policy.categories.find((c) => c.name === 'Phone')?.enabled).toBe(false);
    expect(policy.tags[0]?.tags.find((t) => t.name === 'OLD-PROJECT')?.enabled).toBe(false);
  });

  it('names a policy without a QAD entity, and one Expensify does not know, instead of guessing', () => {
    const base = {
      glAccounts: [],
      costCenters: [],
      inFlight: [],
      tagLevelName: 'Cost Center',
      confirmDisable: false,
    };
    expect(
      planPolicy({ ...base, policyId: 'P1', current: { id: 'P1', categories: [], tagLevels: [] } })
        .problems[0],
    ).toContain('expensify.policyEntities');
    expect(planPolicy({ ...base, policyId: 'P2', entity: '10USA' }).problems[0]).toContain(
      'did not return policy P2',
    );
    const multi = planPolicy({
      ...base,
      policyId: 'P3',
      entity: '10USA',
      current: {
        id: 'P3',
        categories: [],
        tagLevels: [
          { name: 'A', tags: [] },
          { name: 'B', tags: [] },
        ],
      },
    });
    expect(multi.problems[0]).toContain('2 tag levels');
    expect(multi.request.tags).toBeUndefined();
  });
});

describe('employee push', () => {
  it('dry run shows who would be added and changes nothing; the real run applies it', async () => {
    const { sim, store, settings, client } = await setup();
    const rows = (entity: string) => [
      ...company.employees
        .filter((e) => e.entity === entity)
        .map((e) => ({
          code: e.id,
          payload: {
            email: e.email,
            firstName: e.firstName,
            lastName: e.lastName,
            ...(e.managerEmail ? { managerEmail: e.managerEmail } : {}),
          },
          active: true,
        })),
      ...(entity === company.entities[0]?.code
        ? [
            {
              code: 'E-NEW-1',
              payload: {
                email: 'new.hire@meridian.example',
                name: 'New Hire',
                manager: company.employees.find((e) => e.entity === entity)?.id ?? '',
              },
              active: true,
            },
          ]
        : []),
    ];
    for (const entity of company.entities)
      replaceQadCache(store.db, 'employee', entity.code, rows(entity.code), { actor: 'masterData' });
    const before = sim.state.employees.length;

    const dry = await pushEmployees({ client, store, settings, dryRun: true });
    expect(dry.dryRun).toBe(true);
    expect(dry.answer?.dryRun).toBe(true);
    expect(Object.values(dry.answer?.added ?? {}).flat()).toEqual(['new.hire@meridian.example']);
    expect(dry.feed.find((f) => f.employeeEmail === 'new.hire@meridian.example')).toMatchObject({
      firstName: 'New',
      lastName: 'Hire',
      policyID: sim.policyIds[0],
      managerEmail: company.employees.find((e) => e.entity === company.entities[0]?.code)?.email,
    });
    expect(sim.state.employees.length).toBe(before);

    const real = await pushEmployees({ client, store, settings, dryRun: false });
    expect(real.answer?.dryRun).toBe(false);
    expect(sim.state.employees.length).toBe(before + 1);
    expect(sim.state.employees.find((e) => e.email === 'new.hire@meridian.example')?.employeeID).toBe(
      'E-NEW-1',
    );
  });

  it('says so when the QAD cache holds no employees', async () => {
    const { store, settings, client } = await setup();
    const result = await pushEmployees({ client, store, settings, dryRun: true });
    expect(result.feed).toEqual([]);
    expect(result.answer).toBeUndefined();
    expect(result.emptyPolicies).toHaveLength(settings.expensify.policyIds.length);
  });
});
