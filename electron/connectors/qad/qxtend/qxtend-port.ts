// QAD QXtend Inbound over SOAP (research/qad.md section 1), through the `soap` package: the client is built
// from the receiver's WSDL (`<endpoint>?wsdl`), every request carries the WS-Addressing header (wsa:To =
// urn:services-qad-com:<receiver>, a fresh urn:uuid MessageID) and `dsSessionContext` rows (domain, version
// per QDoc, scopeTransaction, username/password when stored, entity + action=Save for Fin API QDocs).
// The package builds and sends the envelope through our HTTP sender; the reply is read by reply.ts from the
// raw exchange, so a fault, an HTML page or garbage is classified the same way whatever the package makes
// of it. Reads are our own query QDocs (sheet 1.6).
import { readAllPages } from '../paging.ts';
import { randomUUID } from 'node:crypto';
import { createClientAsync, type Client, type IHttpClient } from 'soap';
import type {
  QadCheckStep,
  QadDocumentKind,
  QadJournalEntryInput,
  QadSupplierInvoiceInput,
} from '../../../../shared/domain/qad.ts';
import type { Settings } from '../../../../shared/settings.ts';
import { silentLog } from '../../../ipc/log-sink.ts';
import {
  classifyHttp,
  classifyThrown,
  sniffBody,
  type FailureContext,
  type HttpExchange,
} from '../classify.ts';
import { qxtendConfig } from '../config.ts';
import {
  QXTEND_FIN_ACTION,
  QXTEND_NS,
  QXTEND_RECEIVER_URN_PREFIX,
  type QadRestCollectionKey,
  type QxtendQdocKey,
} from '../defaults.ts';
import { QadAuthError, QadConfigError, QadError, QadResponseError, QadTransientError } from '../errors.ts';
import type { QadGatewayOptions, QadTransportPort } from '../gateway.ts';
import type { SendResult } from '../guarded-create.ts';
import { createQadHttp, type QadHttp } from '../http.ts';
import { createResilience } from '../resilience.ts';
import { toGlPeriods } from '../rows.ts';
import { bcinvoiceDataset, bjournalentryDataset, echoedDocument, queryRows } from './qdocs.ts';
import { readQdocReply, type QdocReply } from './reply.ts';

/** Query QDoc of each collection we read (names and versions are settings, defaults.ts). */
const QUERY_QDOC: Readonly<Record<QadRestCollectionKey, QxtendQdocKey>> = {
  suppliers: 'querySuppliers',
  glAccounts: 'queryGlAccounts',
  subAccounts: 'querySubAccounts',
  costCenters: 'queryCostCenters',
  projects: 'queryProjects',
  purchaseOrders: 'queryPurchaseOrders',
  receipts: 'queryReceipts',
  glPeriods: 'queryGlPeriods',
  supplierInvoices: 'querySupplierInvoices',
  journalEntries: 'queryJournalEntries',
};

/** Every QDoc this connector sends; receivePurchaseOrder is the warehouse's, not ours. */
const USED_QDOCS: readonly QxtendQdocKey[] = [
  'supplierInvoice',
  'journalEntry',
  ...Object.values(QUERY_QDOC),
];

const FIN_QDOCS: ReadonlySet<QxtendQdocKey> = new Set(['supplierInvoice', 'journalEntry']);

interface ExchangeHolder {
  exchange?: HttpExchange;
  error?: QadError;
}

/** The soap package's HTTP client interface, served by our sender; the raw exchange goes to the holder. */
function soapTransport(
  http: QadHttp,
  ctx: (what: string) => FailureContext,
  signal?: AbortSignal,
): IHttpClient {
  return {
    request(url, data, callback, exheaders, exoptions) {
      const extra = exoptions as { mlcExchange?: ExchangeHolder; mlcWhat?: string } | undefined;
      const holder = extra?.mlcExchange;
      const what = extra?.mlcWhat ?? 'calling QXtend';
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(exheaders ?? {})) headers[name] = String(value);
      const promise = http.send(
        {
          method: data ? 'POST' : 'GET',
          url,
          headers,
          ...(data ? { body: String(data) } : {}),
          ...(signal ? { signal } : {}),
        },
        ctx(what),
      );
      promise.then(
        (exchange) => {
          if (holder) holder.exchange = exchange;
          callback(
            null,
            { status: exchange.status, headers: exchange.headers, data: exchange.body },
            exchange.body,
          );
        },
        (error: unknown) => {
          if (holder) holder.error = error instanceof QadError ? error : classifyThrown(error, ctx(what));
          callback(error);
        },
      );
      // The package ignores the returned promise; the callback carries the result.
      return promise as unknown as ReturnType<IHttpClient['request']>;
    },
  };
}

