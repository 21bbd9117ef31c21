// Pins the QAD Adaptive REST simulator to research/qad.md section 2 through plain HTTP: the password grant
// with query-parameter credentials, bearer tokens expiring on the SimClock, the supplementaryMessages +
// collection envelope, paging, the OpenAPI document and the business rules of the shared model.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startQadSimulators, type QadSimulators } from '../../../electron/sandbox/qad/index.ts';
import { QAD_REST_COLLECTIONS } from '../../../electron/connectors/qad/defaults.ts';
import type { DemoCompany } from '../../../electron/sandbox/demo/company.ts';
import { at, CLOSED_DATE, company, dec, items, OPEN_DATE, poWithoutReceipts } from './helpers.ts';

let sims: QadSimulators;
let demo: DemoCompany;
let token: string;

async function getToken(base: string, password = 'sandbox-password') {
  const params = new URLSearchParams({
    client_id: 'mlc',
    username: 'mlc-demo',
    password,
    grant_type: 'password',
  });
  return fetch(`${base}/oauth/token?${params.toString()}`, { method: 'POST' });
}

async function api(path: string, init: { method?: string; body?: unknown; bearer?: string } = {}) {
  const response = await fetch(`${sims.rest.tenantUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${init.bearer ?? token}`,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: response.status, body: await response.json() };
}

const invoicePath = `/api/erp/${QAD_REST_COLLECTIONS.supplierInvoices.name}`;
const journalPath = `/api/erp/${QAD_REST_COLLECTIONS.journalEntries.name}`;

function postInvoice(invoice: Record<string, unknown>) {
  return api(invoicePath, {
    method: 'POST',
    body: { supplementaryMessages: [], supplierInvoices: [invoice] },
  });
}

function nonPoInvoice(overrides: Record<string, unknown> = {}) {
  return {
    domainCode: 'QMFG',
    entityCode: '10USA',
    supplierCode: demo.suppliers[0]!.code,
    reference: 'SUPP-INV-001',
    description: 'MLC-CONCUR-inv-1',
    invoiceDate: OPEN_DATE,
    postingDate: OPEN_DATE,
    currencyCode: 'USD',
    amount: '150.00',
    glLines: [
      { glAccount: '6200', costCenter: '10ADMIN', subAccount: 'SGA', project: 'P-ERP', amount: '100.00' },
      { glAccount: '6500', costCenter: '10ADMIN', amount: '50.00' },
    ],
    ...overrides,
  };
}

beforeEach(async () => {
  demo = company();
  sims = await startQadSimulators({ company: demo });
  const response = await getToken(sims.rest.tenantUrl);
  token = ((await response.json()) as { access_token: string }).access_token;
});

afterEach(async () => {
  await sims.close();
});

describe('QAD REST: authentication', () => {
  it('issues a bearer token for the password grant with query-parameter credentials', async () => {
    const response = await getToken(sims.rest.tenantUrl);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
    expect(typeof at(body, 'access_token')).toBe('string');
    expect(sims.rest.tenantUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/clouderp$/);
  });

  it('refuses a wrong password and an unknown bearer with 401', async () => {
    expect((await getToken(sims.rest.tenantUrl, 'wrong')).status).toBe(401);
    const denied = await api(`/api/erp/${QAD_REST_COLLECTIONS.suppliers.name}`, { bearer: 'nope' });
    expect(denied.status).toBe(401);
    const missing = await fetch(`${sims.rest.tenantUrl}/api/erp/${QAD_REST_COLLECTIONS.suppliers.name}`);
    expect(missing.status).toBe(401);
  });

  it('answers 401 once the token has expired on the simulator clock, and a new token works', async () => {
    const path = `/api/erp/${QAD_REST_COLLECTIONS.suppliers.name}`;
    expect((await api(path)).status).toBe(200);
    sims.clock.advance(3601 * 1000);
    const expired = await api(path);
    expect(expired.status).toBe(401);
    expect(at(expired.body, 'error')).toBe('invalid_token');
    const fresh = (await (await getToken(sims.rest.tenantUrl)).json()) as { access_token: string };
    expect((await api(path, { bearer: fresh.access_token })).status).toBe(200);
  });
});

