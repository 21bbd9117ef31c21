// The valid QAD values of one kind (from the engine's QAD cache via `qad/values`), loaded once per kind and
// shared by every cell editor and every flag in the grid. One load holds every entity's values (each value
// names its entity), so a grid checks each row against its own entity without a call per row.
import { useEffect, useState } from 'react';
import type { QadValue, QadValueKind } from '../../shared/contract/qad.ts';
import type { ContractError } from '../../shared/contract/result.ts';
import { catalogueForEntity, entityCatalogues } from '../features/mappings/entity-values.ts';
import { client } from './client.ts';

export interface QadCatalogueState {
  readonly values: readonly QadValue[];
  /** code -> the value, over every entity; empty while loading or when the engine cannot list values. */
  readonly byCode: ReadonlyMap<string, QadValue>;
  /**
   * code -> the value a row of `entity` may name (features/mappings/entity-values.ts). Undefined while loading, when
   * the engine cannot list values, or when the cache holds none of this kind: nothing can be checked then.
   */
  readonly forEntity: (entity: string) => ReadonlyMap<string, QadValue> | undefined;
  readonly loading: boolean;
  /** Set when the engine could not list them (e.g. an engine without `qad/values`): values are typed freely. */
  readonly error?: ContractError;
}

const cache = new Map<string, Promise<{ values: readonly QadValue[]; error?: ContractError }>>();

function load(kind: QadValueKind, entity: string | undefined) {
  // '*' means every entity's values, the same list as no entity at all.
  const only = entity?.trim() && entity.trim() !== '*' ? entity.trim() : undefined;
  const key = `${kind}|${only ?? '*'}`;
  let pending = cache.get(key);
  if (!pending) {
    pending = client
      .invoke('qad/values', { kind, ...(only ? { entity: only } : {}), limit: 20_000 })
      .then((result) => (result.ok ? { values: result.value.values } : { values: [], error: result.error }));
    cache.set(key, pending);
    // A failure is not remembered: the next screen that asks tries again.
    void pending.then((r) => r.error && cache.delete(key));
  }
  return pending;
}

/** Forget loaded values, e.g. after a master-data run refreshed the QAD cache. */
export function forgetQadValues(): void {
  cache.clear();
}

const NOTHING_LOADED: QadCatalogueState = {
  values: [],
  byCode: new Map(),
  forEntity: () => undefined,
  loading: true,
};

/** Every entity's values of `kind`, or with `entity` that entity's own plus the domain-wide ones. */
export function useQadValues(kind: QadValueKind | undefined, entity?: string): QadCatalogueState {
  const [state, setState] = useState<QadCatalogueState>(NOTHING_LOADED);
  useEffect(() => {
    if (!kind) return;
    let current = true;
    void load(kind, entity).then((result) => {
      if (!current) return;
      setState({
        values: result.values,
        byCode: catalogueForEntity(result.values, '*'),
        forEntity: entityCatalogues(result.values),
        loading: false,
        ...(result.error ? { error: result.error } : {}),
      });
    });
    return () => {
      current = false;
    };
  }, [kind, entity]);
  return state;
}
