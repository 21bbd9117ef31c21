// Invoice vendors v3.1 [VEN31; VENSW; research/concur.md 4 and 8]: list (paged by an opaque offset), find by
// vendor code, create, update, and "deactivate" as an update that sets `Approved` to `N` (there is no
// deactivate operation, and the app never calls DELETE). JSON is asked for by Accept; an XML answer (the
// probable default media type, unconfirmed) is read too; `Vendor`/`Items` and `StatusList` come as arrays or
// single objects. There is no idempotency key: a create whose outcome is unclear is followed by a look-up
// by code before anything is sent again.
import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';
import type { LogSink } from '../../ipc/log-sink.ts';
import { ConcurError, ConcurInputError, ConcurOutcomeUnclearError } from './errors.ts';
import { safeDetail, type ConcurHttp } from './http.ts';

export const VENDORS_PATH = '/api/v3.1/invoice/vendors';

export type VendorMediaType = 'json' | 'xml' | 'server-default';

export interface ConcurVendor {
  /** Concur's record id. */
  readonly id: string | undefined;
  readonly vendorCode: string;
  readonly addressCode: string;
  /** `Approved` is Y/N in the swagger; a missing value counts as approved. */
  readonly approved: boolean;
  /** Every field as Concur returned it (PascalCase), as text. */
  readonly fields: Readonly<Record<string, string>>;
}

export interface VendorWriteResult {
  readonly vendorCode: string;
  readonly addressCode: string;
  readonly ok: boolean;
  readonly id: string | undefined;
  /** StatusList code and type (their values are unconfirmed; `Type` SUCCESS/ERROR is assumed). */
  readonly code: number | undefined;
  readonly type: string | undefined;
  readonly message: string;
  /** The answer was lost and the record was found by a look-up instead. */
  readonly recovered?: boolean;
  readonly outcome: 'done' | 'recovered' | 'not_found' | 'refused' | 'not_created';
}

const READ_ONLY = new Set(['ID', 'URI', 'StatusList', 'VendorBankList', 'VendorGroupList']);

const fieldValue = z.union([z.string(), z.number(), z.boolean()]).transform(String);

/** A vendor to write: PascalCase fields as the API names them; VendorCode + AddressCode identify it. */
export const vendorInputSchema = z
  .looseObject({
    VendorCode: z.string().trim().min(1).max(50),
    AddressCode: z.string().trim().min(1).max(50),
    VendorName: z.string().trim().max(200).optional(),
    Approved: z.enum(['Y', 'N']).optional(),
    PaymentTerms: z.union([z.string().regex(/^\d{1,3}$/), z.number().int().min(1).max(999)]).optional(),
  })
  .catchall(fieldValue.optional());
export type VendorInput = z.input<typeof vendorInputSchema>;

const createSchema = vendorInputSchema.safeExtend({
  CountryCode: z
    .string()
    .trim()
    .regex(/^[A-Z]{2}$/, 'must be a 2-letter country code'),
  CurrencyCode: z
    .string()
    .trim()
    .regex(/^[A-Z]{3}$/, 'must be a 3-letter currency code'),
});

function toFields(input: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(input)) {
    if (READ_ONLY.has(key) || value === undefined || value === null) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      out[key] = String(value);
  }
  return out;
}

function validate(
  schema: typeof vendorInputSchema | typeof createSchema,
  vendors: readonly VendorInput[],
): Record<string, string>[] {
  return vendors.map((vendor, index) => {
    const parsed = schema.safeParse(vendor);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ConcurInputError(
        `vendors[${index}].${issue?.path.join('.') ?? ''}`,
        issue?.message ?? 'invalid',
      );
    }
    return toFields(parsed.data);
  });
}

const xmlParser = new XMLParser({
  parseTagValue: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  trimValues: true,
});

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value === undefined || value === null || value === '') return [];
  return [value];
}

interface VendorBody {
  readonly records: Record<string, unknown>[];
  readonly nextPage: string | undefined;
}

/** Reads a vendor collection in JSON or XML, whichever came back. */
export function readVendorBody(body: string, contentType: string): VendorBody {
  const text = body.trim();
  let root: unknown;
  try {
    if (contentType.includes('xml') || text.startsWith('<')) {
      const parsed = xmlParser.parse(text) as unknown;
      // One root element, e.g. <VendorCollection>; take what is inside it.
      root = isRecord(parsed) ? (Object.values(parsed).find(isRecord) ?? parsed) : parsed;
    } else {
      root = text === '' ? {} : (JSON.parse(text) as unknown);
    }
  } catch (error) {
    throw new ConcurError(
      `SAP Concur vendor answer could not be read (${error instanceof Error ? error.message : String(error)})`,
      { kind: 'business', endpoint: 'vendors' },
    );
  }
  if (!isRecord(root)) {
    throw new ConcurError('SAP Concur vendor answer is not a vendor collection', {
      kind: 'business',
      endpoint: 'vendors',
    });
  }
  // The collection key: `Vendor` or `Items` (the ALU client sends both); array or single object.
  const list = asArray(root.Vendor).length > 0 ? root.Vendor : root.Items;
  const records = asArray(list).filter(isRecord);
  const next = root.NextPage;
  return { records, nextPage: typeof next === 'string' && next.trim() !== '' ? next.trim() : undefined };
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function toVendor(record: Record<string, unknown>): ConcurVendor {
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) {
    const t = text(value);
    if (t !== undefined) fields[key] = t;
  }
  const approved = (fields.Approved ?? 'Y').trim().toUpperCase();
  return {
    id: fields.ID,
    vendorCode: fields.VendorCode ?? '',
    addressCode: fields.AddressCode ?? '',
    approved: approved !== 'N' && approved !== 'FALSE',
    fields,
  };
}

