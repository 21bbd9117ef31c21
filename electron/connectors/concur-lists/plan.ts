// PURE: a Concur list's items (live and deleted) against the QAD values of one dimension -> what a push would
// do. Adds go under the right parent (parents first); renames change the name only, never a code (v1: codes
// cannot change; v4 unconfirmed); retirements are only proposed, because a Concur deletion is permanent and
// cascades (research/concur.md 9.4, 9.5). A QAD value Concur cannot hold (a hyphen inside a level, a code
// over the length limit, a level past the list's depth, a code Concur deleted earlier) is refused and named,
// never rewritten: the document road reads codes back from Concur and must find the QAD code unchanged.
import type {
  ConcurListSummary,
  ListDimension,
  ListPlanAdd,
  ListPlanRefusal,
  ListPlanRename,
  ListPlanRetirement,
  ListPreview,
  RetirementReason,
} from '../../../shared/contract/lists.ts';
import type { ConcurListItemInfo } from './lists-client.ts';

export type HierarchyLevel = 'entity' | 'code';

/** One QAD value of the dimension; `entity` is '*' for domain-wide values (sub-accounts, projects). */
export interface QadDimensionRecord {
  readonly entity: string;
  readonly code: string;
  /** The QAD description; absent when QAD has none (Concur's name is then left alone). */
  readonly name?: string;
  readonly active: boolean;
}

export interface QadEntityRecord {
  readonly code: string;
  readonly name?: string;
  readonly active: boolean;
}

export interface PlanInput {
  readonly dimension: ListDimension;
  readonly list: ConcurListSummary;
  /** The list's items, live and deleted (ListsClient.readTree). */
  readonly items: readonly ConcurListItemInfo[];
  readonly hierarchy: readonly HierarchyLevel[];
  readonly records: readonly QadDimensionRecord[];
  /** QAD entities, for the entity level of a connected list. */
  readonly entities: readonly QadEntityRecord[];
  /** UNCONFIRMED limit of one level's code (default 32, as v3). */
  readonly maxCodeLength: number;
}

/** Concur list item names: at most 64 characters (v3 `Name`), and no hyphen [LI3; LI4]. */
export const MAX_NAME_LENGTH = 64;

interface Desired {
  readonly path: readonly string[];
  readonly value: string | undefined;
  readonly qadValue: string;
  active: boolean;
}

const SEP = '\u0001';
const keyOf = (path: readonly string[]): string => path.join(SEP);

const DIMENSION_WORD: Record<ListDimension, string> = {
  cost_center: 'cost center',
  sub_account: 'sub-account',
  project: 'project',
};

/** Paths of short codes, root first, for every item whose ancestors are known. */
function itemPaths(items: readonly ConcurListItemInfo[]): Map<ConcurListItemInfo, string[]> {
  const byId = new Map(items.map((i) => [i.id, i]));
  const paths = new Map<ConcurListItemInfo, string[]>();
  const pathOf = (item: ConcurListItemInfo, depth: number): string[] | undefined => {
    const known = paths.get(item);
    if (known) return known;
    if (depth > 20) return undefined;
    let path: string[] | undefined;
    if (item.parentId === null) path = [item.shortCode];
    else {
      const parent = byId.get(item.parentId);
      const above = parent ? pathOf(parent, depth + 1) : undefined;
      path = above ? [...above, item.shortCode] : undefined;
    }
    if (path) paths.set(item, path);
    return path;
  };
  for (const item of items) pathOf(item, 0);
  return paths;
}

