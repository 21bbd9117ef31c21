// The sentence a person confirms before a release (pure; tested in test/web/renderer-documents.test.ts).
import type { BatchSummary } from '../../../shared/contract/batches.ts';
import { formatMoney } from '../../format.ts';

/** "Release 12 documents totalling USD 12,345.67": the sentence the person confirms, and the figures sent. */
export function releaseSentence(
  batch: Pick<BatchSummary, 'documentCount' | 'totalMinor' | 'currency'>,
): string {
  const documents = batch.documentCount === 1 ? '1 document' : `${batch.documentCount} documents`;
  return `Release ${documents} totalling ${formatMoney(batch.totalMinor, batch.currency)}`;
}
