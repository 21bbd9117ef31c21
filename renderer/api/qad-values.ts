// The valid QAD values of one kind (from the engine's QAD cache via `qad/values`), loaded once per kind and
// entity and shared by every cell editor and every flag in the grid.
import { useEffect, useState } from 'react';
import type { QadValue, QadValueKind } from '../../shared/contract/qad.ts';
import type { ContractError } from '../../shared/contract/result.ts';
import { client } from './client.ts';

export interface QadCatalogueState {
  readonly values: readonly QadValue[];
  /** code -> the value; empty while loading or when the engine cannot list values. */
  readonly byCode: ReadonlyMap<string, QadValue>;
  readonly loading: boolean;
  /** Set when the engine could not list them (e.g. an engine without `qad/values`): values are typed freely. */
  readonly error?: ContractError;
}

const cache = new Map<string, Promise<{ values: readonly QadValue[]; error?: ContractError }>>();

function load(kind: QadValueKind, entity: string | undefined) {
  const key = `${kind}|${entity ?? ''}`;
  let pending = cache.get(key);
  if (!pending) {
    pending = client
      .invoke('qad/values', { kind, ...(entity && entity !== '*' ? { entity } : {}), limit: 20_000 })
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

export function useQadValues(kind: QadValueKind | undefined, entity?: string): QadCatalogueState {
  const [state, setState] = useState<QadCatalogueState>({ values: [], byCode: new Map(), loading: true });
  useEffect(() => {
    if (!kind) return;
    let current = true;
    void load(kind, entity).then((result) => {
      if (!current) return;
      setState({
        values: result.values,
        byCode: new Map(result.values.map((v) => [v.code, v])),
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
