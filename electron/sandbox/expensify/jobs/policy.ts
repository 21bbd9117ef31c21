// Policy list getter, policy getter and policy updater (research sheet sections 5 and 6).
// Tags: a third party saw live that `action: "merge"` still replaced the whole list, so by default every tag
// update is a full replacement (option `tagUpdates`). Categories and report fields merge or replace as documented.
import { z } from 'zod';
import type { SimResponse } from '../../http-server.ts';
import type { SimContext } from '../context.ts';
import type { SimCategory, SimPolicy, SimTagLevel } from '../model.ts';
import { JobError, looseBoolean, parseJob } from '../validation.ts';

const policyListSchema = z.looseObject({
  inputSettings: z.looseObject({ adminOnly: looseBoolean.optional(), userEmail: z.string().optional() }),
});

export function getPolicyList(ctx: SimContext, job: Record<string, unknown>): SimResponse {
  const request = parseJob(policyListSchema, job);
  const policies = ctx.state.policies.filter((p) => !request.inputSettings.adminOnly || p.role === 'admin');
  return ctx.respond.ok(
    {
      policyList: policies.map((p) => ({
        id: p.id,
        name: p.name,
        type: p.type,
        role: p.role,
        owner: p.owner,
        outputCurrency: p.outputCurrency,
      })),
    },
    'get.policyList',
  );
}

const FIELDS = ['categories', 'reportFields', 'tags', 'tax', 'employees'] as const;

const policySchema = z.looseObject({
  inputSettings: z.looseObject({
    // Unlike the exporter's comma strings, the getter takes a JSON array.
    policyIDList: z.array(z.string()),
    fields: z.array(z.enum(FIELDS)).optional(),
    userEmail: z.string().optional(),
  }),
});

/** Single-level tags come back flat; multi-level ones as levels (sheet section 5). */
function tagsOut(levels: readonly SimTagLevel[]): unknown[] {
  if (levels.length === 1) return (levels[0]?.tags ?? []).map((t) => ({ ...t }));
  return levels.map((level) => ({ name: level.name, tags: level.tags.map((t) => ({ ...t })) }));
}

export function getPolicy(ctx: SimContext, job: Record<string, unknown>): SimResponse {
  const request = parseJob(policySchema, job);
  const fields = request.inputSettings.fields ?? ['categories', 'reportFields', 'tags', 'tax'];
  const policyInfo: Record<string, Record<string, unknown>> = {};
  // Unknown ids are left out of policyInfo [U].
  for (const id of request.inputSettings.policyIDList) {
    const policy = ctx.state.policies.find((p) => p.id === id);
    if (!policy) continue;
    const info: Record<string, unknown> = {};
    if (fields.includes('categories')) info.categories = policy.categories.map((c) => ({ ...c }));
    if (fields.includes('tags')) info.tags = tagsOut(policy.tags);
    if (fields.includes('reportFields')) info.reportFields = policy.reportFields.map((f) => ({ ...f }));
    if (fields.includes('tax')) info.tax = {};
    // [U] "employees" is not in the older reference; shaped like the employee updater's fields.
    if (fields.includes('employees')) {
      info.employees = ctx.state.employees
        .filter((e) => e.policyID === policy.id)
        .map((e) => ({
          email: e.email,
          role: e.role,
          submitsTo: e.managerEmail ?? '',
          employeeID: e.employeeID,
        }));
    }
    policyInfo[id] = info;
  }
  return ctx.respond.ok({ policyInfo }, 'get.policy');
}

const categorySchema = z.looseObject({
  name: z.string().min(1),
  enabled: looseBoolean,
  glCode: z.string().optional(),
  payrollCode: z.string().optional(),
  areCommentsRequired: looseBoolean.optional(),
  commentHint: z.string().optional(),
  maxExpenseAmount: z.number().int().optional(),
});

const categoriesSchema = z.looseObject({
  action: z.enum(['merge', 'replace']).default('merge'),
  data: z.array(categorySchema),
});

const inlineTagsSchema = z.looseObject({
  source: z.literal('inline').optional(),
  action: z.enum(['merge', 'replace']).optional(),
  data: z.array(
    z.looseObject({
      name: z.string().optional(),
      tags: z.array(
        z.looseObject({
          name: z.string().min(1),
          enabled: looseBoolean.optional(),
          glCode: z.string().optional(),
        }),
      ),
    }),
  ),
});

const fileTagsSchema = z.looseObject({
  source: z.literal('file'),
  action: z.enum(['merge', 'replace']).optional(),
  config: z.looseObject({
    dependency: looseBoolean.optional(),
    glCodes: looseBoolean.optional(),
    header: looseBoolean.optional(),
    setRequired: looseBoolean.optional(),
    // The docs spell "cvs"; "csv" is what works (S8). Both accepted.
    fileType: z.enum(['csv', 'cvs', 'tsv']).optional(),
  }),
});

const reportFieldsSchema = z.looseObject({
  action: z.enum(['merge', 'replace']).default('merge'),
  data: z.array(
    z.looseObject({
      name: z.string().min(1),
      type: z.enum(['text', 'dropdown', 'date']),
      values: z.array(z.string()).optional(),
      defaultValue: z.string().optional(),
    }),
  ),
});

const updateSchema = z.looseObject({
  inputSettings: z.looseObject({
    policyID: z.string().min(1).optional(),
    // [3P] multi-policy update, not in the reference.
    policyIDList: z.array(z.string()).optional(),
  }),
  categories: z.unknown().optional(),
  tags: z.unknown().optional(),
  reportFields: z.unknown().optional(),
});

