// Replies that are not QAD answers: malformed SOAP, an HTML error page, an empty body, a JSON error envelope,
// SOAP faults. Each becomes a typed error with a message a person understands, never an unhandled exception;
// an unreadable reply to a create leads to a look-up by reference, not to a second post.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createQadGateway } from '../../../electron/connectors/qad/gateway.ts';
import {
  QadAuthError,
  QadConfigError,
  QadError,
  QadResponseError,
  QadTransientError,
} from '../../../electron/connectors/qad/errors.ts';
import { resetBreakers } from '../../../electron/connectors/qad/resilience.ts';
import type { QadSimulators } from '../../../electron/sandbox/qad/index.ts';
import {
  demoCompany,
  invoiceInput,
  memorySecrets,
  sandboxSecrets,
  settingsVia,
  startSims,
  type Mode,
} from './helpers.ts';
import { callOf, HTML_ERROR_PAGE, startProxy, type Canned, type Proxy } from './proxy.ts';

let sims: QadSimulators;
let proxy: Proxy | undefined;

beforeEach(async () => {
  resetBreakers();
  sims = await startSims(demoCompany());
});

afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  await sims.close();
});

const SOAP = 'http://schemas.xmlsoap.org/soap/envelope/';
const xml = (status: number, body: string): Canned => ({
  status,
  headers: { 'content-type': 'text/xml' },
  body,
});
const fault = (code: string, text: string) =>
  xml(
    500,
    `<s:Envelope xmlns:s="${SOAP}"><s:Body><s:Fault><faultcode>s:${code}</faultcode><faultstring>${text}</faultstring></s:Fault></s:Body></s:Envelope>`,
  );

/** Starts a proxy that answers every master-data read with `reply` and passes the rest on. */
async function readsAnswered(mode: Mode, reply: Canned) {
  proxy = await startProxy(mode === 'rest' ? sims.rest.url : sims.qxtend.url, (r) =>
    callOf(r) === 'read' ? reply : 'pass',
  );
  return createQadGateway(settingsVia(mode, sims, proxy.url), sandboxSecrets());
}

async function failure(promise: Promise<unknown>): Promise<QadError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(QadError);
  return error as QadError;
}

describe.each(['rest', 'qxtend'] as const)('unreadable replies over %s', (mode: Mode) => {
  it('an HTML error page with 200 is a response error naming the page', async () => {
    const g = await readsAnswered(mode, {
      status: 200,
      headers: { 'content-type': 'text/html' },
      body: HTML_ERROR_PAGE,
    });
    const error = await failure(g.listSuppliers());
    expect(error).toBeInstanceOf(QadResponseError);
    expect(error.message).toMatch(/HTML page \("502 Proxy Error"\)/);
  });

  it('an HTML error page with 502 is transient (retried, then reported)', async () => {
    const g = await readsAnswered(mode, {
      status: 502,
      headers: { 'content-type': 'text/html' },
      body: HTML_ERROR_PAGE,
    });
    const error = await failure(g.listSuppliers());
    expect(error).toBeInstanceOf(QadTransientError);
    expect(error.message).toMatch(/answered 502 with an HTML page/);
    expect(proxy!.requests.filter((r) => callOf(r) === 'read')).toHaveLength(4);
  });

  it('an empty body is a response error', async () => {
    const g = await readsAnswered(mode, { status: 200, body: '' });
    const error = await failure(g.listSuppliers());
    expect(error).toBeInstanceOf(QadResponseError);
    expect(error.message).toMatch(/an empty reply/);
  });

  it('a JSON error envelope is read for its message', async () => {
    const g = await readsAnswered(mode, {
      status: 500,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        supplementaryMessages: [{ severity: 'error', message: 'Database unavailable' }],
      }),
    });
    const error = await failure(g.listSuppliers());
    expect(error).toBeInstanceOf(QadTransientError);
    expect(error.message).toMatch(/JSON error: Database unavailable/);
  });

  it('an unreadable reply to a create is reconciled by reference, not re-sent', async () => {
    proxy = await startProxy(mode === 'rest' ? sims.rest.url : sims.qxtend.url, (r) =>
      callOf(r) === 'create'
        ? { after: { status: 200, headers: { 'content-type': 'text/html' }, body: HTML_ERROR_PAGE } }
        : 'pass',
    );
    const g = await createQadGateway(settingsVia(mode, sims, proxy.url), sandboxSecrets());
    const result = await g.createSupplierInvoice(invoiceInput('MLC-CONCUR-html'));
    expect(result).toMatchObject({ outcome: 'posted', recovered: true });
    expect(proxy.requests.filter((r) => callOf(r) === 'create')).toHaveLength(1);
    expect(sims.model.invoices.filter((i) => i.description === 'MLC-CONCUR-html')).toHaveLength(1);
  });

  it('a wrong password is "credentials rejected", never retried', async () => {
    proxy = await startProxy(mode === 'rest' ? sims.rest.url : sims.qxtend.url, () => 'pass');
    const g = await createQadGateway(
      settingsVia(mode, sims, proxy.url),
      memorySecrets({ 'qad.username': 'mlc-demo', 'qad.password': 'not-the-password' }),
    );
    const error = await failure(g.listSuppliers());
    expect(error).toBeInstanceOf(QadAuthError);
    expect(error.message).toMatch(/credentials rejected/);
    expect(proxy.requests.filter((r) => callOf(r) === 'token' || callOf(r) === 'read')).toHaveLength(1);
  });
});

