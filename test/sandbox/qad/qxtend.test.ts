// Pins the QXtend simulator to research/qad.md section 1 (with the 1.3a corrections): SOAP 1.1 envelope,
// WS-Addressing receiver, session context, `<qdoc>Response` with result and dsExceptions/temp_err_msg in the
// `ns3` common namespace, SOAP faults for pre-processing errors, and the QDocs ml-connector uses.
import { XMLParser } from 'fast-xml-parser';
import { createClientAsync } from 'soap';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startQadSimulators, type QadSimulators } from '../../../electron/sandbox/qad/index.ts';
import type { DemoCompany } from '../../../electron/sandbox/demo/company.ts';
import {
  at,
  CLOSED_DATE,
  company,
  dec,
  envelope,
  items,
  OPEN_DATE,
  poWithoutReceipts,
  postSoap,
} from './helpers.ts';

let sims: QadSimulators;
let demo: DemoCompany;
const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false });

function bodyOf(xml: string, qdoc: string): unknown {
  return at(parser.parse(xml), `Envelope.Body.${qdoc}Response`);
}

function faultOf(xml: string): unknown {
  return at(parser.parse(xml), 'Envelope.Body.Fault');
}

const messages = (response: unknown): unknown[] => items(response, 'dsExceptions.temp_err_msg');

interface InvoiceData {
  supplier: string;
  reference: string;
  description: string;
  amount: string;
  postingDate?: string;
  matches?: string;
  lines?: string;
}

function bcinvoice(d: InvoiceData): string {
  const date = d.postingDate ?? OPEN_DATE;
  return (
    '<BCInvoice><tContextInfo><tcCompanyCode>10USA</tcCompanyCode><tcCBFVersion>9.2</tcCBFVersion>' +
    '<tcActivityCode>Create</tcActivityCode><tlPartialUpdate>false</tlPartialUpdate><tcPartialUpdateExceptionList/></tContextInfo>' +
    `<tCInvoice><CInvoiceType>Invoice</CInvoiceType><CInvoiceDate>${date}</CInvoiceDate><CInvoicePostingDate>${date}</CInvoicePostingDate>` +
    `<CInvoiceReference>${d.reference}</CInvoiceReference><CInvoiceDescription>${d.description}</CInvoiceDescription>` +
    `<CInvoiceOriginalCreditTC>${d.amount}</CInvoiceOriginalCreditTC><CInvoiceIsTaxable>false</CInvoiceIsTaxable>` +
    '<CInvoiceDayBookSetCode>AP-DBC</CInvoiceDayBookSetCode><tcJournalCode>APDP</tcJournalCode>' +
    `<tcCreditorCode>${d.supplier}</tcCreditorCode><tcBusinessRelationCode>${d.supplier}</tcBusinessRelationCode>` +
    '<CInvoicePoDomain>QMFG</CInvoicePoDomain><tcCurrencyCode>USD</tcCurrencyCode><tcReasonCode>AP-NOALLOC</tcReasonCode>' +
    '<tcDivisionCode/><tcCostCentreCode/><tc_Rowid>1</tc_Rowid><tc_ParentRowid/>' +
    (d.matches ?? '') +
    (d.lines ?? '') +
    '</tCInvoice></BCInvoice>'
  );
}

const glLine = (account: string, debit: string, costCenter = '10ADMIN') =>
  `<tPostingLine><tcGLCode>${account}</tcGLCode><tcDivisionCode>SGA</tcDivisionCode><tcCostCentreCode>${costCenter}</tcCostCentreCode>` +
  `<tcProjectCode/><PostingLineDebitTC>${debit}</PostingLineDebitTC><PostingLineCreditTC>0</PostingLineCreditTC></tPostingLine>`;

function postInvoice(d: InvoiceData, extra: { version?: string } = {}) {
  return postSoap(
    sims.qxtend.endpointUrl,
    envelope({
      qdoc: 'bcinvoice',
      dataset: bcinvoice(d),
      entity: '10USA',
      version: extra.version ?? 'ERP3_1',
    }),
  );
}

const nonPo = (over: Partial<InvoiceData> = {}): InvoiceData => ({
  supplier: demo.suppliers[0]!.code,
  reference: 'SUPP-77',
  description: 'MLC-CONCUR-q1',
  amount: '80.00',
  lines: glLine('6200', '80.00'),
  ...over,
});

