// Resolve + validate: PURE. A canonical document, the mapping tables (as a lookup function at one
// version) and a QAD cache snapshot in; the document with its QAD coding, its next state and the
// exceptions that keep it from posting out. Every exception names the source value and the mapping that
// fixes it, so one fix in the mapping grid clears every document that waits on it. Every GL account and
// dimension code the source sent (any `...AccountCode` key of a line, the document's `sourceAccounts`, the
// cost object, sub-account and project) must be active in QAD for the document's entity, even where a
// mapping decides what posts: Concur's account per expense type cannot be read by any API
// (research/concur.md 9.8), so what arrives is checked instead.
import type { CanonicalDocument, DocumentLine, QadCoding } from '../../shared/domain/document.ts';
import type { DocumentException, MappingKind } from '../../shared/domain/exception.ts';
import { isKnownCurrency, sumMinor } from '../../shared/domain/money.ts';
import type { MappingTarget } from '../store/index.ts';
import { type QadSnapshot, isPostable, num, periodOf, receiptOpenQuantity, str } from './qad-snapshot.ts';

/** The mapping in force (entity row first, then '*'), or undefined. */
export type MappingLookup = (
  kind: MappingKind,
  entity: string,
  sourceValue: string,
) => MappingTarget | undefined;

export type ResolvedState = 'ready' | 'exception' | 'awaiting_receipt';

/** One PO line whose receipts do not yet cover the invoiced quantity. */
export interface ReceiptShortfall {
  readonly poNumber: string;
  readonly poLine: number;
  readonly lineNos: readonly number[];
  readonly invoiced: number;
  readonly open: number;
}

export interface ResolveOutcome {
  readonly document: CanonicalDocument;
  readonly state: ResolvedState;
  readonly exceptions: readonly DocumentException[];
  readonly shortfalls: readonly ReceiptShortfall[];
}

export interface ResolveOptions {
  /** The GL posting date; defaults to the document date. */
  readonly postingDate?: string;
  /**
   * Another document already holding this supplier's invoice number (its `source:id`), or undefined. QAD
   * only warns on a repeated supplier invoice reference (research/anchors.md, complaint 5), so we block it.
   */
  readonly duplicateOf?: (supplier: string, invoiceNumber: string) => string | undefined;
}

