// CLI commands over the document road: list documents and batches, release batches, replay or retry a
// document. They go through the same contract router as the UI (transport 'cli'), so the same validation,
// audit trail and answers apply.
import type { Command } from 'commander';
import { Option } from 'commander';
import type { OperationArgs, OperationName, OperationResult } from '../../shared/contract/index.ts';
import { DOCUMENT_STATES, SOURCES } from '../../shared/domain/document.ts';
import { formatDecimal } from '../../shared/domain/money.ts';
import { EXIT, UsageError } from './exit-codes.ts';
import { currentActor, openHost, type GlobalOptions, type Host } from './host.ts';

type SetExit = (code: number) => void;

export class ContractCallError extends Error {
  readonly field: string | undefined;
  readonly code: string;

  constructor(code: string, message: string, field?: string) {
    super(message);
    this.code = code;
    this.field = field;
  }
}

/** One contract call from the CLI; a refusal becomes an error naming the field. */
export async function call<K extends OperationName>(
  host: Host,
  name: K,
  args: OperationArgs<K>,
): Promise<OperationResult<K>> {
  const result = await host.engine.router.invoke(name, args, { actor: currentActor(), transport: 'cli' });
  if (!result.ok) throw new ContractCallError(result.error.code, result.error.message, result.error.field);
  return result.value as OperationResult<K>;
}

const money = (minor: number, currency: string) => `${formatDecimal(minor, currency)} ${currency}`;

export function registerRoadCommands(program: Command, setExit: SetExit): void {
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  const run = async (body: (host: Host) => Promise<void>) => {
    const host = await openHost(globals());
    try {
      await body(host);
    } catch (error) {
      if (error instanceof ContractCallError) {
        process.stderr.write(`ml-connector: ${error.message}\n`);
        setExit(error.code === 'invalid_argument' ? EXIT.usage : EXIT.failures);
        return;
      }
      throw error;
    } finally {
      await host.close();
    }
  };

  program
    .command('documents')
    .description('list documents from both sources')
    .addOption(new Option('--status <state>', 'only documents in this state').choices([...DOCUMENT_STATES]))
    .addOption(new Option('--source <source>', 'only this source').choices([...SOURCES]))
    .option('--limit <n>', 'how many', '200')
    .option('--json', 'print JSON')
    .action(
      async (options: {
        status?: (typeof DOCUMENT_STATES)[number];
        source?: (typeof SOURCES)[number];
        limit: string;
        json?: boolean;
      }) => {
        await run(async (host) => {
          const page = await call(host, 'documents/list', {
            ...(options.status ? { state: options.status } : {}),
            ...(options.source ? { source: options.source } : {}),
            limit: positive(options.limit, 'limit'),
          });
          if (options.json) {
            process.stdout.write(`${JSON.stringify(page)}\n`);
            return;
          }
          for (const d of page.rows) {
            process.stdout.write(
              `${String(d.id).padStart(6)}  ${d.source.padEnd(9)} ${d.sourceId.padEnd(34)} ${d.state.padEnd(17)} ` +
                `${(d.entity || '-').padEnd(6)} ${(d.supplier || d.payee).padEnd(10)} ${money(d.totalMinor, d.currency).padStart(16)}` +
                `${d.qadDocumentId ? `  QAD ${d.qadDocumentId}` : ''}\n`,
            );
          }
          process.stdout.write(`(${page.rows.length} of ${page.total} documents)\n`);
        });
      },
    );

  program
    .command('batches')
    .description('list batches with their totals')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await run(async (host) => {
        const page = await call(host, 'batches/list', {});
        if (options.json) {
          process.stdout.write(`${JSON.stringify(page)}\n`);
          return;
        }
        for (const b of page.batches) {
          process.stdout.write(
            `${String(b.id).padStart(5)}  ${b.state.padEnd(16)} ${b.source.padEnd(9)} ${b.entity.padEnd(6)} ` +
              `${b.documentKind.padEnd(14)} ${b.postingKind.padEnd(16)} ${String(b.documentCount).padStart(4)} docs ` +
              `${money(b.totalMinor, b.currency).padStart(16)}${b.releasedBy ? `  released by ${b.releasedBy}` : ''}\n`,
          );
        }
        process.stdout.write(`(${page.batches.length} of ${page.total} batches)\n`);
      });
    });

  program
    .command('release')
    .description('release a batch for posting (or every open batch with --all)')
    .argument('[batchId]', 'the batch to release')
    .option('--all', 'release every open batch')
    .action(async (batchId: string | undefined, options: { all?: boolean }) => {
      if (!options.all && batchId === undefined)
        throw new UsageError('name a batch id or pass --all', 'batchId');
      if (options.all && batchId !== undefined)
        throw new UsageError('name a batch id or pass --all, not both', 'batchId');
      await run(async (host) => {
        const ids = options.all
          ? (await call(host, 'batches/list', { state: 'open', limit: 1000 })).batches.map((b) => b.id)
          : [positive(batchId ?? '', 'batchId')];
        if (ids.length === 0) process.stdout.write('No open batches.\n');
        for (const id of ids) {
          // The CLI confirms what it read a moment ago: the engine refuses if the batch changed since.
          const batch = await call(host, 'batches/get', { batchId: id });
          const released = await call(host, 'batches/release', {
            batchId: id,
            documentCount: batch.documentCount,
            totalMinor: batch.totalMinor,
          });
          process.stdout.write(
            `Released batch ${released.id}: ${released.documentCount} documents, ${money(released.totalMinor, released.currency)}.\n`,
          );
        }
      });
    });

  program
    .command('replay')
    .description(
      'replay a document from its stored payload (map, validate and, where it applies, post again)',
    )
    .argument('<documentId>', 'the document id (see `documents`)')
    .action(async (documentId: string) => {
      const id = positive(documentId, 'documentId');
      await run(async (host) => {
        const result = await call(host, 'documents/replay', { documentId: id });
        process.stdout.write(
          `Document ${result.documentId}: ${result.from} -> ${result.state}. ${result.message}\n`,
        );
      });
    });

  program
    .command('retry')
    .description('retry the failed remote step of a document (confirmation, or reconcile an uncertain post)')
    .argument('<documentId>', 'the document id')
    .addOption(new Option('--decision <d>', 'for an uncertain post').choices(['reconcile', 'post-again']))
    .action(async (documentId: string, options: { decision?: 'reconcile' | 'post-again' }) => {
      const id = positive(documentId, 'documentId');
      await run(async (host) => {
        const result = await call(host, 'documents/retry', {
          documentId: id,
          ...(options.decision ? { decision: options.decision } : {}),
        });
        process.stdout.write(
          `Document ${result.documentId}: ${result.from} -> ${result.state}. ${result.message}\n`,
        );
      });
    });
}

function positive(text: string, field: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${field} must be a positive whole number, not "${text}"`, field);
  return n;
}
