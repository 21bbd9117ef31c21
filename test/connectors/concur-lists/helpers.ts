// Shared set-up for the Concur list tests: the demo company, a Concur simulator (its seeded "Cost Center" and
// "Project" lists are partly out of date against QAD), an in-memory store whose QAD cache holds the demo
// company's master data, and the list push wired to a Concur client pointed at the simulator.
import { settingsSchema, type SecretName, type Settings } from '../../../shared/settings.ts';
import type { ListDimension } from '../../../shared/contract/lists.ts';
import type { EngineSecrets } from '../../../electron/engine/ports.ts';
import { generateDemoCompany, type DemoCompany } from '../../../electron/sandbox/demo/company.ts';
import {
  startConcurSimulator,
  type ConcurList,
  type ConcurListItem,
  type ConcurSimulator,
} from '../../../electron/sandbox/concur/index.ts';
import {
  createConcurClient,
  memoryStateStore,
  type ConcurClient,
} from '../../../electron/connectors/concur/index.ts';
import { openStore, replaceQadCache, type QadCacheInput, type Store } from '../../../electron/store/index.ts';
import { ListsClient, type ListPushDeps } from '../../../electron/connectors/concur-lists/index.ts';

let company: DemoCompany | undefined;

export function demoCompany(): DemoCompany {
  company ??= generateDemoCompany({ seed: 42, asOf: '2026-11-20' });
  return company;
}

export function startSim(): Promise<ConcurSimulator> {
  return startConcurSimulator({ company: demoCompany(), documents: 0 });
}

class MemorySecrets implements EngineSecrets {
  readonly backend = 'memory';
  readonly values = new Map<SecretName, string>();
  get(name: SecretName): Promise<string | undefined> {
    return Promise.resolve(this.values.get(name));
  }
  set(name: SecretName, value: string): Promise<void> {
    this.values.set(name, value);
    return Promise.resolve();
  }
  delete(name: SecretName): Promise<void> {
    this.values.delete(name);
    return Promise.resolve();
  }
  status(): Promise<readonly { name: SecretName; present: boolean }[]> {
    return Promise.resolve([...this.values.keys()].map((name) => ({ name, present: true })));
  }
}

export function listByName(sim: ConcurSimulator, name: string): ConcurList {
  const list = sim.state.lists.find((l) => l.value === name);
  if (!list) throw new Error(`no list ${name}`);
  return list;
}

export type ListsConfig = Partial<
  Record<ListDimension, { listId?: string; listName?: string; hierarchy?: string[]; managed?: boolean }>
> & { maxCodeLength?: number };

/** Settings pointing at the simulator; by default cost centers -> "Cost Center", projects -> "Project". */
export function settingsFor(sim: ConcurSimulator, lists: ListsConfig = {}): Settings {
  return settingsSchema.parse({
    concur: {
      enabled: true,
      tokenUrl: sim.tokenUrl,
      clientId: sim.credentials.clientId,
      companyUuid: sim.credentials.companyUuid,
      lists: {
        ...lists,
        cost_center: {
          listId: listByName(sim, 'Cost Center').id,
          listName: 'Cost Center',
          ...lists.cost_center,
        },
        project: { listId: listByName(sim, 'Project').id, listName: 'Project', ...lists.project },
      },
    },
  });
}

export function concurClient(sim: ConcurSimulator, settings: Settings): ConcurClient {
  const secrets = new MemorySecrets();
  secrets.values.set('concur.clientSecret', sim.credentials.clientSecret);
  secrets.values.set('concur.requestToken', sim.credentials.requestToken);
  return createConcurClient({
    settings,
    secrets,
    options: {
      state: memoryStateStore(),
      now: () => sim.clock.now(),
      retry: { maxAttempts: 8, baseDelayMs: 1, maxDelayMs: 5 },
      breaker: { failureThreshold: 100, halfOpenAfterMs: 10 },
    },
  });
}

