// QAD Adaptive / Cloud ERP REST (research/qad.md section 2): the full tenant URL per customer, the OAuth2
// password grant with credentials as query parameters [P], `Authorization: Bearer`, one new login on a 401
// (for reads; a refused write is looked up by reference first), `/api/erp/<collection>?viewUri=...` reads
// page by page, and on connect the instance's OpenAPI document is checked for every path we use.
import { readAllPages } from '../paging.ts';
import type {
  QadCheckStep,
  QadDocumentKind,
  QadJournalEntryInput,
  QadSupplierInvoiceInput,
} from '../../../../shared/domain/qad.ts';
import type { Settings } from '../../../../shared/settings.ts';
import { silentLog } from '../../../ipc/log-sink.ts';
import { redactor } from '../../../log/redact.ts';
import {
  classifyHttp,
  classifyThrown,
  describeBody,
  jsonErrorText,
  sniffBody,
  type FailureContext,
  type HttpExchange,
} from '../classify.ts';
import { restConfig } from '../config.ts';
import { QAD_REST_PAGE_PARAM, QAD_REST_PAGE_SIZE_PARAM, type QadRestCollectionKey } from '../defaults.ts';
import {
  QadAuthError,
  QadBusinessError,
  QadConfigError,
  QadError,
  QadResponseError,
  QadTransientError,
} from '../errors.ts';
import type { QadGatewayOptions, QadTransportPort } from '../gateway.ts';
import type { SendResult } from '../guarded-create.ts';
import { createQadHttp } from '../http.ts';
import { createResilience } from '../resilience.ts';
import { toGlPeriods, toPostedDocuments } from '../rows.ts';
import { describeMissing, missingPaths, openApiPaths, type PathCheck } from './openapi.ts';
import { invoiceBody, journalBody, restMessages } from './rest-wire.ts';

/** A server that ignores paging would otherwise be read forever. */

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The same failure, marked as certainly not sent (it happened before the write left). */
function beforeSending(error: QadError): QadError {
  if (error instanceof QadTransientError && error.outcome !== 'not_sent')
    return new QadTransientError(error.message, {
      outcome: 'not_sent',
      ...(error.transport ? { transport: error.transport } : {}),
      ...(error.status ? { status: error.status } : {}),
      ...(error.code ? { code: error.code } : {}),
      ...(error.retryAfterMs ? { retryAfterMs: error.retryAfterMs } : {}),
    });
  return error;
}

