// Expense creator (research sheet section 8): expenses in an employee's account, each with an optional
// `externalID` that surfaces in exports. Expensify offers no idempotency: the same externalID sent twice
// creates two expenses, and so does the simulator.
import { z } from 'zod';
import type { SimResponse } from '../../http-server.ts';
import { isKnownCurrency } from '../../../../shared/domain/money.ts';
import type { SimContext } from '../context.ts';
import { transactionId } from '../ids.ts';
import type { CreatedExpense } from '../model.ts';
import { isoDate, JobError, looseBoolean, parseJob } from '../validation.ts';

const expenseSchema = z.looseObject({
  merchant: z.string().min(1),
  created: isoDate,
  amount: z.number().int(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  externalID: z.string().optional(),
  comment: z.string().optional(),
  reportID: z.string().optional(),
  policyID: z.string().optional(),
  category: z.string().optional(),
  tag: z.string().optional(),
  billable: looseBoolean.optional(),
  reimbursable: looseBoolean.optional(),
  tax: z.looseObject({ rateID: z.string(), amount: z.number().int().optional() }).optional(),
});

const createSchema = z.looseObject({
  inputSettings: z.looseObject({
    type: z.literal('expenses'),
    employeeEmail: z.string({ error: "EXP:'employeeEmail' parameter is missing or malformed" }).email({
      error: "EXP:'employeeEmail' parameter is missing or malformed",
    }),
    transactionList: z.array(expenseSchema).min(1),
  }),
});

export function createExpenses(ctx: SimContext, job: Record<string, unknown>): SimResponse {
  const op = 'create.expenses';
  const request = parseJob(createSchema, job);
  const { employeeEmail, transactionList } = request.inputSettings;
  if (!ctx.state.employees.some((e) => e.email === employeeEmail)) {
    // Documented example of a 500: creating in an account the partner may not act for.
    return ctx.respond.error(500, `Not authorized to authenticate as user ${employeeEmail}`, op);
  }
  for (const e of transactionList) {
    if (!isKnownCurrency(e.currency)) throw new JobError(410, `Argument 'currency' is missing or malformed`);
  }
  const inserted = new Date(ctx.clock.now()).toISOString().slice(0, 19).replace('T', ' ');
  const created: CreatedExpense[] = transactionList.map((e) => ({
    transactionID: transactionId(ctx.random),
    employeeEmail,
    created: e.created,
    inserted,
    merchant: e.merchant,
    amount: e.amount,
    currency: e.currency,
    reimbursable: e.reimbursable ?? true,
    billable: e.billable ?? false,
    ...(e.externalID !== undefined ? { externalID: e.externalID } : {}),
    ...(e.comment !== undefined ? { comment: e.comment } : {}),
    ...(e.category !== undefined ? { category: e.category } : {}),
    ...(e.tag !== undefined ? { tag: e.tag } : {}),
    ...(e.policyID !== undefined ? { policyID: e.policyID } : {}),
    ...(e.reportID !== undefined ? { reportID: e.reportID } : {}),
  }));
  for (const expense of created) {
    ctx.state.createdExpenses.push(expense);
    const report = expense.reportID
      ? ctx.state.reports.find((r) => r.reportID === expense.reportID)
      : undefined;
    if (report) {
      const { employeeEmail: _owner, policyID: _policy, reportID: _report, ...line } = expense;
      report.expenses.push(line);
    }
  }
  return ctx.respond.ok(
    {
      transactionList: created.map((e) => ({
        transactionID: e.transactionID,
        amount: e.amount,
        merchant: e.merchant,
        created: e.created,
        currency: e.currency,
        ...(e.externalID !== undefined ? { externalID: e.externalID } : {}),
      })),
    },
    op,
  );
}
