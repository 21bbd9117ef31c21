// Master data pushes from QAD to the sources: `vendors push` (QAD suppliers -> Concur Invoice vendors).
// Each shows its preview first; `--preview` stops there.
import type { Command } from 'commander';
import { concurStateStoreFromDb, createConcurClient } from '../connectors/concur/index.ts';
import {
  previewVendorPush,
  pushVendors,
  type VendorPlanItem,
  type VendorPushPlan,
} from '../connectors/concur-road/index.ts';
import { EXIT } from './exit-codes.ts';
import { currentActor, openHost, type GlobalOptions } from './host.ts';

type SetExit = (code: number) => void;

export function registerPushCommands(program: Command, setExit: SetExit): void {
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();

  program
    .command('vendors')
    .description('QAD suppliers to SAP Concur Invoice vendors')
    .command('push')
    .description('create, update and deactivate Concur vendors from the QAD supplier cache (never deletes)')
    .option('--preview', 'show what would change and send nothing')
    .option('--json', 'print JSON')
    .action(async (options: { preview?: boolean; json?: boolean }) => {
      const host = await openHost(globals());
      try {
        const settings = host.settings.get();
        const client = createConcurClient({
          settings,
          secrets: host.secrets,
          log: host.logger.child('concur'),
          options: { state: concurStateStoreFromDb(host.engine.store.db) },
        });
        const db = host.engine.store.db;
        if (options.preview) {
          const plan = await previewVendorPush({ db, client, settings });
          if (options.json) process.stdout.write(`${JSON.stringify(plan)}\n`);
          else printPlan(plan);
          return;
        }
        const report = await pushVendors({ db, client, settings, actor: currentActor() });
        if (options.json) process.stdout.write(`${JSON.stringify(report)}\n`);
        else {
          printPlan(report.plan);
          process.stdout.write(
            `Sent: ${report.succeeded} done, ${report.failed} failed, ${report.unclear} unclear (looked up before the next push).\n`,
          );
        }
        if (report.failed > 0 || report.unclear > 0) setExit(EXIT.failures);
      } finally {
        await host.close();
      }
    });
}

function printPlan(plan: VendorPushPlan): void {
  const line = (label: string, items: readonly VendorPlanItem[]) => {
    const codes = items.map((i) => i.vendorCode).join(', ');
    process.stdout.write(`${label.padEnd(14)} ${items.length}${codes ? `: ${codes}` : ''}\n`);
  };
  line('add', plan.adds);
  line('change', plan.changes);
  line('deactivate', plan.deactivations);
  process.stdout.write(`${'unchanged'.padEnd(14)} ${plan.unchanged}\n`);
  if (plan.notInQad.length)
    process.stdout.write(`Concur vendors QAD does not know (left alone): ${plan.notInQad.join(', ')}\n`);
  if (plan.duplicates.length)
    process.stdout.write(`Duplicated in Concur (shown, not fixed): ${plan.duplicates.join(', ')}\n`);
}
