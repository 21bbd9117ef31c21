// List v4, List Item v4 and List Item Bulk v4 (research/concur.md section 9): lists, hierarchical items
// addressed by long code ("A-B-C"), pages fixed at 100 starting at 1, one level per children call, soft
// delete that cascades to children and blocks reuse of the code, managed lists that only their app may
// change, and bulk calls of 1..250 parts run in order, each on its own.
import { json, type SimRequest, type SimResponse } from '../http-server.ts';
import type { SimClock } from '../clock.ts';
import type { DemoCompany } from '../demo/company.ts';
import { authenticate, correlationHeaders, isRecord, listError, parseJsonBody } from './http-helpers.ts';
import { uuid, type ConcurList, type ConcurListItem, type ConcurState } from './state.ts';

export interface ListDeps {
  readonly state: ConcurState;
  readonly clock: SimClock;
}

type PartError = { id: string; message: string };
type PartResult = { ok: true; item: ConcurListItem } | ({ ok: false } & PartError);

const MAX_BULK = 250;

// ---- seeding ---------------------------------------------------------------------------------------

function addItem(
  state: ConcurState,
  list: ConcurList,
  shortCode: string,
  value: string,
  parent?: ConcurListItem,
): ConcurListItem {
  const item: ConcurListItem = {
    id: uuid(state.random),
    listId: list.id,
    shortCode,
    code: parent ? `${parent.code}-${shortCode}` : shortCode,
    value,
    parentId: parent?.id ?? null,
    level: parent ? parent.level + 1 : 1,
    isDeleted: false,
  };
  state.listItems.push(item);
  return item;
}

function newList(
  state: ConcurState,
  value: string,
  levelCount: number,
  managedBy: string | null = null,
): ConcurList {
  const list: ConcurList = {
    id: uuid(state.random),
    value,
    levelCount,
    searchCriteria: 'CODE',
    displayFormat: '(CODE) TEXT',
    category: { id: uuid(state.random), type: 'EXPENSE' },
    isReadOnly: false,
    isDeleted: false,
    managedBy,
  };
  state.lists.push(list);
  return list;
}

/**
 * Seeds the "Cost Center" list (level 1 entity, level 2 cost center) and the "Project" list, both partly out
 * of date against QAD: a missing cost center, stale names, codes QAD retired still live, a deleted code.
 */
export function seedLists(state: ConcurState, company: DemoCompany): void {
  const centers = newList(state, 'Cost Center', 2);
  for (const entity of company.entities) {
    const top = addItem(state, centers, entity.code, entity.name);
    const ofEntity = company.costCenters.filter((c) => c.entity === entity.code);
    ofEntity.forEach((center, i) => {
      if (entity.code !== company.entities[0]?.code && i === 2) return; // never sent to Concur
      const stale = entity.code === company.entities[0]?.code && i === 3;
      addItem(
        state,
        centers,
        center.code,
        stale ? (center.description.split(' ')[0] ?? center.description) : center.description,
        top,
      );
    });
    if (entity.code === company.entities[0]?.code) {
      const gone = addItem(state, centers, `${entity.code.slice(0, 2)}PAINT`, 'Paint shop (closed)', top);
      gone.isDeleted = true;
    }
  }
  const projects = newList(state, 'Project', 1);
  company.projects.forEach((project, i) => {
    if (i === 2) return; // a QAD project not yet in Concur
    addItem(state, projects, project.code, i === 1 ? `${project.description} (pilot)` : project.description);
  });
  const region = newList(state, 'Region', 1);
  region.isDeleted = true;
}

// ---- shapes --------------------------------------------------------------------------------------------

function activeChildren(state: ConcurState, item: ConcurListItem): ConcurListItem[] {
  return state.listItems.filter((c) => c.parentId === item.id && !c.isDeleted);
}

function itemOut(state: ConcurState, item: ConcurListItem): Record<string, unknown> {
  return {
    id: item.id,
    code: item.code,
    shortCode: item.shortCode,
    value: item.value,
    parentId: item.parentId,
    listId: item.listId,
    level: item.level,
    lists: [{ id: item.listId, hasChildren: activeChildren(state, item).length > 0 }],
    isDeleted: item.isDeleted,
  };
}

