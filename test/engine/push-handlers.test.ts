// The master-data pushes through the contract, against the sandbox demo: QAD suppliers into Concur vendors and
// QAD GL accounts, cost centers and employees into Expensify policies. Each preview shows the demo's seeded
// differences, the push sends them with the caller as the audited actor, and a second preview shows nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../electron/engine/engine.ts';
import type { CallContext } from '../../electron/ipc/handlers.ts';
import type { OperationArgs, OperationName, OperationResult } from '../../shared/contract/index.ts';
import { startSandbox, type Sandbox } from '../../electron/sandbox/index.ts';
import { writeSandboxFiles } from '../../electron/sandbox/engine-files.ts';
import { createSecretStore } from '../../electron/secrets/index.ts';
import { JsonFileSettingsStore } from '../../electron/settings/settings-store.ts';
import { tempDir } from '../support/cli.ts';

const SECRETS_ENV = { MLC_SECRET_BACKEND: 'file', MLC_SECRET_KEY: 'push-handlers-test-key-0123' };
const ctx: CallContext = { actor: 'controller.kim', transport: 'http' };

let sandbox: Sandbox;
let engine: Engine;

async function sandboxEngine(): Promise<Engine> {
  const dataDir = tempDir('mlc-push-');
  // writeSandboxFiles stores the sandbox credentials with the secret store process.env chooses.
  const saved = { ...process.env };
  Object.assign(process.env, SECRETS_ENV);
  let configPath: string;
  try {
    ({ configPath } = await writeSandboxFiles(sandbox, dataDir));
  } finally {
    for (const key of Object.keys(SECRETS_ENV)) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  }
  const settings = new JsonFileSettingsStore(configPath);
  const secrets = await createSecretStore({ dataDir, env: SECRETS_ENV, profile: 'sandbox' });
  return createEngine({ dataDir, settings, secrets, actor: 'push-test' });
}

