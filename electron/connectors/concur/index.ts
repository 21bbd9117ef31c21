// The SAP Concur client: one HTTP layer (auth, retry, rate limit, redaction), the company authorisation,
// Financial Integration v4, Invoice vendors v3.1, the optional ESS receiver, and the connection check.
export {
  ConcurAuth,
  geolocationOrigin,
  memoryStateStore,
  STATE_KEYS,
  type ConcurStateStore,
} from './auth.ts';
export {
  classifyConcurFailure,
  fullJitterDelay,
  parseRetryAfter,
  retryDelay,
  shouldRetry,
  type BreakerSettings,
  type RetrySettings,
} from './classify.ts';
export {
  ConcurError,
  ConcurInputError,
  ConcurOutcomeUnclearError,
  ConcurReauthorizeError,
  isConcurReauthorize,
  type ConcurFailureKind,
} from './errors.ts';
export {
  BoundedIdSet,
  startConcurEventReceiver,
  verifyConcurSignature,
  type ConcurEventReceiver,
  type ConcurEventReceiverOptions,
  type ConcurReadyEvent,
  type SignatureAlgorithm,
} from './event-receiver.ts';
export {
  FIS_BASE,
  FIS_DOC_STATUSES,
  FIS_WITHDRAWN_STATUSES,
  FisClient,
  fisOutcome,
  parseFisJson,
  readFisPage,
  type FisDocType,
  type FisDocument,
  type FisItemOutcome,
  type FisItemResult,
  type PaymentConfirmation,
  type PostingConfirmation,
} from './fis.ts';
export { ConcurHttp, type ConcurRequest, type ConcurResponse } from './http.ts';
export {
  VendorClient,
  readVendorBody,
  type ConcurVendor,
  type VendorInput,
  type VendorMediaType,
  type VendorSearch,
  type VendorWriteResult,
} from './vendors.ts';
export { createConcurChecker, concurChecker, type ConcurCheckerOptions } from './check.ts';

export {
  concurStateStoreFromDb,
  createConcurClient,
  type ConcurClient,
  type ConcurClientOptions,
  type CreateConcurClientInput,
} from './client.ts';
