// The headless host: `ml-connector`. For IT and unattended servers, and for tests. Every command goes through
// the same engine as the desktop app. Exit codes: see exit-codes.ts.
import { Command, CommanderError, Option } from 'commander';
import { EngineLockedError } from '../engine/instance-lock.ts';
import { EXIT, UsageError } from './exit-codes.ts';
import { registerCommands } from './commands.ts';
import { registerExpensifyCommands } from './expensify-commands.ts';
import { registerListCommands, registerPushCommands } from './push-commands.ts';
import { registerRoadCommands } from './road-commands.ts';
import { registerSandboxCommands } from './sandbox-commands.ts';

export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('ml-connector')
    .description('Posts approved SAP Concur and Expensify documents into QAD ERP, exactly once.')
    .addOption(new Option('--config <file>', 'settings file (JSON); default: config.json in the data folder'))
    .addOption(
      new Option('--data-dir <dir>', 'data folder (database, logs, settings); default: per-user app data'),
    )
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) })
    .showHelpAfterError(false);

  let exitCode: number = EXIT.ok;
  registerCommands(program, (code) => {
    exitCode = code;
  });
  registerRoadCommands(program, (code) => {
    exitCode = code;
  });
  registerPushCommands(program, (code) => {
    exitCode = code;
  });
  registerExpensifyCommands(program, (code) => {
    exitCode = code;
  });
  registerListCommands(program, (code) => {
    exitCode = code;
  });
  registerSandboxCommands(program);

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with exit code 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    // Another engine runs the flows on this data folder: a setup problem IT fixes, like bad configuration.
    if (error instanceof UsageError || error instanceof EngineLockedError) {
      process.stderr.write(`ml-connector: ${error.message}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`ml-connector: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failures;
  }
}
