// Every behaviour of the Expensify Integration Server that the research sheet marks unconfirmed ([U]) or only
// third-party observed ([3P]) is an option here, defaulting to the sheet's best guess (section 13 wins).
import { z } from 'zod';

const windowSchema = z.strictObject({
  limit: z.number().int().min(1),
  windowMs: z.number().int().min(1),
});

export const expensifySimOptionsSchema = z.strictObject({
  /** Seed of the demo data (reports, ids); the same seed gives the same reports. */
  seed: z.number().int().default(7),
  /** Number of generated reports: a lively demo by default; benchmarks ask for thousands. */
  reportCount: z.number().int().min(0).max(200_000).default(30),
  partnerUserID: z.string().min(1).default('aa_api_meridian-components_example'),
  /** Default derived from the seed so a run is reproducible; tests may set their own. */
  partnerUserSecret: z.string().min(1).optional(),
  /**
   * [C] 5 requests per 10 s and 20 per 60 s. [U] per partner credential. Tests shrink the windows.
   * Requests refused with 429 do not count against the windows [U].
   */
  rateLimit: z
    .strictObject({ enabled: z.boolean().default(true), windows: z.array(windowSchema).default([]) })
    .default({ enabled: true, windows: [] }),
  /** [U] 429 as HTTP status (with the JSON body) or only as body responseCode under HTTP 200. Never Retry-After. */
  rateLimitStatus: z.enum(['http-429', 'body-only']).default('http-429'),
  /**
   * [3P] Today's server answers errors with HTTP 200 and the verdict in `responseCode`; "match-code" sends the
   * responseCode as HTTP status too (older behaviour some clients met).
   */
  errorHttpStatus: z.enum(['always-200', 'match-code']).default('always-200'),
  /** [3P] Missing credentials -> 403 "No authentication method specified", wrong -> 404 "Authentication error"; legacy fixtures used 401. */
  authErrors: z.enum(['observed', 'legacy-401']).default('observed'),
  /**
   * [3P] A requestJobDescription that is absent or not JSON: an HTML "HTTP Status 500 - requestJobDescription"
   * page (section 13), or a JSON envelope with responseCode 500 under HTTP 200.
   */
  malformedRequest: z.enum(['http-500-page', 'envelope']).default('http-500-page'),
  /** [U] How an export whose template fails to render is answered: JSON envelope 500 (HTTP 200) or an HTTP 500 page. */
  templateError: z.enum(['envelope', 'http-500-page']).default('envelope'),
  /** [U] FreeMarker number_format for `${n}` without ?c: outputs seen showed no grouping. */
  numberFormat: z.enum(['computer', 'number']).default('computer'),
  /** [C] docs: onReceive.immediateResponse ["returnRandomFileName"] is required; whether the server enforces it is [U]. */
  requireOnReceive: z.boolean().default(true),
  /** [3P] current docs reportedly accept approvedAfter instead of startDate. */
  approvedAfterReplacesStartDate: z.boolean().default(true),
  /** [U] An export matching no report: still a (near empty) file, or an error envelope. */
  emptyExport: z.enum(['file', 'error']).default('file'),
  /** [U] Download attempts per file answered with an empty body (not ready yet) before the file is served. */
  downloadNotReadyAttempts: z.number().int().min(0).default(0),
  /** [U] How long export files are kept (ms); undefined keeps them for the simulator's lifetime. */
  fileRetentionMs: z.number().int().min(1).optional(),
  /** [3P] Tags sent with action "merge" still replaced the whole list (observed live); "as-documented" merges. */
  tagUpdates: z.enum(['always-replace', 'as-documented']).default('always-replace'),
  /** [C docs 207 / 3P live 200] responseCode of a report status update that skipped some reports. */
  statusPartialCode: z.union([z.literal(200), z.literal(207)]).default(200),
  /** [U] Sign of credit (refund) lines in exports; the sheet's best guess is negative. */
  creditSign: z.enum(['negative', 'positive']).default('negative'),
  /** [U] Sign of report.total; Expensify's internal ledger stores totals negative, the template likely not. */
  reportTotalSign: z.enum(['positive', 'negative']).default('positive'),
  /** Label to mark some generated reports as already exported by another integration (shows the filter at work). */
  preExportedLabel: z.string().default('NETSUITE'),
});

export type ExpensifySimOptionsInput = z.input<typeof expensifySimOptionsSchema>;
export type ExpensifySimOptions = z.output<typeof expensifySimOptionsSchema> & { partnerUserSecret: string };

export const DEFAULT_RATE_WINDOWS = [
  { limit: 5, windowMs: 10_000 },
  { limit: 20, windowMs: 60_000 },
] as const;

export function resolveOptions(input: ExpensifySimOptionsInput | undefined): ExpensifySimOptions {
  const parsed = expensifySimOptionsSchema.parse(input ?? {});
  const windows = parsed.rateLimit.windows.length > 0 ? parsed.rateLimit.windows : [...DEFAULT_RATE_WINDOWS];
  return {
    ...parsed,
    rateLimit: { enabled: parsed.rateLimit.enabled, windows },
    partnerUserSecret: parsed.partnerUserSecret ?? secretFromSeed(parsed.seed),
  };
}

function secretFromSeed(seed: number): string {
  let x = (seed ^ 0x5bd1e995) >>> 0;
  let out = '';
  for (let i = 0; i < 5; i += 1) {
    x = Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) >>> 0;
    x = (x + 0x9e3779b9) >>> 0;
    out += x.toString(16).padStart(8, '0');
  }
  return out;
}
