// Shared set-up for the Concur client tests: a simulator, an in-memory secret store holding what the admin
// entered (client secret, company request token), settings pointing at the simulator's token host, and a
// log that records every line so tests can look for secrets in it.
import { settingsSchema, type SecretName, type Settings } from '../../../shared/settings.ts';
import type { EngineSecrets } from '../../../electron/engine/ports.ts';
import type { LogSink } from '../../../electron/ipc/log-sink.ts';
import { generateDemoCompany, type DemoCompany } from '../../../electron/sandbox/demo/company.ts';
import {
  startConcurSimulator,
  type ConcurSimulator,
  type StartConcurSimulatorInput,
} from '../../../electron/sandbox/concur/index.ts';
import {
  createConcurClient,
  memoryStateStore,
  type ConcurClient,
  type ConcurClientOptions,
  type ConcurStateStore,
} from '../../../electron/connectors/concur/index.ts';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

let company: DemoCompany | undefined;

export function demoCompany(): DemoCompany {
  company ??= generateDemoCompany({ seed: 42, asOf: '2026-11-20' });
  return company;
}

export function startSim(input: Partial<StartConcurSimulatorInput> = {}): Promise<ConcurSimulator> {
  return startConcurSimulator({ company: demoCompany(), documents: 12, ...input });
}

export class MemorySecrets implements EngineSecrets {
  readonly backend = 'memory';
  readonly values = new Map<SecretName, string>();
  /** Every write in order, to check replacement order. */
  readonly writes: { op: 'set' | 'delete'; name: SecretName; value?: string }[] = [];

  get(name: SecretName): Promise<string | undefined> {
    return Promise.resolve(this.values.get(name));
  }
  set(name: SecretName, value: string): Promise<void> {
    this.values.set(name, value);
    this.writes.push({ op: 'set', name, value });
    return Promise.resolve();
  }
  delete(name: SecretName): Promise<void> {
    this.values.delete(name);
    this.writes.push({ op: 'delete', name });
    return Promise.resolve();
  }
  status(): Promise<readonly { name: SecretName; present: boolean }[]> {
    return Promise.resolve([...this.values.keys()].map((name) => ({ name, present: true })));
  }
}

/** What the admin enters on first connect: the client secret and a fresh company request token. */
export function adminSecrets(sim: ConcurSimulator): MemorySecrets {
  const secrets = new MemorySecrets();
  secrets.values.set('concur.clientSecret', sim.credentials.clientSecret);
  secrets.values.set('concur.requestToken', sim.credentials.requestToken);
  return secrets;
}

export function settingsFor(sim: ConcurSimulator, concur: Record<string, unknown> = {}): Settings {
  return settingsSchema.parse({
    concur: {
      enabled: true,
      tokenUrl: sim.tokenUrl,
      clientId: sim.credentials.clientId,
      companyUuid: sim.credentials.companyUuid,
      ...concur,
    },
  });
}

export interface LogLine {
  readonly level: 'info' | 'warn' | 'error';
  readonly message: string;
  readonly detail: object;
}

export function recordingLog(): LogSink & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    info: (detail, message) => lines.push({ level: 'info', message, detail }),
    warn: (detail, message) => lines.push({ level: 'warn', message, detail }),
    error: (detail, message) => lines.push({ level: 'error', message, detail }),
  };
}

/** Short backoff so retries cost milliseconds. */
export const FAST: ConcurClientOptions = {
  retry: { maxAttempts: 8, baseDelayMs: 1, maxDelayMs: 10 },
  breaker: { failureThreshold: 50, halfOpenAfterMs: 100 },
};

export interface Harness {
  readonly client: ConcurClient;
  readonly secrets: MemorySecrets;
  readonly state: ConcurStateStore;
  readonly log: ReturnType<typeof recordingLog>;
  readonly settings: Settings;
}

export function clientFor(
  sim: ConcurSimulator,
  input: {
    secrets?: MemorySecrets;
    state?: ConcurStateStore;
    options?: ConcurClientOptions;
    concur?: Record<string, unknown>;
  } = {},
): Harness {
  const secrets = input.secrets ?? adminSecrets(sim);
  const state = input.state ?? memoryStateStore();
  const log = recordingLog();
  const settings = settingsFor(sim, input.concur);
  const client = createConcurClient({
    settings,
    secrets,
    log,
    options: { ...FAST, state, ...(input.options ?? {}) },
  });
  return { client, secrets, state, log, settings };
}

/** Calls an admin route of the simulator. */
export async function admin(
  sim: ConcurSimulator,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const response = await fetch(`${sim.apiUrl}/__sandbox/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`admin ${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as unknown;
}

/** The operation names the API host logged, in order. */
export function apiOperations(sim: ConcurSimulator): string[] {
  return sim.apiServer.requests.map((r) =>
    `${r.method} ${r.operation ?? r.path} ${r.status ?? r.fault ?? ''}`.trim(),
  );
}
