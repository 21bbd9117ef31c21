// Shared set-up of the Expensify connector tests: the simulator with shrunk rate windows and a canary
// secret, settings pointing at it, an in-memory secret store, a log that keeps every line, a temp store.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createExpensifyClient,
  type ExpensifyClient,
} from '../../../electron/connectors/expensify/client.ts';
import type { RateWindow } from '../../../electron/connectors/expensify/limiter.ts';
import type { EngineSecrets, FlowContext } from '../../../electron/engine/ports.ts';
import { generateDemoCompany } from '../../../electron/sandbox/demo/company.ts';
import {
  startExpensifySimulator,
  type ExpensifySimOptionsInput,
  type ExpensifySimulator,
  type ReportInput,
} from '../../../electron/sandbox/expensify/index.ts';
import { openStore, replaceQadCache, type QadCacheInput, type Store } from '../../../electron/store/index.ts';
import {
  settingsSchema,
  type SecretName,
  type Settings,
  type SettingsInput,
} from '../../../shared/settings.ts';

export const company = generateDemoCompany({ seed: 42, asOf: '2026-11-20' });

/** The day the tests pretend it is (the demo reports were approved in the weeks before). */
export const NOW = new Date('2026-11-22T12:00:00.000Z');

/** A secret that must never show up in logs, errors or audit rows. */
export const CANARY = 'CANARY-partner-secret-7f3a9c';

/** The documented 5 per 10 s and 20 per 60 s, shrunk 40 times so a burst of 30 takes about 3 s. */
export const FAST_WINDOWS: readonly RateWindow[] = [
  { limit: 5, windowMs: 250 },
  { limit: 20, windowMs: 1500 },
];

export async function startSim(
  input: { options?: ExpensifySimOptionsInput; reports?: number | readonly ReportInput[] } = {},
): Promise<ExpensifySimulator> {
  return startExpensifySimulator({
    company,
    ...(input.reports !== undefined ? { reports: input.reports } : {}),
    options: {
      partnerUserSecret: CANARY,
      rateLimit: { enabled: true, windows: [...FAST_WINDOWS] },
      ...input.options,
    },
  });
}

export function settingsFor(sim: ExpensifySimulator, expensify: SettingsInput['expensify'] = {}): Settings {
  const policyEntities = Object.fromEntries(sim.state.policies.map((p) => [p.id, p.entity]));
  return settingsSchema.parse({
    qad: { entities: company.entities.map((e) => e.code) },
    expensify: {
      enabled: true,
      url: sim.url,
      policyIds: sim.policyIds,
      policyEntities,
      // The simulator sends amounts in minor units of their currency (JPY without decimals).
      amountUnit: 'currency_minor',
      retry: { maxAttempts: 8, baseDelayMs: 20, maxDelayMs: 300 },
      ...expensify,
    },
  });
}

export function memorySecrets(values: Partial<Record<SecretName, string>>): EngineSecrets {
  const map = new Map(Object.entries(values) as [SecretName, string][]);
  return {
    backend: 'memory',
    get: (name) => Promise.resolve(map.get(name)),
    set: (name, value) => {
      map.set(name, value);
      return Promise.resolve();
    },
    delete: (name) => {
      map.delete(name);
      return Promise.resolve();
    },
    status: () => Promise.resolve([...map.keys()].map((name) => ({ name, present: true }))),
  };
}

export function simSecrets(
  sim: ExpensifySimulator,
  secret = sim.credentials.partnerUserSecret,
): EngineSecrets {
  return memorySecrets({
    'expensify.partnerUserId': sim.credentials.partnerUserID,
    'expensify.partnerUserSecret': secret,
  });
}

export interface CapturedLog {
  readonly lines: string[];
  info(detail: object, message: string): void;
  warn(detail: object, message: string): void;
  error(detail: object, message: string): void;
}

/** Keeps every line as the JSON a log file would hold. */
export function captureLog(): CapturedLog {
  const lines: string[] = [];
  const keep = (level: string) => (detail: object, message: string) => {
    lines.push(JSON.stringify({ level, ...detail, msg: message }));
  };
  return { lines, info: keep('info'), warn: keep('warn'), error: keep('error') };
}

export function flowContext(
  settings: Settings,
  secrets: EngineSecrets,
  log: CapturedLog = captureLog(),
): FlowContext {
  return { settings, secrets, log, actor: 'scheduler', signal: new AbortController().signal };
}

export function clientFor(
  sim: ExpensifySimulator,
  settings: Settings,
  options: { log?: CapturedLog; secret?: string } = {},
): Promise<ExpensifyClient> {
  return createExpensifyClient({
    settings,
    secrets: simSecrets(sim, options.secret),
    ...(options.log ? { log: options.log } : {}),
    rateWindows: FAST_WINDOWS,
    rateMarginMs: 20,
  });
}

export function tempStore(): Store {
  return openStore(join(mkdtempSync(join(tmpdir(), 'mlc-expensify-')), 'store.sqlite'));
}

/** The QAD cache as the masterData flow fills it (GL accounts domain-wide, cost centers per entity). */
export function loadQadCache(store: Store): void {
  const put = (
    kind: 'gl_account' | 'cost_center' | 'entity' | 'supplier',
    entity: string,
    rows: QadCacheInput[],
  ) => replaceQadCache(store.db, kind, entity, rows, { actor: 'masterData' });
  put(
    'gl_account',
    '*',
    company.accounts.map((a) => ({
      code: a.code,
      payload: { description: a.description, type: a.type, postable: a.postable },
      active: a.active,
    })),
  );
  put(
    'entity',
    '*',
    company.entities.map((e) => ({ code: e.code, payload: {}, active: true })),
  );
  for (const entity of company.entities) {
    put(
      'cost_center',
      entity.code,
      company.costCenters
        .filter((c) => c.entity === entity.code)
        .map((c) => ({ code: c.code, payload: { description: c.description }, active: c.active })),
    );
  }
}