describe('QAD REST: collections', () => {
  it('serves master data in the supplementaryMessages + collection envelope with instance URIs', async () => {
    const { name, viewUri } = QAD_REST_COLLECTIONS.suppliers;
    const { status, body } = await api(`/api/erp/${name}?viewUri=${encodeURIComponent(viewUri)}`);
    expect(status).toBe(200);
    expect(at(body, 'supplementaryMessages')).toEqual([]);
    expect(at(body, name)).toHaveLength(demo.suppliers.length);
    const first = at(body, `${name}.0`);
    expect(first).toMatchObject({ supplierCode: demo.suppliers[0]!.code, isActive: true });
    expect(at(first, 'uri')).toBe(`${viewUri}:QMFG.${demo.suppliers[0]!.code}`);
    expect(at(first, 'instanceURI')).toBe(at(first, 'uri'));
    const inactive = demo.accounts.find((a) => !a.active)!;
    const accounts = await api(`/api/erp/${QAD_REST_COLLECTIONS.glAccounts.name}?glCode=${inactive.code}`);
    expect(at(accounts.body, 'glAccounts')).toEqual([
      expect.objectContaining({ glCode: inactive.code, isActive: false }),
    ]);
  });

  it('pages with page and pageSize until a short page', async () => {
    const name = QAD_REST_COLLECTIONS.suppliers.name;
    const seen: string[] = [];
    for (let page = 1; page < 20; page += 1) {
      const { body } = await api(`/api/erp/${name}?page=${page}&pageSize=7`);
      const rows = items(body, name);
      seen.push(...rows.map((s) => String(at(s, 'supplierCode'))));
      if (rows.length < 7) break;
    }
    expect(seen).toEqual(demo.suppliers.map((s) => s.code));
    expect((await api(`/api/erp/${name}?pageSize=0`)).status).toBe(400);
  });

  it('serves POs with lines, receipts, periods, cost centers, sub-accounts and projects', async () => {
    const c = QAD_REST_COLLECTIONS;
    const pos = await api(`/api/erp/${c.purchaseOrders.name}?pageSize=1000`);
    expect(at(pos.body, 'purchaseOrders')).toHaveLength(demo.purchaseOrders.length);
    expect(at(pos.body, 'purchaseOrders.0.lines.0')).toHaveProperty('unitPrice');
    const receipts = await api(`/api/erp/${c.receipts.name}?pageSize=1000`);
    expect(at(receipts.body, 'purchaseOrderReceipts')).toHaveLength(demo.receipts.length);
    const periods = await api(`/api/erp/${c.glPeriods.name}?entityCode=20DEU&year=2026&pageSize=1000`);
    expect(at(periods.body, 'glPeriods')).toHaveLength(12);
    for (const key of ['costCenters', 'subAccounts', 'projects'] as const) {
      const { status, body } = await api(`/api/erp/${c[key].name}`);
      expect(status).toBe(200);
      expect(items(body, c[key].name).length).toBeGreaterThan(0);
    }
  });

  it('rejects an unknown filter and a wrong viewUri with a message naming it', async () => {
    const bad = await api(`/api/erp/${QAD_REST_COLLECTIONS.suppliers.name}?color=red`);
    expect(bad.status).toBe(400);
    expect(at(bad.body, 'supplementaryMessages.0.fieldName')).toBe('color');
    const wrongView = await api(`/api/erp/${QAD_REST_COLLECTIONS.suppliers.name}?viewUri=urn:be:x.IY`);
    expect(wrongView.status).toBe(400);
  });
});

describe('QAD REST: OpenAPI document', () => {
  it('lists the collections of this instance', async () => {
    const { status, body } = await api('/api/openapi.json');
    expect(status).toBe(200);
    expect(at(body, 'openapi')).toMatch(/^3\./);
    for (const c of Object.values(QAD_REST_COLLECTIONS))
      expect(at(body, 'paths')).toHaveProperty(`/api/erp/${c.name}`);
    expect(at(at(body, 'paths'), invoicePath)).toHaveProperty('post');
  });

  it('leaves out a collection the instance lacks, which then answers 404', async () => {
    const custom = await startQadSimulators({
      company: demo,
      options: { rest: { disabledCollections: ['journalEntries'], openApiPath: '/swagger/v3/api-docs' } },
    });
    try {
      const t = ((await (await getToken(custom.rest.tenantUrl)).json()) as { access_token: string })
        .access_token;
      const auth = { authorization: `Bearer ${t}` };
      const doc = (await (
        await fetch(`${custom.rest.tenantUrl}/swagger/v3/api-docs`, { headers: auth })
      ).json()) as {
        paths: Record<string, unknown>;
      };
      expect(doc.paths).not.toHaveProperty(journalPath);
      expect(doc.paths).toHaveProperty(invoicePath);
      expect((await fetch(`${custom.rest.tenantUrl}${journalPath}`, { headers: auth })).status).toBe(404);
    } finally {
      await custom.close();
    }
  });
});

