// What every step of the sync road is handed: the store, the source adapters, the QAD port, a clock and a
// random source (backoff jitter), and the settings in force. Tests pass their own clock and random.
import type { Source } from '../../shared/domain/document.ts';
import type { Settings } from '../../shared/settings.ts';
import type { Store, WriteContext } from '../store/index.ts';
import type { PostingGateway } from './gateway-port.ts';
import type { SourceAdapter } from './source-port.ts';

export interface SyncRuntime {
  readonly store: Store;
  readonly adapters: Partial<Record<Source, SourceAdapter>>;
  readonly gateway?: PostingGateway;
  readonly settings: Settings;
  /** Wall clock by default. */
  readonly now: () => Date;
  /** Math.random by default; jitter only. */
  readonly random: () => number;
  /** Who the engine acts as in the audit trail ('scheduler', or the person who pressed run-now). */
  readonly actor?: string;
}

export const SYSTEM_ACTOR = 'system';

export function writeContext(rt: Pick<SyncRuntime, 'now' | 'actor'>, actor?: string): WriteContext {
  return { actor: actor ?? rt.actor ?? SYSTEM_ACTOR, at: rt.now().toISOString() };
}

export function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.trim() === '' ? 'unknown error' : text.slice(0, 1900);
}
