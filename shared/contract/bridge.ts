// The shape of what the desktop preload exposes as `window.mlc`, and of one push event on any transport.
// Both the preload (electron/ipc/preload-api.ts) and the renderer client are typed from here.
import type { EventName, EventPayload } from './index.ts';
import type { Result } from './result.ts';

export type PushEvent = {
  [K in EventName]: { readonly name: K; readonly payload: EventPayload<K> };
}[EventName];

export interface MlcBridge {
  invoke(name: string, args: unknown): Promise<Result<unknown>>;
  onEvent(listener: (event: PushEvent) => void): () => void;
}
