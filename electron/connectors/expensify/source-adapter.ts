// The Expensify source on the document road (electron/sync/source-port.ts).
//
// Why nothing is lost, step by step:
// 1. fetch: ONE export job of APPROVED and REIMBURSED reports of the configured policies, filtered by
//    `markedAsExported: <our label>` and by `approvedAfter: <cursor>`, WITHOUT onFinish, so exporting changes
//    nothing in Expensify. Then the file is downloaded and read (export-file.ts). A crash anywhere here
//    leaves every report unmarked: the next fetch returns them again.
// 2. The road stages every returned report durably (SQLite commit), deduplicated by report id.
// 3. acknowledge (called by the road only with durably staged reports): a SECOND export job with
//    `reportIDList` = exactly those ids and `onFinish: markAsExported <label>`; its file (MARK_TEMPLATE, one id
//    per line) is downloaded to learn which reports the job covered, i.e. which are now labelled. Ids not in
//    it are reported as not acknowledged and come again. A crash between staging and marking only means the
//    next fetch returns them again; the road stages nothing twice. `onFinish` on the first export would label
//    the reports before they are staged (research/expensify.md 4 "Caution"), which is why it is not used.
// 4. The cursor (cursor.ts) only moves past approval days of reports that are labelled, and only after a
//    fetch that was not cut by the export limit; it is a narrowing of the export, never the guard itself.
// 5. confirm (outbox, after QAD has the document): with `writeBackReimbursed` on, the report status is set to
//    Reimbursed (Approved -> Reimbursed is the only transition Expensify offers); otherwise the exported label
//    set in step 3 already is the confirmation Expensify shows ("Exported to ml-connector"), and confirm only
//    reports done. Expensify has no API to comment on or reject a report, so a QAD rejection is recorded as
//    done with a note; the person sees it in ml-connector.
import { defaultPostingKind, CONFIRMATION_KINDS } from '../../sync/source-port.ts';
import type {
  AcknowledgeResult,
  CanonicalResult,
  ConfirmOutcome,
  RawSourceItem,
  SourceAdapter,
} from '../../sync/source-port.ts';
import type { Settings } from '../../../shared/settings.ts';
import type { FlowContext } from '../../engine/ports.ts';
import { getCursor, setCursor, type OutboxItem, type Store } from '../../store/index.ts';
import { classifyExpensifyFailure } from './classify.ts';
import { createExpensifyClient, type ExpensifyClient } from './client.ts';
import { addDays, nextCursors, type FetchRecord } from './cursor.ts';
import { ExpensifyError } from './errors.ts';
import { parseExportFile, parseMarkFile } from './export-file.ts';
import { MARK_TEMPLATE, REPORT_TEMPLATE } from './template.ts';
import { expensifyToCanonical } from './to-canonical.ts';

export const EXPENSIFY_CURSOR_SOURCE = 'expensify';
/** One cursor per policy, so a policy added later starts from its own look-back. */
export const cursorStream = (policyId: string): string => `approvedAfter:${policyId}`;

/** Report ids per marking job (the reportIDList is a comma string in a form field). */
const MARK_CHUNK = 100;

export interface ExpensifySourceOptions {
  readonly store: Store;
  /** The settings in force; toCanonical reads `expensify.amountUnit` from it (it runs outside flows too). */
  readonly settings: () => Settings;
  /** Default: createExpensifyClient with the run's settings, secrets, logger and signal. */
  readonly clientFactory?: (ctx: FlowContext) => Promise<ExpensifyClient>;
  readonly now?: () => Date;
}

const today = (now: () => Date): string => now().toISOString().slice(0, 10);
const dayOf = (stamp: string): string | undefined => /^(\d{4}-\d{2}-\d{2})/.exec(stamp)?.[1];

