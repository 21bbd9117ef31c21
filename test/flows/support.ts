// A sandbox plus an engine data folder set up for it, as `ml-connector sandbox` would, with auto-release on so
// that `run --once` drives a document all the way to QAD and back without a person (the tests play the clerk
// who trusts the flow).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../electron/sandbox/index.ts';
import { writeSandboxFiles } from '../../electron/sandbox/engine-files.ts';
import {
  createExpensifyClient,
  createExpensifyFlow,
  createExpensifySource,
  type RateWindow,
} from '../../electron/connectors/expensify/index.ts';
import { createQadGateway } from '../../electron/connectors/qad/gateway.ts';
import { defaultFlows } from '../../electron/engine/default-flows.ts';
import { FILE_SECRETS_ENV, tempDir } from '../support/cli.ts';
import { createEngine, type Engine } from '../../electron/engine/engine.ts';
import type { FlowContext } from '../../electron/engine/ports.ts';
import type { EngineLogger } from '../../electron/engine/ports.ts';
import { createSecretStore } from '../../electron/secrets/index.ts';
import { JsonFileSettingsStore } from '../../electron/settings/settings-store.ts';

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

/** Changes the fixture's config file in place (retry, timeout and breaker settings for fault tests). */
export function patchConfig(
  f: Pick<FlowFixture, 'configPath'>,
  patch: (config: Record<string, Record<string, unknown>>) => void,
): void {
  const config = JSON.parse(readFileSync(f.configPath, 'utf8')) as Record<string, Record<string, unknown>>;
  patch(config);
  writeFileSync(f.configPath, JSON.stringify(config, null, 2));
}

/** Fast retries and breakers that do not open on a long run of injected faults, for QAD and Concur. */
export function fastRetries(f: Pick<FlowFixture, 'configPath'>, maxAttempts = 6): void {
  patchConfig(f, (config) => {
    for (const system of ['qad', 'concur'] as const) {
      config[system] = {
        ...config[system],
        timeoutMs: 5_000,
        retry: { maxAttempts, baseDelayMs: 5, maxDelayMs: 50 },
        breaker: { failureThreshold: 100, halfOpenAfterMs: 100 },
      };
    }
  });
}

/** An engine in this process over the fixture's data folder, settings file and encrypted-file secrets. */
export async function openFlowEngine(
  f: FlowFixture,
  options: { logger?: EngineLogger } = {},
): Promise<Engine> {
  const settings = new JsonFileSettingsStore(f.configPath);
  const secrets = await createSecretStore({
    dataDir: f.dataDir,
    env: { ...process.env, ...f.env },
    profile: settings.get().profile,
  });
  return createEngine({
    dataDir: f.dataDir,
    settings,
    secrets,
    actor: 'flow-test',
    ...(options.logger ? { logger: options.logger } : {}),
  });
}

// --- Expensify (added for the Expensify acceptance tests) ---------------------------------------------------

/** The states the engine exports from Expensify (approved and reimbursed); the others must stay untouched. */
export const EXPENSIFY_EXPORTABLE = ['APPROVED', 'REIMBURSED'] as const;

/** How often each Expensify report carries `label` (the simulator's own record of markAsExported). */
export function expensifyLabelCounts(sandbox: Sandbox, label = 'ml-connector'): Map<string, number> {
  const counts = new Map<string, number>();
  for (const report of sandbox.expensify.state.reports) {
    const n = report.exportedLabels.filter((l) => l.label === label).length;
    if (n > 0) counts.set(report.reportID, n);
  }
  return counts;
}

/** Report ids of the simulator's Expensify reports the engine should export. */
export function exportableReportIds(sandbox: Sandbox): string[] {
  return sandbox.expensify.state.reports
    .filter((r) => (EXPENSIFY_EXPORTABLE as readonly string[]).includes(r.status))
    .map((r) => r.reportID);
}

/** Documents of one source by source id: their state and the messages of their open exceptions. */
export function ledgerDocuments(
  dataDir: string,
  source: 'concur' | 'expensify',
): Map<string, { state: string; exceptions: string[] }> {
  const db = new Database(join(dataDir, 'ml-connector.db'), { readonly: true });
  try {
    const docs = db
      .prepare('SELECT id, source_id AS sourceId, state FROM documents WHERE source = ?')
      .all(source) as { id: number; sourceId: string; state: string }[];
    const messages = db.prepare(
      'SELECT message FROM document_exceptions WHERE document_id = ? ORDER BY position',
    );
    return new Map(
      docs.map((d) => [
        d.sourceId,
        {
          state: d.state,
          exceptions: (messages.all(d.id) as { message: string }[]).map((m) => m.message),
        },
      ]),
    );
  } finally {
    db.close();
  }
}

/** Source ids of the documents in one ledger state (read-only, like ledgerFacts). */
export function idsInState(dataDir: string, state: string): string[] {
  const db = new Database(join(dataDir, 'ml-connector.db'), { readonly: true });
  try {
    const rows = db.prepare('SELECT source_id AS id FROM documents WHERE state = ?').all(state) as {
      id: string;
    }[];
    return rows.map((r) => r.id);
  } finally {
    db.close();
  }
}

/**
 * Shrinks the Expensify simulator's rate windows in place. The sandbox starts the simulator with the
 * documented windows and its limiter holds that very array, so a test may scale it down (startSandbox takes no
 * Expensify options). A limiter that copied the array would make the simulator answer 429s, which the
 * rate-limit test would show at once.
 */
export function shrinkExpensifyWindows(sandbox: Sandbox, windows: readonly RateWindow[]): void {
  const live = sandbox.expensify.options.rateLimit.windows as RateWindow[];
  live.splice(0, live.length, ...windows.map((w) => ({ ...w })));
}

/**
 * The engine of a fixture in this process (same settings file, data folder and secret store as the CLI), with
 * the Expensify client's rate windows replaced by `rateWindows` (scaled like the simulator's). Every flow is the
 * shipped one; only the Expensify client factory differs. One process, so one pacer across all cycles.
 */
export async function openPacedExpensifyEngine(
  f: FlowFixture,
  options: { rateWindows: readonly RateWindow[]; rateMarginMs: number },
): Promise<Engine> {
  const settings = new JsonFileSettingsStore(f.configPath);
  const secrets = await createSecretStore({
    dataDir: f.dataDir,
    env: { ...process.env, ...f.env },
    profile: settings.get().profile,
  });
  return createEngine({
    dataDir: f.dataDir,
    settings,
    secrets,
    actor: 'flow-test',
    flows: (deps) => {
      const shipped = defaultFlows(deps).filter((flow) => flow.flow !== 'expensify');
      const adapter = createExpensifySource({
        store: deps.store,
        settings: deps.settings,
        clientFactory: (ctx) =>
          createExpensifyClient({
            settings: ctx.settings,
            secrets: ctx.secrets,
            log: ctx.log,
            signal: ctx.signal,
            rateWindows: options.rateWindows,
            rateMarginMs: options.rateMarginMs,
          }),
      });
      deps.adapters.expensify = adapter;
      const gateway = (ctx: FlowContext) =>
        createQadGateway(ctx.settings, ctx.secrets, { log: ctx.log, signal: ctx.signal });
      return [...shipped, createExpensifyFlow({ store: deps.store, gateway, adapter })];
    },
  });
}
