// Reference-data pushes from the QAD cache into Expensify: `policies push` (GL accounts as categories, cost
// centers as one tag level) and `employees push` (employees with their managers and policy). Both show what
// would change first; `--preview` / `--dry-run` stop there. Disabling a category or tag that reports still on
// the road use is held back unless `--confirm-disable` says the person accepts it.
import type { Command } from 'commander';
import {
  createExpensifyClient,
  previewPolicyPush,
  pushEmployees,
  pushPolicies,
  type EmployeePushResult,
  type PolicyPlan,
  type PolicyPushPreview,
  type PolicyPushResult,
} from '../connectors/expensify/index.ts';
import { EXIT } from './exit-codes.ts';
import { currentActor, openHost, type GlobalOptions, type Host } from './host.ts';

type SetExit = (code: number) => void;

const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

/** At most this many names per line; the rest is counted (a policy may hold hundreds of accounts). */
const NAMES_SHOWN = 12;

function names(items: readonly string[]): string {
  if (items.length === 0) return '';
  const shown = items.slice(0, NAMES_SHOWN).join(', ');
  return `: ${shown}${items.length > NAMES_SHOWN ? `, … (${items.length - NAMES_SHOWN} more)` : ''}`;
}

function client(host: Host) {
  return createExpensifyClient({
    settings: host.settings.get(),
    secrets: host.secrets,
    log: host.logger.child('expensify'),
  });
}

export function registerExpensifyCommands(program: Command, setExit: SetExit): void {
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();

  program
    .command('policies')
    .description('QAD GL accounts and cost centers to Expensify policy categories and tags')
    .command('push')
    .description('add, change and disable categories and cost-center tags in each configured policy')
    .option('--preview', 'show what would change and send nothing')
    .option('--confirm-disable', 'also disable categories and tags that reports not yet posted still use')
    .option('--json', 'print JSON')
    .action(async (options: { preview?: boolean; confirmDisable?: boolean; json?: boolean }) => {
      const host = await openHost(globals());
      try {
        const input = {
          client: await client(host),
          store: host.engine.store,
          settings: host.settings.get(),
          confirmDisable: options.confirmDisable ?? false,
          log: host.logger.child('expensify'),
          actor: currentActor(),
        };
        if (options.preview) {
          const preview = await previewPolicyPush(input);
          if (options.json) out(JSON.stringify(preview));
          else printPreview(preview);
          return;
        }
        const result = await pushPolicies(input);
        if (options.json) out(JSON.stringify(result));
        else {
          printPreview(result);
          printPushResult(result);
        }
        if (result.failed.length > 0) setExit(EXIT.failures);
      } finally {
        await host.close();
      }
    });

  program
    .command('employees')
    .description('QAD employees to Expensify policy members')
    .command('push')
    .description('add and update employees (manager, policy) with the Advanced Employee Updater')
    .option('--dry-run', 'ask Expensify what it would change and apply nothing')
    .option('--json', 'print JSON')
    .action(async (options: { dryRun?: boolean; json?: boolean }) => {
      const host = await openHost(globals());
      try {
        const result = await pushEmployees({
          client: await client(host),
          store: host.engine.store,
          settings: host.settings.get(),
          dryRun: options.dryRun ?? false,
          actor: currentActor(),
        });
        if (options.json) out(JSON.stringify(result));
        else printEmployees(result);
        // Skipped by Expensify in a real run: those employees were not applied.
        if (!result.dryRun && (result.answer?.skipped.length ?? 0) > 0) setExit(EXIT.failures);
      } finally {
        await host.close();
      }
    });
}

const LABEL = 14;