function parseSection<T extends z.ZodType>(schema: T, value: unknown, name: string): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new JobError(410, `'${name}' object malformed`);
  return result.data;
}

function tagsFromFile(
  fileText: string | undefined,
  config: z.output<typeof fileTagsSchema>['config'],
): SimTagLevel[] {
  if (fileText === undefined) throw new JobError(410, "Required parameter 'file' is missing");
  const separator = config.fileType === 'tsv' ? '\t' : ',';
  const rows = fileText
    .split(/\r?\n/)
    .filter((line) => line.trim().length > 0)
    .map((line) => line.split(separator).map((cell) => cell.trim().replace(/^"(.*)"$/, '$1')));
  const header = config.header ? rows.shift() : undefined;
  const step = config.glCodes ? 2 : 1;
  const width = Math.max(0, ...rows.map((r) => r.length));
  const levels: SimTagLevel[] = [];
  for (let column = 0; column < width; column += step) {
    const names = new Map<string, string | undefined>();
    for (const row of rows) {
      const name = row[column];
      if (name) names.set(name, config.glCodes ? row[column + 1] : undefined);
    }
    levels.push({
      name: header?.[column] ?? `Level ${levels.length + 1}`,
      tags: [...names].map(([name, glCode]) => ({ name, enabled: true, ...(glCode ? { glCode } : {}) })),
    });
  }
  return levels;
}

function mergeCategories(current: SimCategory[], update: z.output<typeof categoriesSchema>): SimCategory[] {
  const incoming = update.data.map((c): SimCategory => ({ ...c }));
  if (update.action === 'replace') return incoming;
  const merged = current.map((c) => ({ ...c }));
  for (const category of incoming) {
    const index = merged.findIndex((c) => c.name === category.name);
    if (index >= 0) merged[index] = { ...merged[index], ...category };
    else merged.push(category);
  }
  return merged;
}

function mergeTagLevels(current: SimTagLevel[], update: SimTagLevel[], merge: boolean): SimTagLevel[] {
  if (!merge) return update;
  return update.map((level, i) => {
    const existing = current[i]?.tags.map((t) => ({ ...t })) ?? [];
    for (const tag of level.tags) {
      const index = existing.findIndex((t) => t.name === tag.name);
      if (index >= 0) existing[index] = { ...existing[index], ...tag };
      else existing.push(tag);
    }
    return { name: level.name, tags: existing };
  });
}

export function updatePolicy(
  ctx: SimContext,
  job: Record<string, unknown>,
  fields: Map<string, string>,
): SimResponse {
  const op = 'update.policy';
  const request = parseJob(updateSchema, job);
  const ids =
    request.inputSettings.policyIDList ??
    (request.inputSettings.policyID ? [request.inputSettings.policyID] : []);
  if (ids.length === 0) throw new JobError(410, "Required parameter 'policyID' is missing");
  const policies: SimPolicy[] = [];
  for (const id of ids) {
    const policy = ctx.state.policies.find((p) => p.id === id);
    if (!policy) return ctx.respond.error(404, `Policy not found: ${id}`, op);
    policies.push(policy);
  }
  // Validate every section before changing anything.
  const categories =
    request.categories === undefined
      ? undefined
      : parseSection(categoriesSchema, request.categories, 'categories');
  let tagLevels: SimTagLevel[] | undefined;
  let mergeTags = false;
  if (request.tags !== undefined) {
    const tagsValue: unknown = request.tags;
    const source =
      typeof tagsValue === 'object' && tagsValue !== null && 'source' in tagsValue
        ? tagsValue.source
        : undefined;
    if (source === 'file') {
      const tags = parseSection(fileTagsSchema, request.tags, 'tags');
      tagLevels = tagsFromFile(fields.get('file'), tags.config);
      mergeTags = ctx.options.tagUpdates === 'as-documented' && tags.action === 'merge';
    } else {
      const tags = parseSection(inlineTagsSchema, request.tags, 'tags');
      tagLevels = tags.data.map((level, i) => ({
        name: level.name ?? `Level ${i + 1}`,
        tags: level.tags.map((t) => ({
          name: t.name,
          enabled: t.enabled ?? true,
          ...(t.glCode !== undefined ? { glCode: t.glCode } : {}),
        })),
      }));
      mergeTags = ctx.options.tagUpdates === 'as-documented' && tags.action === 'merge';
    }
  }
  const reportFields =
    request.reportFields === undefined
      ? undefined
      : parseSection(reportFieldsSchema, request.reportFields, 'reportFields');
  for (const policy of policies) {
    if (categories) policy.categories = mergeCategories(policy.categories, categories);
    if (tagLevels) {
      const levels = tagLevels.map((level, i) => ({
        ...level,
        name: level.name.startsWith('Level ') ? (policy.tags[i]?.name ?? level.name) : level.name,
      }));
      policy.tags = mergeTagLevels(policy.tags, levels, mergeTags);
    }
    if (reportFields) {
      const incoming = reportFields.data.map((f) => ({ ...f }));
      policy.reportFields =
        reportFields.action === 'replace'
          ? incoming
          : [...policy.reportFields.filter((f) => !incoming.some((i) => i.name === f.name)), ...incoming];
    }
  }
  return ctx.respond.ok({}, op);
}
