// Preview and push of one QAD dimension into its Concur list. The push reads the list, plans (plan.ts), and
// sends adds (parents first) and renames by bulk in chunks of 250; deletions only for codes a person
// confirmed, each confirmation written to the audit trail before the call. Bulk answers carry no ids and
// there is no idempotency key, so after any answer other than SUCCESS the list is read again and only what
// is still missing is sent again (parts that failed for good are not repeated). A second push with QAD
// unchanged sends nothing. Every check that can refuse the push runs before the first write.
import type {
  ConcurListSummary,
  ConfiguredList,
  ListDimension,
  ListPlanRetirement,
  ListPreview,
  ListPushItemResult,
  ListPushReport,
  ListsAvailable,
} from '../../../shared/contract/lists.ts';
import { LIST_DIMENSIONS } from '../../../shared/contract/lists.ts';
import type { Settings } from '../../../shared/settings.ts';
import { type Db, appendAudit } from '../../store/index.ts';
import { ListPushError } from './errors.ts';
import type { ConcurListItemInfo, ListsClient, PartOutcome } from './lists-client.ts';
import { planList } from './plan.ts';
import { readQadDimension } from './qad-values.ts';

export interface ListPushDeps {
  readonly db: Db;
  readonly lists: ListsClient;
  readonly settings: Settings;
}

/** Send rounds: the first, and re-sends of what an unclear or partial answer left missing. */
const MAX_ROUNDS = 3;

/** Part failures worth one more try: the part did not fail on its own data. */
const TRANSIENT_IDS = new Set([
  'item.operation.timeout',
  'item.parent.not.found',
  'security.rate.limit.reached',
]);

const WORD: Record<ListDimension, string> = {
  cost_center: 'cost center',
  sub_account: 'sub-account',
  project: 'project',
};

function appId(settings: Settings): string {
  return `appId:${settings.concur.clientId}`;
}

/** A code whose own short codes hold a hyphen cannot be named by its long code without ambiguity. */
function ambiguousCode(code: string, level: number): boolean {
  return code.split('-').length !== level;
}

async function openList(
  deps: ListPushDeps,
  dimension: ListDimension,
): Promise<{ list: ConcurListSummary; warnings: string[] }> {
  const cfg = deps.settings.concur.lists[dimension];
  const field = `concur.lists.${dimension}.listId`;
  if (!cfg.listId) {
    throw new ListPushError(
      'not_configured',
      `No Concur list is chosen for QAD ${WORD[dimension]}s: pick one (setting ${field}).`,
      field,
    );
  }
  const chosen = cfg.listName ? ` (chosen as "${cfg.listName}")` : '';
  const list = await deps.lists.getList(cfg.listId);
  if (!list) {
    throw new ListPushError(
      'list_not_found',
      `Concur has no list with id "${cfg.listId}"${chosen}, set for QAD ${WORD[dimension]}s in ${field}: pick the list again from the lists Concur offers. Nothing was sent.`,
      field,
    );
  }
  if (list.isDeleted) {
    throw new ListPushError(
      'list_deleted',
      `Concur list "${list.name}" (id "${cfg.listId}"), set for QAD ${WORD[dimension]}s in ${field}, is deleted: pick another list. Nothing was sent.`,
      field,
    );
  }
  const warnings: string[] = [];
  if (cfg.listName && cfg.listName !== list.name)
    warnings.push(
      `Concur list ${list.id} is now called "${list.name}", not "${cfg.listName}" as when it was chosen: check it is still the right list.`,
    );
  if (list.managedBy !== null && list.managedBy !== appId(deps.settings))
    warnings.push(
      `Concur list "${list.name}" is managed by another app (${list.managedBy}): only that app may change it.`,
    );
  return { list, warnings };
}

async function planFor(
  deps: ListPushDeps,
  dimension: ListDimension,
  list: ConcurListSummary,
  warnings: readonly string[],
): Promise<{ preview: ListPreview; items: ConcurListItemInfo[] }> {
  const items = await deps.lists.readTree(list.id, list.levelCount);
  const qad = readQadDimension(deps.db, dimension);
  const preview = planList({
    dimension,
    list,
    items,
    hierarchy: deps.settings.concur.lists[dimension].hierarchy,
    records: qad.records,
    entities: qad.entities,
    maxCodeLength: deps.settings.concur.lists.maxCodeLength,
  });
  return { preview: { ...preview, warnings: [...warnings, ...preview.warnings] }, items };
}

export async function previewList(deps: ListPushDeps, dimension: ListDimension): Promise<ListPreview> {
  const { list, warnings } = await openList(deps, dimension);
  return (await planFor(deps, dimension, list, warnings)).preview;
}