function listOut(list: ConcurList): Record<string, unknown> {
  return {
    id: list.id,
    value: list.value,
    levelCount: list.levelCount,
    searchCriteria: list.searchCriteria,
    displayFormat: list.displayFormat,
    category: list.category,
    isReadOnly: list.isReadOnly,
    isDeleted: list.isDeleted,
    managedBy: list.managedBy,
    isManaged: list.managedBy !== null,
    externalThreshold: null,
  };
}

// ---- filters and paging ----------------------------------------------------------------------------

type Filter = { ok: true; test: (value: string) => boolean } | { ok: false; message: string };

function stringFilter(param: string, raw: string): Filter {
  const m = /^(eq|not|sw|ew|cp):(.*)$/is.exec(raw);
  if (!m) return { ok: false, message: `${param} must look like <op>:<value> with op eq, not, sw, ew or cp` };
  const op = (m[1] ?? '').toLowerCase();
  const wanted = (m[2] ?? '').toLowerCase();
  // UNCONFIRMED: case sensitivity; compared case-insensitively here. `cp` taken as "contains".
  return {
    ok: true,
    test: (value) => {
      const v = value.toLowerCase();
      if (op === 'eq') return v === wanted;
      if (op === 'not') return v !== wanted;
      if (op === 'sw') return v.startsWith(wanted);
      if (op === 'ew') return v.endsWith(wanted);
      return v.includes(wanted);
    },
  };
}

function boolParam(raw: string | null): boolean | undefined | 'bad' {
  if (raw === null) return undefined;
  const v = raw.toLowerCase().replace(/^eq:/, '');
  if (v === 'true') return true;
  if (v === 'false') return false;
  return 'bad';
}

function numberFilter(
  param: string,
  raw: string,
): { ok: true; test: (n: number) => boolean } | { ok: false; message: string } {
  const m = /^(eq|gt|gte|lt|lte):(\d+)$/i.exec(raw);
  if (!m)
    return { ok: false, message: `${param} must look like <op>:<number> with op eq, gt, gte, lt or lte` };
  const op = (m[1] ?? '').toLowerCase();
  const n = Number(m[2]);
  return {
    ok: true,
    test: (v) =>
      op === 'eq' ? v === n : op === 'gt' ? v > n : op === 'gte' ? v >= n : op === 'lt' ? v < n : v <= n,
  };
}

function page<T>(deps: ListDeps, request: SimRequest, rows: T[], map: (row: T) => unknown): SimResponse {
  const { state, clock } = deps;
  const size = state.options.listPageSize;
  const pageText = request.query.get('page') ?? '1';
  if (!/^\d+$/.test(pageText) || Number(pageText) < 1) {
    return listError(
      clock,
      request,
      400,
      'request.validation.error',
      'page must be an integer starting at 1',
      [{ source: 'page', message: 'must be greater than or equal to 1' }],
    );
  }
  const number = Number(pageText);
  const totalPages = Math.ceil(rows.length / size);
  const href = (p: number): string => {
    const params = new URLSearchParams(request.query);
    params.set('page', String(p));
    return `${request.baseUrl}${request.path}?${params.toString()}`;
  };
  const links = [{ rel: 'self', href: href(number) }];
  if (totalPages > 0) links.push({ rel: 'first', href: href(1) }, { rel: 'last', href: href(totalPages) });
  if (number < totalPages) links.push({ rel: 'next', href: href(number + 1) });
  if (number > 1 && number <= totalPages) links.push({ rel: 'prev', href: href(number - 1) });
  return json(200, {
    content: rows.slice((number - 1) * size, number * size).map(map),
    page: { size, totalElements: rows.length, totalPages, number },
    links,
  });
}

