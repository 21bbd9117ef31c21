// Full-jitter exponential backoff (research/reliability.md A3, AWS "full jitter"): the wait is uniform in
// [0, min(cap, base * 2^exponent)). One formula for every client; each caller says which exponent its attempt
// counter means (some count from 0, some from the first retry).
export function fullJitter(
  exponent: number,
  baseMs: number,
  capMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, exponent));
  return Math.floor(random() * ceiling);
}
