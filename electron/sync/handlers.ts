// The engine's answers to the document-road contract areas (shared/contract/{documents,batches,exceptions,
// mappings}.ts). The lead spreads `createSyncHandlers(...)` into electron/engine/handlers.ts; arguments
// arrive already validated by the router. Store errors become ContractFailures naming the field.
import type { z } from 'zod';
import type { batchOperations } from '../../shared/contract/batches.ts';
import type {
  DocumentActionResult,
  DocumentView,
  documentOperations,
} from '../../shared/contract/documents.ts';
import type {
  AwaitingReceiptItem,
  ExceptionGroup,
  ExceptionsOverview,
  UncertainItem,
  exceptionOperations,
} from '../../shared/contract/exceptions.ts';
import type { MappingSetResult, mappingOperations } from '../../shared/contract/mappings.ts';
import type { BatchSummary, BatchView } from '../../shared/contract/batches.ts';
import type { AuditEvent } from '../../shared/domain/audit.ts';
import type { DocumentState, Source } from '../../shared/domain/document.ts';
import { externalReference } from '../../shared/domain/document.ts';
import type { ExceptionCause, MappingKind } from '../../shared/domain/exception.ts';
import type { Settings } from '../../shared/settings.ts';
import { ContractFailure } from '../ipc/failure.ts';
import {
  type Store,
  StoreError,
  changeMappings,
  documentSubjectId,
  getDocument,
  getIntentForDocument,
  listAuditEvents,
  listBatches,
  listConfirmations,
  listMappings,
  undoRelease,
} from '../store/index.ts';
import { stmt } from '../store/sql.ts';
import { batchView, releaseConfirmed } from './batches.ts';
import type { PostingGateway } from './gateway-port.ts';
import { replayDocument, retryDocument } from './replay.ts';
import type { SyncRuntime } from './runtime.ts';
import type { SourceAdapter } from './source-port.ts';
import { revalidate } from './validate.ts';

export interface SyncHandlerDeps {
  readonly store: Store;
  /** Adapters map stored raw payloads again on replay and re-validation. */
  readonly adapters: Partial<Record<Source, SourceAdapter>>;
  readonly settings: () => Settings;
  /** Needed only to reconcile an uncertain post by reference. */
  readonly gateway?: () => Promise<PostingGateway>;
  readonly clock?: () => Date;
}

export interface SyncCallContext {
  readonly actor: string;
}

type Args<T extends { readonly args: z.ZodType }> = z.output<T['args']>;
type Ops = typeof documentOperations &
  typeof batchOperations &
  typeof exceptionOperations &
  typeof mappingOperations;

export interface SyncHandlers {
  'documents/get': (args: Args<Ops['documents/get']>, ctx: SyncCallContext) => Promise<DocumentView>;
  'documents/replay': (
    args: Args<Ops['documents/replay']>,
    ctx: SyncCallContext,
  ) => Promise<DocumentActionResult>;
  'documents/retry': (
    args: Args<Ops['documents/retry']>,
    ctx: SyncCallContext,
  ) => Promise<DocumentActionResult>;
  'batches/list': (
    args: Args<Ops['batches/list']>,
    ctx: SyncCallContext,
  ) => Promise<{ readonly batches: readonly BatchSummary[]; readonly total: number }>;
  'batches/get': (args: Args<Ops['batches/get']>, ctx: SyncCallContext) => Promise<BatchView>;
  'batches/release': (args: Args<Ops['batches/release']>, ctx: SyncCallContext) => Promise<BatchSummary>;
  'batches/undo-release': (
    args: Args<Ops['batches/undo-release']>,
    ctx: SyncCallContext,
  ) => Promise<BatchSummary>;
  'exceptions/list': (
    args: Args<Ops['exceptions/list']>,
    ctx: SyncCallContext,
  ) => Promise<ExceptionsOverview>;
  'mappings/list': (args: Args<Ops['mappings/list']>, ctx: SyncCallContext) => Promise<MappingListResult>;
  'mappings/set': (args: Args<Ops['mappings/set']>, ctx: SyncCallContext) => Promise<MappingSetResult>;
}

type MappingListResult = NonNullable<Ops['mappings/list']['result']>;

