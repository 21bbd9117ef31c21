// The record of every sync run: what the dashboard's "last run" and `ml-connector status` show.
import { z } from 'zod';
import {
  type CycleCounts,
  emptyCounts,
  FLOWS,
  type FlowName,
  type RunRecord,
} from '../../../shared/domain/status.ts';
import { StoreError } from '../errors.ts';
import { type RunRow, rowToRun } from '../rows.ts';
import {
  type Db,
  type Page,
  type WriteContext,
  notFound,
  pageSchema,
  parse,
  resolveContext,
  stmt,
  writeTx,
} from '../sql.ts';
import { auditChange } from './audit.ts';

const TRIGGERS = ['schedule', 'manual', 'event', 'cli'] as const;
const count = z.number().int().min(0);
const countsSchema = z.strictObject({
  fetched: count,
  staged: count,
  exceptions: count,
  awaitingReceipt: count,
  ready: count,
  posted: count,
  confirmed: count,
  failed: count,
});

const EMPTY_COUNTS: CycleCounts = emptyCounts();

function requireRun(db: Db, id: number): RunRecord {
  const row = stmt(db, 'SELECT * FROM sync_runs WHERE id = ?').get(id) as RunRow | undefined;
  if (!row) throw notFound('run', id);
  return rowToRun(row);
}

export function startRun(
  db: Db,
  input: { readonly flow: FlowName; readonly trigger: RunRecord['trigger'] },
  ctx: WriteContext,
): RunRecord {
  const run = parse(z.object({ flow: z.enum(FLOWS), trigger: z.enum(TRIGGERS) }), input);
  const c = resolveContext(ctx);
  return writeTx(db, () => {
    const { id } = stmt(
      db,
      `INSERT INTO sync_runs (flow, run_trigger, started_at, outcome, counts_json) VALUES (?, ?, ?, 'running', ?)
       RETURNING id`,
    ).get(run.flow, run.trigger, c.at, JSON.stringify(EMPTY_COUNTS)) as { id: number };
    auditChange(db, c, 'run.started', { type: 'run', id }, { flow: run.flow, trigger: run.trigger });
    return requireRun(db, id);
  });
}

export interface RunOutcome {
  readonly outcome: Exclude<RunRecord['outcome'], 'running'>;
  readonly counts: CycleCounts;
  readonly message?: string;
}

export function finishRun(db: Db, id: number, input: RunOutcome, ctx: WriteContext): RunRecord {
  const o = parse(
    z.object({
      outcome: z.enum(['succeeded', 'failed', 'partial']),
      counts: countsSchema,
      message: z.string().max(2000).optional(),
    }),
    input,
  );
  const c = resolveContext(ctx);
  return writeTx(db, () => {
    const run = requireRun(db, id);
    if (run.outcome !== 'running')
      throw new StoreError('conflict', `run ${id} already finished (${run.outcome})`);
    stmt(
      db,
      'UPDATE sync_runs SET finished_at = ?, outcome = ?, counts_json = ?, message = ? WHERE id = ?',
    ).run(c.at, o.outcome, JSON.stringify(o.counts), o.message ?? null, id);
    auditChange(
      db,
      c,
      'run.finished',
      { type: 'run', id },
      {
        flow: run.flow,
        outcome: o.outcome,
        counts: o.counts,
        ...(o.message === undefined ? {} : { message: o.message }),
      },
    );
    return requireRun(db, id);
  });
}

/** At start-up: runs still `running` were cut short by a crash or a quit. Returns how many. */
export function abandonUnfinishedRuns(db: Db, ctx: WriteContext): number {
  const c = resolveContext(ctx);
  return writeTx(db, () => {
    const ids = (
      stmt(db, "SELECT id FROM sync_runs WHERE outcome = 'running' ORDER BY id").all() as { id: number }[]
    ).map((row) => row.id);
    for (const id of ids) {
      stmt(
        db,
        "UPDATE sync_runs SET outcome = 'failed', finished_at = ?, message = 'interrupted: the app stopped during the run' WHERE id = ?",
      ).run(c.at, id);
      auditChange(db, c, 'run.abandoned', { type: 'run', id }, {});
    }
    return ids.length;
  });
}

export function getRun(db: Db, id: number): RunRecord | undefined {
  const row = stmt(db, 'SELECT * FROM sync_runs WHERE id = ?').get(id) as RunRow | undefined;
  return row && rowToRun(row);
}

export function lastRun(db: Db, flow: FlowName): RunRecord | undefined {
  const row = stmt(db, 'SELECT * FROM sync_runs WHERE flow = ? ORDER BY id DESC LIMIT 1').get(flow) as
    RunRow | undefined;
  return row && rowToRun(row);
}

/** Newest first. */
export function listRuns(
  db: Db,
  filter: Page & { readonly flow?: FlowName } = {},
): { readonly runs: readonly RunRecord[]; readonly total: number } {
  const f = parse(z.object({ flow: z.enum(FLOWS).optional(), ...pageSchema }), filter);
  const params = { flow: f.flow ?? null };
  const where = 'WHERE (@flow IS NULL OR flow = @flow)';
  const total = (stmt(db, `SELECT count(*) AS n FROM sync_runs ${where}`).get(params) as { n: number }).n;
  const rows = stmt(db, `SELECT * FROM sync_runs ${where} ORDER BY id DESC LIMIT @limit OFFSET @offset`).all({
    ...params,
    limit: f.limit,
    offset: f.offset,
  }) as RunRow[];
  return { runs: rows.map(rowToRun), total };
}
