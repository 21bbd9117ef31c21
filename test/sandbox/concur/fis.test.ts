/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call -- contract tests read untyped JSON answers from the wire */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConcurSimulator } from '../../../electron/sandbox/concur/index.ts';
import { FIS, bearer, http, startSim } from './helpers.ts';

let sim: ConcurSimulator;
let auth: Record<string, string>;
const url = (path: string): string => `${sim.apiUrl}${FIS}${path}`;

beforeAll(async () => {
  sim = await startSim();
  auth = await bearer(sim);
});
afterAll(async () => {
  await sim.close();
});

function readyOf(docType: string): string[] {
  return sim.state.documents.filter((d) => d.docType === docType && d.docStatus === 'READY').map((d) => d.id);
}

async function ack(docType: string, ids: string[], systemId?: string) {
  return http('POST', url(`/${docType}/transactions/acknowledgements`), {
    headers: auth,
    body: systemId === undefined ? { ids } : { ids, systemId },
  });
}

function posting(docId: string, ok = true) {
  return ok
    ? {
        docId,
        overallPostingStatusCode: 'success',
        postingDocs: [
          { companyId: '10USA', documentNumber: 'SI-000123', fiscalYear: '2026', postingDate: '2026-11-20' },
        ],
        systemMessages: [],
      }
    : {
        docId,
        overallPostingStatusCode: 'error',
        postingDocs: [],
        systemMessages: [
          { messageId: 'ACCT', messageLanguage: 'EN', messageShortText: 'Account 6999 unknown in QAD' },
        ],
      };
}

function payment(
  docId: string,
  paymentRef: string,
  processingStatusCode = 'CP',
  clearingDate = '2026-11-22T12:00:00.000Z',
) {
  return {
    docId,
    processingStatusCode,
    clearingDetails: [
      {
        clearingDate,
        clearingAmount: 220.0,
        clearingCurrency: 'USD',
        receiver: { receiverId: 'E1001', receiverName: 'Ana', receiverType: 'EMPLOYEE' },
        clearingReference: {
          companyCode: 'US01',
          financialDocumentId: '667799',
          fiscalYear: '2026',
          paymentRef,
          paymentMethod: 'E',
        },
      },
    ],
  };
}

