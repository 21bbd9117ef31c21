// The Expensify Integration Server client. Every job is one form POST to the single endpoint with the job as
// JSON in form field `requestJobDescription`, the partner credentials inline (research/expensify.md 1), and
// extra form fields beside it (`template`, `data`, `file`). Answers are read by shape (classify.ts).
//
// Every call goes through the shared pacer of its partner credential (limiter.ts) and is retried with full
// jitter after a 429, a 5xx or a network failure. Repeating is safe for every job this client sends: exports
// without onFinish only make another file, the marking export sets a label that is already set, policy and
// employee updates set state, and the status update skips reports that are already Reimbursed. Expense
// creation (not idempotent) is deliberately not offered.
//
// Secrets: the credentials are added only when the form body is built; logs and errors see the job without
// them (and through the redactor), and AxiosErrors (whose config holds the body) never leave this file.
import axios, { type AxiosInstance } from 'axios';
import type { Settings } from '../../../shared/settings.ts';
import type { EngineSecrets } from '../../engine/ports.ts';
import type { LogSink } from '../../ipc/log-sink.ts';
import { silentLog } from '../../ipc/log-sink.ts';
import { redactor } from '../../log/redact.ts';
import {
  classifyExpensifyFailure,
  fullJitterDelay,
  readDownload,
  readEnvelope,
  readFileName,
  transportError,
  type Envelope,
  type RawAnswer,
} from './classify.ts';
import { NetworkConfigError, axiosNetworkOptions, type AxiosNetworkOptions } from '../../lib/network.ts';
import { ExpensifyError } from './errors.ts';
import { EXPENSIFY_RATE_WINDOWS, sharedPacer, type RateWindow, type SlidingWindowPacer } from './limiter.ts';

export interface ExpensifyCredentials {
  readonly partnerUserID: string;
  readonly partnerUserSecret: string;
}

