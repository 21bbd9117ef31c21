// A sandbox plus an engine data folder set up for it, as `ml-connector sandbox` would, with auto-release on so
// that `run --once` drives a document all the way to QAD and back without a person (the tests play the clerk
// who trusts the flow).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../electron/sandbox/index.ts';
import { writeSandboxFiles } from '../../electron/sandbox/engine-files.ts';
import { FILE_SECRETS_ENV, tempDir } from '../support/cli.ts';

export interface FlowFixture {
  readonly sandbox: Sandbox;
  readonly dataDir: string;
  readonly configPath: string;
  readonly env: Record<string, string>;
}

export async function flowFixture(
  options: SandboxOptions & { sources?: ('concur' | 'expensify')[] } = {},
): Promise<FlowFixture> {
  const sandbox = await startSandbox(options);
  const dataDir = tempDir('mlc-flow-');
  // The secret store of the engine under test is the encrypted file: the same on every machine.
  const saved = { ...process.env };
  Object.assign(process.env, FILE_SECRETS_ENV);
  const files = await writeSandboxFiles(sandbox, dataDir).finally(() => {
    for (const key of Object.keys(FILE_SECRETS_ENV)) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });
  const sources = options.sources ?? ['concur'];
  const config = JSON.parse(readFileSync(files.configPath, 'utf8')) as Record<
    string,
    Record<string, unknown>
  >;
  config.posting = { ...config.posting, autoRelease: sources };
  for (const source of ['concur', 'expensify'] as const) {
    config[source] = { ...config[source], enabled: sources.includes(source) };
  }
  writeFileSync(files.configPath, JSON.stringify(config, null, 2));
  return { sandbox, dataDir, configPath: files.configPath, env: { ...FILE_SECRETS_ENV } };
}

export interface LedgerFacts {
  readonly byState: Record<string, number>;
  readonly confirmedIds: readonly string[];
}

export function ledgerFacts(dataDir: string): LedgerFacts {
  const db = new Database(join(dataDir, 'ml-connector.db'), { readonly: true });
  try {
    const rows = db.prepare('SELECT source_id AS id, state FROM documents').all() as {
      id: string;
      state: string;
    }[];
    const byState: Record<string, number> = {};
    for (const row of rows) byState[row.state] = (byState[row.state] ?? 0) + 1;
    return { byState, confirmedIds: rows.filter((r) => r.state === 'confirmed').map((r) => r.id) };
  } finally {
    db.close();
  }
}

export function integrityOk(dataDir: string): boolean {
  const db = new Database(join(dataDir, 'ml-connector.db'), { readonly: true });
  try {
    return (db.pragma('integrity_check', { simple: true }) as string) === 'ok';
  } finally {
    db.close();
  }
}

/** QAD documents per external reference, counted in the simulator itself (the only honest count). */
export function qadReferences(sandbox: Sandbox): Map<string, number> {
  const counts = new Map<string, number>();
  for (const doc of [...sandbox.qad.model.invoices, ...sandbox.qad.model.journals]) {
    if (!doc.description.startsWith('MLC-')) continue;
    counts.set(doc.description, (counts.get(doc.description) ?? 0) + 1);
  }
  return counts;
}

/** Successful posting confirmations Concur recorded per FIS document id. */
export function concurConfirmations(sandbox: Sandbox): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of sandbox.concur.state.confirmations) {
    if (c.kind !== 'posting' || c.code !== 0) continue;
    counts.set(c.docId, (counts.get(c.docId) ?? 0) + 1);
  }
  return counts;
}
