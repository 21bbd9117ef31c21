// React hooks over the contract client: components never call the transport themselves.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PushEvent } from '../../shared/contract/bridge.ts';
import type { EventName, EventPayload, OperationName, OperationResult } from '../../shared/contract/index.ts';
import type { ContractError, Result } from '../../shared/contract/result.ts';
import { type ArgsTuple, client } from './client.ts';

export interface OperationState<T> {
  readonly data: T | undefined;
  readonly error: ContractError | undefined;
  readonly loading: boolean;
  readonly reload: () => void;
  /** Replace the data without a call, e.g. with the payload of a push event. */
  readonly setData: (value: T) => void;
}

interface Settled<T> {
  readonly id?: string;
  readonly data?: T;
  readonly error?: ContractError;
}

/** Calls `name` on mount and whenever `args` change (compared by value); keeps the last data while reloading. */
export function useOperation<K extends OperationName>(
  name: K,
  ...args: ArgsTuple<K>
): OperationState<OperationResult<K>> {
  const key = JSON.stringify(args[0] ?? {});
  const [generation, setGeneration] = useState(0);
  const [settled, setSettled] = useState<Settled<OperationResult<K>>>({});
  const id = `${name}|${key}|${generation}`;

  useEffect(() => {
    let current = true;
    const parsed = JSON.parse(key) as ArgsTuple<K>[0];
    void client.invoke(name, ...([parsed] as ArgsTuple<K>)).then((result) => {
      if (!current) return;
      setSettled((old) =>
        result.ok ? { id, data: result.value } : { id, data: old.data, error: result.error },
      );
    });
    return () => {
      current = false;
    };
  }, [name, key, id]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  const setData = useCallback(
    (value: OperationResult<K>) => setSettled((old) => ({ ...old, data: value, error: undefined })),
    [],
  );
  return { data: settled.data, error: settled.error, loading: settled.id !== id, reload, setData };
}

/** Runs `handler` for each push event called `name` while the component is mounted. */
export function usePushEvent<K extends EventName>(
  name: K,
  handler: (payload: EventPayload<K>) => void,
): void {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(
    () =>
      client.subscribe((event: PushEvent) => {
        if (event.name === name) latest.current(event.payload);
      }),
    [name],
  );
}

/** A call made on a person's request (a button), with its pending flag. */
export function useAction() {
  const [pending, setPending] = useState<string>();
  const run = useCallback(
    async <K extends OperationName>(name: K, ...args: ArgsTuple<K>): Promise<Result<OperationResult<K>>> => {
      setPending(name);
      try {
        return await client.invoke(name, ...args);
      } finally {
        setPending(undefined);
      }
    },
    [],
  );
  return { run, pending };
}
