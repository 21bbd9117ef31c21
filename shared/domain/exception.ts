// Why a document waits for a person. Each exception names the value and the mapping that would fix it.

export const EXCEPTION_CAUSES = [
  'unmapped_value',
  'inactive_value',
  'closed_period',
  'awaiting_receipt',
  'invalid_document',
  'duplicate',
  'qad_rejection',
  'source_error',
  'uncertain_post',
] as const;
export type ExceptionCause = (typeof EXCEPTION_CAUSES)[number];

export const MAPPING_KINDS = ['vendor', 'gl_account', 'cost_center', 'employee', 'entity'] as const;
export type MappingKind = (typeof MAPPING_KINDS)[number];

export interface DocumentException {
  readonly cause: ExceptionCause;
  /** Human sentence, e.g. `Expense type "MEALS" has no QAD GL account in entity 10USA`. */
  readonly message: string;
  /** The field of the source document, e.g. `lines[2].expenseType`. */
  readonly field?: string;
  /** The source value that needs mapping, when there is one. */
  readonly value?: string;
  /** The mapping table that fixes it. */
  readonly mapping?: MappingKind;
}
