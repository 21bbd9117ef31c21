// QAD reference data into Expensify policies, from the local QAD cache (filled by the masterData flow):
// categories with GL codes, one tag level of cost centers with GL codes (policy-plan.ts holds the pure diff
// and its rules), and employees with their managers and policy (employee-feed.ts). Every push first reads
// `get policy` and shows the plan; items that in-flight reports still use are held back unless confirmed.
// Each policy sent leaves one audit event (counts and names, redacted; never the job with its credentials).
import type { DocumentState } from '../../../shared/domain/document.ts';
import type { Settings } from '../../../shared/settings.ts';
import type { LogSink } from '../../ipc/log-sink.ts';
import { silentLog } from '../../ipc/log-sink.ts';
import { redactForAudit } from '../../log/redact.ts';
import {
  type Db,
  type Store,
  appendAudit,
  getDocument,
  listDocumentIdsInState,
  listQadRecords,
  lookupMapping,
} from '../../store/index.ts';
import type { ExpensifyClient, PolicyInfo } from './client.ts';
import { planPolicy, type InFlightUse, type InUseWarning, type PolicyPlan } from './policy-plan.ts';

export type { InFlightUse, InUseWarning, PolicyPlan } from './policy-plan.ts';

/** Documents on the road before QAD has them: their category and tag names must stay usable. */
export const IN_FLIGHT_STATES: readonly DocumentState[] = [
  'staged',
  'exception',
  'awaiting_receipt',
  'ready',
  'released',
  'posting',
  'uncertain',
];

export interface PolicyPushInput {
  readonly client: ExpensifyClient;
  readonly store: Store;
  readonly settings: Settings;
  /** The person confirmed disabling categories and tags that in-flight reports use. Default false. */
  readonly confirmDisable?: boolean;
  readonly log?: LogSink;
  /** Who pushes (audit); default 'system'. */
  readonly actor?: string;
}

export interface PolicyPushPreview {
  readonly policies: readonly PolicyPlan[];
  readonly warnings: readonly InUseWarning[];
}

export interface PolicyPushResult extends PolicyPushPreview {
  /** Policies updated, with how many categories and tags were sent. */
  readonly sent: readonly { readonly policyId: string; readonly categories: number; readonly tags: number }[];
  /** Policies not sent: problems in the plan, or nothing to change. */
  readonly skipped: readonly { readonly policyId: string; readonly reason: string }[];
  readonly failed: readonly { readonly policyId: string; readonly error: string }[];
}

/**
 * The QAD entity of a policy: settings `expensify.policyEntities`, else the entity mapping (the one the road
 * resolves Expensify documents with), else the only QAD entity when there is exactly one.
 */
export function policyEntity(db: Db, settings: Settings, policyId: string): string | undefined {
  const configured = settings.expensify.policyEntities[policyId];
  if (configured) return configured;
  const mapped = lookupMapping(db, 'entity', '*', policyId)?.target.entity;
  if (mapped) return mapped;
  if (settings.qad.entities.length === 1) return settings.qad.entities[0];
  const cached = listQadRecords(db, 'entity', '*');
  return cached.length === 1 ? cached[0]?.code : undefined;
}

/** Category and tag names that Expensify reports on the road (not yet in QAD) use, per report. */
export function inFlightUses(db: Db): InFlightUse[] {
  const uses: InFlightUse[] = [];
  for (const state of IN_FLIGHT_STATES) {
    for (const id of listDocumentIdsInState(db, state, { source: 'expensify' })) {
      const detail = getDocument(db, id);
      if (!detail) continue;
      const categories = new Set<string>();
      const tags = new Set<string>();
      for (const line of detail.document.lines) {
        if (line.source.category) categories.add(line.source.category);
        if (line.source.tag) tags.add(line.source.tag);
      }
      uses.push({
        policyId: detail.document.sourceEntity,
        reportId: detail.sourceId,
        categories: [...categories],
        tags: [...tags],
      });
    }
  }
  return uses;
}

