// Every Concur fact the research sheet marks UNCONFIRMED, or documents in more than one form (section 8
// "Corrections"), is a switch here, so tests can prove the client copes with each variant. Defaults follow
// the sheet's best guess. Options can be changed at runtime through PUT /__sandbox/options.
import { z } from 'zod';

export const concurOptionsSchema = z.strictObject({
  // ---- OAuth2 v0 -------------------------------------------------------------------------------------
  /** TMC says oauth2 rejects `charset=utf-8` on the Content-Type; modelled as "the form is not read". */
  rejectCharsetOnTokenRequest: z.boolean().default(true),
  /** `expires_in` is a string in AUTH/CAUTH, a number in MIG. */
  expiresInAs: z.enum(['string', 'number']).default('string'),
  /** `refresh_expires_in` (absolute epoch seconds) is absent, a number or a string depending on the page. */
  refreshExpiresInAs: z.enum(['absent', 'number', 'string']).default('string'),
  /** CRT prints the geolocation with an `/oauth2/v0/token` suffix (a docs typo, but a client must cope). */
  geolocationWithTokenSuffix: z.boolean().default(false),
  /** AUTH and ERG include an `id_token`; CAUTH omits it. */
  includeIdToken: z.boolean().default(true),
  /**
   * What a refresh does to the refresh token. The docs: "usually but not always identical"; the brief for
   * this simulator: a new one each time, and the old one stops working.
   */
  refreshRotation: z
    .enum(['rotate-revoke-old', 'rotate-keep-old', 'same-token'])
    .default('rotate-revoke-old'),
  /** The oauth2 error body's `code` is a bare number in most examples, a quoted string in one template. */
  oauthErrorCodeAs: z.enum(['number', 'string']).default('number'),
  /** UNCONFIRMED: the HTTP status per oauth2 error. Guess: invalid_client -> 401, everything else -> 400. */
  invalidClientStatus: z.union([z.literal(400), z.literal(401)]).default(401),
  /** UNCONFIRMED: the oauth2 code for an expired request token (none is documented). */
  expiredRequestTokenCode: z.number().int().default(5),
  /** UNCONFIRMED: status for an expired or unknown bearer token on FIS/vendor/list calls (HTTP page: 403). */
  expiredAccessTokenStatus: z.union([z.literal(401), z.literal(403)]).default(401),
  /** The App Center "Connect" redirect names the admin `userId` on one page and `userID` on another. */
  appCenterUserIdParam: z.enum(['userId', 'userID']).default('userId'),
  accessTokenSeconds: z.number().int().positive().default(3600),
  refreshTokenDays: z.number().int().positive().default(182),
  requestTokenHours: z.number().int().positive().default(24),

  // ---- Financial Integration v4 ----------------------------------------------------------------------
  /** UNCONFIRMED: the FIS maximum `limit`; larger values are clamped to it. */
  fisMaxLimit: z.number().int().positive().default(100),
  /** `document` without a `DocumentFormatAs` header (text -> JSON string, JSON -> object is the guess). */
  defaultDocumentFormat: z.enum(['object', 'string']).default('object'),
  /** Amounts in documents: 8-decimal strings as in the FIS example, JSON numbers, or both (per document). */
  amountsAs: z.enum(['string', 'number', 'mixed']).default('mixed'),
  /** Payment confirmation is documented for expense only; invoices answer 298 unless this is on. */
  paymentConfirmationForInvoices: z.boolean().default(false),
  /** Answer code 99 when a confirmation's non-empty systemId differs from the acknowledging one. */
  enforceSystemId: z.boolean().default(true),

  // ---- Invoice vendors v3.x --------------------------------------------------------------------------
  /** UNCONFIRMED: the media type without an Accept header (guess for the v3 family: XML). */
  vendorDefaultMediaType: z.enum(['xml', 'json']).default('xml'),
  /** The collection key: the docs show `Items` and `Vendor`; the ALU client sends both. */
  vendorListKey: z.enum(['Items', 'Vendor', 'both']).default('both'),
  /** The swagger types StatusList as an object, the markdown as an array. */
  vendorStatusListAs: z.enum(['array', 'object']).default('array'),
  /** UNCONFIRMED batch cap for POST/PUT (other v3 batch APIs: 1000). */
  vendorMaxBatch: z.number().int().positive().default(1000),
  /** No idempotency key exists; a repeated create makes a duplicate record (or, optionally, is refused). */
  vendorDuplicateCreate: z.enum(['duplicate', 'reject']).default('duplicate'),

  // ---- Lists v4 --------------------------------------------------------------------------------------
  listPageSize: z.number().int().positive().default(100),
  /** Hyphens are "not supported" in codes; UNCONFIRMED whether the API refuses them or stores them. */
  listHyphenInCodes: z.enum(['accept', 'reject']).default('accept'),
  /** UNCONFIRMED: v4 maximum code length (v3: 32). */
  listMaxCodeLength: z.number().int().positive().default(32),
  /** UNCONFIRMED: whether PUT /list/v4/items/{id} may change the shortCode. */
  listAllowShortCodeChange: z.boolean().default(false),
  /** `GET /list/v4/lists/{id}/items` is used by samples but is in no reference: UNCONFIRMED. */
  serveListItemsPath: z.boolean().default(true),

  // ---- Event Subscription Service --------------------------------------------------------------------
  /** UNCONFIRMED signature algorithm (guess: RSA PKCS#1 v1.5 SHA-256 over the raw body, base64). */
  signatureAlgorithm: z.enum(['RSA-SHA256', 'RSA-SHA1', 'RSA-SHA512']).default('RSA-SHA256'),
  /** At-least-once: deliver every event twice so receivers must deduplicate on `id`. */
  deliverEventsTwice: z.boolean().default(false),
  /** `timeStamp` appears with a `+0000` offset and with `Z`. */
  eventTimestampStyle: z.enum(['offset', 'zulu']).default('offset'),
  /** When set, every document that becomes READY (added, resubmitted) is announced to this URL. */
  webhookUrl: z.string().url().optional(),
});

export type ConcurOptions = z.infer<typeof concurOptionsSchema>;
export type ConcurOptionsInput = z.input<typeof concurOptionsSchema>;
