// The simulator's whole memory, kept in plain maps and arrays so tests (and the admin routes) can inspect it.
import type { Random } from '../random.ts';
import type { ConcurOptions } from './options.ts';

export type FisDocType = 'invoice' | 'expense';

/** The swagger's 14 values; the admin route may set any other string too (the client must not crash). */
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

export interface FisDocument {
  /** The 32-hex FIS id used by acknowledgements and confirmations. */
  readonly id: string;
  readonly docType: FisDocType;
  /** The business id: invoice `requestId` or expense `reportId` (what the `docId` query parameter takes). */
  readonly businessId: string;
  readonly entityCode: string;
  readonly revisionNumber: number;
  docStatus: string;
  erpSystemId: string | null;
  /** The `document` payload as Concur builds it (object form; serialised on the way out when asked). */
  readonly document: Record<string, unknown>;
  readonly createdAt: number;
  /** Set when a resubmission replaced this one. */
  supersededBy?: string;
  /** A short human note on why the generator made this document (e.g. "unknown vendor code"). */
  readonly scenario: string;
  readonly history: { at: number; status: string; by: string }[];
  paymentRefs: string[];
  /** Admin switch: the next N acknowledgements/confirmations of this document answer 199 (retry later). */
  failNext: number;
}

export interface ConfirmationRecord {
  readonly kind: 'acknowledgement' | 'posting' | 'payment';
  readonly at: number;
  readonly docId: string;
  readonly systemId: string | null;
  readonly request: unknown;
  readonly code: number;
  readonly result: string;
}

export interface AccessToken {
  readonly companyUuid: string;
  readonly clientId: string;
  readonly expiresAt: number;
  revoked: boolean;
}

export interface RefreshToken {
  readonly companyUuid: string;
  readonly clientId: string;
  expiresAt: number;
  revoked: boolean;
}

export interface RequestToken {
  readonly companyUuid: string;
  readonly clientId: string;
  expiresAt: number;
}

export interface Vendor {
  /** Concur's record id; two records may share VendorCode + AddressCode (a duplicate create). */
  readonly ID: string;
  fields: Record<string, string>;
}

export interface ConcurList {
  readonly id: string;
  value: string;
  readonly levelCount: number;
  readonly searchCriteria: 'TEXT' | 'CODE';
  readonly displayFormat: string;
  readonly category: { readonly id: string; readonly type: string };
  isReadOnly: boolean;
  isDeleted: boolean;
  /** `appId:<uuid>` when a managing app owns the list. */
  managedBy: string | null;
}

export interface ConcurListItem {
  readonly id: string;
  readonly listId: string;
  shortCode: string;
  /** Long code: the ancestors' short codes and the item's own, joined with '-'. */
  code: string;
  value: string;
  readonly parentId: string | null;
  readonly level: number;
  isDeleted: boolean;
}

export interface ConcurState {
  options: ConcurOptions;
  readonly credentials: {
    readonly clientId: string;
    readonly clientSecret: string;
    readonly companyUuid: string;
    requestToken: string;
  };
  readonly documents: FisDocument[];
  /** The same documents by FIS id (benchmarks hold 10,000+). */
  readonly documentsById: Map<string, FisDocument>;
  readonly confirmations: ConfirmationRecord[];
  readonly vendors: Vendor[];
  readonly lists: ConcurList[];
  readonly listItems: ConcurListItem[];
  readonly accessTokens: Map<string, AccessToken>;
  readonly refreshTokens: Map<string, RefreshToken>;
  readonly requestTokens: Map<string, RequestToken>;
  readonly eventsSent: {
    readonly at: number;
    readonly url: string;
    readonly status: number | string;
    readonly eventId: string;
  }[];
  /** Ids and tokens come from this seeded generator so a run repeats. */
  readonly random: Random;
  /** Per-company Concur identifiers echoed in FIS documents. */
  readonly companyId: string;
  readonly entityIds: Readonly<Record<string, string>>;
}

export function hex(random: Random, length: number): string {
  let out = '';
  while (out.length < length) out += Math.floor(random() * 16).toString(16);
  return out;
}

export function uuid(random: Random): string {
  const h = hex(random, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function alnum(random: Random, length: number): string {
  const chars = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
  let out = '';
  for (let i = 0; i < length; i += 1) out += chars[Math.floor(random() * chars.length)] ?? 'X';
  return out;
}
