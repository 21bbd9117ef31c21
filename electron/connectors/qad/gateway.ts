// The QAD port: what the engine asks of QAD, whichever transport the site runs (Adaptive REST or QXtend
// SOAP, chosen by `settings.qad.mode`). Inputs and results are the plain domain types of shared/domain/qad.ts;
// failures are the typed errors of errors.ts. Creates follow guarded-create.ts: never sent twice without a
// look-up by reference in between.
import { z } from 'zod';
import { isKnownCurrency } from '../../../shared/domain/money.ts';
import type {
  QadCheckStep,
  QadCode,
  QadCostCenter,
  QadCreateResult,
  QadDocumentKind,
  QadGlAccount,
  QadGlPeriod,
  QadJournalEntryInput,
  QadPostedDocument,
  QadPurchaseOrder,
  QadReceipt,
  QadSupplier,
  QadSupplierInvoiceInput,
} from '../../../shared/domain/qad.ts';
import type { Settings } from '../../../shared/settings.ts';
import type { EngineSecrets } from '../../engine/ports.ts';
import { silentLog, type LogSink } from '../../ipc/log-sink.ts';
import { redactor } from '../../log/redact.ts';
import { QAD_REST_FILTER_PARAMS, type QadRestCollectionKey } from './defaults.ts';
import { QadBusinessError, QadConfigError, type QadTransport } from './errors.ts';
import { guardedCreate, type SendResult } from './guarded-create.ts';
import type { Resilience } from './resilience.ts';
import {
  OPEN_RECEIPTS_FILTER,
  READS,
  toCostCenters,
  toGlAccounts,
  toGlPeriods,
  toPostedDocuments,
  toProjects,
  toPurchaseOrders,
  toReceipts,
  toSubAccounts,
  toSuppliers,
} from './rows.ts';

export interface QadGateway {
  readonly transport: QadTransport;
  /** The entities to work with: from the settings, else discovered from QAD's GL calendar. */
  listEntities(): Promise<readonly string[]>;
  /** Domain-wide master data. */
  listSuppliers(): Promise<readonly QadSupplier[]>;
  listGlAccounts(): Promise<readonly QadGlAccount[]>;
  listSubAccounts(): Promise<readonly QadCode[]>;
  listProjects(): Promise<readonly QadCode[]>;
  /** Per-entity data. */
  listCostCenters(entity: string): Promise<readonly QadCostCenter[]>;
  listPurchaseOrders(entity: string): Promise<readonly QadPurchaseOrder[]>;
  /** Receipt lines with quantity not yet matched by an invoice. */
  listOpenReceipts(entity: string): Promise<readonly QadReceipt[]>;
  listGlPeriods(entity: string): Promise<readonly QadGlPeriod[]>;
  /** PO-matched (receipt matches) or non-PO (GL lines) supplier invoice. */
  createSupplierInvoice(input: QadSupplierInvoiceInput): Promise<QadCreateResult>;
  createJournalEntry(input: QadJournalEntryInput): Promise<QadCreateResult>;
  /** Documents carrying `externalRef` (normally zero or one; more means QAD already holds a duplicate). */
  findByReference(kind: QadDocumentKind, externalRef: string): Promise<readonly QadPostedDocument[]>;
  /** Reachable, credentials accepted, WSDL/OpenAPI read, paths valid, domain and entities exist. */
  checkConnection(): Promise<readonly QadCheckStep[]>;
}

export interface QadGatewayOptions {
  readonly log?: LogSink;
  /** Cancels waits and requests (the flow's signal). */
  readonly signal?: AbortSignal;
  /** Random source of the backoff jitter (tests). */
  readonly random?: () => number;
}

/** What a transport provides; the gateway adds validation, mapping and the write protocol. */
export interface QadTransportPort {
  readonly transport: QadTransport;
  readonly resilience: Resilience;
  /** QXtend has answered `success` while posting nothing (research/qad.md 1.3): read every create back. */
  readonly readBackAfterCreate: boolean;
  /** Every row of a collection, all pages, exact-match filters; retried as a read. */
  listRows(key: QadRestCollectionKey, filters: Readonly<Record<string, string>>): Promise<unknown[]>;
  /** One attempt, no retry. */
  sendSupplierInvoice(input: QadSupplierInvoiceInput): Promise<SendResult>;
  sendJournalEntry(input: QadJournalEntryInput): Promise<SendResult>;
  check(entities: () => Promise<readonly string[]>): Promise<QadCheckStep[]>;
}

