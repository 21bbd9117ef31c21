// Default settings shared by the QAD clients and the QAD simulators. Most of what QAD does not publish is
// guessed here, one constant per fact, each with the line of research/qad.md it rests on, so that a site
// can correct a guess in settings and the simulators can be switched to any other value in tests.
// Plain data only: no imports, so both the engine and the sandbox can read it.

// ---------------------------------------------------------------------------------------------------------
// Shared
// ---------------------------------------------------------------------------------------------------------

/**
 * Where our external reference `MLC-<SOURCE>-<id>` goes on a supplier invoice. Sheet 1.5 shows
 * `CInvoiceReference` carrying the supplier's own invoice number ("SUPP-INV-001"), which AP needs for
 * payment remittance and which QAD's duplicate warning is keyed on; so our reference goes into the invoice
 * description (`CInvoiceDescription` in QXtend, `description` in REST) and the supplier's number stays where
 * QAD expects it. Journals carry it in the posting description (`PostingText` / `description`).
 */
export const QAD_EXTERNAL_REFERENCE_FIELD = 'description' as const;

// ---------------------------------------------------------------------------------------------------------
// Adaptive / Cloud ERP REST (sheet section 2)
// ---------------------------------------------------------------------------------------------------------

/** Tenant context root; on-prem Web UI would use `/qad-central` instead (sheet 2.1 [P]). */
export const QAD_REST_CONTEXT_ROOT = '/clouderp';

/** Password grant with credentials as query parameters (sheet 2.2 [P]). */
export const QAD_REST_TOKEN_PATH = '/oauth/token';

/** Business-document API family under the tenant (sheet 2.1 [P]). */
export const QAD_REST_API_PATH = '/api/erp';

/** Unconfirmed: the OpenAPI document's location inside an instance was not found (sheet 2.2 [U]). */
export const QAD_REST_OPENAPI_PATH = '/api/openapi.json';

/** Unconfirmed: token lifetime is not published (sheet 2.2 [U]); one hour is the common default. */
export const QAD_REST_TOKEN_LIFETIME_SECONDS = 3600;

/** Unconfirmed: paging parameters of `/api/erp` GETs were not seen; qracore browses use these (sheet 2.3 [U]). */
export const QAD_REST_PAGE_PARAM = 'page';
export const QAD_REST_PAGE_SIZE_PARAM = 'pageSize';
export const QAD_REST_DEFAULT_PAGE_SIZE = 100;
export const QAD_REST_MAX_PAGE_SIZE = 1000;

/**
 * Unconfirmed: HTTP status of a business error. The sheet only says errors come back as
 * `submitResult.success=false` with an errors list (sheet 2.3 [P]); clients must read `submitResult`
 * whatever the status.
 */
export const QAD_REST_BUSINESS_ERROR_STATUS = 200;

export type QadRestCollectionKey =
  | 'suppliers'
  | 'glAccounts'
  | 'subAccounts'
  | 'costCenters'
  | 'projects'
  | 'purchaseOrders'
  | 'receipts'
  | 'glPeriods'
  | 'supplierInvoices'
  | 'journalEntries';

export interface QadRestCollection {
  /** Path segment under `/api/erp/`. */
  readonly name: string;
  /** The `viewUri` query parameter; instance URIs are `<viewUri>:<key>.<key>`. */
  readonly viewUri: string;
}

/**
 * Unconfirmed, every one: no public source shows the finance or purchasing collections (sheet 2.3 [U]
 * "Exact REST collections for supplier, PO, PO receipt, supplier invoice, GL account, sub-account, cost
 * center, journal entry: not found"). Names follow the observed pattern (camelCase plural, often `V2s`,
 * `urn:be:<package>.I<Component>`); the two financial services reuse the interfaces seen in the QAD
 * training deck (sheet 2.3 [C-QAD training deck]).
 */
export const QAD_REST_COLLECTIONS: Readonly<Record<QadRestCollectionKey, QadRestCollection>> = {
  // [U] by the pattern of customerV2s / ICustomerV2.
  suppliers: { name: 'supplierV2s', viewUri: 'urn:be:com.qad.base.supplier.ISupplierV2' },
  // [U] the deck shows urn:be:com.qad.base.coa.IAccountDefault; the collection name is a guess.
  glAccounts: { name: 'glAccounts', viewUri: 'urn:be:com.qad.base.coa.IGLAccount' },
  // [U] sub-account = Division in Financials (sheet 3.1).
  subAccounts: { name: 'subAccounts', viewUri: 'urn:be:com.qad.base.coa.ISubAccount' },
  // [U]
  costCenters: { name: 'costCenters', viewUri: 'urn:be:com.qad.base.coa.ICostCenter' },
  // [U]
  projects: { name: 'projects', viewUri: 'urn:be:com.qad.base.coa.IProject' },
  // [U] by the pattern of purchasing/supplierItems.
  purchaseOrders: {
    name: 'purchasing/purchaseOrders',
    viewUri: 'urn:be:com.qad.purchasing.po.IPurchaseOrder',
  },
  // [U]
  receipts: {
    name: 'purchasing/purchaseOrderReceipts',
    viewUri: 'urn:be:com.qad.purchasing.receipt.IPurchaseOrderReceipt',
  },
  // [U] GL calendar is per domain, copied to entities (sheet 3.1).
  glPeriods: { name: 'glPeriods', viewUri: 'urn:be:com.qad.financials.generalledger.IGLPeriod' },
  // [U] interface seen in the deck as a service (ISupplierInvoice-Accounts).
  supplierInvoices: {
    name: 'supplierInvoices',
    viewUri: 'urn:be:com.qad.financials.purchaseledger.supplierinvoice.ISupplierInvoice',
  },
  // [U] interface seen in the deck as a service (IJournalEntry-AccountInfos).
  journalEntries: {
    name: 'journalEntries',
    viewUri: 'urn:be:com.qad.financials.generalledger.journalentry.IJournalEntry',
  },
};

