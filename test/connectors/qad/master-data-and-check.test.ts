// The masterData flow fills the local cache from QAD (so validation runs offline), and the QAD check tells a
// person, in words, what works and what is missing: OpenAPI paths and QDocs by name, domain, entities.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createQadGateway } from '../../../electron/connectors/qad/gateway.ts';
import { QadConfigError } from '../../../electron/connectors/qad/errors.ts';
import { resetBreakers } from '../../../electron/connectors/qad/resilience.ts';
import { createMasterDataFlow } from '../../../electron/engine/master-data.ts';
import { checkQad } from '../../../electron/engine/qad-check.ts';
import type { DemoCompany } from '../../../electron/sandbox/demo/company.ts';
import type { QadSimulators } from '../../../electron/sandbox/qad/index.ts';
import { listQadRecords, openStore, qadCacheFreshness, type Store } from '../../../electron/store/index.ts';
import { settingsSchema } from '../../../shared/settings.ts';
import {
  captureLog,
  demoCompany,
  invoiceInput,
  memorySecrets,
  qadSettings,
  sandboxSecrets,
  startSims,
  type Mode,
} from './helpers.ts';

let demo: DemoCompany;
let sims: QadSimulators;
let store: Store;

beforeEach(async () => {
  resetBreakers();
  demo = demoCompany();
  sims = await startSims(demo, { rest: { disabledCollections: [] } });
  store = openStore(':memory:');
});

afterEach(async () => {
  store.close();
  await sims.close();
});

describe.each(['rest', 'qxtend'] as const)('masterData flow over %s', (mode: Mode) => {
  it('fills the cache with every kind, per entity where QAD keeps it per entity', async () => {
    const flow = createMasterDataFlow({ store });
    const settings = qadSettings(mode, sims);
    expect(flow.notConfigured(settings)).toBeUndefined();
    const outcome = await flow.run({
      settings,
      secrets: sandboxSecrets(),
      log: captureLog(),
      actor: 'tester',
      signal: new AbortController().signal,
    });
    expect(outcome.outcome).toBe('succeeded');
    expect(outcome.message).toMatch(/10USA, 20DEU/);

    const db = store.db;
    expect(listQadRecords(db, 'entity', '*').map((r) => r.code)).toEqual(['10USA', '20DEU']);
    expect(listQadRecords(db, 'supplier', '*')).toHaveLength(demo.suppliers.length);
    expect(listQadRecords(db, 'gl_account', '*')).toHaveLength(demo.accounts.length);
    expect(listQadRecords(db, 'gl_account', '*', { activeOnly: true }).some((r) => r.code === '6600')).toBe(
      false,
    );
    expect(listQadRecords(db, 'sub_account', '*')).toHaveLength(demo.subAccounts.length);
    expect(listQadRecords(db, 'project', '*')).toHaveLength(demo.projects.length);
    for (const entity of ['10USA', '20DEU']) {
      expect(listQadRecords(db, 'cost_center', entity)).toHaveLength(
        demo.costCenters.filter((c) => c.entity === entity).length,
      );
      expect(listQadRecords(db, 'purchase_order', entity)).toHaveLength(
        demo.purchaseOrders.filter((p) => p.entity === entity).length,
      );
      expect(listQadRecords(db, 'period', entity)).toHaveLength(24);
    }
    const june = listQadRecords(db, 'period', '10USA').find((r) => r.code === '2026-06');
    expect(june).toMatchObject({ active: true, payload: { start: '2026-06-01', end: '2026-06-30' } });
    expect(listQadRecords(db, 'period', '10USA').find((r) => r.code === '2026-03')?.active).toBe(false);
    const receipts = listQadRecords(db, 'receipt', '10USA');
    expect(receipts.length).toBeGreaterThan(0);
    expect(receipts[0]?.code).toMatch(/^RC\d+\/PO\d+\/\d+$/);
    const po = listQadRecords(db, 'purchase_order', '10USA').find((r) => r.code === 'PO20014');
    expect(po?.payload).toMatchObject({ supplier: 'GRAN007', status: 'open' });
    // One refresh (one transaction) per kind and entity.
    expect(qadCacheFreshness(db)).toHaveLength(5 + 4 * 2);
  });

  it('is not configured without an address, and stops on rejected credentials', async () => {
    const flow = createMasterDataFlow({ store });
    expect(flow.notConfigured(settingsSchema.parse({}))).toMatch(/not set up/);
    const settings = qadSettings(mode, sims);
    const run = flow.run({
      settings,
      secrets: memorySecrets({ 'qad.username': 'mlc-demo', 'qad.password': 'wrong-password' }),
      log: captureLog(),
      actor: 'tester',
      signal: new AbortController().signal,
    });
    await expect(run).rejects.toThrow(/credentials rejected/);
    expect(listQadRecords(store.db, 'supplier', '*')).toHaveLength(0);
  });
});

