// QAD Adaptive / Cloud ERP REST simulator (sheet section 2): tenant context root `/clouderp`, the OAuth2
// password grant with credentials as query parameters, bearer tokens that expire on the SimClock, and
// `/api/erp/<collection>` business documents in the `supplementaryMessages` + collection array envelope with
// `submitResult` on writes. Collection names, viewUris, paging and filters are unconfirmed and configurable.
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { json, startSimServer, type SimRequest, type SimResponse, type SimServer } from '../http-server.ts';
import type { SimClock } from '../clock.ts';
import type { FaultInjector } from '../faults.ts';
import {
  QAD_REST_API_PATH,
  QAD_REST_DEFAULT_PAGE_SIZE,
  QAD_REST_MAX_PAGE_SIZE,
  QAD_REST_PAGE_PARAM,
  QAD_REST_PAGE_SIZE_PARAM,
  QAD_REST_TOKEN_PATH,
  type QadRestCollectionKey,
} from '../../connectors/qad/defaults.ts';
import type { QadModel } from './model.ts';
import type { QadIssue } from './model-types.ts';
import { resolveRestOptions, type QadCredentials, type QadRestOptions } from './options.ts';
import { buildOpenApi, WRITABLE_COLLECTIONS } from './openapi.ts';
import {
  applyFilters,
  checkFilters,
  collectionRows,
  FILTERS,
  invoiceRow,
  journalRow,
  OPERATION,
  receiptRow,
} from './read-rows.ts';
import {
  restFieldName,
  restInvoiceSchema,
  restJournalSchema,
  restReceiptSchema,
  toInvoiceInput,
  toJournalInput,
  toReceiveInput,
  withUri,
} from './rest-wire.ts';

export interface QadRestServer extends SimServer {
  /** Base URL of the tenant, e.g. `http://127.0.0.1:51234/clouderp`. */
  readonly tenantUrl: string;
}

export interface QadRestServerInput {
  readonly model: QadModel;
  readonly clock: SimClock;
  readonly credentials: QadCredentials;
  readonly options?: QadRestOptions;
  readonly faults?: FaultInjector;
  readonly admin?: (request: SimRequest) => SimResponse | undefined | Promise<SimResponse | undefined>;
}

const envelope = (collection: string, items: unknown[], extra: Record<string, unknown> = {}) => ({
  supplementaryMessages: [] as unknown[],
  [collection]: items,
  ...extra,
});

function issueOut(issue: QadIssue, fieldName: string) {
  return {
    severity: issue.severity,
    errorId: issue.code,
    fieldName,
    message: issue.message,
    ...(issue.data === undefined ? {} : { data: issue.data }),
  };
}

function zodIssues(error: z.ZodError, path: string): QadIssue[] {
  return error.issues.map((i) => {
    const field = [path, ...i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))]
      .join('')
      .replace(/\.\[/g, '[');
    return { severity: 'error', code: 'invalid-input', field, message: `${field}: ${i.message}` };
  });
}

