// The engine: one object that every host (desktop, CLI, browser mode, tests) builds the same way. It owns the
// store, the scheduler and the event hub, runs flows, and answers the contract through one router.
import { SOURCES, type Source } from '../../shared/domain/document.ts';
import {
  emptyCounts,
  FLOWS,
  SYSTEMS,
  type CheckReport,
  type ConnectionHealth,
  type CycleCounts,
  type EngineStatus,
  type FlowName,
  type RunRecord,
  type SystemName,
} from '../../shared/domain/status.ts';
import type { SecretName, Settings } from '../../shared/settings.ts';
import { EventHub } from '../ipc/event-hub.ts';
import type { Handlers } from '../ipc/handlers.ts';
import { createRouter, type Router } from '../ipc/router.ts';
import { silentLog } from '../ipc/log-sink.ts';
import type { SettingsStore } from '../settings/settings-store.ts';
import {
  abandonUnfinishedRuns,
  appendAudit,
  countDocumentsByState,
  finishRun,
  getCursor,
  lastRun,
  listAuditEvents,
  openStore,
  releaseConfirmationClaims,
  setCursor,
  startRun,
  verifyAuditChain,
  type Store,
} from '../store/index.ts';
import { basicChecker, isConfigured, label } from './basic-checks.ts';
import { buildHandlers } from './handlers.ts';
import type { EngineLogger, EngineSecrets, FlowOutcome, FlowPort, SystemCheckers } from './ports.ts';
import { Scheduler } from './scheduler.ts';
import {
  concurStateStoreFromDb,
  createConcurClient,
  startConcurEventReceiver,
  type ConcurClient,
  type ConcurEventReceiver,
} from '../connectors/concur/index.ts';
import { revalidateWaiting, type SourceAdapter } from '../sync/index.ts';
import { defaultCheckers, defaultFlows, type FlowDependencies } from './default-flows.ts';
import { join } from 'node:path';
import { acquireInstanceLock, EngineLockedError, type InstanceLock } from './instance-lock.ts';

export const ENGINE_VERSION = '0.1.0';

export interface EngineOptions {
  readonly dataDir: string;
  readonly settings: SettingsStore;
  readonly secrets: EngineSecrets;
  readonly actor: string;
  readonly logger?: EngineLogger;
  /** The flows this build can run (default: defaultFlows); a configured flow without a port is reported. */
  readonly flows?: (deps: FlowDependencies) => readonly FlowPort[];
  /** Deep connection checks per system; systems without one get the basic reachability check. */
  readonly checkers?: SystemCheckers;
  /** Where the SQL migrations are (a bundled main process passes its copied folder). */
  readonly migrationsDir?: string;
}

export interface CycleResult {
  readonly counts: Record<Source, CycleCounts>;
  readonly runs: readonly RunRecord[];
  readonly failed: boolean;
  readonly reauthorize: boolean;
}

type Trigger = RunRecord['trigger'];

/** Cursor keys the engine keeps for itself (they survive restarts and are audited like any cursor). */
const ENGINE_STATE = { source: 'engine', paused: 'paused', concurAuth: 'concur-authorization' } as const;

export class Engine {
  readonly store: Store;
  readonly hub: EventHub;
  readonly router: Router;
  readonly handlers: Handlers;
  readonly settings: SettingsStore;
  readonly secrets: EngineSecrets;
  readonly log: EngineLogger;
  readonly actor: string;
  readonly startedAt = new Date().toISOString();
  /**
   * The source adapters the document road uses outside a run (replay, re-validation after a mapping change).
   * One record, refilled when the settings change, so handlers holding it always see the current adapters.
   */
  readonly adapters: Partial<Record<Source, SourceAdapter>> = {};