// --------------------------------------------------------------------------------------- input checks

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const code = z.string().trim().min(1, 'is required').max(40);
const optCode = z.string().trim().max(40).optional();
const ref = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(200)
  .regex(/^[\w.:/-]+$/, 'may hold only letters, digits and . : / - _');
const currency = z.string().refine((c) => isKnownCurrency(c), 'is not a currency with known minor units');
const minor = z.number().int('must be whole minor units').refine(Number.isSafeInteger, 'is too large');

const invoiceSchema = z.object({
  externalRef: ref,
  entity: code,
  supplier: code,
  supplierInvoiceNumber: z.string().trim().min(1, 'is required').max(40),
  type: z.enum(['invoice', 'credit_note']),
  invoiceDate: date,
  postingDate: date,
  dueDate: date.optional(),
  currency,
  totalMinor: minor.refine((v) => v > 0, 'must be greater than zero'),
  receiptMatches: z.array(
    z.object({
      poNumber: code,
      poLine: z.number().int().positive(),
      receiver: optCode,
      quantity: z.number().positive().finite(),
      unitPriceMinor: minor.optional(),
    }),
  ),
  glLines: z.array(
    z.object({
      glAccount: code,
      subAccount: optCode,
      costCenter: optCode,
      project: optCode,
      amountMinor: minor.refine((v) => v !== 0, 'must not be zero'),
      description: z.string().max(200).optional(),
    }),
  ),
  daybook: optCode,
  statusCode: optCode,
});

const journalSchema = z.object({
  externalRef: ref,
  entity: code,
  postingDate: date,
  currency,
  daybook: optCode,
  lines: z
    .array(
      z.object({
        glAccount: code,
        subAccount: optCode,
        costCenter: optCode,
        project: optCode,
        debitMinor: minor.refine((v) => v >= 0, 'must not be negative'),
        creditMinor: minor.refine((v) => v >= 0, 'must not be negative'),
        description: z.string().max(200).optional(),
      }),
    )
    .min(1, 'needs at least one line'),
});

function validate<T extends z.ZodType>(schema: T, input: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.map(String).join('.') || what;
  throw new QadBusinessError(
    [
      {
        severity: 'error',
        message: `The ${what} field "${field}" ${issue?.message ?? 'is invalid'}.`,
        field,
        code: 'invalid-input',
      },
    ],
    { outcome: 'not_sent', summary: 'Not sent to QAD' },
  );
}

// ----------------------------------------------------------------------------------------- the gateway

