// The CLI's commands. Each opens the host (settings, secrets, logger, engine) on demand, so `--help` and
// usage errors never touch the database or the keychain.
import type { Command } from 'commander';
import { Option } from 'commander';
import { SYSTEMS } from '../../shared/domain/status.ts';
import { SECRET_NAMES, type SecretName } from '../../shared/settings.ts';
import { EXIT, UsageError } from './exit-codes.ts';
import { openHost, type GlobalOptions, type Host } from './host.ts';
import { printAudit, printCheck, printCycle, printStatus } from './output.ts';
import { readSecretFromStdin } from './stdin.ts';
import { waitForSignal } from './signals.ts';

type SetExit = (code: number) => void;

export function registerCommands(program: Command, setExit: SetExit): void {
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();

  program
    .command('run')
    .description('run the schedule in the foreground (or one full cycle with --once)')
    .option('--once', 'run one full cycle of every enabled flow, then exit')
    .option('--json', 'with --once: print one JSON object with the counts per source')
    .action(async (options: { once?: boolean; json?: boolean }) => {
      await withHost(globals(), async (host) => {
        if (options.once) {
          const result = await host.engine.runCycle('all', 'cli');
          printCycle(result, Boolean(options.json));
          setExit(result.reauthorize ? EXIT.reauthorize : result.failed ? EXIT.failures : EXIT.ok);
          return;
        }
        await host.engine.start();
        process.stderr.write('ml-connector is running its schedule. Press Ctrl+C to stop.\n');
        await waitForSignal();
      });
    });

  program
    .command('status')
    .description('show connections, last and next runs, and document counts')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await withHost(globals(), (host) => {
        const status = host.engine.status();
        printStatus(status, Boolean(options.json));
        if (status.concurNeedsReauthorization) setExit(EXIT.reauthorize);
      });
    });

  program
    .command('serve')
    .description('serve the UI to a browser on 127.0.0.1 (browser mode) and run the schedule')
    .option('--port <n>', 'port on 127.0.0.1 (0 picks a free one)', '0')
    .option('--no-schedule', 'serve the UI without running the schedule')
    .action(async (options: { port: string; schedule: boolean }) => {
      const port = parsePort(options.port);
      await withHost(globals(), async (host) => {
        if (options.schedule) await host.engine.start();
        const server = await host.serveBrowser(port);
        process.stdout.write(`Browser mode: ${server.url}\n`);
        process.stdout.write('Open that address once in a browser on this computer. Press Ctrl+C to stop.\n');
        await waitForSignal();
        await server.close();
      });
    });

  const secrets = program.command('secrets').description('manage credentials in the OS keychain');
  secrets
    .command('set')
    .argument('<name>', `one of: ${SECRET_NAMES.join(', ')}`)
    .description('store a secret; the value is read from standard input, never from the command line')
    .action(async (name: string) => {
      const secretName = parseSecretName(name);
      const value = await readSecretFromStdin(`Value for ${secretName}: `);
      if (!value)
        throw new UsageError(
          'no value on standard input: pipe the secret in, e.g. `printf %s "$X" | ml-connector secrets set NAME`',
          'value',
        );
      await withHost(globals(), async (host) => {
        await host.engine.setSecret(secretName, value);
        process.stdout.write(`Stored ${secretName} in ${host.secrets.backend}.\n`);
      });
    });
  secrets
    .command('delete')
    .argument('<name>', `one of: ${SECRET_NAMES.join(', ')}`)
    .description('remove a secret')
    .action(async (name: string) => {
      const secretName = parseSecretName(name);
      await withHost(globals(), async (host) => {
        await host.engine.deleteSecret(secretName);
        process.stdout.write(`Removed ${secretName}.\n`);
      });
    });
  secrets
    .command('list')
    .description('show which secrets are stored (never their values)')
    .action(async () => {
      await withHost(globals(), async (host) => {
        process.stdout.write(`Secret store: ${host.secrets.backend}\n`);
        for (const { name, present } of await host.secrets.status()) {
          process.stdout.write(`  ${present ? 'stored ' : 'missing'}  ${name}\n`);
        }
      });
    });

  program
    .command('check')
    .description('test every configured connection and say what works')
    .addOption(new Option('--system <name>', 'only this system').choices([...SYSTEMS]))
    .option('--json', 'print JSON')
    .action(async (options: { system?: (typeof SYSTEMS)[number]; json?: boolean }) => {
      await withHost(globals(), async (host) => {
        const report = await host.engine.check(options.system);
        printCheck(report, Boolean(options.json));
        if (report.items.some((item) => !item.ok && item.check !== 'configured')) setExit(EXIT.failures);
      });
    });

  program
    .command('audit')
    .description('read the audit trail, or verify its hash chain with --verify')
    .option('--verify', 'verify the hash chain and name the first broken event')
    .option('--subject <id>', 'only events about this document, batch or mapping')
    .option('--limit <n>', 'how many of the latest events', '50')
    .option('--json', 'print JSON')
    .action(async (options: { verify?: boolean; subject?: string; limit: string; json?: boolean }) => {
      await withHost(globals(), (host) => {
        if (options.verify) {
          const result = host.engine.verifyAudit();
          if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);
          else if (result.ok)
            process.stdout.write(`Audit trail intact: ${result.checked} events verified.\n`);
          else {
            process.stdout.write(
              `Audit trail BROKEN at event ${result.firstBroken?.seq}: ${result.firstBroken?.reason} (${result.checked} events checked).\n`,
            );
          }
          if (!result.ok) setExit(EXIT.failures);
          return;
        }
        const limit = parsePositive(options.limit, 'limit');
        printAudit(host.engine.listAudit({ subjectId: options.subject, limit }), Boolean(options.json));
      });
    });

  const config = program.command('config').description('the settings file');
  config
    .command('check')
    .description('validate the settings file and print where it is')
    .action(async () => {
      await withHost(globals(), (host) => {
        process.stdout.write(`Settings file ${host.paths.config} is valid.\n`);
      });
    });
}

async function withHost(options: GlobalOptions, body: (host: Host) => Promise<void> | void): Promise<void> {
  const host = await openHost(options);
  try {
    await body(host);
  } finally {
    await host.close();
  }
}

function parseSecretName(name: string): SecretName {
  if ((SECRET_NAMES as readonly string[]).includes(name)) return name as SecretName;
  throw new UsageError(`unknown secret "${name}"; expected one of ${SECRET_NAMES.join(', ')}`, 'name');
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be a whole number from 0 to 65535, not "${text}"`, 'port');
  }
  return port;
}

function parsePositive(text: string, field: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--${field} must be a positive whole number`, field);
  return n;
}
