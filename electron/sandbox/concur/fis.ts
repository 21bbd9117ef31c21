// Financial Integration Service v4 [FIS; FISSW]: GET ready documents with the HATEOAS envelope, then
// acknowledgements, posting confirmations and payment confirmations, each answered per item at HTTP 200.
// Paths: `/financialintegration/fi/v4/companies/transactiontypes/{docType}/transactions[/...]`, and the
// swagger's form without the `/financialintegration` prefix.
import { json, type SimRequest, type SimResponse } from '../http-server.ts';
import type { SimClock } from '../clock.ts';
import { authenticate, gatewayError, isRecord, parseJsonBody, withMeta } from './http-helpers.ts';
import type { ConcurState, FisDocument } from './state.ts';

const FIS_PATH =
  /^(?:\/financialintegration)?\/fi\/v4\/companies\/transactiontypes\/([^/]+)\/transactions(?:\/([^/]+))?\/?$/;
/** Every docType the API knows [FIS; section 8]; only invoice and expense documents exist in the sandbox. */
const DOC_TYPES = new Set([
  'expense',
  'invoice',
  'cashadvance',
  'payroll',
  'requestobligation',
  'reportobligation',
  'obligation',
]);
const POSTED = new Set([
  'POSTING_CONFIRMED_SUCCESS',
  'POSTING_CONFIRMED_FAILURE',
  'PAID',
  'PAYMENT_CONFIRMED_SUCCESS',
  'PAYMENT_CONFIRMED_REVERSED',
  'PAYMENT_CONFIRMED_OBSOLETE',
]);
const CLEARING_DATE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z|\d{8})$/;

export function matchFisPath(path: string): { docType: string; action: string | undefined } | undefined {
  const m = FIS_PATH.exec(path);
  if (!m?.[1]) return undefined;
  return { docType: m[1].toLowerCase(), action: m[2] };
}

export interface FisDeps {
  readonly state: ConcurState;
  readonly clock: SimClock;
}

export function setStatus(clock: SimClock, doc: FisDocument, status: string, by: string): void {
  doc.docStatus = status;
  doc.history.push({ at: clock.now(), status, by });
}

function toContent(state: ConcurState, doc: FisDocument, asString: boolean): Record<string, unknown> {
  return {
    id: doc.id,
    docType: doc.docType,
    companyId: state.companyId,
    entityId: state.entityIds[doc.entityCode] ?? null,
    companyUuid: state.credentials.companyUuid,
    erpSystemId: doc.erpSystemId,
    document: asString ? JSON.stringify(doc.document) : doc.document,
    docStatus: doc.docStatus,
    links: [],
  };
}

function link(rel: string, href: string): Record<string, unknown> {
  return { rel, href, hreflang: null, media: null, title: null, type: null, deprecation: null };
}

function listDocuments(deps: FisDeps, request: SimRequest, docType: string): SimResponse {
  const { state, clock } = deps;
  const q = request.query;
  const bad = (message: string): SimResponse => gatewayError(clock, request, 400, 'BAD_REQUEST', message);
  const pageText = q.get('page') ?? '0';
  const limitText = q.get('limit') ?? '25';
  if (!/^\d+$/.test(pageText)) return bad(`page must be a non-negative integer, got "${pageText}"`);
  if (!/^\d+$/.test(limitText) || Number(limitText) < 1)
    return bad(`limit must be a positive integer, got "${limitText}"`);
  const systemId = q.get('systemId');
  if (systemId !== null && systemId.length > 50) return bad('systemId must be at most 50 characters');
  const ignore = (q.get('ignoreDocumentStatus') ?? 'no').toLowerCase();
  if (ignore !== 'yes' && ignore !== 'no') return bad('ignoreDocumentStatus must be yes or no');
  const page = Number(pageText);
  const limit = Math.min(Number(limitText), state.options.fisMaxLimit);
  const docId = q.get('docId');

  const formatHeader = String(request.headers.documentformatas ?? '').toLowerCase();
  const asString =
    formatHeader === 'text'
      ? true
      : formatHeader === 'json'
        ? false
        : state.options.defaultDocumentFormat === 'string';

  let matches = state.documents.filter((d) => d.docType === docType);
  if (docId) {
    // The business id is documented; the 32-hex FIS id is accepted too (the examples blur the two).
    matches = matches.filter(
      (d) => (d.businessId === docId || d.id === docId) && d.supersededBy === undefined,
    );
    // ignoreDocumentStatus is honoured only together with docId [FIS].
    if (ignore !== 'yes') matches = matches.filter((d) => d.docStatus === 'READY');
  } else {
    matches = matches.filter((d) => d.docStatus === 'READY');
  }
  const totalElements = matches.length;
  const totalPages = Math.ceil(totalElements / limit);
  const slice = matches.slice(page * limit, page * limit + limit);
  const href = (p: number): string => {
    const params = new URLSearchParams(q);
    params.set('limit', String(limit));
    params.set('page', String(p));
    params.set('size', String(limit));
    return `${request.baseUrl}${request.path}?${params.toString()}`;
  };
  const links = [link('first', href(0)), link('self', href(page))];
  if (page + 1 < totalPages) links.push(link('next', href(page + 1)));
  if (totalPages > 0) links.push(link('last', href(totalPages - 1)));
  return json(200, {
    links,
    content: slice.map((d) => toContent(state, d, asString)),
    page: { size: limit, totalElements, totalPages, number: page },
  });
}

