// `ml-connector policies push` and `ml-connector employees push` against the sandbox, as IT would run them:
// the preview shows what would be added, changed and disabled in each Expensify policy and sends nothing; the
// push applies it, after which the preview shows nothing left to do. Each call is a fresh process; the
// simulator's clock moves past its rate windows between calls (a person does not push twice a second).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, replaceQadCache } from '../../electron/store/index.ts';
import { runCli, type CliResult } from '../support/cli.ts';
import { flowFixture, type FlowFixture } from './support.ts';

let f: FlowFixture;

beforeAll(async () => {
  f = await flowFixture({ seed: 42, expensifyReports: 0, sources: ['expensify'] });
  // The QAD master-data refresh fills the cache the pushes read.
  const run = await cli('run', '--once');
  expect(run.code, run.stdout + run.stderr).toBe(0);
}, 60_000);
afterAll(async () => {
  await f.sandbox.close();
});

function cli(...args: string[]): Promise<CliResult> {
  f.sandbox.clock.advance(61_000);
  return runCli(['--config', f.configPath, ...args], { env: f.env, timeoutMs: 60_000 });
}

/** The count and names on one aligned line of a section, e.g. `add  1: Meals [6200]`. */
function line(stdout: string, policyId: string, section: string, verb: string): string {
  const block = stdout.split(/^Policy /m).find((b) => b.startsWith(policyId)) ?? '';
  const part = block.split(/^ {2}(?=categories|tags)/m).find((p) => p.startsWith(section)) ?? '';
  return (new RegExp(`^ {4}${verb} +(.*)$`, 'm').exec(part)?.[1] ?? '').trim();
}

describe('ml-connector policies push', () => {
  it('previews adds, changes and disables without sending; push applies them; then nothing is left', async () => {
    const policy = f.sandbox.expensify.state.policies[0];
    if (!policy) throw new Error('no policy');
    // Expensify drifted from QAD: a category deleted, one switched off, one pointing at a GL account QAD does
    // not have; a cost-center tag deleted and one QAD does not know.
    const removed = policy.categories.shift();
    const switchedOff = policy.categories.find((c) => c.glCode && c.name !== 'Phone');
    if (!removed || !switchedOff) throw new Error('demo policy too small');
    switchedOff.enabled = false;
    policy.categories.push({ name: 'Old account', enabled: true, glCode: '9999' });
    const level = policy.tags[0];
    const removedTag = level?.tags.shift();
    level?.tags.push({ name: 'ZZ-OLD', enabled: true });
    const before = JSON.stringify(f.sandbox.expensify.state.policies);

    const preview = await cli('policies', 'push', '--preview');
    expect(preview.code, preview.stderr).toBe(0);
    // The deleted category's GL account comes back, named as QAD describes it (beside QAD expense accounts
    // the demo policy never had).
    expect(line(preview.stdout, policy.id, 'categories', 'add')).toContain(`[${removed.glCode ?? ''}]`);
    expect(line(preview.stdout, policy.id, 'categories', 'change')).toContain(`${switchedOff.name} (enable)`);
    expect(line(preview.stdout, policy.id, 'categories', 'disable')).toContain('Old account');
    expect(line(preview.stdout, policy.id, 'tags', 'add')).toBe(`1: ${removedTag?.name ?? ''}`);
    expect(line(preview.stdout, policy.id, 'tags', 'disable')).toBe('1: ZZ-OLD');
    expect(preview.stdout).toMatch(/\d+ change\(s\) planned\./);
    // A preview sends nothing.
    expect(JSON.stringify(f.sandbox.expensify.state.policies)).toBe(before);

    const push = await cli('policies', 'push');
    expect(push.code, push.stdout + push.stderr).toBe(0);
    expect(push.stdout).toMatch(new RegExp(`^sent +${policy.id}: \\d+ categories, \\d+ tags$`, 'm'));
    const after = f.sandbox.expensify.state.policies[0];
    expect(after?.categories.find((c) => c.name === 'Old account')?.enabled).toBe(false);
    expect(after?.categories.find((c) => c.name === switchedOff.name)?.enabled).toBe(true);
    expect(after?.tags[0]?.tags.find((t) => t.name === 'ZZ-OLD')?.enabled).toBe(false);
    expect(after?.tags[0]?.tags.some((t) => t.name === removedTag?.name && t.enabled)).toBe(true);

    const again = await cli('policies', 'push', '--preview');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing to change.');
    for (const p of f.sandbox.expensify.state.policies) {
      for (const section of ['categories', 'tags'])
        for (const verb of ['add', 'change', 'disable'])
          expect(line(again.stdout, p.id, section, verb), `${p.id} ${section} ${verb}`).toBe('0');
    }
    const json = JSON.parse((await cli('policies', 'push', '--preview', '--json')).stdout) as {
      policies: { categories: { added: unknown[] } }[];
    };
    expect(json.policies.every((p) => p.categories.added.length === 0)).toBe(true);
  }, 60_000);

  it('exits 1 and names the cause when Expensify refuses the credentials', async () => {
    const wrong = await runCli(['--config', f.configPath, 'secrets', 'set', 'expensify.partnerUserSecret'], {
      env: f.env,
      stdin: 'wrong-secret',
    });
    expect(wrong.code).toBe(0);
    const result = await cli('policies', 'push', '--preview');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Authentication error');
    const right = await runCli(['--config', f.configPath, 'secrets', 'set', 'expensify.partnerUserSecret'], {
      env: f.env,
      stdin: f.sandbox.expensify.credentials.partnerUserSecret,
    });
    expect(right.code).toBe(0);
  }, 60_000);
});

describe('ml-connector employees push', () => {
  it('dry run lists what Expensify would change and applies nothing; the push applies it', async () => {
    // The QAD employees as a loader would cache them (the master-data refresh does not read employees).
    const store = openStore(join(f.dataDir, 'ml-connector.db'));
    try {
      replaceQadCache(
        store.db,
        'employee',
        '*',
        f.sandbox.company.employees.map((e) => ({
          code: e.id,
          active: true,
          payload: {
            email: e.email,
            firstName: e.firstName,
            lastName: e.lastName,
            entity: e.entity,
            ...(e.managerEmail ? { managerEmail: e.managerEmail } : {}),
          },
        })),
        { actor: 'test-loader' },
      );
    } finally {
      store.close();
    }
    // One employee left Expensify: the push must add them back.
    const gone = f.sandbox.expensify.state.employees.pop();
    const before = JSON.stringify(f.sandbox.expensify.state.employees);

    const dry = await cli('employees', 'push', '--dry-run');
    expect(dry.code, dry.stdout + dry.stderr).toBe(0);
    expect(dry.stdout).toContain('Dry run: nothing applied.');
    expect(dry.stdout).toMatch(new RegExp(`^in the feed +${f.sandbox.company.employees.length}$`, 'm'));
    expect(dry.stdout).toMatch(new RegExp(`^add +\\S+: 1: ${gone?.email ?? ''}$`, 'm'));
    expect(JSON.stringify(f.sandbox.expensify.state.employees)).toBe(before);

    const push = await cli('employees', 'push');
    expect(push.code, push.stdout + push.stderr).toBe(0);
    expect(push.stdout).toContain('Employees pushed.');
    expect(f.sandbox.expensify.state.employees.some((e) => e.email === gone?.email)).toBe(true);
  }, 60_000);
});
