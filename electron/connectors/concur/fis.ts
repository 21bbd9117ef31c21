// Financial Integration Service v4 [FIS; FISSW; research/concur.md 2 and 8]: list READY documents of a type
// (every page; the current HATEOAS envelope and the older `fIDocuments` one), get one by business id in any
// status, acknowledge, and confirm posting and payment. Writes answer per item at HTTP 200 with a code; a
// repeat is answered with a code too (101, 113, 213, 298/NOOP), so these writes are safe to send again.
import { z } from 'zod';
import { ConcurError, ConcurInputError } from './errors.ts';
import type { ConcurHttp } from './http.ts';

export const FIS_BASE = '/financialintegration/fi/v4/companies/transactiontypes';

/** The document types this client reads; FIS knows more (cashadvance, payroll, ...), one type per call. */
export type FisDocType = 'invoice' | 'expense';

/** The 14 statuses of the swagger (section 8). Any other value is kept as it came. */
export const FIS_DOC_STATUSES = [
  'DELAYED',
  'ACKNOWLEDGED',
  'PAID',
  'RECALLED',
  'READY',
  'POSTING_CONFIRMED_SUCCESS',
  'POSTING_CONFIRMED_FAILURE',
  'VOID',
  'CANCEL',
  'PAYMENT_CONFIRMED_SUCCESS',
  'PAYMENT_CONFIRMED_REVERSED',
  'PAYMENT_CONFIRMED_OBSOLETE',
  'PENDING_SYSTEM_REFRESH',
  'FLAG_DUPLICATE',
] as const;

/** A document in one of these statuses must not be posted: it becomes an exception a person sees. */
export const FIS_WITHDRAWN_STATUSES: ReadonlySet<string> = new Set(['RECALLED', 'VOID', 'CANCEL']);

export interface FisDocument {
  /** The 32-hex FIS id: what acknowledgements and confirmations take. */
  readonly id: string;
  readonly docType: string;
  readonly docStatus: string;
  readonly companyId: string | null;
  readonly entityId: string | null;
  readonly companyUuid: string | null;
  readonly erpSystemId: string | null;
  /** The payload as an object (a JSON string is parsed); undefined when it could not be read. */
  readonly document: Record<string, unknown> | undefined;
  /** Why `document` could not be read (the poll goes on; the document becomes an exception). */
  readonly documentError?: string;
}

const nullableText = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined ? null : String(v)));

const contentItemSchema = z.looseObject({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  docType: z.string().nullish(),
  docStatus: z.string().nullish(),
  companyId: nullableText,
  entityId: nullableText,
  companyUuid: nullableText,
  erpSystemId: nullableText,
  document: z.unknown(),
});

const linkSchema = z.looseObject({ rel: z.string(), href: z.string() });

const hateoasSchema = z.looseObject({
  content: z.array(z.unknown()).nullish(),
  links: z.array(linkSchema).nullish(),
  page: z
    .looseObject({
      number: z.number().int().nonnegative().optional(),
      totalPages: z.number().int().nonnegative().optional(),
    })
    .nullish(),
});

const legacySchema = z.looseObject({
  fIDocuments: z.array(z.unknown()).nullish(),
  nextPage: z.string().nullish(),
});

/** One page read from either envelope, plus where the next one is. */
interface Page {
  readonly items: FisDocument[];
  /** Path and query of the next page on the geolocation, or a page number, or nothing. */
  readonly next: { href: string } | { page: number } | undefined;
}

/**
 * FIS amounts carry 8 decimals ("50.00000000", zero as "0E-8") and may come as bare JSON numbers, which a plain
 * JSON.parse turns into floats. A number whose text a float does not reproduce is kept as its exact text (Node
 * hands the reviver the source text), so no digit is lost before the money parser sees it.
 */
function exactNumbers(_key: string, value: unknown, context?: { source?: string }): unknown {
  if (typeof value === 'number' && context?.source !== undefined && context.source !== String(value))
    return context.source;
  return value;
}