describe('QAD REST: supplier invoices', () => {
  it('creates a non-PO invoice coded to GL lines and assigns a voucher', async () => {
    const { status, body } = await postInvoice(nonPoInvoice());
    expect(status).toBe(200);
    expect(at(body, 'submitResult')).toEqual({ success: true, errors: [] });
    const created = at(body, 'supplierInvoices.0');
    expect(created).toMatchObject({
      description: 'MLC-CONCUR-inv-1',
      amount: '150.00',
      postingYear: 2026,
      postingPeriod: 6,
    });
    expect(at(created, 'voucher')).toBeGreaterThan(0);
    expect(at(created, 'uri')).toContain(QAD_REST_COLLECTIONS.supplierInvoices.viewUri);
    expect(sims.model.invoices).toHaveLength(1);
    expect(sims.model.invoices[0]!.amountMinor).toBe(15000);
  });

  it('refuses a PO-matched invoice before the receipt, naming the PO line, and accepts it after', async () => {
    const po = poWithoutReceipts(demo);
    const line = po.lines[0]!;
    const invoice = nonPoInvoice({
      supplierCode: po.supplier,
      reference: 'PO-INV-1',
      description: 'MLC-CONCUR-po-1',
      amount: dec(line.quantity * line.unitPriceMinor),
      glLines: [],
      receiptMatches: [{ purchaseOrder: po.number, purchaseOrderLine: line.line, quantity: line.quantity }],
    });
    const before = await postInvoice(invoice);
    expect(at(before.body, 'submitResult.success')).toBe(false);
    const error = at(before.body, 'submitResult.errors.0');
    expect(at(error, 'fieldName')).toBe('supplierInvoices[0].receiptMatches[0].quantity');
    expect(at(error, 'message')).toContain(`${po.number} line ${line.line}`);
    expect(sims.model.invoices).toHaveLength(0);

    const receipt = await api(`/api/erp/${QAD_REST_COLLECTIONS.receipts.name}`, {
      method: 'POST',
      body: {
        purchaseOrderReceipts: [
          { purchaseOrder: po.number, lines: [{ line: line.line, quantity: line.quantity }] },
        ],
      },
    });
    expect(at(receipt.body, 'submitResult.success')).toBe(true);
    const after = await postInvoice(invoice);
    expect(at(after.body, 'submitResult.success')).toBe(true);
    expect(at(after.body, 'supplierInvoices.0.receiptMatches.0')).toMatchObject({
      receiver: at(receipt.body, 'purchaseOrderReceipts.0.receiver'),
      quantity: line.quantity,
    });
    // The receipt is now matched: a second match of the same quantity is refused.
    const again = await postInvoice({ ...invoice, reference: 'PO-INV-2' });
    expect(at(again.body, 'submitResult.success')).toBe(false);
  });

  it('refuses a closed period, an inactive account and an inactive supplier, naming the field', async () => {
    const closed = await postInvoice(nonPoInvoice({ postingDate: CLOSED_DATE }));
    expect(at(closed.body, 'submitResult.success')).toBe(false);
    expect(at(closed.body, 'submitResult.errors.0')).toMatchObject({
      errorId: 'closed-period',
      fieldName: 'supplierInvoices[0].postingDate',
    });

    const inactive = demo.accounts.find((a) => !a.active)!;
    const badAccount = await postInvoice(
      nonPoInvoice({ amount: '10.00', glLines: [{ glAccount: inactive.code, amount: '10.00' }] }),
    );
    expect(at(badAccount.body, 'submitResult.errors.0')).toMatchObject({
      errorId: 'inactive-account',
      fieldName: 'supplierInvoices[0].glLines[0].glAccount',
    });
    const header = demo.accounts.find((a) => !a.postable)!;
    const notPostable = await postInvoice(
      nonPoInvoice({ amount: '10.00', glLines: [{ glAccount: header.code, amount: '10.00' }] }),
    );
    expect(at(notPostable.body, 'submitResult.errors.0.errorId')).toBe('account-not-postable');

    const supplier = demo.suppliers.find((s) => !s.active)!;
    const badSupplier = await postInvoice(nonPoInvoice({ supplierCode: supplier.code }));
    expect(at(badSupplier.body, 'submitResult.errors.0')).toMatchObject({
      errorId: 'inactive-supplier',
      fieldName: 'supplierInvoices[0].supplierCode',
    });
    expect(sims.model.invoices).toHaveLength(0);
  });

  it('refuses a malformed amount with 400 naming the field', async () => {
    const { status, body } = await postInvoice(nonPoInvoice({ amount: '12.345' }));
    expect(status).toBe(400);
    expect(at(body, 'submitResult.errors.0.fieldName')).toBe('supplierInvoices[0].amount');
    const typo = await postInvoice(
      nonPoInvoice({ glLines: [{ glAccount: '6200', subAcount: 'OPS', amount: '150.00' }] }),
    );
    expect(typo.status).toBe(400);
    expect(at(typo.body, 'submitResult.errors.0.message')).toContain('subAcount');
  });

  it('accepts a repeated supplier reference with a warning, and both are findable by our reference', async () => {
    const first = await postInvoice(nonPoInvoice());
    expect(at(first.body, 'supplementaryMessages')).toEqual([]);
    const second = await postInvoice(nonPoInvoice());
    expect(at(second.body, 'submitResult.success')).toBe(true);
    expect(at(second.body, 'supplementaryMessages.0')).toMatchObject({
      severity: 'warning',
      errorId: 'duplicate-reference',
    });
    const found = await api(`${invoicePath}?description=MLC-CONCUR-inv-1`);
    expect(at(found.body, 'supplierInvoices')).toHaveLength(2);
    const none = await api(`${invoicePath}?description=MLC-CONCUR-other`);
    expect(at(none.body, 'supplierInvoices')).toEqual([]);
    const admin = (await (
      await fetch(`${sims.rest.url}/__sandbox/qad/invoices?reference=MLC-CONCUR-inv-1`)
    ).json()) as {
      count: number;
    };
    expect(admin.count).toBe(2);
    const ops = sims.rest.requests.map((r) => r.operation);
    expect(ops).toEqual([
      'oauth.token',
      'supplierInvoice.create',
      'supplierInvoice.create',
      'supplierInvoice.find',
      'supplierInvoice.find',
    ]);
  });
});

