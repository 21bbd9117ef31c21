// Reading and writing a settings value by its dotted path, the same path a failed `settings/update` names
// in `field` (minus the leading `settings.`), so an error lands beside its input.

export function getAt(value: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], value);
}

export function setAt<T>(value: T, path: string, next: unknown): T {
  const [head, ...rest] = path.split('.');
  const node = (value ?? {}) as Record<string, unknown>;
  if (head === undefined) return value;
  return { ...node, [head]: rest.length === 0 ? next : setAt(node[head], rest.join('.'), next) } as T;
}

/** The error for an input at `path`, including errors on its array items (`policyIds[2]`). */
export function errorAt(errors: Readonly<Record<string, string>>, path: string): string | undefined {
  for (const [field, message] of Object.entries(errors)) {
    if (field === path || field.startsWith(`${path}[`) || field.startsWith(`${path}.`)) return message;
  }
  return undefined;
}
