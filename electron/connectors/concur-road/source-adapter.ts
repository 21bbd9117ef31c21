// The Concur side of the document road (electron/sync/source-port.ts) on the FIS v4 client: fetch every
// READY document of each enabled type (all pages), acknowledge only what the road has staged, map
// payloads (to-canonical.ts), and deliver posting confirmations from the outbox. FIS answers every write
// per item with a code; repeats ("already acknowledged" 101, "already confirmed" 113) count as done.
import type { CanonicalDocument, DocumentKind, PostingKind } from '../../../shared/domain/document.ts';
import type { Settings } from '../../../shared/settings.ts';
import type { FlowContext } from '../../engine/ports.ts';
import { type Db, type OutboxItem, getDocumentSummary } from '../../store/index.ts';
import {
  type AcknowledgeResult,
  CONFIRMATION_KINDS,
  type ConfirmOutcome,
  type RawSourceItem,
  type SourceAdapter,
  type WithdrawnItem,
  defaultPostingKind,
} from '../../sync/source-port.ts';
import {
  type ConcurClient,
  type ConcurClientOptions,
  type ConcurStateStore,
  ConcurError,
  ConcurInputError,
  ConcurReauthorizeError,
  type FisDocType,
  type FisDocument,
  type FisItemResult,
  type PostingConfirmation,
  concurStateStoreFromDb,
  createConcurClient,
  memoryStateStore,
} from '../concur/index.ts';
import { isRecord, text } from './read.ts';
import {
  type ConcurCoding,
  DEFAULT_CONCUR_CODING,
  FIS_TYPE_OF_KIND,
  WITHDRAWN_STATUSES,
  concurToCanonical,
} from './to-canonical.ts';

export interface ConcurSourceOptions {
  /**
   * The Concur client, or a factory called with the run's context. Default: createConcurClient from the
   * run's settings, secrets and log, built once per distinct Concur settings (the access token lives in it).
   */
  readonly client?: ConcurClient | ((ctx: FlowContext) => ConcurClient);
  /**
   * The engine database: the geolocation survives restarts in its cursor table, and a confirmation looks
   * up the kind (invoice / expense report) of the staged document. Without it: memory only, and the kind
   * is found by trying the other FIS type on a "wrong document type" answer.
   */
  readonly db?: Db;
  /** Overrides the state store for the default client (default: the db's, else memory). */
  readonly state?: ConcurStateStore;
  /** Options for the default client (tests pass short retries and the simulator's clock). */
  readonly clientOptions?: ConcurClientOptions;
  /** The coding layout for toCanonical (default: the settings of the latest run, else the defaults). */
  readonly coding?: () => ConcurCoding;
}

/** What a Concur source adapter adds to the port: whether the last Concur call asked for re-authorisation. */
export interface ConcurSourceAdapter extends SourceAdapter {
  /** The ConcurReauthorizeError seen since the last `clearReauthorize()` (the flow reports it). */
  readonly reauthorizeError: ConcurReauthorizeError | undefined;
  clearReauthorize(): void;
  /** How many fetches went through (every type listed) since the adapter was made. */
  readonly fetchCount: number;
  /** The settings in force (toCanonical reads the coding layout from them; fetch calls this too). */
  useSettings(settings: Settings): void;
}

/** The FIS document types to read for these settings. */
export function enabledFisTypes(settings: Settings): { kind: DocumentKind; fisType: FisDocType }[] {
  const kinds: DocumentKind[] = ['invoice', 'expense_report'];
  return kinds
    .filter((kind) => settings.concur.documentTypes.includes(kind))
    .map((kind) => ({ kind, fisType: FIS_TYPE_OF_KIND[kind] }));
}

