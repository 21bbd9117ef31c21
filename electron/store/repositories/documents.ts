// Staged source documents: the raw payload verbatim, the canonical document, the state on the document's
// road (ARCHITECTURE.md), its lines, and the exceptions of its last validation.
import { z } from 'zod';
import {
  type CanonicalDocument,
  DOCUMENT_KINDS,
  DOCUMENT_STATES,
  type DocumentState,
  type Source,
  SOURCES,
} from '../../../shared/domain/document.ts';
import { EXCEPTION_CAUSES, type DocumentException, MAPPING_KINDS } from '../../../shared/domain/exception.ts';
import type { DocumentSummary, StateCount } from '../../../shared/domain/status.ts';
import { StoreError } from '../errors.ts';
import {
  type DocumentDetailRow,
  type DocumentSummaryRow,
  type ExceptionRow,
  type LineRow,
  parseCanonical,
  rowToDocumentSummary,
  rowToException,
  rowToLine,
} from '../rows.ts';
import {
  type Db,
  type Page,
  type WriteContext,
  isoDate,
  notFound,
  pageSchema,
  parse,
  resolveContext,
  stmt,
  writeTx,
} from '../sql.ts';
import type { DocumentDetail } from '../types.ts';
import { auditChange } from './audit.ts';

/** The audit subject id of a document: recognisable to a person and stable across databases. */
export function documentSubjectId(source: Source, sourceId: string): string {
  return `${source}:${sourceId}`;
}

const lineSchema = z.looseObject({
  lineNo: z.number().int().min(0),
  description: z.string(),
  amountMinor: z.number().int(),
  source: z.record(z.string(), z.string().optional()),
});

export const canonicalDocumentSchema = z.looseObject({
  source: z.enum(SOURCES),
  sourceId: z.string().min(1).max(200),
  kind: z.enum(DOCUMENT_KINDS),
  sourceEntity: z.string().max(80),
  entity: z.string().max(40).optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code like USD'),
  totalMinor: z.number().int(),
  documentDate: isoDate,
  description: z.string(),
  payee: z.looseObject({
    kind: z.enum(['vendor', 'employee']),
    code: z.string(),
    name: z.string().optional(),
  }),
  supplier: z.string().max(80).optional(),
  invoiceNumber: z.string().optional(),
  poNumber: z.string().optional(),
  lines: z.array(lineSchema),
});

const exceptionSchema = z.object({
  cause: z.enum(EXCEPTION_CAUSES),
  message: z.string().min(1),
  field: z.string().optional(),
  value: z.string().optional(),
  mapping: z.enum(MAPPING_KINDS).optional(),
});

const stateSchema = z.enum(DOCUMENT_STATES);

const SUMMARY_SELECT = `
  SELECT d.id, d.source, d.source_id, d.kind, d.state, d.entity, d.supplier, d.payee_code, d.payee_name,
         d.currency, d.total_minor, d.document_date, d.staged_at, d.updated_at, l.qad_document_id,
         (SELECT count(*) FROM document_exceptions e WHERE e.document_id = d.id) AS exception_count
  FROM documents d
  LEFT JOIN ledger l ON l.source = d.source AND l.source_id = d.source_id`;

export interface StageInput {
  readonly document: CanonicalDocument;
  /** The payload as the source sent it (JSON text, CSV row...), stored verbatim. */
  readonly rawPayload: string;
  /** Defaults to 'staged'. */
  readonly state?: DocumentState;
}

export interface StageResult {
  readonly id: number;
  /** False when (source, sourceId) was already staged: nothing was changed then. */
  readonly created: boolean;
}

