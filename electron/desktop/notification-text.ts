// Which push events deserve a desktop notification, and what it says. Pure, so it is tested without Electron.
import type { PushEvent } from '../../shared/contract/bridge.ts';

export interface NotificationText {
  readonly title: string;
  readonly body: string;
}

const FLOW_LABEL: Record<string, string> = {
  concur: 'SAP Concur',
  expensify: 'Expensify',
  masterData: 'Master data',
};

export function notificationFor(event: PushEvent): NotificationText | undefined {
  if (event.name !== 'run/finished') return undefined;
  const run = event.payload;
  const label = FLOW_LABEL[run.flow] ?? run.flow;
  if (run.outcome === 'failed') {
    return { title: `${label} run failed`, body: run.message ?? 'Open ml-connector to see what went wrong.' };
  }
  const exceptions = run.counts.exceptions;
  if (exceptions > 0) {
    return {
      title: `${exceptions} new exception${exceptions === 1 ? '' : 's'} from ${label}`,
      body: 'Documents wait in the exception queue for a mapping or a correction.',
    };
  }
  if (run.counts.failed > 0) {
    return {
      title: `${label}: ${run.counts.failed} document(s) could not be posted`,
      body: 'Open ml-connector to review them.',
    };
  }
  return undefined;
}