export function resolveDocument(
  input: CanonicalDocument,
  lookup: MappingLookup,
  qad: QadSnapshot,
  options: ResolveOptions = {},
): ResolveOutcome {
  // A stored document carries the coding of its previous resolution: start from the source values only.
  const { entity: _entity, supplier: _supplier, ...doc } = input;
  const exceptions: DocumentException[] = [];
  const fail = (e: DocumentException) => exceptions.push(e);

  // Structural checks first: the adapter already refuses these, but a replay of an old payload or a
  // hand-edited row must not reach QAD either.
  if (!isKnownCurrency(doc.currency)) {
    fail({
      cause: 'invalid_document',
      field: 'currency',
      value: doc.currency,
      message: `Currency "${doc.currency}" is not a known ISO 4217 currency.`,
    });
  }
  if (doc.lines.length === 0) {
    fail({ cause: 'invalid_document', field: 'lines', message: 'The document has no lines.' });
  } else {
    let total: number | undefined;
    try {
      total = sumMinor(doc.lines.map((l) => l.amountMinor));
    } catch {
      total = undefined;
    }
    if (total !== doc.totalMinor) {
      fail({
        cause: 'invalid_document',
        field: 'totalMinor',
        value: String(doc.totalMinor),
        message: `The lines add up to ${total ?? 'an amount out of range'} minor units, not the header total ${doc.totalMinor}.`,
      });
    }
  }

  // Entity: the source's company / policy -> QAD entity by mapping, or the code itself if QAD knows it.
  const mappedEntity = doc.sourceEntity ? lookup('entity', '*', doc.sourceEntity)?.entity : undefined;
  const entity =
    mappedEntity ?? (doc.sourceEntity && qad.knowsEntity(doc.sourceEntity) ? doc.sourceEntity : undefined);
  if (!entity) {
    fail({
      cause: 'unmapped_value',
      field: 'sourceEntity',
      value: doc.sourceEntity,
      mapping: 'entity',
      message: doc.sourceEntity
        ? `Source company "${doc.sourceEntity}" has no QAD entity: map it in the entity mapping.`
        : 'The document names no company or policy, so no QAD entity can be chosen.',
    });
    return finish(doc, exceptions, []);
  }
  if (mappedEntity && !qad.knowsEntity(mappedEntity)) {
    fail({
      cause: 'unmapped_value',
      field: 'sourceEntity',
      value: doc.sourceEntity,
      mapping: 'entity',
      message: `Source company "${doc.sourceEntity}" maps to QAD entity "${mappedEntity}", which QAD does not know.`,
    });
    return finish({ ...doc, entity }, exceptions, []);
  }

  const supplier = resolvePayee(doc, entity, lookup, qad, fail);
  if (supplier !== undefined && doc.kind === 'invoice' && doc.invoiceNumber && options.duplicateOf) {
    const other = options.duplicateOf(supplier, doc.invoiceNumber);
    if (other) {
      fail({
        cause: 'duplicate',
        field: 'invoiceNumber',
        value: doc.invoiceNumber,
        message: `Supplier ${supplier} invoice ${doc.invoiceNumber} is already on its way to QAD or in it as ${other}.`,
      });
    }
  }
  checkPeriod(entity, options.postingDate ?? doc.documentDate, qad, fail);

  const checks: LineChecks = { doc, entity, lookup, qad, fail, reported: new Set() };
  checkDocumentAccounts(checks);
  const lines = doc.lines.map((line, index) => resolveLine(checks, line, index));
  const shortfalls = receiptGate(lines, entity, qad, fail);

  const resolved: CanonicalDocument = {
    ...doc,
    entity,
    ...(supplier === undefined ? {} : { supplier }),
    lines,
  };
  return finish(resolved, exceptions, shortfalls);
}

function finish(
  document: CanonicalDocument,
  exceptions: readonly DocumentException[],
  shortfalls: readonly ReceiptShortfall[],
): ResolveOutcome {
  const blocking = exceptions.some((e) => e.cause !== 'awaiting_receipt');
  const state: ResolvedState = blocking ? 'exception' : shortfalls.length > 0 ? 'awaiting_receipt' : 'ready';
  return { document, state, exceptions, shortfalls };
}

function resolvePayee(
  doc: CanonicalDocument,
  entity: string,
  lookup: MappingLookup,
  qad: QadSnapshot,
  fail: (e: DocumentException) => void,
): string | undefined {
  const code = doc.payee.code.trim();
  const kind: MappingKind = doc.payee.kind === 'vendor' ? 'vendor' : 'employee';
  const who = doc.payee.kind === 'vendor' ? 'Vendor' : 'Employee';
  const field = doc.payee.kind === 'vendor' ? 'payee.code' : 'payee.code';
  if (!code) {
    fail({ cause: 'invalid_document', field, mapping: kind, message: `${who} is missing on the document.` });
    return undefined;
  }
  // An explicit mapping is a person's decision and wins; otherwise the code as it is (vendor codes are
  // often shared with QAD; an employee id is the employee's supplier code by convention).
  const mapped = lookup(kind, entity, code)?.supplier;
  const supplier = mapped ?? code;
  const record = qad.record('supplier', entity, supplier);
  if (!record) {
    fail({
      cause: 'unmapped_value',
      field,
      value: code,
      mapping: kind,
      message: mapped
        ? `${who} "${code}" maps to QAD supplier "${mapped}", which does not exist in entity ${entity}.`
        : `${who} "${code}"${doc.payee.name ? ` (${doc.payee.name})` : ''} is not a QAD supplier in entity ${entity}: map it in the ${kind} mapping.`,
    });
    return undefined;
  }
  if (!record.active) {
    fail({
      cause: 'inactive_value',
      field,
      value: code,
      mapping: kind,
      message: `QAD supplier "${supplier}" for ${who.toLowerCase()} "${code}" is inactive in entity ${entity}.`,
    });
    return undefined;
  }
  return supplier;
}