describe('QAD REST: journal entries', () => {
  const journal = (lines: unknown[], postingDate = OPEN_DATE) => ({
    supplementaryMessages: [],
    journalEntries: [
      { entityCode: '20DEU', postingDate, currencyCode: 'EUR', description: 'MLC-EXPENSIFY-R1', lines },
    ],
  });

  it('creates a balanced journal with a system voucher and finds it by reference', async () => {
    const lines = [
      { glAccount: '6110', costCenter: '20ADMIN', debit: '120.50' },
      { glAccount: '2010', credit: '120.50' },
    ];
    const { body } = await api(journalPath, { method: 'POST', body: journal(lines) });
    expect(at(body, 'submitResult.success')).toBe(true);
    expect(at(body, 'journalEntries.0.voucher')).toBeGreaterThan(0);
    const found = await api(`${journalPath}?description=MLC-EXPENSIFY-R1`);
    expect(at(found.body, 'journalEntries')).toHaveLength(1);
  });

  it('refuses an unbalanced journal and a closed period', async () => {
    const unbalanced = await api(journalPath, {
      method: 'POST',
      body: journal([
        { glAccount: '6110', debit: '120.50' },
        { glAccount: '2010', credit: '120.00' },
      ]),
    });
    expect(at(unbalanced.body, 'submitResult')).toMatchObject({
      success: false,
      errors: [expect.objectContaining({ errorId: 'unbalanced' })],
    });
    const closed = await api(journalPath, {
      method: 'POST',
      body: journal(
        [
          { glAccount: '6110', debit: '1.00' },
          { glAccount: '2010', credit: '1.00' },
        ],
        CLOSED_DATE,
      ),
    });
    expect(at(closed.body, 'submitResult.errors.0.errorId')).toBe('closed-period');
    expect(sims.model.journals).toHaveLength(0);
  });
});

describe('QAD REST: faults', () => {
  it('applies the write on a lost reply while the client sees the connection drop', async () => {
    sims.rest.faults.set({ lostReplyRate: 1, methods: ['POST'], pathContains: '/api/erp/' });
    await expect(postInvoice(nonPoInvoice())).rejects.toThrow();
    expect(sims.model.invoices).toHaveLength(1);
    sims.rest.faults.clear();
    const found = await api(`${invoicePath}?description=MLC-CONCUR-inv-1`);
    expect(at(found.body, 'supplierInvoices')).toHaveLength(1);
  });
});
