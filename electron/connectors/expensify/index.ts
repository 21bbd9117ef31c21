// The Expensify connector's public surface: the client, the source adapter for the document road, the
// reference-data pushes into policies, the connection check, and the failure classifier.
import type { FlowPort } from '../../engine/ports.ts';
import { createSourceFlow, type SourceFlowOptions } from '../../sync/cycle.ts';
export {
  createExpensifyClient,
  ExpensifyClient,
  type CreateExpensifyClientInput,
  type ExpensifyClientOptions,
  type EmployeeFeedRow,
  type EmployeeUpdateAnswer,
  type PolicyCategory,
  type PolicyInfo,
  type PolicySummary,
  type PolicyTag,
  type PolicyTagLevel,
  type ReportStatusAnswer,
} from './client.ts';
export { ExpensifyError, isExpensifyError, type ExpensifyErrorKind } from './errors.ts';
export { classifyExpensifyFailure, fullJitterDelay, type ExpensifyFailureClass } from './classify.ts';
export { EXPENSIFY_RATE_WINDOWS, SlidingWindowPacer, sharedPacer, type RateWindow } from './limiter.ts';
export {
  createExpensifySource,
  cursorStream,
  EXPENSIFY_CURSOR_SOURCE,
  type ExpensifySourceOptions,
} from './source-adapter.ts';
export { expensifyToCanonical, type ToCanonicalOptions } from './to-canonical.ts';
export { toMinorUnits, fromMinorUnits, type AmountUnit } from './amounts.ts';
export {
  previewPolicyPush,
  pushPolicies,
  policyEntity,
  inFlightUses,
  type PolicyPushInput,
  type PolicyPushPreview,
  type PolicyPushResult,
  type PolicyPlan,
  type InUseWarning,
} from './policy-push.ts';
export { planPolicy, type PlanInput } from './policy-plan.ts';
export {
  pushEmployees,
  buildEmployeeFeed,
  type EmployeePushInput,
  type EmployeePushResult,
} from './employees.ts';
export { checkExpensify, createExpensifyChecker, type ExpensifyCheckerOptions } from './check.ts';
export { REPORT_TEMPLATE } from './template.ts';

/** The 'expensify' flow: the sync road's source flow with the Expensify adapter (createExpensifySource). */
export function createExpensifyFlow(options: SourceFlowOptions): FlowPort {
  return createSourceFlow(options);
}
