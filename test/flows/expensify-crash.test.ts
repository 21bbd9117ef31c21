// The engine process is killed (SIGKILL) at many points of the Expensify road — at start-up, while exporting
// and downloading, staging, marking exported, posting to QAD and confirming — 50 times. Afterwards, judged by
// the simulators' own state: no report lost (every exportable report staged and labelled), none posted twice
// (count per reference MLC-EXPENSIFY-<reportID> in QAD), none left unmarked once posted.
//
// Each run is a fresh process with an empty rate pacer; the simulator's clock is moved past its longest rate
// window before each start (restarts are minutes apart in real life), so the simulator's 5/10 s and 20/60 s
// windows stay as documented while the whole test takes well under a minute.
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../electron/sandbox/random.ts';
import { binPath, repoRoot, runCli } from '../support/cli.ts';
import {
  exportableReportIds,
  expensifyLabelCounts,
  flowFixture,
  integrityOk,
  ledgerDocuments,
  qadReferences,
  type FlowFixture,
} from './support.ts';

const RUNS = 50;
let fixture: FlowFixture | undefined;
afterAll(async () => {
  await fixture?.sandbox.close();
});

/**
 * Starts `run --once` and kills it with SIGKILL after `delayMs`, or as soon as `killWhen` (polled every
 * millisecond) holds, or lets it finish if it is quicker.
 */
function runAndKill(f: FlowFixture, delayMs: number, killWhen?: () => boolean): Promise<void> {
  f.sandbox.clock.advance(61_000);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [binPath, '--config', f.configPath, 'run', '--once'], {
      cwd: repoRoot,
      env: { ...process.env, ...f.env },
      stdio: 'ignore',
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    const poll = killWhen
      ? setInterval(() => {
          if (killWhen()) child.kill('SIGKILL');
        }, 1)
      : undefined;
    child.on('exit', () => {
      clearTimeout(timer);
      clearInterval(poll);
      resolve();
    });
  });
}

/**
 * Managers keep approving while the engine crashes: two more approved reports per restart (copies of demo
 * reports, approved today), so kills keep landing in exports, staging and marking, not only in the first run.
 */
function approveMore(f: FlowFixture, run: number): void {
  const reports = f.sandbox.expensify.state.reports;
  const templates = reports.filter((r) => r.status === 'APPROVED' && !r.reportID.startsWith('CRASH'));
  const now = new Date().toISOString().slice(0, 19).replace('T', ' ');
  for (let k = 0; k < 2; k += 1) {
    const template = templates[(run * 2 + k) % templates.length];
    if (!template) continue;
    reports.push({
      ...structuredClone(template),
      reportID: `CRASH${run}x${k}`,
      approved: now,
      exportedLabels: [],
    });
  }
}

/**
 * Some kills are aimed rather than timed: the moment the marking export reaches Expensify (it labels the
 * reports; the engine never hears back), and the moment a supplier invoice reaches QAD (posted, reply lost).
 */
function aimedKill(f: FlowFixture, run: number): (() => boolean) | undefined {
  const expensify = f.sandbox.expensify.server.requests;
  const qad = f.sandbox.qad.rest.requests;
  const expensifyBefore = expensify.length;
  const qadBefore = qad.length;
  if (run % 10 === 3) return () => expensify.length - expensifyBefore >= 3;
  if (run % 10 === 7)
    return () => qad.slice(qadBefore).some((r) => r.method === 'POST' && r.path.endsWith('supplierInvoices'));
  return undefined;
}

describe('crash safety of the Expensify road', () => {
  it(`survives ${RUNS} SIGKILLs: no report lost, none posted twice, none left unmarked once posted`, async () => {
    fixture = await flowFixture({ seed: 5, expensifyReports: 80, sources: ['expensify'] });
    const f = fixture;
    // Slow QAD and Expensify a little so kills land inside remote calls, not only between them.
    f.sandbox.qad.rest.faults.set({ latencyMs: 15 });
    f.sandbox.expensify.server.faults.set({ latencyMs: 20 });
    const random = seededRandom(20261126);
    // Where the kills landed, judged from outside: new labels, new QAD documents, staged but not yet labelled.
    const landed = { labelled: 0, posted: 0, stagedNotLabelled: 0 };
    for (let i = 0; i < RUNS; i += 1) {
      // Every tenth kill is immediate (start-up and migrations); the rest spread over a whole cycle, which
      // takes about 2.5 s here (start-up and the QAD master-data refresh come first).
      approveMore(f, i);
      const posted = qadReferences(f.sandbox).size;
      const labelled = expensifyLabelCounts(f.sandbox).size;
      await runAndKill(f, i % 10 === 0 ? 5 : 300 + Math.floor(random() * 2000), aimedKill(f, i));
      const labels = expensifyLabelCounts(f.sandbox);
      if (labels.size > labelled) landed.labelled += 1;
      if (qadReferences(f.sandbox).size > posted) landed.posted += 1;
      if ([...ledgerDocuments(f.dataDir, 'expensify').keys()].some((id) => !labels.has(id)))
        landed.stagedNotLabelled += 1;
      // Invariant at every kill: what QAD has is there once and labelled in Expensify.
      for (const [reference, count] of qadReferences(f.sandbox)) {
        expect(count, reference).toBe(1);
        expect(labels.get(reference.replace('MLC-EXPENSIFY-', '')), reference).toBe(1);
      }
    }
    f.sandbox.qad.rest.faults.clear();
    f.sandbox.expensify.server.faults.clear();
    for (let i = 0; i < 2; i += 1) {
      f.sandbox.clock.advance(61_000);
      const finish = await runCli(['--config', f.configPath, 'run', '--once', '--json'], {
        env: f.env,
        timeoutMs: 60_000,
      });
      expect(finish.code, finish.stdout + finish.stderr).toBe(0);
    }

    const exportable = exportableReportIds(f.sandbox);
    const docs = ledgerDocuments(f.dataDir, 'expensify');
    const references = qadReferences(f.sandbox);
    const labels = expensifyLabelCounts(f.sandbox);
    // None lost: every exportable report is staged once and labelled once; nothing else is.
    expect([...docs.keys()].sort()).toEqual([...exportable].sort());
    expect([...labels.keys()].sort()).toEqual([...exportable].sort());
    for (const [id, count] of labels) expect(count, id).toBe(1);
    for (const report of f.sandbox.expensify.state.reports)
      if (!exportable.includes(report.reportID))
        expect(report.exportedLabels.map((l) => l.label)).not.toContain('ml-connector');
    // None twice: exactly the confirmed documents are in QAD, each once.
    const confirmed = [...docs].filter(([, d]) => d.state === 'confirmed').map(([id]) => id);
    for (const [id, doc] of docs) expect(['confirmed', 'exception'], id).toContain(doc.state);
    expect(confirmed.length).toBeGreaterThan(5);
    expect([...references.keys()].sort()).toEqual(confirmed.map((id) => `MLC-EXPENSIFY-${id}`).sort());
    for (const [reference, count] of references) expect(count, reference).toBe(1);
    // The kills did land while work was being done, not only before or after it.
    expect(landed.labelled, JSON.stringify(landed)).toBeGreaterThan(0);
    expect(landed.posted, JSON.stringify(landed)).toBeGreaterThan(0);
    expect(integrityOk(f.dataDir)).toBe(true);
    const verify = await runCli(['--config', f.configPath, 'audit', '--verify'], { env: f.env });
    expect(verify.code, verify.stdout).toBe(0);
    console.info(`Expensify crash test: ${RUNS} kills; work that landed: ${JSON.stringify(landed)}`);
  }, 120_000);
});