function glAccountsFor(db: Db, entity: string) {
  // GL accounts are domain-wide in the cache ('*'); entity rows, if a site has them, come on top.
  const rows = new Map(listQadRecords(db, 'gl_account', '*').map((r) => [r.code, r]));
  for (const r of listQadRecords(db, 'gl_account', entity)) rows.set(r.code, r);
  return [...rows.values()];
}

/** Reads each configured policy from Expensify and plans the push. Sends nothing. */
export async function previewPolicyPush(input: PolicyPushInput): Promise<PolicyPushPreview> {
  const policyIds = input.settings.expensify.policyIds;
  const current: Map<string, PolicyInfo> =
    policyIds.length > 0 ? await input.client.getPolicies(policyIds) : new Map<string, PolicyInfo>();
  const db = input.store.db;
  const inFlight = inFlightUses(db);
  const policies = policyIds.map((policyId) => {
    const entity = policyEntity(db, input.settings, policyId);
    const info = current.get(policyId);
    return planPolicy({
      policyId,
      ...(entity ? { entity } : {}),
      ...(info ? { current: info } : {}),
      glAccounts: entity ? glAccountsFor(db, entity) : [],
      costCenters: entity ? listQadRecords(db, 'cost_center', entity) : [],
      inFlight,
      tagLevelName: input.settings.expensify.costCenterTagLevel,
      confirmDisable: input.confirmDisable ?? false,
    });
  });
  return { policies, warnings: policies.flatMap((p) => p.warnings) };
}

/** Plans, then sends each policy's update. A policy that fails does not stop the others. */
export async function pushPolicies(input: PolicyPushInput): Promise<PolicyPushResult> {
  const log = input.log ?? silentLog;
  const preview = await previewPolicyPush(input);
  const sent: { policyId: string; categories: number; tags: number }[] = [];
  const skipped: { policyId: string; reason: string }[] = [];
  const failed: { policyId: string; error: string }[] = [];
  for (const plan of preview.policies) {
    if (!plan.entity || plan.problems.some((p) => p.includes('did not return'))) {
      skipped.push({ policyId: plan.policyId, reason: plan.problems.join(' ') });
      continue;
    }
    const { categories, tags } = plan.request;
    if (!categories && !tags) {
      skipped.push({ policyId: plan.policyId, reason: 'Nothing to change.' });
      continue;
    }
    try {
      await input.client.updatePolicy(plan.policyId, {
        ...(categories ? { categories } : {}),
        ...(tags ? { tags } : {}),
      });
      const counts = { categories: categories?.data.length ?? 0, tags: tags?.tags.length ?? 0 };
      sent.push({ policyId: plan.policyId, ...counts });
      appendAudit(input.store.db, {
        actor: input.actor ?? 'system',
        action: 'expensify.policy_pushed',
        subjectType: 'expensify_policy',
        subjectId: plan.policyId,
        detail: redactForAudit({
          entity: plan.entity,
          ...counts,
          categoriesAdded: plan.categories.added.map((c) => c.name).slice(0, 50),
          categoriesChanged: plan.categories.changed.map((c) => c.after.name).slice(0, 50),
          categoriesDisabled: plan.categories.disabled.map((c) => c.name).slice(0, 50),
          tagsAdded: plan.tags?.added.map((t) => t.name).slice(0, 50) ?? [],
          tagsDisabled: plan.tags?.disabled.map((t) => t.name).slice(0, 50) ?? [],
          held: plan.warnings.filter((w) => w.held).map((w) => `${w.kind}:${w.name}`),
        }),
      });
      log.info({ policyId: plan.policyId, ...counts }, `Expensify policy ${plan.policyId} updated from QAD`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      failed.push({ policyId: plan.policyId, error: message });
      log.warn({ policyId: plan.policyId, error: message }, `Expensify policy ${plan.policyId} not updated`);
    }
  }
  return { ...preview, sent, skipped, failed };
}
