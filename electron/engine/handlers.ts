// The engine's answer to each contract operation. Arguments arrive already validated by the router; store
// and settings errors are turned into ContractFailures that name the field.
import { ContractFailure } from '../ipc/failure.ts';
import type { Handlers } from '../ipc/handlers.ts';
import { ConfigError } from '../settings/config-error.ts';
import { listDocuments, listRuns, StoreError } from '../store/index.ts';
import { appendAudit } from '../store/index.ts';
import { createListHandlers } from '../connectors/concur-lists/index.ts';
import { createQadGateway } from '../connectors/qad/gateway.ts';
import { createSyncHandlers } from '../sync/index.ts';
import type { Engine } from './engine.ts';
import { createPushHandlers } from './push-handlers.ts';
import { qadValues } from './qad-values.ts';

export function buildHandlers(engine: Engine): Handlers {
  const sync = createSyncHandlers({
    store: engine.store,
    adapters: engine.adapters,
    settings: () => engine.settings.get(),
    gateway: () => createQadGateway(engine.settings.get(), engine.secrets, { log: engine.log }),
  });
  const lists = createListHandlers({
    store: engine.store,
    settings: () => engine.settings.get(),
    concur: () => engine.concurClient(),
  });
  return {
    ...sync,
    ...lists,
    // QAD master data into Concur vendors and Expensify policies (electron/engine/push-handlers.ts).
    ...createPushHandlers(engine),
    'status/get': () => Promise.resolve(engine.status()),

    'sync/run-now': ({ flow }) => Promise.resolve(engine.runNow(flow)),
    'sync/pause': (_args, ctx) => {
      engine.pause(ctx.actor);
      return Promise.resolve(engine.status());
    },
    'sync/resume': (_args, ctx) => {
      engine.resume(ctx.actor);
      return Promise.resolve(engine.status());
    },
    'runs/list': (args) => Promise.resolve({ runs: listRuns(engine.store.db, args).runs }),

    'settings/get': () => Promise.resolve(engine.settings.get()),
    'settings/update': ({ settings }, ctx) => {
      const before = engine.settings.get();
      let after;
      try {
        after = engine.settings.update(settings);
      } catch (error) {
        if (error instanceof ConfigError) {
          throw new ContractFailure(
            'invalid_argument',
            error.message,
            error.field ? `settings.${error.field}` : 'settings',
          );
        }
        throw error;
      }
      // Settings hold no secrets, so the changed values themselves go into the audit event.
      appendAudit(engine.store.db, {
        actor: ctx.actor,
        action: 'settings.changed',
        subjectType: 'settings',
        subjectId: 'settings',
        detail: { changes: diff(before, after) },
      });
      return Promise.resolve(after);
    },

    'secrets/status': async () => ({
      backend: engine.secrets.backend,
      secrets: await engine.secrets.status(),
    }),
    'secrets/set': async ({ name, value }, ctx) => {
      try {
        await engine.setSecret(name, value, ctx.actor);
      } catch (error) {
        throw new ContractFailure('config', error instanceof Error ? error.message : String(error), 'value');
      }
      return { name, present: true as const };
    },
    'secrets/delete': async ({ name }, ctx) => {
      await engine.deleteSecret(name, ctx.actor);
      return { name, present: false as const };
    },

    'connections/check': ({ system }) => engine.check(system),
    'qad/values': (args) => storeCall(() => qadValues(engine.store, args)),

    'documents/list': (args) => storeCall(() => listDocuments(engine.store.db, args)),

    'audit/list': (args) => storeCall(() => engine.listAudit(args)),
    'audit/verify': () => Promise.resolve(engine.verifyAudit()),
  };
}

function storeCall<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    if (error instanceof StoreError) {
      const code =
        error.code === 'not_found'
          ? 'not_found'
          : error.code === 'conflict'
            ? 'conflict'
            : 'invalid_argument';
      throw new ContractFailure(code, error.message, error.field);
    }
    throw error;
  }
}

/** Leaf-level differences between two settings objects, as `path: [before, after]`. */
function diff(before: unknown, after: unknown, path = ''): Record<string, [unknown, unknown]> {
  if (isObject(before) && isObject(after)) {
    const out: Record<string, [unknown, unknown]> = {};
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      Object.assign(out, diff(before[key], after[key], path ? `${path}.${key}` : key));
    }
    return out;
  }
  return JSON.stringify(before) === JSON.stringify(after) ? {} : { [path]: [before ?? null, after ?? null] };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
