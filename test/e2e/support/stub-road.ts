/* eslint-disable @typescript-eslint/require-await -- handlers are async by contract; the stand-in has nothing to await */
// A stateful in-memory document road for developing and testing the screens while the engine is in flux:
// a few hundred realistic documents, open batches, exceptions grouped by cause and value, versioned mappings
// over a small QAD master-data cache, and an audit trail. Release posts a batch a moment later (posted, then
// confirmed); a mapping fix re-validates the documents waiting on that value. Not the engine: it follows the
// contract's shapes (shared/contract/*) so the same screens run against either.
import type { BatchState, BatchSummary, BatchView } from '../../../shared/contract/batches.ts';
import type { DocumentView } from '../../../shared/contract/documents.ts';
import type { ExceptionGroup, ExceptionsOverview } from '../../../shared/contract/exceptions.ts';
import type { MappingRowView } from '../../../shared/contract/mappings.ts';
import type { QadValue, QadValueKind } from '../../../shared/contract/qad.ts';
import type { AuditEvent } from '../../../shared/domain/audit.ts';
import type { DocumentLine, DocumentState, Source } from '../../../shared/domain/document.ts';
import type { DocumentException, MappingKind } from '../../../shared/domain/exception.ts';
import type { DocumentSummary } from '../../../shared/domain/status.ts';
import { ContractFailure } from '../../../electron/ipc/failure.ts';
import type { Handlers } from '../../../electron/ipc/handlers.ts';

type RoadHandlers = Pick<
  Handlers,
  | 'documents/list'
  | 'documents/get'
  | 'documents/replay'
  | 'documents/retry'
  | 'batches/list'
  | 'batches/get'
  | 'batches/release'
  | 'batches/undo-release'
  | 'exceptions/list'
  | 'mappings/list'
  | 'mappings/set'
  | 'qad/values'
  | 'audit/list'
  | 'audit/verify'
  | 'sync/run-now'
>;

export interface StubRoadOptions {
  /** How many documents to generate (default 240). */
  readonly documents?: number;
  /** Milliseconds between release and posted, and between posted and confirmed (default 1500). */
  readonly postingDelayMs?: number;
}

interface Doc {
  summary: DocumentSummary;
  description: string;
  sourceEntity: string;
  invoiceNumber?: string;
  poNumber?: string;
  lines: DocumentLine[];
  exceptions: DocumentException[];
  batchId?: number;
  stateChangedAt: string;
  waitingSince?: string;
}

interface Batch {
  summary: BatchSummary;
  documentIds: number[];
}

