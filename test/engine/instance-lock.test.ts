// Exactly one engine runs the flows on a data folder: a second one (in this process, another process or the
// CLI) is refused with a message naming the holder; a stopped or killed holder never leaves the folder locked.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../electron/engine/engine.ts';
import {
  acquireInstanceLock,
  EngineLockedError,
  type InstanceLock,
} from '../../electron/engine/instance-lock.ts';
import { lastRun, startRun } from '../../electron/store/index.ts';
import { EnvSecretStore } from '../../electron/secrets/index.ts';
import { JsonFileSettingsStore } from '../../electron/settings/settings-store.ts';
import { binPath, FILE_SECRETS_ENV, repoRoot, runCli, tempDir } from '../support/cli.ts';

const REFUSAL =
  /another ml-connector \(pid (\d+), started \d\d:\d\d\) is running the flows on .+; stop it or use another data folder/;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openEngine(dir: string): Promise<Engine> {
  const settings = new JsonFileSettingsStore(join(dir, 'config.json'), { missingIsDefaults: true });
  const engine = await createEngine({
    dataDir: dir,
    settings,
    secrets: new EnvSecretStore({}),
    actor: 'tester',
  });
  // A second stop (the test already stopped it) is harmless.
  cleanups.push(() => engine.stop().catch(() => undefined));
  return engine;
}

/** Starts a child process and resolves once a line on its output matches `ready`. */
function spawnUntil(
  args: readonly string[],
  ready: RegExp,
  env: Record<string, string> = {},
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...args], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanups.push(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (ready.test(output)) resolve(child);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`child exited (${code}) before it was ready: ${output}`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

describe('one engine per data folder', () => {
  it('refuses a second engine naming the first, and lets it run once the first stops', async () => {
    const dir = tempDir();
    const first = await openEngine(dir);
    const second = await openEngine(dir);
    await first.start();

    const refused = await second.runCycle('all', 'cli').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(EngineLockedError);
    const message = (refused as Error).message;
    expect(message).toMatch(REFUSAL);
    expect(message).toContain(`pid ${process.pid}`);
    expect(message).toContain(dir);
    await expect(second.start()).rejects.toThrow(REFUSAL);

    await first.stop();
    const cycle = await second.runCycle('all', 'cli');
    expect(cycle.failed).toBe(false);
    await second.start();
  });

  it('a read-only engine beside the holder leaves its runs alone; the next holder recovers them', async () => {
    const dir = tempDir();
    const first = await openEngine(dir);
    await first.runCycle('all', 'cli');
    const inFlight = startRun(first.store.db, { flow: 'concur', trigger: 'manual' }, { actor: 'tester' });
    const reader = await openEngine(dir);
    expect(lastRun(reader.store.db, 'concur')?.outcome).toBe('running');
    await reader.stop();
    // The holder dies without finishing (here: its lock goes, its run stays "running").
    await first.stop();
    const next = await openEngine(dir);
    const after = lastRun(next.store.db, 'concur');
    expect(after?.id).toBe(inFlight.id);
    expect(after?.outcome).toBe('failed');
  });

  it('answers Run now with the refusal instead of starting a second scheduler', async () => {
    const dir = tempDir();
    // A flow must be enabled for Run now to have anything to start.
    const settings = { qad: { mode: 'rest', domain: 'QMFG', rest: { tenantUrl: 'http://127.0.0.1:9/x' } } };
    writeFileSync(join(dir, 'config.json'), JSON.stringify(settings));
    const first = await openEngine(dir);
    const second = await openEngine(dir);
    await first.runCycle('all', 'cli');
    const answer = second.runNow('all');
    expect(answer.started).toBe(false);
    expect(answer.message).toMatch(REFUSAL);
  });

  it('takes over the lock of a process that was killed while holding it', async () => {
    const dir = tempDir();
    const lockModule = pathToFileURL(join(repoRoot, 'electron/engine/instance-lock.ts')).href;
    const script = [
      `const { acquireInstanceLock } = await import(${JSON.stringify(lockModule)});`,
      `acquireInstanceLock(${JSON.stringify(dir)});`,
      `console.log('locked');`,
      `setInterval(() => {}, 60_000);`,
    ].join('\n');
    const child = await spawnUntil(['--input-type=module', '-e', script], /locked/);

    let lock: InstanceLock | undefined;
    try {
      acquireInstanceLock(dir);
      expect.unreachable('the lock of a live process must be refused');
    } catch (error) {
      expect(error).toBeInstanceOf(EngineLockedError);
      expect((error as EngineLockedError).holder?.pid).toBe(child.pid);
    }

    child.kill('SIGKILL');
    await exited(child);
    lock = acquireInstanceLock(dir);
    expect(lock.holder.pid).toBe(process.pid);
    lock.release();
    // Released means free again, for the next engine.
    lock = acquireInstanceLock(dir);
    lock.release();
  });

  it('a CLI `run --once` beside a running `run` on the same folder exits 2 naming it', async () => {
    const dir = tempDir();
    const schedule = await spawnUntil(
      [binPath, '--data-dir', dir, 'run'],
      /running its schedule/,
      FILE_SECRETS_ENV,
    );
    const once = await runCli(['--data-dir', dir, 'run', '--once'], { env: FILE_SECRETS_ENV });
    expect(once.code).toBe(2);
    expect(once.stderr).toMatch(REFUSAL);
    expect(once.stderr).toContain(`pid ${schedule.pid}`);

    // Read-only commands do not need the lock.
    const status = await runCli(['--data-dir', dir, 'status', '--json'], { env: FILE_SECRETS_ENV });
    expect(status.code).toBe(0);

    schedule.kill('SIGTERM');
    await exited(schedule);
    const after = await runCli(['--data-dir', dir, 'run', '--once'], { env: FILE_SECRETS_ENV });
    expect(after.code, after.stderr).toBe(0);
  }, 30_000);
});