function checkPeriod(
  entity: string,
  date: string,
  qad: QadSnapshot,
  fail: (e: DocumentException) => void,
): void {
  const periods = qad
    .records('period', entity)
    .map(periodOf)
    .filter((p) => p !== undefined);
  const period = periods.find((p) => p.start <= date && date <= p.end);
  if (!period) {
    fail({
      cause: 'closed_period',
      field: 'documentDate',
      value: date,
      message: `No QAD GL period of entity ${entity} covers the posting date ${date}${periods.length === 0 ? ' (the GL calendar is not loaded yet: refresh master data)' : ''}.`,
    });
  } else if (!period.open) {
    const name =
      period.year !== undefined && period.period !== undefined ? ` ${period.year}/${period.period}` : '';
    fail({
      cause: 'closed_period',
      field: 'documentDate',
      value: date,
      message: `The GL period${name} of entity ${entity} (${period.start} to ${period.end}) is closed for the posting date ${date}.`,
    });
  }
}

/** Source coding keys that hold a GL account code: `accountCode` and every `...AccountCode`. */
const ACCOUNT_KEY = /accountcode$/i;

/** What one document's line checks share; `reported` keeps one exception per code, label and problem. */
interface LineChecks {
  readonly doc: CanonicalDocument;
  readonly entity: string;
  readonly lookup: MappingLookup;
  readonly qad: QadSnapshot;
  readonly fail: (e: DocumentException) => void;
  readonly reported: Set<string>;
}

/** A line's mapping key (expense type, else category) and how messages name it. */
interface LineKey {
  readonly key: string | undefined;
  readonly keyField: 'expenseType' | 'category';
  readonly label: string;
}

function lineKey(line: DocumentLine): LineKey {
  const key = line.source.expenseType ?? line.source.category;
  const keyField = line.source.expenseType !== undefined ? 'expenseType' : 'category';
  const label =
    key === undefined
      ? 'no expense type'
      : `${keyField === 'expenseType' ? 'expense type' : 'category'} ${key}`;
  return { key, keyField, label };
}

type AccountVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly cause: 'unmapped_value' | 'inactive_value'; readonly problem: string };

/** Whether QAD takes postings on this account in the entity (or domain-wide). */
function accountVerdict(qad: QadSnapshot, entity: string, code: string): AccountVerdict {
  const rec = qad.record('gl_account', entity, code);
  if (!rec)
    return { ok: false, cause: 'unmapped_value', problem: `is not a QAD GL account in entity ${entity}` };
  if (!rec.active)
    return { ok: false, cause: 'inactive_value', problem: `is inactive in QAD entity ${entity}` };
  if (!isPostable(rec))
    return {
      ok: false,
      cause: 'inactive_value',
      problem: `is a header account in QAD entity ${entity} and takes no postings`,
    };
  return { ok: true };
}

function sourceName(doc: CanonicalDocument): string {
  return doc.source === 'concur' ? 'Concur' : 'Expensify';
}

/** The account codes a line carries, by source key; a code is listed once (under its most specific key). */
function accountUses(line: DocumentLine): { readonly key: string; readonly code: string }[] {
  const all = Object.entries(line.source)
    .filter((e): e is [string, string] => e[1] !== undefined && e[1].trim() !== '' && ACCOUNT_KEY.test(e[0]))
    .map(([key, value]) => ({ key, code: value.trim() }));
  // `accountCode` repeats a named field (journalAccountCode, allocationAccountCode) on Concur lines.
  const ordered = [
    ...all.filter((u) => u.key !== 'accountCode'),
    ...all.filter((u) => u.key === 'accountCode'),
  ];
  return ordered.filter((u, i) => ordered.findIndex((o) => o.code === u.code) === i);
}

