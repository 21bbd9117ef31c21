// Shared set-up for the Concur road tests: the demo company, FIS items wrapped as the adapter stages them,
// a simulator with a client pointed at it, a temp store, and a flow context.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { settingsSchema, type SecretName, type Settings } from '../../../shared/settings.ts';
import type { DocumentKind } from '../../../shared/domain/document.ts';
import type { EngineSecrets, FlowContext } from '../../../electron/engine/ports.ts';
import { generateDemoCompany, type DemoCompany } from '../../../electron/sandbox/demo/company.ts';
import {
  startConcurSimulator,
  type ConcurSimulator,
  type GeneratedDocument,
  type StartConcurSimulatorInput,
} from '../../../electron/sandbox/concur/index.ts';
import {
  createConcurClient,
  memoryStateStore,
  type ConcurClient,
  type ConcurClientOptions,
} from '../../../electron/connectors/concur/index.ts';
import { openStore, type Store } from '../../../electron/store/index.ts';
import type { RawSourceItem } from '../../../electron/sync/source-port.ts';

export const AS_OF = '2026-11-20';

let company: DemoCompany | undefined;

export function demoCompany(): DemoCompany {
  company ??= generateDemoCompany({ seed: 42, asOf: AS_OF });
  return company;
}

export function kindOf(doc: GeneratedDocument): DocumentKind {
  return doc.docType === 'invoice' ? 'invoice' : 'expense_report';
}

/** A generated document as the adapter stages it: the FIS content item, `document` as object or text. */
export function rawItem(
  doc: GeneratedDocument,
  envelope: { docStatus?: string; asString?: boolean; document?: unknown } = {},
): RawSourceItem {
  const document = envelope.document ?? doc.document;
  return {
    sourceId: doc.id,
    kind: kindOf(doc),
    payload: JSON.stringify({
      id: doc.id,
      docType: doc.docType,
      docStatus: envelope.docStatus ?? 'READY',
      companyId: 'C1',
      entityId: 'E1',
      erpSystemId: null,
      document: envelope.asString ? JSON.stringify(document) : document,
    }),
  };
}

export class MemorySecrets implements EngineSecrets {
  readonly backend = 'memory';
  readonly values = new Map<SecretName, string>();
  get(name: SecretName): Promise<string | undefined> {
    return Promise.resolve(this.values.get(name));
  }
  set(name: SecretName, value: string): Promise<void> {
    this.values.set(name, value);
    return Promise.resolve();
  }
  delete(name: SecretName): Promise<void> {
    this.values.delete(name);
    return Promise.resolve();
  }
  status(): Promise<readonly { name: SecretName; present: boolean }[]> {
    return Promise.resolve([...this.values.keys()].map((name) => ({ name, present: true })));
  }
}

export function adminSecrets(sim: ConcurSimulator): MemorySecrets {
  const secrets = new MemorySecrets();
  secrets.values.set('concur.clientSecret', sim.credentials.clientSecret);
  secrets.values.set('concur.requestToken', sim.credentials.requestToken);
  return secrets;
}

export function startSim(input: Partial<StartConcurSimulatorInput> = {}): Promise<ConcurSimulator> {
  return startConcurSimulator({ company: demoCompany(), documents: 20, ...input });
}

export function settingsFor(
  sim: ConcurSimulator,
  concur: Record<string, unknown> = {},
  rest: Record<string, unknown> = {},
): Settings {
  return settingsSchema.parse({
    qad: { mode: 'rest', domain: 'QMFG', rest: { tenantUrl: 'http://127.0.0.1:1', clientId: 'qad' } },
    concur: {
      enabled: true,
      tokenUrl: sim.tokenUrl,
      clientId: sim.credentials.clientId,
      companyUuid: sim.credentials.companyUuid,
      ...concur,
    },
    ...rest,
  });
}

/** Short backoff so retries cost milliseconds. */
export const FAST: ConcurClientOptions = {
  retry: { maxAttempts: 6, baseDelayMs: 1, maxDelayMs: 5 },
  breaker: { failureThreshold: 50, halfOpenAfterMs: 10 },
};

const noop = (): undefined => undefined;
const silent = { info: noop, warn: noop, error: noop, debug: noop } as unknown as FlowContext['log'];

export function flowContext(settings: Settings, secrets: EngineSecrets): FlowContext {
  return { settings, secrets, log: silent, actor: 'scheduler', signal: new AbortController().signal };
}

export interface SimHarness {
  readonly sim: ConcurSimulator;
  readonly settings: Settings;
  readonly secrets: MemorySecrets;
  readonly client: ConcurClient;
  readonly ctx: FlowContext;
}

export function harness(
  sim: ConcurSimulator,
  concur: Record<string, unknown> = {},
  rest: Record<string, unknown> = {},
): SimHarness {
  const settings = settingsFor(sim, concur, rest);
  const secrets = adminSecrets(sim);
  const client = createConcurClient({
    settings,
    secrets,
    log: silent,
    options: { ...FAST, state: memoryStateStore() },
  });
  return { sim, settings, secrets, client, ctx: flowContext(settings, secrets) };
}

export function tempStore(): Store {
  const dir = mkdtempSync(join(tmpdir(), 'mlc-concur-road-'));
  return openStore(join(dir, 'store.sqlite'));
}
