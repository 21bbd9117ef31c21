// The flows and connection checks this build ships. Hosts (desktop, CLI, browser mode) get them by default;
// tests may hand the engine their own.
import { concurStateStoreFromDb, createConcurChecker } from '../connectors/concur/index.ts';
import type { Store } from '../store/index.ts';
import { createMasterDataFlow } from './master-data.ts';
import type { FlowPort, SystemCheckers } from './ports.ts';
import { checkQad } from './qad-check.ts';

export interface FlowDependencies {
  readonly store: Store;
}

export function defaultFlows(deps: FlowDependencies): FlowPort[] {
  return [createMasterDataFlow({ store: deps.store })];
}

export function defaultCheckers(deps: FlowDependencies): SystemCheckers {
  return { qad: checkQad, concur: createConcurChecker({ state: concurStateStoreFromDb(deps.store.db) }) };
}
