// Which QAD values a mapping row may name, given the row's entity (pure; tested in
// test/web/renderer-mapping-entity.test.ts). Used by api/qad-values.ts for every loaded list.
import type { QadValue } from '../../../shared/contract/qad.ts';

const usable = (v: QadValue) => v.active && v.postable !== false;

/**
 * The values a mapping row of `entity` may name, by code: the entity's own plus the domain-wide ('*') ones,
 * as `qad/values` with `entity` answers. A '*' row applies to every entity, so it may name any entity's value.
 * A code listed more than once resolves to the entity's own value over a '*' one, then to a usable (active,
 * postable) one, so a '*' row is not flagged because one entity retired a code the others still use.
 */
export function catalogueForEntity(values: readonly QadValue[], entity: string): Map<string, QadValue> {
  const row = entity.trim() || '*';
  const rank = (v: QadValue) => (row !== '*' && v.entity === row ? 2 : 0) + (usable(v) ? 1 : 0);
  const byCode = new Map<string, QadValue>();
  for (const value of values) {
    if (row !== '*' && value.entity !== row && value.entity !== '*') continue;
    const held = byCode.get(value.code);
    if (!held || rank(value) > rank(held)) byCode.set(value.code, value);
  }
  return byCode;
}

/** `forEntity` for one loaded list: each entity's catalogue is built once, on first use. */
export function entityCatalogues(
  values: readonly QadValue[],
): (entity: string) => ReadonlyMap<string, QadValue> | undefined {
  const built = new Map<string, Map<string, QadValue>>();
  return (entity) => {
    if (values.length === 0) return undefined;
    const key = entity.trim() || '*';
    let catalogue = built.get(key);
    if (!catalogue) {
      catalogue = catalogueForEntity(values, key);
      built.set(key, catalogue);
    }
    return catalogue;
  };
}
