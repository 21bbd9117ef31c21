// PURE: what a push of QAD reference data would change in one Expensify policy, diffed against what
// `get policy` answered. Nothing here talks to Expensify or the store.
//
// Categories: one per active, postable QAD expense account, carrying the account as glCode. An existing
// category with that glCode keeps its name (reports in flight use names); a new one is named after the
// account's description. Categories whose glCode is no longer an active postable expense account are
// disabled, never deleted. Categories without any glCode were made in Expensify and are left alone. Sent with
// action "merge", so only the listed categories change.
// Tags: one level of cost centers of the policy's QAD entity (tag = cost center code, glCode = code), enabled
// as QAD has them. Expensify replaces the whole tag list even on "merge" (research/expensify.md 6, 13), so
// the COMPLETE list is sent every time, and tags Expensify has but QAD does not are kept in it, disabled.
// In use: disabling a category or tag that reports staged in ml-connector but not yet posted still carry
// is held back (sent still enabled) and reported, unless the person confirmed it.
import type { PolicyCategory, PolicyInfo, PolicyTag, PolicyTagLevel } from './client.ts';

/** A QAD record as the cache holds it (electron/store QadRecord, narrowed to what the plan reads). */
export interface QadReferenceRow {
  readonly code: string;
  readonly active: boolean;
  readonly payload: Readonly<Record<string, unknown>>;
}

/** A category or tag name that an in-flight report (staged, not yet posted) of a policy uses. */
export interface InFlightUse {
  readonly policyId: string;
  readonly reportId: string;
  readonly categories: readonly string[];
  readonly tags: readonly string[];
}

// The plan's parts are the contract's view types (shared/contract/pushes.ts): one definition for the engine,
// the CLI and the screen.
export type {
  ChangeView as Change,
  InUseWarningView as InUseWarning,
  CategoryPlanView as CategoryPlan,
  TagPlanView as TagPlan,
} from '../../../shared/contract/pushes.ts';
import type {
  CategoryPlanView as CategoryPlan,
  ChangeView as Change,
  InUseWarningView as InUseWarning,
  TagPlanView as TagPlan,
} from '../../../shared/contract/pushes.ts';

export interface PolicyPlan {
  readonly policyId: string;
  readonly entity?: string;
  /** Why the policy (or its tags) is not pushed; empty when everything can go. */
  readonly problems: readonly string[];
  readonly categories: CategoryPlan;
  readonly tags?: TagPlan;
  readonly warnings: readonly InUseWarning[];
  /** Exactly what would be sent (after holding back in-use items); undefined sections are not sent. */
  readonly request: {
    readonly categories?: { readonly action: 'merge'; readonly data: readonly PolicyCategory[] };
    readonly tags?: PolicyTagLevel;
  };
}

export interface PlanInput {
  readonly policyId: string;
  /** Absent: the policy has no QAD entity (problem reported). */
  readonly entity?: string;
  /** Absent: Expensify did not return the policy (problem reported). */
  readonly current?: PolicyInfo;
  readonly glAccounts: readonly QadReferenceRow[];
  readonly costCenters: readonly QadReferenceRow[];
  readonly inFlight: readonly InFlightUse[];
  readonly tagLevelName: string;
  /** The person confirmed disabling items that in-flight reports use. */
  readonly confirmDisable: boolean;
}

const text = (payload: Readonly<Record<string, unknown>>, key: string): string => {
  const v = payload[key];
  return typeof v === 'string' ? v.trim() : '';
};

/** Active, postable expense accounts (header accounts take no postings; type is read tolerantly). */
export function isExpenseAccount(row: QadReferenceRow): boolean {
  return row.active && row.payload.postable !== false && /expense/i.test(text(row.payload, 'type'));
}

const EMPTY_CATEGORIES: CategoryPlan = { added: [], changed: [], disabled: [], unchanged: 0, unmanaged: [] };

function usersOf(
  inFlight: readonly InFlightUse[],
  policyId: string,
  kind: 'category' | 'tag',
  name: string,
): string[] {
  return inFlight
    .filter((u) => u.policyId === policyId && (kind === 'category' ? u.categories : u.tags).includes(name))
    .map((u) => u.reportId)
    .sort();
}

function sameCategory(a: PolicyCategory, b: PolicyCategory): boolean {
  return a.name === b.name && a.enabled === b.enabled && (a.glCode ?? '') === (b.glCode ?? '');
}

function sameTag(a: PolicyTag, b: PolicyTag): boolean {
  return a.name === b.name && a.enabled === b.enabled && (a.glCode ?? '') === (b.glCode ?? '');
}