export function parseFisJson(text: string): unknown {
  return JSON.parse(text, exactNumbers) as unknown;
}

function readDocument(value: unknown): Pick<FisDocument, 'document' | 'documentError'> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value))
    return { document: value as Record<string, unknown> };
  if (typeof value === 'string') {
    // UNCONFIRMED: `document` is a JSON string with `DocumentFormatAs: text` (guess); accept it always.
    try {
      const parsed = parseFisJson(value);
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
        return { document: parsed as Record<string, unknown> };
      return { document: undefined, documentError: 'document: the JSON text is not an object' };
    } catch (error) {
      return {
        document: undefined,
        documentError: `document: not valid JSON (${error instanceof Error ? error.message : String(error)})`,
      };
    }
  }
  return { document: undefined, documentError: 'document: missing or not an object' };
}

export function readFisItem(raw: unknown, docType: string, fallbackStatus = 'READY'): FisDocument {
  const parsed = contentItemSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConcurError(
      `SAP Concur FIS answer could not be read (${issue?.path.join('.') || 'item'}: ${issue?.message ?? 'invalid'})`,
      { kind: 'business', endpoint: 'fis.list' },
    );
  }
  const item = parsed.data;
  return {
    id: item.id,
    docType: item.docType ?? docType,
    // An unknown status is stored and shown, never a reason to stop the poll (section 8). Without one, a
    // document from the READY list is READY; one fetched by id in any status is UNKNOWN.
    docStatus: item.docStatus ?? fallbackStatus,
    companyId: item.companyId,
    entityId: item.entityId,
    companyUuid: item.companyUuid,
    erpSystemId: item.erpSystemId,
    ...readDocument(item.document),
  };
}

/** Path and query of a link, so the next request goes to our geolocation with our token, never elsewhere. */
function relativeHref(href: string): string {
  try {
    const url = new URL(href, 'http://relative.invalid');
    return `${url.pathname}${url.search}`;
  } catch {
    return href;
  }
}

export function readFisPage(body: string, docType: string, fallbackStatus = 'READY'): Page {
  let raw: unknown;
  try {
    raw = parseFisJson(body);
  } catch {
    throw new ConcurError('SAP Concur FIS answer is not JSON', { kind: 'business', endpoint: 'fis.list' });
  }
  const legacy = legacySchema.safeParse(raw);
  if (legacy.success && Array.isArray(legacy.data.fIDocuments)) {
    const items = legacy.data.fIDocuments.map((item) => readFisItem(item, docType, fallbackStatus));
    const next = legacy.data.nextPage ? { href: relativeHref(legacy.data.nextPage) } : undefined;
    return { items, next };
  }
  const current = hateoasSchema.safeParse(raw);
  if (!current.success) {
    throw new ConcurError('SAP Concur FIS answer has neither `content` nor `fIDocuments`', {
      kind: 'business',
      endpoint: 'fis.list',
    });
  }
  const items = (current.data.content ?? []).map((item) => readFisItem(item, docType, fallbackStatus));
  const page = current.data.page;
  if (page?.number !== undefined && page.totalPages !== undefined) {
    return { items, next: page.number + 1 < page.totalPages ? { page: page.number + 1 } : undefined };
  }
  const nextLink = current.data.links?.find((l) => l.rel === 'next');
  return { items, next: nextLink ? { href: relativeHref(nextLink.href) } : undefined };
}

/** The typed result of one acknowledgement or confirmation item. */
export type FisItemOutcome =
  | 'done'
  | 'already_done'
  | 'not_found'
  | 'not_acknowledged'
  | 'not_posting_confirmed'
  | 'recalled'
  | 'not_ready'
  | 'wrong_type'
  | 'system_mismatch'
  | 'unknown_state'
  | 'retry_later'
  | 'do_not_retry'
  | 'failed';

