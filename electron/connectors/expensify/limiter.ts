// Paces every Expensify call under both documented windows: at most 5 requests per 10 s and 20 per 60 s
// (research/expensify.md 3, [C]), across all flows, with one shared pacer per partner credential (the limits
// are most likely per credential [U]).
//
// Why not a library: bottleneck's reservoir and `limiter`'s token buckets refill on fixed intervals, so two
// chained buckets still let 5 calls end one interval and 5 more start the next (10 inside one sliding 10 s),
// and the server counts sliding windows (the simulator does). This is a sliding-window log, and it counts a
// call from when its ANSWER arrived, not when it was sent: the server saw the request somewhere between the
// two, so "answer time + window" is a time by which the server has certainly forgotten it, whatever the
// latency. A call still in flight counts in every window. That makes the pacing provable instead of hopeful.
export interface RateWindow {
  readonly limit: number;
  readonly windowMs: number;
}

/** The documented limits. */
export const EXPENSIFY_RATE_WINDOWS: readonly RateWindow[] = [
  { limit: 5, windowMs: 10_000 },
  { limit: 20, windowMs: 60_000 },
];

export interface PacerOptions {
  readonly now?: () => number;
  /** Extra time added to every window (clock drift between us and Expensify). */
  readonly marginMs?: number;
}

interface Slot {
  /** When the answer arrived; undefined while in flight. */
  end: number | undefined;
}

export class SlidingWindowPacer {
  readonly windows: readonly RateWindow[];
  readonly #now: () => number;
  readonly #marginMs: number;
  readonly #longestMs: number;
  #slots: Slot[] = [];
  #tail: Promise<unknown> = Promise.resolve();
  #wake: (() => void) | undefined;
  /** Calls started so far (for tests and logs). */
  started = 0;

  constructor(windows: readonly RateWindow[], options: PacerOptions = {}) {
    if (windows.length === 0 || windows.some((w) => w.limit < 1 || w.windowMs < 1))
      throw new Error('rate windows need a limit >= 1 and a length >= 1 ms');
    this.windows = windows;
    this.#now = options.now ?? Date.now;
    this.#marginMs = options.marginMs ?? 0;
    this.#longestMs = Math.max(...windows.map((w) => w.windowMs)) + this.#marginMs;
  }

  /** Runs `task` when both windows have room; calls start in the order they were scheduled. */
  async schedule<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const turn = this.#tail.then(() => this.#acquire(signal));
    this.#tail = turn.catch(() => undefined);
    const slot = await turn;
    try {
      return await task();
    } finally {
      slot.end = this.#now();
      this.#wake?.();
    }
  }

  /** How many calls count in each window right now (in flight included). */
  usage(): number[] {
    const now = this.#now();
    return this.windows.map((w) => this.#countIn(w, now));
  }

  #countIn(window: RateWindow, now: number): number {
    const span = window.windowMs + this.#marginMs;
    return this.#slots.filter((s) => s.end === undefined || now - s.end < span).length;
  }

  async #acquire(signal: AbortSignal | undefined): Promise<Slot> {
    for (;;) {
      if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
      const now = this.#now();
      this.#slots = this.#slots.filter((s) => s.end === undefined || now - s.end < this.#longestMs);
      let waitMs: number | undefined;
      let blocked = false;
      for (const window of this.windows) {
        const span = window.windowMs + this.#marginMs;
        const counting = this.#slots.filter((s) => s.end === undefined || now - s.end < span);
        if (counting.length < window.limit) continue;
        blocked = true;
        // The window has room once enough finished calls age out of it.
        const ends = counting
          .map((s) => s.end)
          .filter((e): e is number => e !== undefined)
          .sort((a, b) => a - b);
        const mustExpire = counting.length - window.limit + 1;
        const end = ends[mustExpire - 1];
        if (end !== undefined) {
          const wait = end + span - now;
          waitMs = waitMs === undefined ? wait : Math.max(waitMs, wait);
        }
      }
      if (!blocked) {
        const slot: Slot = { end: undefined };
        this.#slots.push(slot);
        this.started += 1;
        return slot;
      }
      await this.#sleep(waitMs, signal);
    }
  }

  /** Sleeps until `ms` passed (if known) or a call in flight finished, whichever is first. */
  #sleep(ms: number | undefined, signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = (): void => {
        if (timer) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.#wake = undefined;
        resolve();
      };
      const onAbort = (): void => {
        if (timer) clearTimeout(timer);
        this.#wake = undefined;
        reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      };
      this.#wake = done;
      if (ms !== undefined) timer = setTimeout(done, Math.max(1, Math.ceil(ms)));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

const shared = new Map<string, SlidingWindowPacer>();

/**
 * The one pacer of a partner credential at an Integration Server URL, shared by every client in this
 * process (the Expensify flow, the policy push, the connection check).
 */
export function sharedPacer(
  url: string,
  partnerUserId: string,
  windows: readonly RateWindow[] = EXPENSIFY_RATE_WINDOWS,
  marginMs = 1000,
): SlidingWindowPacer {
  const key = `${url}\u0000${partnerUserId}\u0000${JSON.stringify(windows)}\u0000${marginMs}`;
  let pacer = shared.get(key);
  if (!pacer) {
    pacer = new SlidingWindowPacer(windows, { marginMs });
    shared.set(key, pacer);
  }
  return pacer;
}
