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

export const qadRestSettingsSchema = z.strictObject({
  /** The full tenant URL: QAD publishes no shared host, every customer has its own. */
  tenantUrl: url.or(z.literal('')).default(''),
});

export const qadQxtendSettingsSchema = z.strictObject({
  endpointUrl: url.or(z.literal('')).default(''),
  /** QXtend receiver name, sent as wsa:To urn:services-qad-com:<receiver>. */
  receiver: z.string().trim().max(100).default('qad_erp'),
  qdocVersion: z.string().trim().max(20).default('ERP3_1'),
});

export const qadSettingsSchema = z.strictObject({
  mode: z.enum(['none', 'rest', 'qxtend']).default('none'),
  domain: z.string().trim().max(40).default(''),
  rest: qadRestSettingsSchema.prefault({}),
  qxtend: qadQxtendSettingsSchema.prefault({}),
});

const settingsShape = z.strictObject({
  schemaVersion: z.literal(1).default(1),
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
