// One schema for the non-secret settings. The desktop keeps them with electron-store, the headless CLI reads
// the same shape from a JSON config file. Secrets never appear here: see SECRET_NAMES.
// Objects are strict so a misspelt key in a config file is refused with its path, not silently ignored.
import { z } from 'zod';

const url = z.url({ protocol: /^https?$/, error: 'must be a URL starting with http:// or https://' });

const cron = z
  .string()
  .trim()
  .min(1)
  .max(120)
  .regex(/^(\S+\s+){4,5}\S+$/, 'must be a cron expression with 5 or 6 fields, e.g. "*/15 * * * *"');

export const scheduleSchema = z.strictObject({
  enabled: z.boolean().default(true),
  cron: cron.default('*/15 * * * *'),
  /** Working-hours window in local time, e.g. "06:00-20:00"; runs outside it wait for the next slot. */
  window: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, 'must look like "06:00-20:00"')
    .optional(),
  /** ISO weekdays the schedule runs on (1 = Monday ... 7 = Sunday). */
  days: z.array(z.number().int().min(1).max(7)).min(1).max(7).optional(),
});
export type Schedule = z.infer<typeof scheduleSchema>;

export const concurSettingsSchema = z.strictObject({
  enabled: z.boolean().default(false),
  /** Token endpoint; the US host is the documented default. IT points it at another data center. */
  tokenUrl: url.default('https://us.api.concursolutions.com/oauth2/v0/token'),
  clientId: z.string().trim().max(200).default(''),
  companyUuid: z.string().trim().max(100).default(''),
  documentTypes: z.array(z.enum(['invoice', 'expense_report'])).default(['invoice', 'expense_report']),
  expenseReportPosting: z.enum(['supplier_invoice', 'gl_journal']).default('supplier_invoice'),
  vendorPush: z.boolean().default(true),
  /** Event Subscription Service receiver (optional near-real-time trigger); off by default. */
  eventReceiver: z
    .strictObject({
      enabled: z.boolean().default(false),
      port: z.number().int().min(1).max(65535).default(8787),
    })
    .prefault({}),
});

export const expensifySettingsSchema = z.strictObject({
  enabled: z.boolean().default(false),
  url: url.default('https://integrations.expensify.com/Integration-Server/ExpensifyIntegrations'),
  policyIds: z.array(z.string().trim().min(1).max(64)).default([]),
  /** Label passed to markAsExported and filtered with markedAsExported. */
  exportLabel: z.string().trim().min(1).max(60).default('ml-connector'),
  reportPosting: z.enum(['supplier_invoice', 'gl_journal']).default('supplier_invoice'),
  writeBackReimbursed: z.boolean().default(false),
});

/** A path segment or path under a base URL, e.g. `/api/openapi.json` or `purchasing/purchaseOrders`. */
const urlPath = z
  .string()
  .trim()
  .min(1)
  .max(300)
  .regex(/^[A-Za-z0-9/._~-]+$/, 'must be a URL path such as "/api/openapi.json"');

/** Keys of the QAD REST collections the connector uses (electron/connectors/qad/defaults.ts). */
export const QAD_REST_COLLECTION_KEYS = [
  'suppliers',
  'glAccounts',
  'subAccounts',
  'costCenters',
  'projects',
  'purchaseOrders',
  'receipts',
  'glPeriods',
  'supplierInvoices',
  'journalEntries',
] as const;

/** Keys of the QDocs the QXtend connector sends (electron/connectors/qad/defaults.ts). */
export const QXTEND_QDOC_KEYS = [
  'supplierInvoice',
  'journalEntry',
  'receivePurchaseOrder',
  'querySuppliers',
  'queryGlAccounts',
  'querySubAccounts',
  'queryCostCenters',
  'queryProjects',
  'queryPurchaseOrders',
  'queryReceipts',
  'queryGlPeriods',
  'querySupplierInvoices',
  'queryJournalEntries',
] as const;

export const qadRestSettingsSchema = z.strictObject({
  /** The full tenant URL: QAD publishes no shared host, every customer has its own. */
  tenantUrl: url.or(z.literal('')).default(''),
  /** OAuth client id of the password grant (not a secret; the sandbox's is "mlc"). */
  clientId: z.string().trim().max(200).default(''),
  /** Unconfirmed in QAD's public material: where the instance serves its OpenAPI document (unset = default). */
  openApiPath: urlPath.optional(),
  /** Rows per page when reading collections. */
  pageSize: z.number().int().min(1).max(1000).default(100),
  /**
   * Per-site corrections of the unconfirmed collection paths and viewUris; a key left out keeps the
   * documented default of electron/connectors/qad/defaults.ts.
   */
  collections: z
    .partialRecord(
      z.enum(QAD_REST_COLLECTION_KEYS),
      z.strictObject({ name: urlPath.optional(), viewUri: z.string().trim().min(1).max(300).optional() }),
    )
    .default({}),
});

