// Admin routes under /__sandbox/expensify/ for tests and the demo: inspect reports (statuses and exported
// labels), policies, employees, created expenses and export files; add reports; move a report's status (the
// demo's stand-in for a manager approving in Expensify, which has no API).
import { z } from 'zod';
import { json, type SimRequest, type SimResponse } from '../http-server.ts';
import type { SimContext } from './context.ts';
import { reportId, transactionId } from './ids.ts';
import { REPORT_STATES, type ReportState, type SimReport } from './model.ts';

const states = REPORT_STATES as [ReportState, ...ReportState[]];

export const expenseInputSchema = z.strictObject({
  transactionID: z.string().min(1).optional(),
  externalID: z.string().optional(),
  created: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  modifiedCreated: z.string().optional(),
  merchant: z.string(),
  modifiedMerchant: z.string().optional(),
  amount: z.number().int(),
  modifiedAmount: z.number().int().optional(),
  convertedAmount: z.number().int().optional(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  category: z.string().optional(),
  tag: z.string().optional(),
  comment: z.string().optional(),
  reimbursable: z.boolean().default(true),
  billable: z.boolean().default(false),
});

export const reportInputSchema = z.strictObject({
  reportID: z.string().min(1).optional(),
  reportName: z.string().default('Expenses'),
  policyID: z.string().min(1),
  accountEmail: z.string().min(1),
  managerEmail: z.string().optional(),
  status: z.enum(states).default('APPROVED'),
  created: z.string().min(10),
  submitted: z.string().optional(),
  approved: z.string().optional(),
  reimbursed: z.string().optional(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  expenses: z.array(expenseInputSchema).default([]),
  exportedLabels: z.array(z.strictObject({ label: z.string().min(1), at: z.string() })).default([]),
});

export type ReportInput = z.input<typeof reportInputSchema>;

/** Validates a report given by a test or the admin route and fills generated ids. */
export function makeReport(input: unknown, ctx: Pick<SimContext, 'random'>): SimReport {
  const parsed = reportInputSchema.parse(input);
  return {
    ...parsed,
    reportID: parsed.reportID ?? reportId(ctx.random),
    expenses: parsed.expenses.map((e) => ({
      ...e,
      transactionID: e.transactionID ?? transactionId(ctx.random),
      inserted: `${e.created} 12:00:00`,
    })),
    exportedLabels: parsed.exportedLabels.map((l) => ({ ...l })),
  };
}

const PREFIX = '/__sandbox/expensify';

function body(request: SimRequest): unknown {
  const raw = request.body.toString('utf8');
  return raw.length > 0 ? (JSON.parse(raw) as unknown) : {};
}

export function adminRoutes(ctx: SimContext): (request: SimRequest) => SimResponse | undefined {
  return (request) => {
    if (!request.path.startsWith(PREFIX)) return undefined;
    const route = request.path.slice(PREFIX.length) || '/';
    const { state } = ctx;
    try {
      if (route === '/reports' && request.method === 'GET') return json(200, { reports: state.reports });
      if (route === '/reports' && request.method === 'POST') {
        const input = body(request);
        const list = Array.isArray(input) ? input : [input];
        const added = list.map((r) => makeReport(r, ctx));
        state.reports.push(...added);
        return json(201, { reports: added });
      }
      const statusMatch = /^\/reports\/([^/]+)\/status$/.exec(route);
      if (statusMatch && request.method === 'POST') {
        const report = state.reports.find((r) => r.reportID === decodeURIComponent(statusMatch[1] ?? ''));
        if (!report) return json(404, { error: 'no such report' });
        const { status } = z.strictObject({ status: z.enum(states) }).parse(body(request));
        report.status = status;
        const now = new Date(ctx.clock.now()).toISOString().slice(0, 19).replace('T', ' ');
        if (status !== 'OPEN') report.submitted ??= now;
        if (status === 'APPROVED' || status === 'REIMBURSED') report.approved ??= now;
        if (status === 'REIMBURSED') report.reimbursed ??= now;
        return json(200, { report });
      }
      if (route === '/policies' && request.method === 'GET') return json(200, { policies: state.policies });
      if (route === '/employees' && request.method === 'GET')
        return json(200, { employees: state.employees });
      if (route === '/expenses' && request.method === 'GET')
        return json(200, { createdExpenses: state.createdExpenses });
      if (route === '/files' && request.method === 'GET') {
        return json(200, {
          files: [...state.files.values()].map(({ body: _body, ...meta }) => meta),
        });
      }
      if (route === '/state' && request.method === 'GET') {
        return json(200, {
          reports: state.reports.length,
          policies: state.policies.length,
          employees: state.employees.length,
          createdExpenses: state.createdExpenses.length,
          files: state.files.size,
          rateLimited: state.rateLimited,
        });
      }
    } catch (error) {
      const message =
        error instanceof z.ZodError
          ? z.prettifyError(error)
          : error instanceof Error
            ? error.message
            : String(error);
      return json(400, { error: message });
    }
    return json(404, { error: `no admin route ${request.method} ${request.path}` });
  };
}
