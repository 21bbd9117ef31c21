// Employees from the QAD cache into Expensify with the Advanced Employee Updater (research/expensify.md 7):
// each employee of a policy's QAD entity, with the manager they submit to and the policy. `dryRun` sends
// `dry-run: true`: Expensify answers what it would add and remove and changes nothing.
//
// The cache kind 'employee' is read tolerantly (its payload is written by whoever loads QAD employees):
// email | emailAddress, firstName, lastName (or name), managerEmail, or manager / managerId / supervisor
// as another employee's code, entity (for domain-wide '*' rows). An inactive employee is sent as
// terminated, which removes them from the policy. Expensify requires a managerEmail: an employee without a
// manager (the top of the chain) submits to themselves, and is listed in `selfApproving` for a person to see.
import type { Settings } from '../../../shared/settings.ts';
import { type Db, type QadRecord, type Store, appendAudit, listQadRecords } from '../../store/index.ts';
import { redactForAudit } from '../../log/redact.ts';
import type { EmployeeFeedRow, EmployeeUpdateAnswer, ExpensifyClient } from './client.ts';
import { policyEntity } from './policy-push.ts';

export interface EmployeePushInput {
  readonly client: ExpensifyClient;
  readonly store: Store;
  readonly settings: Settings;
  readonly dryRun: boolean;
  readonly actor?: string;
}

export interface EmployeePushResult {
  readonly dryRun: boolean;
  /** The rows built from QAD (what was or would be sent). */
  readonly feed: readonly EmployeeFeedRow[];
  /** Employees left out before sending, with why (no email, no policy for their entity). */
  readonly notSent: readonly { readonly code: string; readonly reason: string }[];
  /** Employees without a manager in QAD, sent as submitting to themselves. */
  readonly selfApproving: readonly string[];
  /** Policies whose entity has no employees in the QAD cache. */
  readonly emptyPolicies: readonly string[];
  /** Expensify's answer; absent when there was nothing to send. */
  readonly answer?: EmployeeUpdateAnswer;
}

const text = (payload: Readonly<Record<string, unknown>>, ...keys: string[]): string => {
  for (const key of keys) {
    const v = payload[key];
    if (typeof v === 'string' && v.trim()) return v.trim();
    if (typeof v === 'number') return String(v);
  }
  return '';
};

interface Candidate {
  readonly record: QadRecord;
  readonly entity: string;
  readonly email: string;
}

/** PURE given the rows: the employee feed for the policies and their entities. */
export function buildEmployeeFeed(
  rows: readonly QadRecord[],
  policyByEntity: ReadonlyMap<string, string>,
): Pick<EmployeePushResult, 'feed' | 'notSent' | 'selfApproving'> {
  const notSent: { code: string; reason: string }[] = [];
  const candidates: Candidate[] = [];
  for (const record of rows) {
    const entity = record.entity === '*' ? text(record.payload, 'entity') : record.entity;
    const email = text(record.payload, 'email', 'emailAddress').toLowerCase();
    if (!email || !email.includes('@')) {
      notSent.push({ code: record.code, reason: 'no email address in QAD' });
      continue;
    }
    if (!policyByEntity.has(entity)) {
      notSent.push({ code: record.code, reason: `no Expensify policy for entity "${entity || '?'}"` });
      continue;
    }
    candidates.push({ record, entity, email });
  }
  const emailByCode = new Map(candidates.map((c) => [c.record.code, c.email]));
  const feed: EmployeeFeedRow[] = [];
  const selfApproving: string[] = [];
  for (const c of candidates) {
    const p = c.record.payload;
    const managerCode = text(p, 'manager', 'managerId', 'managerCode', 'supervisor');
    let manager =
      text(p, 'managerEmail').toLowerCase() || (managerCode ? (emailByCode.get(managerCode) ?? '') : '');
    if (!manager) {
      manager = c.email;
      selfApproving.push(c.email);
    }
    const [first, ...rest] = text(p, 'name').split(/\s+/);
    const firstName = text(p, 'firstName') || first || '';
    const lastName = text(p, 'lastName') || rest.join(' ');
    feed.push({
      employeeEmail: c.email,
      managerEmail: manager,
      employeeID: c.record.code,
      policyID: policyByEntity.get(c.entity) as string,
      ...(firstName ? { firstName } : {}),
      ...(lastName ? { lastName } : {}),
      ...(c.record.active ? {} : { isTerminated: true }),
    });
  }
  return { feed, notSent, selfApproving };
}

function employeeRows(db: Db, entities: readonly string[]): QadRecord[] {
  const rows = new Map<string, QadRecord>();
  for (const r of listQadRecords(db, 'employee', '*')) rows.set(r.code, r);
  for (const entity of entities) for (const r of listQadRecords(db, 'employee', entity)) rows.set(r.code, r);
  return [...rows.values()];
}

export async function pushEmployees(input: EmployeePushInput): Promise<EmployeePushResult> {
  const db = input.store.db;
  const policyByEntity = new Map<string, string>();
  for (const policyId of input.settings.expensify.policyIds) {
    const entity = policyEntity(db, input.settings, policyId);
    // The first policy of an entity is the employees' policy.
    if (entity && !policyByEntity.has(entity)) policyByEntity.set(entity, policyId);
  }
  const rows = employeeRows(db, [...policyByEntity.keys()]);
  const built = buildEmployeeFeed(rows, policyByEntity);
  const emptyPolicies = [...policyByEntity]
    .filter(([, policyId]) => !built.feed.some((f) => f.policyID === policyId))
    .map(([, policyId]) => policyId);
  if (built.feed.length === 0) return { dryRun: input.dryRun, ...built, emptyPolicies };
  const answer = await input.client.updateEmployees(built.feed, input.dryRun);
  if (!input.dryRun) {
    appendAudit(db, {
      actor: input.actor ?? 'system',
      action: 'expensify.employees_pushed',
      subjectType: 'expensify_employees',
      subjectId: input.settings.expensify.policyIds.join(',').slice(0, 200) || 'none',
      detail: redactForAudit({
        sent: built.feed.length,
        updated: answer.updatedEmployeesCount,
        added: answer.added,
        removed: answer.removed,
        skipped: answer.skipped.slice(0, 50),
      }),
    });
  }
  return { dryRun: input.dryRun, ...built, emptyPolicies, answer };
}