export function createGatewayOn(
  port: QadTransportPort,
  settings: Settings,
  options: QadGatewayOptions = {},
): QadGateway {
  const log = options.log ?? silentLog;
  const entityOf = (entity: string) => ({ [READS.costCenters.entityFilter]: entity });
  let discovered: readonly string[] | undefined;

  const listEntities = async (): Promise<readonly string[]> => {
    if (settings.qad.entities.length > 0) return [...new Set(settings.qad.entities)];
    // No entity list API is known; the GL calendar is kept per entity (research/qad.md 3.1), so its rows
    // name every entity of the domain.
    discovered ??= [
      ...new Set(toGlPeriods(await port.listRows('glPeriods', {}), port.transport).map((p) => p.entity)),
    ].sort();
    return discovered;
  };

  const findByReference = async (kind: QadDocumentKind, externalRef: string) => {
    const key = kind === 'supplier_invoice' ? 'supplierInvoices' : 'journalEntries';
    const rows = await port.listRows(key, { [QAD_REST_FILTER_PARAMS.description]: externalRef });
    // Exact match on our side too: a server that ignores the filter must not make every row "ours".
    return toPostedDocuments(rows, kind, port.transport).filter((d) => d.externalRef === externalRef);
  };

  const write = (kind: QadDocumentKind, externalRef: string, send: () => Promise<SendResult>) =>
    guardedCreate({
      kind,
      externalRef,
      send,
      find: () => findByReference(kind, externalRef),
      readBack: port.readBackAfterCreate,
      resilience: port.resilience,
      log,
      ...(options.signal ? { signal: options.signal } : {}),
    });

  return {
    transport: port.transport,
    listEntities,
    listSuppliers: async () => toSuppliers(await port.listRows('suppliers', {}), port.transport),
    listGlAccounts: async () => toGlAccounts(await port.listRows('glAccounts', {}), port.transport),
    listSubAccounts: async () => toSubAccounts(await port.listRows('subAccounts', {}), port.transport),
    listProjects: async () => toProjects(await port.listRows('projects', {}), port.transport),
    listCostCenters: async (entity) =>
      toCostCenters(await port.listRows('costCenters', entityOf(entity)), port.transport).filter(
        (c) => c.entity === entity,
      ),
    listPurchaseOrders: async (entity) =>
      toPurchaseOrders(await port.listRows('purchaseOrders', entityOf(entity)), port.transport).filter(
        (p) => p.entity === entity,
      ),
    listOpenReceipts: async (entity) =>
      toReceipts(
        await port.listRows('receipts', { ...entityOf(entity), ...OPEN_RECEIPTS_FILTER }),
        port.transport,
      ).filter((r) => r.entity === entity && r.quantityOpen > 0),
    listGlPeriods: async (entity) =>
      toGlPeriods(await port.listRows('glPeriods', entityOf(entity)), port.transport).filter(
        (p) => p.entity === entity,
      ),
    createSupplierInvoice: async (input) => {
      const checked = validate(invoiceSchema, input, 'supplier invoice') as QadSupplierInvoiceInput;
      if (checked.receiptMatches.length === 0 && checked.glLines.length === 0)
        throw new QadBusinessError(
          [
            {
              severity: 'error',
              message: 'A supplier invoice needs receipt matches or GL lines.',
              field: 'glLines',
              code: 'invalid-input',
            },
          ],
          { outcome: 'not_sent', summary: 'Not sent to QAD' },
        );
      return write('supplier_invoice', checked.externalRef, () => port.sendSupplierInvoice(checked));
    },
    createJournalEntry: async (input) => {
      const checked = validate(journalSchema, input, 'journal entry') as QadJournalEntryInput;
      return write('journal_entry', checked.externalRef, () => port.sendJournalEntry(checked));
    },
    findByReference: async (kind, externalRef) =>
      findByReference(kind, validate(ref, externalRef, 'reference')),
    checkConnection: () => port.check(listEntities),
  };
}

/** Reads the QAD credentials and registers them with the redactor before any request can carry them. */
export async function readQadCredentials(
  secrets: EngineSecrets,
): Promise<{ username: string; password: string } | undefined> {
  const [username, password] = await Promise.all([secrets.get('qad.username'), secrets.get('qad.password')]);
  redactor.register(password);
  if (!username || !password) return undefined;
  return { username, password };
}

/** Picks the transport by `settings.qad.mode`. */
export async function createQadGateway(
  settings: Settings,
  secrets: EngineSecrets,
  options: QadGatewayOptions = {},
): Promise<QadGateway> {
  const mode = settings.qad.mode;
  if (mode === 'none')
    throw new QadConfigError('QAD is not set up: choose REST or QXtend in the settings.', {
      setting: 'qad.mode',
    });
  if (!settings.qad.domain)
    throw new QadConfigError('The QAD domain is required.', { setting: 'qad.domain' });
  const credentials = await readQadCredentials(secrets);
  // Imported lazily so a REST site never loads the SOAP stack and the other way round.
  if (mode === 'rest') {
    const { createRestPort } = await import('./rest/rest-port.ts');
    return createGatewayOn(createRestPort(settings, credentials, options), settings, options);
  }
  const { createQxtendPort } = await import('./qxtend/qxtend-port.ts');
  return createGatewayOn(createQxtendPort(settings, credentials, options), settings, options);
}
