// The client against the Integration Server simulator: typed errors for what Expensify answers, pacing under
// both rate windows, backoff after 429s, downloads that are not ready yet.
import { afterEach, describe, expect, it } from 'vitest';
import { classifyExpensifyFailure } from '../../../electron/connectors/expensify/classify.ts';
import { createExpensifyClient, ExpensifyClient } from '../../../electron/connectors/expensify/client.ts';
import { ExpensifyError } from '../../../electron/connectors/expensify/errors.ts';
import { parseExportFile } from '../../../electron/connectors/expensify/export-file.ts';
import { SlidingWindowPacer } from '../../../electron/connectors/expensify/limiter.ts';
import type { ExpensifySimulator } from '../../../electron/sandbox/expensify/index.ts';
import { clientFor, memorySecrets, settingsFor, startSim } from './helpers.ts';

let sim: ExpensifySimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function failure(promise: Promise<unknown>): Promise<ExpensifyError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ExpensifyError);
    return error as ExpensifyError;
  }
  throw new Error('expected a failure');
}

describe('Expensify client', () => {
  it('refuses wrong credentials with a typed auth error (HTTP 200, responseCode 404)', async () => {
    sim = await startSim({ reports: 0 });
    const client = await clientFor(sim, settingsFor(sim), { secret: 'not-the-secret' });
    const error = await failure(client.getPolicyList());
    expect(error.kind).toBe('auth');
    expect(error.responseCode).toBe(404);
    expect(error.message).toContain('Authentication error');
    expect(classifyExpensifyFailure(error)).toBe('auth');
    // One attempt only: an auth failure is not retried.
    expect(sim.server.requests).toHaveLength(1);
  });

  it('says which credential is missing from the keychain', async () => {
    sim = await startSim({ reports: 0 });
    const error = await failure(
      createExpensifyClient({
        settings: settingsFor(sim),
        secrets: memorySecrets({ 'expensify.partnerUserId': 'someone' }),
      }),
    );
    expect(error.kind).toBe('auth');
    expect(error.message).toContain('expensify.partnerUserSecret');
  });

  it('turns a 410 into a validation (business) error carrying Expensify own words', async () => {
    sim = await startSim({ reports: 0 });
    const client = await clientFor(sim, settingsFor(sim));
    const error = await failure(client.job({ type: 'get', inputSettings: { type: 'policy' } }));
    expect(error).toMatchObject({ kind: 'validation', responseCode: 410 });
    expect(error.message).toContain("Required parameter 'policyIDList' is missing");
    expect(classifyExpensifyFailure(error)).toBe('business');
  });

  it('reads the bare file name of an export and the raw body of the download', async () => {
    sim = await startSim({ reports: 6 });
    const settings = settingsFor(sim);
    const client = await clientFor(sim, settings);
    const fileName = await client.exportReports({
      template: '<#list reports as r>${r.reportID}<#if r_has_next>,</#if></#list>',
      fileExtension: 'txt',
      reportIds: sim.state.reports.slice(0, 2).map((r) => r.reportID),
    });
    expect(fileName).toMatch(/^export[0-9a-f-]+\.txt$/);
    expect(await client.download(fileName)).toBe(
      sim.state.reports
        .slice(0, 2)
        .map((r) => r.reportID)
        .join(','),
    );
  });

  it('reports an export file that is not JSON as a format error naming the file', async () => {
    sim = await startSim({ reports: 3 });
    const client = await clientFor(sim, settingsFor(sim));
    const fileName = await client.exportReports({
      template: 'reportID,total\n<#list reports as r>${r.reportID},${r.total?c}\n</#list>',
      fileExtension: 'csv',
      reportIds: sim.state.reports.map((r) => r.reportID),
    });
    let error: unknown;
    try {
      parseExportFile(await client.download(fileName), fileName);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ExpensifyError);
    expect((error as ExpensifyError).kind).toBe('format');
    expect((error as ExpensifyError).message).toContain(fileName);
    expect((error as ExpensifyError).message).toContain('is not JSON');
  });

  it('waits for an export file that is not ready yet, a bounded number of times', async () => {
    sim = await startSim({ reports: 2, options: { downloadNotReadyAttempts: 2 } });
    const client = await clientFor(sim, settingsFor(sim, { downloadAttempts: 4 }));
    const fileName = await client.exportReports({
      template: 'x',
      fileExtension: 'txt',
      reportIds: [sim.state.reports[0]?.reportID ?? ''],
    });
    expect(await client.download(fileName)).toBe('x');
    const missing = await failure(client.download('export00000000-0000-0000-0000-000000000000.txt'));
    expect(missing.kind).toBe('not_found');
  });

  it('paces a burst of 30 calls under both windows: the simulator answers no 429 at all', async () => {
    sim = await startSim({ reports: 0 });
    const client = await clientFor(sim, settingsFor(sim));
    const results = await Promise.all(Array.from({ length: 30 }, () => client.getPolicyList()));
    expect(results.every((r) => r.length === sim?.policyIds.length)).toBe(true);
    expect(sim.state.rateLimited).toBe(0);
    expect(sim.server.requests.filter((r) => r.status === 429)).toHaveLength(0);
    expect(sim.server.requests).toHaveLength(30);
  });

  it('shares one pacer per partner credential across clients', async () => {
    sim = await startSim({ reports: 0 });
    const a = await clientFor(sim, settingsFor(sim));
    const b = await clientFor(sim, settingsFor(sim));
    expect(a.pacer).toBe(b.pacer);
    await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).getPolicyList()));
    expect(sim.state.rateLimited).toBe(0);
  });

  it('backs off after injected 429s (no Retry-After) and completes every call', async () => {
    sim = await startSim({ reports: 0 });
    sim.server.faults.set({ rate429: 0.4, seed: 11 });
    const client = await clientFor(sim, settingsFor(sim));
    const results = await Promise.all(Array.from({ length: 8 }, () => client.getPolicyList()));
    expect(results).toHaveLength(8);
    expect(sim.server.faults.injected['429']).toBeGreaterThan(0);
    expect(sim.state.rateLimited).toBe(0);
  });

  it('treats a 429 that comes only as a body responseCode (HTTP 200) as rate-limited too', async () => {
    sim = await startSim({ reports: 0, options: { rateLimitStatus: 'body-only' } });
    // A client that does not pace (another app with the same credentials would do this).
    const client = new ExpensifyClient({
      url: sim.url,
      credentials: sim.credentials,
      retry: { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 400 },
      pacer: new SlidingWindowPacer([{ limit: 1000, windowMs: 1 }]),
    });
    const results = await Promise.all(Array.from({ length: 8 }, () => client.getPolicyList()));
    expect(results).toHaveLength(8);
    expect(sim.state.rateLimited).toBeGreaterThan(0);
  });

  it('gives up on a server that keeps failing, with a retry-class error', async () => {
    sim = await startSim({ reports: 0 });
    sim.server.faults.set({ rate503: 1 });
    const client = await clientFor(
      sim,
      settingsFor(sim, { retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 10 } }),
    );
    const error = await failure(client.getPolicyList());
    expect(error).toMatchObject({ kind: 'server', httpStatus: 503 });
    expect(classifyExpensifyFailure(error)).toBe('retry');
    expect(sim.server.requests).toHaveLength(3);
  });
});
