// What the desktop shell needs from the engine. The engine (electron/engine/engine.ts) satisfies it; the
// shell never reaches past it, so the window, tray and notifications can be tested with a fake.
import type { EngineStatus, FlowName } from '../../shared/domain/status.ts';
import type { EventHub } from '../ipc/event-hub.ts';
import type { Router } from '../ipc/router.ts';
import type { Logger } from '../log/logger.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import type { SettingsStore } from '../settings/settings-store.ts';

export type RunTarget = FlowName | 'all';

export interface DesktopEngine {
  /** The contract router every transport calls: `router.invoke(name, args, ctx)` -> Result. */
  readonly router: Router;
  /** Push events ('status/changed', 'run/finished'); subscribe returns the unsubscribe function. */
  readonly hub: EventHub;
  status(): EngineStatus;
  /** Starts runs without waiting for them; a flow already running is not doubled. */
  runNow(flow?: RunTarget): { started: boolean; message: string };
  /** After the machine wakes: runs the flows whose planned time passed while it slept. */
  wake?(sleptSince: Date): void;
  pause(): void;
  resume(): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface CreateEngineOptions {
  readonly dataDir: string;
  readonly settings: SettingsStore;
  readonly secrets: SecretStore;
  readonly logger: Logger;
  /** The OS user running the desktop; recorded as the actor of audit events the shell triggers. */
  readonly actor: string;
  /** The SQL migrations copied next to the bundle (import.meta is empty in the CommonJS bundle). */
  readonly migrationsDir?: string;
}

export type CreateEngine = (options: CreateEngineOptions) => Promise<DesktopEngine>;
