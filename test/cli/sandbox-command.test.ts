// `ml-connector sandbox` starts every simulator, writes a config file for them and stores their credentials,
// so that `ml-connector --config <file> run --once` works against the sandbox as is.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { binPath, FILE_SECRETS_ENV, repoRoot, runCli, tempDir } from '../support/cli.ts';

function startSandboxCommand(
  dataDir: string,
): Promise<{ configPath: string; output: string; stop(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, '--data-dir', dataDir, 'sandbox'], {
      cwd: repoRoot,
      env: { ...process.env, ...FILE_SECRETS_ENV },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`sandbox did not start: ${output}`));
    }, 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /Config file: (.+)\n/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({
          configPath: match[1],
          output,
          stop: () =>
            new Promise<void>((done) => {
              child.once('exit', () => done());
              child.kill('SIGINT');
            }),
        });
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('exit', (code) => reject(new Error(`sandbox exited with ${code}: ${output}`)));
  });
}

describe('ml-connector sandbox', () => {
  it('prints each system and a config file that a separate run --once uses as is', async () => {
    const dataDir = tempDir();
    const sandbox = await startSandboxCommand(dataDir);
    try {
      for (const name of [
        'QAD cloud REST',
        'QAD QXtend SOAP',
        'SAP Concur token endpoint',
        'Expensify Integration Server',
      ]) {
        expect(sandbox.output).toMatch(new RegExp(`${name}\\s+http://127\\.0\\.0\\.1:\\d+`));
      }
      expect(existsSync(sandbox.configPath)).toBe(true);
      const config = readFileSync(sandbox.configPath, 'utf8');
      expect(config).toContain('"profile": "sandbox"');
      // Credentials went to the secret store, never into the settings file.
      expect(config).not.toMatch(/sandbox-password|partnerUserSecret/);
      const run = await runCli(['--config', sandbox.configPath, 'run', '--once', '--json'], {
        env: FILE_SECRETS_ENV,
        timeoutMs: 60_000,
      });
      const counts = JSON.parse(run.stdout) as Record<string, Record<string, number>>;
      expect(Object.keys(counts).sort()).toEqual(['concur', 'expensify']);
      const status = await runCli(['--config', sandbox.configPath, 'status', '--json'], {
        env: FILE_SECRETS_ENV,
      });
      const parsed = JSON.parse(status.stdout) as {
        flows: { flow: string; lastRun?: { outcome: string } }[];
      };
      expect(parsed.flows.every((f) => f.lastRun !== undefined)).toBe(true);
    } finally {
      await sandbox.stop();
    }
  });
});
