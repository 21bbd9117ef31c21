import { afterEach, describe, expect, it } from 'vitest';
import type { ConcurSimulator } from '../../../electron/sandbox/concur/index.ts';
import type { ConcurVendor, VendorClient } from '../../../electron/connectors/concur/index.ts';
import {
  diffVendors,
  previewVendorPush,
  pushVendors,
} from '../../../electron/connectors/concur-road/index.ts';
import {
  getCursor,
  listAuditEvents,
  replaceQadCache,
  verifyAuditChain,
  type Store,
} from '../../../electron/store/index.ts';
import { demoCompany, harness, startSim, tempStore } from './helpers.ts';

let sim: ConcurSimulator | undefined;
let store: Store | undefined;
afterEach(async () => {
  await sim?.close();
  store?.close();
  sim = undefined;
  store = undefined;
});

const company = demoCompany();
const trade = company.suppliers.filter((s) => !s.isEmployee);
const seeded = trade.slice(0, trade.length - 3);

/** The QAD cache as the masterData flow fills it (electron/engine/master-data.ts). */
function loadSuppliers(
  s: Store,
  change: (code: string) => Partial<{ name: string; active: boolean }> = () => ({}),
): void {
  replaceQadCache(
    s.db,
    'supplier',
    '*',
    company.suppliers.map((supplier) => {
      const over = change(supplier.code);
      return {
        code: supplier.code,
        payload: {
          name: over.name ?? supplier.name,
          currency: supplier.currency,
          isEmployee: supplier.isEmployee,
        },
        active: over.active ?? supplier.active,
      };
    }),
    { actor: 'masterData' },
  );
}

function records(s: ConcurSimulator, code: string): Record<string, string>[] {
  return s.state.vendors.filter((v) => v.fields.VendorCode === code).map((v) => v.fields);
}

function writes(s: ConcurSimulator): string[] {
  return s.apiServer.requests
    .filter((r) => r.path.includes('/invoice/vendors') && r.method !== 'GET')
    .map((r) => `${r.method} ${r.fault ?? r.status ?? ''}`);
}

const SETTINGS = { vendors: { countryByCurrency: { EUR: 'DE' } } };

