/* eslint-disable @typescript-eslint/require-await -- handlers are async by contract; stand-ins have nothing to await */
// In-memory handlers for transport and UI tests: every operation answers from small fixed data, so a test can
// tell that a call went through the router and back. Not the engine.
import type { AuditEvent } from '../../../shared/domain/audit.ts';
import type { DocumentSummary, EngineStatus } from '../../../shared/domain/status.ts';
import { emptyCounts } from '../../../shared/domain/status.ts';
import { SECRET_NAMES, type SecretName, type Settings, defaultSettings } from '../../../shared/settings.ts';
import { ContractFailure } from '../../../electron/ipc/failure.ts';
import type { EventHub } from '../../../electron/ipc/event-hub.ts';
import type { Handlers } from '../../../electron/ipc/handlers.ts';

const AT = '2026-11-25T08:00:00.000Z';

export function stubStatus(paused = false): EngineStatus {
  return {
    version: '0.1.0-test',
    startedAt: AT,
    paused,
    concurNeedsReauthorization: false,
    connections: [
      { system: 'qad', configured: true, state: 'ok', message: 'QAD REST sandbox answered', checkedAt: AT },
      { system: 'concur', configured: true, state: 'ok', message: 'Token valid', checkedAt: AT },
      { system: 'expensify', configured: false, state: 'not_configured', message: 'No partner credentials' },
    ],
    flows: [
      {
        flow: 'concur',
        enabled: true,
        running: false,
        nextRunAt: '2026-11-25T08:15:00.000Z',
        lastRun: {
          id: 1,
          flow: 'concur',
          trigger: 'schedule',
          startedAt: AT,
          finishedAt: '2026-11-25T08:00:04.000Z',
          outcome: 'succeeded',
          counts: { ...emptyCounts(), fetched: 3, staged: 3, ready: 2, exceptions: 1 },
        },
      },
      { flow: 'expensify', enabled: false, running: false },
      { flow: 'masterData', enabled: true, running: false, nextRunAt: '2026-11-25T09:00:00.000Z' },
    ],
    counts: [
      { source: 'concur', entity: '10USA', state: 'ready', count: 2 },
      { source: 'concur', entity: '10USA', state: 'exception', count: 1 },
    ],
  };
}

export const stubDocuments: readonly DocumentSummary[] = [
  {
    id: 1,
    source: 'concur',
    sourceId: 'INV-1001',
    kind: 'invoice',
    state: 'ready',
    entity: '10USA',
    payee: 'Acme Tooling',
    supplier: '2001',
    currency: 'USD',
    totalMinor: 123456,
    documentDate: '2026-11-20',
    stagedAt: AT,
    updatedAt: AT,
    exceptionCount: 0,
  },
  {
    id: 2,
    source: 'concur',
    sourceId: 'INV-1002',
    kind: 'invoice',
    state: 'exception',
    entity: '10USA',
    payee: 'Nippon Bearings',
    supplier: '',
    currency: 'JPY',
    totalMinor: 98000,
    documentDate: '2026-11-21',
    stagedAt: AT,
    updatedAt: AT,
    exceptionCount: 1,
  },
  {
    id: 3,
    source: 'expensify',
    sourceId: 'R00042',
    kind: 'expense_report',
    state: 'ready',
    entity: '10USA',
    payee: 'jane.doe@example.com',
    supplier: 'E-1007',
    currency: 'KWD',
    totalMinor: 12345,
    documentDate: '2026-11-22',
    stagedAt: AT,
    updatedAt: AT,
    exceptionCount: 0,
  },
];

const auditEvents: readonly AuditEvent[] = [
  {
    seq: 1,
    at: AT,
    actor: 'system',
    action: 'engine.started',
    detail: {},
    prevHash: '0'.repeat(64),
    hash: 'a'.repeat(64),
  },
  {
    seq: 2,
    at: AT,
    actor: 'scheduler',
    action: 'document.staged',
    subjectType: 'document',
    subjectId: 'concur:INV-1001',
    detail: { source: 'concur' },
    prevHash: 'a'.repeat(64),
    hash: 'b'.repeat(64),
  },
];

export interface StubEngine {
  readonly handlers: Handlers;
  readonly calls: { name: string; actor: string; transport: string }[];
}