const BASE = Date.parse('2026-11-25T08:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

const ENTITIES = [
  { code: '10USA', currency: 'USD' },
  { code: '20DEU', currency: 'EUR' },
  { code: '30JPN', currency: 'JPY' },
] as const;

const SUPPLIERS = [
  ['2001', 'Acme Tooling Inc.'],
  ['2002', 'Nippon Bearings K.K.'],
  ['2003', 'Rheinmetall Fasteners GmbH'],
  ['2004', 'Great Lakes Freight'],
  ['2005', 'Office Depot'],
  ['2006', 'Delta Air Lines'],
  ['2007', 'Hilton Hotels'],
  ['2008', 'Sumitomo Steel'],
  ['E-1001', 'Jane Doe (employee)'],
  ['E-1002', 'Max Mustermann (employee)'],
  ['E-1003', 'Hanako Sato (employee)'],
  ['E-1004', 'Carlos Rivera (employee)'],
] as const;

const ACCOUNTS = [
  ['6100', 'Travel - airfare', true],
  ['6110', 'Travel - lodging', true],
  ['6120', 'Travel - meals', true],
  ['6130', 'Travel - ground transport', true],
  ['6200', 'Office supplies', true],
  ['6300', 'Freight in', true],
  ['6400', 'Tooling and small equipment', true],
  ['6500', 'Raw material purchases', true],
  ['6900', 'Miscellaneous (retired)', false],
] as const;

const COST_CENTERS = ['CC100', 'CC200', 'CC300', 'CC400', 'CC500'];
const SUB_ACCOUNTS = ['000', '100', '200'];

/** Source expense types with their QAD account; MEALS and TAXI start unmapped, MISC maps to a retired account. */
const EXPENSE_TYPES = [
  ['AIRFR', '6100'],
  ['LODNG', '6110'],
  ['MEALS', undefined],
  ['TAXI', undefined],
  ['OFFSP', '6200'],
  ['MISC', '6900'],
] as const;

const VENDORS = [
  ['ACME', '2001'],
  ['NIPPON-BRG', '2002'],
  ['RHEIN-FAST', '2003'],
  ['GL-FREIGHT', '2004'],
  ['SUMI-STEEL', '2008'],
  ['NEWVENDOR-77', undefined],
] as const;

const EMPLOYEES = [
  ['jane.doe@example.com', 'E-1001'],
  ['max.mustermann@example.com', 'E-1002'],
  ['hanako.sato@example.com', 'E-1003'],
  ['carlos.rivera@example.com', undefined],
] as const;

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function createStubRoad(options: StubRoadOptions = {}): { handlers: RoadHandlers } {
  const random = rng(42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const delay = options.postingDelayMs ?? 1500;
  let clock = BASE;
  const now = () => iso(Math.max(clock, Date.now()));

  // ---- QAD cache -------------------------------------------------------------------------------------
  const qad: QadValue[] = [
    ...SUPPLIERS.map(([code, name]) => ({ code, description: name, active: true, entity: '*' })),
    { code: '2099', description: 'Old Supplier Ltd. (blocked)', active: false, entity: '*' },
    ...ENTITIES.flatMap((e) =>
      ACCOUNTS.map(([code, description, active]) => ({ code, description, active, entity: e.code })),
    ),
    ...ENTITIES.flatMap((e) =>
      COST_CENTERS.map((code, i) => ({
        code,
        description: ['Plant', 'Sales', 'Engineering', 'Finance', 'Logistics'][i]!,
        active: code !== 'CC500',
        entity: e.code,
      })),
    ),
    ...SUB_ACCOUNTS.map((code) => ({ code, description: `Division ${code}`, active: true, entity: '*' })),
    ...ENTITIES.map((e) => ({ code: e.code, description: `Entity ${e.code}`, active: true, entity: '*' })),
  ];
  const qadKinds = new Map<QadValue, QadValueKind>();
  for (const v of qad) {
    const kind: QadValueKind = /^(2\d{3}|E-)/.test(v.code)
      ? 'supplier'
      : /^6\d{3}$/.test(v.code)
        ? 'gl_account'
        : v.code.startsWith('CC')
          ? 'cost_center'
          : /^\d{3}$/.test(v.code)
            ? 'sub_account'
            : 'entity';
    qadKinds.set(v, kind);
  }
  const qadValid = (kind: QadValueKind, entity: string, code: string) =>
    qad.some(
      (v) =>
        qadKinds.get(v) === kind && v.code === code && v.active && (v.entity === '*' || v.entity === entity),
    );

  // ---- Mappings (versioned) -----------------------------------------------------------------------------
  let version = 1;
  let nextMappingId = 1;
  interface MappingRow extends MappingRowView {
    validToVersion?: number;
  }
  const mappings: MappingRow[] = [];
  const addMapping = (kind: MappingKind, sourceValue: string, target: Record<string, string>, v = 1) =>
    mappings.push({ id: nextMappingId++, kind, entity: '*', sourceValue, target, validFromVersion: v });
  for (const [type, account] of EXPENSE_TYPES)
    if (account) addMapping('gl_account', type, { glAccount: account });
  for (const [vendor, supplier] of VENDORS) if (supplier) addMapping('vendor', vendor, { supplier });
  for (const [email, supplier] of EMPLOYEES) if (supplier) addMapping('employee', email, { supplier });
  for (const [i, cc] of COST_CENTERS.entries())
    addMapping('cost_center', `DEPT-${i + 1}`, { costCenter: cc });
  for (const e of ENTITIES) addMapping('entity', `CO-${e.code.slice(2)}`, { entity: e.code });
  const currentMapping = (kind: MappingKind, value: string) =>
    mappings.find((m) => m.kind === kind && m.sourceValue === value && m.validToVersion === undefined);

  // ---- Audit ----------------------------------------------------------------------------------------------
  const audit: AuditEvent[] = [];
  const log = (
    actor: string,
    action: string,
    subject: { type: string; id: string } | undefined,
    detail: Record<string, unknown>,
  ) => {
    const prev = audit.at(-1)?.hash ?? '0'.repeat(64);
    const seq = audit.length + 1;
    audit.push({
      seq,
      at: now(),
      actor,
      action,
      ...(subject ? { subjectType: subject.type, subjectId: subject.id } : {}),
      detail,
      prevHash: prev,
      hash: seq.toString(16).padStart(64, 'c'),
    });
  };
  log('system', 'engine.started', undefined, { version: '0.1.0-stub' });

  // ---- Documents ------------------------------------------------------------------------------------------
  const docs: Doc[] = [];
  const count = options.documents ?? 240;
  for (let i = 0; i < count; i++) {
    const id = i + 1;
    const source: Source = random() < 0.55 ? 'concur' : 'expensify';
    const entity = pick(ENTITIES);
    const kind = source === 'concur' && random() < 0.5 ? 'invoice' : 'expense_report';
    const stagedAt = BASE - Math.floor(random() * 20 * 86_400_000);
    const day = new Date(stagedAt - 86_400_000 * Math.floor(random() * 5)).toISOString().slice(0, 10);
    let payee: string;
    let supplier = '';
    const exceptions: DocumentException[] = [];
    if (kind === 'invoice') {
      const [vendor, sup] = pick(VENDORS);
      payee = vendor;
      if (sup) supplier = sup;
      else
        exceptions.push({
          cause: 'unmapped_value',
          message: `Vendor "${vendor}" has no QAD supplier`,
          field: 'payee.code',
          value: vendor,
          mapping: 'vendor',
        });
    } else {
      const [email, sup] = pick(EMPLOYEES);
      payee = email;
      if (sup) supplier = sup;
      else
        exceptions.push({
          cause: 'unmapped_value',
          message: `Employee "${email}" has no QAD supplier`,
          field: 'payee.code',
          value: email,
          mapping: 'employee',
        });
    }
    const lineCount = 1 + Math.floor(random() * 3);
    const lines: DocumentLine[] = [];
    for (let n = 1; n <= lineCount; n++) {
      const [type, account] =
        kind === 'invoice'
          ? pick([['MATERIAL', '6500'] as const, ['FREIGHT', '6300'] as const])
          : pick(EXPENSE_TYPES);
      const dept = `DEPT-${1 + Math.floor(random() * 5)}`;
      const cc = currentMapping('cost_center', dept)?.target.costCenter;
      const exponent = entity.currency === 'JPY' ? 1 : 100;
      const amountMinor = Math.round((5 + random() * 1500) * exponent);
      if (account === undefined)
        exceptions.push({
          cause: 'unmapped_value',
          message: `Expense type "${type}" has no QAD GL account in entity ${entity.code}`,
          field: `lines[${n - 1}].expenseType`,
          value: type,
          mapping: 'gl_account',
        });
      else if (account === '6900')
        exceptions.push({
          cause: 'inactive_value',
          message: `GL account 6900 is inactive in QAD entity ${entity.code}`,
          field: `lines[${n - 1}].expenseType`,
          value: type,
          mapping: 'gl_account',
        });
      lines.push({
        lineNo: n,
        description: kind === 'invoice' ? `${type.toLowerCase()} per order` : `${type} ${day}`,
        amountMinor,
        source: {
          expenseType: type,
          costObject: dept,
          ...(kind === 'expense_report' ? { category: type } : {}),
        },
        ...(account && account !== '6900'
          ? { qad: { glAccount: account, ...(cc ? { costCenter: cc } : {}) } }
          : {}),
      });
    }
    const totalMinor = lines.reduce((sum, line) => sum + line.amountMinor, 0);
    let state: DocumentState = exceptions.length > 0 ? 'exception' : 'ready';
    let poNumber: string | undefined;
    const roll = random();
    if (state === 'ready' && kind === 'invoice' && roll < 0.12) {
      state = 'awaiting_receipt';
      poNumber = `PO${40100 + id}`;
      lines[0] = { ...lines[0]!, poNumber, poLine: 1 };
      exceptions.push({
        cause: 'awaiting_receipt',
        message: `PO ${poNumber} line 1 has no receipt in QAD yet`,
      });
    } else if (state === 'ready' && roll < 0.16) {
      state = 'exception';
      exceptions.push({
        cause: 'closed_period',
        message: `Period 2026/10 is closed in entity ${entity.code}`,
        field: 'documentDate',
        value: '2026/10',
      });
    } else if (state === 'ready' && roll < 0.19) {
      state = 'rejected';
      exceptions.push({
        cause: 'qad_rejection',
        message: 'QAD refused the invoice: supplier invoice reference already used for this supplier (4312)',
      });
    } else if (state === 'ready' && roll < 0.21) {
      state = 'exception';
      exceptions.push({ cause: 'source_error', message: 'The source report has no approved date' });
    } else if (state === 'ready' && roll < 0.23) {
      state = 'uncertain';
      exceptions.push({
        cause: 'uncertain_post',
        message: 'QAD did not answer within 60 s; the look-up failed too',
      });
    } else if (state === 'ready' && roll < 0.45) state = 'confirmed';
    const sourceId =
      source === 'concur'
        ? `${kind === 'invoice' ? 'INV' : 'RPT'}-${10000 + id}`
        : `R00${(4000 + id).toString(16).toUpperCase()}`;
    const summary: DocumentSummary = {
      id,
      source,
      sourceId,
      kind,
      state,
      entity: entity.code,
      payee,
      supplier,
      currency: entity.currency,
      totalMinor,
      documentDate: day,
      stagedAt: iso(stagedAt),
      updatedAt: iso(stagedAt + 60_000),
      exceptionCount: exceptions.filter((e) => e.cause !== 'awaiting_receipt').length,
      ...(state === 'confirmed' ? { qadDocumentId: `${entity.code}/2026/SUPINV/${50000 + id}` } : {}),
    };
    docs.push({
      summary,
      description: kind === 'invoice' ? `Invoice from ${payee}` : `Expense report of ${payee}`,
      sourceEntity: `CO-${entity.code.slice(2)}`,
      ...(kind === 'invoice' ? { invoiceNumber: `SI-${70000 + id}` } : {}),
      ...(poNumber ? { poNumber } : {}),
      lines,
      exceptions,
      stateChangedAt: iso(stagedAt + 60_000),
      ...(state === 'awaiting_receipt' ? { waitingSince: iso(stagedAt) } : {}),
    });
    log('scheduler', 'document.staged', { type: 'document', id: String(id) }, { source, sourceId });
    if (exceptions.length > 0)
      log(
        'scheduler',
        'document.validated',
        { type: 'document', id: String(id) },
        {
          state,
          exceptions: exceptions.map((e) => e.message),
        },
      );
  }

  // ---- Batches ---------------------------------------------------------------------------------------------
  const batches: Batch[] = [];
  const setDoc = (doc: Doc, state: DocumentState, extra: Partial<DocumentSummary> = {}) => {
    doc.summary = { ...doc.summary, ...extra, state, updatedAt: now() };
    doc.stateChangedAt = now();
  };
  const addToOpenBatch = (doc: Doc) => {
    const s = doc.summary;
    const postingKind = s.kind === 'invoice' ? 'supplier_invoice' : 'supplier_invoice';
    let batch = batches.find(
      (b) =>
        b.summary.state === 'open' &&
        b.summary.source === s.source &&
        b.summary.entity === s.entity &&
        b.summary.currency === s.currency &&
        b.summary.documentKind === s.kind,
    );
    if (!batch) {
      batch = {
        summary: {
          id: batches.length + 1,
          source: s.source,
          entity: s.entity,
          currency: s.currency,
          documentKind: s.kind,
          postingKind,
          state: 'open',
          documentCount: 0,
          totalMinor: 0,
          createdAt: now(),
          updatedAt: now(),
        },
        documentIds: [],
      };
      batches.push(batch);
    }
    batch.documentIds.push(s.id);
    batch.summary = {
      ...batch.summary,
      documentCount: batch.documentIds.length,
      totalMinor: batch.summary.totalMinor + s.totalMinor,
      updatedAt: now(),
    };
    doc.batchId = batch.summary.id;
  };
  for (const doc of docs) if (doc.summary.state === 'ready') addToOpenBatch(doc);
  // A batch already posted earlier today, so the results view has something to show.
  for (const doc of docs.filter((d) => d.summary.state === 'confirmed').slice(0, 6)) {
    const s = doc.summary;
    let batch = batches.find(
      (b) =>
        b.summary.state === 'posted' &&
        b.summary.source === s.source &&
        b.summary.entity === s.entity &&
        b.summary.currency === s.currency,
    );
    if (!batch) {
      batch = {
        summary: {
          id: batches.length + 1,
          source: s.source,
          entity: s.entity,
          currency: s.currency,
          documentKind: s.kind,
          postingKind: 'supplier_invoice',
          state: 'posted',
          documentCount: 0,
          totalMinor: 0,
          createdAt: iso(BASE - 3_600_000),
          updatedAt: iso(BASE - 3_000_000),
          releasedBy: 'ap.clerk',
          releasedAt: iso(BASE - 3_500_000),
        },
        documentIds: [],
      };
      batches.push(batch);
    }
    batch.documentIds.push(s.id);
    batch.summary = {
      ...batch.summary,
      documentCount: batch.documentIds.length,
      totalMinor: batch.summary.totalMinor + s.totalMinor,
    };
    doc.batchId = batch.summary.id;
  }

  const docById = (id: number) => {
    const doc = docs.find((d) => d.summary.id === id);
    if (!doc) throw new ContractFailure('not_found', `Document ${id} does not exist.`, 'documentId');
    return doc;
  };
  const batchById = (id: number) => {
    const batch = batches.find((b) => b.summary.id === id);
    if (!batch) throw new ContractFailure('not_found', `Batch ${id} does not exist.`, 'batchId');
    return batch;
  };
  const setBatch = (batch: Batch, state: BatchState, extra: Partial<BatchSummary> = {}) => {
    batch.summary = { ...batch.summary, ...extra, state, updatedAt: now() };
  };

  const view = (batch: Batch): BatchView => {
    const members = batch.documentIds.map(docById);
    const bySupplier = new Map<
      string,
      { supplier: string; payee: string; documentCount: number; totalMinor: number }
    >();
    const byAccount = new Map<
      string,
      { glAccount: string; costCenter?: string; lineCount: number; totalMinor: number }
    >();
    for (const doc of members) {
      const key = doc.summary.supplier;
      const s = bySupplier.get(key) ?? {
        supplier: key,
        payee: doc.summary.payee,
        documentCount: 0,
        totalMinor: 0,
      };
      s.documentCount += 1;
      s.totalMinor += doc.summary.totalMinor;
      bySupplier.set(key, s);
      for (const line of doc.lines) {
        const gl = line.qad?.glAccount ?? '?';
        const cc = line.qad?.costCenter;
        const k = `${gl}|${cc ?? ''}`;
        const a = byAccount.get(k) ?? {
          glAccount: gl,
          ...(cc ? { costCenter: cc } : {}),
          lineCount: 0,
          totalMinor: 0,
        };
        a.lineCount += 1;
        a.totalMinor += line.amountMinor;
        byAccount.set(k, a);
      }
    }
    return {
      ...batch.summary,
      documents: members.map((d) => d.summary),
      supplierTotals: [...bySupplier.values()].sort((a, b) => b.totalMinor - a.totalMinor),
      accountTotals: [...byAccount.values()].sort((a, b) => a.glAccount.localeCompare(b.glAccount)),
    };
  };

  // Like the engine, a released batch posts with the next run of its source (sync/run-now starts one).
  const post = (batch: Batch, wait = delay) => {
    setTimeout(() => {
      if (batch.summary.state !== 'released') return;
      setBatch(batch, 'posting');
      for (const id of batch.documentIds) setDoc(docById(id), 'posting');
      setTimeout(() => {
        let voucher = 60000 + batch.summary.id * 100;
        for (const id of batch.documentIds) {
          const doc = docById(id);
          const qadDocumentId = `${doc.summary.entity}/2026/SUPINV/${voucher++}`;
          setDoc(doc, 'posted', { qadDocumentId });
          log(
            'system',
            'document.posted',
            { type: 'document', id: String(id) },
            {
              qadDocumentId,
              request: {
                externalRef: `MLC-${doc.summary.source.toUpperCase()}-${doc.summary.sourceId}`,
                password: '[redacted]',
              },
              response: { status: 200 },
            },
          );
        }
        setBatch(batch, 'posted');
        log(
          'system',
          'batch.posted',
          { type: 'batch', id: String(batch.summary.id) },
          { documents: batch.documentIds.length },
        );
        setTimeout(() => {
          for (const id of batch.documentIds) {
            setDoc(docById(id), 'confirmed');
            log(
              'system',
              'document.confirmed',
              { type: 'document', id: String(id) },
              { to: batch.summary.source },
            );
          }
        }, delay);
      }, delay / 2);
    }, wait);
  };

  // ---- Exceptions -------------------------------------------------------------------------------------------
  const overview = (filter: { source?: Source; entity?: string; cause?: string }): ExceptionsOverview => {
    const groups = new Map<string, ExceptionGroup & { documentIds: number[] }>();
    const waiting = docs.filter(
      (d) =>
        (d.summary.state === 'exception' || d.summary.state === 'rejected') &&
        (!filter.source || d.summary.source === filter.source) &&
        (!filter.entity || d.summary.entity === filter.entity),
    );
    for (const doc of waiting) {
      const seen = new Set<string>();
      for (const e of doc.exceptions) {
        if (filter.cause && e.cause !== filter.cause) continue;
        const key = `${e.cause}|${e.mapping ?? ''}|${e.value ?? e.message}|${doc.summary.entity}|${doc.summary.source}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const group = groups.get(key) ?? {
          cause: e.cause,
          ...(e.mapping ? { mapping: e.mapping } : {}),
          ...(e.value ? { value: e.value } : {}),
          entity: doc.summary.entity,
          source: doc.summary.source,
          message: e.message,
          fields: [],
          documentCount: 0,
          clearsCount: 0,
          documentIds: [],
        };
        group.documentIds.push(doc.summary.id);
        const others = new Set(doc.exceptions.map((x) => `${x.cause}|${x.value ?? x.message}`));
        groups.set(key, {
          ...group,
          fields: [...new Set([...group.fields, ...(e.field ? [e.field] : [])])],
          documentCount: group.documentIds.length,
          clearsCount: group.clearsCount + (others.size === 1 ? 1 : 0),
        });
      }
    }
    return {
      groups: [...groups.values()].sort((a, b) => b.documentCount - a.documentCount),
      awaitingReceipt: docs
        .filter((d) => d.summary.state === 'awaiting_receipt')
        .map((d) => ({
          documentId: d.summary.id,
          source: d.summary.source,
          sourceId: d.summary.sourceId,
          entity: d.summary.entity,
          supplier: d.summary.supplier,
          poNumber: d.poNumber ?? '',
          poLine: 1,
          message: `PO ${d.poNumber} line 1 has no receipt in QAD yet`,
          totalMinor: d.summary.totalMinor,
          currency: d.summary.currency,
          waitingSince: d.waitingSince ?? d.summary.stagedAt,
          waitingMs: Date.parse(now()) - Date.parse(d.waitingSince ?? d.summary.stagedAt),
        })),
      uncertain: docs
        .filter((d) => d.summary.state === 'uncertain')
        .map((d) => ({
          documentId: d.summary.id,
          source: d.summary.source,
          sourceId: d.summary.sourceId,
          externalRef: `MLC-${d.summary.source.toUpperCase()}-${d.summary.sourceId}`,
          lastError: 'QAD did not answer within 60 s; the look-up failed too',
          lookedUpNegative: d.summary.id % 2 === 0,
          since: d.stateChangedAt,
        })),
      documentCount: waiting.length,
    };
  };

  /** Re-validates the documents waiting on mapped values; returns how many it touched and cleared. */
  const revalidate = (changed: { kind: MappingKind; sourceValue: string }[]) => {
    let revalidated = 0;
    let cleared = 0;
    for (const doc of docs) {
      if (doc.summary.state !== 'exception') continue;
      const hit = doc.exceptions.filter((e) =>
        changed.some((c) => e.mapping === c.kind && e.value === c.sourceValue),
      );
      if (hit.length === 0) continue;
      revalidated++;
      doc.exceptions = doc.exceptions.filter((e) => {
        if (!hit.includes(e)) return true;
        const m = currentMapping(e.mapping!, e.value!);
        if (!m) return true;
        const field =
          e.mapping === 'vendor' || e.mapping === 'employee'
            ? 'supplier'
            : e.mapping === 'gl_account'
              ? 'glAccount'
              : e.mapping === 'cost_center'
                ? 'costCenter'
                : 'entity';
        const qadKind: QadValueKind =
          field === 'supplier'
            ? 'supplier'
            : field === 'glAccount'
              ? 'gl_account'
              : field === 'costCenter'
                ? 'cost_center'
                : 'entity';
        return !qadValid(qadKind, doc.summary.entity, m.target[field] ?? '');
      });
      for (const line of doc.lines) {
        const m = currentMapping('gl_account', line.source.expenseType ?? '');
        if (m?.target.glAccount && !line.qad?.glAccount)
          Object.assign(line, { qad: { ...line.qad, glAccount: m.target.glAccount } });
      }
      if (doc.summary.supplier === '') {
        const m = currentMapping(doc.summary.kind === 'invoice' ? 'vendor' : 'employee', doc.summary.payee);
        if (m?.target.supplier) doc.summary = { ...doc.summary, supplier: m.target.supplier };
      }
      doc.summary = { ...doc.summary, exceptionCount: doc.exceptions.length };
      if (doc.exceptions.length === 0) {
        cleared++;
        setDoc(doc, 'ready');
        addToOpenBatch(doc);
        log(
          'user',
          'document.validated',
          { type: 'document', id: String(doc.summary.id) },
          { state: 'ready' },
        );
      }
    }
    return { revalidated, cleared };
  };

  const matches = (text: string, search: string | undefined) =>
    !search || text.toLowerCase().includes(search.toLowerCase());

  const handlers: RoadHandlers = {
    'documents/list': async (args) => {
      const rows = docs
        .map((d) => d.summary)
        .filter(
          (row) =>
            (args.source === undefined || row.source === args.source) &&
            (args.state === undefined || row.state === args.state) &&
            (args.entity === undefined || row.entity === args.entity) &&
            (args.currency === undefined || row.currency === args.currency) &&
            (args.supplier === undefined || matches(`${row.supplier} ${row.payee}`, args.supplier)) &&
            (args.from === undefined || row.documentDate >= args.from) &&
            (args.to === undefined || row.documentDate <= args.to) &&
            (args.minAmountMinor === undefined || row.totalMinor >= args.minAmountMinor) &&
            (args.maxAmountMinor === undefined || row.totalMinor <= args.maxAmountMinor) &&
            matches(`${row.sourceId} ${row.payee} ${row.supplier} ${row.qadDocumentId ?? ''}`, args.search),
        )
        .sort((a, b) => b.id - a.id);
      return { rows: rows.slice(args.offset, args.offset + args.limit), total: rows.length };
    },
    'documents/get': async ({ documentId }) => {
      const doc = docById(documentId);
      const view: DocumentView = {
        ...doc.summary,
        sourceEntity: doc.sourceEntity,
        description: doc.description,
        ...(doc.invoiceNumber ? { invoiceNumber: doc.invoiceNumber } : {}),
        ...(doc.poNumber ? { poNumber: doc.poNumber } : {}),
        externalRef: `MLC-${doc.summary.source.toUpperCase()}-${doc.summary.sourceId}`,
        lines: doc.lines,
        exceptions: doc.exceptions,
        mappingVersion: version,
        stateChangedAt: doc.stateChangedAt,
        ...(doc.batchId ? { batchId: doc.batchId } : {}),
        ...(doc.summary.qadDocumentId
          ? {
              intent: {
                externalRef: `MLC-${doc.summary.source.toUpperCase()}-${doc.summary.sourceId}`,
                state: 'posted',
                attempts: 1,
                payloadHash: 'f'.repeat(16),
                updatedAt: doc.summary.updatedAt,
              },
            }
          : {}),
        confirmations:
          doc.summary.state === 'confirmed'
            ? [
                {
                  id: doc.summary.id,
                  kind: 'posting_confirmation',
                  state: 'done',
                  attempts: 1,
                  nextAttemptAt: doc.summary.updatedAt,
                },
              ]
            : [],
        rawPayload: JSON.stringify({
          id: doc.summary.sourceId,
          total: doc.summary.totalMinor,
          lines: doc.lines.length,
        }),
        timeline: audit.filter((e) => e.subjectType === 'document' && e.subjectId === String(documentId)),
      };
      return view;
    },
    'documents/replay': async ({ documentId }, ctx) => {
      const doc = docById(documentId);
      const from = doc.summary.state;
      if (!['exception', 'awaiting_receipt', 'rejected'].includes(from))
        throw new ContractFailure('conflict', `A ${from} document cannot be replayed.`, 'documentId');
      log(ctx.actor, 'document.replayed', { type: 'document', id: String(documentId) }, { from });
      if (from === 'rejected') {
        doc.exceptions = [];
        setDoc(doc, 'ready', { exceptionCount: 0 });
        addToOpenBatch(doc);
      }
      return {
        documentId,
        from,
        state: doc.summary.state,
        message: `Replayed: the document is ${doc.summary.state}.`,
      };
    },
    'documents/retry': async ({ documentId, decision }, ctx) => {
      const doc = docById(documentId);
      const from = doc.summary.state;
      if (from !== 'uncertain' && from !== 'posted')
        throw new ContractFailure('conflict', `Nothing to retry for a ${from} document.`, 'documentId');
      log(
        ctx.actor,
        'document.retried',
        { type: 'document', id: String(documentId) },
        { decision: decision ?? 'reconcile' },
      );
      doc.exceptions = [];
      setDoc(doc, 'posted', {
        qadDocumentId: `${doc.summary.entity}/2026/SUPINV/${90000 + documentId}`,
        exceptionCount: 0,
      });
      return { documentId, from, state: 'posted', message: 'Found in QAD by its reference: marked posted.' };
    },
    'batches/list': async (args) => {
      const rows = batches
        .map((b) => b.summary)
        .filter(
          (b) =>
            (!args.state || b.state === args.state) &&
            (!args.source || b.source === args.source) &&
            (!args.entity || b.entity === args.entity),
        )
        .sort((a, b) => b.id - a.id);
      return { batches: rows.slice(args.offset, args.offset + args.limit), total: rows.length };
    },
    'batches/get': async ({ batchId }) => view(batchById(batchId)),
    'batches/release': async ({ batchId, documentCount, totalMinor }, ctx) => {
      const batch = batchById(batchId);
      if (batch.summary.state !== 'open')
        throw new ContractFailure(
          'conflict',
          `Batch ${batchId} is ${batch.summary.state}, not open.`,
          'batchId',
        );
      if (batch.summary.documentCount !== documentCount || batch.summary.totalMinor !== totalMinor)
        throw new ContractFailure(
          'conflict',
          `Batch ${batchId} changed since you reviewed it: it now holds ${batch.summary.documentCount} documents. Review it again.`,
          'documentCount',
        );
      setBatch(batch, 'released', { releasedBy: ctx.actor, releasedAt: now() });
      for (const id of batch.documentIds) setDoc(docById(id), 'released');
      log(ctx.actor, 'batch.released', { type: 'batch', id: String(batchId) }, { documentCount, totalMinor });
      post(batch, 60_000);
      return batch.summary;
    },
    'batches/undo-release': async ({ batchId }, ctx) => {
      const batch = batchById(batchId);
      if (batch.summary.state !== 'released')
        throw new ContractFailure(
          'conflict',
          `Batch ${batchId} is ${batch.summary.state}: posting has started.`,
          'batchId',
        );
      const { releasedBy: _by, releasedAt: _at, ...rest } = batch.summary;
      batch.summary = { ...rest, state: 'open', updatedAt: now() };
      for (const id of batch.documentIds) setDoc(docById(id), 'ready');
      log(ctx.actor, 'batch.release_undone', { type: 'batch', id: String(batchId) }, {});
      return batch.summary;
    },
    'exceptions/list': async (args) => overview(args),
    'mappings/list': async (args) => {
      const at = args.version ?? version;
      const rows = mappings.filter(
        (m) =>
          m.validFromVersion <= at &&
          (m.validToVersion === undefined || m.validToVersion > at) &&
          (!args.kind || m.kind === args.kind) &&
          (!args.entity || m.entity === args.entity || m.entity === '*') &&
          matches(`${m.sourceValue} ${Object.values(m.target).join(' ')}`, args.search),
      );
      return {
        version,
        mappings: rows
          .slice(args.offset, args.offset + args.limit)
          .map(({ validToVersion: _v, ...row }) => row),
        total: rows.length,
      };
    },
    'mappings/set': async ({ changes, note }, ctx) => {
      const next = version + 1;
      const applied: { kind: MappingKind; sourceValue: string; before: unknown; after: unknown }[] = [];
      for (const change of changes) {
        const entity = change.entity ?? '*';
        const existing = mappings.find(
          (m) =>
            m.kind === change.kind &&
            m.entity === entity &&
            m.sourceValue === change.sourceValue &&
            m.validToVersion === undefined,
        );
        const after = change.target === null ? null : (change.target as Record<string, string>);
        if (JSON.stringify(existing?.target ?? null) === JSON.stringify(after)) continue;
        if (existing) existing.validToVersion = next;
        if (after)
          mappings.push({
            id: nextMappingId++,
            kind: change.kind,
            entity,
            sourceValue: change.sourceValue,
            target: after,
            validFromVersion: next,
          });
        applied.push({
          kind: change.kind,
          sourceValue: change.sourceValue,
          before: existing?.target ?? null,
          after,
        });
      }
      if (applied.length === 0) return { version, changed: 0, revalidated: 0, cleared: 0, stillWaiting: 0 };
      version = next;
      log(
        ctx.actor,
        'mapping.changed',
        { type: 'mapping_version', id: String(version) },
        {
          version,
          ...(note ? { note } : {}),
          changes: applied,
        },
      );
      const { revalidated, cleared } = revalidate(applied);
      return { version, changed: applied.length, revalidated, cleared, stillWaiting: revalidated - cleared };
    },
    'qad/values': async (args) => {
      const rows = qad.filter(
        (v) =>
          qadKinds.get(v) === args.kind &&
          (!args.entity || v.entity === '*' || v.entity === args.entity) &&
          matches(`${v.code} ${v.description}`, args.search),
      );
      const unique = [...new Map(rows.map((v) => [`${v.code}`, v])).values()].sort((a, b) =>
        a.code.localeCompare(b.code),
      );
      return {
        values: unique.slice(args.offset, args.offset + args.limit),
        total: unique.length,
        refreshedAt: iso(BASE),
      };
    },
    'audit/list': async (args) => {
      const rows = audit
        .filter(
          (e) =>
            (!args.subjectId || e.subjectId === args.subjectId) &&
            (!args.actor || e.actor === args.actor) &&
            (!args.action || e.action.startsWith(args.action)) &&
            (!args.from || e.at.slice(0, 10) >= args.from) &&
            (!args.to || e.at.slice(0, 10) <= args.to),
        )
        .reverse();
      return { events: rows.slice(args.offset, args.offset + args.limit), total: rows.length };
    },
    'audit/verify': async () => ({ ok: true, checked: audit.length }),
    'sync/run-now': async (args) => {
      const released = batches.filter(
        (b) => b.summary.state === 'released' && (args.flow === 'all' || b.summary.source === args.flow),
      );
      for (const batch of released) post(batch, 200);
      return {
        started: true,
        message: `Started a ${args.flow} run: ${released.length} released batch(es) to post.`,
      };
    },
  };
  // Keep the stub's clock moving with real time so "waiting for" and timestamps look alive.
  clock = Date.now();
  return { handlers };
}
