import { afterEach, describe, expect, it } from 'vitest';
import type { ConcurSimulator } from '../../../electron/sandbox/concur/index.ts';
import { ConcurInputError, fisOutcome, readFisPage } from '../../../electron/connectors/concur/index.ts';
import { admin, clientFor, startSim } from './helpers.ts';

let sim: ConcurSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

function ready(s: ConcurSimulator, docType: 'invoice' | 'expense'): string[] {
  return s.state.documents.filter((d) => d.docType === docType && d.docStatus === 'READY').map((d) => d.id);
}

async function oneAcknowledged(
  s: ConcurSimulator,
  h: ReturnType<typeof clientFor>,
  docType: 'invoice' | 'expense',
): Promise<string> {
  const id = ready(s, docType)[0];
  if (!id) throw new Error(`no READY ${docType}`);
  const [ack] = await h.client.fis.acknowledge(docType, [id]);
  expect(ack?.outcome).toBe('done');
  return id;
}

describe('Concur Financial Integration v4 client', () => {
  it('reads every READY document across many pages', async () => {
    sim = await startSim({ documents: 75 });
    const h = clientFor(sim, { options: { pageSize: 7 } });
    const invoices = await h.client.fis.listReady('invoice');
    const expenses = await h.client.fis.listReady('expense');
    expect(invoices.map((d) => d.id).sort()).toEqual(ready(sim, 'invoice').sort());
    expect(expenses.map((d) => d.id).sort()).toEqual(ready(sim, 'expense').sort());
    expect(invoices.length + expenses.length).toBeGreaterThan(30);
    const pages = sim.apiServer.requests.filter((r) => r.operation === 'fis.list').length;
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(invoices.length / 7) + Math.ceil(expenses.length / 7));
    for (const doc of invoices) {
      expect(doc.document).toBeTypeOf('object');
      expect(doc.docStatus).toBe('READY');
    }
  });

  it('gets one document by its business id in any status, and keeps an unknown status as it is', async () => {
    sim = await startSim();
    const h = clientFor(sim);
    const doc = sim.state.documents.find((d) => d.docType === 'expense');
    if (!doc) throw new Error('no expense');
    await admin(sim, 'PUT', `documents/${doc.id}/status`, { docStatus: 'SOMETHING_NEW' });
    const got = await h.client.fis.getDocument('expense', doc.businessId);
    expect(got?.id).toBe(doc.id);
    expect(got?.docStatus).toBe('SOMETHING_NEW');
    expect(await h.client.fis.getDocument('expense', 'NO-SUCH-REPORT')).toBeUndefined();
  });

  it('reads both envelopes and a document sent as JSON text', () => {
    const doc = { report: { reportId: 'R1' } };
    const current = readFisPage(
      JSON.stringify({
        links: [],
        content: [
          { id: 'a'.repeat(32), docType: 'expense', document: JSON.stringify(doc), docStatus: 'READY' },
        ],
        page: { size: 25, totalElements: 1, totalPages: 1, number: 0 },
      }),
      'expense',
    );
    expect(current.items[0]?.document).toEqual(doc);
    expect(current.next).toBeUndefined();

    // 8-decimal amounts sent as bare JSON numbers keep their exact text; plain numbers stay numbers.
    const exact = readFisPage(
      `{"content":[{"id":"${'d'.repeat(32)}","document":{"requestHeader":{"requestTotal":50.00000000,` +
        `"amountTax":0E-8,"reqKey":42,"big":12345678901234567890.12}}}],"page":{"number":0,"totalPages":1}}`,
      'invoice',
    );
    expect(exact.items[0]?.document).toEqual({
      requestHeader: {
        requestTotal: '50.00000000',
        amountTax: '0E-8',
        reqKey: 42,
        big: '12345678901234567890.12',
      },
    });

    const legacy = readFisPage(
      JSON.stringify({
        fIDocuments: [
          { id: 'b'.repeat(32), document: doc },
          { id: 'c'.repeat(32), document: '{not json' },
        ],
        offset: null,
        nextPage: 'https://elsewhere.example/financialintegration/fi/v4/x?page=2',
        numberReturned: 2,
      }),
      'invoice',
    );
    expect(legacy.items.map((d) => d.document)).toEqual([doc, undefined]);
    expect(legacy.items[1]?.documentError).toMatch(/document: not valid JSON/);
    // The next page is followed on our own geolocation, never on the host a link names.
    expect(legacy.next).toEqual({ href: '/financialintegration/fi/v4/x?page=2' });
  });

  it('maps every documented service code to a typed outcome', () => {
    const table: [Parameters<typeof fisOutcome>, string][] = [
      [['acknowledge', 0, 'SUCCESS'], 'done'],
      [['acknowledge', 101, 'FAILURE'], 'already_done'],
      [['acknowledge', 102, 'FAILURE'], 'recalled'],
      [['acknowledge', 103, 'FAILURE'], 'not_ready'],
      [['acknowledge', 104, 'FAILURE'], 'not_found'],
      [['acknowledge', 199, 'FAILURE'], 'retry_later'],
      [['posting', 99, 'FAILURE'], 'system_mismatch'],
      [['posting', 111, 'NOT_YET_ACKNOWLEDGED'], 'not_acknowledged'],
      [['posting', 112, 'WAS_RECALLED'], 'recalled'],
      [['posting', 113, 'FAILURE'], 'already_done'],
      [['posting', 114, 'FAILURE'], 'unknown_state'],
      [['posting', 116, 'FAILURE'], 'not_found'],
      [['posting', 198, 'FAILURE'], 'do_not_retry'],
      [['posting', 199, 'SYSTEM_ERROR_OCCURRED'], 'retry_later'],
      [['payment', 213, 'FAILURE'], 'already_done'],
      [['payment', 298, 'NOOP'], 'already_done'],
      [['payment', 298, 'FAILURE'], 'do_not_retry'],
      [['payment', 116, 'DOCUMENT_NOT_FOUND'], 'not_found'],
      [['payment', 111, 'NOT_POSTING_CONFIRMED'], 'not_posting_confirmed'],
      [['posting', 777, 'SOMETHING_NEW'], 'failed'],
    ];
    for (const [args, outcome] of table) expect([args, fisOutcome(...args)]).toEqual([args, outcome]);
  });

  it('acknowledging twice is success; an unknown id is typed', async () => {
    sim = await startSim();
    const h = clientFor(sim);
    const ids = ready(sim, 'invoice').slice(0, 2);
    const first = await h.client.fis.acknowledge('invoice', ids);
    expect(first.map((r) => [r.outcome, r.ok])).toEqual([
      ['done', true],
      ['done', true],
    ]);
    const again = await h.client.fis.acknowledge('invoice', [...ids, 'f'.repeat(32)]);
    expect(again.map((r) => [r.docId, r.outcome, r.ok, r.code])).toEqual([
      [ids[0], 'already_done', true, 101],
      [ids[1], 'already_done', true, 101],
      ['f'.repeat(32), 'not_found', false, 104],
    ]);
    // Our system id went with the acknowledgement.
    expect(sim.state.documentsById.get(ids[0] ?? '')?.erpSystemId).toBe('ml-connector');
  });

  it('confirming a posting twice is success; a missing document and a retry-later are typed', async () => {
    sim = await startSim();
    const h = clientFor(sim);
    const id = await oneAcknowledged(sim, h, 'invoice');
    const success = {
      docId: id,
      status: 'success' as const,
      qadDocumentId: 'SI-2026-000123',
      entity: '10USA',
      postingDate: '2026-11-20',
      fiscalYear: 2026,
    };
    const [first] = await h.client.fis.confirmPosting('invoice', [success]);
    expect(first).toMatchObject({ outcome: 'done', ok: true });
    const [second] = await h.client.fis.confirmPosting('invoice', [success]);
    expect(second).toMatchObject({ outcome: 'already_done', ok: true, code: 113 });
    expect(sim.state.documentsById.get(id)?.docStatus).toBe('POSTING_CONFIRMED_SUCCESS');

    const [missing] = await h.client.fis.confirmPosting('invoice', [{ ...success, docId: 'e'.repeat(32) }]);
    expect(missing).toMatchObject({ outcome: 'not_found', ok: false, code: 116 });

    const other = await oneAcknowledged(sim, h, 'invoice');
    await admin(sim, 'POST', `documents/${other}/fail-next`, { count: 1 });
    const [later] = await h.client.fis.confirmPosting('invoice', [{ ...success, docId: other }]);
    expect(later).toMatchObject({ outcome: 'retry_later', ok: false, code: 199 });
  });

  it("sends a failure with QAD's message cut to 1300 characters; refuses bad input naming the field", async () => {
    sim = await startSim();
    const h = clientFor(sim);
    const id = await oneAcknowledged(sim, h, 'expense');
    const long = `Period 2026/11 is closed for entity 10USA. ${'x'.repeat(2000)}`;
    const [result] = await h.client.fis.confirmPosting('expense', [
      { docId: id, status: 'error', message: long, messageId: 'QAD-1234' },
    ]);
    expect(result).toMatchObject({ outcome: 'done', ok: true });
    expect(sim.state.documentsById.get(id)?.docStatus).toBe('POSTING_CONFIRMED_FAILURE');
    const sent = sim.state.confirmations.find((c) => c.kind === 'posting' && c.docId === id)?.request as {
      systemMessages: { messageLongText: string; messageId: string }[];
    };
    expect(sent.systemMessages[0]?.messageLongText).toHaveLength(1300);
    expect(sent.systemMessages[0]?.messageId).toBe('QAD-1234');

    const bad = await h.client.fis
      .confirmPosting('expense', [
        {
          docId: id,
          status: 'success',
          qadDocumentId: 'X',
          entity: 'E'.repeat(33),
          postingDate: '2026-11-20',
          fiscalYear: '2026',
        },
      ])
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ConcurInputError);
    expect((bad as ConcurInputError).field).toBe('confirmations[0].entity');
  });

  it('confirms a payment; a repeat is "already done" (298/NOOP); invoices answer do-not-retry', async () => {
    sim = await startSim();
    const h = clientFor(sim);
    const id = await oneAcknowledged(sim, h, 'expense');
    await h.client.fis.confirmPosting('expense', [
      {
        docId: id,
        status: 'success',
        qadDocumentId: 'JE-1',
        entity: '10USA',
        postingDate: '2026-11-20',
        fiscalYear: 2026,
      },
    ]);
    const payment = {
      docId: id,
      statusCode: 'CP' as const,
      clearingDate: '2026-11-24',
      amount: '220.00',
      currency: 'USD',
      entity: '10USA',
      qadDocumentId: 'JE-1',
      fiscalYear: 2026,
      paymentRef: '10USA/JE-1/2026/1',
      paymentMethod: 'E' as const,
    };
    const [paid] = await h.client.fis.confirmPayment('expense', [payment]);
    expect(paid).toMatchObject({ outcome: 'done', ok: true });
    const [repeat] = await h.client.fis.confirmPayment('expense', [payment]);
    expect(repeat).toMatchObject({ outcome: 'already_done', ok: true, code: 298, result: 'NOOP' });
    const sent = sim.state.confirmations.find((c) => c.kind === 'payment')?.request as {
      clearingDetails: { clearingDate: string; clearingAmount: number }[];
    };
    expect(sent.clearingDetails[0]).toMatchObject({
      clearingDate: '2026-11-24T12:00:00.000Z',
      clearingAmount: 220,
    });

    const invoice = await oneAcknowledged(sim, h, 'invoice');
    const [refused] = await h.client.fis.confirmPayment('invoice', [
      { ...payment, docId: invoice, paymentRef: 'P2' },
    ]);
    expect(refused).toMatchObject({ outcome: 'do_not_retry', ok: false, code: 298 });
  });

  it('retries injected 429 and 503 answers and still reads everything', async () => {
    sim = await startSim({ documents: 40 });
    const h = clientFor(sim, { options: { pageSize: 5 } });
    await h.client.connect();
    sim.apiServer.faults.set({ rate429: 0.3, rate503: 0.2, seed: 2, pathContains: '/financialintegration' });
    const invoices = await h.client.fis.listReady('invoice');
    const acks = await h.client.fis.acknowledge(
      'invoice',
      invoices.map((d) => d.id),
    );
    expect(invoices.map((d) => d.id).sort()).toEqual(
      sim.state.documents
        .filter((d) => d.docType === 'invoice' && d.erpSystemId === 'ml-connector')
        .map((d) => d.id)
        .sort(),
    );
    expect(acks.every((a) => a.ok)).toBe(true);
    expect(sim.apiServer.faults.injected['429']).toBeGreaterThan(0);
    expect(sim.apiServer.faults.injected['503']).toBeGreaterThan(0);
    expect(h.log.lines.some((l) => l.level === 'warn' && /trying again/.test(l.message))).toBe(true);
  });

  it('retries an acknowledgement whose reply was lost: the repeat is answered "already acknowledged"', async () => {
    sim = await startSim();
    const h = clientFor(sim);
    await h.client.connect();
    const id = ready(sim, 'invoice')[0] ?? '';
    sim.apiServer.faults.set({ lostReplyRate: 0.5, seed: 3, pathContains: '/acknowledgements' });
    const [result] = await h.client.fis.acknowledge('invoice', [id]);
    expect(result?.ok).toBe(true);
    expect(sim.state.documentsById.get(id)?.docStatus).toBe('ACKNOWLEDGED');
  });
});