function filterItems(deps: ListDeps, request: SimRequest, items: ConcurListItem[]): SimResponse {
  const { state, clock } = deps;
  const q = request.query;
  let rows = items;
  for (const [param, field] of [
    ['value', 'value'],
    ['shortCode', 'shortCode'],
  ] as const) {
    const raw = q.get(param);
    if (raw === null) continue;
    const f = stringFilter(param, raw);
    if (!f.ok)
      return listError(clock, request, 400, 'request.validation.error', f.message, [
        { source: param, message: f.message },
      ]);
    rows = rows.filter((i) => f.test(i[field]));
  }
  const either = q.get('shortCodeOrValue');
  if (either !== null) {
    const f = stringFilter('shortCodeOrValue', either);
    if (!f.ok)
      return listError(clock, request, 400, 'request.validation.error', f.message, [
        { source: 'shortCodeOrValue', message: f.message },
      ]);
    rows = rows.filter((i) => f.test(i.shortCode) || f.test(i.value));
  }
  const deleted = boolParam(q.get('isDeleted'));
  const hasChildren = boolParam(q.get('hasChildren'));
  if (deleted === 'bad' || hasChildren === 'bad') {
    return listError(
      clock,
      request,
      400,
      'request.validation.error',
      'isDeleted and hasChildren must be true or false',
    );
  }
  // Deleted items are listed only on request (?isDeleted=true) [LI4].
  rows = rows.filter((i) => i.isDeleted === (deleted ?? false));
  if (hasChildren !== undefined)
    rows = rows.filter((i) => activeChildren(state, i).length > 0 === hasChildren);
  const sortBy = q.get('sortBy');
  if (sortBy !== null) {
    if (sortBy !== 'value' && sortBy !== 'shortCode') {
      return listError(clock, request, 400, 'request.validation.error', 'sortBy must be value or shortCode', [
        { source: 'sortBy', message: 'must be value or shortCode' },
      ]);
    }
    const dir = (q.get('sortDirection') ?? 'asc').toLowerCase() === 'desc' ? -1 : 1;
    rows = [...rows].sort((a, b) => dir * a[sortBy].localeCompare(b[sortBy]));
  }
  return page(deps, request, rows, (i) => itemOut(state, i));
}

// ---- item operations shared by the single and the bulk calls -----------------------------------------

function validateCode(state: ConcurState, field: string, raw: unknown): PartError | undefined {
  if (typeof raw !== 'string' || raw.trim() === '')
    return { id: 'request.validation.error', message: `${field} is required` };
  if (raw.length > state.options.listMaxCodeLength) {
    return {
      id: 'request.validation.error',
      message: `${field} must be at most ${state.options.listMaxCodeLength} characters`,
    };
  }
  // Hyphens are the level delimiter of long codes and "not supported" in codes [LI4; LIB].
  if (state.options.listHyphenInCodes === 'reject' && raw.includes('-')) {
    return { id: 'request.validation.error', message: `${field} must not contain a hyphen` };
  }
  return undefined;
}

function validateValue(raw: unknown): PartError | undefined {
  if (typeof raw !== 'string' || raw.trim() === '')
    return { id: 'request.validation.error', message: 'value is required' };
  if (raw.length > 64)
    return { id: 'request.validation.error', message: 'value must be at most 64 characters' };
  return undefined;
}

function listGate(state: ConcurState, listId: string): ConcurList | PartError {
  const list = state.lists.find((l) => l.id === listId);
  if (!list) return { id: 'list.not.found', message: `List ${listId} was not found` };
  if (list.isDeleted) return { id: 'list.deleted', message: `List ${listId} is deleted` };
  return list;
}

function createItem(state: ConcurState, list: ConcurList, part: Record<string, unknown>): PartResult {
  const codeError = validateCode(state, 'shortCode', part.shortCode) ?? validateValue(part.value);
  if (codeError) return { ok: false, ...codeError };
  const shortCode = String(part.shortCode);
  let parent: ConcurListItem | undefined;
  if (typeof part.parentId === 'string' && part.parentId !== '') {
    parent = state.listItems.find((i) => i.id === part.parentId);
    if (!parent)
      return { ok: false, id: 'item.parent.not.found', message: `Parent ${part.parentId} was not found` };
    if (parent.listId !== list.id)
      return {
        ok: false,
        id: 'item.list.id.not.match.parent',
        message: 'The parent belongs to another list',
      };
  } else if (typeof part.parentCode === 'string' && part.parentCode !== '') {
    parent = state.listItems.find((i) => i.listId === list.id && i.code === part.parentCode);
    if (!parent)
      return {
        ok: false,
        id: 'item.parent.not.found',
        message: `No item with code ${part.parentCode} in this list`,
      };
  }
  if (parent?.isDeleted)
    return { ok: false, id: 'item.parent.deleted', message: `Parent ${parent.code} is deleted` };
  const level = parent ? parent.level + 1 : 1;
  if (level > list.levelCount) {
    return {
      ok: false,
      id: 'item.max.level.exceeded',
      message: `The list has ${list.levelCount} level(s); this item would be on level ${level}`,
    };
  }
  const code = parent ? `${parent.code}-${shortCode}` : shortCode;
  const clash = state.listItems.find((i) => i.listId === list.id && i.code === code);
  if (clash?.isDeleted)
    return {
      ok: false,
      id: 'item.duplicate.code.deleted',
      message: `Code ${code} belonged to a deleted item and cannot be reused`,
    };
  if (clash)
    return { ok: false, id: 'item.duplicate.code', message: `Code ${code} already exists in this list` };
  return { ok: true, item: addItem(state, list, shortCode, String(part.value), parent) };
}

