// PURE: where the `approvedAfter` cursor of each policy may move after a fetch. The exporter's approvedAfter
// excludes reports approved ON or before the date. The cursor only narrows the export; the exported label is
// what keeps a report from coming twice. So the one rule that matters: never move a cursor past the approval
// day of a report that is not yet marked exported, or it would never be exported again.
//
// - A fetch that hit the export `limit` proves nothing about the reports it did not return: no move.
// - Otherwise every unmarked report approved after the cursor was in the fetch (reports approved later carry
//   a later date). Once all of a policy's fetched reports are marked, the cursor may move to the export day;
//   if some are not, to the day before the earliest of them. Both minus `overlapDays` for time zones
//   (Expensify's dates and our UTC day may differ), the repeats that overlap brings are filtered by the label.
export interface FetchRecord {
  /** UTC day (yyyy-mm-dd) on which the export ran. */
  readonly exportDay: string;
  /** The export returned as many reports as its limit: more may be waiting. */
  readonly truncated: boolean;
  readonly policyIds: readonly string[];
  /** Every fetched report: its policy and approval day. */
  readonly reports: ReadonlyMap<string, { readonly policyId: string; readonly approvedDay?: string }>;
}

export function addDays(isoDay: string, days: number): string {
  const date = new Date(`${isoDay}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/**
 * The new cursor per policy (yyyy-mm-dd), for the policies whose cursor should be written. `marked` are the
 * ids Expensify confirmed as labelled; `current` the cursors before.
 */
export function nextCursors(
  fetch: FetchRecord,
  marked: ReadonlySet<string>,
  current: ReadonlyMap<string, string>,
  overlapDays: number,
): Map<string, string> {
  const out = new Map<string, string>();
  if (fetch.truncated) return out;
  for (const policyId of fetch.policyIds) {
    let candidate = addDays(fetch.exportDay, -overlapDays);
    let pending = false;
    for (const [id, report] of fetch.reports) {
      if (report.policyId !== policyId || marked.has(id)) continue;
      pending = true;
      // A pending report without a readable approval day keeps the cursor where it is.
      if (!report.approvedDay) {
        candidate = '';
        break;
      }
      const limit = addDays(report.approvedDay, -1 - overlapDays);
      if (limit < candidate) candidate = limit;
    }
    if (candidate === '') continue;
    const old = current.get(policyId);
    // With a report pending the cursor may even move back (it was approved on or before the old cursor,
    // e.g. re-approved); otherwise it only moves forward.
    const next = pending || old === undefined ? candidate : old > candidate ? old : candidate;
    if (next !== old) out.set(policyId, next);
  }
  return out;
}