function desiredNodes(input: PlanInput, refusals: ListPlanRefusal[]): Map<string, Desired> {
  const nodes = new Map<string, Desired>();
  const put = (node: Desired): void => {
    const key = keyOf(node.path);
    const existing = nodes.get(key);
    if (!existing) {
      nodes.set(key, node);
      return;
    }
    if (existing.active && node.active && existing.value !== node.value && node.value !== undefined) {
      refusals.push({
        qadValue: node.qadValue,
        reason: 'duplicate_in_qad',
        message: `QAD ${DIMENSION_WORD[input.dimension]} ${node.path.join('/')} appears twice (${existing.qadValue} "${existing.value ?? ''}", ${node.qadValue} "${node.value}"); the first is kept.`,
      });
    }
    existing.active ||= node.active;
  };
  const byEntity = input.hierarchy[0] === 'entity';
  if (!byEntity) {
    for (const r of input.records) put({ path: [r.code], value: r.name, qadValue: r.code, active: r.active });
    return nodes;
  }
  const entities = new Map(input.entities.map((e) => [e.code, e]));
  for (const r of input.records)
    if (r.entity !== '*' && !entities.has(r.entity)) entities.set(r.entity, { code: r.entity, active: true });
  for (const e of entities.values())
    put({ path: [e.code], value: e.name, qadValue: e.code, active: e.active });
  for (const r of input.records) {
    // Domain-wide values sit under every entity of a connected list.
    const under = r.entity === '*' ? [...entities.values()] : [entities.get(r.entity)];
    for (const e of under) {
      if (!e) continue;
      put({
        path: [e.code, r.code],
        value: r.name,
        qadValue: `${e.code}/${r.code}`,
        active: r.active && e.active,
      });
    }
  }
  return nodes;
}

/** Why Concur cannot hold this name, or undefined. */
function nameProblem(name: string): string | undefined {
  if (name.includes('-'))
    return `its QAD name "${name}" holds a hyphen, which Concur does not support in names (it may be read as a level delimiter)`;
  if (name.length > MAX_NAME_LENGTH)
    return `its QAD name "${name}" is ${name.length} characters long; Concur takes at most ${MAX_NAME_LENGTH}`;
  return undefined;
}

