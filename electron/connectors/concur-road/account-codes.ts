// PURE: the GL account codes a FIS document carries besides the line's own account. No public API exposes
// Concur's account per expense type (research/concur.md 9.8), so the engine checks the codes that arrive:
// on expense entries `clearingAccountCode` (card clearing) and `liabilityAccountCode`, on the report
// `cashAdvanceApplication[].cashAdvanceClearingAccountCode`, and on an invoice allocation the journal's
// `accountCode` where it differs from `allocationAccountCode` (research/concur.md 2.8). FISS types the
// invoice `journal.accountCode` as a Number: every code is read as text. Shared by the FIS -> canonical
// mapper (to-canonical.ts) and the GL alignment report (concur-lists/gl-report.ts).
import { type Json, records, text } from './read.ts';

/** The expense-type label of a cash advance's clearing account (it belongs to no expense type). */
export const CASH_ADVANCE = '(cash advance)';

/** An expense entry's clearing and liability accounts (absent keys when Concur sent none). */
export function entryAccountCodes(entry: Json): {
  readonly clearingAccountCode?: string;
  readonly liabilityAccountCode?: string;
} {
  const clearing = text(entry, 'clearingAccountCode');
  const liability = text(entry, 'liabilityAccountCode');
  return {
    ...(clearing === undefined ? {} : { clearingAccountCode: clearing }),
    ...(liability === undefined ? {} : { liabilityAccountCode: liability }),
  };
}

/** Every cash advance clearing account of an expense report, with its position in the FIS array. */
export function cashAdvanceAccountCodes(
  document: Json,
): readonly { readonly field: string; readonly code: string }[] {
  const out: { field: string; code: string }[] = [];
  records(document.cashAdvanceApplication).forEach((advance, index) => {
    const code = text(advance, 'cashAdvanceClearingAccountCode');
    if (code !== undefined)
      out.push({ field: `cashAdvanceApplication[${index}].cashAdvanceClearingAccountCode`, code });
  });
  return out;
}

/**
 * An invoice allocation's account codes: `allocationAccountCode`, and the journal `accountCode`s that differ
 * from it (all of them when the allocation carries none; an array of journals is tolerated).
 */
export function invoiceAllocationAccountCodes(allocation: Json): {
  readonly allocationAccountCode?: string;
  readonly journalAccountCodes: readonly string[];
} {
  const allocationCode = text(allocation, 'allocationAccountCode');
  const journalCodes: string[] = [];
  for (const journal of records(allocation.journal)) {
    const code = text(journal, 'accountCode');
    if (code !== undefined && code !== allocationCode && !journalCodes.includes(code))
      journalCodes.push(code);
  }
  return {
    ...(allocationCode === undefined ? {} : { allocationAccountCode: allocationCode }),
    journalAccountCodes: journalCodes,
  };
}

/** One account code as the GL report lists it: the Concur expense type (if any), the FIS field, the code. */
export interface FisAccountUse {
  readonly expenseType: string | undefined;
  readonly field: string;
  readonly code: string;
}

/**
 * The account codes of a FIS document that are not the line's own account (journalAccountCode /
 * allocationAccountCode): clearing, liability and cash advance accounts of an expense report, and the
 * differing `journal.accountCode` of an invoice. Field names are the FIS names without positions.
 */
export function extraAccountUses(kind: 'invoice' | 'expense_report', document: Json): FisAccountUse[] {
  const uses: FisAccountUse[] = [];
  if (kind === 'expense_report') {
    for (const entry of records(document.expenseEntry)) {
      const expenseType = text(entry, 'expenseTypeCode');
      const codes = entryAccountCodes(entry);
      if (codes.clearingAccountCode !== undefined)
        uses.push({ expenseType, field: 'clearingAccountCode', code: codes.clearingAccountCode });
      if (codes.liabilityAccountCode !== undefined)
        uses.push({ expenseType, field: 'liabilityAccountCode', code: codes.liabilityAccountCode });
    }
    for (const { code } of cashAdvanceAccountCodes(document))
      uses.push({ expenseType: CASH_ADVANCE, field: 'cashAdvanceClearingAccountCode', code });
    return uses;
  }
  for (const item of records(document.lineItem)) {
    const expenseType = text(item, 'expenseTypeCode');
    for (const allocation of records(item.allocation)) {
      for (const code of invoiceAllocationAccountCodes(allocation).journalAccountCodes)
        uses.push({ expenseType, field: 'journal.accountCode', code });
    }
  }
  return uses;
}
