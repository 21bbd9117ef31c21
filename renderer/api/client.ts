// The one client every screen uses, typed from the contract. In the desktop it goes through `window.mlc`
// (the preload bridge); in browser mode, where there is no bridge, it calls the local server over HTTP with
// the session cookie and listens to Server-Sent Events. Both answer the same Result data.
import type { MlcBridge, PushEvent } from '../../shared/contract/bridge.ts';
import type { OperationArgs, OperationName, OperationResult } from '../../shared/contract/index.ts';
import { type Result, fail } from '../../shared/contract/result.ts';

declare global {
  interface Window {
    mlc?: MlcBridge;
  }
}

/** Operations whose arguments are all optional may be called without them. */
export type ArgsTuple<K extends OperationName> =
  Record<string, never> extends OperationArgs<K> ? [args?: OperationArgs<K>] : [args: OperationArgs<K>];

export type PushListener = (event: PushEvent) => void;

export interface ContractClient {
  readonly transport: 'desktop' | 'browser';
  invoke<K extends OperationName>(name: K, ...args: ArgsTuple<K>): Promise<Result<OperationResult<K>>>;
  subscribe(listener: PushListener): () => void;
}

function desktopClient(bridge: MlcBridge): ContractClient {
  return {
    transport: 'desktop',
    invoke: async <K extends OperationName>(name: K, ...args: ArgsTuple<K>) => {
      try {
        return (await bridge.invoke(name, args[0] ?? {})) as Result<OperationResult<K>>;
      } catch {
        return fail(
          'unavailable',
          'The ml-connector engine did not answer. Restart the app if this persists.',
        );
      }
    },
    subscribe: (listener) => bridge.onEvent(listener),
  };
}

function browserClient(): ContractClient {
  const listeners = new Set<PushListener>();
  let source: EventSource | undefined;

  const open = () => {
    // Same origin, so the HttpOnly session cookie travels with it; EventSource reconnects on its own.
    source = new EventSource('/api/events');
    source.onmessage = (message: MessageEvent<string>) => {
      let event: PushEvent;
      try {
        event = JSON.parse(message.data) as PushEvent;
      } catch {
        return;
      }
      for (const listener of [...listeners]) listener(event);
    };
  };

  return {
    transport: 'browser',
    invoke: async <K extends OperationName>(name: K, ...args: ArgsTuple<K>) => {
      let response: Response;
      try {
        response = await fetch(`/api/invoke/${name}`, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(args[0] ?? {}),
        });
      } catch {
        return fail('unavailable', 'Cannot reach ml-connector. Is "ml-connector serve" still running?');
      }
      if (response.status === 401) {
        return fail(
          'unauthorized',
          'This browser session has expired. Open the link that "ml-connector serve" printed again.',
        );
      }
      try {
        return (await response.json()) as Result<OperationResult<K>>;
      } catch {
        return fail('internal', `ml-connector answered with HTTP ${response.status} and no result.`);
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      if (source === undefined) open();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          source?.close();
          source = undefined;
        }
      };
    },
  };
}

export function createClient(): ContractClient {
  return window.mlc !== undefined ? desktopClient(window.mlc) : browserClient();
}

export const client: ContractClient = createClient();
