// The flows, source adapters and connection checks this build ships. Hosts (desktop, CLI, browser mode) get
// them by default; tests may hand the engine their own.
import type { Source } from '../../shared/domain/document.ts';
import type { Settings } from '../../shared/settings.ts';
import { concurStateStoreFromDb, createConcurChecker } from '../connectors/concur/index.ts';
import { createConcurFlow, createConcurSource } from '../connectors/concur-road/index.ts';
import { checkExpensify, createExpensifyFlow, createExpensifySource } from '../connectors/expensify/index.ts';
import { createQadGateway } from '../connectors/qad/gateway.ts';
import type { Store } from '../store/index.ts';
import type { FlowContext } from './ports.ts';
import type { SourceAdapter } from '../sync/index.ts';
import { createMasterDataFlow } from './master-data.ts';
import type { FlowPort, SystemCheckers } from './ports.ts';
import { checkQad } from './qad-check.ts';

export interface FlowDependencies {
  readonly store: Store;
  readonly settings: () => Settings;
  /** Filled with the adapters the flows use, so replay and re-validation outside a run use the same ones. */
  readonly adapters: Partial<Record<Source, SourceAdapter>>;
}

/** The QAD gateway for one run, built from that run's settings and secrets. */
const runGateway = (ctx: FlowContext) =>
  createQadGateway(ctx.settings, ctx.secrets, { log: ctx.log, signal: ctx.signal });

export function defaultFlows(deps: FlowDependencies): FlowPort[] {
  const concur = createConcurSource({ db: deps.store.db, coding: () => deps.settings().concur.coding });
  deps.adapters.concur = concur;
  const expensify = createExpensifySource({ store: deps.store, settings: deps.settings });
  deps.adapters.expensify = expensify;
  return [
    createMasterDataFlow({ store: deps.store }),
    createConcurFlow({ store: deps.store, gateway: runGateway, adapter: concur }),
    createExpensifyFlow({ store: deps.store, gateway: runGateway, adapter: expensify }),
  ];
}

export function defaultCheckers(deps: Pick<FlowDependencies, 'store'>): SystemCheckers {
  return {
    qad: checkQad,
    concur: createConcurChecker({ state: concurStateStoreFromDb(deps.store.db) }),
    expensify: checkExpensify,
  };
}