/** Idempotent: a document already known by (source, sourceId) is left exactly as it is. */
export function stageDocument(db: Db, input: StageInput, ctx: WriteContext): StageResult {
  const document = parse(canonicalDocumentSchema, input.document) as CanonicalDocument;
  const rawPayload = parse(z.string().min(1, 'rawPayload is required'), input.rawPayload);
  const state = parse(stateSchema, input.state ?? 'staged');
  const c = resolveContext(ctx);
  return writeTx(db, () => {
    const inserted = stmt(
      db,
      `INSERT INTO documents (source, source_id, kind, state, source_entity, entity, supplier, payee_kind,
         payee_code, payee_name, invoice_number, description, currency, total_minor, document_date, raw_payload,
         canonical_json, staged_at, updated_at, state_changed_at)
       VALUES (@source, @sourceId, @kind, @state, @sourceEntity, @entity, @supplier, @payeeKind, @payeeCode,
         @payeeName, @invoiceNumber, @description, @currency, @totalMinor, @documentDate, @rawPayload,
         @canonical, @at, @at, @at)
       ON CONFLICT (source, source_id) DO NOTHING
       RETURNING id`,
    ).get({ ...documentColumns(document), state, rawPayload, at: c.at }) as { id: number } | undefined;
    if (!inserted) {
      const existing = stmt(db, 'SELECT id FROM documents WHERE source = ? AND source_id = ?').get(
        document.source,
        document.sourceId,
      ) as { id: number };
      return { id: existing.id, created: false };
    }
    replaceLines(db, inserted.id, document);
    auditChange(
      db,
      c,
      'document.staged',
      { type: 'document', id: documentSubjectId(document.source, document.sourceId) },
      {
        documentId: inserted.id,
        kind: document.kind,
        state,
        currency: document.currency,
        totalMinor: document.totalMinor,
        documentDate: document.documentDate,
      },
    );
    return { id: inserted.id, created: true };
  });
}

function documentColumns(document: CanonicalDocument) {
  return {
    source: document.source,
    sourceId: document.sourceId,
    kind: document.kind,
    sourceEntity: document.sourceEntity,
    entity: document.entity ?? '',
    supplier: document.supplier ?? '',
    payeeKind: document.payee.kind,
    payeeCode: document.payee.code,
    payeeName: document.payee.name ?? '',
    invoiceNumber: document.invoiceNumber ?? '',
    description: document.description,
    currency: document.currency,
    totalMinor: document.totalMinor,
    documentDate: document.documentDate,
    canonical: JSON.stringify(document),
  };
}

function replaceLines(db: Db, documentId: number, document: CanonicalDocument): void {
  stmt(db, 'DELETE FROM document_lines WHERE document_id = ?').run(documentId);
  const insert = stmt(
    db,
    'INSERT INTO document_lines (document_id, line_no, description, amount_minor, line_json) VALUES (?, ?, ?, ?, ?)',
  );
  for (const line of document.lines) {
    insert.run(documentId, line.lineNo, line.description, line.amountMinor, JSON.stringify(line));
  }
}

export interface ValidationInput {
  /** The document as resolved: entity, supplier and line QAD coding filled where they resolved. */
  readonly document: CanonicalDocument;
  readonly state: DocumentState;
  /** Replaces the exceptions of the previous validation; empty when the document is clean. */
  readonly exceptions: readonly DocumentException[];
  readonly mappingVersion: number;
  /** Refuse (conflict) unless the document is in one of these states, e.g. not once it was released. */
  readonly expectState?: readonly DocumentState[];
}