export function createExpensifySource(options: ExpensifySourceOptions): SourceAdapter {
  const now = options.now ?? (() => new Date());
  const clientFor =
    options.clientFactory ??
    ((ctx: FlowContext) =>
      createExpensifyClient({
        settings: ctx.settings,
        secrets: ctx.secrets,
        log: ctx.log,
        signal: ctx.signal,
      }));
  let lastFetch: FetchRecord | undefined;

  const readCursors = (policyIds: readonly string[]): Map<string, string> => {
    const out = new Map<string, string>();
    for (const id of policyIds) {
      const value = getCursor(options.store.db, EXPENSIFY_CURSOR_SOURCE, cursorStream(id))?.value;
      if (value && /^\d{4}-\d{2}-\d{2}$/.test(value)) out.set(id, value);
    }
    return out;
  };

  const writeCursors = (cursors: ReadonlyMap<string, string>, ctx: FlowContext): void => {
    if (cursors.size === 0) return;
    const at = now().toISOString();
    options.store.tx((db) => {
      for (const [policyId, value] of cursors)
        setCursor(db, EXPENSIFY_CURSOR_SOURCE, cursorStream(policyId), value, { actor: ctx.actor, at });
    });
  };

  async function exportApproved(
    client: ExpensifyClient,
    settings: Settings['expensify'],
    approvedAfter: string,
  ): Promise<string> {
    const request = {
      template: REPORT_TEMPLATE,
      fileExtension: 'json' as const,
      fileBasename: 'mlc',
      reportStates: ['APPROVED', 'REIMBURSED'],
      limit: settings.pageSize,
      policyIds: settings.policyIds,
      approvedAfter,
      markedAsExported: settings.exportLabel,
    };
    try {
      return await client.exportReports(request);
    } catch (error) {
      // Current docs reportedly accept approvedAfter instead of startDate [3P]; a server that still wants
      // startDate gets one far enough back that no report approved after the cursor is cut off by creation
      // date (startDate filters on created/submitted), and endDate, required beyond a year [3P].
      if (
        !(error instanceof ExpensifyError) ||
        error.kind !== 'validation' ||
        !/startDate/i.test(error.message)
      )
        throw error;
      return client.exportReports({
        ...request,
        startDate: addDays(approvedAfter, -365),
        endDate: addDays(today(now), 1),
      });
    }
  }

  return {
    source: 'expensify',

    async fetch(ctx: FlowContext): Promise<readonly RawSourceItem[]> {
      const settings = ctx.settings.expensify;
      if (settings.policyIds.length === 0)
        throw new ExpensifyError('No Expensify policy is configured (settings expensify.policyIds)', {
          kind: 'config',
        });
      const client = await clientFor(ctx);
      const exportDay = today(now);
      const cursors = readCursors(settings.policyIds);
      const lookback = addDays(exportDay, -settings.initialLookbackDays);
      const approvedAfter = settings.policyIds
        .map((id) => cursors.get(id) ?? lookback)
        .reduce((a, b) => (a < b ? a : b));
      const fileName = await exportApproved(client, settings, approvedAfter);
      const reports = parseExportFile(await client.download(fileName), fileName);
      const record: FetchRecord = {
        exportDay,
        truncated: reports.length >= settings.pageSize,
        policyIds: [...settings.policyIds],
        reports: new Map(
          reports.map((r) => {
            const approvedDay = dayOf(r.approved);
            return [r.reportID, { policyId: r.policyID, ...(approvedDay ? { approvedDay } : {}) }];
          }),
        ),
      };
      lastFetch = record;
      ctx.log.info(
        {
          job: 'expensify.fetch',
          fileName,
          reports: reports.length,
          approvedAfter,
          truncated: record.truncated,
        },
        `Expensify export returned ${reports.length} report(s)`,
      );
      // Nothing new: every report approved up to today is labelled already, the cursors may move on.
      if (reports.length === 0)
        writeCursors(nextCursors(record, new Set(), cursors, settings.cursorOverlapDays), ctx);
      return reports.map((r) => ({
        sourceId: r.reportID,
        kind: 'expense_report' as const,
        payload: r.payload,
        ...(r.approved ? { revision: r.approved } : {}),
      }));
    },

    async acknowledge(items: readonly RawSourceItem[], ctx: FlowContext): Promise<AcknowledgeResult> {
      const settings = ctx.settings.expensify;
      const ids = [...new Set(items.map((i) => i.sourceId))];
      const acknowledged: string[] = [];
      const failed: { sourceId: string; error: string }[] = [];
      if (ids.length === 0) return { acknowledged, failed };
      const client = await clientFor(ctx);
      for (let start = 0; start < ids.length; start += MARK_CHUNK) {
        const chunk = ids.slice(start, start + MARK_CHUNK);
        try {
          const fileName = await client.exportReports({
            template: MARK_TEMPLATE,
            fileExtension: 'txt',
            fileBasename: 'mlcmark',
            reportIds: chunk,
            markAsExported: settings.exportLabel,
          });
          // The job labelled exactly the reports it exported: its file says which.
          let covered: Set<string>;
          try {
            covered = parseMarkFile(await client.download(fileName));
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            for (const id of chunk)
              failed.push({
                sourceId: id,
                error: `marked, but the marking file could not be read: ${message}`,
              });
            continue;
          }
          for (const id of chunk) {
            if (covered.has(id)) acknowledged.push(id);
            else
              failed.push({
                sourceId: id,
                error: 'Expensify did not include the report in the marking export',
              });
          }
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          for (const id of chunk) failed.push({ sourceId: id, error: message });
          if (classifyExpensifyFailure(error) === 'auth') break;
        }
      }
      if (lastFetch) {
        const fetched = lastFetch;
        const marked = new Set(acknowledged);
        writeCursors(
          nextCursors(fetched, marked, readCursors(fetched.policyIds), settings.cursorOverlapDays),
          ctx,
        );
      }
      return { acknowledged, failed };
    },

    toCanonical(item: RawSourceItem): CanonicalResult {
      return expensifyToCanonical(item, { amountUnit: options.settings().expensify.amountUnit });
    },

    async confirm(item: OutboxItem, ctx: FlowContext): Promise<ConfirmOutcome> {
      const payload = item.payload as { sourceId?: unknown; outcome?: unknown };
      const reportId = typeof payload.sourceId === 'string' ? payload.sourceId : '';
      if (item.kind === CONFIRMATION_KINDS.failed) {
        return {
          status: 'done',
          note: 'Expensify has no API to reject a report; the rejection is kept in ml-connector.',
        };
      }
      if (item.kind !== CONFIRMATION_KINDS.posted)
        return { status: 'failed', error: `Unknown confirmation kind "${item.kind}"` };
      if (!ctx.settings.expensify.writeBackReimbursed || payload.outcome !== 'posted') {
        return {
          status: 'done',
          note: `The report carries the exported label "${ctx.settings.expensify.exportLabel}".`,
        };
      }
      if (!reportId) return { status: 'failed', error: 'The confirmation names no Expensify report id' };
      try {
        const client = await clientFor(ctx);
        const answer = await client.markReimbursed([reportId]);
        if (answer.updated.includes(reportId))
          return { status: 'done', note: 'Marked Reimbursed in Expensify.' };
        const failedRow = answer.failed.find((f) => f.reportID === reportId);
        if (failedRow)
          return {
            status: 'retry',
            error: `Expensify could not mark ${reportId} Reimbursed: ${failedRow.reason}`,
          };
        const skipped = answer.skipped.find((s) => s.reportID === reportId);
        // A repeat (or a person reimbursed it in Expensify meanwhile): already where we wanted it.
        if (skipped && /reimbursed/i.test(skipped.reason))
          return { status: 'done', note: 'Already Reimbursed in Expensify.' };
        // Closed (archived) after payment elsewhere: nothing left to write back.
        if (skipped && /closed|archived/i.test(skipped.reason))
          return { status: 'done', note: `Not marked Reimbursed: ${skipped.reason}.` };
        // Open or Processing again, or gone: someone changed a report QAD already has; a person must look.
        return {
          status: 'failed',
          error: `Expensify skipped marking ${reportId} Reimbursed: ${skipped?.reason ?? 'no reason given'}`,
        };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const verdict = classifyExpensifyFailure(error);
        return verdict === 'retry' || verdict === 'rate_limited'
          ? { status: 'retry', error: message }
          : { status: 'failed', error: message };
      }
    },

    postingKind: defaultPostingKind,
  };
}