function printPlan(plan: PolicyPlan): void {
  out(`Policy ${plan.policyId}${plan.entity ? ` (QAD entity ${plan.entity})` : ''}`);
  const c = plan.categories;
  const held = new Set(plan.warnings.filter((w) => w.held).map((w) => `${w.kind}:${w.name}`));
  const disabling = (kind: 'category' | 'tag', name: string) =>
    held.has(`${kind}:${name}`) ? `${name} (held: in use)` : name;
  out('  categories');
  out(
    `    ${'add'.padEnd(LABEL)} ${c.added.length}${names(c.added.map((x) => `${x.name} [${x.glCode ?? ''}]`))}`,
  );
  out(
    `    ${'change'.padEnd(LABEL)} ${c.changed.length}${names(c.changed.map((x) => describeChange(x.before, x.after)))}`,
  );
  out(
    `    ${'disable'.padEnd(LABEL)} ${c.disabled.length}${names(c.disabled.map((x) => disabling('category', x.name)))}`,
  );
  out(`    ${'unchanged'.padEnd(LABEL)} ${c.unchanged}`);
  if (c.unmanaged.length > 0)
    out(`    ${'not managed'.padEnd(LABEL)} ${c.unmanaged.length}${names(c.unmanaged)}`);
  const t = plan.tags;
  if (t) {
    out(`  tags "${t.levelName}"`);
    out(`    ${'add'.padEnd(LABEL)} ${t.added.length}${names(t.added.map((x) => x.name))}`);
    out(
      `    ${'change'.padEnd(LABEL)} ${t.changed.length}${names(t.changed.map((x) => describeChange(x.before, x.after)))}`,
    );
    out(
      `    ${'disable'.padEnd(LABEL)} ${t.disabled.length}${names(t.disabled.map((x) => disabling('tag', x.name)))}`,
    );
    out(`    ${'unchanged'.padEnd(LABEL)} ${t.unchanged}`);
  }
  for (const problem of plan.problems) out(`  ! ${problem}`);
}

function describeChange(
  before: { name: string; enabled: boolean; glCode?: string },
  after: { name: string; enabled: boolean; glCode?: string },
): string {
  const parts: string[] = [];
  if (before.enabled !== after.enabled) parts.push(after.enabled ? 'enable' : 'disable');
  if ((before.glCode ?? '') !== (after.glCode ?? ''))
    parts.push(`GL ${before.glCode || '-'} -> ${after.glCode || '-'}`);
  return `${after.name} (${parts.join(', ') || 'update'})`;
}

function printPreview(preview: PolicyPushPreview): void {
  if (preview.policies.length === 0) out('No Expensify policy is configured (settings expensify.policyIds).');
  for (const plan of preview.policies) printPlan(plan);
  for (const warning of preview.warnings) out(`! ${warning.message}`);
  const changes = preview.policies.reduce((n, p) => n + plannedChanges(p), 0);
  out(changes === 0 ? 'Nothing to change.' : `${changes} change(s) planned.`);
}

/** Adds, changes and disables that would be sent: a disable held back for reports in flight is not one. */
function plannedChanges(p: PolicyPlan): number {
  const held = p.warnings.filter((w) => w.held).length;
  const tags = p.tags ? p.tags.added.length + p.tags.changed.length + p.tags.disabled.length : 0;
  return p.categories.added.length + p.categories.changed.length + p.categories.disabled.length + tags - held;
}

function printPushResult(result: PolicyPushResult): void {
  for (const s of result.sent)
    out(`${'sent'.padEnd(LABEL)} ${s.policyId}: ${s.categories} categories, ${s.tags} tags`);
  for (const s of result.skipped) out(`${'skipped'.padEnd(LABEL)} ${s.policyId}: ${s.reason}`);
  for (const f of result.failed) out(`${'FAILED'.padEnd(LABEL)} ${f.policyId}: ${f.error}`);
}

function printEmployees(result: EmployeePushResult): void {
  out(`${result.dryRun ? 'Dry run: nothing applied.' : 'Employees pushed.'}`);
  out(`${'in the feed'.padEnd(LABEL)} ${result.feed.length}`);
  if (result.notSent.length > 0)
    out(
      `${'not sent'.padEnd(LABEL)} ${result.notSent.length}${names(result.notSent.map((n) => `${n.code} (${n.reason})`))}`,
    );
  if (result.selfApproving.length > 0)
    out(`${'self-approving'.padEnd(LABEL)} ${result.selfApproving.length}${names(result.selfApproving)}`);
  if (result.emptyPolicies.length > 0)
    out(`${'no employees'.padEnd(LABEL)} ${result.emptyPolicies.length}${names(result.emptyPolicies)}`);
  const answer = result.answer;
  if (!answer) {
    out('Nothing sent: the QAD cache holds no employee for a configured policy.');
    return;
  }
  const perPolicy = (lists: Readonly<Record<string, readonly string[]>>) =>
    Object.entries(lists).filter(([, emails]) => emails.length > 0);
  for (const [policy, emails] of perPolicy(answer.added))
    out(`${'add'.padEnd(LABEL)} ${policy}: ${emails.length}${names(emails)}`);
  for (const [policy, emails] of perPolicy(answer.removed))
    out(`${'remove'.padEnd(LABEL)} ${policy}: ${emails.length}${names(emails)}`);
  out(`${'updated'.padEnd(LABEL)} ${answer.updatedEmployeesCount}`);
  for (const s of answer.skipped) out(`${'SKIPPED'.padEnd(LABEL)} ${s.email}: ${s.reason}`);
}