  readonly #flows: ReadonlyMap<FlowName, FlowPort>;
  readonly #checkers: SystemCheckers;
  readonly #scheduler: Scheduler;
  readonly #health = new Map<SystemName, ConnectionHealth>();
  readonly #aborts = new Set<AbortController>();
  #started = false;
  #eventReceiver: ConcurEventReceiver | undefined;
  #eventReceiverKey = '';
  #concur: { key: string; client: ConcurClient } | undefined;
  #unsubscribeSettings: (() => void) | undefined;
  readonly #dataDir: string;
  #lock: InstanceLock | undefined;

  constructor(options: EngineOptions) {
    this.#dataDir = options.dataDir;
    this.settings = options.settings;
    this.secrets = options.secrets;
    this.actor = options.actor;
    this.log = options.logger ?? silentLog;
    this.store = openStore(
      join(options.dataDir, 'ml-connector.db'),
      options.migrationsDir ? { migrationsDir: options.migrationsDir } : {},
    );
    this.hub = new EventHub(this.log);
    const flows = (options.flows ?? defaultFlows)({
      store: this.store,
      settings: () => this.settings.get(),
      adapters: this.adapters,
    });
    this.#flows = new Map(flows.map((port) => [port.flow, port]));
    this.#checkers = options.checkers ?? defaultCheckers({ store: this.store });
    this.#scheduler = new Scheduler((flow, trigger) =>
      this.#runFlowRecorded(flow, trigger).then(() => undefined),
    );
    if (this.#readState(ENGINE_STATE.paused) === 'yes') this.#scheduler.pause();
    // Only when no live engine runs the flows here: a read-only engine (`status` beside the desktop) must not
    // mark the running engine's runs failed or free its confirmation claims.
    try {
      acquireInstanceLock(this.#dataDir).release();
      this.#recoverFromLastStop();
    } catch (error) {
      if (!(error instanceof EngineLockedError)) throw error;
    }
    this.handlers = buildHandlers(this);
    this.router = createRouter(this.handlers, { log: this.log });
  }

  /** Starts the schedule (the desktop and `run`/`serve` do; `run --once` and tests do not). */
  start(): Promise<void> {
    if (this.#started) return Promise.resolve();
    try {
      this.#acquireLock();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    this.#started = true;
    this.#configureSchedule(this.settings.get());
    this.#unsubscribeSettings = this.settings.onChange?.((next) => {
      this.#configureSchedule(next);
      void this.#syncEventReceiver(next);
      this.#emitStatus();
    });
    this.#emitStatus();
    return this.#syncEventReceiver(this.settings.get());
  }

  /**
   * The optional near-real-time trigger: Concur's Event Subscription deliveries start a Concur run at once.
   * Polling stays the backbone; a receiver that cannot start is logged, never fatal.
   */
  async #syncEventReceiver(settings: Settings): Promise<void> {
    const wanted = settings.concur.enabled && settings.concur.eventReceiver.enabled;
    const key = wanted ? JSON.stringify(settings.concur.eventReceiver) : '';
    if (key === this.#eventReceiverKey) return;
    this.#eventReceiverKey = key;
    await this.#eventReceiver?.close();
    this.#eventReceiver = undefined;
    if (!wanted) return;
    try {
      this.#eventReceiver = await startConcurEventReceiver({
        port: settings.concur.eventReceiver.port,
        publicKeyPem: settings.concur.eventReceiver.publicKeyPem,
        algorithm: settings.concur.eventReceiver.signatureAlgorithm,
        log: this.log,
        onDocumentReady: () => {
          void this.#scheduler.trigger('concur', 'event');
        },
      });
      this.log.info({ url: this.#eventReceiver.url }, 'Concur event receiver listening');
    } catch (error) {
      this.log.error(
        { err: describe(error) },
        'the Concur event receiver could not start; polling continues',
      );
    }
  }

  async stop(): Promise<void> {
    this.#unsubscribeSettings?.();
    await this.#eventReceiver?.close();
    this.#scheduler.stop();
    for (const abort of this.#aborts) abort.abort();
    await this.#scheduler.drain();
    this.#lock?.release();
    this.#lock = undefined;
    this.store.close();
  }

  /**
   * Only one engine may run the flows on a data folder (instance-lock.ts): taken by the first thing that runs
   * flows, held until stop(). Throws EngineLockedError naming the live holder.
   */
  #acquireLock(): void {
    if (this.#lock) return;
    this.#lock = acquireInstanceLock(this.#dataDir);
    // Whatever a holder that died since this engine was built left half done.
    this.#recoverFromLastStop();
  }

  #recoverFromLastStop(): void {
    const interrupted = abandonUnfinishedRuns(this.store.db, { actor: 'system' });
    if (interrupted > 0)
      this.log.warn({ interrupted }, 'runs interrupted by the last stop were marked failed');
    releaseConfirmationClaims(this.store.db);
  }

  /**
   * One Concur client for work outside the flows (list pushes, vendor pushes from the UI), rebuilt when the
   * Concur settings change. It keeps its state (geolocation) in the store and tokens in the secret store,
   * like the flow's client, so both share one authorisation.
   */
  concurClient(): ConcurClient {
    const settings = this.settings.get();
    const key = JSON.stringify(settings.concur);
    if (!this.#concur || this.#concur.key !== key) {
      this.#concur = {
        key,
        client: createConcurClient({
          settings,
          secrets: this.secrets,
          log: this.log,
          options: { state: concurStateStoreFromDb(this.store.db) },
        }),
      };
    }
    return this.#concur.client;
  }

