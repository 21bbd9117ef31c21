// One error type for every settings problem, naming the dotted path of the first bad field so a person
// editing the JSON file (or the settings form) knows exactly what to fix.
import type { z } from 'zod';

export class ConfigError extends Error {
  /** Dotted path of the offending field, e.g. `qad.rest.tenantUrl`; empty when the whole file is at fault. */
  readonly field: string;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(field: string, message: string, position?: { line: number; column: number }) {
    super(field === '' ? message : `${field}: ${message}`);
    this.name = 'ConfigError';
    this.field = field;
    this.line = position?.line;
    this.column = position?.column;
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `the boolean ${value}`;
  return typeof value;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** `['schedules', 'concur', 'days', 1]` -> `schedules.concur.days[1]`, the notation the contract router uses. */
function dotted(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** Turns the first zod issue into a ConfigError; `input` is the raw value, used to say what was found. */
export function configErrorFromZod(error: z.ZodError, input: unknown): ConfigError {
  const issue = error.issues[0];
  if (issue === undefined) return new ConfigError('', 'invalid settings');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    return new ConfigError(
      dotted([...issue.path, key]),
      'unknown setting (check the spelling; unknown keys are refused)',
    );
  }
  if (issue.code === 'invalid_type') {
    const found = valueAt(input, issue.path);
    if (found === undefined)
      return new ConfigError(dotted(issue.path), `is required (expected ${issue.expected})`);
    return new ConfigError(dotted(issue.path), `expected ${issue.expected}, found ${describeValue(found)}`);
  }
  return new ConfigError(dotted(issue.path), issue.message);
}
