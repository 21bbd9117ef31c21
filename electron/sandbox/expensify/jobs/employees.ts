// Advanced employee updater (research sheet section 7): the feed arrives in form field `data` (a bare JSON
// array today, `{"Employees": [...]}` in the older doc: both accepted). `dry-run` (hyphenated) computes the
// same answer without applying anything. Only dataSource "request" is simulated.
import { z } from 'zod';
import type { SimResponse } from '../../http-server.ts';
import type { SimContext } from '../context.ts';
import type { SimEmployee } from '../model.ts';
import { JobError, looseBoolean, parseJob } from '../validation.ts';

const jobSchema = z.looseObject({
  'dry-run': looseBoolean.optional(),
  dataSource: z.enum(['request', 'download', 'sftp']).default('request'),
  inputSettings: z.looseObject({
    type: z.literal('employees'),
    entity: z
      .literal('generic', { error: "EXP:Argument 'inputSettings.entity' must be 'generic'" })
      .optional(),
    policyID: z.string().optional(),
  }),
  setEmployeePrimaryPolicy: z.enum(['none', 'new_employees', 'all_employees']).optional(),
});

const employeeSchema = z.looseObject({
  employeeEmail: z.string().email(),
  managerEmail: z.string().email(),
  employeeID: z.string().min(1),
  policyID: z.string().min(1),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  customField1: z.string().optional(),
  customField2: z.string().optional(),
  approvalLimit: z.number().int().optional(),
  overLimitApprover: z.string().optional(),
  limitApprover: z.string().optional(),
  // The help article's Postman sample sends "false" as a string (sheet section 7).
  isTerminated: looseBoolean.optional(),
  approvesTo: z.string().optional(),
  role: z.enum(['user', 'auditor', 'admin']).optional(),
  additionalPolicyIDs: z.array(z.string()).optional(),
});

function readFeed(data: string | undefined): unknown[] {
  if (data === undefined || data.trim().length === 0)
    throw new JobError(410, "Required parameter 'data' is missing");
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    throw new JobError(410, "Argument 'data' is missing or malformed");
  }
  if (Array.isArray(parsed)) return parsed;
  const wrapped = (parsed as { Employees?: unknown } | null)?.Employees;
  if (Array.isArray(wrapped)) return wrapped;
  throw new JobError(410, "Argument 'data' is missing or malformed");
}

export function updateEmployees(
  ctx: SimContext,
  job: Record<string, unknown>,
  fields: Map<string, string>,
): SimResponse {
  const op = 'update.employees';
  const request = parseJob(jobSchema, job);
  if (request.inputSettings.entity === undefined) {
    // The legacy CSV employee updater (inputSettings.policyID + fileType csv) is deprecated and not simulated.
    throw new JobError(410, "Argument 'inputSettings.entity' is missing or malformed");
  }
  if (request.dataSource !== 'request')
    throw new JobError(410, `dataSource '${request.dataSource}' is not simulated`);
  const feed = readFeed(fields.get('data'));
  if (feed.length === 0) throw new JobError(410, 'Missing employee data');
  const dryRun = request['dry-run'] === true;
  const diffToAdd: Record<string, string[]> = {};
  const diffToRemove: Record<string, string[]> = {};
  const skippedEmployees: { email: string; reason: string }[] = [];
  const next = ctx.state.employees.map((e) => ({ ...e }));
  let updated = 0;
  for (const [index, raw] of feed.entries()) {
    const parsed = employeeSchema.safeParse(raw);
    if (!parsed.success) {
      const email = (raw as { employeeEmail?: unknown } | null)?.employeeEmail;
      const issue = parsed.error.issues[0];
      skippedEmployees.push({
        email: typeof email === 'string' ? email : `#${index}`,
        reason: `Field '${issue?.path.join('.') ?? '?'}' is missing or malformed`,
      });
      continue;
    }
    const e = parsed.data;
    if (!ctx.state.policies.some((p) => p.id === e.policyID)) {
      skippedEmployees.push({ email: e.employeeEmail, reason: `Policy ${e.policyID} not found` });
      continue;
    }
    // employeeID is the stable key: an employee whose email changed is found by it.
    const existing =
      next.find((x) => x.employeeID === e.employeeID) ?? next.find((x) => x.email === e.employeeEmail);
    if (e.isTerminated === true) {
      if (existing && existing.policyID === e.policyID) {
        (diffToRemove[e.policyID] ??= []).push(existing.email);
        next.splice(next.indexOf(existing), 1);
        updated += 1;
      }
      continue;
    }
    const record: SimEmployee = {
      email: e.employeeEmail,
      firstName: e.firstName ?? existing?.firstName ?? '',
      lastName: e.lastName ?? existing?.lastName ?? '',
      employeeID: e.employeeID,
      managerEmail: e.managerEmail,
      policyID: e.policyID,
      role: e.role ?? existing?.role ?? 'user',
      customField1: e.customField1 ?? e.employeeID,
      ...(e.customField2 !== undefined ? { customField2: e.customField2 } : {}),
    };
    if (!existing) {
      (diffToAdd[e.policyID] ??= []).push(e.employeeEmail);
      next.push(record);
      updated += 1;
      continue;
    }
    if (existing.policyID !== e.policyID) {
      (diffToRemove[existing.policyID] ??= []).push(existing.email);
      (diffToAdd[e.policyID] ??= []).push(e.employeeEmail);
    }
    if (JSON.stringify({ ...existing }) !== JSON.stringify({ ...existing, ...record })) {
      Object.assign(existing, record);
      updated += 1;
    }
  }
  if (!dryRun) ctx.state.employees.splice(0, ctx.state.employees.length, ...next);
  return ctx.respond.ok(
    {
      'dry-run': dryRun,
      updatedEmployeesCount: updated,
      diff: { diffToAdd, diffToRemove },
      securityGroupEmployeesMap: {},
      skippedEmployees,
    },
    dryRun ? `${op}.dryRun` : op,
  );
}
