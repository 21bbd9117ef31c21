// Bodies of `ml-connector lists push [--preview] [--confirm-delete CODE ...]` and `ml-connector gl report
// [--json]`: they print and return the exit code; the lead registers them with commander. Every configured
// dimension is previewed first, so a confirmed code that no preview proposes stops the command before
// anything is sent.
import type { GlReport, ListDimension, ListPreview, ListPushReport } from '../../../shared/contract/lists.ts';
import { LIST_DIMENSIONS } from '../../../shared/contract/lists.ts';
import type { Settings } from '../../../shared/settings.ts';
import { EXIT } from '../../cli/exit-codes.ts';
import { ContractFailure } from '../../ipc/failure.ts';
import { listFailure, type ListHandlers } from './handlers.ts';

export interface ListsCliDeps {
  readonly lists: Pick<ListHandlers, 'lists/preview' | 'lists/push' | 'gl/report'>;
  readonly settings: () => Settings;
  readonly actor: string;
  /** Where lines go (default stdout). */
  readonly print?: (line: string) => void;
}

export interface ListsPushOptions {
  readonly preview?: boolean;
  readonly confirmDelete?: readonly string[];
  /** Only this dimension (default: every dimension with a list chosen). */
  readonly dimension?: ListDimension;
  readonly json?: boolean;
}

const stdout = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

const REASON: Record<string, string> = { inactive_in_qad: 'inactive in QAD', not_in_qad: 'not in QAD' };

function exitFor(error: unknown): number {
  const failure = listFailure(error);
  if (!(failure instanceof ContractFailure)) throw failure;
  if (failure.code === 'reauthorize') return EXIT.reauthorize;
  if (['config', 'invalid_argument', 'not_found', 'forbidden'].includes(failure.code)) return EXIT.usage;
  return EXIT.failures;
}

export function formatPreview(p: ListPreview): string[] {
  const lines = [
    `${p.dimension} -> Concur list "${p.list.name}" (${p.list.id}, ${p.list.levelCount} level(s), hierarchy ${p.hierarchy.join(' > ')})`,
  ];
  const row = (label: string, items: readonly string[]) => {
    lines.push(`  ${label.padEnd(10)} ${items.length}`);
    for (const item of items) lines.push(`    ${item}`);
  };
  row(
    'add',
    p.adds.map((a) => `${a.code} "${a.value}"`),
  );
  row(
    'rename',
    p.renames.map((r) => `${r.code} "${r.from}" -> "${r.to}"`),
  );
  row(
    'delete?',
    p.retirements.map(
      (r) =>
        `${r.code} "${r.value}" (${REASON[r.reason] ?? r.reason}${r.alsoRemoves.length > 0 ? `; also removes ${r.alsoRemoves.join(', ')}` : ''})`,
    ),
  );
  if (p.retirements.length > 0)
    lines.push('             Concur deletion is permanent: confirm each with --confirm-delete CODE');
  row(
    'refused',
    p.refusals.map((r) => r.message),
  );
  lines.push(`  ${'unchanged'.padEnd(10)} ${p.unchanged}`);
  for (const w of p.warnings) lines.push(`  ! ${w}`);
  return lines;
}

function formatPush(r: ListPushReport): string[] {
  const lines = [r.message];
  for (const item of r.results.filter((x) => x.outcome !== 'done'))
    lines.push(
      `  ${item.outcome} ${item.action} ${item.code}${item.errorId ? ` (${item.errorId})` : ''}: ${item.message ?? ''}`,
    );
  return [...lines, ...formatPreview(r.after).map((l) => `  ${l}`)];
}

export async function runListsPush(deps: ListsCliDeps, options: ListsPushOptions): Promise<number> {
  const print = deps.print ?? stdout;
  const settings = deps.settings();
  const dimensions = options.dimension
    ? [options.dimension]
    : LIST_DIMENSIONS.filter((d) => settings.concur.lists[d].listId !== '');
  if (dimensions.length === 0) {
    print('No Concur list is chosen for any QAD dimension (settings concur.lists.<dimension>.listId).');
    return EXIT.usage;
  }
  try {
    const previews: ListPreview[] = [];
    for (const dimension of dimensions)
      previews.push(await deps.lists['lists/preview']({ dimension }, { actor: deps.actor }));
    const confirm = [...new Set(options.confirmDelete ?? [])];
    const owner = new Map<string, ListDimension>();
    for (const code of confirm) {
      const p = previews.find((x) => x.retirements.some((r) => r.code === code));
      if (!p) {
        print(
          `--confirm-delete ${code}: no preview proposes to delete this Concur code; use the exact code the preview shows. Nothing was sent.`,
        );
        return EXIT.usage;
      }
      owner.set(code, p.dimension);
    }
    if (options.preview) {
      if (options.json) print(JSON.stringify({ previews }));
      else for (const p of previews) for (const line of formatPreview(p)) print(line);
      return EXIT.ok;
    }
    const reports: ListPushReport[] = [];
    for (const dimension of dimensions) {
      const report = await deps.lists['lists/push'](
        { dimension, confirmDelete: confirm.filter((c) => owner.get(c) === dimension) },
        { actor: deps.actor },
      );
      reports.push(report);
      if (!options.json) for (const line of formatPush(report)) print(line);
    }
    if (options.json) print(JSON.stringify({ reports }));
    return reports.some((r) => r.counts.failed > 0) ? EXIT.failures : EXIT.ok;
  } catch (error) {
    const code = exitFor(error);
    print(error instanceof Error ? error.message : String(error));
    return code;
  }
}

export function formatGlReport(report: GlReport): string[] {
  const lines = [
    `GL alignment: ${report.documents} Concur document(s), ${report.problems} account code(s) QAD does not take.`,
  ];
  for (const t of report.expenseTypes) {
    lines.push(
      `${t.expenseType}${t.expenseTypeName ? ` (${t.expenseTypeName})` : ''}: ${t.documents} document(s)`,
    );
    if (t.accounts.length === 0) lines.push('    no account code');
    for (const a of t.accounts)
      lines.push(
        `    ${a.state === 'ok' ? 'ok  ' : 'FIX '} ${a.field} ${a.code}: ${a.documents} document(s) [${a.entities.join(', ')}]${a.state === 'ok' ? '' : ` - ${a.message}`}`,
      );
  }
  const unknown = report.dimensions.filter((d) => !d.known);
  if (unknown.length > 0) {
    lines.push('Coding values QAD does not take:');
    for (const d of unknown)
      lines.push(`    ${d.field} ${d.code}: ${d.documents} document(s) - ${d.message}`);
  }
  return lines;
}

export async function runGlReport(
  deps: Pick<ListsCliDeps, 'lists' | 'actor' | 'print'>,
  options: { readonly json?: boolean; readonly from?: string; readonly to?: string },
): Promise<number> {
  const print = deps.print ?? stdout;
  try {
    const report = await deps.lists['gl/report'](
      { ...(options.from ? { from: options.from } : {}), ...(options.to ? { to: options.to } : {}) },
      { actor: deps.actor },
    );
    if (options.json) print(JSON.stringify(report));
    else for (const line of formatGlReport(report)) print(line);
    return EXIT.ok;
  } catch (error) {
    const code = exitFor(error);
    print(error instanceof Error ? error.message : String(error));
    return code;
  }
}