export async function startQadRestServer(input: QadRestServerInput): Promise<QadRestServer> {
  const { model, clock, credentials } = input;
  const options = resolveRestOptions(input.options);
  const root = options.contextRoot.replace(/\/$/, '');
  const apiPrefix = `${root}${QAD_REST_API_PATH}/`;
  const tokens = new Map<string, number>();

  const collectionAt = (path: string): QadRestCollectionKey | undefined => {
    if (!path.startsWith(apiPrefix)) return undefined;
    const name = path.slice(apiPrefix.length).replace(/\/$/, '');
    const found = (Object.entries(options.collections) as [QadRestCollectionKey, { name: string }][]).find(
      ([, c]) => c.name === name,
    );
    return found && !options.disabled.has(found[0]) ? found[0] : undefined;
  };

  function token(request: SimRequest): SimResponse {
    const q = request.query;
    if (request.method !== 'POST') return json(405, { error: 'method_not_allowed' });
    if (q.get('grant_type') !== 'password')
      return json(400, { error: 'unsupported_grant_type', error_description: 'grant_type must be password' });
    if (q.get('client_id') !== credentials.clientId)
      return json(401, { error: 'invalid_client', error_description: 'unknown client_id' });
    if (q.get('username') !== credentials.username || q.get('password') !== credentials.password)
      return json(401, { error: 'invalid_grant', error_description: 'Bad credentials' });
    const accessToken = randomBytes(24).toString('hex');
    tokens.set(accessToken, clock.now() + options.tokenLifetimeSeconds * 1000);
    return json(200, {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: options.tokenLifetimeSeconds,
      scope: 'read write',
    });
  }

  function unauthorized(request: SimRequest): SimResponse | undefined {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const expiresAt = match?.[1] ? tokens.get(match[1]) : undefined;
    if (expiresAt !== undefined && expiresAt > clock.now()) return undefined;
    const description = !match ? 'Full authentication is required' : 'Access token expired or invalid';
    return json(
      401,
      { error: 'invalid_token', error_description: description },
      { 'www-authenticate': `Bearer error="invalid_token", error_description="${description}"` },
    );
  }

  function list(request: SimRequest, key: QadRestCollectionKey): SimResponse {
    const collection = options.collections[key];
    const arrayName = collection.name.split('/').pop() ?? collection.name;
    const op = OPERATION[key];
    const bad = (message: string, fieldName: string) => ({
      ...json(400, {
        supplementaryMessages: [{ severity: 'error', errorId: 'invalid-query', fieldName, message }],
        [arrayName]: [],
      }),
      operation: `${op}.list`,
    });
    const viewUri = request.query.get('viewUri');
    if (viewUri !== null && viewUri !== collection.viewUri)
      return bad(
        `Unknown viewUri "${viewUri}" for ${collection.name}; expected ${collection.viewUri}.`,
        'viewUri',
      );
    const pageText = request.query.get(QAD_REST_PAGE_PARAM) ?? '1';
    const sizeText = request.query.get(QAD_REST_PAGE_SIZE_PARAM) ?? String(QAD_REST_DEFAULT_PAGE_SIZE);
    const page = Number(pageText);
    const pageSize = Number(sizeText);
    if (!Number.isInteger(page) || page < 1)
      return bad(`page must be a whole number from 1, not "${pageText}"`, 'page');
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > QAD_REST_MAX_PAGE_SIZE)
      return bad(`pageSize must be a whole number from 1 to ${QAD_REST_MAX_PAGE_SIZE}`, 'pageSize');
    const params = [...request.query].filter(
      ([name]) => name !== 'viewUri' && name !== QAD_REST_PAGE_PARAM && name !== QAD_REST_PAGE_SIZE_PARAM,
    );
    const checked = checkFilters(key, params);
    if (!checked.ok)
      return bad(
        `Unknown filter "${checked.unknown}"; ${collection.name} filters on ${FILTERS[key].join(', ')}.`,
        checked.unknown,
      );
    const find = checked.find;
    const all = applyFilters(collectionRows(model, key), checked.filters).map(({ row, keys }) =>
      withUri(row, collection.viewUri, keys),
    );
    const items = all.slice((page - 1) * pageSize, page * pageSize);
    // Paging metadata is our guess (sheet 2.3 [U]); a client should stop on a page shorter than pageSize.
    return {
      ...json(200, envelope(arrayName, items, { page, pageSize, totalCount: all.length })),
      operation: `${op}.${find ? 'find' : 'list'}`,
    };
  }

  function create(request: SimRequest, key: QadRestCollectionKey): SimResponse {
    const collection = options.collections[key];
    const arrayName = collection.name.split('/').pop() ?? collection.name;
    const operation = `${OPERATION[key]}.${key === 'receipts' ? 'receive' : 'create'}`;
    const failure = (status: number, errors: readonly QadIssue[], translate: (i: QadIssue) => string) => ({
      ...json(status, {
        ...envelope(arrayName, []),
        submitResult: { success: false, errors: errors.map((e) => issueOut(e, translate(e))) },
      }),
      operation,
    });
    let body: unknown;
    try {
      body = JSON.parse(request.body.toString('utf8'));
    } catch {
      return failure(
        400,
        [{ severity: 'error', code: 'invalid-json', field: '', message: 'The request body is not JSON.' }],
        () => '',
      );
    }
    const items = (body as Record<string, unknown> | null)?.[arrayName];
    if (!Array.isArray(items) || items.length !== 1) {
      const message = `The body must be { "${arrayName}": [ one object ] }; this simulator creates one document per request.`;
      return failure(
        400,
        [{ severity: 'error', code: 'invalid-input', field: arrayName, message }],
        (i) => i.field,
      );
    }
    const path = `${arrayName}[0]`;
    const asIs = (i: QadIssue) => i.field;
    if (key === 'supplierInvoices') {
      const parsed = restInvoiceSchema.safeParse(items[0]);
      if (!parsed.success) return failure(400, zodIssues(parsed.error, path), asIs);
      const converted = toInvoiceInput(parsed.data, path);
      if (!converted.ok) return failure(400, converted.errors, asIs);
      const result = model.createSupplierInvoice(converted.value);
      const name = (i: QadIssue) => restFieldName('invoice', i.field, path);
      if (!result.ok) return failure(options.businessErrorStatus, result.errors, name);
      const v = result.value;
      return {
        ...json(200, {
          supplementaryMessages: result.warnings.map((w) => issueOut(w, name(w))),
          [arrayName]: [withUri(invoiceRow(v), collection.viewUri, [v.entity, v.year, v.daybook, v.voucher])],
          submitResult: { success: true, errors: [] },
        }),
        operation,
      };
    }
    if (key === 'journalEntries') {
      const parsed = restJournalSchema.safeParse(items[0]);
      if (!parsed.success) return failure(400, zodIssues(parsed.error, path), asIs);
      const converted = toJournalInput(parsed.data, path);
      if (!converted.ok) return failure(400, converted.errors, asIs);
      const result = model.createJournal(converted.value);
      const name = (i: QadIssue) => restFieldName('journal', i.field, path);
      if (!result.ok) return failure(options.businessErrorStatus, result.errors, name);
      const v = result.value;
      return {
        ...json(200, {
          supplementaryMessages: [],
          [arrayName]: [withUri(journalRow(v), collection.viewUri, [v.entity, v.year, v.daybook, v.voucher])],
          submitResult: { success: true, errors: [] },
        }),
        operation,
      };
    }
    const parsed = restReceiptSchema.safeParse(items[0]);
    if (!parsed.success) return failure(400, zodIssues(parsed.error, path), asIs);
    const result = model.receivePurchaseOrder(toReceiveInput(parsed.data));
    const name = (i: QadIssue) => restFieldName('receipt', i.field, path);
    if (!result.ok) return failure(options.businessErrorStatus, result.errors, name);
    return {
      ...json(200, {
        supplementaryMessages: [],
        [arrayName]: result.value.map((r) =>
          withUri(receiptRow(model, r), collection.viewUri, [r.receiver, r.poNumber, r.poLine]),
        ),
        submitResult: { success: true, errors: [] },
      }),
      operation,
    };
  }

  async function handler(request: SimRequest): Promise<SimResponse> {
    await Promise.resolve();
    if (request.path === `${root}${QAD_REST_TOKEN_PATH}`)
      return { ...token(request), operation: 'oauth.token' };
    if (!request.path.startsWith(`${root}/`)) return json(404, { error: `no route ${request.path}` });
    const denied = unauthorized(request);
    if (denied) return { ...denied, operation: 'auth.denied' };
    if (request.path === `${root}${options.openApiPath}` && request.method === 'GET')
      return {
        ...json(200, buildOpenApi(options, `${request.baseUrl}${root}`, FILTERS)),
        operation: 'openapi.get',
      };
    const key = collectionAt(request.path);
    if (!key)
      return json(404, {
        supplementaryMessages: [{ severity: 'error', message: `No resource ${request.path}` }],
      });
    if (request.method === 'GET') return list(request, key);
    if (request.method === 'POST' && WRITABLE_COLLECTIONS.has(key)) return create(request, key);
    return json(405, {
      supplementaryMessages: [{ severity: 'error', message: `${request.method} not allowed here` }],
    });
  }

  const server = await startSimServer({
    name: 'qad-rest',
    handler,
    clock,
    ...(input.faults ? { faults: input.faults } : {}),
    ...(input.admin ? { admin: input.admin } : {}),
  });
  return Object.assign(server, { tenantUrl: `${server.url}${root}` });
}