interface StatusEntry {
  readonly code: number | undefined;
  readonly type: string | undefined;
  readonly message: string;
  readonly recordNumber: number | undefined;
}

/** StatusList as an array, one object, or (XML) a wrapper with <Status> children. */
function statusEntries(value: unknown): StatusEntry[] {
  const raw = isRecord(value) && value.Status !== undefined ? value.Status : value;
  return asArray(raw)
    .filter(isRecord)
    .map((entry) => {
      const code = text(entry.Code);
      const recordNumber = text(entry.RecordNumber);
      return {
        code:
          code !== undefined && code.trim() !== '' && !Number.isNaN(Number(code)) ? Number(code) : undefined,
        type: text(entry.Type),
        message: text(entry.Message) ?? '',
        recordNumber:
          recordNumber !== undefined && /^\d+$/.test(recordNumber) ? Number(recordNumber) : undefined,
      };
    });
}

function writeResult(
  record: Record<string, unknown> | undefined,
  sent: Record<string, string>,
): VendorWriteResult {
  const statuses = record ? statusEntries(record.StatusList) : [];
  const id = record ? text(record.ID) : undefined;
  const failing = statuses.find(
    (s) => /error|fail/i.test(s.type ?? '') || (s.type === undefined && s.code !== undefined && s.code !== 0),
  );
  const first = statuses[0];
  const ok = record !== undefined && failing === undefined && (statuses.length > 0 || id !== undefined);
  const status = failing ?? first;
  return {
    vendorCode: sent.VendorCode ?? '',
    addressCode: sent.AddressCode ?? '',
    ok,
    id,
    code: status?.code,
    type: status?.type,
    message: status?.message ?? (record ? '' : 'SAP Concur gave no answer for this vendor'),
    outcome: ok ? 'done' : 'refused',
  };
}

export interface VendorClientOptions {
  readonly http: ConcurHttp;
  readonly log: LogSink;
  readonly mediaType: VendorMediaType;
  /** Vendors per page when listing (max 1000 [VEN31]). */
  readonly pageSize?: number;
  /** Vendors per create/update request (the batch cap is unconfirmed; other v3 batch APIs take 1000). */
  readonly batchSize?: number;
  readonly maxPages?: number;
}

export interface VendorSearch {
  readonly vendorCode?: string;
  readonly vendorName?: string;
  readonly addressCode?: string;
  readonly approved?: boolean;
  readonly searchType?: 'exact' | 'begins' | 'contains' | 'ends';
}

export class VendorClient {
  readonly #o: VendorClientOptions;

  constructor(options: VendorClientOptions) {
    this.#o = options;
  }

