// Rate limits (research sheet section 3): 5 requests per 10 s and 20 per 60 s per partner credential,
// answered with HTTP 429, a 429 body and no Retry-After. Time moves with the SimClock, not by waiting.
import { describe, expect, it } from 'vitest';
import { SimClock } from '../../../electron/sandbox/clock.ts';
import { job, start } from './helpers.ts';
import type { ExpensifySimulator } from '../../../electron/sandbox/expensify/index.ts';

const policyList = (sim: ExpensifySimulator) =>
  job(sim, { type: 'get', inputSettings: { type: 'policyList' } });

async function burst(sim: ExpensifySimulator, count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i += 1) statuses.push((await policyList(sim)).status);
  return statuses;
}

describe('rate limit', () => {
  it('answers the 6th request within 10 s with HTTP 429 and no Retry-After, then recovers', async () => {
    const clock = new SimClock();
    const sim = await start({ clock, options: { rateLimit: { enabled: true } } });
    try {
      expect(await burst(sim, 5)).toEqual([200, 200, 200, 200, 200]);
      const limited = await policyList(sim);
      expect(limited.status).toBe(429);
      expect(limited.retryAfter).toBeNull();
      expect(limited.json).toMatchObject({ responseCode: 429 });
      expect(String(limited.json?.responseMessage)).toContain('rate-limited');
      expect(sim.state.rateLimited).toBe(1);
      clock.advance(10_001);
      expect((await policyList(sim)).status).toBe(200);
    } finally {
      await sim.close();
    }
  });

  it('enforces 20 per 60 s even when every 10 s window stays under 5', async () => {
    const clock = new SimClock();
    const sim = await start({ clock, options: { rateLimit: { enabled: true } } });
    try {
      for (let round = 0; round < 4; round += 1) {
        expect(await burst(sim, 5)).toEqual([200, 200, 200, 200, 200]);
        clock.advance(10_001);
      }
      const limited = await policyList(sim);
      expect(limited.status).toBe(429);
      expect(limited.retryAfter).toBeNull();
      clock.advance(20_000);
      expect((await policyList(sim)).status).toBe(200);
      expect(sim.state.rateLimited).toBe(1);
    } finally {
      await sim.close();
    }
  });

  it('counts per partner credential, shrinks windows by option, and can answer 429 only in the body', async () => {
    const clock = new SimClock();
    const sim = await start({
      clock,
      options: {
        rateLimit: { enabled: true, windows: [{ limit: 2, windowMs: 1000 }] },
        rateLimitStatus: 'body-only',
      },
    });
    try {
      expect(await burst(sim, 2)).toEqual([200, 200]);
      const limited = await policyList(sim);
      expect(limited.status).toBe(200);
      expect(limited.json).toMatchObject({ responseCode: 429 });
      // Another partner is not limited by this one's traffic (it fails authentication instead).
      const other = await job(sim, {
        type: 'get',
        credentials: { partnerUserID: 'someone_else', partnerUserSecret: 'x' },
        inputSettings: { type: 'policyList' },
      });
      expect(other.json).toMatchObject({ responseCode: 404 });
      clock.advance(1001);
      expect((await policyList(sim)).json).toMatchObject({ responseCode: 200 });
    } finally {
      await sim.close();
    }
  });

  it('answers an injected 429 fault the same way', async () => {
    const sim = await start();
    try {
      sim.server.faults.set({ rate429: 1 });
      const answer = await policyList(sim);
      expect(answer.status).toBe(429);
      expect(answer.retryAfter).toBeNull();
      expect(answer.json).toMatchObject({ responseCode: 429 });
    } finally {
      await sim.close();
    }
  });
});
