// Starts browser mode as a user would, `ml-connector --data-dir <tmp> serve --port 0`, and reads the link it
// prints. MLC_E2E_STUB=1 starts the stub server instead (for working on the UI while the engine is in flux).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const LINK = /http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-f]+)/;

export interface BrowserModeApp {
  /** The printed link, token included. */
  readonly url: string;
  /** `http://127.0.0.1:PORT`, no token. */
  readonly origin: string;
  readonly token: string;
  stop(): Promise<void>;
}

export interface LaunchOptions {
  /** `serve` (an empty engine, the default), `demo` (the sandbox demo company) or `stub` (stub-serve.ts). */
  readonly mode?: 'serve' | 'demo' | 'stub';
}

export async function launchBrowserMode(options: LaunchOptions = {}): Promise<BrowserModeApp> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mlc-e2e-'));
  const mode = options.mode ?? (process.env.MLC_E2E_STUB === '1' ? 'stub' : 'serve');
  const cli = path.join(ROOT, 'bin/ml-connector.mjs');
  const args =
    mode === 'stub'
      ? [path.join(ROOT, 'test/e2e/support/stub-serve.ts')]
      : // The demo refuses a folder it did not create itself, so it gets a fresh one inside the temporary one.
        [cli, '--data-dir', mode === 'demo' ? path.join(dataDir, 'demo') : dataDir, mode, '--port', '0'];
  // The demo keeps its sandbox credentials in an encrypted file, never in the OS keychain of the test machine.
  const env =
    mode === 'demo'
      ? { ...process.env, MLC_SECRET_BACKEND: 'file', MLC_SECRET_KEY: 'e2e-demo-secret-key-0123456789' }
      : process.env;
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });

  let output = '';
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no browser-mode link within 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const found = LINK.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`ml-connector serve exited with ${code} before printing its link:\n${output}`));
    });
  });

  return {
    url: match[0],
    origin: `http://127.0.0.1:${match[1]}`,
    token: match[2]!,
    stop: async () => {
      await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
