// Job validation with zod, answered in the Integration Server's own words: "Required parameter 'x' is
// missing", "Argument 'x' is missing or malformed", "Malformed date '...'. Expected format is yyyy-MM-dd"
// (responseCode 410). A schema can carry an exact message by prefixing it with "EXP:".
import { z } from 'zod';

export class JobError extends Error {
  readonly responseCode: number;

  constructor(responseCode: number, message: string) {
    super(message);
    this.name = 'JobError';
    this.responseCode = responseCode;
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export const isoDate = z.string().superRefine((value, ctx) => {
  if (!isIsoDate(value)) {
    ctx.addIssue({ code: 'custom', message: `EXP:Malformed date '${value}'. Expected format is yyyy-MM-dd` });
  }
});

/** Booleans that clients send as "true"/"false" strings too (docs type `test` as a string). */
export const looseBoolean = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

/** Comma-separated id lists (the exporter's filters are strings, not arrays). */
export const commaList = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0),
);

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

export function parseJob<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new JobError(410, 'Invalid request');
  if (issue.message.startsWith('EXP:')) throw new JobError(410, issue.message.slice(4));
  const path = issue.path.map(String);
  const name = path[path.length - 1] ?? 'requestJobDescription';
  if (valueAt(input, issue.path) === undefined)
    throw new JobError(410, `Required parameter '${name}' is missing`);
  throw new JobError(410, `Argument '${path.join('.')}' is missing or malformed`);
}