function softDelete(state: ConcurState, item: ConcurListItem): void {
  // Deleting an item takes its whole subtree with it [LI4].
  item.isDeleted = true;
  for (const child of state.listItems.filter((c) => c.parentId === item.id)) softDelete(state, child);
}

function patchItem(state: ConcurState, list: ConcurList, part: Record<string, unknown>): PartResult {
  if (typeof part.code !== 'string' || part.code === '')
    return { ok: false, id: 'request.validation.error', message: 'code is required' };
  if (part.value === undefined && part.deleted === undefined) {
    return { ok: false, id: 'request.validation.error', message: 'value or deleted is required' };
  }
  if (part.deleted !== undefined && typeof part.deleted !== 'boolean')
    return { ok: false, id: 'request.validation.error', message: 'deleted must be true or false' };
  if (part.value !== undefined) {
    const invalid = validateValue(part.value);
    if (invalid) return { ok: false, ...invalid };
  }
  const item = state.listItems.find((i) => i.listId === list.id && i.code === part.code);
  if (!item)
    return { ok: false, id: 'item.not.found', message: `No item with code ${part.code} in this list` };
  if (item.isDeleted) {
    // UNCONFIRMED whether deleted:false restores an item; the guess is no: the code stays used up.
    if (part.deleted === false)
      return {
        ok: false,
        id: 'item.duplicate.code.deleted',
        message: `Code ${item.code} is deleted and cannot be reused`,
      };
    return { ok: false, id: 'item.deleted', message: `Item ${item.code} is deleted` };
  }
  if (typeof part.value === 'string') item.value = part.value;
  if (part.deleted === true) softDelete(state, item);
  return { ok: true, item };
}

// ---- handlers -------------------------------------------------------------------------------------------

function callerAppId(clientId: string): string {
  return `appId:${clientId}`;
}

function managedByOther(list: ConcurList, clientId: string): boolean {
  return list.managedBy !== null && list.managedBy !== callerAppId(clientId);
}

function managedError(deps: ListDeps, request: SimRequest, list: ConcurList): SimResponse {
  return listError(
    deps.clock,
    request,
    400,
    'list.is.managed',
    `List ${list.id} is managed by ${list.managedBy ?? 'another app'}`,
  );
}

function bulk(deps: ListDeps, request: SimRequest, listId: string, clientId: string): SimResponse {
  const { state, clock } = deps;
  const create = request.method === 'POST';
  const body = parseJsonBody(request);
  if (!body.ok)
    return listError(clock, request, 400, 'request.validation.error', body.message, [
      { source: 'body', message: body.message },
    ]);
  if (!isRecord(body.value) || !Array.isArray(body.value.requests)) {
    return listError(clock, request, 400, 'request.validation.error', 'requests must be an array', [
      { source: 'requests', message: 'must not be null' },
    ]);
  }
  const parts: unknown[] = body.value.requests;
  if (parts.length < 1 || parts.length > MAX_BULK) {
    return listError(clock, request, 400, 'request.validation.error', 'Validation failed', [
      { source: 'requests', message: `size must be between 1 and ${MAX_BULK}` },
    ]);
  }
  const gate = listGate(state, listId);
  if ('levelCount' in gate && managedByOther(gate, clientId)) return managedError(deps, request, gate);
  const errors: { id: string; message: string; listItem: unknown }[] = [];
  let succeeded = 0;
  // Parts run in order and each on its own, so a child may follow its parent in the same call [LIB].
  for (const part of parts) {
    let result: PartResult;
    if (!('levelCount' in gate)) result = { ok: false, ...gate };
    else if (!isRecord(part))
      result = { ok: false, id: 'request.validation.error', message: 'each request must be an object' };
    else result = create ? createItem(state, gate, part) : patchItem(state, gate, part);
    if (result.ok) succeeded += 1;
    else errors.push({ id: result.id, message: result.message, listItem: part });
  }
  const failed = parts.length - succeeded;
  const status = failed === 0 ? (create ? 201 : 200) : succeeded === 0 ? 400 : 206;
  // No new ids come back: callers re-read the list [LIB].
  return json(status, {
    status: failed === 0 ? 'SUCCESS' : succeeded === 0 ? 'FAILURE' : 'PARTIAL_SUCCESS',
    recordsSucceeded: succeeded,
    recordsFailed: failed,
    errors,
  });
}

