// `ml-connector sandbox` and `ml-connector demo`: the embedded default. The sandbox's settings carry the
// profile "sandbox", so its credentials live under their own keychain service and its data in its own folder:
// trying the sandbox on a production machine never touches the real installation.
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import type { SecretName } from '../../shared/settings.ts';
import { resetDemoFolder, writeSandboxFiles } from '../sandbox/engine-files.ts';
import { startSandbox, type Sandbox } from '../sandbox/index.ts';
import { SECRET_ENV_VARS, sandboxMemorySecretStore } from '../secrets/index.ts';
import { UsageError } from './exit-codes.ts';
import { openHost, type GlobalOptions } from './host.ts';
import { defaultDataDir } from './paths.ts';
import { waitForSignal } from './signals.ts';

interface SandboxFlags {
  readonly qad: 'rest' | 'qxtend';
  readonly seed: string;
  readonly documents?: string;
  readonly reports?: string;
}

export function registerSandboxCommands(program: Command): void {
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  const withSandboxOptions = (command: Command) =>
    command
      .addOption(
        new Option('--qad <mode>', 'QAD interface the settings use')
          .choices(['rest', 'qxtend'])
          .default('rest'),
      )
      .option('--seed <n>', 'seed of the demo company (same seed, same data)', '42')
      .option('--documents <n>', 'how many Concur documents to generate')
      .option('--reports <n>', 'how many Expensify reports to generate');

  withSandboxOptions(
    program
      .command('sandbox')
      .description(
        'start the simulated QAD, SAP Concur and Expensify systems and write a config file for them',
      ),
  ).action(async (flags: SandboxFlags) => {
    const dataDir = resolve(globals().dataDir ?? join(defaultDataDir(), 'sandbox'));
    const sandbox = await startSandbox(sandboxOptions(flags));
    try {
      const config = globals().config;
      const files = await writeSandboxFiles(sandbox, dataDir, config ? resolve(config) : undefined);
      reportRefused(sandbox, files.refused);
      for (const system of sandbox.systems) process.stdout.write(`${system.name.padEnd(30)} ${system.url}\n`);
      process.stdout.write(`Config file: ${files.configPath}\n`);
      process.stdout.write(`Try: ml-connector --config ${files.configPath} run --once\n`);
      process.stdout.write('The sandbox runs until you press Ctrl+C.\n');
      await waitForSignal();
    } finally {
      await sandbox.close();
    }
  });

  withSandboxOptions(
    program
      .command('demo')
      .description(
        'the sandbox, the engine and the UI in browser mode together: real work without credentials',
      )
      .option('--port <n>', 'browser-mode port on 127.0.0.1 (0 picks a free one)', '0'),
  ).action(async (flags: SandboxFlags & { port: string }) => {
    const port = Number(flags.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError('--port must be 0 to 65535', 'port');
    const dataDir = resolve(globals().dataDir ?? join(defaultDataDir(), 'demo'));
    try {
      resetDemoFolder(dataDir);
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error), 'data-dir');
    }
    const sandbox = await startSandbox(sandboxOptions(flags));
    try {
      const files = await writeSandboxFiles(sandbox, dataDir);
      // Without a keychain or MLC_SECRET_KEY the demo still runs: its credentials are the simulators' own.
      const memory = files.refused.length > 0 ? sandboxMemorySecretStore(sandbox.secrets) : undefined;
      if (memory) process.stderr.write(`${memory.notice}\n`);
      const host = await openHost({ config: files.configPath, dataDir }, memory ? { secrets: memory } : {});
      try {
        await host.engine.start();
        const server = await host.serveBrowser(port);
        process.stdout.write(
          `Sandbox systems are running on 127.0.0.1 (${sandbox.systems.length} endpoints).\n`,
        );
        process.stdout.write(`Browser mode: ${server.url}\n`);
        process.stdout.write('Open that address in a browser on this computer. Press Ctrl+C to stop.\n');
        host.engine.runNow('all');
        await waitForSignal();
      } finally {
        await host.close();
      }
    } finally {
      await sandbox.close();
    }
  });
}

function sandboxOptions(flags: SandboxFlags) {
  const seed = Number(flags.seed);
  if (!Number.isInteger(seed)) throw new UsageError('--seed must be a whole number', 'seed');
  const count = (text: string | undefined, field: string): number | undefined => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0 || n > 1_000_000)
      throw new UsageError(`--${field} must be 0 to 1000000`, field);
    return n;
  };
  const documents = count(flags.documents, 'documents');
  const reports = count(flags.reports, 'reports');
  return {
    seed,
    qadMode: flags.qad,
    ...(documents !== undefined ? { concurDocuments: documents } : {}),
    ...(reports !== undefined ? { expensifyReports: reports } : {}),
  };
}

function reportRefused(sandbox: Sandbox, refused: readonly SecretName[]): void {
  if (refused.length === 0) return;
  process.stderr.write(
    'No OS keychain is available and MLC_SECRET_KEY is not set, so the sandbox credentials were not stored.\n' +
      'Set MLC_SECRET_KEY (any long random text) and start again, or export these sandbox values:\n',
  );
  for (const name of refused) {
    const variable = SECRET_ENV_VARS[name];
    if (variable) process.stderr.write(`  export ${variable}='${sandbox.secrets[name] ?? ''}'\n`);
  }
}
