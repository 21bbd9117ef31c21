// A local receiver for Event Subscription Service deliveries [ESS; RFI; research/concur.md 3]. It only speeds
// polling up: ESS needs a public HTTPS name with a CA certificate, which a desktop cannot offer, so in practice
// a relay forwards to this 127.0.0.1 listener; polling alone must (and does) work. Off by default.
// - `Concur-Signature` is verified over the raw body. UNCONFIRMED algorithm and encoding: the guess is
//   RSA PKCS#1 v1.5 with SHA-256, base64; the key PEM and algorithm are settings.
// - Delivery is at least once: duplicates are dropped by event id (bounded memory).
// - ESS waits up to 60 s but wants an answer fast: we answer first and call back afterwards.
import { createPublicKey, createVerify, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { LogSink } from '../../ipc/log-sink.ts';
import { safeDetail } from './http.ts';

export type SignatureAlgorithm = 'RSA-SHA256' | 'RSA-SHA1' | 'RSA-SHA512';

/** A `*.readyForIntegration` event reduced to what the engine needs to trigger a poll. */
export interface ConcurReadyEvent {
  readonly id: string;
  readonly eventType: string;
  /** `invoice`, `expense`, ... taken from the event type's prefix, lower case. */
  readonly docType: string;
  /** The business id (report / request id) from `facts.documentId`. */
  readonly documentId: string | undefined;
  readonly companyId: string | undefined;
  readonly entityId: string | undefined;
  readonly href: string | undefined;
  readonly timeStamp: string | undefined;
  readonly correlationId: string | undefined;
}

// Samples use ids that are not UUIDs and timestamps of 24 or 28 characters: validate loosely (section 8).
const eventSchema = z.looseObject({
  id: z.string().trim().min(1).max(200),
  eventType: z.string().trim().min(1).max(200),
  correlationId: z.string().nullish(),
  timeStamp: z.string().nullish(),
  facts: z
    .looseObject({
      companyId: z.string().nullish(),
      documentId: z.string().nullish(),
      href: z.string().nullish(),
      entityId: z.string().nullish(),
    })
    .nullish(),
});

export interface ConcurEventReceiverOptions {
  /** 0 lets the OS choose (tests); settings `concur.eventReceiver.port` otherwise. */
  readonly port: number;
  readonly publicKeyPem: string;
  readonly algorithm?: SignatureAlgorithm;
  readonly onDocumentReady: (event: ConcurReadyEvent) => void | Promise<void>;
  readonly log: LogSink;
  /** How many event ids to remember for de-duplication (oldest forgotten first). */
  readonly rememberIds?: number;
  readonly maxBodyBytes?: number;
}

export interface ConcurEventReceiver {
  readonly url: string;
  readonly port: number;
  readonly stats: { received: number; accepted: number; duplicates: number; rejected: number };
  close(): Promise<void>;
}

/** A set that forgets its oldest entries beyond `limit`. */
export class BoundedIdSet {
  readonly #ids = new Set<string>();
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = Math.max(1, limit);
  }

  /** Adds the id; false when it was already there. */
  add(id: string): boolean {
    if (this.#ids.has(id)) return false;
    this.#ids.add(id);
    if (this.#ids.size > this.#limit) {
      const oldest = this.#ids.values().next().value;
      if (oldest !== undefined) this.#ids.delete(oldest);
    }
    return true;
  }

  get size(): number {
    return this.#ids.size;
  }
}

export function verifyConcurSignature(
  key: KeyObject | string,
  algorithm: SignatureAlgorithm,
  rawBody: Buffer,
  signature: string,
): boolean {
  const sig = signature.trim();
  if (sig === '' || !/^[A-Za-z0-9+/=_-]+$/.test(sig)) return false;
  try {
    const verifier = createVerify(algorithm);
    verifier.update(rawBody);
    verifier.end();
    return verifier.verify(key, Buffer.from(sig, 'base64'));
  } catch {
    return false;
  }
}

export function toReadyEvent(
  event: z.infer<typeof eventSchema>,
  correlationHeader?: string,
): ConcurReadyEvent {
  const prefix = event.eventType.split('.')[0] ?? '';
  return {
    id: event.id,
    eventType: event.eventType,
    docType: prefix.toLowerCase(),
    documentId: event.facts?.documentId ?? undefined,
    companyId: event.facts?.companyId ?? undefined,
    entityId: event.facts?.entityId ?? undefined,
    href: event.facts?.href ?? undefined,
    timeStamp: event.timeStamp ?? undefined,
    correlationId: event.correlationId ?? correlationHeader,
  };
}

export async function startConcurEventReceiver(
  options: ConcurEventReceiverOptions,
): Promise<ConcurEventReceiver> {
  // Fails at start, with a clear message, when the key setting is not a public key.
  let key: KeyObject;
  try {
    key = createPublicKey(options.publicKeyPem);
  } catch (error) {
    throw new Error(
      `concur.eventReceiver.publicKeyPem: not a PEM public key (${error instanceof Error ? error.message : String(error)})`,
      { cause: error },
    );
  }
  const algorithm = options.algorithm ?? 'RSA-SHA256';
  const seen = new BoundedIdSet(options.rememberIds ?? 10_000);
  const maxBody = options.maxBodyBytes ?? 256 * 1024;
  const stats = { received: 0, accepted: 0, duplicates: 0, rejected: 0 };
  const log = options.log;

  const answer = (res: http.ServerResponse, status: number, message: string): void => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message }));
  };

  const server = http.createServer((req, res) => {
    if (req.method !== 'POST') {
      answer(res, 405, 'POST only');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBody) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => {
      stats.received += 1;
      if (tooLarge) {
        stats.rejected += 1;
        answer(res, 413, 'body too large');
        return;
      }
      const raw = Buffer.concat(chunks);
      const header = req.headers['concur-signature'];
      const signature = Array.isArray(header) ? (header[0] ?? '') : (header ?? '');
      if (!verifyConcurSignature(key, algorithm, raw, signature)) {
        stats.rejected += 1;
        // 401 makes ESS retry for up to 72 h, which leaves time to correct an outdated key setting.
        log.warn({ bytes: raw.length }, 'SAP Concur event refused: the Concur-Signature does not verify');
        answer(res, 401, 'signature does not verify');
        return;
      }
      let parsed: z.infer<typeof eventSchema>;
      try {
        const result = eventSchema.safeParse(JSON.parse(raw.toString('utf8')));
        if (!result.success) {
          const issue = result.error.issues[0];
          throw new Error(`${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
        }
        parsed = result.data;
      } catch (error) {
        stats.rejected += 1;
        // 400 is not retried by ESS: a malformed event stays malformed.
        answer(res, 400, `not an event: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      if (!seen.add(parsed.id)) {
        stats.duplicates += 1;
        answer(res, 200, 'duplicate dropped');
        return;
      }
      answer(res, 202, 'accepted');
      if (!/\.readyForIntegration$/i.test(parsed.eventType)) {
        log.info(
          safeDetail({ eventType: parsed.eventType }),
          'SAP Concur event ignored (not a ready-for-integration event)',
        );
        return;
      }
      stats.accepted += 1;
      const correlation = req.headers['concur-correlationid'];
      const event = toReadyEvent(parsed, typeof correlation === 'string' ? correlation : undefined);
      void Promise.resolve()
        .then(() => options.onDocumentReady(event))
        .catch((error: unknown) =>
          log.error(
            safeDetail({ eventId: event.id, error: error instanceof Error ? error.message : String(error) }),
            'SAP Concur event handler failed',
          ),
        );
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