/**
 * Every account code the source sent on the line must be an active, postable QAD GL account of the
 * document's entity (research/concur.md 9.8: nothing else tells us what Concur's expense types post to),
 * whether or not a mapping decides the posting account. `posting` is the code the line posts to when no
 * mapping decides it: its exception names the GL account mapping. Returns the codes that failed.
 */
function checkSourceAccounts(
  c: LineChecks,
  line: DocumentLine,
  at: string,
  k: LineKey,
  posting: string | undefined,
): Set<string> {
  const failed = new Set<string>();
  // Expensify's `accountCode` is only the category's default GL code: once a mapping decides the account it
  // is not what posts, and the category (not the code) is what a controller maps. Concur's account codes are
  // what Concur's expense types post to: each must be valid whatever we map (concur.md 9.8), so the fix is in
  // Concur's expense type or in QAD, and no mapping is named.
  const categoryDefault = c.doc.source === 'expensify';
  for (const { key, code } of accountUses(line)) {
    const isPosting = code === posting;
    if (categoryDefault && key === 'accountCode' && !isPosting) continue;
    const verdict = accountVerdict(c.qad, c.entity, code);
    if (verdict.ok) continue;
    failed.add(code);
    const once = `${code}\u0000${k.label}`;
    if (c.reported.has(once)) continue;
    c.reported.add(once);
    if (categoryDefault && isPosting && k.key !== undefined) {
      c.fail({
        cause: verdict.cause,
        field: `${at}.${k.keyField}`,
        value: k.key,
        mapping: 'gl_account',
        message: `Category "${k.key}" carries GL code ${code} (${at}.${key}), which ${verdict.problem}: map "${k.key}" to an active, postable QAD account.`,
      });
      continue;
    }
    c.fail({
      cause: verdict.cause,
      field: `${at}.${key}`,
      value: code,
      message: `${sourceName(c.doc)} account ${code} (${k.label}, ${at}.${key}) ${verdict.problem}.`,
    });
  }
  return failed;
}

/** Account codes the source sent outside the lines (Concur cash advances): checked the same way. */
function checkDocumentAccounts(c: LineChecks): void {
  for (const { field, code } of c.doc.sourceAccounts ?? []) {
    const verdict = accountVerdict(c.qad, c.entity, code);
    if (verdict.ok) continue;
    const label = /^cashAdvance/.test(field) ? 'cash advance' : 'document';
    c.fail({
      cause: verdict.cause,
      field,
      value: code,
      message: `${sourceName(c.doc)} account ${code} (${label}, ${field}) ${verdict.problem}.`,
    });
  }
}

/**
 * On a company-card line Concur's journal account may be the card clearing account (research/concur.md
 * 9.8), which must not be debited as the expense: it is when it equals the entry's `clearingAccountCode`
 * or QAD types the account as a clearing account.
 */
function isCardClearing(c: LineChecks, line: DocumentLine, code: string): boolean {
  if (line.source.paymentType !== 'company') return false;
  if (line.source.clearingAccountCode?.trim() === code) return true;
  const type = c.qad.record('gl_account', c.entity, code)?.payload.type;
  return typeof type === 'string' && type.toLowerCase() === 'clearing';
}

