// The FreeMarker data model of an export (research sheet section 4): `reports` with Expensify's field names,
// `addHeader`. GL codes come from the policy (category glCode, tag glCode) as Expensify fills them in.
// Values Expensify would not have are left out (missing), never null-filled, so templates meet real gaps.
import { STATUS_LABELS, type SimPolicy, type SimReport, type ExpensifySimState } from './model.ts';
import type { ExpensifySimOptions } from './options.ts';

function person(state: ExpensifySimState, email: string | undefined): Record<string, string> | undefined {
  if (!email) return undefined;
  const employee = state.employees.find((e) => e.email === email);
  if (!employee) return undefined;
  return {
    firstName: employee.firstName,
    lastName: employee.lastName,
    fullName: `${employee.firstName} ${employee.lastName}`,
    email: employee.email,
  };
}

const defined = (entries: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined));

export function reportModel(
  report: SimReport,
  policy: SimPolicy | undefined,
  state: ExpensifySimState,
  options: ExpensifySimOptions,
): Record<string, unknown> {
  const categories = new Map((policy?.categories ?? []).map((c) => [c.name, c]));
  const tags = new Map((policy?.tags.flatMap((level) => level.tags) ?? []).map((t) => [t.name, t]));
  let total = 0;
  for (const e of report.expenses) total += e.convertedAmount ?? e.modifiedAmount ?? e.amount;
  const submitter = person(state, report.accountEmail);
  const manager = person(state, report.managerEmail);
  const employee = state.employees.find((e) => e.email === report.accountEmail);
  return defined({
    reportID: report.reportID,
    reportName: report.reportName,
    policyID: report.policyID,
    policyName: policy?.name,
    accountEmail: report.accountEmail,
    managerEmail: report.managerEmail,
    status: STATUS_LABELS[report.status],
    created: report.created,
    submitted: report.submitted,
    approved: report.approved,
    reimbursed: report.reimbursed,
    currency: report.currency,
    total: options.reportTotalSign === 'negative' ? -total : total,
    isACHReimbursed: false,
    submitter,
    manager,
    submitterUserID: employee?.employeeID,
    employeeCustomField1: employee?.customField1,
    approvers: report.approved && manager ? [{ ...manager, date: report.approved }] : [],
    transactionList: report.expenses.map((e) =>
      defined({
        transactionID: e.transactionID,
        reportID: report.reportID,
        externalID: e.externalID,
        type: 'expense',
        created: e.created,
        modifiedCreated: e.modifiedCreated,
        inserted: e.inserted,
        merchant: e.merchant,
        modifiedMerchant: e.modifiedMerchant,
        amount: e.amount,
        modifiedAmount: e.modifiedAmount,
        convertedAmount: e.convertedAmount,
        currency: e.currency,
        category: e.category,
        categoryGlCode: e.category ? categories.get(e.category)?.glCode : undefined,
        categoryPayrollCode: e.category ? categories.get(e.category)?.payrollCode : undefined,
        tag: e.tag,
        tagGlCode: e.tag ? tags.get(e.tag)?.glCode : undefined,
        comment: e.comment,
        reimbursable: e.reimbursable,
        billable: e.billable,
        hasTax: false,
      }),
    ),
  });
}
