// Reading the objects the soap package makes of a QDoc body: element names without prefixes, text as
// strings, empty elements as null, repeated elements as arrays (a single one as an object).

export type Node = Record<string, unknown>;

const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Text of an element; `xsi:nil` and empty elements read as ''. */
export function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isNode(value) && '$value' in value) return text(value.$value);
  return '';
}

/** Direct children called `name`, always as a list. */
export function children(node: unknown, name: string): Node[] {
  if (!isNode(node)) return [];
  const value = node[name];
  if (Array.isArray(value)) return value.filter(isNode);
  return isNode(value) ? [value] : value === null ? [{}] : [];
}

export function child(node: unknown, name: string): Node | undefined {
  return children(node, name)[0];
}

/** Every element called `name` anywhere below `node`, in document order (depth first). */
export function descendants(node: unknown, name: string): Node[] {
  const out: Node[] = [];
  const walk = (current: unknown): void => {
    if (Array.isArray(current)) {
      for (const item of current) walk(item);
      return;
    }
    if (!isNode(current)) return;
    for (const [key, value] of Object.entries(current)) {
      if (key === name) out.push(...(Array.isArray(value) ? value : [value]).filter(isNode));
      else walk(value);
    }
  };
  walk(node);
  return out;
}

/** Leaf values below `node` by element name (first occurrence wins), e.g. query filters. */
export function leaves(node: unknown): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (current: unknown): void => {
    if (Array.isArray(current)) {
      for (const item of current) walk(item);
      return;
    }
    if (!isNode(current)) return;
    for (const [key, value] of Object.entries(current)) {
      if (key === 'attributes') continue;
      if (isNode(value) && !('$value' in value)) walk(value);
      else if (Array.isArray(value)) walk(value);
      else if (!out.has(key)) out.set(key, text(value));
    }
  };
  walk(node);
  return out;
}

export const isTrue = (value: string): boolean => /^(true|yes|y|1)$/i.test(value);
