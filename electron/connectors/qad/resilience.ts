// Retries and circuit breakers for QAD calls (research/reliability.md B4), built on cockatiel: reads are
// retried with full-jitter exponential backoff (a non-zero Retry-After wins) behind one circuit breaker per
// endpoint; writes pass the breaker once per attempt and are never retried here (see guarded-create.ts).
import { fullJitter } from '../../lib/backoff.ts';
import {
  ConsecutiveBreaker,
  DelegateBackoff,
  circuitBreaker,
  handleWhen,
  retry,
  type CircuitBreakerPolicy,
  type IRetryBackoffContext,
} from 'cockatiel';
import { decide } from './classify.ts';
import { QadError, QadTransientError } from './errors.ts';

export interface RetrySettings {
  /** Total attempts including the first. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export interface BreakerSettings {
  readonly failureThreshold: number;
  readonly halfOpenAfterMs: number;
}

/** Full jitter: uniform in [0, min(cap, base * 2^(attempt-1))] (reliability.md A3, AWS). */
export function fullJitterDelay(
  attempt: number,
  s: RetrySettings,
  random: () => number = Math.random,
): number {
  return fullJitter(attempt - 1, s.baseDelayMs, s.maxDelayMs, random);
}

/** The wait before attempt `attempt + 1` after `error`. */
export function backoffDelay(
  attempt: number,
  error: unknown,
  s: RetrySettings,
  random: () => number = Math.random,
): number {
  if (error instanceof QadTransientError && error.retryAfterMs !== undefined)
    return Math.min(error.retryAfterMs, s.maxDelayMs);
  return fullJitterDelay(attempt, s, random);
}

// Failures that say nothing about the endpoint's health must not open its circuit.
const countsAgainstEndpoint = (error: unknown): boolean =>
  error instanceof QadError &&
  (error.kind === 'transient' || error.kind === 'protocol') &&
  error.code !== 'CIRCUIT_OPEN';

// Breakers live as long as the process: a flow builds a new gateway each run, the endpoint stays as sick.
const breakers = new Map<string, CircuitBreakerPolicy>();

export function breakerFor(endpoint: string, s: BreakerSettings): CircuitBreakerPolicy {
  const key = `${endpoint}|${s.failureThreshold}|${s.halfOpenAfterMs}`;
  let found = breakers.get(key);
  if (!found) {
    found = circuitBreaker(handleWhen(countsAgainstEndpoint), {
      breaker: new ConsecutiveBreaker(s.failureThreshold),
      halfOpenAfter: s.halfOpenAfterMs,
    });
    breakers.set(key, found);
  }
  return found;
}

/** Forgets every breaker (tests; an operator's "reset connection"). */
export function resetBreakers(): void {
  breakers.clear();
}

export interface Resilience {
  /** A read: retried on transient failures, each attempt through the endpoint's breaker. */
  read<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** One attempt through the breaker, no retry (writes). */
  once<T>(fn: () => Promise<T>): Promise<T>;
  /** Waits the backoff for `attempt` (1-based) after `error`. */
  pause(attempt: number, error: unknown, signal?: AbortSignal): Promise<void>;
  readonly retry: RetrySettings;
}

export function createResilience(options: {
  readonly endpoint: string;
  readonly retry: RetrySettings;
  readonly breaker: BreakerSettings;
  readonly random?: () => number;
  /** Maps a failure of the breaker itself (open circuit) to a QadError. */
  readonly classify: (error: unknown) => QadError;
}): Resilience {
  const random = options.random ?? Math.random;
  const breaker = breakerFor(options.endpoint, options.breaker);
  const retryPolicy = retry(
    handleWhen((error) => error instanceof QadError && decide(error, 'read') === 'retry'),
    {
      maxAttempts: Math.max(0, options.retry.maxAttempts - 1),
      backoff: new DelegateBackoff((context: IRetryBackoffContext<unknown>) =>
        backoffDelay(
          context.attempt,
          'error' in context.result ? context.result.error : undefined,
          options.retry,
          random,
        ),
      ),
    },
  );
  // Breaker failures (open circuit) are translated inside each attempt so the retry policy sees QadErrors.
  const throughBreaker = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await breaker.execute(fn);
    } catch (error) {
      throw options.classify(error);
    }
  };
  return {
    retry: options.retry,
    read: (fn, signal) => retryPolicy.execute(() => throughBreaker(fn), signal),
    once: (fn) => throughBreaker(fn),
    pause: (attempt, error, signal) => sleep(backoffDelay(attempt, error, options.retry, random), signal),
  };
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new QadTransientError('Cancelled while waiting to retry.', { code: 'CANCELLED' }));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new QadTransientError('Cancelled while waiting to retry.', { code: 'CANCELLED' }));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