function journal(description: string, lines: [string, string, string][], date = OPEN_DATE) {
  const rows = lines
    .map(
      ([account, debit, credit]) =>
        `<tPostingLine><tcGLCode>${account}</tcGLCode><tcCostCentreCode/><PostingLineDebitTC>${debit}</PostingLineDebitTC>` +
        `<PostingLineCreditTC>${credit}</PostingLineCreditTC></tPostingLine>`,
    )
    .join('');
  const dataset =
    '<BJournalEntry><tContextInfo><tcCompanyCode>10USA</tcCompanyCode></tContextInfo><tPosting>' +
    `<PostingDate>${date}</PostingDate><tcJournalCode>JE-GEN</tcJournalCode><PostingVoucher>0</PostingVoucher>` +
    `<PostingText>${description}</PostingText><tcCurrencyCode>USD</tcCurrencyCode>${rows}</tPosting></BJournalEntry>`;
  return postSoap(sims.qxtend.endpointUrl, envelope({ qdoc: 'bjournalentry', dataset, entity: '10USA' }));
}

function query(qdoc: string, filters: string) {
  return postSoap(
    sims.qxtend.endpointUrl,
    envelope({ qdoc, dataset: `<dsQuery><ttFilter>${filters}</ttFilter></dsQuery>` }),
  );
}

beforeEach(async () => {
  demo = company();
  sims = await startQadSimulators({ company: demo });
});

afterEach(async () => {
  await sims.close();
});

describe('QXtend: transport and faults', () => {
  it('serves a WSDL at ?wsdl naming the QDocs and the endpoint', async () => {
    const response = await fetch(sims.qxtend.wsdlUrl);
    expect(response.status).toBe(200);
    const wsdl = await response.text();
    expect(wsdl).toContain('<wsdl:operation name="bcinvoice">');
    expect(wsdl).toContain('<wsdl:operation name="receivePurchaseOrder">');
    expect(wsdl).toContain(`location="${sims.qxtend.endpointUrl}"`);
    expect(sims.qxtend.endpointUrl).toMatch(/\/qxi\/services\/QdocWebService$/);
  });

  it('answers a wrong receiver, bad credentials, a missing header and a wrong QDoc version with SOAP faults', async () => {
    const ds = bcinvoice(nonPo());
    const cases = [
      envelope({ qdoc: 'bcinvoice', dataset: ds, receiver: 'OTHER' }),
      envelope({ qdoc: 'bcinvoice', dataset: ds, password: 'wrong' }),
      envelope({ qdoc: 'bcinvoice', dataset: ds, header: false }),
      envelope({ qdoc: 'bcinvoice', dataset: ds, version: 'eB2_2' }),
    ];
    const faults = [];
    for (const xml of cases) {
      const { status, body } = await postSoap(sims.qxtend.endpointUrl, xml);
      expect(status).toBe(500);
      faults.push(faultOf(body));
    }
    expect(faults.map((f) => at(f, 'faultcode'))).toEqual(Array(4).fill('soapenv:Client'));
    expect(faults.map((f) => String(at(f, 'faultstring')))).toEqual([
      expect.stringContaining('receiver'),
      expect.stringContaining('password'),
      expect.stringContaining('wsa:To'),
      expect.stringContaining('bcinvoice-eB2_2'),
    ]);
    expect(sims.model.invoices).toHaveLength(0);
  });

  it('answers malformed XML and an unknown QDoc with a fault and keeps serving', async () => {
    const malformed = await postSoap(
      sims.qxtend.endpointUrl,
      '<soapenv:Envelope><soapenv:Body><bcinvoice></soapenv:Body>',
    );
    expect(malformed.status).toBe(500);
    expect(at(faultOf(malformed.body), 'faultstring')).toMatch(/^Malformed XML/);
    const unknown = await postSoap(
      sims.qxtend.endpointUrl,
      envelope({ qdoc: 'maintainSomething', dataset: '' }),
    );
    expect(at(faultOf(unknown.body), 'faultstring')).toContain('maintainSomething');
    const fine = await postInvoice(nonPo());
    expect(at(bodyOf(fine.body, 'bcinvoice'), 'result')).toBe('success');
  });

  it('accepts requests without username and password when the credential check is off', async () => {
    const open = await startQadSimulators({
      company: demo,
      options: { qxtend: { requireCredentials: false } },
    });
    try {
      const xml = envelope({
        qdoc: 'bcinvoice',
        dataset: bcinvoice(nonPo()),
        username: null,
        password: null,
      });
      const { body } = await postSoap(open.qxtend.endpointUrl, xml);
      expect(at(bodyOf(body, 'bcinvoice'), 'result')).toBe('success');
    } finally {
      await open.close();
    }
  });
});

