// What the dashboard, the tray and `ml-connector status` show.
import type { DocumentKind, DocumentState, Source } from './document.ts';

export const SYSTEMS = ['qad', 'concur', 'expensify'] as const;
export type SystemName = (typeof SYSTEMS)[number];

export const FLOWS = ['concur', 'expensify', 'masterData'] as const;
export type FlowName = (typeof FLOWS)[number];

export interface ConnectionHealth {
  readonly system: SystemName;
  readonly configured: boolean;
  readonly state: 'ok' | 'error' | 'unknown' | 'not_configured' | 'reauthorize';
  readonly message: string;
  readonly checkedAt?: string;
}

/** Counts one cycle produced for one source; the shape `run --once --json` prints per source. */
export interface CycleCounts {
  fetched: number;
  staged: number;
  exceptions: number;
  awaitingReceipt: number;
  ready: number;
  posted: number;
  confirmed: number;
  failed: number;
}

export function emptyCounts(): CycleCounts {
  return {
    fetched: 0,
    staged: 0,
    exceptions: 0,
    awaitingReceipt: 0,
    ready: 0,
    posted: 0,
    confirmed: 0,
    failed: 0,
  };
}

export interface RunRecord {
  readonly id: number;
  readonly flow: FlowName;
  readonly trigger: 'schedule' | 'manual' | 'event' | 'cli';
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly outcome: 'running' | 'succeeded' | 'failed' | 'partial';
  readonly counts: CycleCounts;
  readonly message?: string;
}

export interface FlowStatus {
  readonly flow: FlowName;
  readonly enabled: boolean;
  readonly running: boolean;
  readonly lastRun?: RunRecord;
  readonly nextRunAt?: string;
}

export interface StateCount {
  readonly source: Source;
  readonly entity: string;
  readonly state: DocumentState;
  readonly count: number;
}

export interface EngineStatus {
  readonly version: string;
  readonly startedAt: string;
  readonly paused: boolean;
  /** True when the Concur refresh token lapsed or was revoked: a person must re-authorise. */
  readonly concurNeedsReauthorization: boolean;
  readonly connections: readonly ConnectionHealth[];
  readonly flows: readonly FlowStatus[];
  readonly counts: readonly StateCount[];
}

export interface CheckItem {
  readonly system: SystemName;
  readonly check: string; // "reachable", "credentials accepted", "paths valid", ...
  readonly ok: boolean;
  readonly message: string;
}

export interface CheckReport {
  readonly at: string;
  readonly items: readonly CheckItem[];
}

export interface DocumentSummary {
  readonly id: number;
  readonly source: Source;
  readonly sourceId: string;
  readonly kind: DocumentKind;
  readonly state: DocumentState;
  readonly entity: string;
  readonly payee: string;
  readonly supplier: string;
  readonly currency: string;
  readonly totalMinor: number;
  readonly documentDate: string;
  readonly stagedAt: string;
  readonly updatedAt: string;
  readonly qadDocumentId?: string;
  readonly exceptionCount: number;
}
