// Contract areas "vendors", "policies" and "employees": QAD master data pushed into the sources. QAD
// suppliers become SAP Concur Invoice vendors (electron/connectors/concur-road/vendor-push.ts); QAD GL
// accounts and cost centers become Expensify policy categories and tags, and QAD employees Expensify policy
// members (electron/connectors/expensify/{policy-push,employees}.ts). Every push has a preview that sends
// nothing. The result types below are serialisable views of the connectors' result shapes (shared/ cannot
// import electron/); the engine's handlers are type-checked against them. Merged into shared/contract/index.ts.
import { z } from 'zod';
import { operation } from './define.ts';

// ---- Concur vendors ----------------------------------------------------------------------------------------

export type VendorFieldView = 'VendorName' | 'CurrencyCode' | 'Approved';

export interface VendorFieldChangeView {
  readonly field: VendorFieldView;
  /** Absent for a vendor Concur does not have yet. */
  readonly from?: string;
  readonly to: string;
}

export interface VendorPlanItemView {
  readonly action: 'add' | 'change' | 'deactivate';
  readonly vendorCode: string;
  readonly addressCode: string;
  readonly name: string;
  readonly changes: readonly VendorFieldChangeView[];
  /** Concur's record id of the vendor changed (absent for adds). */
  readonly concurId?: string;
}

export interface VendorPushPlanView {
  readonly adds: readonly VendorPlanItemView[];
  readonly changes: readonly VendorPlanItemView[];
  /** QAD suppliers made inactive: set `Approved` N in Concur (the app never deletes a vendor). */
  readonly deactivations: readonly VendorPlanItemView[];
  readonly unchanged: number;
  /** Concur vendor codes QAD does not know: left alone. */
  readonly notInQad: readonly string[];
  /** Codes Concur holds more than once under our address code: shown, not fixed. */
  readonly duplicates: readonly string[];
}

export type VendorPushOutcomeView = 'done' | 'recovered' | 'failed' | 'unclear';

export interface VendorPushItemResultView {
  readonly action: VendorPlanItemView['action'];
  readonly vendorCode: string;
  readonly addressCode: string;
  readonly outcome: VendorPushOutcomeView;
  readonly concurId?: string;
  readonly message: string;
}

export interface VendorPushReportView {
  readonly plan: VendorPushPlanView;
  readonly results: readonly VendorPushItemResultView[];
  /** Vendors Concur now has as planned (done or recovered). */
  readonly succeeded: number;
  readonly failed: number;
  /** Creates whose outcome is unknown: looked up by code before the next push sends anything. */
  readonly unclear: number;
}

// ---- Expensify policies ------------------------------------------------------------------------------------

export interface PolicyCategoryView {
  readonly name: string;
  readonly enabled: boolean;
  readonly glCode?: string;
  readonly payrollCode?: string;
}

export interface PolicyTagView {
  readonly name: string;
  readonly enabled: boolean;
  readonly glCode?: string;
}

export interface ChangeView<T> {
  readonly before: T;
  readonly after: T;
}

export interface InUseWarningView {
  readonly policyId: string;
  readonly kind: 'category' | 'tag';
  readonly name: string;
  /** Expensify report ids staged in ml-connector (not yet in QAD) that still use it. */
  readonly reports: readonly string[];
  /** True: kept enabled in this push because nobody confirmed disabling it. */
  readonly held: boolean;
  readonly message: string;
}

export interface CategoryPlanView {
  readonly added: readonly PolicyCategoryView[];
  readonly changed: readonly ChangeView<PolicyCategoryView>[];
  readonly disabled: readonly PolicyCategoryView[];
  readonly unchanged: number;
  /** Categories without a GL code: made in Expensify, left alone. */
  readonly unmanaged: readonly string[];
}

export interface TagPlanView {
  readonly levelName: string;
  readonly added: readonly PolicyTagView[];
  readonly changed: readonly ChangeView<PolicyTagView>[];
  readonly disabled: readonly PolicyTagView[];
  readonly unchanged: number;
}

