// Bad input on the Expensify road, through `ml-connector run --once` against the sandbox: each is a run
// failure or a document exception that names what is wrong, and nothing is lost (what was not staged is not
// labelled and comes again; what was staged waits in ml-connector). The connector's own tests already prove
// the single answers (client.test.ts: 404 auth, 410 validation, non-JSON file as a format error naming the
// file; to-canonical.test.ts: every unreadable field named); this file adds what the whole flow does with them.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { makeReport } from '../../electron/sandbox/expensify/admin.ts';
import { runCli, type CliResult } from '../support/cli.ts';
import {
  exportableReportIds,
  expensifyLabelCounts,
  flowFixture,
  ledgerDocuments,
  patchConfig,
  qadReferences,
  type FlowFixture,
} from './support.ts';

let fixture: FlowFixture | undefined;
let proxy: http.Server | undefined;
afterEach(async () => {
  await fixture?.sandbox.close();
  await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
  fixture = undefined;
  proxy = undefined;
});

async function setUp(): Promise<FlowFixture> {
  fixture = await flowFixture({ seed: 21, expensifyReports: 24, sources: ['expensify'] });
  return fixture;
}

/** One `run --once` (a fresh process; the simulator's clock moves past its rate windows first). */
function runOnce(f: FlowFixture): Promise<CliResult> {
  f.sandbox.clock.advance(61_000);
  return runCli(['--config', f.configPath, 'run', '--once'], { env: f.env, timeoutMs: 60_000 });
}

/** Everything exportable is staged once, labelled once, and in QAD at most once. */
function expectAllStagedOnce(f: FlowFixture): void {
  const exportable = exportableReportIds(f.sandbox);
  const labels = expensifyLabelCounts(f.sandbox);
  expect([...ledgerDocuments(f.dataDir, 'expensify').keys()].sort()).toEqual([...exportable].sort());
  expect([...labels.keys()].sort()).toEqual([...exportable].sort());
  for (const [id, count] of labels) expect(count, id).toBe(1);
  for (const [reference, count] of qadReferences(f.sandbox)) expect(count, reference).toBe(1);
}

