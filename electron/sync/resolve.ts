// Resolve + validate: PURE. A canonical document, the mapping tables (as a lookup function at one
// version) and a QAD cache snapshot in; the document with its QAD coding, its next state and the
// exceptions that keep it from posting out. Every exception names the source value and the mapping that
// fixes it, so one fix in the mapping grid clears every document that waits on it.
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

  const lines = doc.lines.map((line, index) => resolveLine(doc, line, index, entity, lookup, qad, fail));
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

function resolveLine(
  doc: CanonicalDocument,
  line: DocumentLine,
  index: number,
  entity: string,
  lookup: MappingLookup,
  qad: QadSnapshot,
  fail: (e: DocumentException) => void,
): DocumentLine {
  const at = `lines[${index}]`;
  const poNumber = line.poNumber ?? doc.poNumber;
  if (poNumber !== undefined && line.poLine !== undefined) {
    // Receipt-matched lines take their coding from the PO line in QAD; shown beside the source values.
    const po = qad.record('purchase_order', entity, poNumber);
    const poLines = Array.isArray(po?.payload.lines) ? (po.payload.lines as Record<string, unknown>[]) : [];
    const poLine = poLines.find((l) => num(l, 'line') === line.poLine);
    const qadCoding: QadCoding = {
      ...(poLine && str(poLine, 'glAccount') ? { glAccount: str(poLine, 'glAccount') } : {}),
      ...(poLine && str(poLine, 'costCenter') ? { costCenter: str(poLine, 'costCenter') } : {}),
    };
    return { ...line, poNumber, qad: qadCoding };
  }

  const coding: { glAccount?: string; subAccount?: string; costCenter?: string; project?: string } = {};
  // GL account: by expense type / category, else the account code the source already carries.
  const key = line.source.expenseType ?? line.source.category;
  const keyField = line.source.expenseType !== undefined ? 'expenseType' : 'category';
  const glMap = key ? lookup('gl_account', entity, key) : undefined;
  const account = glMap?.glAccount ?? line.source.accountCode;
  if (!account) {
    fail({
      cause: 'unmapped_value',
      field: key ? `${at}.${keyField}` : `${at}.accountCode`,
      ...(key ? { value: key } : {}),
      mapping: 'gl_account',
      message: key
        ? `${keyField === 'expenseType' ? 'Expense type' : 'Category'} "${key}" has no QAD GL account in entity ${entity}: map it in the GL account mapping.`
        : `Line ${line.lineNo} has neither an expense type nor an account code.`,
    });
  } else {
    const rec = qad.record('gl_account', entity, account);
    const valueField = glMap ? `${at}.${keyField}` : `${at}.accountCode`;
    const value = glMap ? (key as string) : account;
    if (!rec) {
      fail({
        cause: 'unmapped_value',
        field: valueField,
        value,
        mapping: 'gl_account',
        message: `GL account "${account}"${glMap ? ` (mapped from "${key}")` : ''} does not exist in QAD entity ${entity}.`,
      });
    } else if (!rec.active) {
      fail({
        cause: 'inactive_value',
        field: valueField,
        value,
        mapping: 'gl_account',
        message: `GL account "${account}"${glMap ? ` (mapped from "${key}")` : ''} is inactive in QAD entity ${entity}: map "${value}" to an active account.`,
      });
    } else if (!isPostable(rec)) {
      fail({
        cause: 'inactive_value',
        field: valueField,
        value,
        mapping: 'gl_account',
        message: `GL account "${account}"${glMap ? ` (mapped from "${key}")` : ''} is a header account and takes no postings in entity ${entity}.`,
      });
    } else {
      coding.glAccount = account;
    }
  }

  // Cost center (and sub-account) by cost object or tag; the GL mapping may carry defaults.
  const costKey = line.source.costObject ?? line.source.tag;
  const costField = line.source.costObject !== undefined ? 'costObject' : 'tag';
  const ccMap = costKey ? lookup('cost_center', entity, costKey) : undefined;
  const costCenter =
    ccMap?.costCenter ??
    (costKey && qad.record('cost_center', entity, costKey) ? costKey : undefined) ??
    glMap?.costCenter;
  if (costKey && costCenter === undefined) {
    fail({
      cause: 'unmapped_value',
      field: `${at}.${costField}`,
      value: costKey,
      mapping: 'cost_center',
      message: `${costField === 'tag' ? 'Tag' : 'Cost object'} "${costKey}" has no QAD cost center in entity ${entity}: map it in the cost center mapping.`,
    });
  } else if (costCenter !== undefined) {
    const rec = qad.record('cost_center', entity, costCenter);
    const value = costKey ?? costCenter;
    const mapping: MappingKind = costKey ? 'cost_center' : 'gl_account';
    if (!rec) {
      fail({
        cause: 'unmapped_value',
        field: `${at}.${costKey ? costField : 'expenseType'}`,
        value,
        mapping,
        message: `Cost center "${costCenter}" does not exist in QAD entity ${entity}.`,
      });
    } else if (!rec.active) {
      fail({
        cause: 'inactive_value',
        field: `${at}.${costKey ? costField : 'expenseType'}`,
        value,
        mapping,
        message: `Cost center "${costCenter}" is inactive in QAD entity ${entity}.`,
      });
    } else {
      coding.costCenter = costCenter;
    }
  }
  const subAccount = ccMap?.subAccount ?? glMap?.subAccount;
  if (subAccount !== undefined) {
    const rec = qad.record('sub_account', entity, subAccount);
    const mapping: MappingKind = ccMap?.subAccount ? 'cost_center' : 'gl_account';
    const value = (mapping === 'cost_center' ? costKey : key) ?? subAccount;
    if (!rec)
      fail({
        cause: 'unmapped_value',
        field: `${at}.${mapping === 'cost_center' ? costField : keyField}`,
        value,
        mapping,
        message: `Sub-account "${subAccount}" does not exist in QAD.`,
      });
    else if (!rec.active)
      fail({
        cause: 'inactive_value',
        field: `${at}.${mapping === 'cost_center' ? costField : keyField}`,
        value,
        mapping,
        message: `Sub-account "${subAccount}" is inactive in QAD.`,
      });
    else coding.subAccount = subAccount;
  }
  const project = line.source.project;
  if (project) {
    const rec = qad.record('project', entity, project);
    if (!rec)
      fail({
        cause: 'invalid_document',
        field: `${at}.project`,
        value: project,
        message: `Project "${project}" does not exist in QAD.`,
      });
    else if (!rec.active)
      fail({
        cause: 'inactive_value',
        field: `${at}.project`,
        value: project,
        message: `Project "${project}" is inactive in QAD.`,
      });
    else coding.project = project;
  }
  return { ...line, qad: coding };
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
