// Concur on the document road: the FIS -> canonical mapper, the SourceAdapter, a source flow that reports
// "re-authorise" to the engine, and the QAD supplier -> Concur vendor push.
import type { FlowContext, FlowOutcome, FlowPort } from '../../engine/ports.ts';
import { type SourceFlowOptions, createSourceFlow } from '../../sync/cycle.ts';
import type { ConcurClient } from '../concur/index.ts';
import {
  type ConcurSourceAdapter,
  type ConcurSourceOptions,
  createConcurSourceAdapter,
} from './source-adapter.ts';
import {
  type VendorPushInput,
  type VendorPushPlan,
  type VendorPushReport,
  previewVendorPush as previewWithVendors,
  pushVendors as pushWithVendors,
} from './vendor-push.ts';

export {
  DEFAULT_CONCUR_CODING,
  FIS_TYPE_OF_KIND,
  concurToCanonical,
  type ConcurCoding,
} from './to-canonical.ts';
export {
  enabledFisTypes,
  fisItemPayload,
  type ConcurSourceAdapter,
  type ConcurSourceOptions,
} from './source-adapter.ts';
export {
  diffVendors,
  readQadSuppliers,
  type QadSupplierRow,
  type VendorField,
  type VendorFieldChange,
  type VendorPlanItem,
  type VendorPushItemResult,
  type VendorPushOutcome,
  type VendorPushPlan,
  type VendorPushReport,
  type VendorPushSettings,
} from './vendor-push.ts';

/** The Concur SourceAdapter (electron/sync/source-port.ts). Pass `db` so confirmations know the FIS type. */
export function createConcurSource(options: ConcurSourceOptions = {}): ConcurSourceAdapter {
  return createConcurSourceAdapter(options);
}

export interface ConcurFlowOptions extends Omit<SourceFlowOptions, 'adapter'> {
  /** Defaults to createConcurSource({ db: store.db, ...source }). */
  readonly adapter?: ConcurSourceAdapter;
  readonly source?: ConcurSourceOptions;
}

/**
 * The 'concur' flow: the sync road's source flow with the Concur adapter, plus `reauthorize` on its outcome
 * (true when Concur refused our refresh token, false when the fetch went through) for the engine's banner.
 */
export function createConcurFlow(options: ConcurFlowOptions): FlowPort {
  const adapter = options.adapter ?? createConcurSource({ db: options.store.db, ...(options.source ?? {}) });
  const flow = createSourceFlow({ ...options, adapter });
  return {
    flow: flow.flow,
    notConfigured: (settings) => flow.notConfigured(settings),
    async run(ctx: FlowContext): Promise<FlowOutcome> {
      adapter.clearReauthorize();
      adapter.useSettings(ctx.settings);
      const fetchesBefore = adapter.fetchCount;
      const outcome = await flow.run(ctx);
      const refused = adapter.reauthorizeError;
      if (refused) {
        return {
          ...outcome,
          reauthorize: true,
          outcome: outcome.outcome === 'succeeded' ? 'partial' : outcome.outcome,
          message: `${refused.message} ${outcome.message ?? ''}`.trim(),
        };
      }
      return adapter.fetchCount > fetchesBefore ? { ...outcome, reauthorize: false } : outcome;
    },
  };
}

type VendorsOf = { readonly vendors: ConcurClient['vendors'] };

/** Preview of the QAD supplier -> Concur vendor push: reads the QAD cache and lists Concur's vendors. */
export function previewVendorPush(
  input: Omit<VendorPushInput, 'vendors' | 'actor'> & { readonly client: VendorsOf },
): Promise<VendorPushPlan> {
  return previewWithVendors({ ...input, vendors: input.client.vendors });
}

/** Sends the plan to Concur; one audit row per vendor; a second push with nothing changed sends nothing. */
export function pushVendors(
  input: Omit<VendorPushInput, 'vendors'> & { readonly client: VendorsOf },
): Promise<VendorPushReport> {
  return pushWithVendors({ ...input, vendors: input.client.vendors });
}