describe('QXtend: response shape', () => {
  it('answers a clean success with result, the echoed context in ns3, no dsExceptions and WS-Addressing headers', async () => {
    const { status, body } = await postInvoice(nonPo());
    expect(status).toBe(200);
    const response = bodyOf(body, 'bcinvoice');
    expect(at(response, 'result')).toBe('success');
    expect(at(response, 'dsExceptions')).toBeUndefined();
    expect(body).toContain('<ns3:dsSessionContext>');
    expect(body).not.toContain('sandbox-password');
    expect(at(response, 'BCInvoice.tCInvoice.CInvoiceVoucher')).toMatch(/^\d+$/);
    const header = at(parser.parse(body), 'Envelope.Header');
    expect(at(header, 'To')).toBe('urn:services-qad-com:');
    expect(at(header, 'RelatesTo')).toBe('urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e');
    expect(at(header, 'MessageID')).toMatch(/^urn:messages-qad-com:/);
  });

  it('can add an empty dsExceptions to a clean success', async () => {
    const other = await startQadSimulators({
      company: demo,
      options: { qxtend: { emptyExceptionsOnSuccess: true } },
    });
    try {
      const { body } = await postSoap(
        other.qxtend.endpointUrl,
        envelope({ qdoc: 'bcinvoice', dataset: bcinvoice(nonPo()), entity: '10USA' }),
      );
      expect(body).toContain('<ns3:dsExceptions/>');
    } finally {
      await other.close();
    }
  });

  it('reports a business error as result error with temp_err_msg rows naming the field', async () => {
    const inactive = demo.accounts.find((a) => !a.active)!;
    const { status, body } = await postInvoice(
      nonPo({ lines: glLine(inactive.code, '80.00'), postingDate: CLOSED_DATE }),
    );
    expect(status).toBe(200);
    const response = bodyOf(body, 'bcinvoice');
    expect(at(response, 'result')).toBe('error');
    expect(body).toContain('<ns3:temp_err_msg>');
    const rows = messages(response);
    expect(rows.map((r) => String(at(r, 'tt_msg_field'))).sort()).toEqual([
      'CInvoicePostingDate',
      'tcGLCode',
    ]);
    for (const row of rows) {
      expect(at(row, 'tt_msg_sev')).toBe('error');
      expect(at(row, 'tt_msg_nbr')).toMatch(/^\d+$/);
      expect(String(at(row, 'tt_msg_desc')).length).toBeGreaterThan(10);
      expect(at(row, 'tt_msg_datetime')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
    }
    expect(
      at(
        rows.find((r) => at(r, 'tt_msg_field') === 'tcGLCode'),
        'tt_msg_context',
      ),
    ).toContain('tPostingLine#1');
    expect(sims.model.invoices).toHaveLength(0);
  });
});

describe('QXtend: QDocs', () => {
  it('refuses a receiver-matched invoice before the receipt and accepts it after receivePurchaseOrder', async () => {
    const po = poWithoutReceipts(demo);
    const line = po.lines[0]!;
    const d: InvoiceData = {
      supplier: po.supplier,
      reference: 'SUPP-PO-1',
      description: 'MLC-CONCUR-po-9',
      amount: dec(line.quantity * line.unitPriceMinor),
      matches:
        `<tAPMatchingCIAPM><tcPurchaseOrderNumber>${po.number}</tcPurchaseOrderNumber>` +
        `<tiPurchaseOrderLineNumber>${line.line}</tiPurchaseOrderLineNumber><tcReceiverNumber/>` +
        `<tdMatchQty>${line.quantity}</tdMatchQty></tAPMatchingCIAPM>`,
    };
    const before = bodyOf((await postInvoice(d)).body, 'bcinvoice');
    expect(at(before, 'result')).toBe('error');
    expect(at(messages(before)[0], 'tt_msg_field')).toBe('tdMatchQty');
    expect(at(messages(before)[0], 'tt_msg_desc')).toContain(`${po.number} line ${line.line}`);

    const receive =
      `<dsPurchaseOrderReceive><purchaseOrderReceive><ordernum>${po.number}</ordernum><effDate>${OPEN_DATE}</effDate>` +
      `<fillAll>false</fillAll><lineDetail><line>${line.line}</line><lotserialQty>${line.quantity}</lotserialQty>` +
      '<site>10-100</site><location>RCPT</location></lineDetail><yn>true</yn></purchaseOrderReceive></dsPurchaseOrderReceive>';
    const received = await postSoap(
      sims.qxtend.endpointUrl,
      envelope({ qdoc: 'receivePurchaseOrder', dataset: receive, version: 'ERP3_3' }),
    );
    expect(at(bodyOf(received.body, 'receivePurchaseOrder'), 'result')).toBe('success');
    const after = bodyOf((await postInvoice(d)).body, 'bcinvoice');
    expect(at(after, 'result')).toBe('success');
    expect(sims.model.invoices[0]!.matchedReceipts[0]!.quantity).toBe(line.quantity);
  });

  it('closes a PO received with fillAll, so a second receipt fails with "Purchase Order closed."', async () => {
    const po = poWithoutReceipts(demo);
    const receive = (qty: number) =>
      `<dsPurchaseOrderReceive><purchaseOrderReceive><ordernum>${po.number}</ordernum><fillAll>true</fillAll>` +
      `<lineDetail><line>1</line><lotserialQty>${qty}</lotserialQty></lineDetail></purchaseOrderReceive></dsPurchaseOrderReceive>`;
    const send = (qty: number) =>
      postSoap(
        sims.qxtend.endpointUrl,
        envelope({ qdoc: 'receivePurchaseOrder', dataset: receive(qty), version: 'ERP3_3' }),
      );
    expect(at(bodyOf((await send(1)).body, 'receivePurchaseOrder'), 'result')).toBe('success');
    const second = bodyOf((await send(1)).body, 'receivePurchaseOrder');
    expect(at(second, 'result')).toBe('error');
    expect(at(messages(second)[0], 'tt_msg_desc')).toBe('Purchase Order closed.');
  });

  it('accepts a repeated supplier reference with a warning, and finds both by our reference', async () => {
    expect(at(bodyOf((await postInvoice(nonPo())).body, 'bcinvoice'), 'result')).toBe('success');
    const second = bodyOf((await postInvoice(nonPo())).body, 'bcinvoice');
    expect(at(second, 'result')).toBe('warning');
    expect(messages(second)[0]).toMatchObject({ tt_msg_sev: 'warning', tt_msg_field: 'CInvoiceReference' });
    const found = bodyOf(
      (await query('querySupplierInvoice', '<description>MLC-CONCUR-q1</description>')).body,
      'querySupplierInvoice',
    );
    expect(at(found, 'result')).toBe('success');
    expect(at(found, 'dsSupplierInvoice.supplierInvoice')).toHaveLength(2);
    const ops = sims.qxtend.requests.map((r) => r.operation);
    expect(ops).toEqual(['supplierInvoice.create', 'supplierInvoice.create', 'supplierInvoice.find']);
  });

  it('posts a balanced journal and refuses an unbalanced one', async () => {
    const ok = bodyOf(
      (
        await journal('MLC-EXPENSIFY-J1', [
          ['6120', '42.10', '0'],
          ['2010', '0', '42.10'],
        ])
      ).body,
      'bjournalentry',
    );
    expect(at(ok, 'result')).toBe('success');
    expect(Number(at(ok, 'BJournalEntry.tPosting.PostingVoucher'))).toBeGreaterThan(0);
    const bad = bodyOf(
      (
        await journal('MLC-EXPENSIFY-J2', [
          ['6120', '42.10', '0'],
          ['2010', '0', '42.00'],
        ])
      ).body,
      'bjournalentry',
    );
    expect(at(bad, 'result')).toBe('error');
    expect(at(messages(bad)[0], 'tt_msg_desc')).toContain('not balanced');
    expect(sims.model.journals.map((j) => j.description)).toEqual(['MLC-EXPENSIFY-J1']);
    const found = bodyOf(
      (await query('queryJournalEntry', '<description>MLC-EXPENSIFY-J1</description>')).body,
      'queryJournalEntry',
    );
    expect(at(found, 'dsJournalEntry.journalEntry.voucher')).toBe(
      String(at(ok, 'BJournalEntry.tPosting.PostingVoucher')),
    );
  });

  it('reads master data, open receipts and periods through the query QDocs', async () => {
    const suppliers = bodyOf((await query('querySupplier', '')).body, 'querySupplier');
    expect(at(suppliers, 'dsSupplier.supplier')).toHaveLength(demo.suppliers.length);
    const one = bodyOf((await query('queryGLAccount', '<glCode>6600</glCode>')).body, 'queryGLAccount');
    expect(at(one, 'dsGlAccount.glAccount')).toMatchObject({ glCode: '6600', isActive: 'false' });
    const receipts = bodyOf((await query('queryOpenReceipt', '')).body, 'queryOpenReceipt');
    expect(at(receipts, 'dsReceipt.receipt')).toHaveLength(demo.receipts.length);
    const periods = bodyOf(
      (await query('queryGLPeriod', '<entityCode>20DEU</entityCode><status>open</status>')).body,
      'queryGLPeriod',
    );
    expect(items(periods, 'dsGlPeriod.glPeriod').length).toBeGreaterThan(0);
    const unknown = bodyOf((await query('querySupplier', '<colour>red</colour>')).body, 'querySupplier');
    expect(at(unknown, 'result')).toBe('error');
  });

  it('reproduces "success while posting nothing" for a configured reference, so read-back matters', async () => {
    const quirky = await startQadSimulators({
      company: demo,
      options: { qxtend: { silentNoOpReferences: ['MLC-CONCUR-ghost'] } },
    });
    try {
      const xml = envelope({
        qdoc: 'bcinvoice',
        dataset: bcinvoice(nonPo({ description: 'MLC-CONCUR-ghost' })),
        entity: '10USA',
      });
      const response = bodyOf((await postSoap(quirky.qxtend.endpointUrl, xml)).body, 'bcinvoice');
      expect(at(response, 'result')).toBe('success');
      expect(quirky.model.invoices).toHaveLength(0);
    } finally {
      await quirky.close();
    }
  });

  it('applies a write whose reply is lost, while the client sees the connection drop', async () => {
    sims.qxtend.faults.set({ lostReplyRate: 1, methods: ['POST'] });
    await expect(postInvoice(nonPo())).rejects.toThrow();
    expect(sims.model.invoices).toHaveLength(1);
    expect(sims.qxtend.requests[0]).toMatchObject({
      operation: 'supplierInvoice.create',
      fault: 'lost-reply',
    });
  });
});

describe('QXtend: through a soap client built from the WSDL', () => {
  it('calls a query QDoc and a bcinvoice and reads result and dsExceptions', async () => {
    const client = await createClientAsync(sims.qxtend.wsdlUrl);
    client.addSoapHeader(
      '<wsa:To xmlns:wsa="http://www.w3.org/2005/08/addressing">urn:services-qad-com:qad_erp</wsa:To>' +
        '<wsa:MessageID xmlns:wsa="http://www.w3.org/2005/08/addressing">urn:uuid:abc</wsa:MessageID>',
    );
    const context = (version: string, extra: Record<string, string> = {}) => ({
      ttContext: Object.entries({
        domain: 'QMFG',
        version,
        username: 'mlc-demo',
        password: 'sandbox-password',
        ...extra,
      }).map(([propertyName, propertyValue]) => ({ propertyQualifier: 'QAD', propertyName, propertyValue })),
    });
    const call = (op: string) =>
      (client as unknown as Record<string, (args: unknown) => Promise<[unknown]>>)[`${op}Async`]!.bind(
        client,
      );
    const [suppliers] = await call('querySupplier')({
      dsSessionContext: context('ERP3_1'),
      dsQuery: { ttFilter: { supplierCode: demo.suppliers[1]!.code } },
    });
    expect(at(suppliers, 'result')).toBe('success');

    const inactive = demo.suppliers.find((s) => !s.active)!;
    const [invoice] = await call('bcinvoice')({
      dsSessionContext: context('ERP3_1', { entity: '10USA', action: 'Save' }),
      BCInvoice: {
        tCInvoice: {
          CInvoiceType: 'Invoice',
          CInvoiceDate: OPEN_DATE,
          CInvoicePostingDate: OPEN_DATE,
          CInvoiceReference: 'S-1',
          CInvoiceDescription: 'MLC-CONCUR-soap',
          CInvoiceOriginalCreditTC: '10.00',
          tcCreditorCode: inactive.code,
          tcCurrencyCode: 'USD',
          tPostingLine: { tcGLCode: '6200', tcCostCentreCode: '10ADMIN', PostingLineDebitTC: '10.00' },
        },
      },
    });
    expect(at(invoice, 'result')).toBe('error');
    expect(at(items(invoice, 'dsExceptions.temp_err_msg')[0], 'tt_msg_field')).toBe('tcCreditorCode');
    await expect(
      call('querySupplier')({ dsSessionContext: context('ERP3_1', { password: 'nope' }) }),
    ).rejects.toThrow(/password/);
  });
});
