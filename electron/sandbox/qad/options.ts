// Options of the QAD simulators. Everything the fact sheet marks unconfirmed (collection names, viewUris,
// QDoc names and versions, paths) can be changed here, so a test can play a site that differs from our
// defaults in electron/connectors/qad/defaults.ts, which stay the single source of the default values.
import {
  QAD_REST_BUSINESS_ERROR_STATUS,
  QAD_REST_COLLECTIONS,
  QAD_REST_CONTEXT_ROOT,
  QAD_REST_OPENAPI_PATH,
  QAD_REST_TOKEN_LIFETIME_SECONDS,
  QXTEND_DEFAULT_RECEIVER,
  QXTEND_QDOCS,
  QXTEND_SERVICE_PATH,
  type QadRestCollection,
  type QadRestCollectionKey,
  type QxtendQdoc,
  type QxtendQdocKey,
} from '../../connectors/qad/defaults.ts';

export interface QadCredentials {
  readonly username: string;
  readonly password: string;
  /** OAuth client id of the REST password grant. */
  readonly clientId: string;
}

export const DEFAULT_QAD_SANDBOX_CREDENTIALS: QadCredentials = {
  username: 'mlc-demo',
  password: 'sandbox-password',
  clientId: 'mlc',
};

export interface QadRestOptions {
  readonly contextRoot?: string;
  readonly collections?: Partial<Record<QadRestCollectionKey, QadRestCollection>>;
  /** Collections this instance does not have: left out of the OpenAPI document and answered with 404. */
  readonly disabledCollections?: readonly QadRestCollectionKey[];
  /** Path of the OpenAPI document under the tenant URL. */
  readonly openApiPath?: string;
  readonly tokenLifetimeSeconds?: number;
  /** HTTP status sent with `submitResult.success=false`. */
  readonly businessErrorStatus?: number;
}

export interface QxtendOptions {
  readonly path?: string;
  readonly receiver?: string;
  readonly qdocs?: Partial<Record<QxtendQdocKey, Partial<QxtendQdoc>>>;
  /** Check username/password context rows (default on). Real hosted sites accept requests without them. */
  readonly requireCredentials?: boolean;
  /** Add an empty `dsExceptions` to a clean success; the live system omits it (sheet 1.3a). */
  readonly emptyExceptionsOnSuccess?: boolean;
  /**
   * References (invoice CInvoiceDescription or CInvoiceReference, journal PostingText, PO number of a
   * receipt) for which QXtend answers `success` and posts nothing, as seen live (sheet 1.3, 1.3a).
   */
  readonly silentNoOpReferences?: readonly string[];
}

export interface QadSimulatorOptions {
  readonly rest?: QadRestOptions;
  readonly qxtend?: QxtendOptions;
}

export interface ResolvedRestOptions {
  readonly contextRoot: string;
  readonly collections: Readonly<Record<QadRestCollectionKey, QadRestCollection>>;
  readonly disabled: ReadonlySet<QadRestCollectionKey>;
  readonly openApiPath: string;
  readonly tokenLifetimeSeconds: number;
  readonly businessErrorStatus: number;
}

export interface ResolvedQxtendOptions {
  readonly path: string;
  readonly receiver: string;
  readonly qdocs: Readonly<Record<QxtendQdocKey, QxtendQdoc>>;
  readonly requireCredentials: boolean;
  readonly emptyExceptionsOnSuccess: boolean;
  readonly silentNoOpReferences: ReadonlySet<string>;
}

export function resolveRestOptions(options: QadRestOptions = {}): ResolvedRestOptions {
  return {
    contextRoot: options.contextRoot ?? QAD_REST_CONTEXT_ROOT,
    collections: { ...QAD_REST_COLLECTIONS, ...options.collections },
    disabled: new Set(options.disabledCollections ?? []),
    openApiPath: options.openApiPath ?? QAD_REST_OPENAPI_PATH,
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? QAD_REST_TOKEN_LIFETIME_SECONDS,
    businessErrorStatus: options.businessErrorStatus ?? QAD_REST_BUSINESS_ERROR_STATUS,
  };
}

export function resolveQxtendOptions(options: QxtendOptions = {}): ResolvedQxtendOptions {
  const qdocs = { ...QXTEND_QDOCS };
  for (const [key, value] of Object.entries(options.qdocs ?? {}) as [QxtendQdocKey, Partial<QxtendQdoc>][]) {
    qdocs[key] = { ...QXTEND_QDOCS[key], ...value };
  }
  return {
    path: options.path ?? QXTEND_SERVICE_PATH,
    receiver: options.receiver ?? QXTEND_DEFAULT_RECEIVER,
    qdocs,
    requireCredentials: options.requireCredentials ?? true,
    emptyExceptionsOnSuccess: options.emptyExceptionsOnSuccess ?? false,
    silentNoOpReferences: new Set(options.silentNoOpReferences ?? []),
  };
}