/** The admin route's "fail next" switch: answer 199 without touching the document. */
function takeInjectedFailure(doc: FisDocument): boolean {
  if (doc.failNext <= 0) return false;
  doc.failNext -= 1;
  return true;
}

function findForType(
  state: ConcurState,
  docType: string,
  id: string,
): FisDocument | 'wrong-type' | undefined {
  const doc = state.documentsById.get(id);
  if (!doc) return undefined;
  return doc.docType === docType ? doc : 'wrong-type';
}

function acknowledge(deps: FisDeps, request: SimRequest, docType: string): SimResponse {
  const { state, clock } = deps;
  const body = parseJsonBody(request);
  if (!body.ok) return gatewayError(clock, request, 400, 'BAD_REQUEST', body.message);
  const value = body.value;
  if (!isRecord(value) || !Array.isArray(value.ids) || value.ids.length === 0) {
    return gatewayError(
      clock,
      request,
      400,
      'BAD_REQUEST',
      'ids: a non-empty array of document ids is required',
    );
  }
  // The swagger marks systemId required, the page's example omits it: both are accepted (section 8).
  if (value.systemId !== undefined && value.systemId !== null && typeof value.systemId !== 'string') {
    return gatewayError(clock, request, 400, 'BAD_REQUEST', 'systemId must be a string');
  }
  const systemId = typeof value.systemId === 'string' ? value.systemId : null;
  if (systemId !== null && systemId.length > 50)
    return gatewayError(clock, request, 400, 'BAD_REQUEST', 'systemId must be at most 50 characters');
  const results = value.ids.map((raw) => {
    const id = typeof raw === 'string' ? raw : String(raw);
    const item = (code: number, ok: boolean, errorMessage = ''): Record<string, unknown> => {
      state.confirmations.push({
        kind: 'acknowledgement',
        at: clock.now(),
        docId: id,
        systemId,
        request: raw,
        code,
        result: ok ? 'SUCCESS' : 'FAILURE',
      });
      return { code, docId: id, systemId, acknowledgeResult: ok ? 'SUCCESS' : 'FAILURE', errorMessage };
    };
    const doc = findForType(state, docType, id);
    if (doc === undefined) return item(104, false, 'The document does not exist in the FI database.');
    if (doc === 'wrong-type') return item(105, false, `The document is not of type ${docType}.`);
    if (takeInjectedFailure(doc)) return item(199, false, 'Unknown error; retry later.');
    if (doc.docStatus === 'READY') {
      doc.erpSystemId = systemId;
      setStatus(clock, doc, 'ACKNOWLEDGED', `acknowledge:${systemId ?? 'null'}`);
      return item(0, true);
    }
    if (doc.docStatus === 'ACKNOWLEDGED' || POSTED.has(doc.docStatus)) {
      return item(
        101,
        false,
        `This document was previously acknowledged by SystemId: ${doc.erpSystemId ?? 'null'}.`,
      );
    }
    if (doc.docStatus === 'RECALLED') return item(102, false, 'The document was recalled.');
    return item(103, false, `The document is not ready (status ${doc.docStatus}).`);
  });
  return json(200, results);
}

