// QAD QXtend Inbound simulator (sheet section 1): SOAP 1.1 `QdocWebService` with a WSDL at `?wsdl`, the
// WS-Addressing header (`wsa:To` = `urn:services-qad-com:<receiver>`), `dsSessionContext` rows, and
// `<qdoc>Response` bodies with `result` and `dsExceptions/temp_err_msg`.
// Built on the `soap` package's server in its serverless form (`processRequest`), so it runs behind the
// shared simulator plumbing (fault injection, lost replies, request log). The package cannot express three
// things, handled here before it sees the request: malformed XML (it answers with an envelope that is itself
// not well-formed), unknown QDocs (it answers with a stack trace instead of a fault) and SOAP 1.2 envelopes.
// Bodies are written as raw XML (`_xml`) to get QAD's `ns3` prefix and the missing `dsExceptions` of a clean
// success (sheet 1.3a).
import { randomUUID } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { listen, type IServices, type Server as SoapServer } from 'soap';
import { startSimServer, text, type SimRequest, type SimResponse, type SimServer } from '../http-server.ts';
import type { SimClock } from '../clock.ts';
import type { FaultInjector } from '../faults.ts';
import {
  QXTEND_FIN_ACTION,
  QXTEND_RECEIVER_URN_PREFIX,
  type QxtendQdocKey,
} from '../../connectors/qad/defaults.ts';
import type { QadModel } from './model.ts';
import { resolveQxtendOptions, type QadCredentials, type QxtendOptions } from './options.ts';
import { text as nodeText, children, type Node } from './qxtend-parse.ts';
import {
  journalEntry,
  query,
  QUERY_COLLECTIONS,
  receivePurchaseOrder,
  supplierInvoice,
  type QdocInput,
  type QdocOutcome,
} from './qxtend-qdocs.ts';
import { OPERATION } from './read-rows.ts';
import {
  qadTimestamp,
  replyHeadersXml,
  responseBodyXml,
  SoapFaultError,
  soapFaultXml,
  type ContextRow,
} from './qxtend-xml.ts';
import { buildQxtendWsdl } from './qxtend-wsdl.ts';

export interface QadQxtendServer extends SimServer {
  /** `http://127.0.0.1:<port>/qxi/services/QdocWebService` */
  readonly endpointUrl: string;
  readonly wsdlUrl: string;
  readonly receiver: string;
}

export interface QadQxtendServerInput {
  readonly model: QadModel;
  readonly clock: SimClock;
  readonly credentials: QadCredentials;
  readonly options?: QxtendOptions;
  readonly faults?: FaultInjector;
  readonly admin?: (request: SimRequest) => SimResponse | undefined | Promise<SimResponse | undefined>;
}

interface RequestContext {
  operation?: string;
}

const CONTEXT_HEADER = 'x-qad-sim-request';
const XML_TYPE = 'text/xml; charset=utf-8';
const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';

const WRITE_OPERATIONS: Readonly<Partial<Record<QxtendQdocKey, string>>> = {
  supplierInvoice: 'supplierInvoice.create',
  journalEntry: 'journalEntry.create',
  receivePurchaseOrder: 'purchaseOrder.receive',
};

const DATASETS: Readonly<Partial<Record<QxtendQdocKey, string>>> = {
  supplierInvoice: 'BCInvoice',
  journalEntry: 'BJournalEntry',
  receivePurchaseOrder: 'dsPurchaseOrderReceive',
};

function contextRows(body: Node): ContextRow[] {
  const context = children(body, 'dsSessionContext')[0];
  return children(context, 'ttContext').map((row) => ({
    qualifier: nodeText(row.propertyQualifier),
    name: nodeText(row.propertyName),
    value: nodeText(row.propertyValue),
  }));
}

