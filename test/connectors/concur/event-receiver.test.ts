import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConcurSimulator } from '../../../electron/sandbox/concur/index.ts';
import {
  BoundedIdSet,
  startConcurEventReceiver,
  type ConcurEventReceiver,
  type ConcurReadyEvent,
} from '../../../electron/connectors/concur/index.ts';
import { clientFor, recordingLog, startSim } from './helpers.ts';

let sim: ConcurSimulator | undefined;
let receiver: ConcurEventReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  await sim?.close();
  receiver = undefined;
  sim = undefined;
});

async function start(
  publicKeyPem: string,
): Promise<{ events: ConcurReadyEvent[]; receiver: ConcurEventReceiver }> {
  const events: ConcurReadyEvent[] = [];
  receiver = await startConcurEventReceiver({
    port: 0,
    publicKeyPem,
    onDocumentReady: (event) => {
      events.push(event);
    },
    log: recordingLog(),
  });
  return { events, receiver };
}

/** Lets the receiver's after-answer callback run. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

describe('Concur Event Subscription receiver', () => {
  it("accepts the simulator's signed delivery and triggers a poll for the document", async () => {
    sim = await startSim();
    const { events, receiver: r } = await start(sim.signingPublicKeyPem);
    const doc = sim.state.documents.find((d) => d.docStatus === 'READY' && d.docType === 'invoice');
    const delivery = await sim.deliverEvent(r.url, { documentId: doc?.id ?? '' });
    expect(delivery.attempts).toEqual([202]);
    await settle();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      id: delivery.event.id,
      eventType: 'invoice.readyForIntegration',
      docType: 'invoice',
      documentId: doc?.businessId,
      companyId: sim.credentials.companyUuid,
    });
    // The announced document is there to be read (the href names a docId GET).
    const client = clientFor(sim).client;
    expect((await client.fis.getDocument('invoice', events[0]?.documentId ?? ''))?.id).toBe(doc?.id);
  });

  it('rejects a tampered body, a missing signature and a signature by another key', async () => {
    sim = await startSim();
    const { events, receiver: r } = await start(sim.signingPublicKeyPem);
    // A genuine delivery elsewhere gives a real body and signature to tamper with.
    const original = await sim.deliverEvent('http://127.0.0.1:9/unreachable');
    const tampered = original.body.replace(/"documentId":"[^"]+"/, '"documentId":"SOMETHING-ELSE"');
    expect(tampered).not.toBe(original.body);
    const post = (body: string, signature?: string): Promise<Response> =>
      fetch(r.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(signature ? { 'concur-signature': signature } : {}),
        },
        body,
      });
    expect((await post(tampered, original.signature)).status).toBe(401);
    expect((await post(original.body)).status).toBe(401);

    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const { createSign } = await import('node:crypto');
    const forged = createSign('RSA-SHA256').update(original.body).sign(other.privateKey).toString('base64');
    expect((await post(original.body, forged)).status).toBe(401);
    // The untouched body with its own signature passes.
    expect((await post(original.body, original.signature)).status).toBe(202);
    await settle();
    expect(events).toHaveLength(1);
    expect(r.stats.rejected).toBe(3);
  });

  it('drops a duplicate delivery of the same event id (at least once)', async () => {
    sim = await startSim();
    const { events, receiver: r } = await start(sim.signingPublicKeyPem);
    const delivery = await sim.deliverEvent(r.url, { twice: true });
    expect(delivery.attempts).toEqual([202, 200]);
    await settle();
    expect(events).toHaveLength(1);
    expect(r.stats.duplicates).toBe(1);
  });

  it('ignores other event types and refuses a bad key setting at start', async () => {
    sim = await startSim();
    const { events, receiver: r } = await start(sim.signingPublicKeyPem);
    const delivery = await sim.deliverEvent(r.url, { eventType: 'reportCreated' });
    expect(delivery.attempts).toEqual([202]);
    await settle();
    expect(events).toHaveLength(0);
    await expect(
      startConcurEventReceiver({
        port: 0,
        publicKeyPem: 'not a key',
        onDocumentReady: () => {},
        log: recordingLog(),
      }),
    ).rejects.toThrow(/concur.eventReceiver.publicKeyPem/);
  });

  it('remembers a bounded number of ids', () => {
    const ids = new BoundedIdSet(3);
    expect(['a', 'b', 'c', 'a'].map((id) => ids.add(id))).toEqual([true, true, true, false]);
    ids.add('d'); // forgets "a"
    expect(ids.size).toBe(3);
    expect(ids.add('a')).toBe(true);
  });

  it('starts from the settings only when enabled', async () => {
    sim = await startSim();
    const off = clientFor(sim).client;
    expect(await off.startEventReceiver(() => {})).toBeUndefined();
    const on = clientFor(sim, {
      concur: { eventReceiver: { enabled: true, port: 8787, publicKeyPem: sim.signingPublicKeyPem } },
    }).client;
    receiver = await on.startEventReceiver(() => {}, { port: 0 });
    expect(receiver?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });
});
