// Unconfirmed Integration Server behaviours are simulator options (research sheet sections 2, 4, 9 and 13):
// a download that is not ready yet, expired export files, how a failing template and an empty export are
// answered, the responseCode of a partial status update.
import { describe, expect, it } from 'vitest';
import { SimClock } from '../../../electron/sandbox/clock.ts';
import { exportJob, job, start } from './helpers.ts';

const filters = { startDate: '2020-01-01' };

describe('simulator options for unconfirmed behaviour', () => {
  it('answers downloads with an empty body until the file is ready, then expires it', async () => {
    const clock = new SimClock();
    const sim = await start({ clock, options: { downloadNotReadyAttempts: 2, fileRetentionMs: 60_000 } });
    try {
      const exported = await exportJob(sim, { filters }, { test: 'true' });
      const download = () => job(sim, { type: 'download', fileName: exported.text });
      expect((await download()).text).toBe('');
      expect((await download()).text).toBe('');
      expect(JSON.parse((await download()).text)).toHaveProperty('reports');
      clock.advance(60_001);
      expect((await download()).json).toEqual({ responseMessage: 'File not found' });
    } finally {
      await sim.close();
    }
  });

  it('answers a failing template with an HTTP 500 page and an empty export with an error when asked to', async () => {
    const sim = await start({ options: { templateError: 'http-500-page', emptyExport: 'error' } });
    try {
      const failing = await exportJob(sim, { filters }, { test: 'true' }, '${nope}');
      expect(failing.status).toBe(500);
      expect(failing.text).toContain('null or missing');
      const empty = await exportJob(sim, { filters: { reportIDList: 'R00000000000' } }, { test: 'true' });
      expect(empty.json).toMatchObject({ responseCode: 500 });
    } finally {
      await sim.close();
    }
  });

  it('answers a partial status update with 207 when configured as documented', async () => {
    const sim = await start({ options: { statusPartialCode: 207 } });
    try {
      const approved = sim.state.reports.find((r) => r.status === 'APPROVED');
      const answer = await job(sim, {
        type: 'update',
        inputSettings: {
          type: 'reportStatus',
          status: 'REIMBURSED',
          filters: { reportIDList: `${approved?.reportID},R0NOTHERE000` },
        },
      });
      expect(answer.json).toEqual({
        responseCode: 207,
        reportIDs: [approved?.reportID],
        skippedReports: [{ reportID: 'R0NOTHERE000', reason: 'Report not found' }],
      });
    } finally {
      await sim.close();
    }
  });

  it('signs credits and report totals as configured', async () => {
    const sim = await start({ options: { creditSign: 'positive', reportTotalSign: 'negative' } });
    try {
      const lines = sim.state.reports.flatMap((r) => r.expenses);
      expect(lines.every((e) => e.amount > 0)).toBe(true);
      const exported = await exportJob(
        sim,
        { filters },
        { test: 'true' },
        '<#list reports as r>${r.total?c};</#list>',
      );
      const download = await job(sim, { type: 'download', fileName: exported.text });
      const totals = download.text.split(';').filter(Boolean).map(Number);
      expect(totals.every((t) => t <= 0)).toBe(true);
    } finally {
      await sim.close();
    }
  });
});