/** The lists Concur offers (not deleted) and the state of each configured one. */
export async function availableLists(deps: ListPushDeps): Promise<ListsAvailable> {
  const lists = await deps.lists.listLists({ isDeleted: false });
  const configured: ConfiguredList[] = [];
  for (const dimension of LIST_DIMENSIONS) {
    const cfg = deps.settings.concur.lists[dimension];
    const base = {
      dimension,
      listId: cfg.listId,
      listName: cfg.listName,
      hierarchy: [...cfg.hierarchy],
      managed: cfg.managed,
    };
    if (!cfg.listId) {
      configured.push({ ...base, state: 'not_configured', message: 'No list chosen.' });
      continue;
    }
    const list = lists.find((l) => l.id === cfg.listId) ?? (await deps.lists.getList(cfg.listId));
    if (!list)
      configured.push({
        ...base,
        state: 'not_found',
        message: `Concur has no list with id "${cfg.listId}".`,
      });
    else if (list.isDeleted)
      configured.push({ ...base, state: 'deleted', message: `Concur list "${list.name}" is deleted.` });
    else if (cfg.listName && cfg.listName !== list.name)
      configured.push({
        ...base,
        state: 'renamed',
        message: `The list is now called "${list.name}", not "${cfg.listName}".`,
      });
    else
      configured.push({
        ...base,
        state: 'ok',
        message: `Concur list "${list.name}", ${list.levelCount} level(s).`,
      });
  }
  return { lists, configured };
}

export interface ListPushInput {
  readonly dimension: ListDimension;
  /** Exact long codes of proposed retirements a person confirmed. */
  readonly confirmDelete?: readonly string[];
  readonly actor: string;
}

class Tally {
  readonly #results = new Map<string, ListPushItemResult>();

  record(action: ListPushItemResult['action'], code: string, outcome: PartOutcome): void {
    const key = `${action}\u0000${code}`;
    const sent = (this.#results.get(key)?.sent ?? 0) + 1;
    const done =
      outcome.ok || (action === 'delete' && !outcome.unclear && outcome.errorId === 'item.deleted');
    this.#results.set(key, {
      action,
      code,
      sent,
      outcome: done ? 'done' : outcome.unclear ? 'unclear' : 'failed',
      ...(!outcome.ok && !done && !outcome.unclear ? { errorId: outcome.errorId } : {}),
      ...(!outcome.ok && !done ? { message: outcome.message } : {}),
    });
  }

  /** Whether an earlier attempt failed in a way another try cannot fix. */
  failedForGood(action: ListPushItemResult['action'], code: string): boolean {
    const r = this.#results.get(`${action}\u0000${code}`);
    return r?.outcome === 'failed' && !TRANSIENT_IDS.has(r.errorId ?? '');
  }

  /** After the final read: what Concur now shows settles what an unclear or refused answer left open. */
  settle(after: ListPreview, items: readonly ConcurListItemInfo[]): void {
    const live = new Set(items.filter((i) => !i.isDeleted).map((i) => i.code));
    const stillRename = new Set(after.renames.map((r) => r.code));
    for (const [key, r] of this.#results) {
      if (r.outcome === 'done') continue;
      const settled =
        r.action === 'add'
          ? live.has(r.code)
          : r.action === 'rename'
            ? live.has(r.code) && !stillRename.has(r.code)
            : !live.has(r.code);
      if (settled) this.#results.set(key, { action: r.action, code: r.code, sent: r.sent, outcome: 'done' });
    }
  }

  get results(): ListPushItemResult[] {
    return [...this.#results.values()];
  }
}