export interface FisItemResult {
  readonly docId: string;
  readonly outcome: FisItemOutcome;
  /** True for done and already_done: the caller may move on. */
  readonly ok: boolean;
  readonly code: number | undefined;
  readonly result: string | undefined;
  readonly message: string;
}

const itemAnswerSchema = z.looseObject({
  code: z.union([z.number(), z.string()]).nullish(),
  docId: z.union([z.string(), z.number()]).nullish(),
  acknowledgeResult: z.string().nullish(),
  postingConfirmationResult: z.string().nullish(),
  paymentConfirmationResult: z.string().nullish(),
  errorMessage: z.string().nullish(),
  detailMessage: z.string().nullish(),
});

type Operation = 'acknowledge' | 'posting' | 'payment';

/** Service codes (research/concur.md 2.6 and 8) to outcomes, per operation. */
export function fisOutcome(
  operation: Operation,
  code: number | undefined,
  result: string | undefined,
): FisItemOutcome {
  const r = (result ?? '').toUpperCase();
  if (code === 0 || (code === undefined && r === 'SUCCESS')) return 'done';
  if (code === 199) return 'retry_later';
  if (code === 99) return 'system_mismatch';
  if (operation === 'acknowledge') {
    if (code === 101) return 'already_done';
    if (code === 102) return 'recalled';
    if (code === 103) return 'not_ready';
    if (code === 104) return 'not_found';
    if (code === 105) return 'wrong_type';
  }
  if (operation === 'posting' || operation === 'payment') {
    if (code === 113 && operation === 'posting') return 'already_done';
    if (code === 111) return operation === 'posting' ? 'not_acknowledged' : 'not_posting_confirmed';
    if (code === 112 || r === 'WAS_RECALLED') return 'recalled';
    if (code === 114) return 'unknown_state';
    if (code === 115) return 'wrong_type';
    // A confirmation for a missing document: 116 with FAILURE, not a separate not-found value (section 8).
    if (code === 116 || r === 'DOCUMENT_NOT_FOUND') return 'not_found';
    if (code === 198) return 'do_not_retry';
  }
  if (operation === 'payment') {
    // A repeated payment confirmation: 213, or 298 with NOOP as in the docs' own example (section 8).
    if (code === 213 || r === 'NOOP') return 'already_done';
    if (code === 298) return 'do_not_retry';
    if (r === 'NOT_POSTING_CONFIRMED') return 'not_posting_confirmed';
  }
  if (r === 'SYSTEM_ERROR_OCCURRED') return 'retry_later';
  if (r === 'NOT_YET_ACKNOWLEDGED') return 'not_acknowledged';
  return 'failed';
}

function readItemResults(operation: Operation, body: string, sentIds: readonly string[]): FisItemResult[] {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    throw new ConcurError(`SAP Concur FIS ${operation} answer is not JSON`, {
      kind: 'business',
      endpoint: `fis.${operation}`,
    });
  }
  const list: unknown[] = Array.isArray(raw) ? raw : raw !== null && typeof raw === 'object' ? [raw] : [];
  const byId = new Map<string, FisItemResult>();
  for (const entry of list) {
    const parsed = itemAnswerSchema.safeParse(entry);
    if (!parsed.success) continue;
    const item = parsed.data;
    const docId = item.docId === null || item.docId === undefined ? '' : String(item.docId);
    const code =
      item.code === null || item.code === undefined || Number.isNaN(Number(item.code))
        ? undefined
        : Number(item.code);
    const result =
      (operation === 'acknowledge'
        ? item.acknowledgeResult
        : operation === 'posting'
          ? item.postingConfirmationResult
          : item.paymentConfirmationResult) ?? undefined;
    const outcome = fisOutcome(operation, code, result);
    const message = [item.errorMessage, item.detailMessage].filter((m) => m && m.trim() !== '').join(' ');
    byId.set(docId, {
      docId,
      outcome,
      ok: outcome === 'done' || outcome === 'already_done',
      code,
      result,
      message,
    });
  }
  // An id without an answer has an unknown fate: these writes are safe to repeat, so "retry later".
  return sentIds.map(
    (docId) =>
      byId.get(docId) ?? {
        docId,
        outcome: 'retry_later',
        ok: false,
        code: undefined,
        result: undefined,
        message: 'SAP Concur gave no answer for this document',
      },
  );
}