function resolveLine(c: LineChecks, line: DocumentLine, index: number): DocumentLine {
  const { doc, entity, lookup, qad, fail } = c;
  const at = `lines[${index}]`;
  const k = lineKey(line);
  const poNumber = line.poNumber ?? doc.poNumber;
  if (poNumber !== undefined && line.poLine !== undefined) {
    // Receipt-matched lines take their coding from the PO line in QAD; shown beside the source values. The
    // codes the source sent are still checked, and so is the PO line's account.
    checkSourceAccounts(c, line, at, k, undefined);
    resolveDimensions(c, line, at, k, undefined);
    const po = qad.record('purchase_order', entity, poNumber);
    const poLines = Array.isArray(po?.payload.lines) ? (po.payload.lines as Record<string, unknown>[]) : [];
    const poLine = poLines.find((l) => num(l, 'line') === line.poLine);
    const poAccount = poLine ? str(poLine, 'glAccount') : undefined;
    if (poAccount) {
      // The PO line is QAD's own data: an account missing from the cache is a partial cache, not an error;
      // one QAD has since closed or made a header account would be refused at posting, so it is named now.
      const verdict = qad.record('gl_account', entity, poAccount)
        ? accountVerdict(qad, entity, poAccount)
        : ({ ok: true } as const);
      const once = `po\u0000${poNumber}\u0000${line.poLine}`;
      if (!verdict.ok && !c.reported.has(once)) {
        c.reported.add(once);
        fail({
          cause: verdict.cause,
          field: `${at}.poLine`,
          value: `${poNumber}/${line.poLine}`,
          message: `GL account ${poAccount} of QAD PO ${poNumber} line ${line.poLine} (${k.label}, ${at}) ${verdict.problem}: correct the PO line in QAD.`,
        });
      }
    }
    const qadCoding: QadCoding = {
      ...(poAccount ? { glAccount: poAccount } : {}),
      ...(poLine && str(poLine, 'costCenter') ? { costCenter: str(poLine, 'costCenter') } : {}),
    };
    return { ...line, poNumber, qad: qadCoding };
  }

  const coding: { glAccount?: string; subAccount?: string; costCenter?: string; project?: string } = {};
  // GL account: the mapping by expense type / category decides; else the account code the source carries
  // (on a card line only when it is not the card clearing account).
  const { key, keyField } = k;
  const glMap = key ? lookup('gl_account', entity, key) : undefined;
  const sourceAccount = line.source.accountCode?.trim() || undefined;
  const mapped = glMap?.glAccount;
  const clearing = !mapped && sourceAccount !== undefined && isCardClearing(c, line, sourceAccount);
  const failed = checkSourceAccounts(c, line, at, k, mapped || clearing ? undefined : sourceAccount);
  if (mapped) {
    const account = mapped;
    const verdict = accountVerdict(qad, entity, account);
    if (verdict.ok) coding.glAccount = account;
    else
      fail({
        cause: verdict.cause,
        field: `${at}.${keyField}`,
        ...(key === undefined ? {} : { value: key }),
        mapping: 'gl_account',
        message: `GL account ${account} (mapped from ${k.label}, ${at}.${keyField}) ${verdict.problem}: map "${key}" to an active, postable account.`,
      });
  } else if (clearing && sourceAccount !== undefined) {
    const accountKey = accountUses(line).find((u) => u.code === sourceAccount)?.key ?? 'accountCode';
    fail(
      key
        ? {
            cause: 'unmapped_value',
            field: `${at}.${keyField}`,
            value: key,
            mapping: 'gl_account',
            message: `Line ${line.lineNo} (${k.label}) was paid by company card and its ${sourceName(doc)} account ${sourceAccount} (${at}.${accountKey}) is the card clearing account, not an expense account: map "${key}" in the GL account mapping.`,
          }
        : {
            cause: 'invalid_document',
            field: `${at}.${accountKey}`,
            value: sourceAccount,
            message: `Line ${line.lineNo} was paid by company card and carries only the card clearing account ${sourceAccount} (${at}.${accountKey}) and no expense type, so it has no expense account.`,
          },
    );
  } else if (sourceAccount !== undefined) {
    if (!failed.has(sourceAccount)) coding.glAccount = sourceAccount;
  } else {
    fail({
      cause: 'unmapped_value',
      field: key ? `${at}.${keyField}` : `${at}.accountCode`,
      ...(key ? { value: key } : {}),
      mapping: 'gl_account',
      message: key
        ? `${keyField === 'expenseType' ? 'Expense type' : 'Category'} "${key}" has no QAD GL account in entity ${entity}: map it in the GL account mapping.`
        : `Line ${line.lineNo} has neither an expense type nor an account code.`,
    });
  }
  return { ...line, qad: { ...coding, ...resolveDimensions(c, line, at, k, glMap) } };
}