describe('Concur FIS v4 GET', () => {
  it('pages READY documents with the HATEOAS envelope (page 0-based, limit 25 by default)', async () => {
    const total = readyOf('invoice').length;
    expect(total).toBeGreaterThan(15);
    const first = await http('GET', url('/invoice/transactions'), { headers: auth });
    expect(first.status).toBe(200);
    expect(first.body.page).toEqual({
      size: 25,
      totalElements: total,
      totalPages: Math.ceil(total / 25),
      number: 0,
    });
    const small = await http('GET', url('/invoice/transactions?limit=10&page=1'), { headers: auth });
    expect(small.body.content).toHaveLength(10);
    expect(small.body.page.number).toBe(1);
    const rels = (small.body.links as { rel: string }[]).map((l) => l.rel);
    expect(rels).toEqual(expect.arrayContaining(['first', 'self', 'next', 'last']));
    const item = small.body.content[0];
    expect(item).toMatchObject({
      docType: 'invoice',
      docStatus: 'READY',
      companyUuid: sim.credentials.companyUuid,
      erpSystemId: null,
    });
    expect(item.id).toMatch(/^[0-9A-F]{32}$/);
    expect(typeof item.document).toBe('object');
    // The limit is capped (option fisMaxLimit, default 100).
    const big = await http('GET', url('/invoice/transactions?limit=5000'), { headers: auth });
    expect(big.body.page.size).toBe(100);
  });

  it('serves the path without the /financialintegration prefix too', async () => {
    const answer = await http('GET', `${sim.apiUrl}/fi/v4/companies/transactiontypes/expense/transactions`, {
      headers: auth,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.page.totalElements).toBe(readyOf('expense').length);
  });

  it('returns `document` as a JSON string with DocumentFormatAs: text and as an object with JSON', async () => {
    const text = await http('GET', url('/expense/transactions?limit=1'), {
      headers: { ...auth, DocumentFormatAs: 'text' },
    });
    const object = await http('GET', url('/expense/transactions?limit=1'), {
      headers: { ...auth, DocumentFormatAs: 'JSON' },
    });
    expect(typeof text.body.content[0].document).toBe('string');
    expect(JSON.parse(text.body.content[0].document as string)).toEqual(object.body.content[0].document);
    expect(object.body.content[0].document.report.reportId).toHaveLength(20);
  });

  it('finds one document by its business id; ignoreDocumentStatus=yes returns it in any status', async () => {
    const doc = sim.state.documents.find((d) => d.docType === 'invoice' && d.docStatus === 'READY')!;
    const byId = await http('GET', url(`/invoice/transactions?docId=${doc.businessId}`), { headers: auth });
    expect(byId.body.content).toHaveLength(1);
    expect(byId.body.content[0].id).toBe(doc.id);
    await ack('invoice', [doc.id], 'MLC-TEST');
    const hidden = await http('GET', url(`/invoice/transactions?docId=${doc.businessId}`), { headers: auth });
    expect(hidden.body.content).toHaveLength(0);
    const any = await http(
      'GET',
      url(`/invoice/transactions?docId=${doc.businessId}&ignoreDocumentStatus=yes`),
      { headers: auth },
    );
    expect(any.body.content[0]).toMatchObject({
      id: doc.id,
      docStatus: 'ACKNOWLEDGED',
      erpSystemId: 'MLC-TEST',
    });
  });

  it('refuses bad parameters, missing or wrong credentials with a clear error', async () => {
    expect((await http('GET', url('/invoice/transactions?page=-1'), { headers: auth })).status).toBe(400);
    expect(
      (await http('GET', url('/invoice/transactions?limit=abc'), { headers: auth })).body.errorMessage,
    ).toContain('limit');
    expect((await http('GET', url('/bogus/transactions'), { headers: auth })).status).toBe(400);
    expect((await http('GET', url('/invoice/transactions'))).status).toBe(401);
    expect(
      (await http('GET', url('/invoice/transactions'), { headers: { authorization: 'Bearer nope' } })).status,
    ).toBe(401);
    const malformed = await http('POST', url('/invoice/transactions/acknowledgements'), {
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{"ids": [',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errorMessage).toContain('malformed JSON');
    expect(
      (
        await http('POST', url('/invoice/transactions/acknowledgements'), {
          headers: auth,
          body: { systemId: 'x' },
        })
      ).body.errorMessage,
    ).toContain('ids');
    expect(
      (
        await http('POST', url('/invoice/transactions/postingconfirmations'), {
          headers: auth,
          body: { postingConfirmations: [] },
        })
      ).status,
    ).toBe(400);
  });
});

describe('Concur FIS v4 acknowledgements and confirmations', () => {
  it('acknowledges per item at HTTP 200: 0, 101 again, 104 unknown, 105 wrong type; systemId optional', async () => {
    const [a, b] = readyOf('invoice');
    const expense = readyOf('expense')[0]!;
    const answer = await ack('invoice', [a!, 'F'.repeat(32), expense]);
    expect(answer.status).toBe(200);
    expect(answer.body.map((r: { code: number }) => r.code)).toEqual([0, 104, 105]);
    expect(answer.body[0]).toMatchObject({
      docId: a,
      systemId: null,
      acknowledgeResult: 'SUCCESS',
      errorMessage: '',
    });
    expect(answer.body[1].acknowledgeResult).toBe('FAILURE');
    const repeat = await ack('invoice', [a!, b!], 'MLC-1');
    expect(repeat.body.map((r: { code: number }) => r.code)).toEqual([101, 0]);
    expect(repeat.body[0].errorMessage).toContain('previously acknowledged');
    // Acknowledged documents leave the ready queue.
    expect(readyOf('invoice')).not.toContain(b);
  });

  it('walks READY -> ACKNOWLEDGED -> POSTING_CONFIRMED_SUCCESS -> PAYMENT_CONFIRMED_SUCCESS', async () => {
    const id = readyOf('expense')[0]!;
    const early = await http('POST', url('/expense/transactions/postingconfirmations'), {
      headers: auth,
      body: { systemId: 'MLC-1', postingConfirmations: [posting(id)] },
    });
    expect(early.body[0]).toMatchObject({ code: 111, postingConfirmationResult: 'NOT_YET_ACKNOWLEDGED' });
    expect((await ack('expense', [id], 'MLC-1')).body[0].code).toBe(0);
    const unpaid = await http('POST', url('/expense/transactions/paymentconfirmations'), {
      headers: auth,
      body: { systemId: 'MLC-1', processingConfirmation: [payment(id, 'US01/1/2026/1')] },
    });
    expect(unpaid.body[0]).toMatchObject({ code: 111, paymentConfirmationResult: 'NOT_POSTING_CONFIRMED' });
    const posted = await http('POST', url('/expense/transactions/postingconfirmations'), {
      headers: auth,
      body: { systemId: 'MLC-1', postingConfirmations: [posting(id), posting('0'.repeat(32))] },
    });
    expect(posted.status).toBe(200);
    expect(posted.body[0]).toMatchObject({
      code: 0,
      docId: id,
      systemId: null,
      postingConfirmationResult: 'SUCCESS',
    });
    expect(posted.body[1]).toMatchObject({ code: 116, postingConfirmationResult: 'FAILURE' });
    const twice = await http('POST', url('/expense/transactions/postingconfirmations'), {
      headers: auth,
      body: { systemId: 'MLC-1', postingConfirmations: [posting(id)] },
    });
    expect(twice.body[0].code).toBe(113);
    const paid = await http('POST', url('/expense/transactions/paymentconfirmations'), {
      headers: auth,
      body: { systemId: 'MLC-1', processingConfirmation: [payment(id, 'US01/667799/2026/2')] },
    });
    expect(paid.body[0]).toMatchObject({
      code: 0,
      paymentConfirmationResult: 'SUCCESS',
      paymentRef: 'US01/667799/2026/2',
    });
    const dup = await http('POST', url('/expense/transactions/paymentconfirmations'), {
      headers: auth,
      body: { systemId: 'MLC-1', processingConfirmation: [payment(id, 'US01/667799/2026/2')] },
    });
    expect(dup.body[0]).toMatchObject({ code: 298, paymentConfirmationResult: 'NOOP' });
    const another = await http('POST', url('/expense/transactions/paymentconfirmations'), {
      headers: auth,
      body: { systemId: 'MLC-1', processingConfirmation: [payment(id, 'US01/667799/2026/3')] },
    });
    expect(another.body[0].code).toBe(213);
    expect(sim.state.documents.find((d) => d.id === id)!.docStatus).toBe('PAYMENT_CONFIRMED_SUCCESS');
    const log = await http('GET', `${sim.apiUrl}/__sandbox/confirmations?kind=payment`);
    expect(log.body.length).toBeGreaterThanOrEqual(4);
  });

  it('answers 198 for an invalid confirmation, 99 for a systemId mismatch, 298 for invoice payments and bad dates', async () => {
    const [x, y] = readyOf('invoice');
    await ack('invoice', [x!, y!], 'MLC-A');
    const invalid = await http('POST', url('/invoice/transactions/postingconfirmations'), {
      headers: auth,
      body: {
        systemId: '',
        postingConfirmations: [
          { docId: x, overallPostingStatusCode: 'maybe' },
          { docId: x, overallPostingStatusCode: 'success', postingDocs: [] },
        ],
      },
    });
    expect(invalid.body.map((r: { code: number }) => r.code)).toEqual([198, 198]);
    const mismatch = await http('POST', url('/invoice/transactions/postingconfirmations'), {
      headers: auth,
      body: { systemId: 'OTHER', postingConfirmations: [posting(x!)] },
    });
    expect(mismatch.body[0].code).toBe(99);
    const ok = await http('POST', url('/invoice/transactions/postingconfirmations'), {
      headers: auth,
      body: { systemId: '', postingConfirmations: [posting(x!)] },
    });
    expect(ok.body[0].code).toBe(0);
    const invoicePay = await http('POST', url('/invoice/transactions/paymentconfirmations'), {
      headers: auth,
      body: { systemId: 'MLC-A', processingConfirmation: [payment(x!, 'P-1')] },
    });
    expect(invoicePay.body[0]).toMatchObject({ code: 298, paymentConfirmationResult: 'FAILURE' });
    const badDate = await http('POST', url('/invoice/transactions/paymentconfirmations'), {
      headers: auth,
      body: { systemId: 'MLC-A', processingConfirmation: [payment(x!, 'P-2', 'CP', '2019-02-06')] },
    });
    expect(badDate.body[0].errorMessage).toContain('clearingDate');
  });

  it('a failed posting can be resubmitted as a new FIS id with revisionNumber + 1', async () => {
    const id = readyOf('invoice')[0]!;
    await ack('invoice', [id], 'MLC-1');
    const failed = await http('POST', url('/invoice/transactions/postingconfirmations'), {
      headers: auth,
      body: { systemId: 'MLC-1', postingConfirmations: [posting(id, false)] },
    });
    expect(failed.body[0].code).toBe(0);
    const original = sim.state.documents.find((d) => d.id === id)!;
    expect(original.docStatus).toBe('POSTING_CONFIRMED_FAILURE');
    const resubmitted = await http('POST', `${sim.apiUrl}/__sandbox/documents/${id}/resubmit`, { body: {} });
    expect(resubmitted.status).toBe(201);
    expect(resubmitted.body).toMatchObject({
      businessId: original.businessId,
      revisionNumber: 2,
      docStatus: 'READY',
    });
    expect(resubmitted.body.id).not.toBe(id);
    const get = await http('GET', url(`/invoice/transactions?docId=${original.businessId}`), {
      headers: auth,
    });
    expect(get.body.content[0].id).toBe(resubmitted.body.id);
    expect(get.body.content[0].document.requestHeader.revisionNumber).toBe(2);
    expect(
      (await http('POST', `${sim.apiUrl}/__sandbox/documents/${id}/resubmit`, { body: {} })).status,
    ).toBe(409);
  });

  it('recalled documents answer 102 and 112; unknown statuses answer 103 and are served as they are', async () => {
    const [r, u] = readyOf('expense');
    await http('POST', `${sim.apiUrl}/__sandbox/documents/${r}/recall`);
    expect((await ack('expense', [r!])).body[0].code).toBe(102);
    await http('PUT', `${sim.apiUrl}/__sandbox/documents/${u}/status`, {
      body: { docStatus: 'QUANTUM_LIMBO' },
    });
    expect((await ack('expense', [u!])).body[0].code).toBe(103);
    const doc = sim.state.documents.find((d) => d.id === u)!;
    const any = await http(
      'GET',
      url(`/expense/transactions?docId=${doc.businessId}&ignoreDocumentStatus=yes`),
      { headers: auth },
    );
    expect(any.body.content[0].docStatus).toBe('QUANTUM_LIMBO');
  });

  it('answers 199 (retry later) when the admin injects a failure, then succeeds', async () => {
    const id = readyOf('invoice')[0]!;
    const injected = await http('POST', `${sim.apiUrl}/__sandbox/documents/${id}/fail-next`, {
      body: { count: 1 },
    });
    expect(injected.status).toBe(200);
    const first = await ack('invoice', [id], 'MLC-1');
    expect(first.body[0]).toMatchObject({ code: 199, acknowledgeResult: 'FAILURE' });
    expect(sim.state.documentsById.get(id)!.docStatus).toBe('READY');
    expect((await ack('invoice', [id], 'MLC-1')).body[0].code).toBe(0);
  });

  it('adds documents through the admin route', async () => {
    const before = readyOf('expense').length;
    const added = await http('POST', `${sim.apiUrl}/__sandbox/documents`, {
      body: { count: 3, docType: 'expense' },
    });
    expect(added.status).toBe(201);
    expect(added.body).toHaveLength(3);
    expect(readyOf('expense').length).toBe(before + 3);
    const bad = await http('POST', `${sim.apiUrl}/__sandbox/documents`, { body: { count: 'many' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('count');
  });
});
