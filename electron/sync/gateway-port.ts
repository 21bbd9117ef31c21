// The part of the QAD gateway (electron/connectors/qad/gateway.ts) the posting step uses. Declared here so
// the sync road and its tests depend on the port, not on a transport: the real gateway satisfies it
// structurally, and tests use an in-memory fake.
//
// What the posting step expects of an implementation:
// - `create*` resolves `posted` when QAD has the document (read back where the transport cannot be trusted),
//   or `uncertain` when a write may have landed and the look-up failed; it throws a QadBusinessError for a
//   business refusal, QadConfigError / QadAuthError for set-up problems, and any other error for an unclear
//   or failed transport outcome (`outcome: 'not_sent' | 'refused'` means certainly not in QAD).
// - `findByReference` lists the QAD documents carrying our external reference; it throws when it cannot tell.
import type {
  QadCreateResult,
  QadDocumentKind,
  QadJournalEntryInput,
  QadPostedDocument,
  QadSupplierInvoiceInput,
} from '../../shared/domain/qad.ts';

export interface PostingGateway {
  createSupplierInvoice(input: QadSupplierInvoiceInput): Promise<QadCreateResult>;
  createJournalEntry(input: QadJournalEntryInput): Promise<QadCreateResult>;
  findByReference(kind: QadDocumentKind, externalRef: string): Promise<readonly QadPostedDocument[]>;
}