/**
 * Unconfirmed: how `/api/erp` GETs filter is not published (sheet 2.3 [U]). The simulator accepts these
 * query parameters as exact-match filters on supplier invoices and journal entries.
 */
export const QAD_REST_FILTER_PARAMS = {
  /** Our external reference (see QAD_EXTERNAL_REFERENCE_FIELD). */
  description: 'description',
  /** The supplier's own invoice number. */
  reference: 'reference',
  supplier: 'supplierCode',
  entity: 'entityCode',
} as const;

// ---------------------------------------------------------------------------------------------------------
// QXtend Inbound SOAP (sheet section 1)
// ---------------------------------------------------------------------------------------------------------

/** Webapp name varies per install; `/qxi` is the common one (sheet 1.1 [P]). */
export const QXTEND_SERVICE_PATH = '/qxi/services/QdocWebService';

/** Matches the settings default; the receiver is site configuration (sheet 1.2, wsa:To [P]). */
export const QXTEND_DEFAULT_RECEIVER = 'qad_erp';

export const QXTEND_NS = {
  soapenv: 'http://schemas.xmlsoap.org/soap/envelope/',
  wsa: 'http://www.w3.org/2005/08/addressing',
  qsvc: 'urn:schemas-qad-com:xml-services',
  qcom: 'urn:schemas-qad-com:xml-services:common',
} as const;

/** Receiver URN prefix for wsa:To (sheet 1.2 [P]). */
export const QXTEND_RECEIVER_URN_PREFIX = 'urn:services-qad-com:';

export type QxtendQdocKey =
  | 'supplierInvoice'
  | 'journalEntry'
  | 'receivePurchaseOrder'
  | 'querySuppliers'
  | 'queryGlAccounts'
  | 'querySubAccounts'
  | 'queryCostCenters'
  | 'queryProjects'
  | 'queryPurchaseOrders'
  | 'queryReceipts'
  | 'queryGlPeriods'
  | 'querySupplierInvoices'
  | 'queryJournalEntries';

export interface QxtendQdoc {
  /** Body element (the QDoc / operation name); the response is `<name>Response`. */
  readonly name: string;
  /** QDoc version sent as the `version` context row; versions differ per QDoc (sheet 1.3a). */
  readonly version: string;
}

/**
 * QDoc names and versions. Reads are not standard QXtend at all: real sites read through custom query
 * receivers or OpenEdge WSA services (sheet 1.6 [U]), so every query name below is our own invention and a
 * site must map them to what it has.
 */
export const QXTEND_QDOCS: Readonly<Record<QxtendQdocKey, QxtendQdoc>> = {
  // [P] Fin API QDoc seen in one client (sheet 1.4, 1.5); version unconfirmed (sheet 1.3a).
  supplierInvoice: { name: 'bcinvoice', version: 'ERP3_1' },
  // [U] "GL journal QDoc name not found anywhere" (sheet 1.3a); guessed by the Fin API naming rule (1.4).
  journalEntry: { name: 'bjournalentry', version: 'ERP3_1' },
  // [P] seen in several clients (sheet 1.4); ERP3_3 seen with it.
  receivePurchaseOrder: { name: 'receivePurchaseOrder', version: 'ERP3_3' },
  // [U] every query below: non-standard (sheet 1.6).
  querySuppliers: { name: 'querySupplier', version: 'ERP3_1' },
  queryGlAccounts: { name: 'queryGLAccount', version: 'ERP3_1' },
  querySubAccounts: { name: 'querySubAccount', version: 'ERP3_1' },
  queryCostCenters: { name: 'queryCostCenter', version: 'ERP3_1' },
  queryProjects: { name: 'queryProject', version: 'ERP3_1' },
  queryPurchaseOrders: { name: 'queryPurchaseOrder', version: 'ERP3_1' },
  queryReceipts: { name: 'queryOpenReceipt', version: 'ERP3_1' },
  queryGlPeriods: { name: 'queryGLPeriod', version: 'ERP3_1' },
  querySupplierInvoices: { name: 'querySupplierInvoice', version: 'ERP3_1' },
  queryJournalEntries: { name: 'queryJournalEntry', version: 'ERP3_1' },
};

/** Fin API context rows sent with Fin QDocs (sheet 1.2 [P]: action=Save, entity=<entity>). */
export const QXTEND_FIN_ACTION = 'Save';

/** Invoice status (reason) code with receiver matching on (sheet 3.5 [C] conversion defaults). */
export const QAD_DEFAULT_INVOICE_STATUS_CODE = 'AP-NOALLOC';
/** Invoice status code for GL-coded invoices without receiver matching (sheet 3.5 [C]). */
export const QAD_DEFAULT_NON_PO_INVOICE_STATUS_CODE = 'AP-GLALLOC';

/** Unconfirmed: daybook codes are site setup (sheet 3.2); `APDP` appears in the one client sample (1.5). */
export const QAD_DEFAULT_AP_DAYBOOK = 'APDP';
/** Unconfirmed: a journal-entry daybook code; max 8 characters (sheet 3.2 [C]). */
export const QAD_DEFAULT_JOURNAL_DAYBOOK = 'JE-GEN';
/** Unconfirmed: the invoice daybook set seen in the one client sample (sheet 1.5). */
export const QAD_DEFAULT_AP_DAYBOOK_SET = 'AP-DBC';
