// Invoice Vendor v3.1 [VEN31; VENSW] (v3.0 served too: same shapes, decommissioned 2023 but still seen):
// GET (paged by an opaque offset, searched by vendor fields), POST create, PUT update, DELETE by vendorCode +
// addressCode. JSON or XML by Accept; per-item StatusList at HTTP 200. There is no idempotency key, so a
// repeated create makes a second record with the same VendorCode + AddressCode (tests can see it).
// `Approved` Y/N is the only "deactivate" (section 8).
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import type { SimRequest, SimResponse } from '../http-server.ts';
import type { SimClock } from '../clock.ts';
import type { DemoCompany } from '../demo/company.ts';
import { authenticate, correlationHeaders, isRecord } from './http-helpers.ts';
import { hex, type ConcurState, type Vendor } from './state.ts';

const VENDOR_PATH = /^\/api\/v3\.[01]\/invoice\/vendors\/?$/;

/** Search parameters [VEN31] and the vendor field each one reads. */
const SEARCH_FIELDS: Readonly<Record<string, string>> = {
  vendorcode: 'VendorCode',
  vendorname: 'VendorName',
  taxid: 'TaxID',
  buyeraccountnumber: 'AccountNumber',
  paymentmethodtype: 'PaymentMethodType',
  addresscode: 'AddressCode',
  address1: 'Address1',
  address2: 'Address2',
  address3: 'Address3',
  city: 'City',
  state: 'State',
  postalcode: 'PostalCode',
  country: 'Country',
  ...Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`custom${i + 1}`, `Custom${i + 1}`])),
};

const READ_ONLY = new Set(['ID', 'URI', 'StatusList', 'VendorBankList', 'VendorGroupList']);

/** UNCONFIRMED StatusList codes and types (the docs give none); these are the simulator's. */
export const VENDOR_STATUS = {
  ok: { Code: 0, Type: 'SUCCESS' },
  missingField: { Code: 1000, Type: 'ERROR' },
  notFound: { Code: 1001, Type: 'ERROR' },
  duplicate: { Code: 1002, Type: 'ERROR' },
  invalidValue: { Code: 1003, Type: 'ERROR' },
} as const;

const xmlBuilder = new XMLBuilder({ format: false, suppressEmptyNode: false });
const xmlParser = new XMLParser({
  parseTagValue: false,
  ignoreAttributes: true,
  isArray: (name, jpath) =>
    jpath === 'VendorCollection.Vendor' || jpath === 'VendorCollection.Items' || name === 'Status',
});

export function seedVendors(state: ConcurState, company: DemoCompany): void {
  const trade = company.suppliers.filter((s) => !s.isEmployee);
  // Partly out of date against QAD: the last three suppliers were never sent, one name is stale, and an
  // inactive QAD supplier is still approved in Concur.
  trade.slice(0, Math.max(0, trade.length - 3)).forEach((s, i) => {
    const de = s.currency === 'EUR';
    state.vendors.push({
      ID: hex(state.random, 32).toUpperCase(),
      fields: {
        VendorCode: s.code,
        AddressCode: 'MAIN',
        VendorName: i === 1 ? s.name.replace(/ \S+$/, '') : s.name,
        Address1: `${100 + i * 7} ${de ? 'Industriestrasse' : 'Commerce Drive'}`,
        City: de ? 'Stuttgart' : 'Dayton',
        PostalCode: de ? `70${String(100 + i)}` : `45${String(400 + i)}`,
        Country: de ? 'Germany' : 'United States',
        CountryCode: de ? 'DE' : 'US',
        CurrencyCode: s.currency,
        PaymentTerms: '30',
        PaymentMethodType: 'CHECK',
        Approved: 'Y',
      },
    });
  });
}

type MediaType = 'json' | 'xml';

function responseType(state: ConcurState, request: SimRequest): MediaType {
  const accept = String(request.headers.accept ?? '').toLowerCase();
  if (accept.includes('application/json')) return 'json';
  if (accept.includes('xml')) return 'xml';
  return state.options.vendorDefaultMediaType;
}

