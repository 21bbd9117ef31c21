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

/** A FIS coding field: `customN` (N 1-20) or `orgUnitN` (N 1-6), or `none`. */
const concurCodingField = z
  .string()
  .regex(
    /^(none|custom([1-9]|1\d|20)|orgUnit[1-6])$/,
    'must be "none", "custom1".."custom20" or "orgUnit1".."orgUnit6"',
  );

/** Which QAD codes make each level of a Concur list: `["code"]`, or `["entity", "code"]` (a connected list). */
export const LIST_HIERARCHIES = [['code'], ['entity', 'code']] as const;

/** One QAD dimension kept in one Concur list (research/concur.md 9.2-9.5). */
function concurListDimension(defaultHierarchy: readonly ('entity' | 'code')[]) {
  return z
    .strictObject({
      /**
       * The Concur list's `id` (uuid) the admin picked from the lists the API returns; empty: not pushed.
       * UNCONFIRMED whether list names are unique, so the id is what counts.
       */
      listId: z.string().trim().max(100).default(''),
      /** The list's name when it was picked: only a check (a renamed or swapped list is reported). */
      listName: z.string().trim().max(200).default(''),
      hierarchy: z
        .array(z.enum(['entity', 'code']))
        .refine((h) => LIST_HIERARCHIES.some((x) => x.length === h.length && x.every((v, i) => v === h[i])), {
          message: 'must be ["code"] or ["entity", "code"]',
        })
        .default([...defaultHierarchy]),
      /** Mark the list managed by this app (only it may then change the list: "QAD is master"). */
      managed: z.boolean().default(false),
    })
    .prefault({});
}

export const concurListsSettingsSchema = z.strictObject({
  /** UNCONFIRMED: the v4 maximum length of one level's code (v3: 32 characters per level). */
  maxCodeLength: z.number().int().min(1).max(255).default(32),
  cost_center: concurListDimension(['entity', 'code']),
  sub_account: concurListDimension(['code']),
  project: concurListDimension(['code']),
});

/** Retries with full-jitter exponential backoff (research/reliability.md B4), per system. */
const retrySchema = z.strictObject({
  maxAttempts: z.number().int().min(1).max(10).default(4),
  baseDelayMs: z.number().int().min(0).max(60_000).default(1000),
  maxDelayMs: z.number().int().min(0).max(600_000).default(300_000),
});

/** One circuit breaker per endpoint: open after this many consecutive failures, probe again later. */
const breakerSchema = z.strictObject({
  failureThreshold: z.number().int().min(1).max(100).default(5),
  halfOpenAfterMs: z.number().int().min(0).max(3_600_000).default(60_000),
});

export const concurSettingsSchema = z.strictObject({
  enabled: z.boolean().default(false),
  /** Token endpoint; the US host is the documented default. IT points it at another data center. */
  tokenUrl: url.default('https://us.api.concursolutions.com/oauth2/v0/token'),
  clientId: z.string().trim().max(200).default(''),
  companyUuid: z.string().trim().max(100).default(''),
  documentTypes: z.array(z.enum(['invoice', 'expense_report'])).default(['invoice', 'expense_report']),
  expenseReportPosting: z.enum(['supplier_invoice', 'gl_journal']).default('supplier_invoice'),
  vendorPush: z.boolean().default(true),
  /**
   * Where the source coding sits in a FIS document. Which custom / org-unit field holds the cost center,
   * sub-account or project is a per-company Concur configuration (research/concur.md 9.8); the defaults are
   * the sandbox's layout (connected Cost Center list: custom1 = entity, custom2 = cost center; custom3 =
   * project). A field is read from the allocation first, then the entry / line item, then the header.
   */
  coding: z
    .strictObject({
      /** The source company: the header `ledgerCode`, or a header org-unit field. */
      entity: z
        .enum(['ledgerCode', 'orgUnit1', 'orgUnit2', 'orgUnit3', 'orgUnit4', 'orgUnit5', 'orgUnit6'])
        .default('ledgerCode'),
      costCenter: concurCodingField.default('custom2'),
      subAccount: concurCodingField.default('none'),
      project: concurCodingField.default('custom3'),
      /**
       * UNCONFIRMED how FIS marks an invoice credit memo: off, every negative invoice amount is an exception;
       * on, an invoice whose header and lines are all negative or zero is taken as a credit note.
       */
      invoiceCredits: z.boolean().default(false),
    })
    .prefault({}),
  /** The QAD supplier -> Concur vendor push (Invoice vendors v3.1). */
  vendors: z
    .strictObject({
      /** VendorCode + AddressCode identify a Concur vendor; QAD suppliers go to this address code. */
      addressCode: z.string().trim().min(1).max(50).default('MAIN'),
      /**
       * CountryCode is required to create a vendor, and the supplier list read from QAD carries no country:
       * a per-currency choice, then this default.
       */
      countryCode: z
        .string()
        .regex(/^[A-Z]{2}$/, 'must be a 2-letter country code')
        .default('US'),
      countryByCurrency: z
        .record(
          z.string().regex(/^[A-Z]{3}$/, 'must be a 3-letter currency code'),
          z.string().regex(/^[A-Z]{2}$/, 'must be a 2-letter country code'),
        )
        .default({}),
    })
    .prefault({}),
  /** QAD cost centers, sub-accounts and projects -> Concur lists (List v4, List Item Bulk v4). */
  lists: concurListsSettingsSchema.prefault({}),
  /** Event Subscription Service receiver (optional near-real-time trigger); off by default. */
  eventReceiver: z
    .strictObject({
      enabled: z.boolean().default(false),
      port: z.number().int().min(1).max(65535).default(8787),
      /**
       * PEM of the key that verifies `Concur-Signature` (research/concur.md 3.2: Concur publishes RSA-2048 keys,
       * one per period); unconfirmed how the signature is made, so the key and algorithm are settings.
       */
      publicKeyPem: z.string().trim().max(20_000).default(''),
      signatureAlgorithm: z.enum(['RSA-SHA256', 'RSA-SHA1', 'RSA-SHA512']).default('RSA-SHA256'),
    })
    .prefault({}),
  /** Our ERP system id sent with acknowledgements and confirmations (FIS: at most 50 characters). */
  systemId: z.string().trim().max(50).default('ml-connector'),
  /** FIS documents per page; FIS's maximum `limit` is undocumented (unconfirmed), the default is 25. */
  pageSize: z.number().int().min(1).max(1000).default(100),
  /** Per-request timeout: Concur's services should answer within 60 s (research/concur.md 5). */
  timeoutMs: z.number().int().min(1000).max(600_000).default(60_000),
  /** Refresh the 1 h access token this long before it expires. */
  tokenRefreshSkewSeconds: z.number().int().min(0).max(1800).default(300),
  /**
   * Media type asked of the Invoice vendor API; the default without an Accept header is unconfirmed
   * (probably XML), answers in either form are read.
   */
  vendorMediaType: z.enum(['json', 'xml', 'server-default']).default('json'),
  /** Retries with full-jitter exponential backoff (research/reliability.md B4; 503 means "wait 5 min"). */
  retry: retrySchema.prefault({}),
  /** One circuit breaker per Concur endpoint: open after this many consecutive failures, probe again later. */
  breaker: breakerSchema.prefault({}),
});