export async function pushList(deps: ListPushDeps, input: ListPushInput): Promise<ListPushReport> {
  const { dimension, actor } = input;
  const { list, warnings } = await openList(deps, dimension);
  if (list.managedBy !== null && list.managedBy !== appId(deps.settings)) {
    throw new ListPushError(
      'managed_by_other',
      `Concur list "${list.name}" (id "${list.id}") is managed by another app (${list.managedBy}); only that app may change it. Nothing was sent.`,
      `concur.lists.${dimension}.listId`,
    );
  }
  let { preview, items } = await planFor(deps, dimension, list, warnings);

  const confirm = [...new Set(input.confirmDelete ?? [])];
  const proposed = new Map(preview.retirements.map((r) => [r.code, r]));
  confirm.forEach((code, index) => {
    if (!proposed.has(code)) {
      const offered = [...proposed.keys()];
      throw new ListPushError(
        'bad_confirm',
        `"${code}" is not a Concur code this push proposes to delete${offered.length > 0 ? ` (proposed: ${offered.join(', ')})` : ' (none is proposed)'}; confirm the exact long code shown in the preview. Nothing was sent.`,
        `confirmDelete[${index}]`,
      );
    }
  });
  const confirmed = new Set(confirm);
  for (const code of confirm) {
    const r = proposed.get(code) as ListPlanRetirement;
    // Who confirmed what, before the call: the deletion is permanent in Concur.
    appendAudit(deps.db, {
      actor,
      action: 'concur_list.delete_confirmed',
      subjectType: 'concur_list_item',
      subjectId: `${list.id}/${code}`,
      detail: {
        dimension,
        listId: list.id,
        listName: list.name,
        code,
        qadValue: r.qadValue,
        reason: r.reason,
        confirmedBy: actor,
        alsoRemoves: [...r.alsoRemoves],
      },
    });
  }

  const tally = new Tally();
  for (let round = 1; round <= MAX_ROUNDS; round += 1) {
    const adds = preview.adds.filter((a) => !tally.failedForGood('add', a.code));
    const renames = preview.renames.filter((r) => !tally.failedForGood('rename', r.code));
    const deletes = preview.retirements
      .filter((r) => confirmed.has(r.code) && !tally.failedForGood('delete', r.code))
      // Deepest first, so each confirmed code is deleted by its own call, not only by a parent's cascade.
      .sort((a, b) => b.level - a.level || a.code.localeCompare(b.code));
    if (adds.length + renames.length + deletes.length === 0) break;
    let clean = true;
    if (adds.length > 0) {
      const result = await deps.lists.bulkCreate(
        list.id,
        adds.map((a) => ({
          shortCode: a.shortCode,
          value: a.value,
          ...(a.parentCode ? { parentCode: a.parentCode } : {}),
        })),
      );
      clean &&= result.allSucceeded;
      result.parts.forEach((p, i) => tally.record('add', adds[i]?.code ?? '', p.outcome));
    }
    const byCode = renames.filter((r) => !ambiguousCode(r.code, r.level));
    if (byCode.length > 0) {
      const result = await deps.lists.bulkPatch(
        list.id,
        byCode.map((r) => ({ code: r.code, value: r.to })),
      );
      clean &&= result.allSucceeded;
      result.parts.forEach((p) => tally.record('rename', p.part.code, p.outcome));
    }
    for (const r of renames.filter((x) => ambiguousCode(x.code, x.level))) {
      // PUT wants the short code too (unchanged: codes are never renamed), taken from the item as read.
      const shortCode = items.find((i) => i.id === r.itemId)?.shortCode ?? r.code;
      const outcome = await deps.lists.updateItem(r.itemId, { shortCode, value: r.to });
      clean &&= outcome.ok;
      tally.record('rename', r.code, outcome);
    }
    const deleteByCode = deletes.filter((d) => !ambiguousCode(d.code, d.level));
    if (deleteByCode.length > 0) {
      const result = await deps.lists.bulkPatch(
        list.id,
        deleteByCode.map((d) => ({ code: d.code, deleted: true })),
      );
      clean &&= result.allSucceeded;
      result.parts.forEach((p) => tally.record('delete', p.part.code, p.outcome));
    }
    for (const d of deletes.filter((x) => ambiguousCode(x.code, x.level))) {
      const outcome = await deps.lists.deleteItem(d.itemId);
      clean &&= outcome.ok || (!outcome.unclear && outcome.errorId === 'item.deleted');
      tally.record('delete', d.code, outcome);
    }
    // Read back: after a clean round for the report; after anything else to send only what is missing.
    ({ preview, items } = await planFor(deps, dimension, list, warnings));
    if (clean) break;
  }
  tally.settle(preview, items);

  let managedSet = false;
  if (deps.settings.concur.lists[dimension].managed && list.managedBy === null) {
    await deps.lists.setManaged(list);
    managedSet = true;
  }
  const results = tally.results;
  const count = (action: ListPushItemResult['action']) =>
    results.filter((r) => r.action === action && r.outcome === 'done').length;
  const counts = {
    added: count('add'),
    renamed: count('rename'),
    deleted: count('delete'),
    failed: results.filter((r) => r.outcome !== 'done').length,
  };
  const left = preview.refusals.length + preview.retirements.length;
  const message =
    results.length === 0 && !managedSet
      ? `Concur list "${list.name}" already matches QAD; nothing was sent${left > 0 ? ` (${preview.refusals.length} refused, ${preview.retirements.length} deletion(s) awaiting confirmation)` : ''}.`
      : `Concur list "${list.name}": ${counts.added} added, ${counts.renamed} renamed, ${counts.deleted} deleted${counts.failed > 0 ? `, ${counts.failed} failed` : ''}${managedSet ? '; now managed by this app' : ''}.`;
  appendAudit(deps.db, {
    actor,
    action: 'concur_list.pushed',
    subjectType: 'concur_list',
    subjectId: list.id,
    detail: {
      dimension,
      listId: list.id,
      listName: list.name,
      ...counts,
      managedSet,
      // Bounded so a first push of thousands of items stays one readable event.
      results: results.slice(0, 500).map((r) => ({
        action: r.action,
        code: r.code,
        outcome: r.outcome,
        sent: r.sent,
        ...(r.errorId ? { errorId: r.errorId } : {}),
      })),
      ...(results.length > 500 ? { resultsOmitted: results.length - 500 } : {}),
    },
  });
  return {
    dimension,
    listId: list.id,
    listName: list.name,
    results,
    counts,
    managedSet,
    after: preview,
    message,
  };
}
