// Row shapes as SQLite returns them, and their conversion to domain objects: the one place that knows both.
// Optional domain fields are omitted (not set to undefined) when the column is NULL or ''.
import type { AuditEvent } from '../../shared/domain/audit.ts';
import type {
  CanonicalDocument,
  DocumentKind,
  DocumentLine,
  DocumentState,
  PostingKind,
  Source,
} from '../../shared/domain/document.ts';
import type { DocumentException, ExceptionCause, MappingKind } from '../../shared/domain/exception.ts';
import type { CycleCounts, FlowName, RunRecord } from '../../shared/domain/status.ts';
import type { DocumentSummary } from '../../shared/domain/status.ts';
import type {
  Batch,
  BatchState,
  Cursor,
  IntentState,
  LedgerEntry,
  MappingEntry,
  MappingVersion,
  OutboxItem,
  OutboxState,
  PostingIntent,
  QadCacheKind,
  QadRecord,
} from './types.ts';

function optional<K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } {
  return value === null || value === undefined || value === '' ? {} : ({ [key]: value } as { [P in K]: V });
}

export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  detail_json: string;
  prev_hash: string;
  hash: string;
}

export function rowToAuditEvent(row: AuditRow): AuditEvent {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    ...optional('subjectType', row.subject_type),
    ...optional('subjectId', row.subject_id),
    detail: JSON.parse(row.detail_json) as Record<string, unknown>,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** documents joined with the ledger and the exception count (see SUMMARY_SELECT in documents.ts). */
export interface DocumentSummaryRow {
  id: number;
  source: string;
  source_id: string;
  kind: string;
  state: string;
  entity: string;
  supplier: string;
  payee_code: string;
  payee_name: string;
  currency: string;
  total_minor: number;
  document_date: string;
  staged_at: string;
  updated_at: string;
  qad_document_id: string | null;
  exception_count: number;
}

export function rowToDocumentSummary(row: DocumentSummaryRow): DocumentSummary {
  return {
    id: row.id,
    source: row.source as Source,
    sourceId: row.source_id,
    kind: row.kind as DocumentKind,
    state: row.state as DocumentState,
    entity: row.entity,
    payee: row.payee_name || row.payee_code,
    supplier: row.supplier,
    currency: row.currency,
    totalMinor: row.total_minor,
    documentDate: row.document_date,
    stagedAt: row.staged_at,
    updatedAt: row.updated_at,
    ...optional('qadDocumentId', row.qad_document_id),
    exceptionCount: row.exception_count,
  };
}

export interface DocumentDetailRow extends DocumentSummaryRow {
  source_entity: string;
  description: string;
  invoice_number: string;
  raw_payload: string;
  canonical_json: string;
  mapping_version: number | null;
  state_changed_at: string;
  batch_id: number | null;
}

export interface LineRow {
  line_json: string;
}

export function rowToLine(row: LineRow): DocumentLine {
  return JSON.parse(row.line_json) as DocumentLine;
}

export interface ExceptionRow {
  cause: string;
  message: string;
  field: string | null;
  value: string | null;
  mapping: string | null;
}

export function rowToException(row: ExceptionRow): DocumentException {
  return {
    cause: row.cause as ExceptionCause,
    message: row.message,
    ...optional('field', row.field),
    ...optional('value', row.value),
    ...optional('mapping', row.mapping as MappingKind | null),
  };
}

export function parseCanonical(text: string): CanonicalDocument {
  return JSON.parse(text) as CanonicalDocument;
}

export interface BatchRow {
  id: number;
  source: string;
  entity: string;
  currency: string;
  document_kind: string;
  posting_kind: string;
  state: string;
  created_at: string;
  updated_at: string;
  released_by: string | null;
  released_at: string | null;
  document_count: number;
  total_minor: number;
}

export function rowToBatch(row: BatchRow): Batch {
  return {
    id: row.id,
    source: row.source as Source,
    entity: row.entity,
    currency: row.currency,
    documentKind: row.document_kind as DocumentKind,
    postingKind: row.posting_kind as PostingKind,
    state: row.state as BatchState,
    documentCount: row.document_count,
    totalMinor: row.total_minor,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...optional('releasedBy', row.released_by),
    ...optional('releasedAt', row.released_at),
  };
}

export interface IntentRow {
  id: number;
  external_ref: string;
  document_id: number;
  batch_id: number | null;
  payload_hash: string;
  state: string;
  attempts: number;
  last_error: string | null;
  qad_document_id: string | null;
  created_at: string;
  updated_at: string;
}

export function rowToIntent(row: IntentRow): PostingIntent {
  return {
    id: row.id,
    externalRef: row.external_ref,
    documentId: row.document_id,
    ...optional('batchId', row.batch_id),
    payloadHash: row.payload_hash,
    state: row.state as IntentState,
    attempts: row.attempts,
    ...optional('lastError', row.last_error),
    ...optional('qadDocumentId', row.qad_document_id),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface LedgerRow {
  source: string;
  source_id: string;
  document_id: number;
  external_ref: string;
  qad_document_id: string;
  qad_kind: string;
  posted_at: string;
}

export function rowToLedger(row: LedgerRow): LedgerEntry {
  return {
    source: row.source as Source,
    sourceId: row.source_id,
    documentId: row.document_id,
    externalRef: row.external_ref,
    qadDocumentId: row.qad_document_id,
    qadKind: row.qad_kind,
    postedAt: row.posted_at,
  };
}

export interface OutboxRow {
  id: number;
  document_id: number;
  target_system: string;
  kind: string;
  payload_json: string;
  state: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export function rowToOutbox(row: OutboxRow): OutboxItem {
  return {
    id: row.id,
    documentId: row.document_id,
    targetSystem: row.target_system as Source,
    kind: row.kind,
    payload: JSON.parse(row.payload_json) as Record<string, unknown>,
    state: row.state as OutboxState,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    ...optional('lastError', row.last_error),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface MappingRow {
  id: number;
  kind: string;
  entity: string;
  source_value: string;
  target_json: string;
  valid_from_version: number;
  valid_to_version: number | null;
}

export function rowToMapping(row: MappingRow): MappingEntry {
  return {
    id: row.id,
    kind: row.kind as MappingKind,
    entity: row.entity,
    sourceValue: row.source_value,
    target: JSON.parse(row.target_json) as Record<string, string>,
    validFromVersion: row.valid_from_version,
    ...optional('validToVersion', row.valid_to_version),
  };
}

export interface MappingVersionRow {
  version: number;
  changed_by: string;
  changed_at: string;
  note: string;
}

export function rowToMappingVersion(row: MappingVersionRow): MappingVersion {
  return { version: row.version, changedBy: row.changed_by, changedAt: row.changed_at, note: row.note };
}

export interface QadRow {
  kind: string;
  entity: string;
  code: string;
  payload_json: string;
  active: number;
  refreshed_at: string;
}

export function rowToQadRecord(row: QadRow): QadRecord {
  return {
    kind: row.kind as QadCacheKind,
    entity: row.entity,
    code: row.code,
    payload: JSON.parse(row.payload_json) as Record<string, unknown>,
    active: row.active === 1,
    refreshedAt: row.refreshed_at,
  };
}

export interface CursorRow {
  source: string;
  stream: string;
  value: string;
  updated_at: string;
}

export function rowToCursor(row: CursorRow): Cursor {
  return { source: row.source, stream: row.stream, value: row.value, updatedAt: row.updated_at };
}

export interface RunRow {
  id: number;
  flow: string;
  run_trigger: string;
  started_at: string;
  finished_at: string | null;
  outcome: string;
  counts_json: string;
  message: string | null;
}

export function rowToRun(row: RunRow): RunRecord {
  return {
    id: row.id,
    flow: row.flow as FlowName,
    trigger: row.run_trigger as RunRecord['trigger'],
    startedAt: row.started_at,
    ...optional('finishedAt', row.finished_at),
    outcome: row.outcome as RunRecord['outcome'],
    counts: JSON.parse(row.counts_json) as CycleCounts,
    ...optional('message', row.message),
  };
}