describe('bad input on the Expensify road', () => {
  it('fails the run naming the export file that is not JSON, stages and labels nothing, and recovers', async () => {
    const f = await setUp();
    // Expensify serves something else than our template rendered (an error page, a truncated file).
    const files = f.sandbox.expensify.state.files;
    const set = files.set.bind(files);
    let broken = '';
    files.set = (name, file) => {
      if (!name.endsWith('.json')) return set(name, file);
      broken = name;
      return set(name, { ...file, body: '<html><body>Service temporarily unavailable</body></html>' });
    };
    const failed = await runOnce(f);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain(`The Expensify export file ${broken} is not JSON`);
    expect(ledgerDocuments(f.dataDir, 'expensify').size).toBe(0);
    expect(expensifyLabelCounts(f.sandbox).size).toBe(0);

    files.set = set;
    expect((await runOnce(f)).code).toBe(0);
    expectAllStagedOnce(f);
  }, 60_000);

  it('keeps a report with an unknown currency or an expense without category as an exception naming the field', async () => {
    const f = await setUp();
    const policy = f.sandbox.expensify.state.policies[0];
    const employee = f.sandbox.company.employees.find((e) => e.entity === policy?.entity && e.managerEmail);
    const base = {
      policyID: policy?.id ?? '',
      accountEmail: employee?.email ?? '',
      status: 'APPROVED' as const,
      created: `${new Date().toISOString().slice(0, 10)} 08:00:00`,
      approved: `${new Date().toISOString().slice(0, 10)} 09:00:00`,
    };
    const line = {
      created: new Date().toISOString().slice(0, 10),
      merchant: 'Hotel',
      amount: 12345,
      tag: employee?.costCenter ?? '',
    };
    const random = () => 0.5;
    f.sandbox.expensify.state.reports.push(
      makeReport(
        {
          ...base,
          reportID: 'BAD-CURRENCY',
          currency: 'XYZ',
          expenses: [{ ...line, currency: 'XYZ', category: 'Lodging' }],
        },
        { random },
      ),
      makeReport(
        { ...base, reportID: 'NO-CATEGORY', currency: 'USD', expenses: [{ ...line, currency: 'USD' }] },
        { random },
      ),
    );
    const result = await runOnce(f);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const docs = ledgerDocuments(f.dataDir, 'expensify');
    expect(docs.get('BAD-CURRENCY')?.state).toBe('exception');
    expect(docs.get('BAD-CURRENCY')?.exceptions.join(' ')).toContain(
      'The report currency "XYZ" is not a known ISO 4217 currency',
    );
    expect(docs.get('NO-CATEGORY')?.state).toBe('exception');
    expect(docs.get('NO-CATEGORY')?.exceptions.join(' ')).toMatch(/has no category/);
    // Not lost: staged and labelled, waiting for a person; not in QAD.
    expectAllStagedOnce(f);
    expect(qadReferences(f.sandbox).has('MLC-EXPENSIFY-BAD-CURRENCY')).toBe(false);
    expect(qadReferences(f.sandbox).has('MLC-EXPENSIFY-NO-CATEGORY')).toBe(false);
  }, 60_000);

  it('fails the run with Expensify authentication error on a wrong partner secret, and loses nothing', async () => {
    const f = await setUp();
    const store = (value: string) =>
      runCli(['--config', f.configPath, 'secrets', 'set', 'expensify.partnerUserSecret'], {
        env: f.env,
        stdin: value,
      });
    expect((await store('not-the-secret')).code).toBe(0);
    const failed = await runOnce(f);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/expensify: failed .*Authentication error/);
    expect(failed.stdout).not.toContain('not-the-secret');
    expect(ledgerDocuments(f.dataDir, 'expensify').size).toBe(0);
    expect(expensifyLabelCounts(f.sandbox).size).toBe(0);

    expect((await store(f.sandbox.expensify.credentials.partnerUserSecret)).code).toBe(0);
    expect((await runOnce(f)).code).toBe(0);
    expectAllStagedOnce(f);
  }, 60_000);

  it('falls back to startDate when Expensify answers 410 for a missing startDate', async () => {
    const f = await setUp();
    // Older servers want startDate and refuse approvedAfter alone (research sheet, [3P]).
    (
      f.sandbox.expensify.options as { approvedAfterReplacesStartDate: boolean }
    ).approvedAfterReplacesStartDate = false;
    const result = await runOnce(f);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    // Three exports: refused with 410 (logged by its input type), again with startDate, the marking one.
    expect(
      f.sandbox.expensify.server.requests
        .filter((r) => r.operation?.startsWith('file.'))
        .map((r) => r.operation),
    ).toEqual(['file.combinedReportData', 'file.export', 'file.export']);
    expectAllStagedOnce(f);
  }, 60_000);

  it('fails the run naming a 410 on the marking job; the staged reports come again and are labelled once', async () => {
    const f = await setUp();
    let refuse = true;
    const target = new URL(f.sandbox.expensify.url);
    // In front of the simulator: answers the marking export (the one with onFinish) with a 410 envelope.
    proxy = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const job = new URLSearchParams(body).get('requestJobDescription') ?? '{}';
        if (refuse && 'onFinish' in (JSON.parse(job) as object)) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              responseCode: 410,
              responseMessage: "Argument 'onFinish' is missing or malformed",
            }),
          );
          return;
        }
        void fetch(target, {
          method: 'POST',
          headers: { 'content-type': req.headers['content-type'] ?? '' },
          body,
        })
          .then(async (answer) => {
            res.writeHead(answer.status, {
              'content-type': answer.headers.get('content-type') ?? 'text/plain',
            });
            res.end(Buffer.from(await answer.arrayBuffer()));
          })
          .catch(() => res.destroy());
      });
    });
    await new Promise<void>((resolve) => proxy?.listen(0, '127.0.0.1', resolve));
    const port = (proxy.address() as AddressInfo).port;
    patchConfig(f, (config) => {
      config.expensify = { ...config.expensify, url: `http://127.0.0.1:${port}${target.pathname}` };
    });

    const failed = await runOnce(f);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain("Argument 'onFinish' is missing or malformed");
    // Staged (durable in ml-connector), not labelled in Expensify.
    expect(ledgerDocuments(f.dataDir, 'expensify').size).toBe(exportableReportIds(f.sandbox).length);
    expect(expensifyLabelCounts(f.sandbox).size).toBe(0);
    // By design (ARCHITECTURE "Never lose one": mark after staging, the local store is the truth) the clean
    // reports still post in the same cycle, so until the next cycle QAD has reports Expensify shows unexported.
    const postedWhileUnlabelled = qadReferences(f.sandbox).size;
    expect(postedWhileUnlabelled).toBeGreaterThan(0);

    refuse = false;
    const again = await runOnce(f);
    expect(again.code, again.stdout).toBe(0);
    expectAllStagedOnce(f);
    // The second run staged nothing twice and posted nothing twice.
    expect(qadReferences(f.sandbox).size).toBe(postedWhileUnlabelled);
  }, 60_000);
});
