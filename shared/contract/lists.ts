// Contract areas "lists" and "gl": QAD cost centers, sub-accounts and projects kept in SAP Concur lists
// (List v4 / List Item Bulk v4, research/concur.md 9), and the GL alignment report (which account codes
// each Concur expense type sent, and whether QAD takes them). Merged into shared/contract/index.ts.
import { z } from 'zod';
import { operation } from './define.ts';

export const LIST_DIMENSIONS = ['cost_center', 'sub_account', 'project'] as const;
export type ListDimension = (typeof LIST_DIMENSIONS)[number];

const dimension = z.enum(LIST_DIMENSIONS, {
  error: 'dimension must be cost_center, sub_account or project',
});
const isoDate = z.iso.date({ error: 'must be a date like 2026-11-25' });

/** A Concur list as List v4 describes it. */
export interface ConcurListSummary {
  readonly id: string;
  readonly name: string;
  readonly levelCount: number;
  readonly isDeleted: boolean;
  readonly isReadOnly: boolean;
  /** `appId:<uuid>` of the app that manages the list, or null. */
  readonly managedBy: string | null;
  readonly categoryType?: string;
}

export type ConfiguredListState = 'ok' | 'not_configured' | 'not_found' | 'deleted' | 'renamed';

export interface ConfiguredList {
  readonly dimension: ListDimension;
  readonly listId: string;
  readonly listName: string;
  readonly hierarchy: readonly string[];
  readonly managed: boolean;
  readonly state: ConfiguredListState;
  readonly message: string;
}

export interface ListsAvailable {
  /** Every list that is not deleted, for the admin to pick one per dimension (stored by id). */
  readonly lists: readonly ConcurListSummary[];
  readonly configured: readonly ConfiguredList[];
}

/** A QAD value to create in Concur, under its parent (parents come first in `adds`). */
export interface ListPlanAdd {
  /** The long code it will have: the parent's long code and the short code joined with "-". */
  readonly code: string;
  readonly shortCode: string;
  readonly parentCode?: string;
  readonly value: string;
  readonly level: number;
  /** The QAD record behind it: `entity/code` for a cost center, the code otherwise. */
  readonly qadValue: string;
}

export interface ListPlanRename {
  readonly code: string;
  readonly itemId: string;
  readonly level: number;
  readonly from: string;
  readonly to: string;
  readonly qadValue: string;
}

export type RetirementReason = 'inactive_in_qad' | 'not_in_qad';

/**
 * A Concur item QAD no longer holds active. Concur deletion is permanent (the code can never be created
 * again) and takes the item's children with it, so it only happens for a code a person confirmed.
 */
export interface ListPlanRetirement {
  /** The long code to confirm, e.g. "10USA-10SALES". */
  readonly code: string;
  readonly itemId: string;
  readonly value: string;
  readonly level: number;
  readonly qadValue: string;
  readonly reason: RetirementReason;
  /** Live children that the deletion would remove as well. */
  readonly alsoRemoves: readonly string[];
}

export type RefusalReason =
  | 'code_hyphen'
  | 'code_too_long'
  | 'too_deep'
  | 'deleted_in_concur'
  | 'name_invalid'
  | 'parent_refused'
  | 'duplicate_in_qad';

/** A QAD value Concur cannot hold as it is: shown, never rewritten or sent. */
export interface ListPlanRefusal {
  readonly qadValue: string;
  readonly reason: RefusalReason;
  readonly message: string;
}

export interface ListPreview {
  readonly dimension: ListDimension;
  readonly list: ConcurListSummary;
  readonly hierarchy: readonly string[];
  readonly adds: readonly ListPlanAdd[];
  readonly renames: readonly ListPlanRename[];
  readonly retirements: readonly ListPlanRetirement[];
  readonly refusals: readonly ListPlanRefusal[];
  /** Concur items already equal to QAD. */
  readonly unchanged: number;
  readonly warnings: readonly string[];
}

export type ListItemOutcome = 'done' | 'failed' | 'unclear';

export interface ListPushItemResult {
  readonly action: 'add' | 'rename' | 'delete';
  readonly code: string;
  readonly outcome: ListItemOutcome;
  /** How many times the item was sent (more than 1 only after Concur said it failed or went silent). */
  readonly sent: number;
  /** Concur's error id, e.g. `item.duplicate.code`. */
  readonly errorId?: string;
  readonly message?: string;
}

export interface ListPushReport {
  readonly dimension: ListDimension;
  readonly listId: string;
  readonly listName: string;
  readonly results: readonly ListPushItemResult[];
  readonly counts: {
    readonly added: number;
    readonly renamed: number;
    readonly deleted: number;
    readonly failed: number;
  };
  /** True when this push marked the list managed by this app. */
  readonly managedSet: boolean;
  /** What is still different after the push (refusals, unconfirmed retirements, failures). */
  readonly after: ListPreview;
  readonly message: string;
}

export type GlAccountState = 'ok' | 'unknown' | 'inactive' | 'not_postable' | 'not_in_entity';

export interface GlReportAccount {
  /** The FIS field the code came in, e.g. `journalAccountCode`, `clearingAccountCode`. */
  readonly field: string;
  readonly code: string;
  /** Documents that used this code for this expense type. */
  readonly documents: number;
  readonly entities: readonly string[];
  /** The worst state over the entities; `ok` when QAD takes the code everywhere it was used. */
  readonly state: GlAccountState;
  readonly message: string;
}

export interface GlReportExpenseType {
  /** The Concur expense type code; "(none)" for lines without one, "(cash advance)" for cash advances. */
  readonly expenseType: string;
  readonly expenseTypeName?: string;
  readonly documents: number;
  readonly accounts: readonly GlReportAccount[];
}

export interface GlReportDimension {
  /** The canonical source field: costObject, subAccount or project. */
  readonly field: string;
  readonly code: string;
  readonly documents: number;
  readonly entities: readonly string[];
  readonly known: boolean;
  readonly message: string;
}

export interface GlReport {
  readonly generatedAt: string;
  /** Concur documents read. */
  readonly documents: number;
  readonly expenseTypes: readonly GlReportExpenseType[];
  readonly dimensions: readonly GlReportDimension[];
  /** Account codes QAD does not take (not `ok`). */
  readonly problems: number;
}

export const listOperations = {
  /** The Concur lists (not deleted) for the admin to choose from, and how each configured list looks. */
  'lists/available': operation(z.strictObject({})).returns<ListsAvailable>(),
  /** What a push would do for one dimension; nothing is sent. */
  'lists/preview': operation(z.strictObject({ dimension })).returns<ListPreview>(),
  /**
   * Sends the adds and renames; deletes only the retirements whose exact long code is in `confirmDelete`
   * (a code that no retirement proposes is refused before anything is sent).
   */
  'lists/push': operation(
    z.strictObject({
      dimension,
      confirmDelete: z
        .array(z.string().trim().min(1, 'confirmDelete codes must not be empty').max(400))
        .max(1000)
        .default([]),
    }),
  ).returns<ListPushReport>(),
  /** GL alignment: account codes per Concur expense type in the staged documents, checked against QAD. */
  'gl/report': operation(
    z.strictObject({ from: isoDate.optional(), to: isoDate.optional() }),
  ).returns<GlReport>(),
} as const;