function listLists(deps: ListDeps, request: SimRequest, rows: ConcurList[]): SimResponse {
  const { clock } = deps;
  const q = request.query;
  const value = q.get('value');
  if (value !== null) {
    const f = stringFilter('value', value);
    if (!f.ok)
      return listError(clock, request, 400, 'request.validation.error', f.message, [
        { source: 'value', message: f.message },
      ]);
    rows = rows.filter((l) => f.test(l.value));
  }
  const levelCount = q.get('levelCount');
  if (levelCount !== null) {
    const f = numberFilter('levelCount', levelCount);
    if (!f.ok)
      return listError(clock, request, 400, 'request.validation.error', f.message, [
        { source: 'levelCount', message: f.message },
      ]);
    rows = rows.filter((l) => f.test(l.levelCount));
  }
  const categoryType = q.get('category.type');
  if (categoryType !== null) {
    const m = /^(eq|not):(.*)$/i.exec(categoryType);
    if (!m)
      return listError(
        clock,
        request,
        400,
        'request.validation.error',
        'category.type must look like eq:<type> or not:<type>',
      );
    const eq = (m[1] ?? '').toLowerCase() === 'eq';
    rows = rows.filter((l) => (l.category.type.toLowerCase() === (m[2] ?? '').toLowerCase()) === eq);
  }
  const deleted = boolParam(q.get('isDeleted'));
  if (deleted === 'bad')
    return listError(clock, request, 400, 'request.validation.error', 'isDeleted must be true or false');
  if (deleted !== undefined) rows = rows.filter((l) => l.isDeleted === deleted);
  return page(deps, request, rows, (l) => listOut(l));
}

function writeList(
  deps: ListDeps,
  request: SimRequest,
  clientId: string,
  existing?: ConcurList,
): SimResponse {
  const { state, clock } = deps;
  const body = parseJsonBody(request);
  if (!body.ok) return listError(clock, request, 400, 'request.validation.error', body.message);
  const v = body.value;
  if (!isRecord(v))
    return listError(clock, request, 400, 'request.validation.error', 'the body must be an object');
  const problems: { source: string; message: string }[] = [];
  if (typeof v.value !== 'string' || v.value.trim() === '')
    problems.push({ source: 'value', message: 'must not be blank' });
  if (
    !existing &&
    (typeof v.levelCount !== 'number' ||
      !Number.isInteger(v.levelCount) ||
      v.levelCount < 1 ||
      v.levelCount > 10)
  ) {
    problems.push({ source: 'levelCount', message: 'must be between 1 and 10' });
  }
  if (v.isManaged !== undefined && typeof v.isManaged !== 'boolean')
    problems.push({ source: 'isManaged', message: 'must be a boolean' });
  if (problems.length > 0)
    return listError(clock, request, 400, 'request.validation.error', 'Validation failed', problems);
  if (existing) {
    if (existing.isDeleted)
      return listError(clock, request, 400, 'list.deleted', `List ${existing.id} is deleted`);
    if (managedByOther(existing, clientId)) return managedError(deps, request, existing);
    existing.value = String(v.value);
    // Only the managing app can unset the flag; leaving it out keeps it as it is [LST4].
    if (v.isManaged === true) existing.managedBy = callerAppId(clientId);
    if (v.isManaged === false) existing.managedBy = null;
    return json(200, listOut(existing));
  }
  const list = newList(
    state,
    String(v.value),
    Number(v.levelCount),
    v.isManaged === true ? callerAppId(clientId) : null,
  );
  return json(201, listOut(list), { location: `${request.baseUrl}/list/v4/lists/${list.id}` });
}