export interface ExpensifyRetry {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export interface ExpensifyClientOptions {
  /** The full Integration Server URL (…/Integration-Server/ExpensifyIntegrations). */
  readonly url: string;
  readonly credentials: ExpensifyCredentials;
  readonly timeoutMs?: number;
  readonly retry?: ExpensifyRetry;
  /** Download attempts while an export file is not ready. */
  readonly downloadAttempts?: number;
  readonly log?: LogSink;
  readonly proxyUrl?: string;
  /** A PEM file with the company CA (settings `network.caCertFile`), trusted besides Node's own roots. */
  readonly caCertFile?: string;
  /** Tests shrink the windows; production uses the documented 5/10 s and 20/60 s. */
  readonly rateWindows?: readonly RateWindow[];
  /** Safety margin added to every window (default 1 s). */
  readonly rateMarginMs?: number;
  /** A pacer of one's own instead of the shared one (tests only). */
  readonly pacer?: SlidingWindowPacer;
  readonly signal?: AbortSignal;
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** A job as sent, without `credentials` (the client adds them). */
export type JobDescription = Readonly<Record<string, unknown>> & {
  readonly type: string;
  readonly inputSettings?: Readonly<Record<string, unknown>>;
};

export interface ExportRequest {
  readonly template: string;
  readonly fileExtension: 'json' | 'csv' | 'txt';
  readonly fileBasename?: string;
  /** e.g. ['APPROVED', 'REIMBURSED']. */
  readonly reportStates?: readonly string[];
  readonly limit?: number;
  readonly reportIds?: readonly string[];
  readonly policyIds?: readonly string[];
  readonly startDate?: string;
  readonly endDate?: string;
  readonly approvedAfter?: string;
  readonly markedAsExported?: string;
  /** onFinish markAsExported with this label (only the marking job uses it). */
  readonly markAsExported?: string;
  /** `test: "true"`: onFinish actions are not run. */
  readonly test?: boolean;
}

export interface PolicySummary {
  readonly id: string;
  readonly name: string;
  readonly type?: string;
  readonly role?: string;
  readonly outputCurrency?: string;
}

export interface PolicyCategory {
  readonly name: string;
  readonly enabled: boolean;
  readonly glCode?: string;
  readonly payrollCode?: string;
}

export interface PolicyTag {
  readonly name: string;
  readonly enabled: boolean;
  readonly glCode?: string;
}

export interface PolicyTagLevel {
  readonly name: string;
  readonly tags: readonly PolicyTag[];
}

export interface PolicyInfo {
  readonly id: string;
  readonly categories: readonly PolicyCategory[];
  /** Single-level tags come back flat from Expensify; here they are always levels. */
  readonly tagLevels: readonly PolicyTagLevel[];
}

export interface EmployeeFeedRow {
  readonly employeeEmail: string;
  readonly managerEmail: string;
  readonly employeeID: string;
  readonly policyID: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly isTerminated?: boolean;
}

export interface EmployeeUpdateAnswer {
  readonly dryRun: boolean;
  readonly updatedEmployeesCount: number;
  readonly added: Readonly<Record<string, readonly string[]>>;
  readonly removed: Readonly<Record<string, readonly string[]>>;
  readonly skipped: readonly { readonly email: string; readonly reason: string }[];
}

export interface ReportStatusAnswer {
  readonly responseCode: number;
  readonly updated: readonly string[];
  readonly skipped: readonly { readonly reportID: string; readonly reason: string }[];
  readonly failed: readonly { readonly reportID: string; readonly reason: string }[];
}

const DEFAULT_RETRY: ExpensifyRetry = { maxAttempts: 5, baseDelayMs: 2000, maxDelayMs: 60_000 };
/** 50 MB: a cap on what one answer may hold (research/reliability.md: cap response size). */
const MAX_BODY_BYTES = 50 * 1024 * 1024;

/** The proxy and company CA as axios options; a bad setting is a config failure naming it. */
function networkOptions(options: ExpensifyClientOptions): AxiosNetworkOptions {
  try {
    return axiosNetworkOptions({ proxyUrl: options.proxyUrl ?? '', caCertFile: options.caCertFile ?? '' });
  } catch (error) {
    if (error instanceof NetworkConfigError) throw new ExpensifyError(error.message, { kind: 'config' });
    throw error;
  }
}

function jobName(job: JobDescription): string {
  const sub = job.inputSettings?.type;
  return typeof sub === 'string' ? `${job.type}.${sub}` : job.type;
}

const str = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;

export class ExpensifyClient {
  readonly url: string;
  readonly pacer: SlidingWindowPacer;
  readonly #credentials: ExpensifyCredentials;
  readonly #http: AxiosInstance;
  readonly #retry: ExpensifyRetry;
  readonly #downloadAttempts: number;
  readonly #log: LogSink;
  readonly #signal: AbortSignal | undefined;
  readonly #random: () => number;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(options: ExpensifyClientOptions) {
    if (!/^https?:\/\//.test(options.url))
      throw new ExpensifyError('The Expensify URL (settings expensify.url) is not an http(s) URL', {
        kind: 'config',
      });
    if (!options.credentials.partnerUserID || !options.credentials.partnerUserSecret)
      throw new ExpensifyError('The Expensify partner credentials are empty', { kind: 'auth' });
    redactor.register(options.credentials.partnerUserSecret);
    redactor.register(options.credentials.partnerUserID);
    this.url = options.url;
    this.#credentials = options.credentials;
    this.#retry = options.retry ?? DEFAULT_RETRY;
    this.#downloadAttempts = options.downloadAttempts ?? 5;
    this.#log = options.log ?? silentLog;
    this.#signal = options.signal;
    this.#random = options.random ?? Math.random;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.pacer =
      options.pacer ??
      sharedPacer(
        options.url,
        options.credentials.partnerUserID,
        options.rateWindows ?? EXPENSIFY_RATE_WINDOWS,
        options.rateMarginMs ?? 1000,
      );
    this.#http = axios.create({
      timeout: options.timeoutMs ?? 60_000,
      // Environment proxy variables stay ignored: the proxy, if any, is in the agents.
      proxy: false,
      ...networkOptions(options),
      maxRedirects: 3,
      maxContentLength: MAX_BODY_BYTES,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      transitional: { clarifyTimeoutError: true },
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json, text/plain, */*',
      },
    });
  }

  /** The job as it may be logged or audited: no credentials, and scrubbed by the redactor anyway. */
  describe(job: JobDescription): string {
    return redactor.redactString(JSON.stringify(job));
  }

  /** Sends one job: paced, retried after 429 / 5xx / network failures, read by `read`. */
  async send<T>(
    job: JobDescription,
    fields: Readonly<Record<string, string>>,
    read: (answer: RawAnswer, name: string) => T,
  ): Promise<T> {
    const name = jobName(job);
    for (let attempt = 0; ; attempt += 1) {
      try {
        const answer = await this.pacer.schedule(() => this.#post(job, fields, name), this.#signal);
        return read(answer, name);
      } catch (raw) {
        if (this.#signal?.aborted) throw transportError(raw, name);
        const error = transportError(raw, name);
        const verdict = classifyExpensifyFailure(error);
        const retryable = verdict === 'retry' || verdict === 'rate_limited';
        if (!retryable || attempt + 1 >= this.#retry.maxAttempts) {
          this.#log.warn(
            redactor.redact({ error: error.toJSON(), attempts: attempt + 1, request: this.describe(job) }),
            error.message,
          );
          throw error;
        }
        const delayMs = fullJitterDelay(attempt, this.#retry, this.#random);
        this.#log.warn(
          redactor.redact({
            job: name,
            attempt: attempt + 1,
            kind: error.kind,
            responseCode: error.responseCode,
            delayMs,
          }),
          `Expensify ${name} failed (${error.kind}); trying again in ${delayMs} ms`,
        );
        await this.#sleep(delayMs);
      }
    }
  }

  async #post(
    job: JobDescription,
    fields: Readonly<Record<string, string>>,
    name: string,
  ): Promise<RawAnswer> {
    const form = new URLSearchParams();
    form.set('requestJobDescription', JSON.stringify({ ...job, credentials: this.#credentials }));
    for (const [key, value] of Object.entries(fields)) form.set(key, value);
    try {
      const response = await this.#http.post<string>(this.url, form.toString(), {
        ...(this.#signal ? { signal: this.#signal } : {}),
      });
      return {
        httpStatus: response.status,
        body: typeof response.data === 'string' ? response.data : String(response.data ?? ''),
      };
    } catch (error) {
      throw transportError(error, name);
    }
  }

  /** A JSON job; the envelope on success. */
  job(job: JobDescription, fields: Readonly<Record<string, string>> = {}): Promise<Envelope> {
    return this.send(job, fields, readEnvelope);
  }

  /** Report Exporter: renders `template` over the matching reports; answers the generated file name. */
  exportReports(request: ExportRequest): Promise<string> {
    const filters: Record<string, string> = {};
    if (request.reportIds) filters.reportIDList = request.reportIds.join(',');
    if (request.policyIds && request.policyIds.length > 0) filters.policyIDList = request.policyIds.join(',');
    if (request.startDate) filters.startDate = request.startDate;
    if (request.endDate) filters.endDate = request.endDate;
    if (request.approvedAfter) filters.approvedAfter = request.approvedAfter;
    if (request.markedAsExported) filters.markedAsExported = request.markedAsExported;
    const inputSettings: Record<string, unknown> = { type: 'combinedReportData', filters };
    if (request.reportStates && request.reportStates.length > 0)
      inputSettings.reportState = request.reportStates.join(',');
    // The docs type limit as a string ("10").
    if (request.limit !== undefined) inputSettings.limit = String(request.limit);
    const job: JobDescription = {
      type: 'file',
      onReceive: { immediateResponse: ['returnRandomFileName'] },
      inputSettings,
      outputSettings: {
        fileExtension: request.fileExtension,
        ...(request.fileBasename ? { fileBasename: request.fileBasename } : {}),
      },
      ...(request.markAsExported
        ? { onFinish: [{ actionName: 'markAsExported', label: request.markAsExported }] }
        : {}),
      ...(request.test ? { test: 'true' } : {}),
    };
    return this.send(job, { template: request.template }, readFileName);
  }

  /**
   * Downloader: the file's content. An empty body or "File not found" right after the export is retried a
   * bounded number of times (research/expensify.md 13), then reported as not_found.
   */
  async download(fileName: string): Promise<string> {
    const job: JobDescription = { type: 'download', fileName, fileSystem: 'integrationServer' };
    for (let attempt = 0; attempt < this.#downloadAttempts; attempt += 1) {
      const body = await this.send(job, {}, readDownload);
      if (body !== undefined) return body;
      if (attempt + 1 < this.#downloadAttempts) {
        const delayMs = Math.max(1, fullJitterDelay(attempt, this.#retry, this.#random));
        this.#log.info(
          { job: 'download', fileName, attempt: attempt + 1, delayMs },
          'Expensify export file not ready yet',
        );
        await this.#sleep(delayMs);
      }
    }
    throw new ExpensifyError(
      `Expensify did not serve the export file ${fileName} after ${this.#downloadAttempts} attempts (not ready, or already removed)`,
      { kind: 'not_found', job: 'download' },
    );
  }

  /** A cheap call that proves the credentials: the policies the partner user can see. */
  async getPolicyList(): Promise<PolicySummary[]> {
    const envelope = await this.job({ type: 'get', inputSettings: { type: 'policyList' } });
    const list = Array.isArray(envelope.policyList) ? (envelope.policyList as unknown[]) : [];
    return list.flatMap((raw) => {
      if (raw === null || typeof raw !== 'object') return [];
      const p = raw as Record<string, unknown>;
      const id = str(p.id);
      if (!id) return [];
      return [
        {
          id,
          name: str(p.name) ?? id,
          ...(str(p.type) ? { type: str(p.type) } : {}),
          ...(str(p.role) ? { role: str(p.role) } : {}),
          ...(str(p.outputCurrency) ? { outputCurrency: str(p.outputCurrency) } : {}),
        },
      ];
    });
  }

  /** Policy getter: categories and tags of each policy; unknown ids are absent from the answer. */
  async getPolicies(policyIds: readonly string[]): Promise<Map<string, PolicyInfo>> {
    const envelope = await this.job({
      type: 'get',
      // Unlike the exporter's comma strings, the getter takes a JSON array.
      inputSettings: { type: 'policy', policyIDList: [...policyIds], fields: ['categories', 'tags'] },
    });
    const info =
      envelope.policyInfo !== null && typeof envelope.policyInfo === 'object'
        ? (envelope.policyInfo as Record<string, unknown>)
        : {};
    const out = new Map<string, PolicyInfo>();
    for (const [id, raw] of Object.entries(info)) {
      if (raw === null || typeof raw !== 'object') continue;
      const p = raw as Record<string, unknown>;
      out.set(id, { id, categories: readCategories(p.categories), tagLevels: readTagLevels(p.tags) });
    }
    return out;
  }

  /** Policy updater: categories (merge or replace) and one inline tag level (always a full list). */
  async updatePolicy(
    policyId: string,
    update: {
      readonly categories?: {
        readonly action: 'merge' | 'replace';
        readonly data: readonly PolicyCategory[];
      };
      readonly tags?: PolicyTagLevel;
    },
  ): Promise<void> {
    await this.job({
      type: 'update',
      inputSettings: { type: 'policy', policyID: policyId },
      ...(update.categories ? { categories: update.categories } : {}),
      ...(update.tags
        ? {
            tags: {
              source: 'inline',
              action: 'replace',
              data: [{ name: update.tags.name, tags: update.tags.tags }],
            },
          }
        : {}),
    });
  }

  /** Advanced employee updater with the feed in form field `data`; `dry-run` applies nothing. */
  async updateEmployees(feed: readonly EmployeeFeedRow[], dryRun: boolean): Promise<EmployeeUpdateAnswer> {
    const envelope = await this.job(
      {
        type: 'update',
        'dry-run': dryRun,
        dataSource: 'request',
        inputSettings: { type: 'employees', entity: 'generic' },
        setEmployeePrimaryPolicy: 'none',
      },
      { data: JSON.stringify(feed) },
    );
    const diff = (envelope.diff ?? {}) as Record<string, unknown>;
    const lists = (value: unknown): Record<string, string[]> => {
      const out: Record<string, string[]> = {};
      if (value === null || typeof value !== 'object') return out;
      for (const [policy, emails] of Object.entries(value as Record<string, unknown>))
        out[policy] = Array.isArray(emails) ? emails.filter((e): e is string => typeof e === 'string') : [];
      return out;
    };
    const skipped = Array.isArray(envelope.skippedEmployees) ? (envelope.skippedEmployees as unknown[]) : [];
    return {
      dryRun: envelope['dry-run'] === true || envelope['dry-run'] === 'true' || dryRun,
      updatedEmployeesCount:
        typeof envelope.updatedEmployeesCount === 'number' ? envelope.updatedEmployeesCount : 0,
      added: lists(diff.diffToAdd),
      removed: lists(diff.diffToRemove),
      skipped: skipped.map((s) => {
        const row = (s ?? {}) as Record<string, unknown>;
        return { email: str(row.email) ?? '?', reason: str(row.reason) ?? 'no reason given' };
      }),
    };
  }

  /**
   * Report status updater: Approved -> Reimbursed only. A run that skipped some answers 200 (seen live) or
   * 207 (documented), `failedReports` may be absent: the lists are read, not just the code.
   */
  async markReimbursed(reportIds: readonly string[]): Promise<ReportStatusAnswer> {
    const envelope = await this.job({
      type: 'update',
      inputSettings: {
        type: 'reportStatus',
        status: 'REIMBURSED',
        filters: { reportIDList: reportIds.join(',') },
      },
    });
    const ids = (value: unknown): string[] =>
      Array.isArray(value) ? value.map(str).filter((v): v is string => v !== undefined) : [];
    const reasons = (value: unknown) =>
      Array.isArray(value)
        ? value.map((v) => {
            const row = (v ?? {}) as Record<string, unknown>;
            return { reportID: str(row.reportID) ?? '?', reason: str(row.reason) ?? 'no reason given' };
          })
        : [];
    return {
      responseCode: envelope.responseCode,
      updated: ids(envelope.reportIDs),
      skipped: reasons(envelope.skippedReports),
      failed: reasons(envelope.failedReports),
    };
  }
}

function readCategories(value: unknown): PolicyCategory[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((raw) => {
    if (raw === null || typeof raw !== 'object') return [];
    const c = raw as Record<string, unknown>;
    const name = str(c.name);
    if (!name) return [];
    return [
      {
        name,
        enabled: c.enabled !== false && c.enabled !== 'false',
        ...(str(c.glCode) ? { glCode: str(c.glCode) } : {}),
        ...(str(c.payrollCode) ? { payrollCode: str(c.payrollCode) } : {}),
      },
    ];
  });
}

function readTags(value: unknown): PolicyTag[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((raw) => {
    if (raw === null || typeof raw !== 'object') return [];
    const t = raw as Record<string, unknown>;
    const name = str(t.name);
    if (!name || Array.isArray(t.tags)) return [];
    return [
      {
        name,
        enabled: t.enabled !== false && t.enabled !== 'false',
        ...(str(t.glCode) ? { glCode: str(t.glCode) } : {}),
      },
    ];
  });
}

/** Single-level tags come back as a flat list, multi-level ones as levels (research/expensify.md 5). */
function readTagLevels(value: unknown): PolicyTagLevel[] {
  if (!Array.isArray(value) || value.length === 0) return [];
  const leveled = value.every(
    (v) => v !== null && typeof v === 'object' && Array.isArray((v as { tags?: unknown }).tags),
  );
  if (leveled) {
    return value.map((v) => {
      const level = v as { name?: unknown; tags: unknown };
      return { name: str(level.name) ?? '', tags: readTags(level.tags) };
    });
  }
  return [{ name: '', tags: readTags(value) }];
}

/** What the engine hands over: settings, the secret store, and the run's logger and cancel signal. */
export interface CreateExpensifyClientInput {
  readonly settings: Settings;
  readonly secrets: EngineSecrets;
  readonly log?: LogSink;
  readonly signal?: AbortSignal;
  /** Test hooks: shrink the rate windows, fake sleep and jitter. */
  readonly rateWindows?: readonly RateWindow[];
  readonly rateMarginMs?: number;
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Reads the partner credentials from the secret store and builds a client with the Expensify settings. */
export async function createExpensifyClient(input: CreateExpensifyClientInput): Promise<ExpensifyClient> {
  const s = input.settings.expensify;
  const [partnerUserID, partnerUserSecret] = await Promise.all([
    input.secrets.get('expensify.partnerUserId'),
    input.secrets.get('expensify.partnerUserSecret'),
  ]);
  if (!partnerUserID || !partnerUserSecret) {
    const missing = [
      ...(partnerUserID ? [] : ['expensify.partnerUserId']),
      ...(partnerUserSecret ? [] : ['expensify.partnerUserSecret']),
    ];
    throw new ExpensifyError(
      `The Expensify partner credentials are not stored (${missing.join(', ')}): create them at expensify.com/tools/integrations and store them with "ml-connector secrets set"`,
      { kind: 'auth' },
    );
  }
  return new ExpensifyClient({
    url: s.url,
    credentials: { partnerUserID, partnerUserSecret },
    timeoutMs: s.timeoutMs,
    retry: s.retry,
    downloadAttempts: s.downloadAttempts,
    ...(input.log ? { log: input.log } : {}),
    ...(input.settings.network.proxyUrl ? { proxyUrl: input.settings.network.proxyUrl } : {}),
    ...(input.settings.network.caCertFile ? { caCertFile: input.settings.network.caCertFile } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
    ...(input.rateWindows ? { rateWindows: input.rateWindows } : {}),
    ...(input.rateMarginMs !== undefined ? { rateMarginMs: input.rateMarginMs } : {}),
    ...(input.random ? { random: input.random } : {}),
    ...(input.sleep ? { sleep: input.sleep } : {}),
  });
}