export const expensifySettingsSchema = z.strictObject({
  enabled: z.boolean().default(false),
  url: url.default('https://integrations.expensify.com/Integration-Server/ExpensifyIntegrations'),
  policyIds: z.array(z.string().trim().min(1).max(64)).default([]),
  /** Label passed to markAsExported and filtered with markedAsExported. */
  exportLabel: z.string().trim().min(1).max(60).default('ml-connector'),
  reportPosting: z.enum(['supplier_invoice', 'gl_journal']).default('supplier_invoice'),
  writeBackReimbursed: z.boolean().default(false),
  /**
   * Unit of every amount in an export. Expensify's docs say "integer cents" and its own app code says the
   * backend keeps every currency in 1/100 units ("cents"), so JPY 1000 arrives as 100000; unconfirmed for the
   * Integration Server, so a setting. 'currency_minor' reads amounts as minor units of their currency
   * (JPY 1000 as 1000), which is what the sandbox simulator sends.
   */
  amountUnit: z.enum(['cents', 'currency_minor']).default('cents'),
  /**
   * Expensify policy id -> QAD entity, for pushing GL accounts and cost centers into each policy. A policy
   * left out uses the entity mapping of the mapping grid, else the only QAD entity when there is one.
   */
  policyEntities: z.record(z.string().trim().min(1).max(64), z.string().trim().min(1).max(40)).default({}),
  /** Reports per export (the exporter's `limit`); the rest come in the next cycles. */
  pageSize: z.number().int().min(1).max(5000).default(200),
  /** First run (no cursor yet): export reports approved in this many past days (Expensify may ask for an endDate beyond a year). */
  initialLookbackDays: z.number().int().min(1).max(365).default(90),
  /** The approvedAfter cursor stays this many days behind, for time zones; the exported label removes repeats. */
  cursorOverlapDays: z.number().int().min(1).max(30).default(2),
  /** Per-request timeout. */
  timeoutMs: z.number().int().min(1000).max(600_000).default(60_000),
  /** Retries with full-jitter exponential backoff; a 429 carries no Retry-After (research/expensify.md 3). */
  retry: z
    .strictObject({
      maxAttempts: z.number().int().min(1).max(10).default(5),
      baseDelayMs: z.number().int().min(0).max(60_000).default(2000),
      maxDelayMs: z.number().int().min(0).max(600_000).default(60_000),
    })
    .prefault({}),
  /** Download attempts while an export file is not ready yet (research/expensify.md 13: bounded retries). */
  downloadAttempts: z.number().int().min(1).max(30).default(5),
  /** Name of the single tag level that carries QAD cost centers in each policy. */
  costCenterTagLevel: z.string().trim().min(1).max(60).default('Cost Center'),
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
  /** Rows per page when reading master data (REST collections and QXtend query QDocs). */
  pageSize: z.number().int().min(1).max(1000).default(100),
  /** Per-request timeout; a write that times out is looked up by reference before anything is re-sent. */
  timeoutMs: z.number().int().min(1000).max(600_000).default(60_000),
  /** Retries with full-jitter exponential backoff (research/reliability.md B4). */
  retry: retrySchema.prefault({}),
  /** One circuit breaker per QAD endpoint: open after this many consecutive failures, probe again later. */
  breaker: breakerSchema.prefault({}),
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
      /**
       * Expense reports posted as GL journals: the account credited for what the company owes the employee
       * (the demo company's 2010 "Accounts payable - employees").
       */
      employeePayableAccount: z.string().trim().min(1).max(40).default('2010'),
      /** Journal lines paid with a company card (line `source.paymentType` = "company") credit this clearing account. */
      cardClearingAccount: z.string().trim().min(1).max(40).default('2400'),
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
  if (s.concur.enabled && s.concur.eventReceiver.enabled) {
    require(s.concur.eventReceiver.publicKeyPem.trim() !== '', [
      'concur',
      'eventReceiver',
      'publicKeyPem',
    ], "Concur's event signing public key (PEM)");
  }
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