function postingConfirm(deps: FisDeps, request: SimRequest, docType: string): SimResponse {
  const { state, clock } = deps;
  const body = parseJsonBody(request);
  if (!body.ok) return gatewayError(clock, request, 400, 'BAD_REQUEST', body.message);
  const value = body.value;
  if (!isRecord(value))
    return gatewayError(clock, request, 400, 'BAD_REQUEST', 'the body must be a JSON object');
  if (typeof value.systemId !== 'string') {
    return gatewayError(
      clock,
      request,
      400,
      'BAD_REQUEST',
      'systemId is required (it may be an empty string)',
    );
  }
  if (!Array.isArray(value.postingConfirmations) || value.postingConfirmations.length === 0) {
    return gatewayError(
      clock,
      request,
      400,
      'BAD_REQUEST',
      'postingConfirmations: a non-empty array is required',
    );
  }
  const systemId = value.systemId;
  const results = value.postingConfirmations.map((raw: unknown) => {
    const id = isRecord(raw) && typeof raw.docId === 'string' ? raw.docId : '';
    // The success item carries systemId null (section 8).
    const item = (
      code: number,
      result: string,
      errorMessage = '',
      detailMessage = '',
    ): Record<string, unknown> => {
      state.confirmations.push({
        kind: 'posting',
        at: clock.now(),
        docId: id,
        systemId,
        request: raw,
        code,
        result,
      });
      return {
        code,
        docId: id,
        systemId: code === 0 ? null : systemId,
        postingConfirmationResult: result,
        errorMessage,
        detailMessage,
      };
    };
    const invalid = validatePosting(raw);
    if (invalid) return item(198, 'FAILURE', 'Invalid request; do not retry.', invalid);
    const entry = raw as { docId: string; overallPostingStatusCode: string };
    const doc = findForType(state, docType, id);
    // A confirmation for a document that does not exist: 116 with FAILURE, not DOCUMENT_NOT_FOUND (section 8).
    if (doc === undefined) return item(116, 'FAILURE', 'The document does not exist.');
    if (doc === 'wrong-type') return item(115, 'FAILURE', `The document is not of type ${docType}.`);
    if (takeInjectedFailure(doc)) return item(199, 'SYSTEM_ERROR_OCCURRED', 'Unknown error; retry later.');
    if (state.options.enforceSystemId && systemId !== '' && doc.erpSystemId && doc.erpSystemId !== systemId) {
      return item(99, 'FAILURE', `systemId does not match the acknowledging system ${doc.erpSystemId}.`);
    }
    if (doc.docStatus === 'READY')
      return item(111, 'NOT_YET_ACKNOWLEDGED', 'The document has not been acknowledged.');
    if (doc.docStatus === 'RECALLED') return item(112, 'WAS_RECALLED', 'The document was recalled.');
    if (POSTED.has(doc.docStatus))
      return item(113, 'FAILURE', 'A posting confirmation was already posted for this document.');
    if (doc.docStatus !== 'ACKNOWLEDGED')
      return item(114, 'FAILURE', `The document is in an unknown state (${doc.docStatus}).`);
    const success = entry.overallPostingStatusCode.toLowerCase() === 'success';
    setStatus(
      clock,
      doc,
      success ? 'POSTING_CONFIRMED_SUCCESS' : 'POSTING_CONFIRMED_FAILURE',
      `posting:${systemId}`,
    );
    return item(0, 'SUCCESS');
  });
  return json(200, results);
}

