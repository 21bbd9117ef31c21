// `npm run bench:sync [-- --documents N --latency MS]`: N Concur documents (default 2,000) through the whole
// road — fetch, stage, acknowledge, validate, auto-release, post to QAD REST, confirm to Concur — against the
// sandbox with a fixed latency on every QAD and Concur call. The engine runs in this process; the sandbox in
// a child process, so the CPU time and memory printed are the engine's own. Prints figures; asserts nothing.
//
// The bound: the road is sequential (one document at a time, one HTTP call at a time: electron/sync/post.ts
// and confirm.ts have no concurrency setting), so a run can be no faster than
//   (HTTP calls the simulators answered) x (latency per call)
// and the best rate is documents / that time. The ratio printed is achieved rate / that bound; what is
// missing to 1.0 is engine CPU, SQLite and the loopback round trip itself.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const SECRETS_ENV = { MLC_SECRET_BACKEND: 'file', MLC_SECRET_KEY: 'bench-key-0123456789abcdef' };

interface Ready {
  readonly type: 'ready';
  readonly configPath: string;
  readonly dataDir: string;
  readonly documents: number;
}
interface Stats {
  readonly type: 'stats';
  readonly qad: number;
  readonly concur: number;
  readonly duplicates: number;
  readonly qadDocuments: number;
  readonly confirmations: number;
  /** CPU time the sandbox process has used so far (ms). */
  readonly cpuMs: number;
}
type FromChild = Ready | Stats;

const { values } = parseArgs({
  options: {
    documents: { type: 'string', default: '2000' },
    latency: { type: 'string', default: '20' },
    seed: { type: 'string', default: '42' },
    'sandbox-child': { type: 'boolean', default: false },
  },
});
const documents = Number(values.documents);
const latencyMs = Number(values.latency);
const seed = Number(values.seed);
if (!Number.isInteger(documents) || documents < 1)
  throw new Error('--documents must be a positive whole number');
if (!Number.isInteger(latencyMs) || latencyMs < 0) throw new Error('--latency must be a whole number of ms');

if (values['sandbox-child']) await sandboxChild();
else await main();

/** The child: the sandbox, the engine's data folder and settings, answers to "stats" and "close". */
async function sandboxChild(): Promise<void> {
  const { startSandbox } = await import('../electron/sandbox/index.ts');
  const { writeSandboxFiles } = await import('../electron/sandbox/engine-files.ts');
  const sandbox = await startSandbox({ seed, size: 'bench', concurDocuments: documents });
  const dataDir = mkdtempSync(join(tmpdir(), 'mlc-bench-'));
  const files = await writeSandboxFiles(sandbox, dataDir);
  const config = JSON.parse(readFileSync(files.configPath, 'utf8')) as Record<
    string,
    Record<string, unknown>
  >;
  config.posting = { ...config.posting, autoRelease: ['concur'] };
  config.expensify = { ...config.expensify, enabled: false };
  writeFileSync(files.configPath, JSON.stringify(config, null, 2));
  for (const server of [sandbox.qad.rest, sandbox.concur.apiServer, sandbox.concur.tokenServer])
    server.faults.set({ latencyMs });
  const send = (message: FromChild) => process.send?.(message);
  process.on('message', (message: { type: string }) => {
    if (message.type === 'stats') {
      const counts = new Map<string, number>();
      for (const doc of [...sandbox.qad.model.invoices, ...sandbox.qad.model.journals])
        if (doc.description.startsWith('MLC-'))
          counts.set(doc.description, (counts.get(doc.description) ?? 0) + 1);
      send({
        type: 'stats',
        qad: sandbox.qad.rest.requests.length,
        concur: sandbox.concur.apiServer.requests.length + sandbox.concur.tokenServer.requests.length,
        duplicates: [...counts.values()].filter((n) => n > 1).length,
        qadDocuments: counts.size,
        confirmations: sandbox.concur.state.confirmations.filter((c) => c.kind === 'posting').length,
        cpuMs: cpuMs(process.cpuUsage()),
      });
    }
    if (message.type === 'close') void sandbox.close().then(() => process.exit(0));
  });
  send({
    type: 'ready',
    configPath: files.configPath,
    dataDir,
    documents: sandbox.concur.state.documents.length,
  });
}

function ask<T extends FromChild['type']>(
  child: ChildProcess,
  type: T,
): Promise<Extract<FromChild, { type: T }>> {
  return new Promise((resolve) => {
    const on = (message: FromChild) => {
      if (message.type !== type) return;
      child.off('message', on);
      resolve(message as Extract<FromChild, { type: T }>);
    };
    child.on('message', on);
    if (type !== 'ready') child.send({ type });
  });
}