export const qadQxtendSettingsSchema = z.strictObject({
  endpointUrl: url.or(z.literal('')).default(''),
  /** QXtend receiver name, sent as wsa:To urn:services-qad-com:<receiver>. */
  receiver: z.string().trim().max(100).default('qad_erp'),
  qdocVersion: z.string().trim().max(20).default('ERP3_1'),
  /**
   * Per-QDoc names and versions (versions differ per QDoc within one site, research/qad.md 1.3a); a QDoc
   * left out keeps its default name and `qdocVersion`.
   */
  qdocs: z
    .partialRecord(
      z.enum(QXTEND_QDOC_KEYS),
      z.strictObject({
        name: z.string().trim().min(1).max(100).optional(),
        version: z.string().trim().min(1).max(20).optional(),
      }),
    )
    .default({}),
});

export const qadSettingsSchema = z.strictObject({
  mode: z.enum(['none', 'rest', 'qxtend']).default('none'),
  domain: z.string().trim().max(40).default(''),
  /**
   * QAD entities (financial companies) to read master data for and post into. Empty: the entities are
   * discovered from the GL calendar QAD returns (it is kept per entity), since no entity list API is known.
   */
  entities: z.array(z.string().trim().min(1).max(40)).default([]),
  /** Per-request timeout; a write that times out is looked up by reference before anything is re-sent. */
  timeoutMs: z.number().int().min(1000).max(600_000).default(60_000),
  /** Retries with full-jitter exponential backoff (research/reliability.md B4). */
  retry: z
    .strictObject({
      maxAttempts: z.number().int().min(1).max(10).default(4),
      baseDelayMs: z.number().int().min(0).max(60_000).default(1000),
      maxDelayMs: z.number().int().min(0).max(600_000).default(300_000),
    })
    .prefault({}),
  /** One circuit breaker per QAD endpoint: open after this many consecutive failures, probe again later. */
  breaker: z
    .strictObject({
      failureThreshold: z.number().int().min(1).max(100).default(5),
      halfOpenAfterMs: z.number().int().min(0).max(3_600_000).default(60_000),
    })
    .prefault({}),
  rest: qadRestSettingsSchema.prefault({}),
  qxtend: qadQxtendSettingsSchema.prefault({}),
});

const settingsShape = z.strictObject({
  schemaVersion: z.literal(1).default(1),
  /** The data folder (database, logs); empty means the per-user default. `--data-dir` wins over it. */
  dataDir: z.string().trim().max(1000).default(''),
  /**
   * A named profile keeps an installation's credentials apart from another's in the same OS keychain
   * (keychain service "ml-connector-<profile>"); the sandbox uses "sandbox" so it never touches real ones.
   */
  profile: z
    .string()
    .trim()
    .max(40)
    .regex(/^[a-z0-9-]*$/, 'may hold only lowercase letters, digits and hyphens')
    .default(''),
  qad: qadSettingsSchema.prefault({}),
  concur: concurSettingsSchema.prefault({}),
  expensify: expensifySettingsSchema.prefault({}),
  schedules: z
    .strictObject({
      concur: scheduleSchema.prefault({}),
      expensify: scheduleSchema.prefault({ cron: '*/30 * * * *' }),
      masterData: scheduleSchema.prefault({ cron: '0 * * * *' }),
    })
    .prefault({}),
  posting: z
    .strictObject({
      /** Release batches on arrival for these sources (a controller's choice); off by default. */
      autoRelease: z.array(z.enum(['concur', 'expensify'])).default([]),
    })
    .prefault({}),
  network: z
    .strictObject({
      proxyUrl: url.or(z.literal('')).default(''),
      caCertFile: z.string().max(1000).default(''),
    })
    .prefault({}),
});

/**
 * Fields that become required once a system is switched on: a connection that is enabled but has no address
 * or identity is refused with the missing field named, instead of failing later at run time.
 */
export const settingsSchema = settingsShape.superRefine((s, ctx) => {
  const require = (ok: boolean, path: (string | number)[], what: string) => {
    if (!ok) ctx.addIssue({ code: 'custom', path, message: `${what} is required` });
  };
  if (s.qad.mode === 'rest')
    require(s.qad.rest.tenantUrl !== '', ['qad', 'rest', 'tenantUrl'], 'the QAD tenant URL');
  if (s.qad.mode === 'qxtend') {
    require(s.qad.qxtend.endpointUrl !== '', ['qad', 'qxtend', 'endpointUrl'], 'the QXtend endpoint URL');
  }
  if (s.qad.mode !== 'none') require(s.qad.domain !== '', ['qad', 'domain'], 'the QAD domain');
  if (s.concur.enabled) {
    require(s.concur.clientId !== '', ['concur', 'clientId'], 'the Concur client id');
    require(s.concur.companyUuid !== '', ['concur', 'companyUuid'], 'the Concur company UUID');
  }
  if (s.expensify.enabled) {
    require(s.expensify.policyIds.length > 0, ['expensify', 'policyIds'], 'at least one Expensify policy id');
  }
});

export type Settings = z.infer<typeof settingsSchema>;
export type SettingsInput = z.input<typeof settingsSchema>;

/** Names of the secrets the app keeps in the OS keychain (service "ml-connector"). */
export const SECRET_NAMES = [
  'concur.clientSecret',
  'concur.requestToken',
  'concur.refreshToken',
  'expensify.partnerUserId',
  'expensify.partnerUserSecret',
  'qad.username',
  'qad.password',
] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

export function defaultSettings(): Settings {
  return settingsSchema.parse({});
}
