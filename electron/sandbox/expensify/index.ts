// The Expensify Integration Server simulator: a real HTTP server on 127.0.0.1 (shared sandbox plumbing:
// faults, request log, clock), stateful jobs per the research sheet, the FreeMarker renderer for exports,
// and demo data generated from the demo company's QAD master data.
import { SimClock } from '../clock.ts';
import type { DemoCompany } from '../demo/company.ts';
import { startSimServer, type SimServer } from '../http-server.ts';
import { seededRandom } from '../random.ts';
import { adminRoutes, makeReport, type ReportInput } from './admin.ts';
import type { SimContext } from './context.ts';
import { generateExpensifyDemo } from './demo-data.ts';
import { INTEGRATION_PATH, integrationServerHandler } from './integration-server.ts';
import type { ExpensifySimState } from './model.ts';
import { resolveOptions, type ExpensifySimOptions, type ExpensifySimOptionsInput } from './options.ts';
import { SlidingWindowLimiter } from './rate-limit.ts';
import { Responder } from './responses.ts';

export { INTEGRATION_PATH } from './integration-server.ts';
export { expensifySimOptionsSchema, DEFAULT_RATE_WINDOWS } from './options.ts';
export type { ExpensifySimOptions, ExpensifySimOptionsInput } from './options.ts';
export type * from './model.ts';
export type { ReportInput } from './admin.ts';
export { generateExpensifyDemo } from './demo-data.ts';
export { renderTemplate, compileTemplate, TemplateError } from './freemarker/index.ts';

export interface StartExpensifySimulatorInput {
  readonly company: DemoCompany;
  readonly clock?: SimClock;
  /**
   * A number: how many reports to generate (overrides options.reportCount). A list: the reports to serve
   * instead of generated ones (policies and employees are still generated).
   */
  readonly reports?: number | readonly ReportInput[];
  readonly options?: ExpensifySimOptionsInput;
}

export interface ExpensifySimulator {
  /** The full Integration Server URL (…/Integration-Server/ExpensifyIntegrations). */
  readonly url: string;
  /** Scheme, host and port, for the admin routes under /__sandbox/. */
  readonly baseUrl: string;
  readonly credentials: { readonly partnerUserID: string; readonly partnerUserSecret: string };
  /** The policies' ids (one per QAD entity), for the engine's `expensify.policyIds` setting. */
  readonly policyIds: string[];
  readonly state: ExpensifySimState;
  readonly options: ExpensifySimOptions;
  readonly clock: SimClock;
  readonly server: SimServer;
  close(): Promise<void>;
}

export async function startExpensifySimulator(
  input: StartExpensifySimulatorInput,
): Promise<ExpensifySimulator> {
  const options = resolveOptions(input.options);
  const clock = input.clock ?? new SimClock();
  const demo = generateExpensifyDemo(input.company, {
    seed: options.seed,
    reportCount: Array.isArray(input.reports)
      ? 0
      : typeof input.reports === 'number'
        ? input.reports
        : options.reportCount,
    creditSign: options.creditSign,
    preExportedLabel: options.preExportedLabel,
  });
  const state: ExpensifySimState = {
    policies: demo.policies,
    employees: demo.employees,
    reports: demo.reports,
    createdExpenses: [],
    files: new Map(),
    rateLimited: 0,
  };
  const ctx: SimContext = {
    state,
    options,
    clock,
    // Separate stream from the demo data so generated ids do not shift the reports.
    random: seededRandom(options.seed * 31 + 17),
    respond: new Responder(options),
  };
  if (Array.isArray(input.reports))
    state.reports.push(...input.reports.map((r: ReportInput) => makeReport(r, ctx)));
  const limiter = new SlidingWindowLimiter(options.rateLimit.windows, clock);
  const server = await startSimServer({
    name: 'expensify',
    clock,
    handler: integrationServerHandler(ctx, limiter),
    admin: adminRoutes(ctx),
    faultResponse: (kind) =>
      kind === '429'
        ? ctx.respond.rateLimited('fault.429')
        : ctx.respond.htmlPage(503, 'Service Unavailable', 'fault.503'),
  });
  return {
    url: `${server.url}${INTEGRATION_PATH}`,
    baseUrl: server.url,
    credentials: { partnerUserID: options.partnerUserID, partnerUserSecret: options.partnerUserSecret },
    policyIds: state.policies.map((p) => p.id),
    state,
    options,
    clock,
    server,
    close: () => server.close(),
  };
}