function vendorOut(state: ConcurState, request: SimRequest, vendor: Vendor): Record<string, unknown> {
  return {
    ...vendor.fields,
    ID: vendor.ID,
    URI: `${request.baseUrl}/api/v3.1/invoice/vendors?id=${vendor.ID}`,
  };
}

function send(
  state: ConcurState,
  request: SimRequest,
  status: number,
  body: Record<string, unknown>,
  operation: string,
): SimResponse {
  const type = responseType(state, request);
  const headers = correlationHeaders(state);
  if (type === 'json') {
    return {
      status,
      headers: { ...headers, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      operation,
    };
  }
  // UNCONFIRMED XML layout: a <VendorCollection> root with one <Vendor> element per record.
  const root = 'Vendor' in body || 'Items' in body ? 'VendorCollection' : 'Error';
  const { Items: items, Vendor: vendors, ...rest } = body;
  const inner = root === 'Error' ? body : { Vendor: vendors ?? items, ...rest };
  const built: string = xmlBuilder.build({ [root]: inner });
  const xml = `<?xml version="1.0" encoding="utf-8"?>${built}`;
  return {
    status,
    headers: { ...headers, 'content-type': 'application/xml; charset=utf-8' },
    body: xml,
    operation,
  };
}

function errorResponse(
  state: ConcurState,
  request: SimRequest,
  message: string,
  operation: string,
): SimResponse {
  return send(state, request, 400, { Message: message }, operation);
}

function collection(
  state: ConcurState,
  records: Record<string, unknown>[],
  extra: Record<string, unknown>,
): Record<string, unknown> {
  const key = state.options.vendorListKey;
  return {
    ...(key === 'Items' || key === 'both' ? { Items: records } : {}),
    ...(key === 'Vendor' || key === 'both' ? { Vendor: records } : {}),
    ...extra,
  };
}

function listVendors(state: ConcurState, request: SimRequest): SimResponse {
  const q = request.query;
  const limitText = q.get('limit') ?? '25';
  if (!/^\d+$/.test(limitText) || Number(limitText) < 1)
    return errorResponse(state, request, 'limit must be a positive integer', 'vendor.list');
  const limit = Math.min(Number(limitText), 1000);
  const offsetText = q.get('offset') ?? '0';
  if (!/^\d+$/.test(offsetText))
    return errorResponse(state, request, 'offset is not a valid paging cursor', 'vendor.list');
  const searchType = (q.get('searchType') ?? 'exact').toLowerCase();
  if (!['exact', 'begins', 'contains', 'ends'].includes(searchType)) {
    return errorResponse(state, request, 'searchType must be exact, begins, contains or ends', 'vendor.list');
  }
  const matches = (actual: string | undefined, wanted: string): boolean => {
    const a = (actual ?? '').toLowerCase();
    const w = wanted.toLowerCase();
    if (searchType === 'begins') return a.startsWith(w);
    if (searchType === 'contains') return a.includes(w);
    if (searchType === 'ends') return a.endsWith(w);
    return a === w;
  };
  let vendors = state.vendors;
  for (const [param, wanted] of q) {
    const key = param.toLowerCase();
    const field = SEARCH_FIELDS[key];
    if (field) vendors = vendors.filter((v) => matches(v.fields[field], wanted));
    else if (key === 'approved') {
      const flag = wanted.toLowerCase() === 'true' ? 'Y' : 'N';
      vendors = vendors.filter((v) => (v.fields.Approved ?? 'Y').toUpperCase() === flag);
    }
  }
  const sortBy = q.get('sortBy');
  if (sortBy) {
    const field = SEARCH_FIELDS[sortBy.toLowerCase()] ?? sortBy;
    const dir = (q.get('sortDirection') ?? 'asc').toLowerCase() === 'desc' ? -1 : 1;
    vendors = [...vendors].sort((a, b) => dir * (a.fields[field] ?? '').localeCompare(b.fields[field] ?? ''));
  }
  const offset = Number(offsetText);
  const page = vendors.slice(offset, offset + limit);
  let nextPage: string | null = null;
  if (offset + limit < vendors.length) {
    const params = new URLSearchParams(q);
    params.set('offset', String(offset + limit));
    params.set('limit', String(limit));
    nextPage = `${request.baseUrl}${request.path}?${params.toString()}`;
  }
  const body = collection(
    state,
    page.map((v) => vendorOut(state, request, v)),
    { NextPage: nextPage, RequestRunSummary: '', TotalCount: vendors.length },
  );
  return send(state, request, 200, body, 'vendor.list');
}

/** Reads a vendor batch from JSON (`Vendor` or `Items`, array or single object) or XML. */
function readBatch(
  state: ConcurState,
  request: SimRequest,
): { ok: true; items: unknown[] } | { ok: false; message: string } {
  const raw = request.body.toString('utf8');
  if (raw.trim() === '')
    return { ok: false, message: 'The request body is empty; a vendor collection is required.' };
  const contentType = String(request.headers['content-type'] ?? '').toLowerCase();
  let parsed: unknown;
  try {
    parsed =
      contentType.includes('xml') || raw.trimStart().startsWith('<')
        ? (xmlParser.parse(raw, true) as unknown)
        : JSON.parse(raw);
  } catch (error) {
    return {
      ok: false,
      message: `The request body could not be read: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (isRecord(parsed) && isRecord(parsed.VendorCollection)) parsed = parsed.VendorCollection;
  if (!isRecord(parsed)) return { ok: false, message: 'The body must be a vendor collection object.' };
  const list = parsed.Vendor ?? parsed.Items;
  const items = Array.isArray(list) ? list : isRecord(list) ? [list] : undefined;
  if (!items || items.length === 0) return { ok: false, message: 'Vendor: at least one vendor is required.' };
  if (items.length > state.options.vendorMaxBatch) {
    return { ok: false, message: `Vendor: at most ${state.options.vendorMaxBatch} vendors per request.` };
  }
  return { ok: true, items };
}

function stringFields(item: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(item)) {
    if (READ_ONLY.has(key)) continue;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue;
    // The v3.1 swagger spells the currency field `CurrenyCode`; accept it and store the right name.
    out[key === 'CurrenyCode' ? 'CurrencyCode' : key] = String(value);
  }
  return out;
}

function statusList(
  state: ConcurState,
  status: { Code: number; Type: string },
  message: string,
  recordNumber: number,
): unknown {
  const entry = { Code: status.Code, Message: message, RecordNumber: recordNumber, Type: status.Type };
  return state.options.vendorStatusListAs === 'array' ? [entry] : entry;
}

function validateFields(fields: Record<string, string>, forCreate: boolean): string | undefined {
  const required = forCreate
    ? ['VendorCode', 'AddressCode', 'CountryCode', 'CurrencyCode']
    : ['VendorCode', 'AddressCode'];
  for (const name of required) if (!fields[name]?.trim()) return `${name} is required.`;
  if (fields.Approved !== undefined && !['Y', 'N'].includes(fields.Approved))
    return 'Approved must be Y or N.';
  if (fields.PaymentTerms !== undefined) {
    const days = Number(fields.PaymentTerms);
    if (!Number.isInteger(days) || days < 1 || days > 999)
      return 'PaymentTerms must be between 1 and 999 days.';
  }
  if (fields.VendorCode && fields.VendorCode.length > 50) return 'VendorCode is too long.';
  return undefined;
}

function writeVendors(state: ConcurState, request: SimRequest, mode: 'create' | 'update'): SimResponse {
  const operation = mode === 'create' ? 'vendor.create' : 'vendor.update';
  const batch = readBatch(state, request);
  if (!batch.ok) return errorResponse(state, request, batch.message, operation);
  let succeeded = 0;
  const records = batch.items.map((raw, index) => {
    const recordNumber = index + 1;
    if (!isRecord(raw))
      return {
        StatusList: statusList(
          state,
          VENDOR_STATUS.invalidValue,
          'A vendor must be an object.',
          recordNumber,
        ),
      };
    const fields = stringFields(raw);
    const fail = (status: { Code: number; Type: string }, message: string): Record<string, unknown> => ({
      ...fields,
      StatusList: statusList(state, status, message, recordNumber),
    });
    const invalid = validateFields(fields, mode === 'create');
    if (invalid)
      return fail(
        invalid.endsWith('required.') ? VENDOR_STATUS.missingField : VENDOR_STATUS.invalidValue,
        invalid,
      );
    const existing = state.vendors.find(
      (v) => v.fields.VendorCode === fields.VendorCode && v.fields.AddressCode === fields.AddressCode,
    );
    if (mode === 'create') {
      if (existing && state.options.vendorDuplicateCreate === 'reject') {
        return fail(VENDOR_STATUS.duplicate, 'A vendor with this VendorCode and AddressCode already exists.');
      }
      const vendor: Vendor = {
        ID: hex(state.random, 32).toUpperCase(),
        fields: { Approved: 'Y', ...fields },
      };
      state.vendors.push(vendor);
      succeeded += 1;
      return {
        ...vendorOut(state, request, vendor),
        StatusList: statusList(state, VENDOR_STATUS.ok, 'Vendor created.', recordNumber),
      };
    }
    if (!existing)
      return fail(VENDOR_STATUS.notFound, 'No vendor with this VendorCode and AddressCode exists.');
    existing.fields = { ...existing.fields, ...fields };
    succeeded += 1;
    return {
      ...vendorOut(state, request, existing),
      StatusList: statusList(state, VENDOR_STATUS.ok, 'Vendor updated.', recordNumber),
    };
  });
  const summary = `${records.length} records processed: ${succeeded} succeeded, ${records.length - succeeded} failed.`;
  // Batch writes answer 200 even when every item fails (PO v3 documents this; assumed for vendors).
  return send(
    state,
    request,
    200,
    collection(state, records, { NextPage: null, RequestRunSummary: summary, TotalCount: records.length }),
    operation,
  );
}

function deleteVendor(state: ConcurState, request: SimRequest): SimResponse {
  const vendorCode = request.query.get('vendorCode');
  const addressCode = request.query.get('addressCode');
  if (!vendorCode || !addressCode)
    return errorResponse(state, request, 'vendorCode and addressCode are both required.', 'vendor.delete');
  const before = state.vendors.length;
  for (let i = state.vendors.length - 1; i >= 0; i -= 1) {
    const v = state.vendors[i];
    if (v && v.fields.VendorCode === vendorCode && v.fields.AddressCode === addressCode)
      state.vendors.splice(i, 1);
  }
  if (state.vendors.length === before)
    return errorResponse(
      state,
      request,
      'No vendor with this VendorCode and AddressCode exists.',
      'vendor.delete',
    );
  return send(
    state,
    request,
    200,
    collection(state, [], {
      NextPage: null,
      RequestRunSummary: `${before - state.vendors.length} deleted.`,
      TotalCount: 0,
    }),
    'vendor.delete',
  );
}

export function handleVendors(
  deps: { state: ConcurState; clock: SimClock },
  request: SimRequest,
): SimResponse | undefined {
  if (!VENDOR_PATH.test(request.path)) return undefined;
  const { state, clock } = deps;
  const auth = authenticate(state, clock, request);
  if (!auth.ok) return { ...auth.response, operation: 'vendor.auth' };
  if (request.method === 'GET') return listVendors(state, request);
  if (request.method === 'POST') return writeVendors(state, request, 'create');
  if (request.method === 'PUT') return writeVendors(state, request, 'update');
  if (request.method === 'DELETE') return deleteVendor(state, request);
  return errorResponse(state, request, `${request.method} is not supported.`, 'vendor.unsupported');
}
