// The "GL alignment" report. Concur keeps each expense type's GL account in its admin UI and no public API
// reads or writes it (research/concur.md 9.8), so the connector shows what arrived instead: per Concur
// expense type, every account code the staged documents carried, in how many documents, and whether QAD
// takes it (exists, active, postable, in the document's entity). A controller hands the list to the Concur
// admin. Account codes come from the canonical lines (`accountCode`: FIS `journalAccountCode` on expense
// reports, `allocationAccountCode` / `journal.accountCode` on invoices, and any other `...AccountCode` a line
// carries) and, for what the canonical lines leave out, from the stored FIS payload: `clearingAccountCode`,
// `liabilityAccountCode`, `cashAdvanceClearingAccountCode`, and an invoice `journal.accountCode` that differs
// from its allocation's. The coding dimensions (cost object, sub-account, project) are checked the same way.
import type {
  GlAccountState,
  GlReport,
  GlReportAccount,
  GlReportDimension,
  GlReportExpenseType,
} from '../../../shared/contract/lists.ts';
import type { CanonicalDocument } from '../../../shared/domain/document.ts';
import {
  type Db,
  type QadCacheKind,
  getDocument,
  listDocuments,
  listQadRecords,
  qadCacheFreshness,
} from '../../store/index.ts';
import { extraAccountUses } from '../concur-road/account-codes.ts';

const NONE = '(none)';

/** One document as the report reads it. */
export interface GlReportDocument {
  readonly document: CanonicalDocument;
  /** The resolved QAD entity, or '' when validation has not resolved one yet. */
  readonly entity: string;
  /** The stored source payload (the FIS content item for Concur), read for fields the lines do not carry. */
  readonly rawPayload?: string;
}

export interface QadRecordView {
  readonly active: boolean;
  readonly postable?: boolean;
}

/** The QAD cache as the report needs it: records of a kind by code, per entity ('*' = domain-wide). */
export type QadIndex = (kind: QadCacheKind, code: string) => ReadonlyMap<string, QadRecordView>;

interface Use {
  readonly expenseType: string;
  readonly field: string;
  readonly code: string;
}

type Json = Record<string, unknown>;

const isRecord = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The FIS `document` of a stored content item (object or JSON text), or undefined. */
function fisDocument(rawPayload: string | undefined): Json | undefined {
  if (!rawPayload) return undefined;
  const envelope = parse(rawPayload);
  if (!isRecord(envelope)) return undefined;
  const inner = typeof envelope.document === 'string' ? parse(envelope.document) : envelope.document;
  return isRecord(inner) ? inner : envelope;
}

function canonicalUses(doc: CanonicalDocument, names: Map<string, string>): Use[] {
  const uses: Use[] = [];
  for (const line of doc.lines) {
    const source = line.source;
    const expenseType = source.expenseType ?? source.category ?? NONE;
    if (source.expenseTypeName && !names.has(expenseType)) names.set(expenseType, source.expenseTypeName);
    for (const [key, value] of Object.entries(source)) {
      if (value === undefined || value.trim() === '' || !/accountcode$/i.test(key)) continue;
      const field =
        key === 'accountCode'
          ? doc.kind === 'expense_report'
            ? 'journalAccountCode'
            : 'allocationAccountCode'
          : key;
      uses.push({ expenseType, field, code: value.trim() });
    }
  }
  return uses;
}

function payloadUses(doc: CanonicalDocument, rawPayload: string | undefined): Use[] {
  const fis = fisDocument(rawPayload);
  if (!fis) return [];
  // The field knowledge is shared with the FIS -> canonical mapper (concur-road/account-codes.ts).
  return extraAccountUses(doc.kind, fis).map((u) => ({ ...u, expenseType: u.expenseType ?? NONE }));
}

