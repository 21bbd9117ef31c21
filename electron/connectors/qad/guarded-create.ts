// "Never post twice" for QAD writes (ARCHITECTURE.md, research/reliability.md A3/B2). QAD has no idempotency
// key, so our external reference rides in the document and:
//  - before the first send, the reference is looked up (a retry after a crash finds its earlier post);
//  - a send whose outcome is unclear (timeout, reset, lost or unreadable reply, 5xx, refused token) is
//    followed by a look-up before anything is sent again: found -> posted; absent -> send again after a
//    backoff; the look-up itself fails -> `uncertain`, a person decides;
//  - only a request that certainly never left (connection refused, open circuit) is re-sent without one;
//  - business and configuration refusals stop at once;
//  - where the transport cannot be trusted on success (QXtend has answered `success` while posting
//    nothing), the document is read back and a success that is not found is an error.
import type {
  QadCreateResult,
  QadDocumentKind,
  QadMessage,
  QadPostedDocument,
} from '../../../shared/domain/qad.ts';
import type { LogSink } from '../../ipc/log-sink.ts';
import { decide } from './classify.ts';
import { QadError, QadNotPostedError, QadTransientError } from './errors.ts';
import type { Resilience } from './resilience.ts';

export interface SendResult {
  /** The document as QAD echoed it; absent when the reply carries no keys. */
  readonly document?: QadPostedDocument;
  readonly warnings: readonly QadMessage[];
}

export interface GuardedCreate {
  readonly kind: QadDocumentKind;
  readonly externalRef: string;
  /** One request; throws a classified QadError. */
  readonly send: () => Promise<SendResult>;
  /** Look-up by external reference with read retries; throws when it cannot tell. */
  readonly find: () => Promise<readonly QadPostedDocument[]>;
  /** Read the document back after every success before it counts. */
  readonly readBack: boolean;
  readonly resilience: Resilience;
  readonly log: LogSink;
  readonly signal?: AbortSignal;
}

const LABEL: Readonly<Record<QadDocumentKind, string>> = {
  supplier_invoice: 'supplier invoice',
  journal_entry: 'journal entry',
};

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function guardedCreate(g: GuardedCreate): Promise<QadCreateResult> {
  const label = `${LABEL[g.kind]} ${g.externalRef}`;
  const posted = (document: QadPostedDocument, warnings: readonly QadMessage[], recovered: boolean) =>
    ({ outcome: 'posted', document, warnings, recovered }) as const;

  // A look-up failure before anything was sent is safe to throw: nothing can have been posted by us now.
  const before = await g.find();
  if (before[0]) {
    g.log.info(
      { externalRef: g.externalRef, documentId: before[0].documentId },
      `${label} is already in QAD`,
    );
    return posted(before[0], [], true);
  }

  let lastError: QadError | undefined;
  for (let attempt = 1; attempt <= g.resilience.retry.maxAttempts; attempt += 1) {
    if (attempt > 1) await g.resilience.pause(attempt - 1, lastError, g.signal);
    let sent: SendResult;
    try {
      sent = await g.resilience.once(g.send);
    } catch (error) {
      if (!(error instanceof QadError)) throw error;
      lastError = error;
      const next = decide(error, 'write');
      if (next === 'stop') throw error;
      if (next === 'retry') {
        g.log.warn({ externalRef: g.externalRef, attempt }, `${label} was not sent: ${error.message}`);
        continue;
      }
      g.log.warn(
        { externalRef: g.externalRef, attempt },
        `${label}: unclear outcome (${error.message}); looking it up by reference before anything else`,
      );
      let found: readonly QadPostedDocument[];
      try {
        found = await g.find();
      } catch (lookup) {
        return {
          outcome: 'uncertain',
          externalRef: g.externalRef,
          message:
            `The ${label} may or may not be in QAD: sending it ended unclearly (${error.message}) and ` +
            `looking it up by reference failed too (${describe(lookup)}). Check QAD for ${g.externalRef} before releasing it again.`,
        };
      }
      if (found[0]) {
        g.log.info(
          { externalRef: g.externalRef, documentId: found[0].documentId },
          `${label} was found in QAD after an unclear outcome`,
        );
        return posted(found[0], [], true);
      }
      continue;
    }

    if (!g.readBack && sent.document) return posted(sent.document, sent.warnings, false);
    let found: readonly QadPostedDocument[];
    try {
      found = await g.find();
    } catch (lookup) {
      return {
        outcome: 'uncertain',
        externalRef: g.externalRef,
        message: `QAD answered that the ${label} was accepted, but reading it back failed (${describe(lookup)}). Check QAD for ${g.externalRef}.`,
      };
    }
    const match = found.find((d) => d.documentId === sent.document?.documentId) ?? found[0];
    if (!match)
      throw new QadNotPostedError(
        `QAD answered that the ${label} was accepted, but it is not in QAD when read back by reference. ` +
          'Nothing was posted; check the payload mapping (QXtend has been seen answering success while posting nothing).',
      );
    return posted(match, sent.warnings, false);
  }
  throw new QadTransientError(
    `The ${label} could not be sent after ${g.resilience.retry.maxAttempts} attempts and is not in QAD (checked by reference): ${lastError?.message ?? 'no answer'}`,
    { outcome: 'refused', ...(lastError?.code ? { code: lastError.code } : {}) },
  );
}