describe('QAD supplier -> Concur vendor push against the simulator', () => {
  it("previews the demo company's seeded mismatches: adds, a stale name, deactivations", async () => {
    sim = await startSim({ documents: 0 });
    store = tempStore();
    loadSuppliers(store);
    const h = harness(sim, SETTINGS);
    const plan = await previewVendorPush({ db: store.db, client: h.client, settings: h.settings });

    expect(plan.adds.map((a) => a.vendorCode)).toEqual(
      trade
        .slice(-3)
        .filter((s) => s.active)
        .map((s) => s.code)
        .sort(),
    );
    expect(plan.adds.every((a) => a.record.Approved === 'Y' && a.record.AddressCode === 'MAIN')).toBe(true);
    const euro = plan.adds.find((a) => a.record.CurrencyCode === 'EUR');
    if (euro) expect(euro.record.CountryCode).toBe('DE');

    const stale = seeded[1];
    if (!stale) throw new Error('demo company too small');
    expect(plan.changes.map((c) => c.vendorCode)).toContain(stale.code);
    expect(plan.changes.find((c) => c.vendorCode === stale.code)?.changes).toEqual([
      { field: 'VendorName', from: stale.name.replace(/ \S+$/, ''), to: stale.name },
    ]);
    expect(plan.deactivations.map((d) => d.vendorCode).sort()).toEqual(
      seeded
        .filter((s) => !s.active)
        .map((s) => s.code)
        .sort(),
    );
    expect(plan.deactivations.every((d) => d.record.Approved === 'N')).toBe(true);
    expect(plan.notInQad).toEqual([]);
    // A preview only reads.
    expect(writes(sim)).toEqual([]);
  });

  it('pushes the plan with one audit row per vendor; a second push sends nothing', async () => {
    sim = await startSim({ documents: 0 });
    store = tempStore();
    loadSuppliers(store);
    const h = harness(sim, SETTINGS);
    const report = await pushVendors({
      db: store.db,
      client: h.client,
      settings: h.settings,
      actor: 'ap.clerk',
    });
    const planned = report.plan.adds.length + report.plan.changes.length + report.plan.deactivations.length;
    expect(planned).toBeGreaterThan(2);
    expect(report.failed).toBe(0);
    expect(report.succeeded).toBe(planned);

    for (const add of report.plan.adds) {
      const [record, ...more] = records(sim, add.vendorCode);
      expect(more).toEqual([]);
      expect(record).toMatchObject({ VendorName: add.name, Approved: 'Y', AddressCode: 'MAIN' });
      const cursor = JSON.parse(getCursor(store.db, 'concur', `vendor/${add.vendorCode}`)?.value ?? '{}') as {
        state?: string;
        id?: string;
      };
      expect(cursor.state).toBe('created');
      expect(cursor.id).toBe(sim.state.vendors.find((v) => v.fields.VendorCode === add.vendorCode)?.ID);
    }
    for (const d of report.plan.deactivations) expect(records(sim, d.vendorCode)[0]?.Approved).toBe('N');
    const stale = seeded[1];
    if (stale) expect(records(sim, stale.code)[0]?.VendorName).toBe(stale.name);
    // Deactivate, never delete: every seeded vendor is still there.
    for (const s of seeded) expect(records(sim, s.code)).toHaveLength(1);
    expect(writes(sim).every((w) => !w.startsWith('DELETE'))).toBe(true);

    const audit = listAuditEvents(store.db, { limit: 1000 }).events.filter((e) =>
      e.action.startsWith('concur_vendor.'),
    );
    expect(audit).toHaveLength(planned);
    expect(audit.every((e) => e.actor === 'ap.clerk')).toBe(true);
    expect(new Set(audit.map((e) => e.action))).toEqual(
      new Set(['concur_vendor.created', 'concur_vendor.updated', 'concur_vendor.deactivated']),
    );
    expect(verifyAuditChain(store.db).ok).toBe(true);

    const before = writes(sim).length;
    const second = await pushVendors({
      db: store.db,
      client: h.client,
      settings: h.settings,
      actor: 'ap.clerk',
    });
    expect(second.results).toEqual([]);
    expect(second.plan.unchanged).toBe(trade.filter((s) => s.active || seeded.includes(s)).length);
    expect(writes(sim).length).toBe(before);
  });

  it('re-approves a supplier QAD reactivated and renames on a QAD name change', async () => {
    sim = await startSim({ documents: 0 });
    store = tempStore();
    loadSuppliers(store);
    const h = harness(sim, SETTINGS);
    await pushVendors({ db: store.db, client: h.client, settings: h.settings, actor: 'scheduler' });
    const target = seeded.find((s) => !s.active) ?? seeded[0];
    const renamed = seeded[2];
    if (!target || !renamed) throw new Error('demo company too small');
    loadSuppliers(store, (code) =>
      code === target.code ? { active: true } : code === renamed.code ? { name: 'Renamed Supplies AG' } : {},
    );
    const plan = await previewVendorPush({ db: store.db, client: h.client, settings: h.settings });
    expect(plan.adds).toEqual([]);
    expect(plan.deactivations).toEqual([]);
    expect(plan.changes.map((c) => c.vendorCode).sort()).toEqual([target.code, renamed.code].sort());
    await pushVendors({ db: store.db, client: h.client, settings: h.settings, actor: 'scheduler' });
    expect(records(sim, target.code)[0]?.Approved).toBe('Y');
    expect(records(sim, renamed.code)[0]?.VendorName).toBe('Renamed Supplies AG');
  });

  it('after a lost reply on create, finds the vendors by code and never creates a duplicate', async () => {
    sim = await startSim({ documents: 0 });
    store = tempStore();
    loadSuppliers(store);
    const h = harness(sim, SETTINGS);
    sim.apiServer.faults.set({ lostReplyRate: 1, pathContains: '/invoice/vendors', methods: ['POST'] });
    const report = await pushVendors({
      db: store.db,
      client: h.client,
      settings: h.settings,
      actor: 'scheduler',
    });
    expect(writes(sim).filter((w) => w.startsWith('POST'))).toEqual(['POST lost-reply']);
    const adds = report.results.filter((r) => r.action === 'add');
    expect(adds.length).toBeGreaterThan(0);
    expect(adds.every((r) => r.outcome === 'recovered' && r.concurId)).toBe(true);
    for (const add of adds) expect(records(sim, add.vendorCode)).toHaveLength(1);

    sim.apiServer.faults.clear();
    const again = await pushVendors({
      db: store.db,
      client: h.client,
      settings: h.settings,
      actor: 'scheduler',
    });
    expect(again.results).toEqual([]);
    for (const add of adds) expect(records(sim, add.vendorCode)).toHaveLength(1);
  });

  it('an unclear create (lost reply, then the look-up fails) is looked up by code before any re-send', async () => {
    sim = await startSim({ documents: 0 });
    store = tempStore();
    loadSuppliers(store);
    const h = harness(sim, SETTINGS);
    const real = h.client.vendors;
    let listed: ConcurVendor[] = [];
    // Push 1: Concur applies the create but the reply is lost, and so is every look-up that would settle it.
    const failingLookup = {
      list: async () => (listed = await real.list()),
      findByCode: (code: string, address?: string) => real.findByCode(code, address),
      create: (v: Parameters<VendorClient['create']>[0]) => {
        sim?.apiServer.faults.set({ lostReplyRate: 1, pathContains: '/invoice/vendors' });
        return real.create(v);
      },
      update: (v: Parameters<VendorClient['update']>[0]) => real.update(v),
    } as unknown as VendorClient;
    const first = await pushVendors({
      db: store.db,
      client: { vendors: failingLookup },
      settings: h.settings,
      actor: 'scheduler',
    });
    const unclear = first.results.filter((r) => r.outcome === 'unclear');
    expect(unclear.length).toBe(first.plan.adds.length);
    expect(first.unclear).toBe(unclear.length);
    for (const r of unclear) expect(records(sim, r.vendorCode)).toHaveLength(1);
    expect(
      listAuditEvents(store.db, { limit: 1000 }).events.some((e) => e.action === 'concur_vendor.unclear'),
    ).toBe(true);

    // Push 2: Concur's listing still lags (the new vendors are not in it), the look-up works again.
    sim.apiServer.faults.clear();
    const stale = listed;
    const lagging = {
      list: () => Promise.resolve(stale),
      findByCode: (code: string, address?: string) => real.findByCode(code, address),
      create: (v: Parameters<VendorClient['create']>[0]) => real.create(v),
      update: (v: Parameters<VendorClient['update']>[0]) => real.update(v),
    } as unknown as VendorClient;
    const postsBefore = writes(sim).filter((w) => w.startsWith('POST')).length;
    const second = await pushVendors({
      db: store.db,
      client: { vendors: lagging },
      settings: h.settings,
      actor: 'scheduler',
    });
    expect(writes(sim).filter((w) => w.startsWith('POST')).length).toBe(postsBefore);
    expect(second.results.filter((r) => r.action === 'add').every((r) => r.outcome === 'recovered')).toBe(
      true,
    );
    for (const r of unclear) expect(records(sim, r.vendorCode)).toHaveLength(1);
  });

  it('refuses to push before QAD master data was read', async () => {
    sim = await startSim({ documents: 0 });
    store = tempStore();
    const h = harness(sim);
    await expect(
      pushVendors({ db: store.db, client: h.client, settings: h.settings, actor: 'x' }),
    ).rejects.toThrow(/master data/);
    expect(writes(sim)).toEqual([]);
  });
});