function accountState(
  qad: QadIndex,
  code: string,
  entity: string,
): { state: GlAccountState; message: string } {
  const byEntity = qad('gl_account', code);
  const rec = (entity ? byEntity.get(entity) : undefined) ?? byEntity.get('*');
  const where = entity ? ` in entity ${entity}` : '';
  if (!rec) {
    if (byEntity.size > 0)
      return {
        state: 'not_in_entity',
        message: `QAD knows ${code} only in ${[...byEntity.keys()].join(', ')}, not${where || ' domain-wide'}`,
      };
    return { state: 'unknown', message: `QAD has no GL account ${code}` };
  }
  if (!rec.active) return { state: 'inactive', message: `QAD GL account ${code} is inactive${where}` };
  if (rec.postable === false)
    return {
      state: 'not_postable',
      message: `QAD GL account ${code} is a header account and takes no postings`,
    };
  return { state: 'ok', message: `QAD takes ${code}${where}` };
}

const SEVERITY: Readonly<Record<GlAccountState, number>> = {
  ok: 0,
  not_postable: 1,
  inactive: 2,
  not_in_entity: 3,
  unknown: 4,
};

const DIMENSION_KINDS = [
  ['costObject', 'cost_center'],
  ['subAccount', 'sub_account'],
  ['project', 'project'],
] as const;