export async function startQadQxtendServer(input: QadQxtendServerInput): Promise<QadQxtendServer> {
  const { model, clock, credentials } = input;
  const options = resolveQxtendOptions(input.options);
  const byName = new Map<string, QxtendQdocKey>(
    (Object.entries(options.qdocs) as [QxtendQdocKey, { name: string }][]).map(([key, q]) => [q.name, key]),
  );
  // Dataset element of each QDoc for the WSDL; queries take a free-form `dsQuery` (our own, sheet 1.6).
  const operations = new Map<string, string>(
    [...byName].map(([name, key]) => [name, DATASETS[key] ?? 'dsQuery']),
  );
  const contexts = new Map<string, RequestContext>();
  const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true });

  function perform(key: QxtendQdocKey, body: Node, headers: unknown, ctx: RequestContext): { _xml: string } {
    const qdoc = options.qdocs[key];
    const collection = QUERY_COLLECTIONS[key];
    ctx.operation = WRITE_OPERATIONS[key] ?? (collection ? `${OPERATION[collection]}.list` : qdoc.name);
    const header = (headers ?? undefined) as Node | undefined;
    const to = nodeText(header?.To);
    if (!header || to === '')
      throw new SoapFaultError(
        'Client',
        'Missing mandatory WS-Addressing header wsa:To (urn:services-qad-com:<receiver>).',
      );
    if (
      !to.startsWith(QXTEND_RECEIVER_URN_PREFIX) ||
      to.slice(QXTEND_RECEIVER_URN_PREFIX.length) !== options.receiver
    )
      throw new SoapFaultError('Client', `Unknown receiver "${to}".`);
    const rows = contextRows(body);
    const value = (name: string) =>
      rows.find((r) => r.name === name && r.qualifier.toUpperCase() === 'QAD')?.value;
    const version = value('version');
    if (!version) throw new SoapFaultError('Client', 'Missing mandatory session context property "version".');
    if (version !== qdoc.version)
      throw new SoapFaultError(
        'Client',
        `API ${qdoc.name}-${version} is not enabled on receiver ${options.receiver} (expected ${qdoc.name}-${qdoc.version}).`,
      );
    // username/password rows are optional in practice; the check can be switched off (sheet 1.3a).
    if (
      options.requireCredentials &&
      (value('username') !== credentials.username || value('password') !== credentials.password)
    )
      throw new SoapFaultError('Client', 'Authentication failed: invalid username or password.');
    const action = value('action');
    if ((key === 'supplierInvoice' || key === 'journalEntry') && action && action !== QXTEND_FIN_ACTION)
      throw new SoapFaultError(
        'Client',
        `Unsupported action "${action}" for ${qdoc.name}; expected ${QXTEND_FIN_ACTION}.`,
      );

    const qdocInput: QdocInput = {
      model,
      body,
      domain: value('domain') ?? '',
      entity: value('entity') ?? '',
      silentNoOpReferences: options.silentNoOpReferences,
    };
    let outcome: QdocOutcome;
    if (key === 'supplierInvoice') outcome = supplierInvoice(qdocInput);
    else if (key === 'journalEntry') outcome = journalEntry(qdocInput);
    else if (key === 'receivePurchaseOrder') outcome = receivePurchaseOrder(qdocInput);
    else {
      if (!collection) throw new SoapFaultError('Server', `QDoc ${qdoc.name} has no handler.`);
      const answer = query(qdocInput, collection, qdoc.name);
      ctx.operation = `${OPERATION[collection]}.${answer.find ? 'find' : 'list'}`;
      outcome = answer;
    }
    return {
      _xml: responseBodyXml({
        qdoc: qdoc.name,
        result: outcome.result,
        context: rows,
        messages: outcome.messages,
        ...(outcome.payload === undefined ? {} : { payload: outcome.payload }),
        at: qadTimestamp(clock.now()),
        emptyExceptionsOnSuccess: options.emptyExceptionsOnSuccess,
      }),
    };
  }

  const methods: Record<string, (args: unknown, cb: unknown, headers: unknown, req: unknown) => unknown> = {};
  for (const [name, key] of byName) {
    methods[name] = (args, _cb, headers, req) => {
      const id = (req as { headers?: Record<string, string> }).headers?.[CONTEXT_HEADER] ?? '';
      const ctx = contexts.get(id) ?? {};
      return perform(key, (args ?? {}) as Node, headers, ctx);
    };
  }
  const services: IServices = { QdocWebService: { QdocWebService: methods } };
  const soapServer = await new Promise<SoapServer>((resolve, reject) => {
    const created: SoapServer = listen(null, {
      path: options.path,
      services,
      xml: buildQxtendWsdl(operations, `http://127.0.0.1${options.path}`),
      envelopeKey: 'soapenv',
      suppressStack: true,
      callback: (error: unknown) =>
        error
          ? reject(error instanceof Error ? error : new Error('the QXtend WSDL did not load'))
          : resolve(created),
    });
  });
  soapServer.addSoapHeader((_method: string, _args: unknown, headers: unknown) =>
    replyHeadersXml(
      qadTimestamp(clock.now()),
      nodeText((headers as Node | undefined)?.MessageID) || undefined,
    ),
  );

  const fault = (
    code: 'Client' | 'Server' | 'VersionMismatch',
    message: string,
    operation = 'soap.fault',
  ): SimResponse => ({
    ...text(500, soapFaultXml(code, message), XML_TYPE),
    operation,
  });

  async function handler(request: SimRequest): Promise<SimResponse> {
    if (request.path.replace(/\/$/, '') !== options.path) return text(404, `no service at ${request.path}`);
    if (request.method === 'GET') {
      if ([...request.query.keys()].some((k) => k.toLowerCase() === 'wsdl'))
        return {
          ...text(200, buildQxtendWsdl(operations, `${request.baseUrl}${options.path}`), XML_TYPE),
          operation: 'wsdl.get',
        };
      return text(200, 'QdocWebService: POST a SOAP envelope, or GET ?wsdl.');
    }
    if (request.method !== 'POST') return text(405, 'Method Not Allowed');
    const xml = request.body.toString('utf8');
    const valid = XMLValidator.validate(xml);
    if (valid !== true)
      return fault(
        'Client',
        `Malformed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col}).`,
      );
    if (xml.includes(SOAP12_NS)) return fault('VersionMismatch', 'QXtend accepts SOAP 1.1 envelopes only.');
    let parsed: Node;
    try {
      parsed = parser.parse(xml) as Node;
    } catch (error) {
      return fault('Client', `Malformed XML: ${error instanceof Error ? error.message : String(error)}`);
    }
    const envelope = parsed.Envelope as Node | undefined;
    const body = envelope?.Body as Node | undefined;
    if (!envelope || body === undefined || body === null || typeof body !== 'object')
      return fault('Client', 'Not a SOAP envelope: soapenv:Envelope/soapenv:Body is missing.');
    const qdoc = Object.keys(body)[0] ?? '';
    const key = byName.get(qdoc);
    if (!key) return fault('Client', `Unknown QDoc "${qdoc}": no such API on receiver ${options.receiver}.`);

    const id = randomUUID();
    const ctx: RequestContext = {};
    contexts.set(id, ctx);
    try {
      const answer = await soapServer.processRequest(xml, {
        url: options.path,
        headers: { 'content-type': XML_TYPE, [CONTEXT_HEADER]: id },
      });
      const operation = ctx.operation ?? WRITE_OPERATIONS[key] ?? 'soap.fault';
      // Anything the package could not turn into a proper envelope becomes a Server fault.
      if (
        XMLValidator.validate(answer.body) !== true ||
        (answer.statusCode >= 500 && !answer.body.includes('Fault>'))
      )
        return fault('Server', 'Internal error while processing the QDoc.', operation);
      return {
        status: answer.statusCode,
        headers: { 'content-type': XML_TYPE },
        body: answer.body,
        operation,
      };
    } finally {
      contexts.delete(id);
    }
  }

  const server = await startSimServer({
    name: 'qad-qxtend',
    handler,
    clock,
    ...(input.faults ? { faults: input.faults } : {}),
    ...(input.admin ? { admin: input.admin } : {}),
  });
  const endpointUrl = `${server.url}${options.path}`;
  return Object.assign(server, { endpointUrl, wsdlUrl: `${endpointUrl}?wsdl`, receiver: options.receiver });
}