function itemNotFound(deps: ListDeps, request: SimRequest, id: string): SimResponse {
  return listError(deps.clock, request, 404, 'item.not.found', `Item ${id} was not found`);
}

function singleCreate(deps: ListDeps, request: SimRequest, clientId: string): SimResponse {
  const { state, clock } = deps;
  const body = parseJsonBody(request);
  if (!body.ok) return listError(clock, request, 400, 'request.validation.error', body.message);
  if (!isRecord(body.value) || typeof body.value.listId !== 'string') {
    return listError(clock, request, 400, 'request.validation.error', 'listId is required', [
      { source: 'listId', message: 'must not be null' },
    ]);
  }
  const gate = listGate(state, body.value.listId);
  if (!('levelCount' in gate))
    return listError(clock, request, gate.id === 'list.not.found' ? 404 : 400, gate.id, gate.message);
  if (managedByOther(gate, clientId)) return managedError(deps, request, gate);
  const result = createItem(state, gate, body.value);
  if (!result.ok) return listError(clock, request, 400, result.id, result.message);
  return json(201, itemOut(state, result.item), {
    location: `${request.baseUrl}/list/v4/items/${result.item.id}`,
  });
}

function singleUpdate(
  deps: ListDeps,
  request: SimRequest,
  item: ConcurListItem,
  clientId: string,
): SimResponse {
  const { state, clock } = deps;
  const body = parseJsonBody(request);
  if (!body.ok) return listError(clock, request, 400, 'request.validation.error', body.message);
  const v = isRecord(body.value) ? body.value : {};
  const problems: { source: string; message: string }[] = [];
  if (typeof v.shortCode !== 'string' || v.shortCode === '')
    problems.push({ source: 'shortCode', message: 'must not be blank' });
  if (typeof v.value !== 'string' || v.value === '')
    problems.push({ source: 'value', message: 'must not be blank' });
  if (problems.length > 0)
    return listError(clock, request, 400, 'request.validation.error', 'Validation failed', problems);
  const list = state.lists.find((l) => l.id === item.listId);
  if (list && managedByOther(list, clientId)) return managedError(deps, request, list);
  if (item.isDeleted) return listError(clock, request, 400, 'item.deleted', `Item ${item.code} is deleted`);
  const shortCode = String(v.shortCode);
  if (shortCode !== item.shortCode) {
    if (!state.options.listAllowShortCodeChange) {
      return listError(clock, request, 400, 'request.validation.error', 'shortCode cannot be changed', [
        { source: 'shortCode', message: 'cannot be changed' },
      ]);
    }
    const invalid = validateCode(state, 'shortCode', shortCode);
    if (invalid) return listError(clock, request, 400, invalid.id, invalid.message);
    const parentCode = item.code.slice(0, item.code.length - item.shortCode.length);
    const newCode = `${parentCode}${shortCode}`;
    if (state.listItems.some((i) => i.listId === item.listId && i.code === newCode)) {
      return listError(
        clock,
        request,
        400,
        'item.duplicate.code',
        `Code ${newCode} already exists in this list`,
      );
    }
    const oldCode = item.code;
    for (const other of state.listItems) {
      if (other.listId === item.listId && (other.code === oldCode || other.code.startsWith(`${oldCode}-`))) {
        other.code = `${newCode}${other.code.slice(oldCode.length)}`;
      }
    }
    item.shortCode = shortCode;
  }
  const invalidValue = validateValue(v.value);
  if (invalidValue) return listError(clock, request, 400, invalidValue.id, invalidValue.message);
  item.value = String(v.value);
  return json(200, itemOut(state, item));
}

function singleDelete(
  deps: ListDeps,
  request: SimRequest,
  item: ConcurListItem,
  clientId: string,
): SimResponse {
  const { state, clock } = deps;
  const list = state.lists.find((l) => l.id === item.listId);
  if (list && managedByOther(list, clientId)) return managedError(deps, request, list);
  if (item.isDeleted)
    return listError(clock, request, 400, 'item.deleted', `Item ${item.code} is already deleted`);
  softDelete(state, item);
  return { status: 204 };
}

