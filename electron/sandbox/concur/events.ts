// Event Subscription Service deliveries [ESS; RFI]: a `*.readyForIntegration` event POSTed to a webhook
// with a `Concur-Signature` header. UNCONFIRMED algorithm: the guess is RSA PKCS#1 v1.5 with SHA-256 over
// the raw body, base64 (option `signatureAlgorithm`). The sandbox makes its own RSA-2048 key pair and
// exposes the public key PEM so receivers can verify. At least once: the option `deliverEventsTwice` sends
// every event twice with the same `id`.
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { SimClock } from '../clock.ts';
import { uuid, type ConcurState, type FisDocument } from './state.ts';

export interface SigningKeys {
  readonly privateKey: KeyObject;
  readonly publicKeyPem: string;
}

export function generateSigningKeys(): SigningKeys {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

export interface EventDelivery {
  readonly event: Record<string, unknown>;
  readonly body: string;
  readonly signature: string;
  /** One entry per attempt: the HTTP status, or the network error's message. */
  readonly attempts: (number | string)[];
}

export interface DeliverOptions {
  /** The document announced; default the oldest READY one. */
  readonly documentId?: string;
  /** Override the option `deliverEventsTwice` for this call. */
  readonly twice?: boolean;
  /** Override the event type (e.g. to send an unknown one). */
  readonly eventType?: string;
}

function essTimestamp(clock: SimClock, style: 'offset' | 'zulu'): string {
  const iso = clock.nowIso(); // 2026-11-25T08:00:00.000Z
  // Samples show both `+0000` (28 characters) and `Z` [RFI; section 8].
  return style === 'offset' ? iso.replace('Z', '+0000') : iso;
}

export function buildReadyEvent(
  state: ConcurState,
  clock: SimClock,
  apiUrl: string,
  doc: FisDocument,
  eventType?: string,
): Record<string, unknown> {
  const entityId = state.entityIds[doc.entityCode] ?? '';
  return {
    id: uuid(state.random),
    correlationId: uuid(state.random),
    eventType: eventType ?? `${doc.docType}.readyForIntegration`,
    topic: 'public.concur.financialintegration',
    subtopic: entityId,
    timeStamp: essTimestamp(clock, state.options.eventTimestampStyle),
    route: 'stable',
    facts: {
      companyId: state.credentials.companyUuid,
      documentId: doc.businessId,
      href: `${apiUrl}/financialintegration/fi/v4/companies/transactiontypes/${doc.docType}/transactions?docId=${doc.businessId}`,
      entityId,
    },
    data: null,
  };
}

export function sign(keys: SigningKeys, algorithm: string, body: string): string {
  const signer = createSign(algorithm);
  signer.update(body);
  signer.end();
  return signer.sign(keys.privateKey).toString('base64');
}

export async function deliverEvent(args: {
  state: ConcurState;
  clock: SimClock;
  keys: SigningKeys;
  apiUrl: string;
  url: string;
  options?: DeliverOptions;
}): Promise<EventDelivery> {
  const { state, clock, keys, apiUrl, url, options = {} } = args;
  const doc = options.documentId
    ? state.documents.find((d) => d.id === options.documentId || d.businessId === options.documentId)
    : state.documents.find((d) => d.docStatus === 'READY');
  if (!doc)
    throw new Error(
      options.documentId ? `no document ${options.documentId}` : 'no READY document to announce',
    );
  const event = buildReadyEvent(state, clock, apiUrl, doc, options.eventType);
  const body = JSON.stringify(event);
  const signature = sign(keys, state.options.signatureAlgorithm, body);
  const times = (options.twice ?? state.options.deliverEventsTwice) ? 2 : 1;
  const attempts: (number | string)[] = [];
  for (let i = 0; i < times; i += 1) {
    let outcome: number | string;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'concur-signature': signature,
          'concur-correlationid': String(event.correlationId),
        },
        body,
        signal: AbortSignal.timeout(60_000), // ESS gives a subscriber 60 s [ESS]
      });
      await response.arrayBuffer();
      outcome = response.status;
    } catch (error) {
      outcome = error instanceof Error ? error.message : String(error);
    }
    attempts.push(outcome);
    state.eventsSent.push({ at: clock.now(), url, status: outcome, eventId: String(event.id) });
  }
  return { event, body, signature, attempts };
}
