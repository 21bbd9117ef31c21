import { AxiosError } from 'axios';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConcurSimulator } from '../../../electron/sandbox/concur/index.ts';
import {
  ConcurError,
  fullJitterDelay,
  parseRetryAfter,
  retryDelay,
  shouldRetry,
} from '../../../electron/connectors/concur/index.ts';
import { clientFor, startSim } from './helpers.ts';

let sim: ConcurSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const SETTINGS = { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 300_000 };

describe('Concur failure classifier and backoff', () => {
  it('full jitter stays within [0, min(cap, base * 2^n)]', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (n, r) => {
          const delay = fullJitterDelay(n, SETTINGS, () => r);
          return delay >= 0 && delay <= Math.min(300_000, 1000 * 2 ** n);
        },
      ),
    );
  });

  it('honours a non-zero Retry-After (seconds or date), ignores 0, and caps it at 5 minutes', () => {
    expect(parseRetryAfter('0')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('7')).toBe(7000);
    expect(
      parseRetryAfter(new Date(Date.UTC(2026, 0, 1, 0, 0, 30)).toUTCString(), Date.UTC(2026, 0, 1)),
    ).toBe(30_000);
    const limited = new ConcurError('429', { kind: 'rate_limited', retryAfterMs: 20_000 });
    expect(retryDelay(0, SETTINGS, limited, () => 0)).toBe(20_000);
    const huge = new ConcurError('429', { kind: 'rate_limited', retryAfterMs: 3_600_000 });
    expect(retryDelay(0, SETTINGS, huge, () => 0)).toBe(300_000);
  });

  it('repeats an unsafe write only when it certainly was not applied', () => {
    const reset = new ConcurError('reset', { kind: 'retry', ambiguous: true });
    const maintenance = new ConcurError('503', { kind: 'retry', ambiguous: false });
    const refused = new ConcurError('400', { kind: 'business' });
    expect(shouldRetry(reset, 'repeatable')).toBe(true);
    expect(shouldRetry(reset, 'unsafe')).toBe(false);
    expect(shouldRetry(maintenance, 'unsafe')).toBe(true);
    expect(shouldRetry(refused, 'repeatable')).toBe(false);
  });

  it('waits the Retry-After a 429 names before trying again', async () => {
    sim = await startSim();
    const waits: number[] = [];
    const h = clientFor(sim, {
      options: {
        sleep: (ms) => (waits.push(ms), Promise.resolve()),
        retry: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 60_000 },
      },
    });
    await h.client.connect();
    let calls = 0;
    // A 429 with "Retry-After: 2" the first time (the simulator's 429 always says 0), then the real answer.
    h.client.http.instance.interceptors.request.use((config) => {
      calls += 1;
      if (calls === 1) {
        config.adapter = () =>
          Promise.reject(
            new AxiosError('Request failed with status code 429', 'ERR_BAD_REQUEST', config, undefined, {
              status: 429,
              statusText: 'Too Many Requests',
              headers: { 'retry-after': '2' },
              data: '{}',
              config,
            }),
          );
      }
      return config;
    });
    expect((await h.client.fis.listReady('invoice')).length).toBeGreaterThan(0);
    expect(waits).toEqual([2000]);
  });

  it('classifies answers: 404 path is a settings error, 400 a business error, 503 retried then given up', async () => {
    sim = await startSim();
    const h = clientFor(sim, { options: { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } } });
    await h.client.connect();
    const notFound = await h.client.http
      .send({
        endpoint: 'fis.typo',
        method: 'GET',
        path: '/financialintegration/fi/v5/nothing',
        repeat: 'repeatable',
      })
      .catch((e: unknown) => e);
    expect(notFound).toMatchObject({ kind: 'config', status: 404 });

    const bad = await h.client.http
      .send({
        endpoint: 'fis.list',
        method: 'GET',
        path: '/financialintegration/fi/v4/companies/transactiontypes/invoice/transactions',
        params: { page: -1 },
        repeat: 'repeatable',
      })
      .catch((e: unknown) => e);
    expect(bad).toMatchObject({ kind: 'business', status: 400 });

    sim.apiServer.faults.set({ rate503: 1, pathContains: '/financialintegration' });
    const down = await h.client.fis.listReady('invoice').catch((e: unknown) => e);
    expect(down).toMatchObject({ kind: 'retry', status: 503 });
    expect(sim.apiServer.faults.injected['503']).toBe(3);
  });

  it('opens the circuit after consecutive failures and stops calling the endpoint', async () => {
    sim = await startSim();
    const h = clientFor(sim, {
      options: {
        retry: { maxAttempts: 10, baseDelayMs: 1, maxDelayMs: 2 },
        breaker: { failureThreshold: 3, halfOpenAfterMs: 60_000 },
      },
    });
    await h.client.connect();
    sim.apiServer.faults.set({ rate503: 1, pathContains: '/financialintegration' });
    const first = await h.client.fis.listReady('invoice').catch((e: unknown) => e);
    expect(first).toMatchObject({ kind: 'retry', code: 'CIRCUIT_OPEN' });
    expect(sim.apiServer.faults.injected['503']).toBe(3);
    const second = await h.client.fis.listReady('invoice').catch((e: unknown) => e);
    expect(second).toMatchObject({ code: 'CIRCUIT_OPEN' });
    expect(sim.apiServer.faults.injected['503']).toBe(3); // no request sent while open
    // Other endpoints have their own breaker.
    expect((await h.client.vendors.list()).length).toBeGreaterThan(0);
  });

  it('times out a hanging call and retries it (reads are safe to repeat)', async () => {
    sim = await startSim();
    const h = clientFor(sim, { options: { timeoutMs: 300 } });
    await h.client.connect();
    // Seed 7 draws 0.01 (hang) then 0.06 (through) at a 5 % hang rate.
    sim.apiServer.faults.set({ hangRate: 0.05, seed: 7, pathContains: '/invoice/vendors' });
    expect((await h.client.vendors.list()).length).toBeGreaterThan(0);
    expect(sim.apiServer.faults.injected.hang).toBe(1);
  });
});
