/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-explicit-any -- contract tests read untyped JSON answers from the wire */
import { createPublicKey, verify } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConcurSimulator } from '../../../electron/sandbox/concur/index.ts';
import { http as call, startSim } from './helpers.ts';

interface Received {
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

let sim: ConcurSimulator;
let receiver: http.Server;
let receiverUrl: string;
const received: Received[] = [];

beforeAll(async () => {
  sim = await startSim({ documents: 6 });
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/concur/events`;
});
afterAll(async () => {
  await sim.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

function verifies(r: Received, pem: string): boolean {
  const signature = Buffer.from(String(r.headers['concur-signature']), 'base64');
  return verify('sha256', r.body, createPublicKey(pem), signature);
}

describe('Concur Event Subscription Service deliveries', () => {
  it('POSTs a readyForIntegration event signed over the raw body; the public key verifies it', async () => {
    received.length = 0;
    const doc = sim.state.documents.find((d) => d.docType === 'invoice')!;
    const delivery = await sim.deliverEvent(receiverUrl, { documentId: doc.id });
    expect(delivery.attempts).toEqual([202]);
    expect(received).toHaveLength(1);
    const r = received[0]!;
    expect(verifies(r, sim.signingPublicKeyPem)).toBe(true);
    // A tampered body no longer verifies.
    expect(
      verifies(
        { ...r, body: Buffer.from(r.body.toString().replace('invoice', 'expense')) },
        sim.signingPublicKeyPem,
      ),
    ).toBe(false);
    const event = JSON.parse(r.body.toString('utf8')) as Record<string, any>;
    expect(event).toMatchObject({
      eventType: 'invoice.readyForIntegration',
      topic: 'public.concur.financialintegration',
      data: null,
      facts: { companyId: sim.credentials.companyUuid, documentId: doc.businessId },
    });
    expect(event.timeStamp).toMatch(/\+0000$/);
    expect(String(event.facts.href)).toBe(
      `${sim.apiUrl}/financialintegration/fi/v4/companies/transactiontypes/invoice/transactions?docId=${doc.businessId}`,
    );
    expect(r.headers['concur-correlationid']).toBe(event.correlationId);
  });

  it('delivers twice with the same event id when asked (at least once)', async () => {
    received.length = 0;
    await sim.deliverEvent(receiverUrl, { twice: true });
    expect(received).toHaveLength(2);
    expect(received[0]!.body.equals(received[1]!.body)).toBe(true);
  });

  it('exposes the public key and a deliver route on the admin API', async () => {
    received.length = 0;
    const pem = await call('GET', `${sim.apiUrl}/__sandbox/events/public-key`);
    expect(pem.text).toContain('BEGIN PUBLIC KEY');
    const answer = await call('POST', `${sim.apiUrl}/__sandbox/events/deliver`, {
      body: { url: receiverUrl },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.attempts).toEqual([202]);
    expect(verifies(received[0]!, pem.text)).toBe(true);
    const refused = await call('POST', `${sim.apiUrl}/__sandbox/events/deliver`, {
      body: { url: 'not a url' },
    });
    expect(refused.status).toBe(400);
  });

  it('announces resubmitted documents to a configured webhook', async () => {
    received.length = 0;
    sim.setOptions({ webhookUrl: receiverUrl, eventTimestampStyle: 'zulu' });
    try {
      const doc = sim.state.documents.find((d) => d.docStatus === 'READY' && d.docType === 'expense')!;
      sim.state.documents.find((d) => d.id === doc.id)!.docStatus = 'RECALLED';
      const resubmitted = await call('POST', `${sim.apiUrl}/__sandbox/documents/${doc.id}/resubmit`, {
        body: {},
      });
      expect(resubmitted.status).toBe(201);
      await expect.poll(() => received.length).toBe(1);
      const event = JSON.parse(received[0]!.body.toString('utf8')) as {
        eventType: string;
        timeStamp: string;
        facts: { documentId: string };
      };
      expect(event.eventType).toBe('expense.readyForIntegration');
      expect(event.facts.documentId).toBe(doc.businessId);
      expect(event.timeStamp).toMatch(/Z$/);
    } finally {
      sim.setOptions({ webhookUrl: undefined });
    }
  });
});