export function createSyncHandlers(deps: SyncHandlerDeps): SyncHandlers {
  const runtime = (): SyncRuntime => ({
    store: deps.store,
    adapters: deps.adapters,
    settings: deps.settings(),
    now: deps.clock ?? (() => new Date()),
    random: Math.random,
  });
  const at = () => (deps.clock ? deps.clock() : new Date()).toISOString();
  const db = deps.store.db;

  return {
    'documents/get': ({ documentId }) => call(() => documentView(deps.store, documentId)),
    'documents/replay': ({ documentId }, ctx) => call(() => replayDocument(runtime(), documentId, ctx.actor)),
    'documents/retry': ({ documentId, decision }, ctx) =>
      callAsync(async () => {
        const needsGateway = decision !== 'post-again' && getDocument(db, documentId)?.state === 'uncertain';
        const gateway = needsGateway && deps.gateway ? await deps.gateway() : undefined;
        return retryDocument(runtime(), documentId, ctx.actor, {
          ...(decision ? { decision } : {}),
          ...(gateway ? { gateway } : {}),
        });
      }),

    'batches/list': (filter) => call(() => listBatches(db, filter)),
    'batches/get': ({ batchId }) =>
      call(() => {
        const view = batchView({ store: deps.store }, batchId);
        if (!view) throw new StoreError('not_found', `batch ${batchId} does not exist`, 'batchId');
        return view;
      }),
    'batches/release': ({ batchId, documentCount, totalMinor }, ctx) =>
      call(() =>
        releaseConfirmed(
          { store: deps.store },
          batchId,
          { documentCount, totalMinor },
          { actor: ctx.actor, at: at() },
        ),
      ),
    'batches/undo-release': ({ batchId }, ctx) =>
      call(() => undoRelease(db, batchId, { actor: ctx.actor, at: at() })),

    'exceptions/list': (filter) =>
      call(() => exceptionsOverview(deps.store, filter, deps.clock?.() ?? new Date())),

    'mappings/list': (filter) =>
      call(() => {
        const result = listMappings(db, filter);
        return {
          version: result.version,
          total: result.total,
          mappings: result.mappings.map((m) => ({
            id: m.id,
            kind: m.kind,
            entity: m.entity,
            sourceValue: m.sourceValue,
            target: m.target,
            validFromVersion: m.validFromVersion,
          })),
        };
      }),
    'mappings/set': ({ changes, note }, ctx) =>
      call(() => {
        const saved = changeMappings(
          db,
          changes.map((c) => ({ ...c, ...(c.entity ? { entity: c.entity } : {}) })),
          { actor: ctx.actor, at: at(), ...(note ? { note } : {}) },
        );
        if (saved.changed === 0) return { ...saved, revalidated: 0, cleared: 0, stillWaiting: 0 };
        // Only documents that wait can clear; all of them are re-validated (cheap: pure and cached reads).
        const tally = revalidate(runtime(), { actor: ctx.actor });
        return {
          ...saved,
          revalidated: tally.ready + tally.exceptions + tally.awaitingReceipt,
          cleared: tally.cleared,
          stillWaiting: tally.exceptions + tally.awaitingReceipt,
        };
      }),
  };
}

/** Store errors carry a code and the field at fault: they cross the contract as data. */
function wrap(error: unknown): Error {
  if (error instanceof StoreError) {
    return new ContractFailure(
      error.code === 'not_found' ? 'not_found' : error.code === 'conflict' ? 'conflict' : 'invalid_argument',
      error.message,
      error.field,
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}

function call<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(wrap(error));
  }
}

async function callAsync<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw wrap(error);
  }
}

export function documentView(store: Store, id: number): DocumentView {
  const detail = getDocument(store.db, id);
  if (!detail) throw new StoreError('not_found', `document ${id} does not exist`, 'documentId');
  const intent = getIntentForDocument(store.db, id);
  const confirmations = listConfirmations(store.db, { documentId: id, limit: 100 }).items;
  const events: AuditEvent[] = [
    ...listAuditEvents(store.db, {
      subjectId: documentSubjectId(detail.source, detail.sourceId),
      limit: 1000,
    }).events,
    ...confirmations.flatMap(
      (c) =>
        listAuditEvents(store.db, { subjectType: 'confirmation', subjectId: String(c.id), limit: 100 })
          .events,
    ),
  ].sort((a, b) => a.seq - b.seq);
  const {
    document,
    rawPayload,
    exceptions,
    lines,
    sourceEntity,
    description,
    invoiceNumber,
    mappingVersion,
    stateChangedAt,
    batchId,
    ...summary
  } = detail;
  return {
    ...summary,
    sourceEntity,
    description,
    ...(invoiceNumber ? { invoiceNumber } : {}),
    ...(document.poNumber ? { poNumber: document.poNumber } : {}),
    externalRef: externalReference(detail.source, detail.sourceId),
    lines,
    exceptions,
    ...(mappingVersion === undefined ? {} : { mappingVersion }),
    stateChangedAt,
    ...(batchId === undefined ? {} : { batchId }),
    ...(intent
      ? {
          intent: {
            externalRef: intent.externalRef,
            state: intent.state,
            attempts: intent.attempts,
            payloadHash: intent.payloadHash,
            updatedAt: intent.updatedAt,
            ...(intent.lastError ? { lastError: intent.lastError } : {}),
          },
        }
      : {}),
    confirmations: confirmations.map((c) => ({
      id: c.id,
      kind: c.kind,
      state: c.state,
      attempts: c.attempts,
      nextAttemptAt: c.nextAttemptAt,
      ...(c.lastError ? { lastError: c.lastError } : {}),
    })),
    rawPayload,
    timeline: events,
  };
}