export interface PolicyPlanView {
  readonly policyId: string;
  readonly entity?: string;
  /** Why the policy (or its tags) is not pushed; empty when everything can go. */
  readonly problems: readonly string[];
  readonly categories: CategoryPlanView;
  readonly tags?: TagPlanView;
  readonly warnings: readonly InUseWarningView[];
  /**
   * How many categories and tags the push would send (0: that part is not sent). Tags are sent as the whole
   * list every time (Expensify replaces it), so a non-zero tag count alone does not mean a change.
   */
  readonly sends: { readonly categories: number; readonly tags: number };
}

export interface PolicyPushPreviewView {
  readonly policies: readonly PolicyPlanView[];
  readonly warnings: readonly InUseWarningView[];
}

export interface PolicyPushResultView extends PolicyPushPreviewView {
  readonly sent: readonly { readonly policyId: string; readonly categories: number; readonly tags: number }[];
  /** Policies not sent: problems in the plan, or nothing to change. */
  readonly skipped: readonly { readonly policyId: string; readonly reason: string }[];
  readonly failed: readonly { readonly policyId: string; readonly error: string }[];
}

// ---- Expensify employees -----------------------------------------------------------------------------------

export interface EmployeeFeedRowView {
  readonly employeeEmail: string;
  readonly managerEmail: string;
  readonly employeeID: string;
  readonly policyID: string;
  readonly firstName?: string;
  readonly lastName?: string;
  /** Inactive in QAD: sent as terminated, which removes them from the policy. */
  readonly isTerminated?: boolean;
}

export interface EmployeeUpdateAnswerView {
  readonly dryRun: boolean;
  readonly updatedEmployeesCount: number;
  /** Per policy id, the emails Expensify added (or would add). */
  readonly added: Readonly<Record<string, readonly string[]>>;
  readonly removed: Readonly<Record<string, readonly string[]>>;
  readonly skipped: readonly { readonly email: string; readonly reason: string }[];
}

export interface EmployeePushResultView {
  readonly dryRun: boolean;
  /** The rows built from QAD (what was or would be sent). */
  readonly feed: readonly EmployeeFeedRowView[];
  /** Employees left out before sending, with why. */
  readonly notSent: readonly { readonly code: string; readonly reason: string }[];
  /** Employees without a manager in QAD, sent as submitting to themselves. */
  readonly selfApproving: readonly string[];
  /** Policies whose entity has no employees in the QAD cache. */
  readonly emptyPolicies: readonly string[];
  /** Expensify's answer; absent when there was nothing to send. */
  readonly answer?: EmployeeUpdateAnswerView;
}

// ---- operations --------------------------------------------------------------------------------------------

const confirmDisable = z
  .boolean({ error: 'confirmDisable must be true or false' })
  .optional()
  .describe('also disable categories and tags that reports not yet posted still use');

export const pushOperations = {
  /** QAD suppliers (master-data cache) against Concur's vendors; nothing is sent. */
  'vendors/preview': operation(z.strictObject({})).returns<VendorPushPlanView>(),
  /** Creates, updates and deactivates Concur vendors (never deletes); one audit event per vendor. */
  'vendors/push': operation(z.strictObject({})).returns<VendorPushReportView>(),
  /** Each configured Expensify policy against QAD's GL accounts and cost centers; nothing is sent. */
  'policies/preview': operation(z.strictObject({ confirmDisable })).returns<PolicyPushPreviewView>(),
  /** Sends each policy's categories and tags; in-use items stay enabled unless `confirmDisable`. */
  'policies/push': operation(z.strictObject({ confirmDisable })).returns<PolicyPushResultView>(),
  /** QAD employees into their policies; `dryRun` asks Expensify what it would change and applies nothing. */
  'employees/push': operation(
    z.strictObject({ dryRun: z.boolean({ error: 'dryRun must be true or false' }) }),
  ).returns<EmployeePushResultView>(),
} as const;
