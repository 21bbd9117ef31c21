// Shared set-up of the sync tests: a real store in a temp file, the QAD cache filled from the demo
// company (the same shapes the masterData flow writes: shared/domain/qad.ts), settings, a flow context.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DemoCompany, generateDemoCompany } from '../../electron/sandbox/demo/company.ts';
import type { FlowContext } from '../../electron/engine/ports.ts';
import {
  type QadCacheInput,
  type QadCacheKind,
  type Store,
  openStore,
  replaceQadCache,
} from '../../electron/store/index.ts';
import { type SettingsInput, settingsSchema } from '../../shared/settings.ts';

export const AS_OF = '2026-11-25';

export function tempStore(): Store {
  const dir = mkdtempSync(join(tmpdir(), 'mlc-sync-'));
  return openStore(join(dir, 'store.sqlite'));
}

export function demoCompany(): DemoCompany {
  return generateDemoCompany({ seed: 42, asOf: AS_OF });
}

export function testSettings(input: SettingsInput = {}) {
  return settingsSchema.parse({
    qad: { mode: 'rest', domain: 'QMFG', rest: { tenantUrl: 'http://127.0.0.1:1' } },
    concur: { enabled: true, clientId: 'c', companyUuid: 'u' },
    ...input,
  });
}

export function flowContext(
  settings = testSettings(),
  signal: AbortSignal = new AbortController().signal,
): FlowContext {
  const noop = () => undefined;
  const log = { debug: noop, info: noop, warn: noop, error: noop } as unknown as FlowContext['log'];
  return {
    settings,
    secrets: {
      backend: 'memory',
      get: () => Promise.resolve(undefined),
      set: () => Promise.resolve(),
      delete: () => Promise.resolve(),
      status: () => Promise.resolve([]),
    },
    log,
    actor: 'scheduler',
    signal,
  };
}

/** The QAD cache as the masterData flow would fill it from this company. */
export function cacheRows(
  company: DemoCompany,
): Record<string, { kind: QadCacheKind; entity: string; rows: QadCacheInput[] }> {
  const out: Record<string, { kind: QadCacheKind; entity: string; rows: QadCacheInput[] }> = {};
  const put = (
    kind: QadCacheKind,
    entity: string,
    code: string,
    payload: Record<string, unknown>,
    active: boolean,
  ) => {
    const key = `${kind}/${entity}`;
    out[key] ??= { kind, entity, rows: [] };
    out[key].rows.push({ code, payload, active });
  };
  for (const s of company.suppliers) put('supplier', '*', s.code, { ...s }, s.active);
  for (const e of company.entities) {
    put('entity', '*', e.code, { ...e }, true);
    for (const a of company.accounts) put('gl_account', e.code, a.code, { ...a }, a.active);
  }
  for (const s of company.subAccounts) put('sub_account', '*', s.code, { ...s }, s.active);
  for (const p of company.projects) put('project', '*', p.code, { ...p }, p.active);
  for (const c of company.costCenters) put('cost_center', c.entity, c.code, { ...c }, c.active);
  for (const p of company.periods)
    put('period', p.entity, `${p.year}-${p.period}`, { ...p, open: p.status === 'open' }, true);
  for (const po of company.purchaseOrders) {
    put('purchase_order', po.entity, po.number, { ...po, status: 'open' }, true);
  }
  return out;
}

export function loadCache(
  store: Store,
  company: DemoCompany,
  receipts: readonly {
    receiver: string;
    poNumber: string;
    poLine: number;
    quantity: number;
    quantityMatched?: number;
  }[] = [],
): void {
  const rows = cacheRows(company);
  for (const { kind, entity, rows: list } of Object.values(rows)) {
    replaceQadCache(store.db, kind, entity, list, { actor: 'masterData' });
  }
  for (const e of company.entities) {
    const mine = receipts
      .filter((r) => company.purchaseOrders.find((po) => po.number === r.poNumber)?.entity === e.code)
      .map((r) => ({
        code: `${r.receiver}-${r.poLine}`,
        payload: {
          ...r,
          entity: e.code,
          quantityMatched: r.quantityMatched ?? 0,
          quantityOpen: r.quantity - (r.quantityMatched ?? 0),
        },
        active: true,
      }));
    replaceQadCache(store.db, 'receipt', e.code, mine, { actor: 'masterData' });
  }
}