export function planList(input: PlanInput): ListPreview {
  const refusals: ListPlanRefusal[] = [];
  const warnings: string[] = [];
  const word = DIMENSION_WORD[input.dimension];
  const desired = desiredNodes(input, refusals);
  const paths = itemPaths(input.items);
  const live = new Map<string, ConcurListItemInfo>();
  const deleted = new Map<string, ConcurListItemInfo>();
  for (const [item, path] of paths) (item.isDeleted ? deleted : live).set(keyOf(path), item);

  // A hierarchy deeper than the list is a wrong setting, not a few odd values: nothing is added, and no live
  // item is proposed for deletion (every one of them would look "not in QAD").
  const misfit = input.hierarchy.length > input.list.levelCount;
  if (misfit) {
    warnings.push(
      `The hierarchy ${input.hierarchy.join(' > ')} needs ${input.hierarchy.length} levels, but Concur list "${input.list.name}" has ${input.list.levelCount}: nothing is added or deleted until the hierarchy (setting concur.lists.${input.dimension}.hierarchy) or the list is changed.`,
    );
  }

  const adds: ListPlanAdd[] = [];
  const renames: ListPlanRename[] = [];
  const addedCodes = new Map<string, string>();
  const refusedKeys = new Set<string>();
  let unchanged = 0;
  const wanted = [...desired.values()]
    .filter((n) => n.active)
    .sort((a, b) => a.path.length - b.path.length || keyOf(a.path).localeCompare(keyOf(b.path)));
  for (const node of wanted) {
    const key = keyOf(node.path);
    const refuse = (reason: ListPlanRefusal['reason'], why: string): void => {
      refusedKeys.add(key);
      refusals.push({ qadValue: node.qadValue, reason, message: `QAD ${word} ${node.qadValue}: ${why}.` });
    };
    const item = live.get(key);
    if (item) {
      const to = node.value?.trim();
      if (to === undefined || to === '' || to === item.value.trim()) {
        unchanged += 1;
        continue;
      }
      const problem = nameProblem(to);
      if (problem) {
        refuse('name_invalid', `${problem}; Concur keeps "${item.value}"`);
        continue;
      }
      renames.push({
        code: item.code,
        itemId: item.id,
        level: item.level,
        from: item.value,
        to,
        qadValue: node.qadValue,
      });
      continue;
    }
    const level = node.path.length;
    const shortCode = node.path[level - 1] ?? '';
    const parentKey = keyOf(node.path.slice(0, -1));
    if (level > 1 && refusedKeys.has(parentKey)) {
      refuse('parent_refused', `its parent ${node.path.slice(0, -1).join('/')} cannot be created`);
      continue;
    }
    if (misfit || level > input.list.levelCount) {
      refuse(
        'too_deep',
        `the hierarchy ${input.hierarchy.join(' > ')} puts it on level ${input.hierarchy.length}, but Concur list "${input.list.name}" has ${input.list.levelCount} level(s)`,
      );
      continue;
    }
    const gone = deleted.get(key);
    if (gone) {
      refuse(
        'deleted_in_concur',
        `Concur deleted the code ${gone.code} earlier and never lets a deleted code be created again; a Concur admin must restore it, or QAD must use a new code`,
      );
      continue;
    }
    if (shortCode.includes('-')) {
      refuse(
        'code_hyphen',
        `the code "${shortCode}" holds a hyphen, which Concur reads as the level delimiter; it is not sent (and not rewritten)`,
      );
      continue;
    }
    if (shortCode.length > input.maxCodeLength) {
      refuse(
        'code_too_long',
        `the code "${shortCode}" is ${shortCode.length} characters long; Concur takes at most ${input.maxCodeLength} per level`,
      );
      continue;
    }
    const value = node.value?.trim() || shortCode;
    const problem = nameProblem(value);
    if (problem) {
      refuse('name_invalid', problem);
      continue;
    }
    const parentCode = level > 1 ? (live.get(parentKey)?.code ?? addedCodes.get(parentKey)) : undefined;
    if (level > 1 && parentCode === undefined) {
      refuse('parent_refused', `its parent ${node.path.slice(0, -1).join('/')} is not in Concur`);
      continue;
    }
    const code = parentCode === undefined ? shortCode : `${parentCode}-${shortCode}`;
    addedCodes.set(key, code);
    adds.push({
      code,
      shortCode,
      ...(parentCode !== undefined ? { parentCode } : {}),
      value,
      level,
      qadValue: node.qadValue,
    });
  }

  const retirements: ListPlanRetirement[] = [];
  if (misfit) {
    // Warned above.
  } else if (input.records.length === 0) {
    warnings.push(
      `The local QAD cache holds no ${word}s: refresh QAD master data first. No Concur item is proposed for deletion.`,
    );
  } else {
    const wantedKeys = new Set(wanted.map((n) => keyOf(n.path)));
    const liveEntries = [...live.entries()];
    for (const [key, item] of liveEntries) {
      if (wantedKeys.has(key)) continue;
      const below = liveEntries.filter(([k]) => k.startsWith(`${key}${SEP}`));
      const keep = below.filter(([k]) => wantedKeys.has(k));
      if (keep.length > 0) {
        warnings.push(
          `Concur item ${item.code} is not active in QAD but holds active values (${keep.map(([, i]) => i.code).join(', ')}); it is left alone.`,
        );
        continue;
      }
      const node = desired.get(key);
      const reason: RetirementReason = node ? 'inactive_in_qad' : 'not_in_qad';
      retirements.push({
        code: item.code,
        itemId: item.id,
        value: item.value,
        level: item.level,
        qadValue: node?.qadValue ?? (paths.get(item) ?? [item.code]).join('/'),
        reason,
        alsoRemoves: below.map(([, i]) => i.code).sort(),
      });
    }
  }
  const unknownItems = input.items.filter((i) => !paths.has(i));
  if (unknownItems.length > 0)
    warnings.push(
      `${unknownItems.length} Concur item(s) hang under a parent that was not read (${unknownItems
        .slice(0, 5)
        .map((i) => i.code)
        .join(', ')}); they are left alone.`,
    );

  renames.sort((a, b) => a.code.localeCompare(b.code));
  retirements.sort((a, b) => a.code.localeCompare(b.code));
  return {
    dimension: input.dimension,
    list: input.list,
    hierarchy: [...input.hierarchy],
    adds,
    renames,
    retirements,
    refusals,
    unchanged,
    warnings,
  };
}