function route(deps: ListDeps, request: SimRequest, clientId: string): SimResponse {
  const { state, clock } = deps;
  const m = request.method;
  const segments = request.path.replace(/\/+$/, '').split('/').slice(3); // after /list/v4
  const [root, id, sub, subId, tail] = segments;
  const methodNotAllowed = (): SimResponse =>
    listError(clock, request, 405, 'request.method.not.allowed', `${m} is not allowed on ${request.path}`);

  if (root === 'categories' && id && sub === 'lists' && !subId) {
    if (m !== 'GET') return methodNotAllowed();
    return listLists(
      deps,
      request,
      state.lists.filter((l) => l.category.id === id),
    );
  }
  if (root === 'lists') {
    if (!id) {
      if (m === 'GET') return listLists(deps, request, state.lists);
      if (m === 'POST') return writeList(deps, request, clientId);
      return methodNotAllowed();
    }
    const list = state.lists.find((l) => l.id === id);
    if (!list) return listError(clock, request, 404, 'list.not.found', `List ${id} was not found`);
    if (!sub) {
      if (m === 'GET') return json(200, listOut(list));
      if (m === 'PUT') return writeList(deps, request, clientId, list);
      return methodNotAllowed();
    }
    if (sub === 'bulk' && !subId) {
      if (m !== 'POST' && m !== 'PATCH') return methodNotAllowed();
      return bulk(deps, request, id, clientId);
    }
    if (sub === 'children' && !subId) {
      if (m !== 'GET') return methodNotAllowed();
      return filterItems(
        deps,
        request,
        state.listItems.filter((i) => i.listId === id && i.level === 1),
      );
    }
    if (sub === 'items' && !subId) {
      if (m !== 'GET' || !state.options.serveListItemsPath)
        return listError(clock, request, 404, 'request.not.found', `No route ${request.path}`);
      return filterItems(
        deps,
        request,
        state.listItems.filter((i) => i.listId === id),
      );
    }
    if (sub === 'items' && subId) {
      const item = state.listItems.find((i) => i.id === subId && i.listId === id);
      if (!item) return itemNotFound(deps, request, subId);
      if (tail === 'children') {
        if (m !== 'GET') return methodNotAllowed();
        return filterItems(
          deps,
          request,
          state.listItems.filter((i) => i.parentId === item.id),
        );
      }
      if (tail) return listError(clock, request, 404, 'request.not.found', `No route ${request.path}`);
      if (m === 'GET') return json(200, itemOut(state, item));
      // Removing an item from one list: items belong to one list here, so this equals the full delete.
      if (m === 'DELETE') return singleDelete(deps, request, item, clientId);
      return methodNotAllowed();
    }
  }
  if (root === 'items') {
    if (!id) {
      if (m === 'POST') return singleCreate(deps, request, clientId);
      return methodNotAllowed();
    }
    const item = state.listItems.find((i) => i.id === id);
    if (!item) return itemNotFound(deps, request, id);
    if (sub === 'children' && !subId) {
      if (m !== 'GET') return methodNotAllowed();
      return filterItems(
        deps,
        request,
        state.listItems.filter((i) => i.parentId === item.id),
      );
    }
    if (sub) return listError(clock, request, 404, 'request.not.found', `No route ${request.path}`);
    if (m === 'GET') return json(200, itemOut(state, item));
    if (m === 'PUT') return singleUpdate(deps, request, item, clientId);
    if (m === 'DELETE') return singleDelete(deps, request, item, clientId);
    return methodNotAllowed();
  }
  return listError(clock, request, 404, 'request.not.found', `No route ${request.path}`);
}

export function handleLists(deps: ListDeps, request: SimRequest): SimResponse | undefined {
  if (!request.path.startsWith('/list/v4/')) return undefined;
  const { state, clock } = deps;
  const auth = authenticate(state, clock, request);
  const operation = `list.${request.method.toLowerCase()}${request.path.includes('/bulk') ? '.bulk' : ''}`;
  if (!auth.ok) return { ...auth.response, operation };
  const response = route(deps, request, auth.token.clientId);
  return { ...response, headers: { ...correlationHeaders(state), ...(response.headers ?? {}) }, operation };
}

/** The List v4 rate-limit answer (the only documented sample): 429, `retry-after: 0` [LIB]. */
export function rateLimitResponse(clock: SimClock, path = '/'): SimResponse {
  return json(
    429,
    {
      timestamp: clock.nowIso(),
      httpStatus: '429 - Too Many Requests',
      error: { id: 'security.rate.limit.reached', message: 'Too many requests' },
      path,
    },
    { 'retry-after': '0' },
  );
}
