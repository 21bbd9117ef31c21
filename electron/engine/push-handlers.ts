// The engine's answers to the contract areas "vendors", "policies" and "employees" (shared/contract/pushes.ts):
// QAD master data from the local cache pushed into SAP Concur vendors and Expensify policies. Spread into
// electron/engine/handlers.ts. The connectors write the per-item audit events with the caller as actor; a
// policy that failed is audited here (the connector only logs it). Failures a person can act on become
// ContractFailures naming the setting at fault.
import type {
  PolicyPlanView,
  PolicyPushPreviewView,
  VendorPlanItemView,
  VendorPushPlanView,
  pushOperations,
} from '../../shared/contract/pushes.ts';
import type { Settings } from '../../shared/settings.ts';
import { ConcurError, ConcurInputError, ConcurReauthorizeError } from '../connectors/concur/index.ts';
import {
  previewVendorPush,
  pushVendors,
  readQadSuppliers,
  type VendorPlanItem,
  type VendorPushPlan,
} from '../connectors/concur-road/index.ts';
import {
  createExpensifyClient,
  ExpensifyError,
  previewPolicyPush,
  pushEmployees,
  pushPolicies,
  type PolicyPlan,
  type PolicyPushPreview,
} from '../connectors/expensify/index.ts';
import { ContractFailure } from '../ipc/failure.ts';
import type { Handler } from '../ipc/handlers.ts';
import { appendAudit } from '../store/index.ts';
import type { Engine } from './engine.ts';

type PushOperation = keyof typeof pushOperations;
export type PushHandlers = { [K in PushOperation]: Handler<K> };

/** What the handlers use of the engine (tests may pass a narrower stand-in). */
export type PushEngine = Pick<
  Engine,
  'store' | 'settings' | 'secrets' | 'log' | 'concurClient' | 'setConcurReauthorization'
>;

export function createPushHandlers(engine: PushEngine): PushHandlers {
  const concurReady = (): Settings => {
    const settings = engine.settings.get();
    if (!settings.concur.enabled) {
      throw new ContractFailure(
        'config',
        'SAP Concur is not switched on (setting concur.enabled).',
        'concur.enabled',
      );
    }
    // Checked here so the person gets the reason instead of an empty comparison that would deactivate nothing.
    if (readQadSuppliers(engine.store.db).length === 0) {
      throw new ContractFailure(
        'conflict',
        'No QAD suppliers are cached yet: run the QAD master data refresh (Run now on the dashboard) first.',
      );
    }
    return settings;
  };

  const expensify = async () => {
    const settings = engine.settings.get();
    if (!settings.expensify.enabled) {
      throw new ContractFailure(
        'config',
        'Expensify is not switched on (setting expensify.enabled).',
        'expensify.enabled',
      );
    }
    if (settings.expensify.policyIds.length === 0) {
      throw new ContractFailure(
        'config',
        'No Expensify policy is configured (setting expensify.policyIds).',
        'expensify.policyIds',
      );
    }
    const client = await createExpensifyClient({
      settings,
      secrets: engine.secrets,
      log: engine.log.child?.('expensify') ?? engine.log,
    });
    return { settings, client };
  };

  const concurCall = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof ConcurReauthorizeError) engine.setConcurReauthorization(true);
      throw concurFailure(error);
    }
  };
  const expensifyCall = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      throw expensifyFailure(error);
    }
  };

  return {
    'vendors/preview': () =>
      concurCall(async () => {
        const settings = concurReady();
        const plan = await previewVendorPush({
          db: engine.store.db,
          client: engine.concurClient(),
          settings,
        });
        return vendorPlanView(plan);
      }),
    'vendors/push': (_args, ctx) =>
      concurCall(async () => {
        const settings = concurReady();
        const report = await pushVendors({
          db: engine.store.db,
          client: engine.concurClient(),
          settings,
          actor: ctx.actor,
        });
        return {
          plan: vendorPlanView(report.plan),
          results: report.results,
          succeeded: report.succeeded,
          failed: report.failed,
          unclear: report.unclear,
        };
      }),

    'policies/preview': ({ confirmDisable }) =>
      expensifyCall(async () => {
        const { settings, client } = await expensify();
        const preview = await previewPolicyPush({
          client,
          store: engine.store,
          settings,
          confirmDisable: confirmDisable ?? false,
        });
        return policyPreviewView(preview);
      }),
    'policies/push': ({ confirmDisable }, ctx) =>
      expensifyCall(async () => {
        const { settings, client } = await expensify();
        const result = await pushPolicies({
          client,
          store: engine.store,
          settings,
          confirmDisable: confirmDisable ?? false,
          log: engine.log,
          actor: ctx.actor,
        });
        for (const failure of result.failed) {
          appendAudit(engine.store.db, {
            actor: ctx.actor,
            action: 'expensify.policy_push_failed',
            subjectType: 'expensify_policy',
            subjectId: failure.policyId,
            detail: { error: failure.error.slice(0, 500) },
          });
        }
        return {
          ...policyPreviewView(result),
          sent: result.sent,
          skipped: result.skipped,
          failed: result.failed,
        };
      }),

    'employees/push': ({ dryRun }, ctx) =>
      expensifyCall(async () => {
        const { settings, client } = await expensify();
        return pushEmployees({ client, store: engine.store, settings, dryRun, actor: ctx.actor });
      }),
  };
}