describe.each(['rest', 'qxtend'] as const)('QAD check over %s', (mode: Mode) => {
  it('reports every step as passed on a healthy sandbox', async () => {
    const items = await checkQad(qadSettings(mode, sims), sandboxSecrets());
    expect(items.filter((i) => !i.ok)).toEqual([]);
    expect(items.map((i) => i.check)).toEqual([
      'credentials stored',
      'reachable',
      ...(mode === 'rest'
        ? ['credentials accepted', 'OpenAPI read', 'paths valid', 'domain exists', 'entities exist']
        : ['WSDL read', 'paths valid', 'credentials accepted', 'domain exists', 'entities exist']),
    ]);
    expect(items.every((i) => i.system === 'qad')).toBe(true);
  });

  it('names entities QAD does not know', async () => {
    const items = await checkQad(qadSettings(mode, sims, { entities: ['10USA', '99XXX'] }), sandboxSecrets());
    const entities = items.find((i) => i.check === 'entities exist');
    expect(entities?.ok).toBe(false);
    expect(entities?.message).toMatch(/99XXX/);
  });

  it('says when the credentials are missing or rejected', async () => {
    const missing = await checkQad(qadSettings(mode, sims), memorySecrets());
    expect(missing.find((i) => i.check === 'credentials stored')?.message).toMatch(/qad\.password/);
    const rejected = await checkQad(
      qadSettings(mode, sims),
      memorySecrets({ 'qad.username': 'mlc-demo', 'qad.password': 'wrong-password' }),
    );
    const accepted = rejected.find((i) => i.check === 'credentials accepted');
    expect(accepted?.ok).toBe(false);
    expect(accepted?.message).toMatch(/credentials rejected/);
  });
});

describe('missing paths', () => {
  it('the REST check names the OpenAPI paths this tenant lacks, and no post is sent to one', async () => {
    await sims.close();
    sims = await startSims(demo, { rest: { disabledCollections: ['projects', 'journalEntries'] } });
    const settings = qadSettings('rest', sims);
    const items = await checkQad(settings, sandboxSecrets());
    const paths = items.find((i) => i.check === 'paths valid');
    expect(paths?.ok).toBe(false);
    expect(paths?.message).toContain('GET /api/erp/projects (setting qad.rest.collections.projects)');
    expect(paths?.message).toContain(
      'POST /api/erp/journalEntries (setting qad.rest.collections.journalEntries)',
    );

    const gateway = await createQadGateway(settings, sandboxSecrets());
    const error = await gateway
      .createJournalEntry({
        externalRef: 'MLC-CONCUR-nopath',
        entity: '10USA',
        postingDate: '2026-06-10',
        currency: 'USD',
        lines: [
          { glAccount: '6120', debitMinor: 100, creditMinor: 0 },
          { glAccount: '2010', debitMinor: 0, creditMinor: 100 },
        ],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QadConfigError);
    expect((error as Error).message).toMatch(/journalEntries/);
    expect(sims.rest.requests.some((r) => r.method === 'POST' && r.path.endsWith('/journalEntries'))).toBe(
      false,
    );
    // Other paths still work.
    expect((await gateway.createSupplierInvoice(invoiceInput('MLC-CONCUR-okpath'))).outcome).toBe('posted');
  });

  it('the QXtend check names QDocs missing from the WSDL with their setting', async () => {
    const settings = qadSettings('qxtend', sims, {
      qxtend: { endpointUrl: sims.qxtend.endpointUrl, qdocs: { queryProjects: { name: 'queryProjectV2' } } },
    });
    const items = await checkQad(settings, sandboxSecrets());
    const paths = items.find((i) => i.check === 'paths valid');
    expect(paths?.ok).toBe(false);
    expect(paths?.message).toContain('queryProjectV2 (setting qad.qxtend.qdocs.queryProjects.name)');
  });

  it('a wrong domain is reported by name', async () => {
    for (const mode of ['rest', 'qxtend'] as const) {
      const items = await checkQad(qadSettings(mode, sims, { domain: 'NOPE' }), sandboxSecrets());
      const domain = items.find((i) => i.check === 'domain exists');
      expect(domain?.ok, mode).toBe(false);
      expect(domain?.message, mode).toMatch(/NOPE/);
    }
  });
});