export function createRestPort(
  settings: Settings,
  credentials: { username: string; password: string } | undefined,
  options: QadGatewayOptions = {},
): QadTransportPort {
  const cfg = restConfig(settings);
  if (!cfg.tenantUrl)
    throw new QadConfigError('The QAD tenant URL is required.', {
      setting: 'qad.rest.tenantUrl',
      transport: 'rest',
      outcome: 'not_sent',
    });
  const log = options.log ?? silentLog;
  const http = createQadHttp({ network: cfg.network, timeoutMs: cfg.timeoutMs, log });
  const ctx = (what: string, path: string, setting = 'qad.rest.tenantUrl'): FailureContext => ({
    transport: 'rest',
    what,
    url: `${cfg.tenantUrl}${path}`,
    setting,
  });
  const resilience = createResilience({
    endpoint: `rest:${cfg.tenantUrl}`,
    retry: cfg.retry,
    breaker: cfg.breaker,
    ...(options.random ? { random: options.random } : {}),
    classify: (error) => classifyThrown(error, ctx('calling QAD', '')),
  });
  let token: string | undefined;
  let login: Promise<string> | undefined;
  let connected: Promise<Map<string, Set<string>>> | undefined;

  // ------------------------------------------------------------------------------------------ login

  async function requestToken(): Promise<string> {
    if (!credentials)
      throw new QadAuthError(
        'No QAD user name and password are stored: set the secrets qad.username and qad.password.',
        { transport: 'rest', outcome: 'not_sent' },
      );
    if (!cfg.clientId)
      throw new QadConfigError('The QAD OAuth client id is required for the password grant.', {
        setting: 'qad.rest.clientId',
        transport: 'rest',
        outcome: 'not_sent',
      });
    const c = ctx('logging in to QAD', cfg.tokenPath);
    // Credentials travel as query parameters, as the observed clients send them (sheet 2.2 [P]).
    const exchange = await http.send(
      {
        method: 'POST',
        url: `${cfg.tenantUrl}${cfg.tokenPath}`,
        params: {
          client_id: cfg.clientId,
          username: credentials.username,
          password: credentials.password,
          grant_type: 'password',
        },
        headers: { accept: 'application/json' },
        ...(options.signal ? { signal: options.signal } : {}),
      },
      c,
    );
    const shape = sniffBody(exchange.body);
    const body = shape.kind === 'json' && isObject(shape.value) ? shape.value : undefined;
    if (exchange.status === 200 && typeof body?.access_token === 'string' && body.access_token !== '') {
      redactor.register(body.access_token);
      return body.access_token;
    }
    const oauthError = typeof body?.error === 'string' ? body.error : '';
    if (oauthError === 'invalid_client' || oauthError === 'unauthorized_client')
      throw new QadConfigError(
        `QAD does not know the OAuth client id "${cfg.clientId}" (${jsonErrorText(body) ?? oauthError}).`,
        { setting: 'qad.rest.clientId', transport: 'rest', status: exchange.status },
      );
    if (oauthError === 'invalid_grant' || exchange.status === 401)
      throw new QadAuthError(
        `QAD rejected the stored user name or password (credentials rejected${jsonErrorText(body) ? `: ${jsonErrorText(body)}` : ''}). Update the secrets qad.username and qad.password.`,
        { transport: 'rest', status: exchange.status },
      );
    if (exchange.status === 200)
      throw new QadResponseError(`QAD's login answered without an access token (${describeBody(shape)}).`, {
        transport: 'rest',
        status: 200,
      });
    throw classifyHttp(exchange, c);
  }

  function ensureToken(): Promise<string> {
    if (token) return Promise.resolve(token);
    login ??= requestToken().then(
      (value) => {
        token = value;
        login = undefined;
        return value;
      },
      (error: unknown) => {
        login = undefined;
        throw error;
      },
    );
    return login;
  }

  async function authorized(
    method: 'GET' | 'POST',
    path: string,
    c: FailureContext,
    extra: { params?: Record<string, string | number>; body?: string } = {},
  ): Promise<HttpExchange> {
    const bearer = await ensureToken();
    const exchange = await http.send(
      {
        method,
        url: `${cfg.tenantUrl}${path}`,
        ...(extra.params ? { params: extra.params } : {}),
        headers: {
          authorization: `Bearer ${bearer}`,
          accept: 'application/json',
          ...(extra.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(extra.body === undefined ? {} : { body: extra.body }),
        ...(options.signal ? { signal: options.signal } : {}),
      },
      c,
    );
    if (exchange.status === 401) {
      if (token === bearer) token = undefined;
      throw new QadAuthError(`QAD refused the access token (401) while ${c.what}.`, {
        transport: 'rest',
        status: 401,
        outcome: 'refused',
        tokenExpired: true,
      });
    }
    return exchange;
  }

  /** A read: one new login when the token is refused, then "credentials rejected". */
  async function withRelogin<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (!(error instanceof QadAuthError) || !error.tokenExpired) throw error;
      token = undefined;
      try {
        return await fn();
      } catch (again) {
        if (again instanceof QadAuthError && again.tokenExpired)
          throw new QadAuthError(
            'QAD accepted the login but refused the new session too (credentials rejected for this API). Check the QAD user and its permissions.',
            { transport: 'rest', status: 401 },
          );
        throw again;
      }
    }
  }

  // ------------------------------------------------------------------------------- OpenAPI on connect

  async function readOpenApi(): Promise<Map<string, Set<string>>> {
    const c = ctx('reading the OpenAPI document', cfg.openApiPath, 'qad.rest.openApiPath');
    // The status is judged inside the retried read, as for every page: a 429 or 503 here is retried like any
    // other read instead of failing the whole refresh.
    return resilience.read(async () => {
      const exchange = await withRelogin(() => authorized('GET', cfg.openApiPath, c));
      const shape = sniffBody(exchange.body);
      const paths =
        exchange.status === 200 && shape.kind === 'json'
          ? openApiPaths(shape.value, cfg.tenantUrl)
          : undefined;
      if (paths) return paths;
      if (exchange.status === 404 || (exchange.status === 200 && !paths))
        throw new QadConfigError(
          `QAD's OpenAPI document was not found at ${cfg.tenantUrl}${cfg.openApiPath} (${exchange.status}, ${describeBody(shape)}); set its path in qad.rest.openApiPath.`,
          { setting: 'qad.rest.openApiPath', transport: 'rest', status: exchange.status },
        );
      throw classifyHttp(exchange, c);
    }, options.signal);
  }

  /** Reads the OpenAPI document once per gateway and refuses paths the instance does not have. */
  async function connect(keys: readonly QadRestCollectionKey[]): Promise<void> {
    connected ??= readOpenApi().catch((error: unknown) => {
      connected = undefined;
      throw error;
    });
    const available = await connected;
    const missing = missingPaths(cfg, available);
    const blocking = missing.filter((m) => keys.includes(m.key));
    if (blocking.length > 0)
      throw new QadConfigError(
        `This QAD instance's OpenAPI document has no ${describeMissing(blocking)}. Missing on this tenant: ${describeMissing(missing)}.`,
        { setting: `qad.rest.collections.${blocking[0]?.key ?? ''}`, transport: 'rest', outcome: 'not_sent' },
      );
  }

  // ------------------------------------------------------------------------------------------- reads

  function readPage(key: QadRestCollectionKey, page: number, filters: Readonly<Record<string, string>>) {
    const collection = cfg.collections[key];
    const path = `${cfg.apiPath}/${collection.name}`;
    const arrayName = collection.name.split('/').pop() ?? collection.name;
    const c = ctx(`reading ${key} (page ${page})`, path, `qad.rest.collections.${key}`);
    return resilience.read(async () => {
      const exchange = await withRelogin(() =>
        authorized('GET', path, c, {
          params: {
            viewUri: collection.viewUri,
            [QAD_REST_PAGE_PARAM]: page,
            [QAD_REST_PAGE_SIZE_PARAM]: cfg.pageSize,
            ...filters,
          },
        }),
      );
      const shape = sniffBody(exchange.body);
      const body = shape.kind === 'json' && isObject(shape.value) ? shape.value : undefined;
      const rows = body?.[arrayName];
      if (exchange.status === 200 && Array.isArray(rows)) return rows as unknown[];
      if (exchange.status === 400 && body)
        throw new QadConfigError(
          `QAD refused the read of ${key}: ${jsonErrorText(body) ?? 'bad request'}. Check qad.rest.collections.${key}.`,
          { setting: `qad.rest.collections.${key}`, transport: 'rest', status: 400 },
        );
      if (exchange.status === 200 && body)
        throw new QadResponseError(
          `QAD answered the read of ${key} without the "${arrayName}" list (${jsonErrorText(body) ?? 'unexpected JSON'}).`,
          { transport: 'rest', status: 200 },
        );
      throw classifyHttp(exchange, c);
    }, options.signal);
  }

  async function listRows(key: QadRestCollectionKey, filters: Readonly<Record<string, string>>) {
    await connect([key]);
    return readAllPages((page) => readPage(key, page, filters), {
      pageSize: cfg.pageSize,
      key,
      system: 'QAD',
      log,
    });
  }

  // ------------------------------------------------------------------------------------------ writes

  async function send(
    key: QadRestCollectionKey,
    kind: QadDocumentKind,
    item: Record<string, unknown>,
    externalRef: string,
  ): Promise<SendResult> {
    const collection = cfg.collections[key];
    const path = `${cfg.apiPath}/${collection.name}`;
    const arrayName = collection.name.split('/').pop() ?? collection.name;
    const c = ctx(`posting ${kind.replace('_', ' ')} ${externalRef}`, path, `qad.rest.collections.${key}`);
    try {
      await connect([key]);
      await ensureToken();
    } catch (error) {
      throw error instanceof QadError ? beforeSending(error) : error;
    }
    const exchange = await authorized('POST', path, c, {
      params: { viewUri: collection.viewUri },
      body: JSON.stringify({ supplementaryMessages: [], [arrayName]: [item] }),
    });
    const shape = sniffBody(exchange.body);
    const body = shape.kind === 'json' && isObject(shape.value) ? shape.value : undefined;
    const submit = isObject(body?.submitResult) ? body.submitResult : undefined;
    if (body && submit?.success === false) {
      const messages = [
        ...restMessages(submit.errors, 'error'),
        ...restMessages(body.supplementaryMessages, 'error'),
      ];
      throw new QadBusinessError(
        messages.length > 0
          ? messages
          : [{ severity: 'error', message: 'QAD answered submitResult.success=false without a message.' }],
        { transport: 'rest', status: exchange.status },
      );
    }
    if (exchange.status >= 200 && exchange.status < 300 && body && submit?.success !== false) {
      const rows = Array.isArray(body[arrayName]) ? (body[arrayName] as unknown[]) : [];
      if (submit?.success === true || rows.length > 0) {
        const documents = rows.length > 0 ? toPostedDocuments(rows, kind, 'rest') : [];
        return {
          ...(documents[0] ? { document: documents[0] } : {}),
          warnings: restMessages(body.supplementaryMessages, 'warning'),
        };
      }
    }
    throw classifyHttp(exchange, c);
  }

  // ------------------------------------------------------------------------------------------- check

  async function check(entities: () => Promise<readonly string[]>): Promise<QadCheckStep[]> {
    const steps: QadCheckStep[] = [];
    const fail = (check: string, error: unknown) =>
      steps.push({ check, ok: false, message: error instanceof Error ? error.message : String(error) });
    try {
      token = undefined;
      await ensureToken();
      steps.push({ check: 'reachable', ok: true, message: `QAD answers at ${cfg.tenantUrl}.` });
      steps.push({
        check: 'credentials accepted',
        ok: true,
        message: 'QAD accepted the user name and password.',
      });
    } catch (error) {
      const unreachable =
        error instanceof QadTransientError ||
        (error instanceof QadConfigError && error.outcome === 'not_sent');
      if (unreachable) {
        fail('reachable', error);
        return steps;
      }
      steps.push({ check: 'reachable', ok: true, message: `QAD answers at ${cfg.tenantUrl}.` });
      fail('credentials accepted', error);
      return steps;
    }
    let available: Map<string, Set<string>>;
    try {
      connected = undefined;
      connected = readOpenApi();
      available = await connected;
      steps.push({
        check: 'OpenAPI read',
        ok: true,
        message: `Read the OpenAPI document at ${cfg.openApiPath} (${available.size} paths).`,
      });
    } catch (error) {
      connected = undefined;
      fail('OpenAPI read', error);
      return steps;
    }
    const missing: PathCheck[] = missingPaths(cfg, available);
    steps.push(
      missing.length === 0
        ? {
            check: 'paths valid',
            ok: true,
            message: 'Every QAD path the connector uses exists on this tenant.',
          }
        : {
            check: 'paths valid',
            ok: false,
            message: `Missing on this tenant: ${describeMissing(missing)}.`,
          },
    );
    const missingKeys = new Set(missing.map((m) => m.key));
    // Domain: the supplier rows name it (no domain API is known).
    if (!missingKeys.has('suppliers')) {
      try {
        const rows = await readPage('suppliers', 1, {});
        const domains = new Set(
          rows
            .map((r) => (isObject(r) && typeof r.domainCode === 'string' ? r.domainCode : ''))
            .filter(Boolean),
        );
        steps.push(
          domains.size === 0 || domains.has(cfg.domain)
            ? { check: 'domain exists', ok: true, message: `Domain ${cfg.domain} is readable.` }
            : {
                check: 'domain exists',
                ok: false,
                message: `QAD's suppliers belong to domain ${[...domains].join(', ')}, not ${cfg.domain}; check qad.domain.`,
              },
        );
      } catch (error) {
        fail('domain exists', error);
      }
    }
    if (!missingKeys.has('glPeriods')) steps.push(await entityStep(entities));
    return steps;
  }

  async function entityStep(entities: () => Promise<readonly string[]>): Promise<QadCheckStep> {
    try {
      const known = new Set(toGlPeriods(await listRows('glPeriods', {}), 'rest').map((p) => p.entity));
      const wanted = await entities();
      const absent = wanted.filter((e) => !known.has(e));
      if (wanted.length === 0)
        return {
          check: 'entities exist',
          ok: false,
          message: 'QAD returned no entity (no GL calendar rows).',
        };
      return absent.length === 0
        ? { check: 'entities exist', ok: true, message: `Entities found in QAD: ${wanted.join(', ')}.` }
        : {
            check: 'entities exist',
            ok: false,
            message: `QAD has no GL calendar for entit${absent.length === 1 ? 'y' : 'ies'} ${absent.join(', ')}; check qad.entities.`,
          };
    } catch (error) {
      return {
        check: 'entities exist',
        ok: false,
        message: error instanceof Error ? error.message : String(error),
      };
    }
  }

  return {
    transport: 'rest',
    resilience,
    readBackAfterCreate: false,
    listRows,
    sendSupplierInvoice: (input: QadSupplierInvoiceInput) =>
      send('supplierInvoices', 'supplier_invoice', invoiceBody(input, cfg.domain), input.externalRef),
    sendJournalEntry: (input: QadJournalEntryInput) =>
      send('journalEntries', 'journal_entry', journalBody(input, cfg.domain), input.externalRef),
    check,
  };
}
