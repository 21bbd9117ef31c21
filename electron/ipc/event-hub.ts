// The engine pushes typed events here; each transport (IPC window, browser-mode SSE) subscribes once.
import type { EventName, EventPayload } from '../../shared/contract/index.ts';
import type { PushEvent } from '../../shared/contract/bridge.ts';
import { type LogSink, stderrLog } from './log-sink.ts';

export type PushListener = (event: PushEvent) => void;

export class EventHub {
  readonly #listeners = new Set<PushListener>();
  readonly #log: LogSink;

  constructor(log: LogSink = stderrLog) {
    this.#log = log;
  }

  emit<K extends EventName>(name: K, payload: EventPayload<K>): void {
    const event = { name, payload } as PushEvent;
    // Copy first: a listener may unsubscribe itself while we iterate.
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (error) {
        // One broken transport must not stop the others from hearing the engine.
        this.#log.error({ event: name, err: describe(error) }, 'push listener failed');
      }
    }
  }

  subscribe(listener: PushListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
