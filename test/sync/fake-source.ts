// A source adapter over in-memory documents, for the sync tests. Its payload is a small JSON format of our
// own (amounts as decimal strings, like both real sources send them); toCanonical checks it the way the
// real adapters must, naming the field at fault.
import type { CanonicalDocument, DocumentKind, DocumentLine, Source } from '../../shared/domain/document.ts';
import type { DocumentException } from '../../shared/domain/exception.ts';
import { isKnownCurrency, parseDecimal } from '../../shared/domain/money.ts';
import type { OutboxItem } from '../../electron/store/index.ts';
import {
  type AcknowledgeResult,
  type CanonicalResult,
  type ConfirmOutcome,
  type RawSourceItem,
  type SourceAdapter,
  defaultPostingKind,
} from '../../electron/sync/source-port.ts';

export interface FakeLine {
  amount: string | number;
  description?: string;
  expenseType?: string;
  category?: string;
  accountCode?: string;
  costObject?: string;
  tag?: string;
  poNumber?: string;
  poLine?: number;
  quantity?: string;
  paymentType?: string;
}

export interface FakeDoc {
  id: string;
  kind: DocumentKind;
  company: string;
  vendor?: { code: string; name?: string };
  employee?: { id: string; name?: string };
  currency: string;
  total: string | number;
  date: string;
  description?: string;
  invoiceNumber?: string;
  poNumber?: string;
  lines: FakeLine[];
}

export function fakeToCanonical(source: Source, item: RawSourceItem): CanonicalResult {
  let raw: FakeDoc;
  try {
    raw = JSON.parse(item.payload) as FakeDoc;
  } catch {
    return {
      exceptions: [{ cause: 'invalid_document', field: 'payload', message: 'The payload is not JSON.' }],
    };
  }
  const exceptions: DocumentException[] = [];
  const bad = (field: string, message: string, value?: string) =>
    exceptions.push({ cause: 'invalid_document', field, message, ...(value === undefined ? {} : { value }) });
  const currency = String(raw.currency ?? '');
  if (!isKnownCurrency(currency)) bad('currency', `Unknown currency "${currency}".`, currency);
  const payeeCode = raw.kind === 'invoice' ? raw.vendor?.code : raw.employee?.id;
  if (!payeeCode) bad(raw.kind === 'invoice' ? 'vendor.code' : 'employee.id', 'The payee is missing.');
  const amount = (value: unknown, field: string): number => {
    if (!isKnownCurrency(currency)) return 0;
    const parsed = parseDecimal(value as string, currency);
    if (!parsed.ok) {
      bad(field, `Amount is not a number: ${parsed.reason}.`, String(value));
      return 0;
    }
    return parsed.minor;
  };
  const total = amount(raw.total, 'total');
  const lines: DocumentLine[] = (raw.lines ?? []).map((l, index) => {
    const minor = amount(l.amount, `lines[${index}].amount`);
    if (minor < 0 && total >= 0)
      bad(`lines[${index}].amount`, 'A negative line on an invoice.', String(l.amount));
    const source: Record<string, string> = {};
    for (const key of [
      'expenseType',
      'category',
      'accountCode',
      'costObject',
      'tag',
      'paymentType',
    ] as const) {
      if (l[key] !== undefined) source[key] = l[key];
    }
    return {
      lineNo: index + 1,
      description: l.description ?? '',
      amountMinor: minor,
      source,
      ...(l.poNumber ? { poNumber: l.poNumber } : {}),
      ...(l.poLine !== undefined ? { poLine: l.poLine } : {}),
      ...(l.quantity ? { quantity: l.quantity } : {}),
    };
  });
  if (exceptions.length === 0) {
    const sum = lines.reduce((s, l) => s + l.amountMinor, 0);
    if (sum !== total) bad('lines', `The lines add up to ${sum}, not the total ${total}.`);
  }
  if (exceptions.length > 0) return { exceptions };
  const document: CanonicalDocument = {
    source,
    sourceId: item.sourceId,
    kind: raw.kind,
    sourceEntity: raw.company,
    currency,
    totalMinor: total,
    documentDate: raw.date,
    description: raw.description ?? '',
    payee:
      raw.kind === 'invoice'
        ? {
            kind: 'vendor',
            code: payeeCode as string,
            ...(raw.vendor?.name ? { name: raw.vendor.name } : {}),
          }
        : {
            kind: 'employee',
            code: payeeCode as string,
            ...(raw.employee?.name ? { name: raw.employee.name } : {}),
          },
    ...(raw.invoiceNumber ? { invoiceNumber: raw.invoiceNumber } : {}),
    ...(raw.poNumber ? { poNumber: raw.poNumber } : {}),
    lines,
  };
  return { document, exceptions: [] };
}

export class FakeSource implements SourceAdapter {
  readonly source: Source;
  /** What the source offers; acknowledged items stop being offered (FIS-like queue). */
  readonly queue = new Map<string, RawSourceItem>();
  readonly acknowledged: string[] = [];
  /** Every confirm call, in order (repeats included). */
  readonly confirmCalls: { sourceId: string; kind: string }[] = [];
  /** Distinct confirmations the source holds. */
  readonly confirmed = new Map<string, { kind: string; payload: Readonly<Record<string, unknown>> }>();
  /** Planned answers to the next confirm calls. */
  readonly confirmPlan: ConfirmOutcome[] = [];
  fetchError: Error | undefined;
  /** Keep offering acknowledged items (a source that re-sends). */
  resend = false;

  constructor(source: Source = 'concur') {
    this.source = source;
  }

  add(doc: FakeDoc): void {
    this.queue.set(doc.id, { sourceId: doc.id, kind: doc.kind, payload: JSON.stringify(doc) });
  }

  addRaw(sourceId: string, kind: DocumentKind, payload: string): void {
    this.queue.set(sourceId, { sourceId, kind, payload });
  }

  fetch(): Promise<readonly RawSourceItem[]> {
    if (this.fetchError) return Promise.reject(this.fetchError);
    return Promise.resolve([...this.queue.values()]);
  }

  acknowledge(items: readonly RawSourceItem[]): Promise<AcknowledgeResult> {
    for (const item of items) {
      this.acknowledged.push(item.sourceId);
      if (!this.resend) this.queue.delete(item.sourceId);
    }
    return Promise.resolve({ acknowledged: items.map((i) => i.sourceId), failed: [] });
  }

  toCanonical(item: RawSourceItem): CanonicalResult {
    return fakeToCanonical(this.source, item);
  }

  confirm(item: OutboxItem): Promise<ConfirmOutcome> {
    const sourceId = String(item.payload.sourceId);
    this.confirmCalls.push({ sourceId, kind: item.kind });
    const planned = this.confirmPlan.shift();
    if (planned && planned.status !== 'done') return Promise.resolve(planned);
    if (this.confirmed.has(`${sourceId}/${item.kind}`)) {
      return Promise.resolve({ status: 'done', note: 'already confirmed' });
    }
    this.confirmed.set(`${sourceId}/${item.kind}`, { kind: item.kind, payload: item.payload });
    return Promise.resolve({ status: 'done' });
  }

  postingKind = defaultPostingKind;
}
