import { afterEach, describe, expect, it } from 'vitest';
import type { ConcurSimulator } from '../../../electron/sandbox/concur/index.ts';
import {
  ConcurOutcomeUnclearError,
  readVendorBody,
  VendorClient,
  type VendorInput,
} from '../../../electron/connectors/concur/index.ts';
import { clientFor, startSim } from './helpers.ts';

let sim: ConcurSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const NEW_VENDOR: VendorInput = {
  VendorCode: 'S-90001',
  AddressCode: 'MAIN',
  VendorName: 'Acme Fasteners GmbH',
  Address1: 'Industriestrasse 9',
  City: 'Stuttgart',
  PostalCode: '70173',
  Country: 'Germany',
  CountryCode: 'DE',
  CurrencyCode: 'EUR',
  PaymentTerms: 30,
};

function records(s: ConcurSimulator, code: string): Record<string, string>[] {
  return s.state.vendors.filter((v) => v.fields.VendorCode === code).map((v) => v.fields);
}

function vendorCalls(s: ConcurSimulator): string[] {
  return s.apiServer.requests
    .filter((r) => r.path.includes('/invoice/vendors'))
    .map((r) => `${r.method} ${r.fault ?? r.status ?? ''}`);
}

describe('Concur Invoice vendors v3.1 client', () => {
  it.each([
    { media: 'json', sim: {} },
    { media: 'server-default', sim: { vendorDefaultMediaType: 'xml' } },
    { media: 'xml', sim: { vendorStatusListAs: 'object', vendorListKey: 'Vendor' } },
    { media: 'json', sim: { vendorStatusListAs: 'object', vendorListKey: 'Items' } },
  ] as const)('creates, finds, updates and deactivates ($media, $sim)', async ({ media, sim: options }) => {
    sim = await startSim({ options });
    const h = clientFor(sim, { options: { vendorMediaType: media } });

    const [created] = await h.client.vendors.create([NEW_VENDOR]);
    expect(created).toMatchObject({ ok: true, vendorCode: 'S-90001', outcome: 'done' });
    expect(created?.id).toBeTruthy();

    const found = await h.client.vendors.findByCode('S-90001', 'MAIN');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ vendorCode: 'S-90001', addressCode: 'MAIN', approved: true });
    expect(found[0]?.fields.VendorName).toBe('Acme Fasteners GmbH');

    const [updated] = await h.client.vendors.update([
      { VendorCode: 'S-90001', AddressCode: 'MAIN', VendorName: 'Acme Fasteners AG' },
    ]);
    expect(updated?.ok).toBe(true);
    const deactivated = await h.client.vendors.deactivate('S-90001', 'MAIN');
    expect(deactivated.ok).toBe(true);

    expect(records(sim, 'S-90001')).toEqual([
      expect.objectContaining({ VendorName: 'Acme Fasteners AG', Approved: 'N', City: 'Stuttgart' }),
    ]);
    expect((await h.client.vendors.findByCode('S-90001'))[0]?.approved).toBe(false);
    // Never a DELETE: deactivation is an update.
    expect(sim.apiServer.requests.some((r) => r.method === 'DELETE')).toBe(false);
  });

  it('reads the XML the API answers without an Accept header', async () => {
    sim = await startSim({ options: { vendorDefaultMediaType: 'xml' } });
    const h = clientFor(sim, { options: { vendorMediaType: 'server-default' } });
    await h.client.connect();
    const response = await h.client.http.send({
      endpoint: 'vendors.list',
      method: 'GET',
      path: '/api/v3.1/invoice/vendors',
      params: { limit: 3 },
      headers: { Accept: false },
      repeat: 'repeatable',
    });
    expect(response.contentType).toContain('xml');
    const body = readVendorBody(response.body, response.contentType);
    expect(body.records).toHaveLength(3);
    expect(body.nextPage).toContain('offset=3');
    const all = await h.client.vendors.list();
    expect(all.length).toBe(sim.state.vendors.length);
  });

  it('pages through the vendor list', async () => {
    sim = await startSim();
    const h = clientFor(sim);
    const small = new VendorClient({
      http: h.client.http,
      log: h.log,
      mediaType: 'json',
      pageSize: 2,
    });
    const all = await small.list();
    expect(all.map((v) => v.id).sort()).toEqual(sim.state.vendors.map((v) => v.ID).sort());
    expect(sim.apiServer.requests.filter((r) => r.operation === 'vendor.list').length).toBeGreaterThan(2);
  });

  it('a create whose reply is lost is looked up, never sent twice', async () => {
    sim = await startSim();
    const h = clientFor(sim);
    await h.client.connect();
    sim.apiServer.faults.set({ lostReplyRate: 1, pathContains: '/invoice/vendors', methods: ['POST'] });
    const [result] = await h.client.vendors.create([NEW_VENDOR]);
    expect(result).toMatchObject({ ok: true, recovered: true, outcome: 'recovered' });
    expect(records(sim, 'S-90001')).toHaveLength(1);
    expect(vendorCalls(sim)).toEqual(['POST lost-reply', 'GET 200']);
  });

  it('a create dropped before it arrived is looked up, then sent again once', async () => {
    sim = await startSim();
    const h = clientFor(sim);
    await h.client.connect();
    // Seed 7 draws 0.01 then 0.06: the first POST is reset, the second goes through.
    sim.apiServer.faults.set({
      resetRate: 0.05,
      seed: 7,
      pathContains: '/invoice/vendors',
      methods: ['POST'],
    });
    const [result] = await h.client.vendors.create([NEW_VENDOR]);
    expect(result).toMatchObject({ ok: true, outcome: 'done' });
    expect(records(sim, 'S-90001')).toHaveLength(1);
    expect(vendorCalls(sim)).toEqual(['POST reset', 'GET 200', 'POST 200']);
  });

  it('when the look-up after a lost create fails too, it stops and says so (no second create)', async () => {
    sim = await startSim();
    const h = clientFor(sim, { options: { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } } });
    await h.client.connect();
    sim.apiServer.faults.set({ lostReplyRate: 1, pathContains: '/invoice/vendors' });
    const error = await h.client.vendors.create([NEW_VENDOR]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConcurOutcomeUnclearError);
    expect((error as Error).message).toMatch(/check the vendor in Concur before sending it again/);
    expect(records(sim, 'S-90001')).toHaveLength(1);
    expect(vendorCalls(sim).filter((c) => c.startsWith('POST'))).toHaveLength(1);
  });

  it('reports a refused vendor per item and validates input by field', async () => {
    sim = await startSim();
    const h = clientFor(sim);
    const [missing] = await h.client.vendors.update([
      { VendorCode: 'NOPE-1', AddressCode: 'MAIN', VendorName: 'x' },
    ]);
    expect(missing).toMatchObject({ ok: false, outcome: 'refused', type: 'ERROR' });
    expect(missing?.message).toMatch(/No vendor/);
    await expect(
      h.client.vendors.create([
        { VendorCode: 'S-1', AddressCode: 'MAIN', CountryCode: 'Germany', CurrencyCode: 'EUR' },
      ]),
    ).rejects.toMatchObject({
      field: 'vendors[0].CountryCode',
    });
    expect((await h.client.vendors.deactivate('NOPE-1', 'MAIN')).outcome).toBe('not_found');
  });
});
