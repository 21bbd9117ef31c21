// The application log: pino JSON lines in <dataDir>/logs/ml-connector.log (0600, size-rotated), optional
// short human lines on stderr. Every record passes through the redactor twice: the merged object before
// serialisation (sensitive keys), then the finished line (registered secret values in any encoding, and
// anything a serializer added), so no code path can write a secret by forgetting to redact.
import {
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { type Redactor, redactor as defaultRedactor } from './redact.ts';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

export interface LogFn {
  (detail: object, message: string): void;
  (message: string): void;
}

/** pino-compatible call shape (detail first), so it also satisfies the IPC layer's LogSink. */
export interface Logger {
  readonly debug: LogFn;
  readonly info: LogFn;
  readonly warn: LogFn;
  readonly error: LogFn;
  /** A logger whose records carry `scope` (nested scopes are joined with "."), e.g. `logger.child('concur')`. */
  child(scope: string): Logger;
}

export interface RootLogger extends Logger {
  /** Absolute path of the log file, when one is written. */
  readonly file: string | undefined;
  close(): void;
}

export interface LoggerOptions {
  /** The log file goes to `<dataDir>/logs/ml-connector.log`; omit it (and `file`) to log to stderr only. */
  readonly dataDir?: string;
  /** Explicit log file path, overriding dataDir. */
  readonly file?: string;
  /** Also write short human-readable lines to stderr. */
  readonly stderr?: boolean;
  readonly level?: LogLevel;
  readonly redactor?: Redactor;
  /** Rotate when the file grows past this many bytes (default 10 MiB); three old files are kept. */
  readonly maxBytes?: number;
}

export const LOG_FILE_NAME = 'ml-connector.log';
const KEEP_ROTATED = 3;

class RotatingFile {
  private fd: number;
  private size: number;
  private readonly path: string;
  private readonly maxBytes: number;

  constructor(path: string, maxBytes: number) {
    this.path = path;
    this.maxBytes = maxBytes;
    this.fd = openSync(path, 'a', 0o600);
    this.size = fstatSync(this.fd).size;
    if (this.size > maxBytes) this.rotate();
  }

  write(line: string): void {
    const bytes = Buffer.from(line, 'utf8');
    writeSync(this.fd, bytes);
    this.size += bytes.length;
    if (this.size > this.maxBytes) this.rotate();
  }

  close(): void {
    closeSync(this.fd);
  }

  private rotate(): void {
    closeSync(this.fd);
    rmSync(`${this.path}.${KEEP_ROTATED}`, { force: true });
    for (let i = KEEP_ROTATED - 1; i >= 1; i--) {
      if (existsSync(`${this.path}.${i}`)) renameSync(`${this.path}.${i}`, `${this.path}.${i + 1}`);
    }
    renameSync(this.path, `${this.path}.1`);
    this.fd = openSync(this.path, 'a', 0o600);
    this.size = 0;
  }
}

const LEVEL_NAMES: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};

/** One short line for a person watching a terminal: time, level, [scope], message, remaining fields. */
export function prettyLine(jsonLine: string): string {
  try {
    const record = JSON.parse(jsonLine) as Record<string, unknown>;
    const { time, level, scope, msg, pid: _pid, hostname: _hostname, ...rest } = record;
    const clock = typeof time === 'string' ? time.slice(11, 23) : '';
    const name = LEVEL_NAMES[Number(level)] ?? String(level);
    const where = typeof scope === 'string' ? ` [${scope}]` : '';
    const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
    return `${clock} ${name.padEnd(5)}${where} ${typeof msg === 'string' ? msg : ''}${extra}\n`;
  } catch {
    return jsonLine;
  }
}

export function createLogger(options: LoggerOptions = {}): RootLogger {
  const redactor = options.redactor ?? defaultRedactor;
  let file: RotatingFile | undefined;
  let filePath: string | undefined = options.file;
  if (filePath === undefined && options.dataDir !== undefined) {
    const dir = join(options.dataDir, 'logs');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    filePath = join(dir, LOG_FILE_NAME);
  }
  if (filePath !== undefined) file = new RotatingFile(filePath, options.maxBytes ?? 10 * 1024 * 1024);
  const toStderr = options.stderr === true;

  const destination = {
    write(line: string): void {
      const clean = redactor.redactString(line);
      file?.write(clean);
      if (toStderr) process.stderr.write(prettyLine(clean));
    },
  };

  const root = pino(
    {
      level: options.level ?? 'info',
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      // The redactor already turned errors into plain objects (name, message, stack); keep them as they are.
      serializers: { err: (value: unknown) => value },
      formatters: {
        log: (record) => redactor.redact(record),
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((arg: unknown) =>
            typeof arg === 'string' ? redactor.redactString(arg) : arg,
          );
          method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    destination,
  );

  const wrap = (instance: pino.Logger, scope: string | undefined): Logger => {
    const call =
      (level: 'debug' | 'info' | 'warn' | 'error'): LogFn =>
      (...args: [object, string] | [string]) =>
        instance[level](...(args as [string]));
    return {
      debug: call('debug'),
      info: call('info'),
      warn: call('warn'),
      error: call('error'),
      child(name: string): Logger {
        const next = scope === undefined ? name : `${scope}.${name}`;
        // Children hang off the root so nested scopes give one `scope` field, not one per level.
        return wrap(root.child({ scope: next }), next);
      },
    };
  };

  return {
    ...wrap(root, undefined),
    file: filePath,
    close() {
      root.flush();
      file?.close();
      file = undefined;
    },
  };
}

/** A logger that drops everything: for tests and callers that do not care. */
export function silentLogger(): Logger {
  const noop: LogFn = () => {};
  const logger: Logger = { debug: noop, info: noop, warn: noop, error: noop, child: () => logger };
  return logger;
}
