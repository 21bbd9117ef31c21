// The seams the engine is built from. Hosts (desktop, CLI, tests) hand in adapters; later flows plug in
// through FlowPort and SystemChecker without the engine knowing their transports.
import type { CheckItem, CycleCounts, FlowName, SystemName } from '../../shared/domain/status.ts';
import type { Source } from '../../shared/domain/document.ts';
import type { SecretName, Settings } from '../../shared/settings.ts';
import type { LogSink } from '../ipc/log-sink.ts';

/** The secret store as the engine uses it (electron/secrets/ provides the keychain, env and file adapters). */
export interface EngineSecrets {
  readonly backend: string;
  get(name: SecretName): Promise<string | undefined>;
  set(name: SecretName, value: string): Promise<void>;
  delete(name: SecretName): Promise<void>;
  status(): Promise<readonly { name: SecretName; present: boolean }[]>;
}

export interface EngineLogger extends LogSink {
  child?(scope: string): EngineLogger;
}

/** What one run of a flow did; source flows report per-source counts. */
export interface FlowOutcome {
  readonly counts: Partial<Record<Source, CycleCounts>>;
  readonly outcome: 'succeeded' | 'failed' | 'partial' | 'skipped';
  readonly message?: string;
  /** Set when Concur's refresh token lapsed or was revoked: a person must re-authorise. */
  readonly reauthorize?: boolean;
}

export interface FlowContext {
  readonly settings: Settings;
  readonly secrets: EngineSecrets;
  readonly log: EngineLogger;
  readonly actor: string;
  readonly signal: AbortSignal;
}

/** One flow the scheduler runs (Concur to QAD, Expensify to QAD, QAD master data refresh and pushes). */
export interface FlowPort {
  readonly flow: FlowName;
  /** Why the flow cannot run with these settings (undefined when it can). */
  notConfigured(settings: Settings): string | undefined;
  run(context: FlowContext): Promise<FlowOutcome>;
}

/** Tests one system's connection in words a person understands. */
export type SystemChecker = (settings: Settings, secrets: EngineSecrets) => Promise<CheckItem[]>;

export type SystemCheckers = Partial<Record<SystemName, SystemChecker>>;