/** The demo company's QAD master data in the cache, as the masterData flow stores it; `edit` changes it. */
export function qadStore(
  edit: {
    costCenters?: (rows: QadCacheInput[], entity: string) => QadCacheInput[];
    projects?: (rows: QadCacheInput[]) => QadCacheInput[];
  } = {},
): Store {
  const store = openStore(':memory:');
  const c = demoCompany();
  const ctx = { actor: 'test' };
  replaceQadCache(
    store.db,
    'entity',
    '*',
    c.entities.map((e) => ({ code: e.code, payload: {}, active: true })),
    ctx,
  );
  for (const entity of c.entities) {
    const rows = c.costCenters
      .filter((cc) => cc.entity === entity.code)
      .map((cc) => ({ code: cc.code, payload: { description: cc.description }, active: cc.active }));
    replaceQadCache(
      store.db,
      'cost_center',
      entity.code,
      edit.costCenters ? edit.costCenters(rows, entity.code) : rows,
      ctx,
    );
  }
  const projects = c.projects.map((p) => ({
    code: p.code,
    payload: { description: p.description },
    active: p.active,
  }));
  replaceQadCache(store.db, 'project', '*', edit.projects ? edit.projects(projects) : projects, ctx);
  replaceQadCache(
    store.db,
    'sub_account',
    '*',
    c.subAccounts.map((s) => ({ code: s.code, payload: { description: s.description }, active: s.active })),
    ctx,
  );
  replaceQadCache(
    store.db,
    'gl_account',
    '*',
    c.accounts.map((a) => ({
      code: a.code,
      payload: { description: a.description, type: a.type, postable: a.postable },
      active: a.active,
    })),
    ctx,
  );
  return store;
}

export interface Rig {
  readonly sim: ConcurSimulator;
  readonly store: Store;
  readonly client: ConcurClient;
  readonly deps: ListPushDeps;
  readonly settings: Settings;
}

export function rig(sim: ConcurSimulator, store: Store, lists: ListsConfig = {}): Rig {
  const settings = settingsFor(sim, lists);
  const client = concurClient(sim, settings);
  return {
    sim,
    store,
    client,
    settings,
    deps: { db: store.db, lists: new ListsClient({ http: client.http }), settings },
  };
}

/** Writes the API host received on List v4 (anything but GET), as "METHOD path". */
export function listWrites(sim: ConcurSimulator): string[] {
  return sim.apiServer.requests
    .filter((r) => r.path.startsWith('/list/v4/') && r.method !== 'GET')
    .map((r) => `${r.method} ${r.path}`);
}

/** Live items of a list as "parentShortCode/shortCode" (level 1: the short code alone) -> name. */
export function liveTree(sim: ConcurSimulator, listId: string): Map<string, string> {
  const items = sim.state.listItems.filter((i) => i.listId === listId);
  const byId = new Map(items.map((i) => [i.id, i]));
  const path = (i: ConcurListItem): string => {
    const parent = i.parentId ? byId.get(i.parentId) : undefined;
    return parent ? `${path(parent)}/${i.shortCode}` : i.shortCode;
  };
  return new Map(items.filter((i) => !i.isDeleted).map((i) => [path(i), i.value]));
}

export function item(sim: ConcurSimulator, listId: string, code: string): ConcurListItem | undefined {
  return sim.state.listItems.find((i) => i.listId === listId && i.code === code);
}

/** A new empty list made through List v4, as a Concur admin would. */
export async function createList(client: ConcurClient, name: string, levelCount: number): Promise<string> {
  const response = await client.http.send({
    endpoint: 'list.create',
    method: 'POST',
    path: '/list/v4/lists',
    data: { value: name, levelCount },
    repeat: 'unsafe',
  });
  return (JSON.parse(response.body) as { id: string }).id;
}

/** The demo company's active cost centers as "entity/code" -> description. */
export function activeCostCenters(): Map<string, string> {
  return new Map(
    demoCompany()
      .costCenters.filter((c) => c.active)
      .map((c) => [`${c.entity}/${c.code}`, c.description]),
  );
}