async function main(): Promise<void> {
  Object.assign(process.env, SECRETS_ENV);
  const child = fork(
    fileURLToPath(import.meta.url),
    [
      '--sandbox-child',
      '--documents',
      String(documents),
      '--latency',
      String(latencyMs),
      '--seed',
      String(seed),
    ],
    { env: { ...process.env, ...SECRETS_ENV } },
  );
  const ready = await ask(child, 'ready');
  const { createEngine } = await import('../electron/engine/engine.ts');
  const { createSecretStore } = await import('../electron/secrets/index.ts');
  const { JsonFileSettingsStore } = await import('../electron/settings/settings-store.ts');
  const settings = new JsonFileSettingsStore(ready.configPath);
  const engine = await createEngine({
    dataDir: ready.dataDir,
    settings,
    secrets: await createSecretStore({
      dataDir: ready.dataDir,
      env: process.env,
      profile: settings.get().profile,
    }),
    actor: 'bench',
  });

  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 25);

  // Master data first, on its own: its cost depends on the QAD company's size, not on the documents.
  const masterCpu = process.cpuUsage();
  const masterStart = performance.now();
  await engine.runCycle('masterData', 'cli');
  const masterMs = performance.now() - masterStart;
  const masterCpuMs = cpuMs(process.cpuUsage(masterCpu));
  const afterMaster = await ask(child, 'stats');

  // Then the Concur road until a cycle finds nothing left to do.
  const roadCpu = process.cpuUsage();
  const roadStart = performance.now();
  const totals = { fetched: 0, posted: 0, confirmed: 0, exceptions: 0, awaitingReceipt: 0 };
  // The confirmation relay claims at most 200 items per cycle (electron/sync/confirm.ts), so a large
  // backlog takes several cycles to confirm; cycles run back to back here, as `run --once` in a loop would.
  let cycles = 0;
  while (cycles < 50) {
    cycles += 1;
    const result = await engine.runCycle('concur', 'cli');
    const c = result.counts.concur;
    totals.fetched += c.fetched;
    totals.posted += c.posted;
    totals.confirmed += c.confirmed;
    if (c.fetched + c.posted + c.confirmed === 0) break;
  }
  const roadMs = performance.now() - roadStart;
  const roadCpuMs = cpuMs(process.cpuUsage(roadCpu));
  const end = await ask(child, 'stats');
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const states = engine.status().counts.reduce<Record<string, number>>((acc, c) => {
    acc[c.state] = (acc[c.state] ?? 0) + c.count;
    return acc;
  }, {});
  await engine.stop();
  child.send({ type: 'close' });

  const roadCalls = end.qad + end.concur - (afterMaster.qad + afterMaster.concur);
  const perMinute = (n: number) => (n / roadMs) * 60_000;
  const boundMs = roadCalls * latencyMs;
  const boundRate = boundMs > 0 ? (ready.documents / boundMs) * 60_000 : Infinity;
  const achieved = perMinute(ready.documents);
  const line = (label: string, value: string) => console.log(`${label.padEnd(40)} ${value}`);
  console.log(
    `node ${process.version}, ${process.platform}/${process.arch}; engine in-process, sandbox in a child`,
  );
  line('documents (Concur, bench company)', String(ready.documents));
  line('latency per QAD / Concur call', `${latencyMs} ms`);
  line(
    'master data refresh',
    `${(masterMs / 1000).toFixed(1)} s, ${afterMaster.qad} QAD calls, CPU ${masterCpuMs.toFixed(0)} ms`,
  );
  line('road cycles', `${cycles} (the last one found nothing to do)`);
  line('road wall time', `${(roadMs / 1000).toFixed(1)} s`);
  line('ledger states', JSON.stringify(states));
  line(
    'posted to QAD / confirmed to Concur',
    `${totals.posted} / ${totals.confirmed} (QAD holds ${end.qadDocuments}, duplicates ${end.duplicates})`,
  );
  line('documents per minute (to rest)', achieved.toFixed(0));
  line('posted documents per minute', perMinute(totals.posted).toFixed(0));
  line(
    'HTTP calls on the road',
    `${roadCalls} (${(roadCalls / Math.max(1, totals.posted)).toFixed(2)} per posted document)`,
  );
  line(
    'bound: calls x latency, concurrency 1',
    `${(boundMs / 1000).toFixed(1)} s -> ${boundRate.toFixed(0)} documents/min`,
  );
  line(
    'achieved / bound',
    boundMs > 0 ? (achieved / boundRate).toFixed(2) : 'n/a (latency 0: only CPU and disk bound the road)',
  );
  line(
    'engine CPU per document',
    `${(roadCpuMs / ready.documents).toFixed(2)} ms (${(roadCpuMs / 1000).toFixed(1)} s in all)`,
  );
  line(
    'sandbox CPU during the road',
    `${((end.cpuMs - afterMaster.cpuMs) / 1000).toFixed(1)} s (the simulators, other process)`,
  );
  line('engine CPU per posted document', `${(roadCpuMs / Math.max(1, totals.posted)).toFixed(2)} ms`);
  line('peak RSS (engine process)', `${(peakRss / 1024 / 1024).toFixed(0)} MiB`);
}

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}