describe('unreadable QXtend replies', () => {
  it('malformed SOAP is a response error naming the XML problem', async () => {
    const g = await readsAnswered(
      'qxtend',
      xml(200, `<soapenv:Envelope xmlns:soapenv="${SOAP}"><soapenv:Body><broken></soapenv:Body>`),
    );
    const error = await failure(g.listSuppliers());
    expect(error).toBeInstanceOf(QadResponseError);
    expect(error.message).toMatch(/not well-formed/);
  });

  it('a SOAP 1.2 envelope, a missing result and a foreign root element are response errors', async () => {
    for (const body of [
      '<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body/></e:Envelope>',
      `<s:Envelope xmlns:s="${SOAP}"><s:Body><q:querySupplierResponse xmlns:q="urn:schemas-qad-com:xml-services"/></s:Body></s:Envelope>`,
      '<rss version="2.0"><channel/></rss>',
    ]) {
      resetBreakers();
      const g = await readsAnswered('qxtend', xml(200, body));
      const error = await failure(g.listSuppliers());
      expect(error).toBeInstanceOf(QadResponseError);
      expect(error.message).toMatch(/SOAP 1\.2|no result|instead of a SOAP envelope/);
      await proxy?.close();
    }
  });

  it('SOAP faults are classified: Server transient, unknown receiver configuration', async () => {
    const server = await readsAnswered('qxtend', fault('Server', 'Database connection lost'));
    const transient = await failure(server.listSuppliers());
    expect(transient).toBeInstanceOf(QadTransientError);
    expect(transient.message).toMatch(/Database connection lost/);
    await proxy?.close();

    resetBreakers();
    const client = await readsAnswered(
      'qxtend',
      fault('Client', 'Unknown receiver "urn:services-qad-com:nope".'),
    );
    const config = await failure(client.listSuppliers());
    expect(config).toBeInstanceOf(QadConfigError);
    expect((config as QadConfigError).setting).toBe('qad.qxtend.receiver');
  });

  it('a dsExceptions row in another prefix is still read by namespace', async () => {
    const g = await readsAnswered(
      'qxtend',
      xml(
        200,
        `<s:Envelope xmlns:s="${SOAP}"><s:Body><a:querySupplierResponse xmlns:a="urn:schemas-qad-com:xml-services" xmlns:zz="urn:schemas-qad-com:xml-services:common">` +
          '<a:result>error</a:result><zz:dsExceptions><zz:temp_err_msg><zz:tt_msg_nbr>1002</zz:tt_msg_nbr>' +
          '<zz:tt_msg_desc>Domain "XX" does not exist.</zz:tt_msg_desc><zz:tt_msg_field>domain</zz:tt_msg_field></zz:temp_err_msg></zz:dsExceptions>' +
          '</a:querySupplierResponse></s:Body></s:Envelope>',
      ),
    );
    const error = await failure(g.listSuppliers());
    expect(error.kind).toBe('business');
    expect(error.message).toMatch(/Domain "XX" does not exist/);
  });
});

describe('unreadable REST replies', () => {
  it('truncated JSON is a response error', async () => {
    const g = await readsAnswered('rest', {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"supplierV2s": [',
    });
    const error = await failure(g.listSuppliers());
    expect(error).toBeInstanceOf(QadResponseError);
  });

  it('a tenant URL that does not answer at all is reported as unreachable', async () => {
    proxy = await startProxy(undefined, () => 'pass');
    const url = proxy.url;
    await proxy.close();
    proxy = undefined;
    const g = await createQadGateway(settingsVia('rest', sims, url), sandboxSecrets());
    const error = await failure(g.listSuppliers());
    expect(error).toBeInstanceOf(QadTransientError);
    expect(error.message).toMatch(/not reachable \(ECONNREFUSED\)/);
  });
});
