// A clock the tests control: simulators read time only through it, so token expiry (1 h access tokens,
// 6-month refresh tokens, 24 h request tokens) can be tested without waiting.
export class SimClock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  nowIso(): string {
    return new Date(this.now()).toISOString();
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
