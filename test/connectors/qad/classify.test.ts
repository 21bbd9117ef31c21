// The one QAD failure classifier as a table: what each failure means for the next step, and the backoff.
import { describe, expect, it } from 'vitest';
import { classifyHttp, decide, retryAfterMs } from '../../../electron/connectors/qad/classify.ts';
import {
  QadAuthError,
  QadBusinessError,
  QadConfigError,
  QadResponseError,
  QadTransientError,
} from '../../../electron/connectors/qad/errors.ts';
import { backoffDelay, fullJitterDelay } from '../../../electron/connectors/qad/resilience.ts';

const ctx = {
  transport: 'rest' as const,
  what: 'reading suppliers',
  url: 'https://qad.example/clouderp/api/erp/x',
};
const reply = (status: number, body = '', headers: Record<string, string> = {}) =>
  classifyHttp({ status, body, headers }, ctx);

describe('QAD failure classifier', () => {
  it('sorts HTTP statuses into transient, auth, configuration and unreadable replies', () => {
    expect(reply(503)).toBeInstanceOf(QadTransientError);
    expect(reply(429, '', { 'retry-after': '7' })).toMatchObject({ retryAfterMs: 7000, outcome: 'refused' });
    expect(reply(502).outcome).toBe('unknown');
    expect(reply(401)).toMatchObject({ kind: 'auth', tokenExpired: true });
    expect(reply(403)).toBeInstanceOf(QadConfigError);
    expect(reply(404)).toBeInstanceOf(QadConfigError);
    expect(reply(302, '', { location: 'https://login.example' }).message).toMatch(/redirected/);
    expect(reply(200, '')).toBeInstanceOf(QadResponseError);
  });

  it('never lets a write be re-sent blindly', () => {
    const unclear = new QadTransientError('timeout', { outcome: 'unknown' });
    const refusedConnection = new QadTransientError('refused', { outcome: 'not_sent' });
    expect(decide(unclear, 'read')).toBe('retry');
    expect(decide(unclear, 'write')).toBe('reconcile');
    expect(decide(refusedConnection, 'write')).toBe('retry');
    expect(decide(new QadResponseError('html', { outcome: 'unknown' }), 'write')).toBe('reconcile');
    expect(decide(new QadAuthError('401', { tokenExpired: true }), 'read')).toBe('relogin');
    expect(decide(new QadAuthError('401', { tokenExpired: true }), 'write')).toBe('reconcile');
    expect(decide(new QadAuthError('bad password'), 'read')).toBe('stop');
    expect(decide(new QadBusinessError([{ severity: 'error', message: 'closed' }]), 'write')).toBe('stop');
    expect(decide(new QadConfigError('no path'), 'read')).toBe('stop');
  });

  it('reads Retry-After as seconds or a date, ignoring zero', () => {
    expect(retryAfterMs('0')).toBeUndefined();
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(new Date(Date.now() + 60_000).toUTCString())).toBeGreaterThan(50_000);
    expect(retryAfterMs('soon')).toBeUndefined();
  });

  it('backs off with full jitter under the cap, and waits what Retry-After asks', () => {
    const s = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 300_000 };
    expect(fullJitterDelay(1, s, () => 0.999)).toBeLessThan(1000);
    expect(fullJitterDelay(4, s, () => 0.5)).toBe(4000);
    expect(fullJitterDelay(30, s, () => 0.999)).toBeLessThan(300_000);
    expect(fullJitterDelay(3, s, () => 0)).toBe(0);
    expect(backoffDelay(1, new QadTransientError('429', { retryAfterMs: 9000 }), s)).toBe(9000);
  });

  it('names the business reason from QAD message text', () => {
    const reason = (message: string) => new QadBusinessError([{ severity: 'error', message }]).reason;
    expect(reason('GL period 2026/3 is closed for entity 10USA')).toBe('closed_period');
    expect(reason('Journal entry is not balanced: debit 1.00, credit 2.00.')).toBe('unbalanced');
    expect(reason('match quantity 3 exceeds the received, unmatched quantity 0')).toBe('no_receipt');
    expect(reason('GL account 6600 is inactive.')).toBe('inactive_value');
    expect(reason('Supplier "X" does not exist.')).toBe('unknown_value');
  });
});
