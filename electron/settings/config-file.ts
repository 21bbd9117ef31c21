// The headless CLI's settings: a JSON file validated with the same schema the desktop uses. Problems are
// reported with the dotted path of the first bad field (or the line and column of a JSON syntax error).
import { readFileSync } from 'node:fs';
import type { Settings } from '../../shared/settings.ts';
import { settingsSchema } from '../../shared/settings.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { ConfigError, configErrorFromZod } from './config-error.ts';

export { ConfigError } from './config-error.ts';

export interface LoadConfigOptions {
  /** When true a missing file yields the defaults; otherwise a missing file is an error. */
  readonly missingIsDefaults?: boolean;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

/** Parses JSON text, turning a syntax error into a ConfigError with a 1-based line and column. */
export function parseConfigJson(text: string): unknown {
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(withoutBom) as unknown;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const match = /position (\d+)/.exec(message);
    const at = lineAndColumn(withoutBom, match?.[1] === undefined ? withoutBom.length : Number(match[1]));
    const reason = message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/ in JSON at position \d+/, '');
    throw new ConfigError('', `invalid JSON at line ${at.line}, column ${at.column}: ${reason}`, at);
  }
}

/** Validates an already-parsed value against the settings schema (defaults filled in). */
export function validateSettings(input: unknown): Settings {
  const parsed = settingsSchema.safeParse(input);
  if (!parsed.success) throw configErrorFromZod(parsed.error, input);
  return parsed.data;
}

export function loadConfigFile(path: string, options: LoadConfigOptions = {}): Settings {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      if (options.missingIsDefaults === true) return validateSettings({});
      throw new ConfigError('', `settings file not found: ${path}`);
    }
    throw new ConfigError('', `cannot read settings file ${path}: ${(error as Error).message}`);
  }
  try {
    return validateSettings(parseConfigJson(text));
  } catch (error) {
    if (error instanceof ConfigError) {
      error.message = `${path}: ${error.message}`;
    }
    throw error;
  }
}

/** Writes the settings atomically (temp file, fsync, rename) with mode 0600, after validating them. */
export function saveConfigFile(path: string, settings: Settings): void {
  const valid = validateSettings(settings);
  writeFileAtomic(path, `${JSON.stringify(valid, null, 2)}\n`, { mode: 0o600 });
}