/**
 * The line's dimensions: cost center by cost object or tag (through the cost center mapping, or the QAD
 * code itself), sub-account by mapping or as the source sent it, project as sent. Every code the source
 * sent is checked against QAD; a mapping, where one exists, decides what posts.
 */
function resolveDimensions(
  c: LineChecks,
  line: DocumentLine,
  at: string,
  k: LineKey,
  glMap: MappingTarget | undefined,
): { costCenter?: string; subAccount?: string; project?: string } {
  const { entity, lookup, qad, fail } = c;
  const coding: { costCenter?: string; subAccount?: string; project?: string } = {};
  const { key, keyField } = k;
  const costKey = line.source.costObject ?? line.source.tag;
  const costField = line.source.costObject !== undefined ? 'costObject' : 'tag';
  const ccMap = costKey ? lookup('cost_center', entity, costKey) : undefined;
  const direct = costKey && qad.record('cost_center', entity, costKey) ? costKey : undefined;
  // A cost object the source sent is checked, never silently replaced by the GL mapping's default cost
  // center; an Expensify tag that names no cost center keeps that default.
  const costCenter =
    ccMap?.costCenter ??
    direct ??
    (costKey === undefined || costField === 'tag' ? glMap?.costCenter : undefined);
  const where = `${k.label}, ${at}.${costField}`;
  if (costKey && costCenter === undefined) {
    fail({
      cause: 'unmapped_value',
      field: `${at}.${costField}`,
      value: costKey,
      mapping: 'cost_center',
      message: `${costField === 'tag' ? 'Tag' : 'Cost object'} "${costKey}" (${where}) has no QAD cost center in entity ${entity}: map it in the cost center mapping.`,
    });
  } else if (costCenter !== undefined) {
    const rec = qad.record('cost_center', entity, costCenter);
    const value = costKey ?? costCenter;
    const mapping: MappingKind = costKey ? 'cost_center' : 'gl_account';
    const field = `${at}.${costKey ? costField : keyField}`;
    if (!rec) {
      fail({
        cause: 'unmapped_value',
        field,
        value,
        mapping,
        message: `Cost center "${costCenter}"${costKey && costKey !== costCenter ? ` (mapped from "${costKey}", ${where})` : ` (${k.label}, ${field})`} does not exist in QAD entity ${entity}.`,
      });
    } else if (!rec.active) {
      fail({
        cause: 'inactive_value',
        field,
        value,
        mapping,
        message: `Cost center "${costCenter}"${costKey && costKey !== costCenter ? ` (mapped from "${costKey}", ${where})` : ` (${k.label}, ${field})`} is inactive in QAD entity ${entity}.`,
      });
    } else {
      coding.costCenter = costCenter;
    }
  }

  // Sub-account: the source's code (concur.coding.subAccount) is checked as sent; a mapping's wins.
  const sourceSub = line.source.subAccount?.trim() || undefined;
  let sourceSubOk = false;
  if (sourceSub !== undefined) {
    const rec = qad.record('sub_account', entity, sourceSub);
    if (!rec || !rec.active)
      fail({
        cause: rec ? 'inactive_value' : 'unmapped_value',
        field: `${at}.subAccount`,
        value: sourceSub,
        message: `${sourceName(c.doc)} sub-account "${sourceSub}" (${k.label}, ${at}.subAccount) ${rec ? 'is inactive in QAD' : `is not a QAD sub-account in entity ${entity}`}.`,
      });
    else sourceSubOk = true;
  }
  const subAccount = ccMap?.subAccount ?? glMap?.subAccount;
  if (subAccount !== undefined) {
    const rec = qad.record('sub_account', entity, subAccount);
    const mapping: MappingKind = ccMap?.subAccount ? 'cost_center' : 'gl_account';
    const value = (mapping === 'cost_center' ? costKey : key) ?? subAccount;
    const field = `${at}.${mapping === 'cost_center' ? costField : keyField}`;
    if (!rec)
      fail({
        cause: 'unmapped_value',
        field,
        value,
        mapping,
        message: `Sub-account "${subAccount}" (mapped from "${value}", ${k.label}) does not exist in QAD.`,
      });
    else if (!rec.active)
      fail({
        cause: 'inactive_value',
        field,
        value,
        mapping,
        message: `Sub-account "${subAccount}" (mapped from "${value}", ${k.label}) is inactive in QAD.`,
      });
    else coding.subAccount = subAccount;
  } else if (sourceSubOk && sourceSub !== undefined) {
    coding.subAccount = sourceSub;
  }

  const project = line.source.project?.trim() || undefined;
  if (project) {
    const rec = qad.record('project', entity, project);
    if (!rec)
      fail({
        cause: 'invalid_document',
        field: `${at}.project`,
        value: project,
        message: `Project "${project}" (${k.label}, ${at}.project) does not exist in QAD.`,
      });
    else if (!rec.active)
      fail({
        cause: 'inactive_value',
        field: `${at}.project`,
        value: project,
        message: `Project "${project}" (${k.label}, ${at}.project) is inactive in QAD.`,
      });
    else coding.project = project;
  }
  return coding;
}

