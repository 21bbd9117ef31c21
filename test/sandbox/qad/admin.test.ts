// The admin routes over the shared QAD model (receive a PO line, open or close a period, inspect documents)
// and the fact that both simulators share one model.
import { XMLParser } from 'fast-xml-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startQadSimulators, type QadSimulators } from '../../../electron/sandbox/qad/index.ts';
import type { DemoCompany } from '../../../electron/sandbox/demo/company.ts';
import { at, company, envelope, items, OPEN_DATE, poWithoutReceipts, postSoap } from './helpers.ts';

let sims: QadSimulators;
let demo: DemoCompany;

beforeEach(async () => {
  demo = company();
  sims = await startQadSimulators({ company: demo });
});

afterEach(async () => {
  await sims.close();
});

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('QAD sandbox admin routes', () => {
  it('receives a PO line, which makes the receipt visible as an open receipt', async () => {
    const po = poWithoutReceipts(demo);
    const line = po.lines[0]!;
    const response = await post(`${sims.rest.url}/__sandbox/qad/receipts`, {
      poNumber: po.number,
      line: line.line,
      quantity: line.quantity,
    });
    expect(response.status).toBe(200);
    expect(sims.model.openReceipts(po.number)).toHaveLength(1);
    const listed: unknown = await (
      await fetch(`${sims.qxtend.url}/__sandbox/qad/receipts?poNumber=${po.number}`)
    ).json();
    expect(at(listed, 'count')).toBe(1);
    const refused = await post(`${sims.rest.url}/__sandbox/qad/receipts`, {
      poNumber: po.number,
      line: 99,
      quantity: 1,
    });
    expect(refused.status).toBe(422);
    const invalid = await post(`${sims.rest.url}/__sandbox/qad/receipts`, { quantity: 'many' });
    expect(invalid.status).toBe(400);
  });

  it('closes a period so a journal into it is refused', async () => {
    const closed = await post(`${sims.qxtend.url}/__sandbox/qad/periods`, {
      entity: '10USA',
      year: 2026,
      period: 6,
      status: 'closed',
    });
    expect(closed.status).toBe(200);
    const result = sims.model.createJournal({
      entity: '10USA',
      postingDate: OPEN_DATE,
      currency: 'USD',
      description: 'MLC-X-1',
      lines: [
        { account: '6120', debitMinor: 100, creditMinor: 0 },
        { account: '2010', debitMinor: 0, creditMinor: 100 },
      ],
    });
    expect(result.ok ? [] : result.errors.map((e) => e.code)).toEqual(['closed-period']);
  });

  it('shows an invoice posted through QXtend to REST readers and to the admin view', async () => {
    const dataset =
      '<BCInvoice><tCInvoice><CInvoiceDate>2026-06-10</CInvoiceDate><CInvoicePostingDate>2026-06-10</CInvoicePostingDate>' +
      `<CInvoiceReference>X-1</CInvoiceReference><CInvoiceDescription>MLC-CONCUR-shared</CInvoiceDescription>` +
      `<CInvoiceOriginalCreditTC>5.00</CInvoiceOriginalCreditTC><tcCreditorCode>${demo.suppliers[0]!.code}</tcCreditorCode>` +
      '<tPostingLine><tcGLCode>6200</tcGLCode><PostingLineDebitTC>5.00</PostingLineDebitTC></tPostingLine></tCInvoice></BCInvoice>';
    const soap = await postSoap(
      sims.qxtend.endpointUrl,
      envelope({ qdoc: 'bcinvoice', dataset, entity: '10USA' }),
    );
    const parsed: unknown = new XMLParser({ removeNSPrefix: true }).parse(soap.body);
    expect(at(parsed, 'Envelope.Body.bcinvoiceResponse.result')).toBe('success');

    const admin: unknown = await (
      await fetch(`${sims.rest.url}/__sandbox/qad/invoices?reference=MLC-CONCUR-shared`)
    ).json();
    expect(at(admin, 'count')).toBe(1);
    expect(items(admin, 'invoices')[0]).toMatchObject({
      supplierCode: demo.suppliers[0]!.code,
      amount: '5.00',
    });
  });
});