export function planPolicy(input: PlanInput): PolicyPlan {
  const problems: string[] = [];
  const base = { policyId: input.policyId, ...(input.entity ? { entity: input.entity } : {}) };
  if (!input.current)
    problems.push(`Expensify did not return policy ${input.policyId}: check settings expensify.policyIds.`);
  if (!input.entity)
    problems.push(
      `Policy ${input.policyId} has no QAD entity: set expensify.policyEntities or map it in the entity mapping.`,
    );
  if (!input.current || !input.entity)
    return { ...base, problems, categories: EMPTY_CATEGORIES, warnings: [], request: {} };
  const warnings: InUseWarning[] = [];
  const hold = (kind: 'category' | 'tag', name: string): boolean => {
    const reports = usersOf(input.inFlight, input.policyId, kind, name);
    if (reports.length === 0) return false;
    const held = !input.confirmDisable;
    warnings.push({
      policyId: input.policyId,
      kind,
      name,
      reports,
      held,
      message: `${kind === 'category' ? 'Category' : 'Tag'} "${name}" of policy ${input.policyId} is used by ${reports.length} report(s) not yet posted (${reports.slice(0, 5).join(', ')}${reports.length > 5 ? ', …' : ''})${held ? '; it stays enabled until you confirm' : '; disabled as confirmed'}.`,
    });
    return held;
  };

  // --- categories ---------------------------------------------------------------------------------------
  const accounts = input.glAccounts.filter(isExpenseAccount);
  const accountCodes = new Set(accounts.map((a) => a.code));
  const existing = input.current.categories;
  const byGl = new Map(existing.filter((c) => c.glCode).map((c) => [c.glCode as string, c]));
  const byName = new Map(existing.map((c) => [c.name, c]));
  const added: PolicyCategory[] = [];
  const changed: Change<PolicyCategory>[] = [];
  const disabled: PolicyCategory[] = [];
  const send: PolicyCategory[] = [];
  let unchanged = 0;
  const claimed = new Set<string>();
  for (const account of accounts) {
    const match = byGl.get(account.code) ?? byName.get(text(account.payload, 'description') || account.code);
    if (match && !claimed.has(match.name)) {
      claimed.add(match.name);
      const after: PolicyCategory = { ...match, enabled: true, glCode: account.code };
      if (sameCategory(match, after)) unchanged += 1;
      else {
        changed.push({ before: match, after });
        send.push(after);
      }
      continue;
    }
    const name = text(account.payload, 'description') || account.code;
    if (claimed.has(name)) continue;
    claimed.add(name);
    const category: PolicyCategory = { name, enabled: true, glCode: account.code };
    added.push(category);
    send.push(category);
  }
  const unmanaged: string[] = [];
  for (const category of existing) {
    if (claimed.has(category.name)) continue;
    if (!category.glCode) {
      unmanaged.push(category.name);
      continue;
    }
    if (accountCodes.has(category.glCode) || !category.enabled) {
      unchanged += 1;
      continue;
    }
    const after = { ...category, enabled: false };
    disabled.push(after);
    if (!hold('category', category.name)) send.push(after);
  }
  const categories: CategoryPlan = { added, changed, disabled, unchanged, unmanaged };

  // --- tags ----------------------------------------------------------------------------------------------
  let tags: TagPlan | undefined;
  let tagRequest: PolicyTagLevel | undefined;
  const levels = input.current.tagLevels;
  if (levels.length > 1) {
    problems.push(
      `Policy ${input.policyId} has ${levels.length} tag levels; the push manages a single cost-center level, so its tags are left alone.`,
    );
  } else {
    const currentTags = levels[0]?.tags ?? [];
    const levelName = levels[0]?.name || input.tagLevelName;
    const tagByGl = new Map(currentTags.filter((t) => t.glCode).map((t) => [t.glCode as string, t]));
    const tagByName = new Map(currentTags.map((t) => [t.name, t]));
    const tagAdded: PolicyTag[] = [];
    const tagChanged: Change<PolicyTag>[] = [];
    const tagDisabled: PolicyTag[] = [];
    const full: PolicyTag[] = [];
    let tagUnchanged = 0;
    const seen = new Set<string>();
    const consider = (before: PolicyTag | undefined, after: PolicyTag): void => {
      if (!before) {
        tagAdded.push(after);
        full.push(after);
        return;
      }
      if (sameTag(before, after)) {
        tagUnchanged += 1;
        full.push(after);
        return;
      }
      const disabling = before.enabled && !after.enabled;
      if (disabling) {
        tagDisabled.push(after);
        full.push(hold('tag', before.name) ? { ...after, enabled: true } : after);
        return;
      }
      tagChanged.push({ before, after });
      full.push(after);
    };
    for (const center of input.costCenters) {
      const before = tagByGl.get(center.code) ?? tagByName.get(center.code);
      const name = before?.name ?? center.code;
      if (seen.has(name)) continue;
      seen.add(name);
      consider(before, { name, enabled: center.active, glCode: center.code });
    }
    for (const tag of currentTags) {
      if (seen.has(tag.name)) continue;
      seen.add(tag.name);
      // Not a QAD cost center (any more): kept in the full list, disabled.
      consider(tag, { ...tag, enabled: false });
    }
    tags = {
      levelName,
      added: tagAdded,
      changed: tagChanged,
      disabled: tagDisabled,
      unchanged: tagUnchanged,
    };
    // Nothing to send when the full list equals what Expensify has (e.g. every change was held back).
    const identical =
      full.length === currentTags.length &&
      full.every((t) => {
        const before = tagByName.get(t.name);
        return before !== undefined && sameTag(before, t);
      });
    if (!identical) tagRequest = { name: levelName, tags: full };
  }

  return {
    ...base,
    problems,
    categories,
    ...(tags ? { tags } : {}),
    warnings,
    request: {
      ...(send.length > 0 ? { categories: { action: 'merge' as const, data: send } } : {}),
      ...(tagRequest ? { tags: tagRequest } : {}),
    },
  };
}
