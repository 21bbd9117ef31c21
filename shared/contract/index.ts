// THE contract between the engine and every user interface. Operations are keyed 'area/verb'; arguments
// are zod schemas (validated in the engine's router), results are types. Push events map to payloads.
// Later issues add areas here; keep each area's schemas in its own file when it grows.
import { z } from 'zod';
import type { AuditEvent, AuditVerification } from '../domain/audit.ts';
import { DOCUMENT_STATES, SOURCES } from '../domain/document.ts';
import type { CheckReport, DocumentSummary, EngineStatus, RunRecord } from '../domain/status.ts';
import { FLOWS, SYSTEMS } from '../domain/status.ts';
import type { Settings } from '../settings.ts';
import { SECRET_NAMES, settingsSchema } from '../settings.ts';
import { batchOperations } from './batches.ts';
import { event, operation } from './define.ts';
import { documentOperations } from './documents.ts';
import { exceptionOperations } from './exceptions.ts';
import { mappingOperations } from './mappings.ts';
import { listOperations } from './lists.ts';
import { pushOperations } from './pushes.ts';
import { qadOperations } from './qad.ts';

const empty = z.strictObject({});
const page = {
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(200),
};
const isoDate = z.iso.date({ error: 'must be a date like 2026-11-25' });

/** Columns `documents/list` sorts by (the store's whitelist, electron/store/repositories/documents.ts). */
export const DOCUMENT_SORT_FIELDS = [
  'documentDate',
  'stagedAt',
  'updatedAt',
  'totalMinor',
  'state',
  'sourceId',
  'supplier',
] as const;
export type DocumentSortField = (typeof DOCUMENT_SORT_FIELDS)[number];
/** Columns `audit/list` sorts by; without a sort, newest first (seq descending). */
export const AUDIT_SORT_FIELDS = ['seq', 'at'] as const;
export type AuditSortField = (typeof AUDIT_SORT_FIELDS)[number];
export const SORT_DIRECTIONS = ['asc', 'desc'] as const;

function sortSchema<const F extends readonly [string, ...string[]]>(fields: F) {
  return z.strictObject({
    field: z.enum(fields, { error: `must be one of ${fields.join(', ')}` }),
    direction: z.enum(SORT_DIRECTIONS, { error: 'must be asc or desc' }).default('desc'),
  });
}

export const operations = {
  'status/get': operation(empty).returns<EngineStatus>(),

  'sync/run-now': operation(z.strictObject({ flow: z.enum([...FLOWS, 'all']).default('all') })).returns<{
    readonly started: boolean;
    readonly message: string;
  }>(),
  'sync/pause': operation(empty).returns<EngineStatus>(),
  'sync/resume': operation(empty).returns<EngineStatus>(),
  'runs/list': operation(z.strictObject({ ...page })).returns<{ readonly runs: readonly RunRecord[] }>(),

  'settings/get': operation(empty).returns<Settings>(),
  'settings/update': operation(z.strictObject({ settings: settingsSchema })).returns<Settings>(),

  'secrets/status': operation(empty).returns<{
    readonly backend: string;
    readonly secrets: readonly { readonly name: (typeof SECRET_NAMES)[number]; readonly present: boolean }[];
  }>(),
  /** Secrets are written once and never read back through the contract. */
  'secrets/set': operation(
    z.strictObject({ name: z.enum(SECRET_NAMES), value: z.string().min(1).max(8192) }),
  ).returns<{ readonly name: string; readonly present: true }>(),
  'secrets/delete': operation(z.strictObject({ name: z.enum(SECRET_NAMES) })).returns<{
    readonly name: string;
    readonly present: false;
  }>(),

  'connections/check': operation(
    z.strictObject({ system: z.enum(SYSTEMS).optional() }),
  ).returns<CheckReport>(),

  'documents/list': operation(
    z.strictObject({
      source: z.enum(SOURCES).optional(),
      state: z.enum(DOCUMENT_STATES).optional(),
      entity: z.string().max(40).optional(),
      supplier: z.string().max(80).optional(),
      currency: z.string().length(3).optional(),
      from: isoDate.optional(),
      to: isoDate.optional(),
      minAmountMinor: z.number().int().optional(),
      maxAmountMinor: z.number().int().optional(),
      search: z.string().max(200).optional(),
      /** Default: newest staged first. Ties are broken by document id in the same direction. */
      sort: sortSchema(DOCUMENT_SORT_FIELDS).optional(),
      ...page,
    }),
  ).returns<{ readonly rows: readonly DocumentSummary[]; readonly total: number }>(),

  'audit/list': operation(
    z.strictObject({
      subjectId: z.string().max(200).optional(),
      actor: z.string().max(200).optional(),
      action: z.string().max(200).optional(),
      from: isoDate.optional(),
      to: isoDate.optional(),
      /** Default: newest first (seq descending). Ties on `at` are broken by seq in the same direction. */
      sort: sortSchema(AUDIT_SORT_FIELDS).optional(),
      ...page,
    }),
  ).returns<{ readonly events: readonly AuditEvent[]; readonly total: number }>(),
  'audit/verify': operation(empty).returns<AuditVerification>(),

  // The document road: review, release, exceptions and mappings (schemas in their own files).
  ...documentOperations,
  ...batchOperations,
  ...exceptionOperations,
  ...mappingOperations,
  // Valid QAD values for the mapping grid's pickers (shared/contract/qad.ts).
  ...qadOperations,
  // QAD dimensions into Concur lists, and the GL alignment report (shared/contract/lists.ts).
  ...listOperations,
  // QAD suppliers into Concur vendors, reference data and employees into Expensify (shared/contract/pushes.ts).
  ...pushOperations,
} as const;

export const events = {
  'status/changed': event<EngineStatus>(),
  'run/finished': event<RunRecord>(),
} as const;

export type Operations = typeof operations;
export type OperationName = keyof Operations;
export type OperationArgs<K extends OperationName> = z.input<Operations[K]['args']>;
export type ParsedArgs<K extends OperationName> = z.output<Operations[K]['args']>;
export type OperationResult<K extends OperationName> = NonNullable<Operations[K]['result']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<K extends EventName> = NonNullable<Events[K]['payload']>;

export const OPERATION_NAMES = Object.keys(operations) as OperationName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export { type ContractError, type Result, fail, ok } from './result.ts';