  /** Where the Concur event receiver listens, when it is on. */
  get eventReceiverUrl(): string | undefined {
    return this.#eventReceiver?.url;
  }

  get paused(): boolean {
    return this.#scheduler.paused;
  }

  pause(actor = this.actor): void {
    this.#scheduler.pause();
    this.#writeState(ENGINE_STATE.paused, 'yes', actor);
    this.#emitStatus();
  }

  resume(actor = this.actor): void {
    this.#scheduler.resume();
    this.#writeState(ENGINE_STATE.paused, 'no', actor);
    this.#emitStatus();
  }

  /** After the machine wakes: runs the flows whose planned time passed while it slept. */
  wake(sleptSince: Date): void {
    this.#scheduler.catchUp(sleptSince);
  }

  /** Starts runs now without waiting for them (the UI's Run now); a flow already running is not doubled. */
  runNow(flow: FlowName | 'all' = 'all'): { started: boolean; message: string } {
    const flows = this.#runnableFlows(flow);
    if (flows.length === 0) return { started: false, message: 'Nothing to run: no flow is set up yet.' };
    try {
      this.#acquireLock();
    } catch (error) {
      return { started: false, message: `Not started: ${describe(error)}.` };
    }
    void (async () => {
      for (const f of flows) await this.#scheduler.trigger(f, 'manual');
    })();
    return { started: true, message: `Started: ${flows.join(', ')}.` };
  }

  /** One full cycle of every enabled flow, in order (master data first), waiting for each. */
  async runCycle(flow: FlowName | 'all', trigger: Trigger): Promise<CycleResult> {
    this.#acquireLock();
    const counts = Object.fromEntries(SOURCES.map((s) => [s, emptyCounts()])) as Record<Source, CycleCounts>;
    const runs: RunRecord[] = [];
    let failed = false;
    let reauthorize = false;
    for (const f of this.#runnableFlows(flow)) {
      const { run, outcome } = await this.#runFlowRecorded(f, trigger);
      if (run) runs.push(run);
      if (outcome.outcome === 'failed' || outcome.outcome === 'partial') failed = true;
      if (outcome.reauthorize) reauthorize = true;
      for (const source of SOURCES) {
        const add = outcome.counts[source];
        if (!add) continue;
        for (const key of Object.keys(add) as (keyof CycleCounts)[]) counts[source][key] += add[key];
      }
    }
    return { counts, runs, failed, reauthorize };
  }

