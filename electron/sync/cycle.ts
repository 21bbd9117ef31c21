// One cycle of a source flow: fetch -> stage -> acknowledge -> resolve -> batch -> (auto-release) -> post
// released -> confirm -> re-validate waiting. Every step reads its work from the store, not from memory,
// so a cycle killed at any instruction is finished by the next one: the first thing a cycle does is
// reconcile intents left in `sending` by reference in QAD.
import type { Source } from '../../shared/domain/document.ts';
import { type CycleCounts, emptyCounts } from '../../shared/domain/status.ts';
import type { Settings } from '../../shared/settings.ts';
import type { FlowContext, FlowOutcome, FlowPort } from '../engine/ports.ts';
import type { Store } from '../store/index.ts';
import { autoRelease } from './batches.ts';
import { type BackoffPolicy, relayConfirmations } from './confirm.ts';
import type { PostingGateway } from './gateway-port.ts';
import { postReleased } from './post.ts';
import { type SyncRuntime, errorText } from './runtime.ts';
import type { SourceAdapter } from './source-port.ts';
import { recordWithdrawn, stageItems } from './stage.ts';
import { revalidate } from './validate.ts';

export interface SourceFlowOptions {
  readonly store: Store;
  readonly adapter: SourceAdapter;
  /** The QAD port; a factory is called once per run with the run's settings (credentials may change). */
  readonly gateway: PostingGateway | ((ctx: FlowContext) => PostingGateway | Promise<PostingGateway>);
  /** Test clock; the wall clock by default. */
  readonly clock?: () => Date;
  readonly random?: () => number;
  readonly confirmBackoff?: BackoffPolicy;
  /** How long a claimed confirmation stays invisible to another claim (default 5 min). */
  readonly confirmLeaseMs?: number;
}

const LABEL: Readonly<Record<Source, string>> = { concur: 'Concur', expensify: 'Expensify' };

export function createSourceFlow(options: SourceFlowOptions): FlowPort {
  const source = options.adapter.source;
  return {
    flow: source,
    notConfigured(settings: Settings) {
      if (!settings[source].enabled) return `${LABEL[source]} is switched off in settings.`;
      if (settings.qad.mode === 'none') return 'No QAD connection is set up (settings qad.mode).';
      return undefined;
    },
    run: (ctx) => runCycle(options, ctx),
  };
}

/** One cycle; exported for the CLI's `run --once` and for tests. */
export async function runCycle(options: SourceFlowOptions, ctx: FlowContext): Promise<FlowOutcome> {
  const { adapter } = options;
  const source = adapter.source;
  const rt: SyncRuntime = {
    store: options.store,
    adapters: { [source]: adapter },
    settings: ctx.settings,
    now: options.clock ?? (() => new Date()),
    random: options.random ?? Math.random,
    actor: ctx.actor,
  };
  const counts: CycleCounts = emptyCounts();
  const errors: string[] = [];
  let fetchFailed = false;

  // 1. Fetch and stage: durable before anything is acknowledged.
  try {
    const items = await adapter.fetch(ctx);
    counts.fetched = items.length;
    const staged = stageItems(rt, adapter, items);
    counts.staged = staged.staged;
    for (const f of staged.failed) errors.push(`${f.sourceId} could not be staged: ${f.error}`);
    counts.failed += staged.failed.length;
    if (staged.durable.length > 0) {
      try {
        const ack = await adapter.acknowledge(staged.durable, ctx);
        for (const f of ack.failed) errors.push(`${f.sourceId} was not acknowledged: ${f.error}`);
        // Withdrawn at the source before the acknowledgement: held as exceptions, never posted.
        const withdrawn = recordWithdrawn(rt, source, ack.withdrawn ?? []);
        for (const w of withdrawn.tooLate)
          errors.push(`${w.sourceId} was withdrawn at ${LABEL[source]} but is already ${w.state} here`);
      } catch (error) {
        // Unacknowledged items come again next fetch; staging them again changes nothing.
        errors.push(`acknowledging at ${LABEL[source]} failed: ${errorText(error)}`);
      }
    }
  } catch (error) {
    fetchFailed = true;
    counts.failed += 1;
    errors.push(`fetching from ${LABEL[source]} failed: ${errorText(error)}`);
  }

  // 2. Resolve what was staged (this cycle or by a cycle that died before validating).
  const fresh = revalidate(rt, { source, states: ['staged'] });

  // 3. Auto-release, then post whatever is released.
  autoRelease(rt, source);
  let gateway: PostingGateway | undefined;
  try {
    gateway = typeof options.gateway === 'function' ? await options.gateway(ctx) : options.gateway;
  } catch (error) {
    errors.push(`QAD is not reachable: ${errorText(error)}`);
  }
  let qadStopped = false;
  if (gateway && !ctx.signal.aborted) {
    const posted = await postReleased({ ...rt, gateway }, gateway, { source, signal: ctx.signal });
    counts.posted += posted.posted;
    counts.failed += posted.rejected + posted.uncertain + posted.notSent;
    errors.push(...posted.errors);
    qadStopped = posted.stopped !== undefined;
  }

  // 4. Confirm back to the source.
  if (!ctx.signal.aborted) {
    const confirmed = await relayConfirmations(rt, adapter, ctx, {
      ...(options.confirmBackoff ? { backoff: options.confirmBackoff } : {}),
      ...(options.confirmLeaseMs === undefined ? {} : { leaseMs: options.confirmLeaseMs }),
    });
    counts.confirmed += confirmed.confirmed;
    counts.failed += confirmed.failed;
    errors.push(...confirmed.errors);
  }

  // 5. Re-validate what waits: the master-data refresh or a mapping change may have cleared it.
  const waiting = revalidate(rt, { source });
  // Each document counts once, in the state it ended the cycle in (staged exceptions are re-validated in
  // step 5, so they are counted there).
  const finalStates = new Map([...fresh.results, ...waiting.results]);
  for (const state of finalStates.values()) {
    if (state === 'ready') counts.ready += 1;
    else if (state === 'exception') counts.exceptions += 1;
    else counts.awaitingReceipt += 1;
  }

  const progressed = counts.staged + counts.posted + counts.confirmed > 0;
  const outcome: FlowOutcome['outcome'] =
    errors.length === 0 ? 'succeeded' : (fetchFailed || qadStopped) && !progressed ? 'failed' : 'partial';
  const summary = `${counts.fetched} fetched, ${counts.staged} staged, ${counts.posted} posted, ${counts.confirmed} confirmed`;
  return {
    counts: { [source]: counts },
    outcome,
    message:
      errors.length === 0
        ? summary
        : `${summary}; ${errors.length} problem(s): ${errors.slice(0, 3).join('; ')}`,
  };
}