export function createQxtendPort(
  settings: Settings,
  credentials: { username: string; password: string } | undefined,
  options: QadGatewayOptions = {},
): QadTransportPort {
  const cfg = qxtendConfig(settings);
  if (!cfg.endpointUrl)
    throw new QadConfigError('The QXtend endpoint URL is required.', {
      setting: 'qad.qxtend.endpointUrl',
      transport: 'qxtend',
      outcome: 'not_sent',
    });
  const log = options.log ?? silentLog;
  const http = createQadHttp({ network: cfg.network, timeoutMs: cfg.timeoutMs, log });
  const endpoint = cfg.endpointUrl.replace(/\?.*$/, '');
  const ctx = (what: string, setting = 'qad.qxtend.endpointUrl'): FailureContext => ({
    transport: 'qxtend',
    what,
    url: endpoint,
    setting,
  });
  const resilience = createResilience({
    endpoint: `qxtend:${endpoint}`,
    retry: cfg.retry,
    breaker: cfg.breaker,
    ...(options.random ? { random: options.random } : {}),
    classify: (error) => classifyThrown(error, ctx('calling QXtend')),
  });
  let client: Promise<{ client: Client; operations: Set<string> }> | undefined;

  // ---------------------------------------------------------------------------------------- the WSDL

  async function loadClient(): Promise<{ client: Client; operations: Set<string> }> {
    const holder: ExchangeHolder = {};
    const c = ctx('reading the QXtend WSDL');
    let built: Client;
    try {
      built = await createClientAsync(`${endpoint}?wsdl`, {
        httpClient: soapTransport(http, ctx, options.signal),
        wsdl_options: { mlcExchange: holder, mlcWhat: c.what },
        disableCache: true,
        envelopeKey: 'soapenv',
      });
    } catch (error) {
      if (holder.error) throw holder.error;
      const exchange = holder.exchange;
      if (exchange && (exchange.status !== 200 || sniffBody(exchange.body).kind !== 'xml'))
        throw classifyHttp(exchange, c);
      throw new QadConfigError(
        `The QXtend WSDL at ${endpoint}?wsdl cannot be read: ${error instanceof Error ? error.message : String(error)}`,
        { transport: 'qxtend', setting: 'qad.qxtend.endpointUrl', outcome: 'not_sent' },
      );
    }
    // The WSDL's own address may name an internal host; the setting wins.
    built.setEndpoint(endpoint);
    built.addSoapHeader(() => addressingHeader(randomUUID()));
    const operations = new Set<string>();
    const services = built.describe() as Record<string, Record<string, Record<string, unknown>>>;
    for (const service of Object.values(services))
      for (const port of Object.values(service)) for (const op of Object.keys(port)) operations.add(op);
    return { client: built, operations };
  }

  function connect() {
    client ??= resilience.read(loadClient, options.signal).catch((error: unknown) => {
      client = undefined;
      throw error;
    });
    return client;
  }

  function addressingHeader(messageId: string): string {
    const wsa = `xmlns:wsa="${QXTEND_NS.wsa}"`;
    return (
      // wsa:Action may be empty (sheet 1.3a); wsa:To is mandatory.
      `<wsa:Action ${wsa}/>` +
      `<wsa:To ${wsa}>${QXTEND_RECEIVER_URN_PREFIX}${escapeXml(cfg.receiver)}</wsa:To>` +
      `<wsa:MessageID ${wsa}>urn:uuid:${messageId}</wsa:MessageID>` +
      `<wsa:ReferenceParameters ${wsa}><qcom:suppressResponseDetail xmlns:qcom="${QXTEND_NS.qcom}">false</qcom:suppressResponseDetail></wsa:ReferenceParameters>` +
      `<wsa:ReplyTo ${wsa}><wsa:Address>${QXTEND_RECEIVER_URN_PREFIX}</wsa:Address></wsa:ReplyTo>`
    );
  }

  function sessionContext(key: QxtendQdocKey, entity?: string) {
    const rows: [string, string][] = [
      ['domain', cfg.domain],
      ['scopeTransaction', 'true'],
      ['version', cfg.qdocs[key].version],
    ];
    // Optional in practice (sheet 1.3a): sent when stored; the redactor hides them in any log line.
    if (credentials) rows.push(['username', credentials.username], ['password', credentials.password]);
    if (FIN_QDOCS.has(key) && entity) rows.push(['action', QXTEND_FIN_ACTION], ['entity', entity]);
    return {
      ttContext: rows.map(([propertyName, propertyValue]) => ({
        propertyQualifier: 'QAD',
        propertyName,
        propertyValue,
      })),
    };
  }

  function missingOperations(operations: Set<string>): QxtendQdocKey[] {
    return USED_QDOCS.filter((key) => !operations.has(cfg.qdocs[key].name));
  }

  function describeMissing(keys: readonly QxtendQdocKey[]): string {
    return keys.map((k) => `${cfg.qdocs[k].name} (setting qad.qxtend.qdocs.${k}.name)`).join(', ');
  }

  /** One QDoc request; throws classified errors. `beforeSend` failures are marked not sent. */
  async function call(
    key: QxtendQdocKey,
    dataset: Record<string, unknown>,
    what: string,
    entity?: string,
  ): Promise<QdocReply> {
    const qdoc = cfg.qdocs[key];
    let loaded: { client: Client; operations: Set<string> };
    try {
      loaded = await connect();
    } catch (error) {
      throw error instanceof QadTransientError
        ? new QadTransientError(error.message, {
            transport: 'qxtend',
            outcome: 'not_sent',
            ...(error.code ? { code: error.code } : {}),
          })
        : error;
    }
    if (!loaded.operations.has(qdoc.name))
      throw new QadConfigError(
        `The QXtend receiver's WSDL has no operation ${describeMissing([key])}. Missing: ${describeMissing(missingOperations(loaded.operations))}.`,
        { transport: 'qxtend', setting: `qad.qxtend.qdocs.${key}.name`, outcome: 'not_sent' },
      );
    const method = (loaded.client as unknown as Record<string, unknown>)[`${qdoc.name}Async`];
    if (typeof method !== 'function')
      throw new QadConfigError(`The soap client has no method for QDoc ${qdoc.name}.`, {
        transport: 'qxtend',
        outcome: 'not_sent',
      });
    const holder: ExchangeHolder = {};
    const c = ctx(what);
    try {
      await (method as (args: unknown, options: unknown) => Promise<unknown>).call(
        loaded.client,
        { dsSessionContext: sessionContext(key, entity), ...dataset },
        { mlcExchange: holder, mlcWhat: what },
      );
    } catch {
      // The package's own reading of the reply is not used: the raw exchange decides below.
    }
    if (holder.error) throw holder.error;
    if (!holder.exchange)
      throw new QadConfigError(`The ${qdoc.name} request could not be built from the WSDL.`, {
        transport: 'qxtend',
        outcome: 'not_sent',
      });
    return readQdocReply(holder.exchange, { name: qdoc.name, key }, c);
  }

  // ------------------------------------------------------------------------------------------- reads

  async function listRows(key: QadRestCollectionKey, filters: Readonly<Record<string, string>>) {
    const qdocKey = QUERY_QDOC[key];
    return readAllPages(
      async (page) => {
        const reply = await resilience.read(
          () =>
            call(
              qdocKey,
              { dsQuery: { ttFilter: { ...filters, page: String(page), pageSize: String(cfg.pageSize) } } },
              `reading ${key} (page ${page})`,
            ),
          options.signal,
        );
        return queryRows(reply.datasets);
      },
      { pageSize: cfg.pageSize, key, system: 'QXtend', log },
    );
  }

  // ------------------------------------------------------------------------------------------ writes

  async function send(
    key: 'supplierInvoice' | 'journalEntry',
    kind: QadDocumentKind,
    dataset: Record<string, unknown>,
    input: { externalRef: string; entity: string },
  ): Promise<SendResult> {
    const reply = await call(
      key,
      dataset,
      `posting ${kind.replace('_', ' ')} ${input.externalRef}`,
      input.entity,
    );
    const document = echoedDocument(reply.datasets, kind, input.externalRef);
    return {
      ...(document ? { document } : {}),
      warnings: reply.messages.filter((m) => m.severity !== 'error' || reply.result === 'warning'),
    };
  }

  // ------------------------------------------------------------------------------------------- check

  async function check(entities: () => Promise<readonly string[]>): Promise<QadCheckStep[]> {
    const steps: QadCheckStep[] = [];
    const text = (error: unknown) => (error instanceof Error ? error.message : String(error));
    let loaded: { client: Client; operations: Set<string> };
    try {
      client = undefined;
      loaded = await connect();
      steps.push({ check: 'reachable', ok: true, message: `QXtend answers at ${endpoint}.` });
      steps.push({
        check: 'WSDL read',
        ok: true,
        message: `Read the WSDL of receiver ${cfg.receiver} (${loaded.operations.size} QDocs).`,
      });
    } catch (error) {
      const reachable =
        error instanceof QadError && error.outcome !== 'not_sent' && error.status !== undefined;
      steps.push({
        check: 'reachable',
        ok: reachable,
        message: reachable ? `QXtend answers at ${endpoint}.` : text(error),
      });
      if (reachable) steps.push({ check: 'WSDL read', ok: false, message: text(error) });
      return steps;
    }
    const missing = missingOperations(loaded.operations);
    steps.push(
      missing.length === 0
        ? { check: 'paths valid', ok: true, message: 'Every QDoc the connector sends is in the WSDL.' }
        : { check: 'paths valid', ok: false, message: `Missing in the WSDL: ${describeMissing(missing)}.` },
    );
    if (missing.includes('queryGlPeriods')) return steps;
    // A query proves the credentials and the domain: QXtend checks both on every request.
    let periods: unknown[];
    try {
      periods = await listRows('glPeriods', {});
      steps.push({
        check: 'credentials accepted',
        ok: true,
        message: credentials
          ? 'QXtend accepted the user name and password.'
          : 'QXtend accepted a request without stored credentials.',
      });
      steps.push({ check: 'domain exists', ok: true, message: `Domain ${cfg.domain} is accepted.` });
    } catch (error) {
      if (error instanceof QadAuthError) {
        steps.push({ check: 'credentials accepted', ok: false, message: text(error) });
        return steps;
      }
      steps.push({
        check: 'credentials accepted',
        ok: !(error instanceof QadResponseError),
        message: 'QXtend answered the request.',
      });
      steps.push({ check: 'domain exists', ok: false, message: text(error) });
      return steps;
    }
    try {
      const known = new Set(toGlPeriods(periods, 'qxtend').map((p) => p.entity));
      const wanted = await entities();
      const absent = wanted.filter((e) => !known.has(e));
      steps.push(
        wanted.length === 0
          ? { check: 'entities exist', ok: false, message: 'QAD returned no entity (no GL calendar rows).' }
          : absent.length === 0
            ? { check: 'entities exist', ok: true, message: `Entities found in QAD: ${wanted.join(', ')}.` }
            : {
                check: 'entities exist',
                ok: false,
                message: `QAD has no GL calendar for ${absent.join(', ')}; check qad.entities.`,
              },
      );
    } catch (error) {
      steps.push({ check: 'entities exist', ok: false, message: text(error) });
    }
    return steps;
  }

  return {
    transport: 'qxtend',
    resilience,
    readBackAfterCreate: true,
    listRows,
    sendSupplierInvoice: (input: QadSupplierInvoiceInput) =>
      send('supplierInvoice', 'supplier_invoice', { BCInvoice: bcinvoiceDataset(input, cfg.domain) }, input),
    sendJournalEntry: (input: QadJournalEntryInput) =>
      send('journalEntry', 'journal_entry', { BJournalEntry: bjournalentryDataset(input) }, input),
    check,
  };
}

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
