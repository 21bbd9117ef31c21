// Reads a downloaded export file rendered by our template: `{"reports":[...]}`. Anything else (an HTML page,
// a CSV because someone changed the template, truncated JSON) is a typed `format` error naming the file, never
// a half-read list: the whole fetch fails and nothing is marked exported, so nothing is lost.
import { ExpensifyError } from './errors.ts';

export interface ExportedReport {
  readonly reportID: string;
  readonly policyID: string;
  readonly approved: string;
  /** The report's JSON as the template rendered it (re-serialised from the file): the staged raw payload. */
  readonly payload: string;
}

export function parseExportFile(body: string, fileName: string): ExportedReport[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    const start = body.trim().slice(0, 40).replace(/\s+/g, ' ');
    throw new ExpensifyError(
      `The Expensify export file ${fileName} is not JSON (${error instanceof Error ? error.message : String(error)}); it starts with "${start}". Is the export template ours?`,
      { kind: 'format', job: 'download' },
    );
  }
  const reports = (parsed as { reports?: unknown } | null)?.reports;
  if (parsed === null || typeof parsed !== 'object' || !Array.isArray(reports)) {
    throw new ExpensifyError(`The Expensify export file ${fileName} has no "reports" list`, {
      kind: 'format',
      job: 'download',
    });
  }
  return reports.map((raw, index) => {
    const report = raw as Record<string, unknown> | null;
    const id = report && typeof report === 'object' ? report.reportID : undefined;
    const reportID = typeof id === 'string' ? id.trim() : typeof id === 'number' ? String(id) : '';
    if (!reportID) {
      throw new ExpensifyError(
        `Report ${index + 1} of the Expensify export file ${fileName} has no reportID`,
        {
          kind: 'format',
          job: 'download',
        },
      );
    }
    const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
    return {
      reportID,
      policyID: text(report?.policyID),
      approved: text(report?.approved),
      payload: JSON.stringify(report),
    };
  });
}

/** The marking export's file: one report id per line (MARK_TEMPLATE). */
export function parseMarkFile(body: string): Set<string> {
  return new Set(
    body
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line.length > 0),
  );
}
