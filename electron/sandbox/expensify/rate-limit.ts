// Sliding-window rate limiter per partner credential: [C] at most 5 requests per 10 s and 20 per 60 s.
// Time comes from the SimClock so tests can advance it; windows are options so tests can shrink them.
// A refused request is not counted against the windows [U].
import type { SimClock } from '../clock.ts';

export interface RateWindow {
  readonly limit: number;
  readonly windowMs: number;
}

export class SlidingWindowLimiter {
  private readonly windows: readonly RateWindow[];
  private readonly clock: SimClock;
  private readonly hits = new Map<string, number[]>();

  constructor(windows: readonly RateWindow[], clock: SimClock) {
    this.windows = windows;
    this.clock = clock;
  }

  /** Records the request and returns true, or returns false when any window is full. */
  tryAcquire(key: string): boolean {
    const now = this.clock.now();
    const longest = Math.max(0, ...this.windows.map((w) => w.windowMs));
    const times = (this.hits.get(key) ?? []).filter((t) => now - t < longest);
    for (const window of this.windows) {
      const inWindow = times.filter((t) => now - t < window.windowMs).length;
      if (inWindow >= window.limit) {
        this.hits.set(key, times);
        return false;
      }
    }
    times.push(now);
    this.hits.set(key, times);
    return true;
  }

  reset(): void {
    this.hits.clear();
  }
}
