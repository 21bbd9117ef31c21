// Report status updater (research sheet section 9 and 13): only Approved -> Reimbursed. Reports in any other
// state are skipped with a reason; a partial run answers responseCode 200 (seen live) or 207 (documented),
// option `statusPartialCode`; `failedReports` is absent rather than empty (seen live).
import { z } from 'zod';
import type { SimResponse } from '../../http-server.ts';
import { timestamp, type SimContext } from '../context.ts';
import { STATUS_LABELS } from '../model.ts';
import { commaList, isoDate, JobError, parseJob } from '../validation.ts';

const statusSchema = z.looseObject({
  inputSettings: z.looseObject({
    type: z.literal('reportStatus'),
    status: z.string(),
    // [3P] optional payment source label, 1-100 characters.
    paymentSource: z.string().min(1).max(100).optional(),
    filters: z.looseObject({
      reportIDList: commaList.optional(),
      startDate: isoDate.optional(),
      endDate: isoDate.optional(),
    }),
  }),
});

export function updateReportStatus(ctx: SimContext, job: Record<string, unknown>): SimResponse {
  const op = 'update.reportStatus';
  const request = parseJob(statusSchema, job);
  const { status, filters } = request.inputSettings;
  if (status !== 'REIMBURSED') throw new JobError(410, `Status '${status}' is not supported`);
  if (!filters.reportIDList && !filters.startDate)
    throw new JobError(410, "Required parameter 'startDate' is missing");
  const targets = filters.reportIDList
    ? filters.reportIDList.map((id) => ({ id, report: ctx.state.reports.find((r) => r.reportID === id) }))
    : ctx.state.reports
        .filter((r) => {
          const day = (r.submitted ?? r.created).slice(0, 10);
          return day >= (filters.startDate ?? '') && (!filters.endDate || day <= filters.endDate);
        })
        .map((report) => ({ id: report.reportID, report }));
  const reportIDs: string[] = [];
  const skippedReports: { reportID: string; reason: string }[] = [];
  for (const { id, report } of targets) {
    if (!report) {
      skippedReports.push({ reportID: id, reason: 'Report not found' });
      continue;
    }
    if (report.status !== 'APPROVED') {
      skippedReports.push({ reportID: id, reason: `Report is in status '${STATUS_LABELS[report.status]}'` });
      continue;
    }
    report.status = 'REIMBURSED';
    report.reimbursed = timestamp(ctx.clock.now());
    reportIDs.push(id);
  }
  const partial = skippedReports.length > 0;
  return {
    ...ctx.respond.ok({ reportIDs, ...(partial ? { skippedReports } : {}) }, op),
    ...(partial && ctx.options.statusPartialCode === 207 ? partialBody(reportIDs, skippedReports, op) : {}),
  };
}

function partialBody(
  reportIDs: string[],
  skippedReports: unknown[],
  operation: string,
): Partial<SimResponse> {
  return { body: JSON.stringify({ responseCode: 207, reportIDs, skippedReports }), operation };
}