// ---- inputs ----------------------------------------------------------------------------------------------

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

export const postingSuccessSchema = z.strictObject({
  docId: z.string().trim().min(1).max(32),
  status: z.literal('success'),
  /** The QAD document id (voucher / journal reference): FIS `documentNumber`, at most 80. */
  qadDocumentId: z.string().trim().min(1).max(80),
  /** The QAD entity (FIS `companyId`: the ERP organisational unit), at most 32. */
  entity: z.string().trim().min(1).max(32),
  postingDate: isoDate,
  fiscalYear: z.union([z.string().regex(/^\d{4}$/), z.number().int().min(1900).max(9999)]).transform(String),
});

export const postingFailureSchema = z.strictObject({
  docId: z.string().trim().min(1).max(32),
  status: z.literal('error'),
  /** QAD's own words; cut to FIS's 1300 characters. */
  message: z.string().trim().min(1),
  /** An optional message id, e.g. QAD's error number. */
  messageId: z.string().trim().max(40).optional(),
});

export const postingConfirmationSchema = z.discriminatedUnion('status', [
  postingSuccessSchema,
  postingFailureSchema,
]);
export type PostingConfirmation = z.input<typeof postingConfirmationSchema>;

export const paymentConfirmationSchema = z.strictObject({
  docId: z.string().trim().min(1).max(32),
  /** CP completely paid, PP partially paid, RE reversal, OB obsolete. */
  statusCode: z.enum(['CP', 'PP', 'RE', 'OB']),
  message: z.string().trim().max(1300).optional(),
  /** A Date, `YYYY-MM-DD` or a full ISO timestamp; sent as yyyy-MM-dd'T'HH:mm:ss.SSS'Z'. */
  clearingDate: z.union([z.date(), z.string().min(8)]),
  /** A decimal string in the currency's units, e.g. "220.00". */
  amount: z.string().regex(/^-?\d{1,12}(\.\d{1,3})?$/, 'must be a decimal such as "220.00"'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO currency code'),
  receiver: z
    .strictObject({
      id: z.string().max(60),
      name: z.string().max(200),
      type: z.string().max(40).default('EMPLOYEE'),
    })
    .optional(),
  entity: z.string().trim().min(1).max(32),
  qadDocumentId: z.string().trim().min(1).max(80),
  fiscalYear: z.union([z.string().regex(/^\d{4}$/), z.number().int()]).transform(String),
  /** Must be unique per confirmation (FIS): a repeat with the same ref answers NOOP. */
  paymentRef: z.string().trim().min(1).max(100),
  paymentMethod: z.enum(['E', 'C']).optional(),
});
export type PaymentConfirmation = z.input<typeof paymentConfirmationSchema>;

function parseInput<T>(schema: z.ZodType<T>, value: unknown, index: number, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new ConcurInputError(`${what}[${index}].${issue?.path.join('.') ?? ''}`, issue?.message ?? 'invalid');
}

const MESSAGE_MAX = 1300;

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function clearingDate(value: Date | string, index: number): string {
  if (/^\d{8}$/.test(String(value))) return String(value);
  const date =
    value instanceof Date
      ? value
      : new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00.000Z` : value);
  if (Number.isNaN(date.getTime()))
    throw new ConcurInputError(`payments[${index}].clearingDate`, 'must be a date');
  // FIS accepts only yyyy-MM-dd'T'HH:mm:ss.SSS'Z' or yyyyMMdd (section 8).
  return date.toISOString();
}

// ---- the client ------------------------------------------------------------------------------------------

export interface FisClientOptions {
  readonly http: ConcurHttp;
  readonly systemId: string;
  readonly pageSize: number;
  /** A safety stop against a server that keeps announcing "next". */
  readonly maxPages?: number;
}

/** At most this many ids or confirmations per write (FIS documents no limit; keep requests small). */
const WRITE_BATCH = 50;

export class FisClient {
  readonly #o: FisClientOptions;

  constructor(options: FisClientOptions) {
    this.#o = options;
  }

  /**
   * Every READY document of a type, all pages. Read everything before acknowledging: an acknowledged
   * document leaves the READY list, which would shift later pages.
   */
  async listReady(docType: FisDocType): Promise<FisDocument[]> {
    const out: FisDocument[] = [];
    const seen = new Set<string>();
    let request: { href: string } | { page: number } | undefined = { page: 0 };
    const maxPages = this.#o.maxPages ?? 10_000;
    for (let pages = 0; request && pages < maxPages; pages += 1) {
      const page = await this.#getPage(docType, request);
      let fresh = 0;
      for (const item of page.items) {
        if (seen.has(item.id)) continue;
        seen.add(item.id);
        out.push(item);
        fresh += 1;
      }
      if (page.items.length === 0 || fresh === 0) break;
      request = page.next;
    }
    return out;
  }

  /** One document by its business id (report / request id) or FIS id, in any status by default. */
  async getDocument(
    docType: FisDocType,
    docId: string,
    options: { ignoreDocumentStatus?: boolean } = {},
  ): Promise<FisDocument | undefined> {
    const response = await this.#o.http.send({
      endpoint: 'fis.get',
      method: 'GET',
      path: `${FIS_BASE}/${docType}/transactions`,
      params: {
        docId,
        ignoreDocumentStatus: options.ignoreDocumentStatus === false ? 'no' : 'yes',
      },
      headers: { DocumentFormatAs: 'JSON' },
      repeat: 'repeatable',
    });
    return readFisPage(response.body, docType, 'UNKNOWN').items[0];
  }

  /** Acknowledges documents (right after reading them: until then a processor can still recall them). */
  async acknowledge(docType: FisDocType, ids: readonly string[]): Promise<FisItemResult[]> {
    ids.forEach((id, index) => {
      if (typeof id !== 'string' || id.trim() === '' || id.length > 32)
        throw new ConcurInputError(`ids[${index}]`, 'must be a FIS document id of at most 32 characters');
    });
    const results: FisItemResult[] = [];
    for (let i = 0; i < ids.length; i += WRITE_BATCH) {
      const batch = ids.slice(i, i + WRITE_BATCH);
      // The swagger marks systemId required, the page's example omits it: always send ours (section 8).
      const response = await this.#o.http.send({
        endpoint: 'fis.acknowledge',
        method: 'POST',
        path: `${FIS_BASE}/${docType}/transactions/acknowledgements`,
        data: { ids: batch, systemId: this.#o.systemId },
        headers: { 'Content-Type': 'application/json' },
        repeat: 'repeatable',
      });
      results.push(...readItemResults('acknowledge', response.body, batch));
    }
    return results;
  }

  /** Posting confirmations: success with the QAD document, or failure with QAD's message. */
  async confirmPosting(
    docType: FisDocType,
    confirmations: readonly PostingConfirmation[],
  ): Promise<FisItemResult[]> {
    const parsed = confirmations.map((c, index) =>
      parseInput(postingConfirmationSchema, c, index, 'confirmations'),
    );
    const results: FisItemResult[] = [];
    for (let i = 0; i < parsed.length; i += WRITE_BATCH) {
      const batch = parsed.slice(i, i + WRITE_BATCH);
      const postingConfirmations = batch.map((c) =>
        c.status === 'success'
          ? {
              docId: c.docId,
              overallPostingStatusCode: 'success',
              postingDocs: [
                {
                  companyId: c.entity,
                  documentNumber: c.qadDocumentId,
                  fiscalYear: c.fiscalYear,
                  paymentRelevantLineItems: [],
                  postingDate: c.postingDate,
                },
              ],
              systemMessages: [],
            }
          : {
              docId: c.docId,
              overallPostingStatusCode: 'error',
              postingDocs: [],
              systemMessages: [
                {
                  concurTransactionLineItemId: '',
                  messageId: c.messageId ?? '',
                  messageLanguage: 'EN',
                  // Both texts are capped at 1300 characters and written to Concur's audit trail [FIS].
                  messageLongText: cut(c.message, MESSAGE_MAX),
                  messageShortText: cut(c.message.split('\n')[0] ?? c.message, MESSAGE_MAX),
                },
              ],
            },
      );
      const response = await this.#o.http.send({
        endpoint: 'fis.postingconfirmation',
        method: 'POST',
        path: `${FIS_BASE}/${docType}/transactions/postingconfirmations`,
        data: { systemId: this.#o.systemId, postingConfirmations },
        headers: { 'Content-Type': 'application/json' },
        repeat: 'repeatable',
      });
      results.push(
        ...readItemResults(
          'posting',
          response.body,
          batch.map((c) => c.docId),
        ),
      );
    }
    return results;
  }

  /** Payment confirmations (documented for expense reports only). */
  async confirmPayment(
    docType: FisDocType,
    payments: readonly PaymentConfirmation[],
  ): Promise<FisItemResult[]> {
    const parsed = payments.map((p, index) => parseInput(paymentConfirmationSchema, p, index, 'payments'));
    const processingConfirmation = parsed.map((p, index) => ({
      docId: p.docId,
      processingStatusCode: p.statusCode,
      ...(p.message ? { additionalMessage: p.message } : {}),
      clearingDetails: [
        {
          clearingDate: clearingDate(p.clearingDate, index),
          // The schema types it as a JSON number: a conversion of a validated decimal of at most 15 digits
          // (exact in a double), not arithmetic on money.
          clearingAmount: Number(p.amount),
          clearingCurrency: p.currency,
          ...(p.receiver
            ? {
                receiver: {
                  receiverId: p.receiver.id,
                  receiverName: p.receiver.name,
                  receiverType: p.receiver.type,
                },
              }
            : {}),
          clearingReference: {
            companyCode: p.entity,
            financialDocumentId: p.qadDocumentId,
            fiscalYear: p.fiscalYear,
            paymentRef: p.paymentRef,
            ...(p.paymentMethod ? { paymentMethod: p.paymentMethod } : {}),
          },
        },
      ],
    }));
    const response = await this.#o.http.send({
      endpoint: 'fis.paymentconfirmation',
      method: 'POST',
      path: `${FIS_BASE}/${docType}/transactions/paymentconfirmations`,
      data: { systemId: this.#o.systemId, processingConfirmation },
      headers: { 'Content-Type': 'application/json' },
      repeat: 'repeatable',
    });
    return readItemResults(
      'payment',
      response.body,
      parsed.map((p) => p.docId),
    );
  }

  async #getPage(docType: FisDocType, at: { href: string } | { page: number }): Promise<Page> {
    const response = await this.#o.http.send({
      endpoint: 'fis.list',
      method: 'GET',
      ...('href' in at
        ? { path: at.href }
        : {
            path: `${FIS_BASE}/${docType}/transactions`,
            // `systemId` is a documented GET parameter whose effect is not described: left out, so the READY
            // list is not narrowed by an undocumented filter.
            params: { limit: this.#o.pageSize, page: at.page },
          }),
      headers: { DocumentFormatAs: 'JSON' },
      repeat: 'repeatable',
    });
    return readFisPage(response.body, docType);
  }
}
