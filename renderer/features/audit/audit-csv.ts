// Audit events as CSV for an auditor (papaparse); the detail stays one JSON cell, as redacted as stored.
import Papa from 'papaparse';
import type { AuditEvent } from '../../../shared/domain/audit.ts';

export function auditToCsv(events: readonly AuditEvent[]): string {
  return Papa.unparse(
    {
      fields: ['seq', 'at', 'actor', 'action', 'subjectType', 'subjectId', 'detail', 'prevHash', 'hash'],
      data: events.map((e) => [
        e.seq,
        e.at,
        e.actor,
        e.action,
        e.subjectType ?? '',
        e.subjectId ?? '',
        JSON.stringify(e.detail),
        e.prevHash,
        e.hash,
      ]),
    },
    { newline: '\r\n' },
  );
}
