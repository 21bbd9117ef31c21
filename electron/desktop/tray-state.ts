// What the tray shows for an engine status: the icon (idle, running, attention) and the tooltip. Pure, so
// it is tested without Electron.
import type { EngineStatus } from '../../shared/domain/status.ts';

export const TRAY_STATES = ['idle', 'running', 'attention'] as const;
export type TrayState = (typeof TRAY_STATES)[number];

/** Counts the documents that wait for a person (exceptions and uncertain postings). */
export function needsAttentionCount(status: EngineStatus): number {
  return status.counts
    .filter((row) => row.state === 'exception' || row.state === 'uncertain')
    .reduce((sum, row) => sum + row.count, 0);
}

export function trayStateOf(status: EngineStatus | undefined): TrayState {
  if (status === undefined) return 'idle';
  if (status.flows.some((flow) => flow.running)) return 'running';
  const brokenConnection = status.connections.some(
    (connection) =>
      connection.configured && (connection.state === 'error' || connection.state === 'reauthorize'),
  );
  const failedRun = status.flows.some((flow) => flow.enabled && flow.lastRun?.outcome === 'failed');
  if (status.concurNeedsReauthorization || brokenConnection || failedRun || needsAttentionCount(status) > 0) {
    return 'attention';
  }
  return 'idle';
}

export function trayTooltip(status: EngineStatus | undefined): string {
  if (status === undefined) return 'ml-connector: starting';
  const parts: string[] = [];
  const state = trayStateOf(status);
  if (status.paused) parts.push('paused');
  else if (state === 'running') parts.push('running');
  else parts.push('idle');
  if (status.concurNeedsReauthorization) parts.push('Concur needs re-authorisation');
  const broken = status.connections.filter(
    (c) => c.configured && (c.state === 'error' || c.state === 'reauthorize'),
  );
  for (const connection of broken)
    parts.push(`${connection.system}: ${connection.message || connection.state}`);
  const waiting = needsAttentionCount(status);
  if (waiting > 0)
    parts.push(`${waiting} document${waiting === 1 ? '' : 's'} need${waiting === 1 ? 's' : ''} attention`);
  const next = status.flows
    .map((flow) => flow.nextRunAt)
    .filter((at): at is string => at !== undefined)
    .sort()[0];
  if (next !== undefined && !status.paused) parts.push(`next run ${next.slice(11, 16)} UTC`);
  // Windows truncates tray tooltips at 127 characters.
  return `ml-connector: ${parts.join(' · ')}`.slice(0, 127);
}
