// The single Integration Server endpoint: POST /Integration-Server/ExpensifyIntegrations with the JSON job
// in form field `requestJobDescription` and credentials inline. Order of checks: the request must carry a
// parseable job, then the rate limit (per partnerUserID), then credentials, then the job itself. A job that
// throws anything unexpected becomes a 500 envelope, never a crashed simulator.
import type { SimHandler, SimRequest, SimResponse } from '../http-server.ts';
import type { SlidingWindowLimiter } from './rate-limit.ts';
import type { SimContext } from './context.ts';
import { readFields } from './request.ts';
import { JobError } from './validation.ts';
import { downloadJob, exportJob } from './jobs/export.ts';
import { getPolicy, getPolicyList, updatePolicy } from './jobs/policy.ts';
import { updateEmployees } from './jobs/employees.ts';
import { createExpenses } from './jobs/expenses.ts';
import { updateReportStatus } from './jobs/report-status.ts';

export const INTEGRATION_PATH = '/Integration-Server/ExpensifyIntegrations';

type Job = Record<string, unknown>;

function subType(job: Job): unknown {
  const settings = job.inputSettings;
  return settings !== null && typeof settings === 'object'
    ? (settings as Record<string, unknown>).type
    : undefined;
}

function dispatch(ctx: SimContext, job: Job, fields: Map<string, string>): SimResponse {
  const kind = job.type;
  const sub = subType(job);
  switch (kind) {
    case 'file':
      return exportJob(ctx, job, fields);
    case 'download':
      return downloadJob(ctx, job);
    case 'get':
      if (sub === 'policyList') return getPolicyList(ctx, job);
      if (sub === 'policy') return getPolicy(ctx, job);
      break;
    case 'update':
      if (sub === 'policy') return updatePolicy(ctx, job, fields);
      if (sub === 'employees') return updateEmployees(ctx, job, fields);
      if (sub === 'reportStatus') return updateReportStatus(ctx, job);
      break;
    case 'create':
      if (sub === 'expenses') return createExpenses(ctx, job);
      break;
    default:
      throw new JobError(410, "Argument 'type' is missing or malformed");
  }
  throw new JobError(410, "Argument 'inputSettings.type' is missing or malformed");
}

export function integrationServerHandler(ctx: SimContext, limiter: SlidingWindowLimiter): SimHandler {
  return (request: SimRequest): SimResponse => {
    const { respond, options } = ctx;
    if (request.path !== INTEGRATION_PATH) return respond.htmlPage(404, request.path, 'notFound');
    if (request.method !== 'POST') {
      return respond.htmlPage(
        405,
        `HTTP method ${request.method} is not supported by this URL`,
        'methodNotAllowed',
      );
    }
    const fields = readFields(request);
    const raw = fields.get('requestJobDescription');
    if (raw === undefined) return respond.malformed("Required parameter 'requestJobDescription' is missing");
    let job: unknown;
    try {
      job = JSON.parse(raw);
    } catch {
      return respond.malformed("Argument 'requestJobDescription' is not valid JSON");
    }
    if (job === null || typeof job !== 'object' || Array.isArray(job)) {
      return respond.malformed("Argument 'requestJobDescription' is missing or malformed");
    }
    const description = job as Job;
    const credentials = description.credentials as Record<string, unknown> | undefined | null;
    const partnerUserID =
      typeof credentials?.partnerUserID === 'string' ? credentials.partnerUserID : undefined;
    const partnerUserSecret =
      typeof credentials?.partnerUserSecret === 'string' ? credentials.partnerUserSecret : undefined;

    if (options.rateLimit.enabled && !limiter.tryAcquire(partnerUserID ?? '(anonymous)')) {
      ctx.state.rateLimited += 1;
      return respond.rateLimited();
    }
    const legacy = options.authErrors === 'legacy-401';
    if (!partnerUserID || !partnerUserSecret) {
      return respond.error(legacy ? 401 : 403, 'No authentication method specified', 'rejected.auth');
    }
    if (partnerUserID !== options.partnerUserID || partnerUserSecret !== options.partnerUserSecret) {
      return respond.error(legacy ? 401 : 404, 'Authentication error', 'rejected.auth');
    }
    try {
      return dispatch(ctx, description, fields);
    } catch (error) {
      const sub = subType(description);
      const operation = `${String(description.type)}.${typeof sub === 'string' ? sub : ''}`;
      if (error instanceof JobError) return respond.error(error.responseCode, error.message, operation);
      return respond.error(
        500,
        `Internal error: ${error instanceof Error ? error.message : String(error)}`,
        operation,
      );
    }
  };
}