function validatePosting(raw: unknown): string | undefined {
  if (!isRecord(raw)) return 'each posting confirmation must be an object';
  if (typeof raw.docId !== 'string' || raw.docId === '' || raw.docId.length > 32)
    return 'docId is required (at most 32 characters)';
  const code = raw.overallPostingStatusCode;
  if (typeof code !== 'string' || !['success', 'error'].includes(code.toLowerCase())) {
    return 'overallPostingStatusCode must be "success" or "error"';
  }
  if (raw.postingDocs !== undefined && !Array.isArray(raw.postingDocs)) return 'postingDocs must be an array';
  if (code.toLowerCase() === 'success') {
    const docs = (raw.postingDocs ?? []) as unknown[];
    if (docs.length === 0) return 'postingDocs: a success needs at least one posting document';
    for (const d of docs) {
      if (!isRecord(d)) return 'postingDocs items must be objects';
      if (typeof d.companyId !== 'string' || d.companyId === '' || d.companyId.length > 32)
        return 'postingDocs.companyId is required (at most 32 characters)';
      if (
        d.documentNumber !== undefined &&
        (typeof d.documentNumber !== 'string' || d.documentNumber.length > 80)
      ) {
        return 'postingDocs.documentNumber must be a string of at most 80 characters';
      }
      if (
        d.postingDate !== undefined &&
        (typeof d.postingDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(d.postingDate))
      ) {
        return 'postingDocs.postingDate must be YYYY-MM-DD';
      }
    }
  }
  if (raw.systemMessages !== undefined) {
    if (!Array.isArray(raw.systemMessages)) return 'systemMessages must be an array';
    for (const m of raw.systemMessages) {
      if (!isRecord(m)) return 'systemMessages items must be objects';
      for (const key of ['messageShortText', 'messageLongText']) {
        const text = m[key];
        if (typeof text === 'string' && text.length > 1300) return `${key} must be at most 1300 characters`;
      }
    }
  }
  return undefined;
}

function paymentConfirm(deps: FisDeps, request: SimRequest, docType: string): SimResponse {
  const { state, clock } = deps;
  const body = parseJsonBody(request);
  if (!body.ok) return gatewayError(clock, request, 400, 'BAD_REQUEST', body.message);
  const value = body.value;
  if (!isRecord(value) || typeof value.systemId !== 'string') {
    return gatewayError(
      clock,
      request,
      400,
      'BAD_REQUEST',
      'systemId is required (it may be an empty string)',
    );
  }
  if (!Array.isArray(value.processingConfirmation) || value.processingConfirmation.length === 0) {
    return gatewayError(
      clock,
      request,
      400,
      'BAD_REQUEST',
      'processingConfirmation: a non-empty array is required',
    );
  }
  const systemId = value.systemId;
  const results = value.processingConfirmation.map((raw: unknown) => {
    const id = isRecord(raw) && typeof raw.docId === 'string' ? raw.docId : '';
    const details: unknown[] = isRecord(raw) && Array.isArray(raw.clearingDetails) ? raw.clearingDetails : [];
    const first = details[0];
    const ref = isRecord(first) && isRecord(first.clearingReference) ? first.clearingReference : undefined;
    const paymentRef = ref && typeof ref.paymentRef === 'string' ? ref.paymentRef : null;
    const item = (code: number, result: string, errorMessage = ''): Record<string, unknown> => {
      state.confirmations.push({
        kind: 'payment',
        at: clock.now(),
        docId: id,
        systemId,
        request: raw,
        code,
        result,
      });
      return { code, docId: id, systemId, paymentConfirmationResult: result, errorMessage, paymentRef };
    };
    const invalid = validatePayment(raw);
    if (invalid) return item(298, 'FAILURE', invalid);
    const doc = findForType(state, docType, id);
    if (doc === undefined) return item(116, 'DOCUMENT_NOT_FOUND', 'The document does not exist.');
    if (doc === 'wrong-type') return item(115, 'FAILURE', `The document is not of type ${docType}.`);
    if (takeInjectedFailure(doc)) return item(199, 'SYSTEM_ERROR_OCCURRED', 'Unknown error; retry later.');
    if (doc.docType === 'invoice' && !state.options.paymentConfirmationForInvoices) {
      return item(298, 'FAILURE', 'Payment confirmation is not supported for invoices.');
    }
    // The docs' own example answers a duplicate payment confirmation with 298 / NOOP.
    if (paymentRef && doc.paymentRefs.includes(paymentRef))
      return item(298, 'NOOP', 'This payment was already confirmed.');
    if (
      doc.docStatus === 'PAYMENT_CONFIRMED_SUCCESS' ||
      doc.docStatus === 'PAYMENT_CONFIRMED_OBSOLETE' ||
      doc.docStatus === 'PAYMENT_CONFIRMED_REVERSED'
    ) {
      const status = (raw as { processingStatusCode: string }).processingStatusCode;
      // A completed payment can still be reversed or made obsolete; another payment is "already posted".
      if (status !== 'RE' && status !== 'OB')
        return item(213, 'FAILURE', 'A payment confirmation was already posted.');
    } else if (doc.docStatus !== 'POSTING_CONFIRMED_SUCCESS') {
      return item(111, 'NOT_POSTING_CONFIRMED', 'The document has no successful posting confirmation.');
    }
    const code = (raw as { processingStatusCode: string }).processingStatusCode;
    const next =
      code === 'RE'
        ? 'PAYMENT_CONFIRMED_REVERSED'
        : code === 'OB'
          ? 'PAYMENT_CONFIRMED_OBSOLETE'
          : 'PAYMENT_CONFIRMED_SUCCESS';
    if (paymentRef) doc.paymentRefs.push(paymentRef);
    setStatus(clock, doc, next, `payment:${systemId}`);
    return item(0, 'SUCCESS');
  });
  return json(200, results);
}

