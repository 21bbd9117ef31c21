// The document's road, source-agnostic: what the engine, the hosts and the source adapters use.
// Wiring (electron/engine): one `createSourceFlow` per source adapter in the engine's flows;
// `createSyncHandlers` spread into the contract handlers; `revalidateWaiting` after each masterData run.
import type { Source } from '../../shared/domain/document.ts';
import type { Settings } from '../../shared/settings.ts';
import type { Store } from '../store/index.ts';
import type { SourceAdapter } from './source-port.ts';
import { type ValidationTally, revalidate } from './validate.ts';

export { createSourceFlow, runCycle, type SourceFlowOptions } from './cycle.ts';
export { createSyncHandlers, type SyncHandlerDeps, type SyncHandlers } from './handlers.ts';
export type { PostingGateway } from './gateway-port.ts';
export * from './source-port.ts';
export { resolveDocument, type MappingLookup, type ResolveOutcome } from './resolve.ts';
export { buildQadInput, payloadHash } from './qad-inputs.ts';
export { replayDocument, retryDocument, type UncertainDecision } from './replay.ts';
export { autoRelease, batchView, releaseConfirmed } from './batches.ts';
export { relayConfirmations, fullJitterMs } from './confirm.ts';
export { postReleased } from './post.ts';
export type { SyncRuntime } from './runtime.ts';

/**
 * Re-validates every document waiting in exception or awaiting_receipt (all sources, or one): call it after
 * the masterData flow refreshed the QAD cache, so a receipt or a re-opened period clears documents at once.
 */
export function revalidateWaiting(input: {
  readonly store: Store;
  readonly adapters: Partial<Record<Source, SourceAdapter>>;
  readonly settings: Settings;
  readonly actor?: string;
  readonly source?: Source;
}): ValidationTally {
  return revalidate(
    {
      store: input.store,
      adapters: input.adapters,
      settings: input.settings,
      now: () => new Date(),
      random: Math.random,
      ...(input.actor ? { actor: input.actor } : {}),
    },
    input.source ? { source: input.source } : {},
  );
}
