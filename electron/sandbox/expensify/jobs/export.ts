// Report Exporter (`type: "file"`) and Downloader (`type: "download"`), research sheet section 4.
// The export renders the client's FreeMarker template over the matching reports, stores the file and answers
// its bare name as text/plain; `onFinish` markAsExported labels the exported reports unless `test` is true.
// Nothing else marks a report exported: no stand-alone job exists (sheet section 4, [U]).
import { z } from 'zod';
import { text, type SimResponse } from '../../http-server.ts';
import { compileTemplate, TemplateError } from '../freemarker/index.ts';
import { exportFileName } from '../ids.ts';
import { REPORT_STATES, type ReportState, type SimReport } from '../model.ts';
import { reportModel } from '../template-model.ts';
import type { SimContext } from '../context.ts';
import { commaList, isoDate, JobError, looseBoolean, parseJob } from '../validation.ts';

const EXTENSIONS = ['csv', 'xls', 'xlsx', 'txt', 'pdf', 'json', 'xml'] as const;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  csv: 'text/csv;charset=utf-8',
  json: 'application/json;charset=utf-8',
  xml: 'application/xml;charset=utf-8',
  txt: 'text/plain;charset=utf-8',
};

const action = z.looseObject({ actionName: z.string() });

const exportSchema = z.looseObject({
  onReceive: z.looseObject({ immediateResponse: z.array(z.string()) }).optional(),
  inputSettings: z.looseObject({
    type: z.literal('combinedReportData', {
      error: "EXP:Argument 'inputSettings.type' is missing or malformed",
    }),
    reportState: z
      .string()
      .transform((v) => v.split(',').map((s) => s.trim().toUpperCase()))
      .pipe(z.array(z.enum(REPORT_STATES as [ReportState, ...ReportState[]])))
      .optional(),
    // Documented as a string ("10"); a number was accepted live (section 13).
    limit: z.union([z.number().int().positive(), z.string().regex(/^\d+$/).transform(Number)]).optional(),
    employeeEmail: z.string().optional(),
    filters: z
      .looseObject({
        reportIDList: commaList.optional(),
        policyIDList: commaList.optional(),
        startDate: isoDate.optional(),
        endDate: isoDate.optional(),
        approvedAfter: isoDate.optional(),
        markedAsExported: z.string().optional(),
      })
      .default({}),
  }),
  outputSettings: z.looseObject({
    fileExtension: z.enum(EXTENSIONS),
    fileBasename: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .optional(),
  }),
  // Documented as an array; a single object was accepted live (section 13).
  onFinish: z.union([z.array(action), action.transform((a) => [a])]).optional(),
  test: looseBoolean.optional(),
});

const day = (stamp: string | undefined): string | undefined => stamp?.slice(0, 10);

function selectReports(
  ctx: SimContext,
  settings: z.output<typeof exportSchema>['inputSettings'],
): SimReport[] {
  const f = settings.filters;
  const selected = ctx.state.reports.filter((report) => {
    if (f.reportIDList && !f.reportIDList.includes(report.reportID)) return false;
    if (f.policyIDList && !f.policyIDList.includes(report.policyID)) return false;
    if (settings.reportState && !settings.reportState.includes(report.status)) return false;
    if (settings.employeeEmail) {
      if (report.accountEmail !== settings.employeeEmail || report.status === 'OPEN') return false;
    }
    // startDate/endDate compare the later of created and submitted (sheet section 4).
    const reference = [day(report.created), day(report.submitted)].filter(Boolean).sort().pop() ?? '';
    if (f.startDate && reference < f.startDate) return false;
    if (f.endDate && reference > f.endDate) return false;
    // approvedAfter excludes reports approved on or before the date; reports never approved do not pass [U].
    if (f.approvedAfter) {
      const approved = day(report.approved);
      if (!approved || approved <= f.approvedAfter) return false;
    }
    if (f.markedAsExported && report.exportedLabels.some((l) => l.label === f.markedAsExported)) return false;
    return true;
  });
  selected.sort((a, b) => a.created.localeCompare(b.created) || a.reportID.localeCompare(b.reportID));
  return settings.limit !== undefined ? selected.slice(0, settings.limit) : selected;
}