function validatePayment(raw: unknown): string | undefined {
  if (!isRecord(raw)) return 'each processing confirmation must be an object';
  if (typeof raw.docId !== 'string' || raw.docId === '' || raw.docId.length > 32)
    return 'docId is required (at most 32 characters)';
  if (
    typeof raw.processingStatusCode !== 'string' ||
    !['CP', 'PP', 'RE', 'OB'].includes(raw.processingStatusCode)
  ) {
    return 'processingStatusCode must be CP, PP, RE or OB';
  }
  if (!Array.isArray(raw.clearingDetails) || raw.clearingDetails.length === 0)
    return 'clearingDetails: a non-empty array is required';
  for (const d of raw.clearingDetails) {
    if (!isRecord(d)) return 'clearingDetails items must be objects';
    if (typeof d.clearingDate !== 'string' || !CLEARING_DATE.test(d.clearingDate)) {
      return "clearingDate must be yyyy-MM-dd'T'HH:mm:ss.SSS'Z' or yyyyMMdd";
    }
    if (typeof d.clearingCurrency !== 'string' || !/^[A-Z]{3}$/.test(d.clearingCurrency))
      return 'clearingCurrency must be an ISO currency code';
    if (typeof d.clearingAmount !== 'number' && typeof d.clearingAmount !== 'string')
      return 'clearingAmount is required';
    const ref = d.clearingReference;
    if (!isRecord(ref) || typeof ref.paymentRef !== 'string' || ref.paymentRef === '')
      return 'clearingReference.paymentRef is required';
    if (ref.paymentMethod !== undefined && ref.paymentMethod !== 'E' && ref.paymentMethod !== 'C')
      return 'clearingReference.paymentMethod must be E or C';
  }
  return undefined;
}

/** Routes one FIS request; undefined when the path is not an FIS path. */
export function handleFis(deps: FisDeps, request: SimRequest): SimResponse | undefined {
  const match = matchFisPath(request.path);
  if (!match) return undefined;
  const { state, clock } = deps;
  const { docType, action } = match;
  const operation = `fis.${action ?? 'list'}`;
  const auth = authenticate(state, clock, request);
  if (!auth.ok) return withMeta(state, auth.response, operation);
  if (!DOC_TYPES.has(docType)) {
    return withMeta(
      state,
      gatewayError(clock, request, 400, 'BAD_REQUEST', `docType "${docType}" is not supported`),
      operation,
    );
  }
  const allowed = action === undefined ? 'GET' : 'POST';
  if (request.method !== allowed) {
    return withMeta(
      state,
      gatewayError(clock, request, 405, 'METHOD_NOT_ALLOWED', `${request.method} is not allowed here`),
      operation,
    );
  }
  let response: SimResponse;
  if (action === undefined) response = listDocuments(deps, request, docType);
  else if (action === 'acknowledgements') response = acknowledge(deps, request, docType);
  else if (action === 'postingconfirmations') response = postingConfirm(deps, request, docType);
  else if (action === 'paymentconfirmations') response = paymentConfirm(deps, request, docType);
  else response = gatewayError(clock, request, 404, 'NOT_FOUND', `no FIS operation "${action}"`);
  return withMeta(state, response, operation);
}
