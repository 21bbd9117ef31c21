// An in-memory QAD behind the posting port, with faults on demand: a write applied but its reply lost, a
// reset before anything arrived, a business refusal, a failed look-up, or a call that never returns (how
// the tests crash a cycle at an await). It keeps every document it ever accepted, so duplicates show.
import type {
  QadCreateResult,
  QadDocumentKind,
  QadJournalEntryInput,
  QadPostedDocument,
  QadSupplierInvoiceInput,
} from '../../shared/domain/qad.ts';
import { QadBusinessError, QadTransientError } from '../../electron/connectors/qad/errors.ts';
import type { PostingGateway } from '../../electron/sync/gateway-port.ts';

export type CreateFault =
  'lost_reply' | 'reset_before' | 'not_sent' | 'business' | 'uncertain' | 'hang' | 'hang_after_apply';
export type LookupFault = 'lookup_fail' | 'hang';

export interface StoredQadDoc {
  readonly kind: QadDocumentKind;
  readonly externalRef: string;
  readonly documentId: string;
  readonly input: QadSupplierInvoiceInput | QadJournalEntryInput;
}

export class FakeGateway implements PostingGateway {
  readonly documents: StoredQadDoc[] = [];
  readonly createFaults: CreateFault[] = [];
  readonly lookupFaults: LookupFault[] = [];
  /** Decide a fault per call instead of the queues (property tests). */
  faultFor: ((op: 'create' | 'lookup', ref: string) => CreateFault | LookupFault | undefined) | undefined;
  /** Called when a call hangs for good (the test treats the cycle as crashed there). */
  onHang: (() => void) | undefined;
  writes = 0;
  lookups = 0;
  #voucher = 1000;

  createSupplierInvoice(input: QadSupplierInvoiceInput): Promise<QadCreateResult> {
    return this.#create('supplier_invoice', input.externalRef, input.entity, input);
  }

  createJournalEntry(input: QadJournalEntryInput): Promise<QadCreateResult> {
    return this.#create('journal_entry', input.externalRef, input.entity, input);
  }

  findByReference(kind: QadDocumentKind, externalRef: string): Promise<readonly QadPostedDocument[]> {
    this.lookups += 1;
    const fault = (this.faultFor?.('lookup', externalRef) ?? this.lookupFaults.shift()) as
      LookupFault | undefined;
    if (fault === 'hang') return this.#hang();
    if (fault === 'lookup_fail') {
      return Promise.reject(
        new QadTransientError('connection reset while looking up', {
          outcome: 'unknown',
          code: 'ECONNRESET',
        }),
      );
    }
    return Promise.resolve(
      this.documents.filter((d) => d.kind === kind && d.externalRef === externalRef).map((d) => posted(d)),
    );
  }

  #hang<T>(): Promise<T> {
    this.onHang?.();
    return new Promise<T>(() => undefined);
  }

  countFor(externalRef: string): number {
    return this.documents.filter((d) => d.externalRef === externalRef).length;
  }

  #create(
    kind: QadDocumentKind,
    externalRef: string,
    entity: string,
    input: QadSupplierInvoiceInput | QadJournalEntryInput,
  ): Promise<QadCreateResult> {
    const fault = (this.faultFor?.('create', externalRef) ?? this.createFaults.shift()) as
      CreateFault | undefined;
    if (fault === 'hang') return this.#hang();
    if (fault === 'reset_before') {
      return Promise.reject(
        new QadTransientError('socket hang up', { outcome: 'unknown', code: 'ECONNRESET' }),
      );
    }
    if (fault === 'not_sent') {
      return Promise.reject(
        new QadTransientError('connection refused', { outcome: 'not_sent', code: 'ECONNREFUSED' }),
      );
    }
    if (fault === 'business') {
      return Promise.reject(
        new QadBusinessError([
          { severity: 'error', message: 'Supplier is on hold for payment.', field: 'CInvoiceSupplier' },
        ]),
      );
    }
    if (fault === 'uncertain') {
      return Promise.resolve({
        outcome: 'uncertain',
        externalRef,
        message: 'timed out and the look-up failed',
      });
    }
    this.writes += 1;
    this.#voucher += 1;
    const doc: StoredQadDoc = {
      kind,
      externalRef,
      documentId: `${entity}/2026/APDP/${this.#voucher}`,
      input,
    };
    this.documents.push(doc);
    if (fault === 'hang_after_apply') return this.#hang();
    if (fault === 'lost_reply') {
      return Promise.reject(
        new QadTransientError('timeout of 60000ms exceeded', { outcome: 'unknown', code: 'ETIMEDOUT' }),
      );
    }
    return Promise.resolve({ outcome: 'posted', document: posted(doc), warnings: [], recovered: false });
  }
}

function posted(d: StoredQadDoc): QadPostedDocument {
  const [entity = '', year = '2026', daybook = 'APDP', voucher = '0'] = d.documentId.split('/');
  return {
    kind: d.kind,
    externalRef: d.externalRef,
    documentId: d.documentId,
    entity,
    year: Number(year),
    period: 11,
    daybook,
    voucher: Number(voucher),
  };
}