/** A contract call through the engine's router (arguments validated there), unwrapped. */
async function call<K extends OperationName>(name: K, args: OperationArgs<K>): Promise<OperationResult<K>> {
  const result = await engine.router.invoke(name, args, ctx);
  if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify(result.error)}`);
  return result.value as OperationResult<K>;
}

beforeAll(async () => {
  sandbox = await startSandbox({ concurDocuments: 0, expensifyReports: 0 });
  engine = await sandboxEngine();
  const cycle = await engine.runCycle('masterData', 'cli');
  expect(cycle.failed).toBe(false);
}, 60_000);

afterAll(async () => {
  await engine?.stop();
  await sandbox?.close();
});

function auditBy(action: string): { actor: string; subjectId?: string }[] {
  return engine
    .listAudit({ action, limit: 1000 })
    .events.map((e) => ({ actor: e.actor, ...(e.subjectId ? { subjectId: e.subjectId } : {}) }));
}

describe('vendors: QAD suppliers into SAP Concur', () => {
  it('previews the seeded differences, pushes them as the caller, and then has nothing left to do', async () => {
    const before = await call('vendors/preview', {});
    // The demo seeds suppliers Concur lacks, a renamed supplier and one made inactive in QAD.
    expect(before.adds.length).toBeGreaterThan(0);
    expect(before.changes.length).toBeGreaterThan(0);
    expect(before.deactivations.length).toBeGreaterThan(0);
    const add = before.adds[0]!;
    expect(sandbox.concur.state.vendors.some((v) => v.fields.VendorCode === add.vendorCode)).toBe(false);
    expect(before.deactivations[0]!.changes).toContainEqual({ field: 'Approved', from: 'Y', to: 'N' });
    // The whole record the engine would send stays in the engine.
    expect(JSON.stringify(before)).not.toContain('"record"');

    const report = await call('vendors/push', {});
    const planned = before.adds.length + before.changes.length + before.deactivations.length;
    expect(report).toMatchObject({ succeeded: planned, failed: 0, unclear: 0 });
    expect(report.results.every((r) => r.outcome === 'done')).toBe(true);
    const created = sandbox.concur.state.vendors.filter((v) => v.fields.VendorCode === add.vendorCode);
    expect(created).toHaveLength(1);
    expect(created[0]!.fields.VendorName).toBe(add.name);
    const audited = [
      ...auditBy('concur_vendor.created'),
      ...auditBy('concur_vendor.updated'),
      ...auditBy('concur_vendor.deactivated'),
    ];
    expect(audited).toHaveLength(planned);
    expect(audited.every((e) => e.actor === 'controller.kim')).toBe(true);

    const after = await call('vendors/preview', {});
    expect(after).toMatchObject({ adds: [], changes: [], deactivations: [] });
    expect(after.unchanged).toBe(before.unchanged + planned);
  });
});

describe('policies and employees: QAD into Expensify', () => {
  it('previews the category differences, pushes them as the caller, and then has nothing left to do', async () => {
    const before = await call('policies/preview', {});
    expect(before.policies.length).toBe(sandbox.expensify.policyIds.length);
    for (const plan of before.policies) {
      expect(plan.problems).toEqual([]);
      expect(plan.categories.added.length + plan.categories.disabled.length).toBeGreaterThan(0);
      expect(plan.sends.categories).toBeGreaterThan(0);
    }
    const added = before.policies[0]!.categories.added[0]!;

    const result = await call('policies/push', {});
    expect(result.failed).toEqual([]);
    expect(result.sent.map((s) => s.policyId).sort()).toEqual([...sandbox.expensify.policyIds].sort());
    const policy = sandbox.expensify.state.policies.find((p) => p.id === before.policies[0]!.policyId)!;
    expect(policy.categories.some((c) => c.name === added.name && c.enabled)).toBe(true);
    const audited = auditBy('expensify.policy_pushed');
    expect(audited.map((e) => e.subjectId).sort()).toEqual([...sandbox.expensify.policyIds].sort());
    expect(audited.every((e) => e.actor === 'controller.kim')).toBe(true);

    const after = await call('policies/preview', {});
    for (const plan of after.policies) {
      expect(plan.categories).toMatchObject({ added: [], changed: [], disabled: [] });
      expect(plan.tags).toMatchObject({ added: [], changed: [], disabled: [] });
      expect(plan.sends.categories).toBe(0);
    }
  });

  it('says plainly when the QAD cache holds no employees for the policies, on a dry run', async () => {
    const result = await call('employees/push', { dryRun: true });
    // The demo's QAD cache has no employee records: nothing is sent and both policies are named as empty.
    expect(result).toMatchObject({ dryRun: true, feed: [] });
    expect(result.answer).toBeUndefined();
    expect([...result.emptyPolicies].sort()).toEqual([...sandbox.expensify.policyIds].sort());
    expect(auditBy('expensify.employees_pushed')).toEqual([]);
  });
});

describe('bad input and switched-off systems', () => {
  it('refuses malformed arguments with the field named', async () => {
    expect(await engine.router.invoke('employees/push', {}, ctx)).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', field: 'dryRun' },
    });
    expect(await engine.router.invoke('policies/push', { confirmDisable: 'yes' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', field: 'confirmDisable' },
    });
    expect(await engine.router.invoke('vendors/push', { force: true }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument' },
    });
  });

  it('asks for the QAD master data refresh before comparing vendors with an empty supplier cache', async () => {
    const fresh = await sandboxEngine();
    try {
      expect(await fresh.router.invoke('vendors/preview', {}, ctx)).toMatchObject({
        ok: false,
        error: { code: 'conflict', message: expect.stringMatching(/master data refresh/) as unknown },
      });
    } finally {
      await fresh.stop();
    }
  });

  it('names the setting when SAP Concur or Expensify is switched off', async () => {
    const settings = engine.settings.get();
    engine.settings.update({
      ...settings,
      concur: { ...settings.concur, enabled: false },
      expensify: { ...settings.expensify, enabled: false },
    });
    expect(await engine.router.invoke('vendors/push', {}, ctx)).toMatchObject({
      ok: false,
      error: { code: 'config', field: 'concur.enabled' },
    });
    expect(await engine.router.invoke('policies/preview', {}, ctx)).toMatchObject({
      ok: false,
      error: { code: 'config', field: 'expensify.enabled' },
    });
    expect(await engine.router.invoke('employees/push', { dryRun: false }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'config', field: 'expensify.enabled' },
    });
  });
});
