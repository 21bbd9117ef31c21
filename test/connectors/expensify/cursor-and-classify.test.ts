// Pure rules: where the approvedAfter cursor may move, and how Expensify's answers are classified.
import { describe, expect, it } from 'vitest';
import {
  classifyExpensifyFailure,
  envelopeOf,
  fullJitterDelay,
  readDownload,
  readEnvelope,
  readFileName,
} from '../../../electron/connectors/expensify/classify.ts';
import { nextCursors, type FetchRecord } from '../../../electron/connectors/expensify/cursor.ts';
import { ExpensifyError } from '../../../electron/connectors/expensify/errors.ts';

const fetched = (over: Partial<FetchRecord> = {}): FetchRecord => ({
  exportDay: '2026-11-22',
  truncated: false,
  policyIds: ['P1', 'P2'],
  reports: new Map([
    ['A', { policyId: 'P1', approvedDay: '2026-11-10' }],
    ['B', { policyId: 'P1', approvedDay: '2026-11-15' }],
  ]),
  ...over,
});

describe('approvedAfter cursor', () => {
  it('moves to the export day minus the overlap once every fetched report is marked', () => {
    expect(nextCursors(fetched(), new Set(['A', 'B']), new Map(), 2)).toEqual(
      new Map([
        ['P1', '2026-11-20'],
        ['P2', '2026-11-20'],
      ]),
    );
  });

  it('stays before the approval day of a report that is not marked', () => {
    const next = nextCursors(fetched(), new Set(['B']), new Map([['P1', '2026-11-01']]), 2);
    expect(next.get('P1')).toBe('2026-11-07');
    expect((next.get('P1') as string) < '2026-11-10').toBe(true);
  });

  it('does not move after a page cut by the export limit, nor backwards without a reason', () => {
    expect(nextCursors(fetched({ truncated: true }), new Set(['A', 'B']), new Map(), 2).size).toBe(0);
    expect(
      nextCursors(
        fetched({ exportDay: '2026-11-01' }),
        new Set(['A', 'B']),
        new Map([['P1', '2026-11-05']]),
        2,
      ).has('P1'),
    ).toBe(false);
    const noDate = fetched({ reports: new Map([['A', { policyId: 'P1' }]]) });
    expect(nextCursors(noDate, new Set(), new Map([['P1', '2026-11-01']]), 2).has('P1')).toBe(false);
  });
});

describe('answer classification', () => {
  const fail = (fn: () => unknown): ExpensifyError => {
    try {
      fn();
    } catch (error) {
      return error as ExpensifyError;
    }
    throw new Error('expected a failure');
  };

  it('reads the verdict from responseCode under HTTP 200, whatever the Content-Type', () => {
    const kind = (body: unknown, httpStatus = 200) =>
      fail(() => readEnvelope({ httpStatus, body: JSON.stringify(body) }, 'get.policyList')).kind;
    expect(kind({ responseCode: 403, responseMessage: 'No authentication method specified' })).toBe('auth');
    expect(kind({ responseCode: 404, responseMessage: 'Authentication error' })).toBe('auth');
    expect(kind({ responseCode: 401, responseMessage: 'Authentication error' })).toBe('auth');
    expect(kind({ responseCode: 404, responseMessage: 'Policy not found: X' })).toBe('not_found');
    expect(kind({ responseCode: 410, responseMessage: "'categories' object malformed" })).toBe('validation');
    expect(kind({ responseCode: 429, responseMessage: 'You have been rate-limited.' })).toBe('rate_limited');
    expect(kind({ responseCode: 500, responseMessage: 'Not authorized to authenticate as user a@b.c' })).toBe(
      'auth',
    );
    expect(kind({ responseCode: 500, responseMessage: 'Internal error' })).toBe('server');
    expect(kind({ responseCode: 666, responseMessage: 'rule exists' })).toBe('validation');
    expect(
      readEnvelope({ httpStatus: 200, body: '{"responseCode":"200","policyList":[]}' }, 'x').responseCode,
    ).toBe(200);
  });

  it('classifies HTML pages and bare HTTP statuses', () => {
    const page = (status: number) =>
      `<html><head><title>HTTP Status ${status} – requestJobDescription</title></head></html>`;
    expect(fail(() => readEnvelope({ httpStatus: 500, body: page(500) }, 'x')).kind).toBe('server');
    expect(fail(() => readEnvelope({ httpStatus: 404, body: page(404) }, 'x')).kind).toBe('config');
    expect(fail(() => readEnvelope({ httpStatus: 401, body: page(401) }, 'x')).kind).toBe('auth');
    expect(fail(() => readEnvelope({ httpStatus: 429, body: 'Too Many Requests' }, 'x')).kind).toBe(
      'rate_limited',
    );
    expect(fail(() => readEnvelope({ httpStatus: 200, body: 'hello' }, 'x')).kind).toBe('format');
    expect(classifyExpensifyFailure(new ExpensifyError('x', { kind: 'network' }))).toBe('retry');
    expect(classifyExpensifyFailure(new ExpensifyError('x', { kind: 'config' }))).toBe('config');
    expect(classifyExpensifyFailure(new Error('raw'))).toBe('retry');
  });

  it('tells a file name, a file, a missing file and an error apart', () => {
    expect(
      readFileName({ httpStatus: 200, body: 'exportc111111d-a1a1-a1a1-a1a1-d1111111f.csv\n' }, 'file'),
    ).toBe('exportc111111d-a1a1-a1a1-a1a1-d1111111f.csv');
    expect(
      fail(() =>
        readFileName({ httpStatus: 200, body: '{"responseCode":410,"responseMessage":"bad"}' }, 'file'),
      ).kind,
    ).toBe('validation');
    expect(readDownload({ httpStatus: 200, body: '' }, 'download')).toBeUndefined();
    expect(
      readDownload({ httpStatus: 200, body: '{"responseMessage":"File not found"}' }, 'download'),
    ).toBeUndefined();
    expect(readDownload({ httpStatus: 200, body: '{"reports":[]}' }, 'download')).toBe('{"reports":[]}');
    expect(envelopeOf('{"reports":[]}')).toBeUndefined();
  });

  it('draws full-jitter delays inside [0, min(cap, base * 2^attempt))', () => {
    for (let attempt = 0; attempt < 12; attempt += 1) {
      for (const r of [0, 0.5, 0.999999]) {
        const d = fullJitterDelay(attempt, { baseDelayMs: 1000, maxDelayMs: 60_000 }, () => r);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(Math.min(60_000, 1000 * 2 ** attempt));
      }
    }
  });
});