/** Records the outcome of resolve + validate: the resolved document, its new state and its exceptions. */
export function recordValidation(
  db: Db,
  id: number,
  input: ValidationInput,
  ctx: WriteContext,
): DocumentDetail {
  const document = parse(canonicalDocumentSchema, input.document) as CanonicalDocument;
  const state = parse(stateSchema, input.state);
  const exceptions = parse(z.array(exceptionSchema), input.exceptions);
  const mappingVersion = parse(z.number().int().min(0), input.mappingVersion);
  const c = resolveContext(ctx);
  return writeTx(db, () => {
    const before = requireRow(db, id);
    if (before.source !== document.source || before.source_id !== document.sourceId) {
      throw new StoreError(
        'invalid_argument',
        `document ${id} is ${before.source}:${before.source_id}, not ${document.source}:${document.sourceId}`,
        'document.sourceId',
      );
    }
    checkExpected(before, input.expectState);
    const columns = documentColumns(document);
    stmt(
      db,
      `UPDATE documents SET kind = @kind, source_entity = @sourceEntity, entity = @entity, supplier = @supplier,
         payee_kind = @payeeKind, payee_code = @payeeCode, payee_name = @payeeName, invoice_number = @invoiceNumber,
         description = @description, currency = @currency, total_minor = @totalMinor, document_date = @documentDate,
         canonical_json = @canonical, mapping_version = @mappingVersion, state = @state, updated_at = @at,
         state_changed_at = CASE WHEN state = @state THEN state_changed_at ELSE @at END
       WHERE id = @id`,
    ).run({ ...columns, mappingVersion, state, at: c.at, id });
    replaceLines(db, id, document);
    stmt(db, 'DELETE FROM document_exceptions WHERE document_id = ?').run(id);
    const insert = stmt(
      db,
      `INSERT INTO document_exceptions (document_id, position, cause, message, field, value, mapping, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    exceptions.forEach((e, position) => {
      insert.run(id, position, e.cause, e.message, e.field ?? null, e.value ?? null, e.mapping ?? null, c.at);
    });
    auditChange(
      db,
      c,
      'document.validated',
      { type: 'document', id: documentSubjectId(document.source, document.sourceId) },
      {
        documentId: id,
        from: before.state,
        to: state,
        mappingVersion,
        entity: columns.entity,
        supplier: columns.supplier,
        totalMinor: columns.totalMinor,
        exceptions: exceptions.map((e) => ({
          cause: e.cause,
          field: e.field,
          value: e.value,
          mapping: e.mapping,
        })),
      },
    );
    return getDocument(db, id) as DocumentDetail;
  });
}

export interface StateChangeOptions {
  /** Refuse (conflict) unless the document is currently in one of these states. */
  readonly from?: DocumentState | readonly DocumentState[];
  /** A short human reason kept in the audit event ("released in batch 12", "QAD rejected: ..."). */
  readonly reason?: string;
  /** Extra, already redacted, audit detail. */
  readonly detail?: Readonly<Record<string, unknown>>;
}

/** Moves a document to `to`; a no-op (and no audit event) when it is already there. */
export function setDocumentState(
  db: Db,
  id: number,
  to: DocumentState,
  ctx: WriteContext,
  options: StateChangeOptions = {},
): DocumentSummary {
  const state = parse(stateSchema, to);
  const c = resolveContext(ctx);
  return writeTx(db, () => {
    const before = requireRow(db, id);
    if (before.state !== state) {
      const from =
        options.from === undefined
          ? undefined
          : typeof options.from === 'string'
            ? [options.from]
            : options.from;
      checkExpected(before, from);
      stmt(db, 'UPDATE documents SET state = ?, updated_at = ?, state_changed_at = ? WHERE id = ?').run(
        state,
        c.at,
        c.at,
        id,
      );
      auditChange(
        db,
        c,
        'document.state_changed',
        { type: 'document', id: documentSubjectId(before.source as Source, before.source_id) },
        {
          ...options.detail,
          documentId: id,
          from: before.state,
          to: state,
          ...(options.reason === undefined ? {} : { reason: options.reason }),
        },
      );
    }
    return getDocumentSummary(db, id) as DocumentSummary;
  });
}

interface StateRow {
  id: number;
  source: string;
  source_id: string;
  state: string;
}

function requireRow(db: Db, id: number): StateRow {
  const row = stmt(db, 'SELECT id, source, source_id, state FROM documents WHERE id = ?').get(id) as
    StateRow | undefined;
  if (!row) throw notFound('document', id);
  return row;
}

function checkExpected(row: StateRow, expected: readonly DocumentState[] | undefined): void {
  if (expected && !expected.includes(row.state as DocumentState)) {
    throw new StoreError(
      'conflict',
      `document ${row.source}:${row.source_id} is ${row.state}, expected ${expected.join(' or ')}`,
    );
  }
}

export function getDocumentSummary(db: Db, id: number): DocumentSummary | undefined {
  const row = stmt(db, `${SUMMARY_SELECT} WHERE d.id = ?`).get(id) as DocumentSummaryRow | undefined;
  return row && rowToDocumentSummary(row);
}

export function getDocument(db: Db, id: number): DocumentDetail | undefined {
  const row = stmt(
    db,
    `SELECT d.*, l.qad_document_id, b.batch_id,
            (SELECT count(*) FROM document_exceptions e WHERE e.document_id = d.id) AS exception_count
     FROM documents d
     LEFT JOIN ledger l ON l.source = d.source AND l.source_id = d.source_id
     LEFT JOIN batch_documents b ON b.document_id = d.id
     WHERE d.id = ?`,
  ).get(id) as DocumentDetailRow | undefined;
  if (!row) return undefined;
  const lines = stmt(db, 'SELECT line_json FROM document_lines WHERE document_id = ? ORDER BY line_no').all(
    id,
  ) as LineRow[];
  const exceptions = stmt(
    db,
    'SELECT cause, message, field, value, mapping FROM document_exceptions WHERE document_id = ? ORDER BY position',
  ).all(id) as ExceptionRow[];
  return {
    ...rowToDocumentSummary(row),
    sourceEntity: row.source_entity,
    description: row.description,
    ...(row.invoice_number ? { invoiceNumber: row.invoice_number } : {}),
    rawPayload: row.raw_payload,
    document: parseCanonical(row.canonical_json),
    lines: lines.map(rowToLine),
    exceptions: exceptions.map(rowToException),
    ...(row.mapping_version === null ? {} : { mappingVersion: row.mapping_version }),
    stateChangedAt: row.state_changed_at,
    ...(row.batch_id === null ? {} : { batchId: row.batch_id }),
  };
}

export function findDocumentId(db: Db, source: Source, sourceId: string): number | undefined {
  const row = stmt(db, 'SELECT id FROM documents WHERE source = ? AND source_id = ?').get(
    source,
    sourceId,
  ) as { id: number } | undefined;
  return row?.id;
}

export function getDocumentBySource(db: Db, source: Source, sourceId: string): DocumentDetail | undefined {
  const id = findDocumentId(db, source, sourceId);
  return id === undefined ? undefined : getDocument(db, id);
}

const SORT_COLUMNS = {
  documentDate: 'd.document_date',
  stagedAt: 'd.staged_at',
  updatedAt: 'd.updated_at',
  totalMinor: 'd.total_minor',
  state: 'd.state',
  sourceId: 'd.source_id',
  supplier: 'd.supplier',
} as const;

/** The filters of the 'documents/list' contract operation, plus a sort. */
export interface DocumentFilter extends Page {
  readonly source?: Source;
  readonly state?: DocumentState;
  readonly entity?: string;
  readonly supplier?: string;
  readonly currency?: string;
  /** Inclusive document-date range (YYYY-MM-DD). */
  readonly from?: string;
  readonly to?: string;
  /** Inclusive total range in minor units. */
  readonly minAmountMinor?: number;
  readonly maxAmountMinor?: number;
  /** Case-insensitive substring of source id, payee, supplier, invoice number or description. */
  readonly search?: string;
  /** Default: newest staged first. */
  readonly sort?: { readonly field: keyof typeof SORT_COLUMNS; readonly direction?: 'asc' | 'desc' };
}

const documentFilterSchema = z.object({
  source: z.enum(SOURCES).optional(),
  state: stateSchema.optional(),
  entity: z.string().max(40).optional(),
  supplier: z.string().max(80).optional(),
  currency: z.string().length(3).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  minAmountMinor: z.number().int().optional(),
  maxAmountMinor: z.number().int().optional(),
  search: z.string().max(200).optional(),
  sort: z
    .object({
      field: z.enum(Object.keys(SORT_COLUMNS) as [keyof typeof SORT_COLUMNS]),
      direction: z.enum(['asc', 'desc']).default('desc'),
    })
    .optional(),
  ...pageSchema,
});

export function listDocuments(
  db: Db,
  filter: DocumentFilter = {},
): { readonly rows: readonly DocumentSummary[]; readonly total: number } {
  const f = parse(documentFilterSchema, filter);
  const where: string[] = [];
  const params: Record<string, string | number> = {};
  const equal = (column: string, name: string, value: string | undefined) => {
    if (value === undefined) return;
    where.push(`${column} = @${name}`);
    params[name] = value;
  };
  equal('d.source', 'source', f.source);
  equal('d.state', 'state', f.state);
  equal('d.entity', 'entity', f.entity);
  equal('d.supplier', 'supplier', f.supplier);
  equal('d.currency', 'currency', f.currency);
  if (f.from !== undefined) {
    where.push('d.document_date >= @from');
    params.from = f.from;
  }
  if (f.to !== undefined) {
    where.push('d.document_date <= @to');
    params.to = f.to;
  }
  if (f.minAmountMinor !== undefined) {
    where.push('d.total_minor >= @minAmount');
    params.minAmount = f.minAmountMinor;
  }
  if (f.maxAmountMinor !== undefined) {
    where.push('d.total_minor <= @maxAmount');
    params.maxAmount = f.maxAmountMinor;
  }
  const search = f.search?.trim();
  if (search) {
    // instr() rather than LIKE: no wildcard escaping. SQLite's lower() folds ASCII only, like most codes here.
    where.push(
      `(instr(lower(d.source_id), @search) OR instr(lower(d.payee_code), @search) OR
        instr(lower(d.payee_name), @search) OR instr(lower(d.supplier), @search) OR
        instr(lower(d.invoice_number), @search) OR instr(lower(d.description), @search))`,
    );
    params.search = search.toLowerCase();
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (stmt(db, `SELECT count(*) AS n FROM documents d ${clause}`).get(params) as { n: number }).n;
  const order = f.sort
    ? `${SORT_COLUMNS[f.sort.field]} ${f.sort.direction === 'asc' ? 'ASC' : 'DESC'}, d.id ${f.sort.direction === 'asc' ? 'ASC' : 'DESC'}`
    : 'd.staged_at DESC, d.id DESC';
  const rows = stmt(db, `${SUMMARY_SELECT} ${clause} ORDER BY ${order} LIMIT @limit OFFSET @offset`).all({
    ...params,
    limit: f.limit,
    offset: f.offset,
  }) as DocumentSummaryRow[];
  return { rows: rows.map(rowToDocumentSummary), total };
}

/** Documents per (source, entity, state) for the dashboard; entity is '' until validation resolves it. */
export function countDocumentsByState(db: Db): readonly StateCount[] {
  const rows = stmt(
    db,
    'SELECT source, entity, state, count(*) AS count FROM documents GROUP BY source, entity, state ORDER BY source, entity, state',
  ).all() as { source: Source; entity: string; state: DocumentState; count: number }[];
  return rows.map((row) => ({ source: row.source, entity: row.entity, state: row.state, count: row.count }));
}

/** The engine's work queue: documents in one state, oldest first. */
export function listDocumentIdsInState(
  db: Db,
  state: DocumentState,
  options: { readonly source?: Source; readonly limit?: number } = {},
): readonly number[] {
  const rows = stmt(
    db,
    `SELECT id FROM documents WHERE state = @state AND (@source IS NULL OR source = @source) ORDER BY id LIMIT @limit`,
  ).all({ state: parse(stateSchema, state), source: options.source ?? null, limit: options.limit ?? -1 }) as {
    id: number;
  }[];
  return rows.map((row) => row.id);
}
