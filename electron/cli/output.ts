// What the CLI prints: plain, aligned text for people and one JSON document per command for scripts.
import type { AuditEvent } from '../../shared/domain/audit.ts';
import type { CheckReport, EngineStatus } from '../../shared/domain/status.ts';
import type { CycleResult } from '../engine/engine.ts';

const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

export function printCycle(result: CycleResult, json: boolean): void {
  if (json) {
    out(JSON.stringify(result.counts));
    return;
  }
  for (const [source, counts] of Object.entries(result.counts)) {
    const parts = Object.entries(counts).map(([key, value]) => `${key} ${value}`);
    out(`${source.padEnd(10)} ${parts.join(', ')}`);
  }
  for (const run of result.runs) {
    if (run.message) out(`${run.flow}: ${run.outcome} (${run.message})`);
  }
  if (result.reauthorize) out('SAP Concur needs to be re-authorised: enter a new company request token.');
}

export function printStatus(status: EngineStatus, json: boolean): void {
  if (json) {
    out(JSON.stringify(status));
    return;
  }
  out(`ml-connector ${status.version}${status.paused ? ' (paused)' : ''}`);
  if (status.concurNeedsReauthorization) out('! SAP Concur needs to be re-authorised.');
  out('Connections:');
  for (const c of status.connections) out(`  ${c.system.padEnd(10)} ${c.state.padEnd(15)} ${c.message}`);
  out('Flows:');
  for (const f of status.flows) {
    const last = f.lastRun ? `last ${f.lastRun.outcome} at ${f.lastRun.startedAt}` : 'never run';
    const next = f.nextRunAt ? `next ${f.nextRunAt}` : f.enabled ? 'not scheduled' : 'disabled';
    out(`  ${f.flow.padEnd(10)} ${f.running ? 'running' : 'idle'.padEnd(7)} ${last}; ${next}`);
  }
  out('Documents:');
  if (status.counts.length === 0) out('  none yet');
  for (const c of status.counts)
    out(`  ${c.source.padEnd(10)} ${c.entity.padEnd(8)} ${c.state.padEnd(17)} ${c.count}`);
}

export function printCheck(report: CheckReport, json: boolean): void {
  if (json) {
    out(JSON.stringify(report));
    return;
  }
  for (const item of report.items) {
    const mark = item.ok ? 'ok  ' : item.check === 'configured' ? 'skip' : 'FAIL';
    out(`${mark}  ${item.system.padEnd(10)} ${item.check.padEnd(20)} ${item.message}`);
  }
}

export function printAudit(page: { events: readonly AuditEvent[]; total: number }, json: boolean): void {
  if (json) {
    out(JSON.stringify(page));
    return;
  }
  for (const e of page.events) {
    const subject = e.subjectId ? ` ${e.subjectType ?? ''}:${e.subjectId}` : '';
    out(`${String(e.seq).padStart(6)}  ${e.at}  ${e.actor.padEnd(12)} ${e.action}${subject}`);
  }
  out(`(${page.events.length} of ${page.total} events)`);
}