/** The business id and revision (research/concur.md 2.7: the suggested second idempotency key). */
function revisionOf(document: Record<string, unknown> | undefined): string | undefined {
  if (!document) return undefined;
  const header = isRecord(document.requestHeader) ? document.requestHeader : undefined;
  const report = isRecord(document.report) ? document.report : undefined;
  const id = text(header, 'requestId') ?? text(report, 'reportId');
  const revision = text(header, 'revisionNumber') ?? text(report, 'revisionNumber') ?? '1';
  return id === undefined ? undefined : `${id} rev ${revision}`;
}

/** The staged payload: the FIS content item as Concur sent it (the document as an object). */
export function fisItemPayload(doc: FisDocument): string {
  return JSON.stringify({
    id: doc.id,
    docType: doc.docType,
    docStatus: doc.docStatus,
    companyId: doc.companyId,
    entityId: doc.entityId,
    erpSystemId: doc.erpSystemId,
    document: doc.document ?? null,
    ...(doc.documentError ? { documentError: doc.documentError } : {}),
  });
}

function toRawItem(doc: FisDocument, kind: DocumentKind): RawSourceItem {
  const revision = revisionOf(doc.document);
  return { sourceId: doc.id, kind, payload: fisItemPayload(doc), ...(revision ? { revision } : {}) };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function outcomeText(result: FisItemResult): string {
  const code = result.code === undefined ? '' : ` (code ${result.code})`;
  return `${result.message || result.outcome}${code}`;
}

function clientKey(settings: Settings): string {
  return JSON.stringify({ concur: settings.concur, proxy: settings.network.proxyUrl });
}

export function createConcurSourceAdapter(options: ConcurSourceOptions = {}): ConcurSourceAdapter {
  let lastCoding: ConcurCoding | undefined;
  let reauthorizeError: ConcurReauthorizeError | undefined;
  let fetchCount = 0;
  /** FIS types of the ids fetched by this process (a confirmation after a restart asks the db). */
  const fetchedTypes = new Map<string, FisDocType>();
  const clients = new WeakMap<FlowContext['secrets'], Map<string, ConcurClient>>();
  const state = options.state ?? (options.db ? concurStateStoreFromDb(options.db) : memoryStateStore());

  const clientFor = (ctx: FlowContext): ConcurClient => {
    if (options.client) return typeof options.client === 'function' ? options.client(ctx) : options.client;
    const bySettings = clients.get(ctx.secrets) ?? new Map<string, ConcurClient>();
    clients.set(ctx.secrets, bySettings);
    const key = clientKey(ctx.settings);
    let client = bySettings.get(key);
    if (!client) {
      client = createConcurClient({
        settings: ctx.settings,
        secrets: ctx.secrets,
        log: ctx.log,
        options: { state, ...(options.clientOptions ?? {}) },
      });
      bySettings.clear();
      bySettings.set(key, client);
    }
    return client;
  };

  /** Remembers a re-authorisation demand (so the flow can say so) and lets the error go on. */
  const noting = <T>(work: () => Promise<T>): Promise<T> =>
    work().catch((error: unknown) => {
      if (error instanceof ConcurReauthorizeError) reauthorizeError = error;
      throw error;
    });

  /**
   * The document's status now, for an acknowledgement refused as "not ready" (103): FIS gives no status in
   * that answer, and a VOID or CANCEL document must not be posted (research/concur.md 8). Undefined when
   * the look-up fails: the document then stays "not acknowledged" and comes again if it is still READY.
   */
  const currentStatus = async (
    client: ConcurClient,
    fisType: FisDocType,
    docId: string,
  ): Promise<string | undefined> => {
    try {
      const doc = await noting(() => client.fis.getDocument(fisType, docId));
      return doc?.docStatus.toUpperCase();
    } catch (error) {
      if (error instanceof ConcurReauthorizeError) throw error;
      return undefined;
    }
  };

  const fisTypeOf = (item: OutboxItem): FisDocType | undefined => {
    const sourceId = typeof item.payload.sourceId === 'string' ? item.payload.sourceId : undefined;
    const known = sourceId ? fetchedTypes.get(sourceId) : undefined;
    if (known) return known;
    if (!options.db) return undefined;
    const summary = getDocumentSummary(options.db, item.documentId);
    return summary ? FIS_TYPE_OF_KIND[summary.kind] : undefined;
  };

  const adapter: ConcurSourceAdapter = {
    source: 'concur',

    get reauthorizeError() {
      return reauthorizeError;
    },

    clearReauthorize() {
      reauthorizeError = undefined;
    },

    get fetchCount() {
      return fetchCount;
    },

    useSettings(settings) {
      lastCoding = settings.concur.coding;
    },

    async fetch(ctx) {
      adapter.useSettings(ctx.settings);
      const client = clientFor(ctx);
      const items: RawSourceItem[] = [];
      for (const { kind, fisType } of enabledFisTypes(ctx.settings)) {
        // Every page is read before anything is acknowledged: an acknowledged document leaves the READY
        // list and would shift the pages behind it.
        const documents = await noting(() => client.fis.listReady(fisType));
        for (const doc of documents) {
          fetchedTypes.set(doc.id, fisType);
          items.push(toRawItem(doc, kind));
        }
      }
      reauthorizeError = undefined;
      fetchCount += 1;
      return items;
    },

    async acknowledge(items, ctx): Promise<AcknowledgeResult> {
      const client = clientFor(ctx);
      const acknowledged: string[] = [];
      const failed: { sourceId: string; error: string }[] = [];
      const withdrawn: WithdrawnItem[] = [];
      // Every staged item is acknowledged, also of a type switched off since the fetch.
      for (const kind of ['invoice', 'expense_report'] as const) {
        const fisType = FIS_TYPE_OF_KIND[kind];
        const ids = items.filter((i) => i.kind === kind).map((i) => i.sourceId);
        if (ids.length === 0) continue;
        let results: FisItemResult[];
        try {
          results = await noting(() => client.fis.acknowledge(fisType, ids));
        } catch (error) {
          if (error instanceof ConcurReauthorizeError) throw error;
          for (const sourceId of ids) failed.push({ sourceId, error: errorMessage(error) });
          continue;
        }
        for (const result of results) {
          // "Already acknowledged" (101) is success: a crash after the ack and before we noted it.
          if (result.ok) acknowledged.push(result.docId);
          else if (result.outcome === 'recalled') {
            failed.push({
              sourceId: result.docId,
              error: `recalled in Concur before it was acknowledged: it must not be posted (${outcomeText(result)})`,
            });
            withdrawn.push({
              sourceId: result.docId,
              status: 'RECALLED',
              reason: `recalled in Concur: ${outcomeText(result)}`,
            });
          } else if (result.outcome === 'not_ready') {
            const status = await currentStatus(client, fisType, result.docId);
            if (status !== undefined && WITHDRAWN_STATUSES.has(status)) {
              failed.push({
                sourceId: result.docId,
                error: `${status} in Concur before it was acknowledged: it must not be posted (${outcomeText(result)})`,
              });
              withdrawn.push({
                sourceId: result.docId,
                status,
                reason: `status ${status} in Concur: ${outcomeText(result)}`,
              });
            } else failed.push({ sourceId: result.docId, error: outcomeText(result) });
          } else failed.push({ sourceId: result.docId, error: outcomeText(result) });
        }
      }
      return { acknowledged, failed, withdrawn };
    },

    toCanonical(item) {
      const coding = options.coding?.() ?? lastCoding ?? DEFAULT_CONCUR_CODING;
      return concurToCanonical(item, coding);
    },

    async confirm(item, ctx): Promise<ConfirmOutcome> {
      const confirmation = confirmationOf(item);
      if ('failed' in confirmation) return { status: 'failed', error: confirmation.failed };
      const client = clientFor(ctx);
      const send = async (fisType: FisDocType): Promise<FisItemResult | undefined> =>
        (await noting(() => client.fis.confirmPosting(fisType, [confirmation.body])))[0];
      try {
        const known = fisTypeOf(item);
        const order: FisDocType[] = known
          ? [known]
          : // Unknown kind (no db, fetched by another process): try one type, then the other.
            ['invoice', 'expense'];
        let result: FisItemResult | undefined;
        let fisType: FisDocType = order[0] ?? 'invoice';
        for (const type of order) {
          fisType = type;
          result = await send(type);
          if (result?.outcome !== 'wrong_type' && result?.outcome !== 'not_found') break;
        }
        if (result?.outcome === 'not_acknowledged') {
          // Staged, but its acknowledgement never got through (e.g. 199): acknowledge now, then confirm.
          const [ack] = await noting(() => client.fis.acknowledge(fisType, [confirmation.body.docId]));
          if (!ack?.ok)
            return {
              status: 'retry',
              error: `acknowledging before the confirmation: ${ack ? outcomeText(ack) : 'no answer'}`,
            };
          result = await send(fisType);
        }
        return outcomeOf(result);
      } catch (error) {
        if (error instanceof ConcurInputError) return { status: 'failed', error: error.message };
        if (error instanceof ConcurError) {
          const wait = error.retryAfterMs;
          return { status: 'retry', error: error.message, ...(wait ? { retryAfterMs: wait } : {}) };
        }
        return { status: 'retry', error: errorMessage(error) };
      }
    },

    postingKind(document: CanonicalDocument, settings: Settings): PostingKind {
      return defaultPostingKind(document, settings);
    },
  };
  return adapter;
}

/** An outbox item -> the FIS posting confirmation, or why it cannot be sent. */
function confirmationOf(
  item: OutboxItem,
): { body: PostingConfirmation & { docId: string } } | { failed: string } {
  const p = item.payload;
  const docId = typeof p.sourceId === 'string' ? p.sourceId : '';
  if (!docId) return { failed: 'The confirmation names no Concur document (sourceId).' };
  if (item.kind === CONFIRMATION_KINDS.posted) {
    const entity = typeof p.entity === 'string' && p.entity !== '' ? p.entity : undefined;
    if (!entity) return { failed: 'The confirmation names no QAD entity (FIS companyId is required).' };
    const postedAt = typeof p.postedAt === 'string' ? p.postedAt : new Date().toISOString();
    const postingDate = postedAt.slice(0, 10);
    // FIS documentNumber: the QAD document id; our external reference (also in QAD) when there is none.
    const qadDocumentId =
      typeof p.qadDocumentId === 'string' && p.qadDocumentId !== ''
        ? p.qadDocumentId
        : typeof p.externalRef === 'string'
          ? p.externalRef
          : docId;
    return {
      body: {
        docId,
        status: 'success',
        qadDocumentId,
        entity,
        postingDate,
        fiscalYear: postingDate.slice(0, 4),
      },
    };
  }
  if (item.kind === CONFIRMATION_KINDS.failed) {
    const message =
      typeof p.message === 'string' && p.message.trim() !== ''
        ? p.message
        : 'QAD refused the document (no message was given).';
    return { body: { docId, status: 'error', message } };
  }
  return { failed: `Unknown confirmation kind "${item.kind}" for SAP Concur.` };
}

function outcomeOf(result: FisItemResult | undefined): ConfirmOutcome {
  if (!result) return { status: 'retry', error: 'SAP Concur gave no answer for this confirmation' };
  if (result.ok) {
    return result.outcome === 'already_done'
      ? { status: 'done', note: 'already confirmed in Concur' }
      : { status: 'done' };
  }
  switch (result.outcome) {
    case 'retry_later':
      return { status: 'retry', error: outcomeText(result) };
    case 'recalled':
      return {
        status: 'failed',
        error: `The document was recalled in Concur after QAD took it: check the QAD document (${outcomeText(result)})`,
      };
    case 'do_not_retry':
      return {
        status: 'failed',
        error: `SAP Concur refused the confirmation; do not retry (${outcomeText(result)})`,
      };
    default:
      return { status: 'failed', error: outcomeText(result) };
  }
}