/** PURE: the report from documents and a QAD index. */
export function glReportFrom(
  documents: readonly GlReportDocument[],
  qad: QadIndex,
  generatedAt: string,
): GlReport {
  const names = new Map<string, string>();
  // expenseType -> field\0code -> entity -> documents
  const accounts = new Map<string, Map<string, Map<string, number>>>();
  const typeDocs = new Map<string, number>();
  const dims = new Map<string, Map<string, number>>();
  for (const { document, entity, rawPayload } of documents) {
    const seen = new Set<string>();
    const types = new Set<string>();
    for (const use of [...canonicalUses(document, names), ...payloadUses(document, rawPayload)]) {
      types.add(use.expenseType);
      const key = `${use.expenseType}\u0000${use.field}\u0000${use.code}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const byAccount = accounts.get(use.expenseType) ?? new Map<string, Map<string, number>>();
      accounts.set(use.expenseType, byAccount);
      const accountKey = `${use.field}\u0000${use.code}`;
      const byEntity = byAccount.get(accountKey) ?? new Map<string, number>();
      byAccount.set(accountKey, byEntity);
      byEntity.set(entity, (byEntity.get(entity) ?? 0) + 1);
    }
    for (const line of document.lines) {
      const type = line.source.expenseType ?? line.source.category;
      if (type) types.add(type);
    }
    for (const type of types) typeDocs.set(type, (typeDocs.get(type) ?? 0) + 1);
    const dimSeen = new Set<string>();
    for (const line of document.lines) {
      for (const [field] of DIMENSION_KINDS) {
        const code = line.source[field]?.trim();
        if (!code) continue;
        const key = `${field}\u0000${code}`;
        if (dimSeen.has(key)) continue;
        dimSeen.add(key);
        const byEntity = dims.get(key) ?? new Map<string, number>();
        dims.set(key, byEntity);
        byEntity.set(entity, (byEntity.get(entity) ?? 0) + 1);
      }
    }
  }

  let problems = 0;
  const expenseTypes: GlReportExpenseType[] = [...accounts.keys()]
    .concat([...typeDocs.keys()].filter((t) => !accounts.has(t)))
    .sort()
    .map((expenseType) => {
      const rows: GlReportAccount[] = [
        ...(accounts.get(expenseType) ?? new Map<string, Map<string, number>>()),
      ]
        .map(([key, byEntity]) => {
          const [field = '', code = ''] = key.split('\u0000');
          const states = [...byEntity.keys()].map((entity) => accountState(qad, code, entity));
          const worst = states.reduce((a, b) => (SEVERITY[b.state] > SEVERITY[a.state] ? b : a));
          if (worst.state !== 'ok') problems += 1;
          return {
            field,
            code,
            documents: [...byEntity.values()].reduce((a, b) => a + b, 0),
            entities: [...byEntity.keys()].map((e) => e || '(unresolved)').sort(),
            state: worst.state,
            message: worst.message,
          };
        })
        .sort((a, b) => a.field.localeCompare(b.field) || a.code.localeCompare(b.code));
      const name = names.get(expenseType);
      return {
        expenseType,
        ...(name ? { expenseTypeName: name } : {}),
        documents: typeDocs.get(expenseType) ?? 0,
        accounts: rows,
      };
    });

  const dimensions: GlReportDimension[] = [...dims]
    .map(([key, byEntity]) => {
      const [field = '', code = ''] = key.split('\u0000');
      const kind = DIMENSION_KINDS.find(([f]) => f === field)?.[1] ?? 'cost_center';
      const recs = qad(kind, code);
      const missing = [...byEntity.keys()].filter((entity) => {
        const rec = (entity ? recs.get(entity) : undefined) ?? recs.get('*');
        return !rec?.active;
      });
      const known = missing.length === 0;
      return {
        field,
        code,
        documents: [...byEntity.values()].reduce((a, b) => a + b, 0),
        entities: [...byEntity.keys()].map((e) => e || '(unresolved)').sort(),
        known,
        message: known
          ? `QAD has ${code} active`
          : `QAD has no active ${kind.replace('_', ' ')} ${code}${missing.some((e) => e) ? ` in ${missing.filter((e) => e).join(', ')}` : ''}`,
      };
    })
    .sort((a, b) => a.field.localeCompare(b.field) || a.code.localeCompare(b.code));

  return { generatedAt, documents: documents.length, expenseTypes, dimensions, problems };
}

/** The QAD cache of the kinds the report checks, indexed by code then entity. */
export function qadIndexFromDb(db: Db): QadIndex {
  const index = new Map<string, Map<string, QadRecordView>>();
  const kinds = new Set<QadCacheKind>(['gl_account', 'cost_center', 'sub_account', 'project']);
  for (const fresh of qadCacheFreshness(db)) {
    if (!kinds.has(fresh.kind)) continue;
    for (const r of listQadRecords(db, fresh.kind, fresh.entity)) {
      const key = `${r.kind}\u0000${r.code}`;
      const byEntity = index.get(key) ?? new Map<string, QadRecordView>();
      index.set(key, byEntity);
      const postable = r.payload.postable;
      byEntity.set(r.entity, { active: r.active, ...(typeof postable === 'boolean' ? { postable } : {}) });
    }
  }
  const empty = new Map<string, QadRecordView>();
  return (kind, code) => index.get(`${kind}\u0000${code}`) ?? empty;
}

export interface GlReportOptions {
  /** Inclusive document-date range (YYYY-MM-DD). */
  readonly from?: string;
  readonly to?: string;
  readonly now?: () => Date;
}

/** The report over every staged Concur document (in the date range), whatever its state. */
export function buildGlReport(db: Db, options: GlReportOptions = {}): GlReport {
  const documents: GlReportDocument[] = [];
  const pageSize = 500;
  for (let offset = 0; ; offset += pageSize) {
    const page = listDocuments(db, {
      source: 'concur',
      ...(options.from ? { from: options.from } : {}),
      ...(options.to ? { to: options.to } : {}),
      sort: { field: 'stagedAt', direction: 'asc' },
      offset,
      limit: pageSize,
    });
    for (const row of page.rows) {
      const detail = getDocument(db, row.id);
      if (!detail) continue;
      documents.push({
        document: detail.document,
        entity: detail.document.entity ?? row.entity ?? '',
        rawPayload: detail.rawPayload,
      });
    }
    if (page.rows.length < pageSize) break;
  }
  return glReportFrom(documents, qadIndexFromDb(db), (options.now?.() ?? new Date()).toISOString());
}