export function createStubHandlers(hub?: EventHub): StubEngine {
  let paused = false;
  let settings: Settings = defaultSettings();
  const secrets = new Map<SecretName, string>();
  const calls: StubEngine['calls'] = [];
  const note = (name: string, ctx: { actor: string; transport: string }) =>
    calls.push({ name, actor: ctx.actor, transport: ctx.transport });
  const setPaused = (value: boolean) => {
    paused = value;
    const status = stubStatus(paused);
    hub?.emit('status/changed', status);
    return status;
  };

  const handlers: Handlers = {
    'status/get': async (_args, ctx) => (note('status/get', ctx), stubStatus(paused)),
    'sync/run-now': async (args, ctx) => {
      note('sync/run-now', ctx);
      if (paused) throw new ContractFailure('conflict', 'The engine is paused: resume it first.');
      return { started: true, message: `Started ${args.flow}` };
    },
    'sync/pause': async (_args, ctx) => (note('sync/pause', ctx), setPaused(true)),
    'sync/resume': async (_args, ctx) => (note('sync/resume', ctx), setPaused(false)),
    'runs/list': async () => ({ runs: stubStatus().flows.flatMap((flow) => flow.lastRun ?? []) }),
    'settings/get': async () => settings,
    'settings/update': async (args) => {
      settings = args.settings;
      return settings;
    },
    'secrets/status': async () => ({
      backend: 'memory (test)',
      secrets: SECRET_NAMES.map((name) => ({ name, present: secrets.has(name) })),
    }),
    'secrets/set': async (args) => {
      secrets.set(args.name, args.value);
      return { name: args.name, present: true as const };
    },
    'secrets/delete': async (args) => {
      secrets.delete(args.name);
      return { name: args.name, present: false as const };
    },
    'connections/check': async (args) => ({
      at: AT,
      items: (args.system ? [args.system] : (['qad', 'concur', 'expensify'] as const)).map((system) => ({
        system,
        check: 'reachable',
        ok: system !== 'expensify',
        message: system === 'expensify' ? 'No partner credentials set' : 'Answered in 12 ms',
      })),
    }),
    'documents/list': async (args) => {
      const rows = stubDocuments.filter(
        (row) =>
          (args.source === undefined || row.source === args.source) &&
          (args.state === undefined || row.state === args.state),
      );
      return { rows: rows.slice(args.offset, args.offset + args.limit), total: rows.length };
    },
    'audit/list': async (args) => ({
      events: auditEvents.slice(args.offset, args.offset + args.limit),
      total: auditEvents.length,
    }),
    'audit/verify': async () => ({ ok: true, checked: auditEvents.length }),
    // The document road: an empty queue (the transport tests do not exercise it).
    'documents/get': async (args) => {
      throw new ContractFailure('not_found', `Document ${args.documentId} does not exist.`, 'documentId');
    },
    'documents/replay': async (args) => {
      throw new ContractFailure('not_found', `Document ${args.documentId} does not exist.`, 'documentId');
    },
    'documents/retry': async (args) => {
      throw new ContractFailure('not_found', `Document ${args.documentId} does not exist.`, 'documentId');
    },
    'batches/list': async () => ({ batches: [], total: 0 }),
    'batches/get': async (args) => {
      throw new ContractFailure('not_found', `Batch ${args.batchId} does not exist.`, 'batchId');
    },
    'batches/release': async (args) => {
      throw new ContractFailure('not_found', `Batch ${args.batchId} does not exist.`, 'batchId');
    },
    'batches/undo-release': async (args) => {
      throw new ContractFailure('not_found', `Batch ${args.batchId} does not exist.`, 'batchId');
    },
    'exceptions/list': async () => ({ groups: [], awaitingReceipt: [], uncertain: [], documentCount: 0 }),
    'mappings/list': async () => ({ mappings: [], total: 0, version: 0 }),
    'mappings/set': async () => {
      throw new ContractFailure('unavailable', 'Mappings are not available in this stub.');
    },
    'qad/values': async () => ({ values: [], total: 0 }),
    // Concur lists are not set up in the stub: every list operation says so, naming the setting.
    'lists/available': async () => {
      throw new ContractFailure(
        'config',
        'SAP Concur is not switched on (setting concur.enabled).',
        'concur.enabled',
      );
    },
    'lists/preview': async () => {
      throw new ContractFailure(
        'config',
        'SAP Concur is not switched on (setting concur.enabled).',
        'concur.enabled',
      );
    },
    'lists/push': async () => {
      throw new ContractFailure(
        'config',
        'SAP Concur is not switched on (setting concur.enabled).',
        'concur.enabled',
      );
    },
    'vendors/preview': async () => {
      throw new ContractFailure(
        'config',
        'SAP Concur is not switched on (setting concur.enabled).',
        'concur.enabled',
      );
    },
    'vendors/push': async () => {
      throw new ContractFailure(
        'config',
        'SAP Concur is not switched on (setting concur.enabled).',
        'concur.enabled',
      );
    },
    'policies/preview': async () => {
      throw new ContractFailure(
        'config',
        'Expensify is not switched on (setting expensify.enabled).',
        'expensify.enabled',
      );
    },
    'policies/push': async () => {
      throw new ContractFailure(
        'config',
        'Expensify is not switched on (setting expensify.enabled).',
        'expensify.enabled',
      );
    },
    'employees/push': async () => {
      throw new ContractFailure(
        'config',
        'Expensify is not switched on (setting expensify.enabled).',
        'expensify.enabled',
      );
    },
    'gl/report': async () => ({
      generatedAt: AT,
      documents: 0,
      expenseTypes: [],
      dimensions: [],
      problems: 0,
    }),
  };
  return { handlers, calls };
}
