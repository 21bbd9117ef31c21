// Runs Apache FreeMarker (Debian's libfreemarker-java) on a batch of templates through Render.java, compiled
// with javac into a temporary directory. Used only by the oracle test; skipped when javac or the jar is absent.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const FREEMARKER_JAR = process.env.FREEMARKER_JAR ?? '/usr/share/java/freemarker.jar';

export interface OracleJob {
  readonly template: string;
  readonly model: unknown;
  readonly numberFormat?: 'computer' | 'number';
}

export type OracleResult = { ok: true; output: string } | { ok: false; error: string };

/** Why the oracle cannot run here, or undefined when it can. */
export function oracleUnavailable(): string | undefined {
  if (!existsSync(FREEMARKER_JAR))
    return `FreeMarker jar not found at ${FREEMARKER_JAR} (apt-get install libfreemarker-java)`;
  const javac = spawnSync('javac', ['-version'], { encoding: 'utf8' });
  if (javac.error || javac.status !== 0) return 'javac is not installed (a JDK 11+ is needed)';
  return undefined;
}

let compiledDir: string | undefined;

function compile(): string {
  if (compiledDir) return compiledDir;
  const dir = mkdtempSync(path.join(tmpdir(), 'fm-oracle-'));
  const source = path.join(path.dirname(new URL(import.meta.url).pathname), 'Render.java');
  execFileSync('javac', ['-encoding', 'UTF-8', '-cp', FREEMARKER_JAR, '-d', dir, source]);
  compiledDir = dir;
  return dir;
}

export function renderWithFreeMarker(jobs: readonly OracleJob[]): OracleResult[] {
  const dir = compile();
  const stdout = execFileSync(
    'java',
    ['-Dfile.encoding=UTF-8', '-cp', `${FREEMARKER_JAR}${path.delimiter}${dir}`, 'Render'],
    {
      input: JSON.stringify(jobs.map((job) => ({ numberFormat: 'computer', ...job }))),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return JSON.parse(stdout) as OracleResult[];
}