  async check(system?: SystemName): Promise<CheckReport> {
    const settings = this.settings.get();
    const systems = system ? [system] : [...SYSTEMS];
    const items = [];
    for (const s of systems) {
      const checker = this.#checkers[s] ?? basicChecker(s);
      const found = await checker(settings, this.secrets).catch((error: unknown) => [
        { system: s, check: 'check', ok: false, message: `The check itself failed: ${describe(error)}` },
      ]);
      items.push(...found);
      const configured = isConfigured(s, settings);
      const problems = found.filter((item) => !item.ok);
      this.#health.set(s, {
        system: s,
        configured,
        state: !configured ? 'not_configured' : problems.length === 0 ? 'ok' : 'error',
        message: !configured
          ? `${label(s)} is not set up yet.`
          : problems.length === 0
            ? 'Connected.'
            : (problems[0]?.message ?? 'Failed.'),
        checkedAt: new Date().toISOString(),
      });
    }
    this.#emitStatus();
    return { at: new Date().toISOString(), items };
  }

  status(): EngineStatus {
    const settings = this.settings.get();
    const reauthorize = this.#readState(ENGINE_STATE.concurAuth) === 'reauthorize';
    return {
      version: ENGINE_VERSION,
      startedAt: this.startedAt,
      paused: this.paused,
      concurNeedsReauthorization: reauthorize,
      connections: SYSTEMS.map((system) => this.#connectionHealth(system, settings, reauthorize)),
      flows: FLOWS.map((flow) => {
        const last = lastRun(this.store.db, flow);
        const next = this.#scheduler.nextRun(flow);
        return {
          flow,
          enabled: this.#flowEnabled(flow, settings),
          running: this.#scheduler.isRunning(flow),
          ...(last ? { lastRun: last } : {}),
          ...(next ? { nextRunAt: next.toISOString() } : {}),
        };
      }),
      counts: countDocumentsByState(this.store.db),
    };
  }

  async setSecret(name: SecretName, value: string, actor = this.actor): Promise<void> {
    await this.secrets.set(name, value);
    // The event names the secret, never its value.
    appendAudit(this.store.db, { actor, action: 'secret.stored', subjectType: 'secret', subjectId: name });
    this.#emitStatus();
  }

  async deleteSecret(name: SecretName, actor = this.actor): Promise<void> {
    await this.secrets.delete(name);
    appendAudit(this.store.db, { actor, action: 'secret.deleted', subjectType: 'secret', subjectId: name });
    this.#emitStatus();
  }

  verifyAudit() {
    return verifyAuditChain(this.store.db);
  }

  listAudit(filter: Parameters<typeof listAuditEvents>[1]) {
    return listAuditEvents(this.store.db, filter);
  }

  /** Marks (or clears) the "Concur needs re-authorisation" state; flows call it through their outcome. */
  setConcurReauthorization(needed: boolean, actor = 'system'): void {
    this.#writeState(ENGINE_STATE.concurAuth, needed ? 'reauthorize' : 'ok', actor);
  }

  #runnableFlows(flow: FlowName | 'all'): FlowName[] {
    const settings = this.settings.get();
    const wanted = flow === 'all' ? (['masterData', 'concur', 'expensify'] as const) : [flow];
    return wanted.filter((f) => this.#flowEnabled(f, settings));
  }

  #flowEnabled(flow: FlowName, settings: Settings): boolean {
    if (flow === 'concur') return settings.concur.enabled;
    if (flow === 'expensify') return settings.expensify.enabled;
    return settings.qad.mode !== 'none';
  }

  async #runFlowRecorded(
    flow: FlowName,
    trigger: Trigger,
  ): Promise<{ run?: RunRecord; outcome: FlowOutcome }> {
    const settings = this.settings.get();
    const port = this.#flows.get(flow);
    const started = startRun(
      this.store.db,
      { flow, trigger },
      { actor: trigger === 'schedule' ? 'scheduler' : this.actor },
    );
    this.#emitStatus();
    let outcome: FlowOutcome;
    if (!port) {
      outcome = {
        counts: {},
        outcome: 'failed',
        message: `The ${flow} flow is enabled in the settings but this build cannot run it yet.`,
      };
    } else {
      const why = port.notConfigured(settings);
      if (why) {
        outcome = { counts: {}, outcome: 'failed', message: why };
      } else {
        const abort = new AbortController();
        this.#aborts.add(abort);
        try {
          outcome = await port.run({
            settings,
            secrets: this.secrets,
            log: this.log.child?.(flow) ?? this.log,
            actor: trigger === 'schedule' ? 'scheduler' : this.actor,
            signal: abort.signal,
          });
        } catch (error) {
          this.log.error({ flow, err: describe(error) }, 'flow failed');
          outcome = { counts: {}, outcome: 'failed', message: describe(error) };
        } finally {
          this.#aborts.delete(abort);
        }
      }
    }
    if (flow === 'concur' && outcome.reauthorize !== undefined)
      this.setConcurReauthorization(outcome.reauthorize);
    if (flow === 'masterData' && outcome.outcome === 'succeeded') {
      // A fresh QAD cache may hold the receipt or the re-opened period a waiting document needs.
      try {
        revalidateWaiting({ store: this.store, adapters: this.adapters, settings, actor: 'system' });
      } catch (error) {
        this.log.error({ err: describe(error) }, 're-validating waiting documents failed');
      }
    }
    const counts = sumCounts(Object.values(outcome.counts));
    const run = finishRun(
      this.store.db,
      started.id,
      {
        outcome: outcome.outcome === 'skipped' ? 'succeeded' : outcome.outcome,
        counts,
        ...(outcome.message ? { message: outcome.message } : {}),
      },
      { actor: 'system' },
    );
    this.hub.emit('run/finished', run);
    this.#emitStatus();
    return { run, outcome };
  }

  #connectionHealth(system: SystemName, settings: Settings, reauthorize: boolean): ConnectionHealth {
    const configured = isConfigured(system, settings);
    if (system === 'concur' && configured && reauthorize) {
      return { system, configured, state: 'reauthorize', message: 'SAP Concur needs to be re-authorised.' };
    }
    if (!configured) {
      return { system, configured, state: 'not_configured', message: `${label(system)} is not set up yet.` };
    }
    // The newer of the last connection test and the last run of the flow that talks to this system.
    const known = this.#health.get(system);
    const run = lastRun(this.store.db, system === 'qad' ? 'masterData' : system);
    const runAt = run?.finishedAt;
    if (run && runAt && run.outcome !== 'running' && (!known?.checkedAt || runAt > known.checkedAt)) {
      return run.outcome === 'failed'
        ? {
            system,
            configured,
            state: 'error',
            message: run.message ?? 'The last run failed.',
            checkedAt: runAt,
          }
        : { system, configured, state: 'ok', message: 'The last run reached it.', checkedAt: runAt };
    }
    if (known && known.configured === configured) return known;
    return { system, configured, state: 'unknown', message: 'Not tested yet: run the connection test.' };
  }

  #configureSchedule(settings: Settings): void {
    this.#scheduler.configure(settings.schedules, (flow) => this.#flowEnabled(flow, settings));
  }

  #emitStatus(): void {
    if (this.hub.listenerCount === 0) return;
    this.hub.emit('status/changed', this.status());
  }

  #readState(key: string): string | undefined {
    return getCursor(this.store.db, ENGINE_STATE.source, key)?.value;
  }

  #writeState(key: string, value: string, actor: string): void {
    setCursor(this.store.db, ENGINE_STATE.source, key, value, { actor });
  }
}

export function createEngine(options: EngineOptions): Promise<Engine> {
  return Promise.resolve(new Engine(options));
}

function sumCounts(list: readonly CycleCounts[]): CycleCounts {
  const total = emptyCounts();
  for (const counts of list)
    for (const key of Object.keys(total) as (keyof CycleCounts)[]) total[key] += counts[key];
  return total;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
