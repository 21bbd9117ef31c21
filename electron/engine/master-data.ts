// The masterData flow: reads every kind of QAD master data through the gateway and replaces the local cache
// with it, one transaction per kind and entity (replaceQadCache), so validation can run while QAD is away.
// Domain-wide data (suppliers, GL accounts, sub-accounts, projects, the entity list) is stored under '*';
// cost centers, purchase orders, open receipts and GL periods per entity. A kind that fails to read keeps
// its previous cache rows and the run is reported as partial; credentials or configuration stop the run.
import type { Settings } from '../../shared/settings.ts';
import { createQadGateway, type QadGateway, type QadGatewayOptions } from '../connectors/qad/gateway.ts';
import { QadError } from '../connectors/qad/errors.ts';
import { type QadCacheInput, type QadCacheKind, type Store, replaceQadCache } from '../store/index.ts';
import type { EngineSecrets, FlowContext, FlowOutcome, FlowPort } from './ports.ts';

export type QadGatewayFactory = (
  settings: Settings,
  secrets: EngineSecrets,
  options: QadGatewayOptions,
) => Promise<QadGateway>;

export interface MasterDataFlowOptions {
  readonly store: Store;
  /** Defaults to createQadGateway (the transport of settings.qad.mode). */
  readonly gatewayFactory?: QadGatewayFactory;
}

interface Job {
  readonly kind: QadCacheKind;
  readonly entity: string;
  readonly read: () => Promise<QadCacheInput[]>;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Why QAD cannot be read with these settings, or undefined. Shared with the QAD check. */
export function qadNotConfigured(settings: Settings): string | undefined {
  const q = settings.qad;
  if (q.mode === 'none') return 'QAD is not set up: choose REST or QXtend in the settings.';
  if (q.mode === 'rest' && !q.rest.tenantUrl) return 'The QAD tenant URL (qad.rest.tenantUrl) is missing.';
  if (q.mode === 'rest' && !q.rest.clientId) return 'The QAD OAuth client id (qad.rest.clientId) is missing.';
  if (q.mode === 'qxtend' && !q.qxtend.endpointUrl)
    return 'The QXtend endpoint URL (qad.qxtend.endpointUrl) is missing.';
  if (!q.domain) return 'The QAD domain (qad.domain) is missing.';
  return undefined;
}

function jobs(gateway: QadGateway, entities: readonly string[]): Job[] {
  const all: Job[] = [
    {
      kind: 'entity',
      entity: '*',
      read: () => Promise.resolve(entities.map((code) => ({ code, payload: {}, active: true }))),
    },
    {
      kind: 'supplier',
      entity: '*',
      read: async () =>
        (await gateway.listSuppliers()).map((s) => ({
          code: s.code,
          payload: { name: s.name, currency: s.currency, isEmployee: s.isEmployee },
          active: s.active,
        })),
    },
    {
      kind: 'gl_account',
      entity: '*',
      read: async () =>
        (await gateway.listGlAccounts()).map((a) => ({
          code: a.code,
          payload: { description: a.description, type: a.type, postable: a.postable },
          active: a.active,
        })),
    },
    {
      kind: 'sub_account',
      entity: '*',
      read: async () =>
        (await gateway.listSubAccounts()).map((s) => ({
          code: s.code,
          payload: { description: s.description },
          active: s.active,
        })),
    },
    {
      kind: 'project',
      entity: '*',
      read: async () =>
        (await gateway.listProjects()).map((p) => ({
          code: p.code,
          payload: { description: p.description },
          active: p.active,
        })),
    },
  ];
  for (const entity of entities) {
    all.push(
      {
        kind: 'cost_center',
        entity,
        read: async () =>
          (await gateway.listCostCenters(entity)).map((c) => ({
            code: c.code,
            payload: { description: c.description },
            active: c.active,
          })),
      },
      {
        kind: 'purchase_order',
        entity,
        read: async () =>
          (await gateway.listPurchaseOrders(entity)).map((po) => ({
            code: po.number,
            payload: {
              supplier: po.supplier,
              currency: po.currency,
              orderDate: po.orderDate,
              status: po.status,
              lines: po.lines,
            },
            active: po.status === 'open',
          })),
      },
      {
        kind: 'receipt',
        entity,
        read: async () =>
          (await gateway.listOpenReceipts(entity)).map((r) => ({
            code: `${r.receiver}/${r.poNumber}/${r.poLine}`,
            payload: { ...r },
            active: r.quantityOpen > 0,
          })),
      },
      {
        kind: 'period',
        entity,
        read: async () =>
          (await gateway.listGlPeriods(entity)).map((p) => ({
            code: `${p.year}-${pad2(p.period)}`,
            payload: { year: p.year, period: p.period, start: p.start, end: p.end, open: p.open },
            active: p.open,
          })),
      },
    );
  }
  return all;
}

/** Last row wins when QAD repeats a code (a page boundary moving under a concurrent change). */
function uniqueByCode(rows: readonly QadCacheInput[]): { rows: QadCacheInput[]; repeated: number } {
  const byCode = new Map<string, QadCacheInput>();
  for (const row of rows) byCode.set(row.code, row);
  return { rows: [...byCode.values()], repeated: rows.length - byCode.size };
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Stops the whole run: every further read would fail the same way. */
const stopsRun = (error: unknown) =>
  error instanceof QadError && (error.kind === 'auth' || error.kind === 'config');

export function createMasterDataFlow(options: MasterDataFlowOptions): FlowPort {
  const factory = options.gatewayFactory ?? createQadGateway;
  return {
    flow: 'masterData',
    notConfigured: qadNotConfigured,
    async run(context: FlowContext): Promise<FlowOutcome> {
      const gateway = await factory(context.settings, context.secrets, {
        log: context.log,
        signal: context.signal,
      });
      const entities = await gateway.listEntities();
      const failures: string[] = [];
      const loaded: string[] = [];
      for (const job of jobs(gateway, entities)) {
        if (context.signal.aborted) {
          failures.push('cancelled');
          break;
        }
        const label = job.entity === '*' ? job.kind : `${job.kind} ${job.entity}`;
        let rows: QadCacheInput[];
        try {
          rows = await job.read();
        } catch (error) {
          if (stopsRun(error)) throw error;
          context.log.warn(
            { kind: job.kind, entity: job.entity },
            `QAD ${label} not refreshed: ${describe(error)}`,
          );
          failures.push(`${label}: ${describe(error)}`);
          continue;
        }
        const unique = uniqueByCode(rows);
        if (unique.repeated > 0)
          context.log.warn(
            { kind: job.kind, entity: job.entity },
            `QAD sent ${unique.repeated} ${label} codes twice`,
          );
        const result = replaceQadCache(options.store.db, job.kind, job.entity, unique.rows, {
          actor: context.actor,
        });
        loaded.push(`${label} ${result.count}`);
      }
      const entityText = entities.length > 0 ? entities.join(', ') : 'none';
      if (failures.length === 0)
        return {
          counts: {},
          outcome: 'succeeded',
          message: `QAD master data refreshed for entities ${entityText}: ${loaded.join(', ')}.`,
        };
      return {
        counts: {},
        outcome: loaded.length > 0 ? 'partial' : 'failed',
        message: `QAD master data partly refreshed (${loaded.length} of ${loaded.length + failures.length}); not refreshed: ${failures.join('; ')}`,
      };
    },
  };
}