interface ExceptionJoinRow {
  id: number;
  source: Source;
  source_id: string;
  state: DocumentState;
  entity: string;
  supplier: string;
  currency: string;
  total_minor: number;
  state_changed_at: string;
  cause: ExceptionCause;
  message: string;
  field: string | null;
  value: string | null;
  mapping: MappingKind | null;
}

export function exceptionsOverview(
  store: Store,
  filter: { readonly source?: Source; readonly entity?: string; readonly cause?: ExceptionCause },
  now: Date,
): ExceptionsOverview {
  const rows = stmt(
    store.db,
    `SELECT d.id, d.source, d.source_id, d.state, d.entity, d.supplier, d.currency, d.total_minor, d.state_changed_at,
            e.cause, e.message, e.field, e.value, e.mapping
     FROM documents d JOIN document_exceptions e ON e.document_id = d.id
     WHERE d.state IN ('exception', 'awaiting_receipt', 'rejected')
       AND (@source IS NULL OR d.source = @source) AND (@entity IS NULL OR d.entity = @entity)
     ORDER BY d.id, e.position`,
  ).all({ source: filter.source ?? null, entity: filter.entity ?? null }) as ExceptionJoinRow[];

  const keysPerDoc = new Map<number, Set<string>>();
  const groups = new Map<
    string,
    {
      group: Omit<ExceptionGroup, 'documentCount' | 'clearsCount' | 'documentIds' | 'fields'>;
      ids: Set<number>;
      fields: Set<string>;
    }
  >();
  const awaiting: AwaitingReceiptItem[] = [];
  for (const row of rows) {
    if (filter.cause && row.cause !== filter.cause) continue;
    if (row.state === 'awaiting_receipt' && row.cause === 'awaiting_receipt') {
      const [poNumber = '', poLine = '0'] = (row.value ?? '').split('/');
      awaiting.push({
        documentId: row.id,
        source: row.source,
        sourceId: row.source_id,
        entity: row.entity,
        supplier: row.supplier,
        poNumber,
        poLine: Number(poLine),
        message: row.message,
        totalMinor: row.total_minor,
        currency: row.currency,
        waitingSince: row.state_changed_at,
        waitingMs: Math.max(0, now.getTime() - Date.parse(row.state_changed_at)),
      });
      continue;
    }
    if (row.state === 'awaiting_receipt') continue;
    // Values group (one mapping fixes them all); without a value, the message itself is what is shared.
    const key = JSON.stringify([row.source, row.entity, row.cause, row.mapping, row.value ?? row.message]);
    const entry = groups.get(key) ?? {
      group: {
        cause: row.cause,
        entity: row.entity,
        source: row.source,
        message: row.message,
        ...(row.mapping ? { mapping: row.mapping } : {}),
        ...(row.value !== null ? { value: row.value } : {}),
      },
      ids: new Set<number>(),
      fields: new Set<string>(),
    };
    entry.ids.add(row.id);
    if (row.field) entry.fields.add(row.field);
    groups.set(key, entry);
    const keys = keysPerDoc.get(row.id) ?? new Set<string>();
    keys.add(key);
    keysPerDoc.set(row.id, keys);
  }
  const uncertain: UncertainItem[] = (
    stmt(
      store.db,
      `SELECT d.id, d.source, d.source_id, d.state_changed_at FROM documents d WHERE d.state = 'uncertain'
         AND (@source IS NULL OR d.source = @source) AND (@entity IS NULL OR d.entity = @entity) ORDER BY d.id`,
    ).all({ source: filter.source ?? null, entity: filter.entity ?? null }) as {
      id: number;
      source: Source;
      source_id: string;
      state_changed_at: string;
    }[]
  )
    .filter(() => !filter.cause || filter.cause === 'uncertain_post')
    .map((row) => {
      const intent = getIntentForDocument(store.db, row.id);
      return {
        documentId: row.id,
        source: row.source,
        sourceId: row.source_id,
        externalRef: externalReference(row.source, row.source_id),
        ...(intent?.lastError ? { lastError: intent.lastError } : {}),
        lookedUpNegative: intent?.state === 'intent',
        since: row.state_changed_at,
      };
    });
  const result: ExceptionGroup[] = [...groups.entries()]
    .map(([key, { group, ids, fields }]) => ({
      ...group,
      fields: [...fields].sort(),
      documentCount: ids.size,
      clearsCount: [...ids].filter((id) => keysPerDoc.get(id)?.size === 1 && keysPerDoc.get(id)?.has(key))
        .length,
      documentIds: [...ids],
    }))
    .sort((a, b) => b.documentCount - a.documentCount || a.message.localeCompare(b.message));
  return {
    groups: result,
    awaitingReceipt: awaiting,
    uncertain,
    documentCount: new Set(rows.filter((r) => r.state !== 'awaiting_receipt').map((r) => r.id)).size,
  };
}
