// 500 Concur documents through the real `run --once` while QAD and the Concur API answer 20% of calls with
// 429 or 503, drop 3% of connections and lose 5% of replies after applying the write (seeded, so a failure
// repeats). Cycles run until the ledger stops moving; then, with the faults off, one last cycle. Nothing may
// be in QAD twice, no document may be lost, every posting outcome reaches Concur exactly once, and the audit
// chain must verify. The counts come from the simulators' own state, not from what the engine believes.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FaultConfig } from '../../electron/sandbox/faults.ts';
import { seededRandom } from '../../electron/sandbox/random.ts';
import { runCli } from '../support/cli.ts';
import {
  concurConfirmations,
  fastRetries,
  flowFixture,
  idsInState,
  integrityOk,
  ledgerFacts,
  openFlowEngine,
  qadReferences,
  type FlowFixture,
} from './support.ts';

const DOCUMENTS = 500;
const MAX_CYCLES = 6;
/** States a document may end in without a person: posted and confirmed, or waiting for a person or a receipt. */
const END_STATES = ['confirmed', 'exception', 'awaiting_receipt', 'rejected'];
const FAULTS: Partial<FaultConfig> = { rate429: 0.1, rate503: 0.1, resetRate: 0.03, lostReplyRate: 0.05 };

const fixtures: FlowFixture[] = [];
afterAll(async () => {
  await Promise.all(fixtures.map((f) => f.sandbox.close()));
});

async function runOnce(f: FlowFixture): Promise<number> {
  const result = await runCli(['--config', f.configPath, 'run', '--once', '--json'], {
    env: f.env,
    timeoutMs: 60_000,
  });
  expect(result.stdout, result.stderr).toContain('"concur"');
  return result.code;
}

/** Retries the connectors announced in the engine's log file (Concur "trying again", QAD write retries). */
function retriesInLog(dataDir: string): number {
  const dir = join(dataDir, 'logs');
  let count = 0;
  for (const name of readdirSync(dir)) {
    for (const line of readFileSync(join(dir, name), 'utf8').split('\n'))
      if (/trying again|was not sent|unclear outcome/.test(line)) count += 1;
  }
  return count;
}

describe('the Concur road under injected faults', () => {
  it(`posts ${DOCUMENTS} documents exactly once through 429s, 503s, resets and lost replies`, async () => {
    const f = await flowFixture({ seed: 7, concurDocuments: DOCUMENTS });
    fixtures.push(f);
    fastRetries(f);
    const servers = {
      'QAD REST': f.sandbox.qad.rest,
      'Concur API': f.sandbox.concur.apiServer,
    };
    f.sandbox.qad.rest.faults.set({ ...FAULTS, seed: 101 });
    f.sandbox.concur.apiServer.faults.set({ ...FAULTS, seed: 202 });
    const started = Date.now();

    let previous = '';
    let cycles = 0;
    const codes: number[] = [];
    while (cycles < MAX_CYCLES) {
      codes.push(await runOnce(f));
      cycles += 1;
      const byState = ledgerFacts(f.dataDir).byState;
      const now = JSON.stringify(byState);
      const settled = Object.keys(byState).every((s) => END_STATES.includes(s));
      if (settled && now === previous) break;
      previous = now;
    }
    const injected = Object.fromEntries(
      Object.entries(servers).map(([name, s]) => [name, { ...s.faults.injected }]),
    );
    for (const s of Object.values(servers)) s.faults.clear();
    const finalCode = await runOnce(f);

    const facts = ledgerFacts(f.dataDir);
    const references = qadReferences(f.sandbox);
    const confirmations = concurConfirmations(f.sandbox);
    const concurDocs = f.sandbox.concur.state.documents;
    console.log(
      [
        `concur-faults: ${DOCUMENTS} documents, ${cycles} faulty cycles (exit codes ${codes.join(',')}) + 1 clean (exit ${finalCode})`,
        `  wall time ${((Date.now() - started) / 1000).toFixed(1)} s; retries announced in the log: ${retriesInLog(f.dataDir)}`,
        ...Object.entries(servers).map(
          ([name, s]) =>
            `  ${name}: ${s.requests.length} requests, injected ${JSON.stringify(injected[name])}`,
        ),
        `  ledger ${JSON.stringify(facts.byState)}; QAD documents ${references.size}`,
      ].join('\n'),
    );

    expect(finalCode).toBe(0);
    // None lost: every Concur document is staged and has come to rest.
    expect(Object.values(facts.byState).reduce((a, b) => a + b, 0)).toBe(concurDocs.length);
    for (const state of Object.keys(facts.byState)) expect(END_STATES).toContain(state);
    expect(facts.confirmedIds.length).toBeGreaterThan(DOCUMENTS / 4);
    // Zero duplicates in QAD, and QAD holds exactly the confirmed documents.
    for (const [reference, count] of references) expect(count, reference).toBe(1);
    expect([...references.keys()].sort()).toEqual(facts.confirmedIds.map((id) => `MLC-CONCUR-${id}`).sort());
    // Every posting outcome (posted, or refused by QAD) told to Concur exactly once; nothing for the rest.
    const told = new Set([...facts.confirmedIds, ...idsInState(f.dataDir, 'rejected')]);
    for (const doc of concurDocs)
      expect(confirmations.get(doc.id) ?? 0, doc.id).toBe(told.has(doc.id) ? 1 : 0);
    const failedReports = new Set(
      f.sandbox.concur.state.confirmations
        .filter((c) => c.kind === 'posting' && c.code === 0 && isErrorReport(c.request))
        .map((c) => c.docId),
    );
    for (const id of facts.confirmedIds) expect(failedReports.has(id), id).toBe(false);
    expect(integrityOk(f.dataDir)).toBe(true);
    const verify = await runCli(['--config', f.configPath, 'audit', '--verify'], { env: f.env });
    expect(verify.code, verify.stdout).toBe(0);
  }, 120_000);

  // A 429 or 503 on the OpenAPI document is retried like any read, not a failed refresh.
  it('retries a single 429 on the QAD OpenAPI document', async () => {
    const f = await flowFixture({ seed: 7, concurDocuments: 1 });
    fixtures.push(f);
    fastRetries(f);
    // A seed whose first draw falls under the 429 rate and the next ones above it: exactly one 429.
    const seed = seedWithFirstDrawOnly(0.5);
    f.sandbox.qad.rest.faults.set({ rate429: 0.5, pathContains: 'openapi', seed });
    const engine = await openFlowEngine(f);
    try {
      const result = await engine.runCycle('masterData', 'cli');
      expect(f.sandbox.qad.rest.faults.injected['429']).toBe(1);
      expect(result.runs[0]?.outcome, result.runs[0]?.message).toBe('succeeded');
    } finally {
      await engine.stop();
    }
  });
});

function isErrorReport(request: unknown): boolean {
  return (
    typeof request === 'object' &&
    request !== null &&
    (request as { overallPostingStatusCode?: unknown }).overallPostingStatusCode === 'error'
  );
}

function seedWithFirstDrawOnly(rate: number): number {
  for (let seed = 1; ; seed += 1) {
    const random = seededRandom(seed);
    const draws = [random(), random(), random(), random(), random(), random()];
    if (draws[0]! < rate && draws.slice(1).every((d) => d >= rate)) return seed;
  }
}