  /** Every vendor matching the search, all pages. */
  async list(search: VendorSearch = {}): Promise<ConcurVendor[]> {
    const out: ConcurVendor[] = [];
    const params: Record<string, string | number | undefined> = {
      limit: Math.min(this.#o.pageSize ?? 1000, 1000),
      vendorCode: search.vendorCode,
      vendorName: search.vendorName,
      addressCode: search.addressCode,
      approved: search.approved === undefined ? undefined : String(search.approved),
      searchType: search.searchType,
    };
    let path = VENDORS_PATH;
    let query: Record<string, string | number | undefined> | undefined = params;
    const maxPages = this.#o.maxPages ?? 10_000;
    for (let page = 0; page < maxPages; page += 1) {
      const response = await this.#o.http.send({
        endpoint: 'vendors.list',
        method: 'GET',
        path,
        ...(query ? { params: query } : {}),
        headers: this.#accept(),
        repeat: 'repeatable',
      });
      const body = readVendorBody(response.body, response.contentType);
      out.push(...body.records.map(toVendor));
      if (!body.nextPage || body.records.length === 0) break;
      // NextPage is a full URI: follow its path and query on our geolocation, with our token.
      const next = new URL(body.nextPage, 'http://relative.invalid');
      path = `${next.pathname}${next.search}`;
      query = undefined;
    }
    return out;
  }

  /** The records with this vendor code (and address code, when given); more than one means a duplicate. */
  async findByCode(vendorCode: string, addressCode?: string): Promise<ConcurVendor[]> {
    const found = await this.list({ vendorCode, searchType: 'exact' });
    return found.filter(
      (v) => v.vendorCode === vendorCode && (addressCode === undefined || v.addressCode === addressCode),
    );
  }

  /**
   * Creates vendors. A lost answer (timeout, reset, 5xx) is settled by a look-up by code for each vendor;
   * only those certainly absent are sent again (once). If the look-up fails too, ConcurOutcomeUnclearError:
   * a person decides, nothing is guessed.
   */
  async create(vendors: readonly VendorInput[]): Promise<VendorWriteResult[]> {
    const fields = validate(createSchema, vendors);
    const results: (VendorWriteResult | undefined)[] = fields.map(() => undefined);
    let pending = fields.map((_, index) => index);
    for (let round = 0; round < 2 && pending.length > 0; round += 1) {
      const batch = pending;
      try {
        const written = await this.#write(
          'create',
          batch.map((i) => fields[i] as Record<string, string>),
        );
        batch.forEach((index, position) => {
          results[index] = written[position];
        });
        pending = [];
      } catch (error) {
        if (!(error instanceof ConcurError) || !error.ambiguous) throw error;
        this.#o.log.warn(
          safeDetail({ vendors: batch.length, code: error.code, status: error.status }),
          'SAP Concur vendor create ended without a clear answer; looking the vendors up before any new create',
        );
        pending = [];
        for (const index of batch) {
          const sent = fields[index] as Record<string, string>;
          let found: ConcurVendor[];
          try {
            found = await this.findByCode(sent.VendorCode ?? '', sent.AddressCode);
          } catch (lookup) {
            throw new ConcurOutcomeUnclearError(
              `SAP Concur vendor ${sent.VendorCode ?? ''}: the create had no clear answer and the look-up failed ` +
                `(${lookup instanceof Error ? lookup.message : String(lookup)}); check the vendor in Concur before sending it again`,
              { endpoint: 'vendors.create' },
            );
          }
          const match = found[0];
          if (match) {
            results[index] = {
              vendorCode: match.vendorCode,
              addressCode: match.addressCode,
              ok: true,
              id: match.id,
              code: undefined,
              type: undefined,
              message: 'created (confirmed by a look-up after the answer was lost)',
              recovered: true,
              outcome: 'recovered',
            };
          } else {
            pending.push(index);
          }
        }
      }
    }
    return fields.map(
      (sent, index) =>
        results[index] ?? {
          vendorCode: sent.VendorCode ?? '',
          addressCode: sent.AddressCode ?? '',
          ok: false,
          id: undefined,
          code: undefined,
          type: undefined,
          message: 'not created: SAP Concur did not answer and the vendor is not there; try again later',
          outcome: 'not_created',
        },
    );
  }

  /** Updates vendors by VendorCode + AddressCode (repeating an update is harmless). */
  async update(vendors: readonly VendorInput[]): Promise<VendorWriteResult[]> {
    return this.#write('update', validate(vendorInputSchema, vendors));
  }

  /**
   * "Deactivate, never delete": an update setting `Approved` to `N`. The whole record is sent back (read
   * first), in case Concur's PUT replaces fields that are left out (unconfirmed).
   */
  async deactivate(vendorCode: string, addressCode: string): Promise<VendorWriteResult> {
    const found = await this.findByCode(vendorCode, addressCode);
    if (found.length === 0) {
      return {
        vendorCode,
        addressCode,
        ok: false,
        id: undefined,
        code: undefined,
        type: undefined,
        message: 'no such vendor in SAP Concur',
        outcome: 'not_found',
      };
    }
    const current = found[0] as ConcurVendor;
    const record: Record<string, string> = { ...toFields(current.fields), Approved: 'N' };
    const [result] = await this.update([record as VendorInput]);
    return result as VendorWriteResult;
  }

  async #write(mode: 'create' | 'update', fields: Record<string, string>[]): Promise<VendorWriteResult[]> {
    const size = Math.max(1, this.#o.batchSize ?? 1000);
    const results: VendorWriteResult[] = [];
    for (let i = 0; i < fields.length; i += size) {
      const batch = fields.slice(i, i + size);
      const response = await this.#o.http.send({
        endpoint: mode === 'create' ? 'vendors.create' : 'vendors.update',
        method: mode === 'create' ? 'POST' : 'PUT',
        path: VENDORS_PATH,
        data: { Vendor: batch },
        headers: { ...this.#accept(), 'Content-Type': 'application/json' },
        repeat: mode === 'create' ? 'unsafe' : 'repeatable',
      });
      const body = readVendorBody(response.body, response.contentType);
      batch.forEach((sent, position) => {
        const byNumber = body.records.find((r) =>
          statusEntries(r.StatusList).some((s) => s.recordNumber === position + 1),
        );
        results.push(writeResult(byNumber ?? body.records[position], sent));
      });
    }
    return results;
  }

  #accept(): Record<string, string | false> {
    const type = this.#o.mediaType;
    if (type === 'json') return { Accept: 'application/json' };
    if (type === 'xml') return { Accept: 'application/xml' };
    return { Accept: false };
  }
}
