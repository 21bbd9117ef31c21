// Master data pushes from QAD to the sources: `vendors push` (QAD suppliers -> Concur Invoice vendors).
// Each shows its preview first; `--preview` stops there.
import type { Command } from 'commander';
import { Option } from 'commander';
import { LIST_DIMENSIONS, type ListDimension } from '../../shared/contract/lists.ts';
import { createListHandlers, runGlReport, runListsPush } from '../connectors/concur-lists/index.ts';
import { concurStateStoreFromDb, createConcurClient } from '../connectors/concur/index.ts';
import {
  previewVendorPush,
  pushVendors,
  type VendorPlanItem,
  type VendorPushPlan,
} from '../connectors/concur-road/index.ts';
import { EXIT } from './exit-codes.ts';
import { currentActor, openHost, type GlobalOptions, type Host } from './host.ts';

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

/** `lists push` and `gl report`: QAD dimensions into Concur lists, and which account codes Concur sends. */
export function registerListCommands(program: Command, setExit: SetExit): void {
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  const withHost = async (body: (host: Host) => Promise<number>) => {
    const host = await openHost(globals());
    try {
      setExit(await body(host));
    } finally {
      await host.close();
    }
  };
  const listHandlers = (host: Host) =>
    createListHandlers({
      store: host.engine.store,
      settings: () => host.settings.get(),
      concur: () => host.engine.concurClient(),
    });

  program
    .command('lists')
    .description('QAD cost centers, sub-accounts and projects into SAP Concur lists')
    .command('push')
    .description(
      'add and rename list items from QAD; delete only the codes you confirm (deletion is permanent)',
    )
    .option('--preview', 'show adds, renames and proposed deletions; send nothing')
    .option('--confirm-delete <codes...>', 'delete these codes in Concur (they can never be created again)')
    .addOption(new Option('--dimension <d>', 'only this dimension').choices([...LIST_DIMENSIONS]))
    .option('--json', 'print JSON')
    .action(
      async (options: {
        preview?: boolean;
        confirmDelete?: string[];
        dimension?: ListDimension;
        json?: boolean;
      }) => {
        await withHost((host) =>
          runListsPush(
            { lists: listHandlers(host), settings: () => host.settings.get(), actor: currentActor() },
            {
              ...(options.preview ? { preview: true } : {}),
              ...(options.confirmDelete ? { confirmDelete: options.confirmDelete } : {}),
              ...(options.dimension ? { dimension: options.dimension } : {}),
              ...(options.json ? { json: true } : {}),
            },
          ),
        );
      },
    );

  program
    .command('gl')
    .description('GL account alignment between Concur expense types and QAD')
    .command('report')
    .description(
      'each Concur expense type with the account codes seen, how often, and whether QAD takes them',
    )
    .option('--from <date>', 'documents dated from (YYYY-MM-DD)')
    .option('--to <date>', 'documents dated up to (YYYY-MM-DD)')
    .option('--json', 'print JSON')
    .action(async (options: { from?: string; to?: string; json?: boolean }) => {
      await withHost((host) =>
        runGlReport(
          { lists: listHandlers(host), actor: currentActor() },
          {
            ...(options.json ? { json: true } : {}),
            ...(options.from ? { from: options.from } : {}),
            ...(options.to ? { to: options.to } : {}),
          },
        ),
      );
    });
}