describe('diffVendors (pure)', () => {
  const settings = { addressCode: 'MAIN', countryCode: 'US', countryByCurrency: {} };
  const vendor = (fields: Record<string, string>): ConcurVendor => ({
    id: fields.ID,
    vendorCode: fields.VendorCode ?? '',
    addressCode: fields.AddressCode ?? '',
    approved: (fields.Approved ?? 'Y') !== 'N',
    fields,
  });

  it('skips employees and inactive suppliers Concur never had; leaves unknown Concur vendors alone; shows duplicates', () => {
    const plan = diffVendors(
      [
        { code: 'E1', name: 'Ann Employee', currency: 'USD', active: true, isEmployee: true },
        { code: 'OLD', name: 'Old Co', currency: 'USD', active: false, isEmployee: false },
        { code: 'DUP', name: 'Dup Co', currency: 'USD', active: true, isEmployee: false },
      ],
      [
        vendor({ VendorCode: 'MANUAL', AddressCode: 'MAIN', VendorName: 'Hand made', CurrencyCode: 'USD' }),
        vendor({
          ID: 'A',
          VendorCode: 'DUP',
          AddressCode: 'MAIN',
          VendorName: 'Dup Co',
          CurrencyCode: 'USD',
        }),
        vendor({
          ID: 'B',
          VendorCode: 'DUP',
          AddressCode: 'MAIN',
          VendorName: 'Dup Co',
          CurrencyCode: 'USD',
        }),
      ],
      settings,
    );
    expect(plan.adds).toEqual([]);
    expect(plan.changes).toEqual([]);
    expect(plan.deactivations).toEqual([]);
    expect(plan.notInQad).toEqual(['MANUAL']);
    expect(plan.duplicates).toEqual(['DUP']);
    expect(plan.unchanged).toBe(1);
  });

  it('sends the whole record back on an update, with the changed fields', () => {
    const plan = diffVendors(
      [{ code: 'S1', name: 'New Name', currency: 'EUR', active: true, isEmployee: false }],
      [
        vendor({
          ID: 'X',
          URI: 'http://x',
          VendorCode: 'S1',
          AddressCode: 'MAIN',
          VendorName: 'Old',
          CurrencyCode: 'USD',
          City: 'Dayton',
          PostalCode: '',
        }),
      ],
      settings,
    );
    expect(plan.changes[0]?.record).toEqual({
      VendorCode: 'S1',
      AddressCode: 'MAIN',
      VendorName: 'New Name',
      CurrencyCode: 'EUR',
      City: 'Dayton',
      Approved: 'Y',
    });
    expect(plan.changes[0]?.changes.map((c) => c.field)).toEqual(['VendorName', 'CurrencyCode']);
  });
});
