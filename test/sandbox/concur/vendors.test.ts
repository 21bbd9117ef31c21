/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- contract tests read untyped JSON answers from the wire */
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConcurSimulator } from '../../../electron/sandbox/concur/index.ts';
import { bearer, demoCompany, http, startSim } from './helpers.ts';

let sim: ConcurSimulator;
let auth: Record<string, string>;
let jsonAuth: Record<string, string>;
const VENDORS = '/api/v3.1/invoice/vendors';

beforeAll(async () => {
  sim = await startSim({ documents: 0 });
  auth = await bearer(sim);
  jsonAuth = { ...auth, accept: 'application/json' };
});
afterAll(async () => {
  await sim.close();
});

const newVendor = (code: string, extra: Record<string, string> = {}) => ({
  VendorCode: code,
  AddressCode: 'MAIN',
  VendorName: `${code} Industries`,
  CountryCode: 'US',
  CurrencyCode: 'USD',
  ...extra,
});

describe('Concur Invoice vendors v3.1', () => {
  it('lists vendors in JSON with paging and searches by vendor code', async () => {
    const first = await http('GET', `${sim.apiUrl}${VENDORS}?limit=5`, { headers: jsonAuth });
    expect(first.status).toBe(200);
    expect(first.body.Items).toHaveLength(5);
    expect(first.body.Vendor).toHaveLength(5);
    expect(first.body.TotalCount).toBe(sim.state.vendors.length);
    expect(first.body.NextPage).toContain('offset=5');
    const next = await http('GET', String(first.body.NextPage), { headers: jsonAuth });
    expect(next.body.Items[0].VendorCode).not.toBe(first.body.Items[0].VendorCode);
    const code = sim.state.vendors[2]!.fields.VendorCode!;
    const found = await http('GET', `${sim.apiUrl}${VENDORS}?vendorCode=${code}`, { headers: jsonAuth });
    expect(found.body.Items.map((v: { VendorCode: string }) => v.VendorCode)).toEqual([code]);
    const begins = await http(
      'GET',
      `${sim.apiUrl}${VENDORS}?vendorCode=${code.slice(0, 3)}&searchType=begins`,
      { headers: jsonAuth },
    );
    expect(begins.body.TotalCount).toBeGreaterThanOrEqual(1);
  });

  it('is partly out of date against QAD (missing suppliers) to give a sync something to do', () => {
    const trade = demoCompany().suppliers.filter((s) => !s.isEmployee);
    const codes = new Set(sim.state.vendors.map((v) => v.fields.VendorCode));
    expect(trade.filter((s) => !codes.has(s.code)).length).toBeGreaterThan(0);
  });

  it('answers in XML without an Accept header and reads XML bodies', async () => {
    const answer = await http('GET', `${sim.apiUrl}${VENDORS}?limit=2`, { headers: auth });
    expect(answer.headers.get('content-type')).toContain('application/xml');
    const parsed = new XMLParser({ parseTagValue: false }).parse(answer.text) as {
      VendorCollection: { Vendor: { VendorCode: string }[]; TotalCount: string };
    };
    expect(parsed.VendorCollection.Vendor).toHaveLength(2);
    expect(Number(parsed.VendorCollection.TotalCount)).toBe(sim.state.vendors.length);
    const xmlBody =
      '<VendorCollection><Vendor><VendorCode>XMLV01</VendorCode><AddressCode>MAIN</AddressCode><CountryCode>DE</CountryCode><CurrencyCode>EUR</CurrencyCode></Vendor></VendorCollection>';
    const created = await http('POST', `${sim.apiUrl}${VENDORS}`, {
      headers: { ...jsonAuth, 'content-type': 'application/xml' },
      body: xmlBody,
    });
    expect(created.status).toBe(200);
    expect(created.body.Items[0].StatusList[0]).toMatchObject({ Type: 'SUCCESS', RecordNumber: 1 });
  });

  it('creates with a per-item StatusList, and a repeated create makes a duplicate (no idempotency key)', async () => {
    const body = { Vendor: [newVendor('DUPV01'), { VendorCode: 'BAD01', AddressCode: 'MAIN' }] };
    const first = await http('POST', `${sim.apiUrl}${VENDORS}`, { headers: jsonAuth, body });
    expect(first.status).toBe(200);
    expect(first.body.Items[0].StatusList[0].Type).toBe('SUCCESS');
    expect(first.body.Items[0].ID).toMatch(/^[0-9A-F]{32}$/);
    expect(first.body.Items[1].StatusList[0]).toMatchObject({ Type: 'ERROR', RecordNumber: 2 });
    expect(first.body.Items[1].StatusList[0].Message).toContain('CountryCode');
    await http('POST', `${sim.apiUrl}${VENDORS}`, {
      headers: jsonAuth,
      body: { Vendor: [newVendor('DUPV01')] },
    });
    expect(sim.state.vendors.filter((v) => v.fields.VendorCode === 'DUPV01')).toHaveLength(2);
  });

  it('deactivates with Approved=N through PUT; an unknown vendor fails per item', async () => {
    await http('POST', `${sim.apiUrl}${VENDORS}`, {
      headers: jsonAuth,
      body: { Vendor: newVendor('DEACT1', { CurrenyCode: 'USD' }) },
    });
    const update = await http('PUT', `${sim.apiUrl}${VENDORS}`, {
      headers: jsonAuth,
      body: {
        Vendor: [
          { VendorCode: 'DEACT1', AddressCode: 'MAIN', Approved: 'N' },
          { VendorCode: 'NOPE', AddressCode: 'MAIN', Approved: 'N' },
        ],
      },
    });
    expect(update.body.Items.map((v: { StatusList: { Type: string }[] }) => v.StatusList[0]!.Type)).toEqual([
      'SUCCESS',
      'ERROR',
    ]);
    const inactive = await http('GET', `${sim.apiUrl}${VENDORS}?approved=false`, { headers: jsonAuth });
    expect(inactive.body.Items.map((v: { VendorCode: string }) => v.VendorCode)).toContain('DEACT1');
    const wrongFlag = await http('PUT', `${sim.apiUrl}${VENDORS}`, {
      headers: jsonAuth,
      body: { Vendor: [{ VendorCode: 'DEACT1', AddressCode: 'MAIN', Approved: 'maybe' }] },
    });
    expect(wrongFlag.body.Items[0].StatusList[0].Message).toContain('Approved');
  });

  it('supports DELETE by vendorCode + addressCode, and answers bad input with Error{Message}', async () => {
    await http('POST', `${sim.apiUrl}${VENDORS}`, {
      headers: jsonAuth,
      body: { Vendor: [newVendor('DELV01')] },
    });
    expect(
      (await http('DELETE', `${sim.apiUrl}${VENDORS}?vendorCode=DELV01`, { headers: jsonAuth })).status,
    ).toBe(400);
    expect(
      (
        await http('DELETE', `${sim.apiUrl}${VENDORS}?vendorCode=DELV01&addressCode=MAIN`, {
          headers: jsonAuth,
        })
      ).status,
    ).toBe(200);
    expect(sim.state.vendors.some((v) => v.fields.VendorCode === 'DELV01')).toBe(false);
    const malformed = await http('POST', `${sim.apiUrl}${VENDORS}`, {
      headers: { ...jsonAuth, 'content-type': 'application/json' },
      body: '{"Vendor": [',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.Message).toContain('could not be read');
    const empty = await http('POST', `${sim.apiUrl}${VENDORS}`, { headers: jsonAuth, body: { Vendor: [] } });
    expect(empty.body.Message).toContain('at least one');
    expect(
      (await http('GET', `${sim.apiUrl}${VENDORS}`, { headers: { accept: 'application/json' } })).status,
    ).toBe(401);
    // v3.0 is served with the same shapes.
    expect(
      (await http('GET', `${sim.apiUrl}/api/v3.0/invoice/vendors?limit=1`, { headers: jsonAuth })).body.Items,
    ).toHaveLength(1);
  });
});