// ---- views: the connectors' shapes without what the screen must not carry ----------------------------------

function vendorItemView(item: VendorPlanItem): VendorPlanItemView {
  // `record` (the whole vendor as it would be sent, other fields included) stays in the engine.
  return {
    action: item.action,
    vendorCode: item.vendorCode,
    addressCode: item.addressCode,
    name: item.name,
    changes: item.changes.map((c) =>
      c.from === undefined ? { field: c.field, to: c.to } : { field: c.field, from: c.from, to: c.to },
    ),
    ...(item.concurId ? { concurId: item.concurId } : {}),
  };
}

export function vendorPlanView(plan: VendorPushPlan): VendorPushPlanView {
  return {
    adds: plan.adds.map(vendorItemView),
    changes: plan.changes.map(vendorItemView),
    deactivations: plan.deactivations.map(vendorItemView),
    unchanged: plan.unchanged,
    notInQad: plan.notInQad,
    duplicates: plan.duplicates,
  };
}

function policyPlanView(plan: PolicyPlan): PolicyPlanView {
  // The request itself is large (the whole tag list) and repeats the plan: the screen gets its counts.
  const { request, ...rest } = plan;
  return {
    ...rest,
    sends: {
      categories: request.categories?.data.length ?? 0,
      tags: request.tags?.tags.length ?? 0,
    },
  };
}

export function policyPreviewView(preview: PolicyPushPreview): PolicyPushPreviewView {
  return { policies: preview.policies.map(policyPlanView), warnings: preview.warnings };
}

// ---- failures -----------------------------------------------------------------------------------------------

function concurFailure(error: unknown): unknown {
  if (error instanceof ContractFailure) return error;
  if (error instanceof ConcurReauthorizeError) {
    return new ContractFailure('reauthorize', error.message, 'concur.requestToken');
  }
  if (error instanceof ConcurInputError)
    return new ContractFailure('invalid_argument', error.message, error.field);
  if (error instanceof ConcurError) {
    if (error.kind === 'config') return new ContractFailure('config', error.message);
    if (error.kind === 'business') return new ContractFailure('conflict', error.message);
    return new ContractFailure('unavailable', error.message);
  }
  return error;
}

function expensifyFailure(error: unknown): unknown {
  if (error instanceof ContractFailure) return error;
  if (!(error instanceof ExpensifyError)) return error;
  switch (error.kind) {
    case 'auth':
      return new ContractFailure(
        'config',
        error.message,
        /partnerUserSecret/.test(error.message) && !/partnerUserId/.test(error.message)
          ? 'expensify.partnerUserSecret'
          : 'expensify.partnerUserId',
      );
    case 'not_found':
      return new ContractFailure('not_found', error.message, 'expensify.policyIds');
    case 'config':
      return new ContractFailure('config', error.message, 'expensify.url');
    case 'validation':
      return new ContractFailure('conflict', error.message);
    default:
      return new ContractFailure('unavailable', error.message);
  }
}
