// The engine's answers to the contract areas "lists" and "gl" (shared/contract/lists.ts). The lead spreads
// `createListHandlers(deps)` into electron/engine/handlers.ts; arguments arrive validated by the router.
// Failures the user can act on become ContractFailures naming the setting or argument at fault.
import type { z } from 'zod';
import type {
  GlReport,
  ListPreview,
  ListPushReport,
  ListsAvailable,
  listOperations,
} from '../../../shared/contract/lists.ts';
import type { Settings } from '../../../shared/settings.ts';
import { ContractFailure } from '../../ipc/failure.ts';
import type { Store } from '../../store/index.ts';
import { ConcurError, ConcurReauthorizeError, type ConcurClient } from '../concur/index.ts';
import { ListPushError } from './errors.ts';
import { buildGlReport } from './gl-report.ts';
import { ConcurListError, ListsClient } from './lists-client.ts';
import { availableLists, previewList, pushList, type ListPushDeps } from './push.ts';

export interface ListHandlerDeps {
  readonly store: Store;
  readonly settings: () => Settings;
  /**
   * The engine's Concur client (built from the same settings, secrets and the database's Concur state store,
   * `concurStateStoreFromDb(store.db)`, so it shares the authorisation). Called per operation.
   */
  readonly concur: () => ConcurClient | Promise<ConcurClient>;
  readonly clock?: () => Date;
}

export interface ListCallContext {
  readonly actor: string;
}

type Ops = typeof listOperations;
type Args<K extends keyof Ops> = z.output<Ops[K]['args']>;

export interface ListHandlers {
  'lists/available': (args: Args<'lists/available'>, ctx: ListCallContext) => Promise<ListsAvailable>;
  'lists/preview': (args: Args<'lists/preview'>, ctx: ListCallContext) => Promise<ListPreview>;
  'lists/push': (args: Args<'lists/push'>, ctx: ListCallContext) => Promise<ListPushReport>;
  'gl/report': (args: Args<'gl/report'>, ctx: ListCallContext) => Promise<GlReport>;
}

/** Turns what the list code throws into a ContractFailure; anything else is a bug and is thrown as it is. */
export function listFailure(error: unknown): unknown {
  if (error instanceof ContractFailure) return error;
  if (error instanceof ListPushError) {
    const code =
      error.code === 'bad_confirm'
        ? 'invalid_argument'
        : error.code === 'list_not_found'
          ? 'not_found'
          : error.code === 'managed_by_other'
            ? 'forbidden'
            : 'config';
    return new ContractFailure(code, error.message, error.field);
  }
  if (error instanceof ConcurListError) return new ContractFailure('config', error.message);
  if (error instanceof ConcurReauthorizeError) return new ContractFailure('reauthorize', error.message);
  if (error instanceof ConcurError) {
    const code =
      error.kind === 'config'
        ? 'config'
        : error.kind === 'reauthorize'
          ? 'reauthorize'
          : error.kind === 'business'
            ? 'conflict'
            : 'unavailable';
    return new ContractFailure(code, error.message);
  }
  return error;
}

export function createListHandlers(deps: ListHandlerDeps): ListHandlers {
  const pushDeps = async (): Promise<ListPushDeps> => {
    const settings = deps.settings();
    if (!settings.concur.enabled)
      throw new ContractFailure(
        'config',
        'SAP Concur is not switched on (setting concur.enabled).',
        'concur.enabled',
      );
    const client = await deps.concur();
    return { db: deps.store.db, lists: new ListsClient({ http: client.http }), settings };
  };
  const guard = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      throw listFailure(error);
    }
  };
  return {
    'lists/available': () => guard(async () => availableLists(await pushDeps())),
    'lists/preview': (args) => guard(async () => previewList(await pushDeps(), args.dimension)),
    'lists/push': (args, ctx) =>
      guard(async () =>
        pushList(await pushDeps(), {
          dimension: args.dimension,
          confirmDelete: args.confirmDelete,
          actor: ctx.actor,
        }),
      ),
    'gl/report': (args) =>
      guard(() =>
        Promise.resolve(
          buildGlReport(deps.store.db, {
            ...(args.from ? { from: args.from } : {}),
            ...(args.to ? { to: args.to } : {}),
            ...(deps.clock ? { now: deps.clock } : {}),
          }),
        ),
      ),
  };
}
