// Fixtures for the QAD gateway tests: the demo company pinned to a fixed "today" (so GL periods are known),
// both simulators on one model, settings for either transport with short timeouts and backoff, an
// in-memory secret store, and a log sink that keeps every line for the redaction canary.
import { generateDemoCompany, type DemoCompany } from '../../../electron/sandbox/demo/company.ts';
import { startQadSimulators, type QadSimulators } from '../../../electron/sandbox/qad/index.ts';
import type { EngineSecrets } from '../../../electron/engine/ports.ts';
import type { LogSink } from '../../../electron/ipc/log-sink.ts';
import type { QadSupplierInvoiceInput } from '../../../shared/domain/qad.ts';
import {
  settingsSchema,
  type SecretName,
  type Settings,
  type SettingsInput,
} from '../../../shared/settings.ts';

export const AS_OF = '2026-06-15';
/** June 2026: open in both entities. */
export const OPEN_DATE = '2026-06-10';
/** March 2026: closed in both entities. */
export const CLOSED_DATE = '2026-03-10';

export type Mode = 'rest' | 'qxtend';

export function demoCompany(): DemoCompany {
  return generateDemoCompany({ asOf: AS_OF });
}

export async function startSims(
  demo: DemoCompany,
  options?: Parameters<typeof startQadSimulators>[0]['options'],
) {
  return startQadSimulators({ company: demo, ...(options ? { options } : {}) });
}

export function qadSettings(
  mode: Mode,
  sims: QadSimulators,
  over: Partial<NonNullable<SettingsInput['qad']>> = {},
): Settings {
  return settingsSchema.parse({
    qad: {
      mode,
      domain: 'QMFG',
      timeoutMs: 1000,
      retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20 },
      breaker: { failureThreshold: 100, halfOpenAfterMs: 50 },
      rest: { tenantUrl: sims.rest.tenantUrl, clientId: 'mlc' },
      qxtend: { endpointUrl: sims.qxtend.endpointUrl },
      ...over,
    },
  });
}

export function memorySecrets(values: Partial<Record<SecretName, string>> = {}): EngineSecrets {
  const map = new Map<SecretName, string>(Object.entries(values) as [SecretName, string][]);
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
    status: () =>
      Promise.resolve(
        (['qad.username', 'qad.password'] as const).map((name) => ({ name, present: map.has(name) })),
      ),
  };
}

export const sandboxSecrets = (password = 'sandbox-password') =>
  memorySecrets({ 'qad.username': 'mlc-demo', 'qad.password': password });

export interface CapturedLog extends LogSink {
  readonly lines: string[];
}

export function captureLog(): CapturedLog {
  const lines: string[] = [];
  const keep = (level: string) => (detail: object, message: string) => {
    lines.push(`${level} ${message} ${JSON.stringify(detail)}`);
  };
  return { lines, info: keep('info'), warn: keep('warn'), error: keep('error') };
}

/** Operations of the simulator's request log, in order. */
export function operations(sims: QadSimulators, mode: Mode): string[] {
  const server = mode === 'rest' ? sims.rest : sims.qxtend;
  return server.requests.map((r) => r.operation ?? `${r.method} ${r.path}`);
}

/** Receives quantity on a PO line through the simulator's admin route (the warehouse's job, not ours). */
export async function receive(sims: QadSimulators, poNumber: string, line: number, quantity: number) {
  const response = await fetch(`${sims.rest.url}/__sandbox/qad/receipts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ poNumber, line, quantity, date: OPEN_DATE }),
  });
  if (!response.ok) throw new Error(`receipt failed: ${await response.text()}`);
}

/** Settings whose QAD address is `base` (a scripted proxy) instead of the simulator's own. */
export function settingsVia(
  mode: Mode,
  sims: QadSimulators,
  base: string,
  over: Partial<NonNullable<SettingsInput['qad']>> = {},
): Settings {
  return qadSettings(mode, sims, {
    rest: { tenantUrl: `${base}/clouderp`, clientId: 'mlc' },
    qxtend: { endpointUrl: `${base}/qxi/services/QdocWebService` },
    ...over,
  });
}

export function invoiceInput(
  ref: string,
  over: Partial<QadSupplierInvoiceInput> = {},
): QadSupplierInvoiceInput {
  return {
    externalRef: ref,
    entity: '10USA',
    supplier: 'APEX001',
    supplierInvoiceNumber: `SUP-${ref}`,
    type: 'invoice',
    invoiceDate: OPEN_DATE,
    postingDate: OPEN_DATE,
    currency: 'USD',
    totalMinor: 8_000,
    receiptMatches: [],
    glLines: [{ glAccount: '6200', costCenter: '10ADMIN', amountMinor: 8_000 }],
    ...over,
  };
}
