// What each exception cause is called and what a person does about it.
import type { ExceptionCause } from '../../../shared/domain/exception.ts';

export const CAUSE_LABELS: Record<ExceptionCause, string> = {
  unmapped_value: 'Unmapped value',
  inactive_value: 'Inactive QAD value',
  closed_period: 'Closed period',
  awaiting_receipt: 'Awaiting receipt',
  invalid_document: 'Invalid document',
  duplicate: 'Possible duplicate',
  qad_rejection: 'QAD rejection',
  source_error: 'Source error',
  uncertain_post: 'Uncertain post',
};

/** What a person does about each cause, in one sentence. */
export const CAUSE_HINTS: Partial<Record<ExceptionCause, string>> = {
  closed_period: 'Open the period in QAD (or move the posting date), then replay.',
  qad_rejection: 'Correct the data in QAD or at the source, then replay.',
  source_error: 'Fix the document in the source system; it comes back on the next run, or replay it.',
  invalid_document: 'Fix the document at the source, then replay.',
  duplicate: 'Check QAD for the same invoice; replay only if it is not there.',
};