/**
 * Three-way match gate: a PO-backed line may post only when QAD's receipts cover the invoiced quantity of
 * its PO line (open = received - already matched). Otherwise the document waits in awaiting_receipt and is
 * checked again every cycle, after the cache refresh.
 */
function receiptGate(
  lines: readonly DocumentLine[],
  entity: string,
  qad: QadSnapshot,
  fail: (e: DocumentException) => void,
): ReceiptShortfall[] {
  const wanted = new Map<string, { poNumber: string; poLine: number; lineNos: number[]; invoiced: number }>();
  lines.forEach((line, index) => {
    if (line.poNumber === undefined || line.poLine === undefined) {
      if (line.poNumber !== undefined) {
        fail({
          cause: 'invalid_document',
          field: `lines[${index}].poLine`,
          value: line.poNumber,
          message: `Line ${line.lineNo} names PO ${line.poNumber} but no PO line.`,
        });
      }
      return;
    }
    const po = qad.record('purchase_order', entity, line.poNumber);
    if (!po) {
      fail({
        cause: 'invalid_document',
        field: `lines[${index}].poNumber`,
        value: line.poNumber,
        message: `PO ${line.poNumber} does not exist in QAD entity ${entity}.`,
      });
      return;
    }
    const quantity = line.quantity === undefined ? Number.NaN : Number(line.quantity);
    if (!Number.isFinite(quantity) || quantity <= 0) {
      fail({
        cause: 'invalid_document',
        field: `lines[${index}].quantity`,
        ...(line.quantity ? { value: line.quantity } : {}),
        message: `Line ${line.lineNo} matches PO ${line.poNumber} line ${line.poLine} but has no positive quantity.`,
      });
      return;
    }
    const key = `${line.poNumber}\u0000${line.poLine}`;
    const entry = wanted.get(key) ?? {
      poNumber: line.poNumber,
      poLine: line.poLine,
      lineNos: [],
      invoiced: 0,
    };
    entry.lineNos.push(line.lineNo);
    entry.invoiced += quantity;
    wanted.set(key, entry);
  });
  const shortfalls: ReceiptShortfall[] = [];
  for (const w of wanted.values()) {
    const open = qad
      .records('receipt', entity)
      .filter((r) => str(r.payload, 'poNumber') === w.poNumber && num(r.payload, 'poLine') === w.poLine)
      .reduce((sum, r) => sum + receiptOpenQuantity(r), 0);
    if (open + 1e-9 < w.invoiced) {
      shortfalls.push({ ...w, open });
      fail({
        cause: 'awaiting_receipt',
        field: `lines[${lines.findIndex((l) => l.lineNo === w.lineNos[0])}].poLine`,
        value: `${w.poNumber}/${w.poLine}`,
        message: `PO ${w.poNumber} line ${w.poLine}: ${w.invoiced} invoiced, ${open} received and not yet matched in QAD.`,
      });
    }
  }
  return shortfalls;
}