export function exportJob(
  ctx: SimContext,
  job: Record<string, unknown>,
  fields: Map<string, string>,
): SimResponse {
  const op = 'file.export';
  const request = parseJob(exportSchema, job);
  if (
    ctx.options.requireOnReceive &&
    !request.onReceive?.immediateResponse.includes('returnRandomFileName')
  ) {
    throw new JobError(410, "Argument 'onReceive' is missing or malformed");
  }
  const f = request.inputSettings.filters;
  const hasStart =
    f.startDate !== undefined ||
    (ctx.options.approvedAfterReplacesStartDate && f.approvedAfter !== undefined);
  if (!f.reportIDList && !hasStart) throw new JobError(410, "Required parameter 'startDate' is missing");
  const template = fields.get('template');
  if (template === undefined || template.length === 0)
    throw new JobError(410, "Required parameter 'template' is missing");

  const reports = selectReports(ctx, request.inputSettings);
  if (reports.length === 0 && ctx.options.emptyExport === 'error') {
    throw new JobError(500, 'No reports matched the filters');
  }
  let body: string;
  try {
    const compiled = compileTemplate(template, { numberFormat: ctx.options.numberFormat });
    const policies = new Map(ctx.state.policies.map((p) => [p.id, p]));
    body = compiled.render({
      reports: reports.map((r) => reportModel(r, policies.get(r.policyID), ctx.state, ctx.options)),
      addHeader: true,
    });
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    if (ctx.options.templateError === 'http-500-page') return ctx.respond.htmlPage(500, error.message, op);
    return ctx.respond.error(500, error.message, op);
  }
  const extension = request.outputSettings.fileExtension;
  const fileName = exportFileName(ctx.random, request.outputSettings.fileBasename ?? 'export', extension);
  ctx.state.files.set(fileName, {
    fileName,
    body,
    // Binary formats (pdf, xls, xlsx) are not simulated: their file holds the rendered text.
    contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream',
    createdAt: ctx.clock.now(),
    reportIDs: reports.map((r) => r.reportID),
    downloadAttempts: 0,
  });
  if (request.test !== true) {
    for (const finish of request.onFinish ?? []) {
      if (finish.actionName !== 'markAsExported') continue; // email and sftpUpload have no visible effect here
      const label = typeof finish.label === 'string' ? finish.label : '';
      if (!label) throw new JobError(410, "Argument 'onFinish.label' is missing or malformed");
      const at = new Date(ctx.clock.now()).toISOString();
      for (const report of reports) {
        if (!report.exportedLabels.some((l) => l.label === label)) report.exportedLabels.push({ label, at });
      }
    }
  }
  return { ...text(200, fileName), operation: op };
}

const downloadSchema = z.looseObject({
  fileName: z.string().min(1),
  fileSystem: z.string().optional(),
});

export function downloadJob(ctx: SimContext, job: Record<string, unknown>): SimResponse {
  const op = 'download';
  const request = parseJob(downloadSchema, job);
  const file = ctx.state.files.get(request.fileName);
  const expired =
    file !== undefined &&
    ctx.options.fileRetentionMs !== undefined &&
    ctx.clock.now() - file.createdAt > ctx.options.fileRetentionMs;
  // [3P] observed with no responseCode at all.
  if (!file || expired)
    return {
      ...text(200, JSON.stringify({ responseMessage: 'File not found' }), 'application/json;charset=utf-8'),
      operation: op,
    };
  file.downloadAttempts += 1;
  if (file.downloadAttempts <= ctx.options.downloadNotReadyAttempts) {
    return { ...text(200, ''), operation: `${op}.notReady` };
  }
  return { status: 200, headers: { 'content-type': file.contentType }, body: file.body, operation: op };
}
