import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../electron/log/logger.ts';
import { REDACTED, Redactor } from '../../electron/log/redact.ts';

// Canary secrets: if any of these (or an encoding of them) reaches a log line, the test fails.
const PARTNER_SECRET = 'exp-SECRET-7c1e9a44b2d0';
const PARTNER_ID = 'aa_api_canary_example_com';
const CLIENT_SECRET = 'concur-client-SECRET-51d2+/=';
const REFRESH = 'concur-refresh-SECRET-0f9e8d7c';
const QAD_PASSWORD = 'qad p@ss SECRET 993';
const ACCESS = 'eyJhbGciOi.access-SECRET-token.sig';
const CANARIES = [PARTNER_SECRET, PARTNER_ID, CLIENT_SECRET, REFRESH, QAD_PASSWORD, ACCESS];

function encodings(value: string): string[] {
  return [
    value,
    encodeURIComponent(value),
    encodeURIComponent(value).replace(/%20/g, '+'),
    Buffer.from(value).toString('base64').replace(/=+$/, ''),
  ];
}

function expectNoCanary(text: string): void {
  for (const canary of CANARIES) {
    for (const form of encodings(canary)) expect(text, `leaked ${canary} as ${form}`).not.toContain(form);
  }
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mlc-log-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('log file redaction', () => {
  it('never writes a registered or key-named secret, whatever shape the record has', () => {
    const redactor = new Redactor();
    for (const secret of [CLIENT_SECRET, REFRESH, QAD_PASSWORD]) redactor.register(secret);
    const logger = createLogger({ dataDir: dir, redactor, level: 'debug' });
    const log = logger.child('connectors').child('expensify');

    // Expensify: credentials inline in a URL-encoded form body (requestJobDescription JSON).
    const job = {
      type: 'get',
      credentials: { partnerUserID: PARTNER_ID, partnerUserSecret: PARTNER_SECRET },
    };
    log.debug(
      { body: `requestJobDescription=${encodeURIComponent(JSON.stringify(job))}` },
      'expensify request',
    );
    log.debug({ job }, 'expensify job object');
    log.info({ body: JSON.stringify(job) }, 'expensify request as JSON text');

    // Concur: token call form body, Basic auth header, token response, bearer header.
    log.info(
      {
        url: 'https://us.api.concursolutions.com/oauth2/v0/token',
        body: `client_id=abc&client_secret=${encodeURIComponent(CLIENT_SECRET)}&grant_type=refresh_token&refresh_token=${REFRESH}`,
        headers: { Authorization: `Basic ${Buffer.from(`client-id:${CLIENT_SECRET}`).toString('base64')}` },
      },
      'concur token request',
    );
    log.info(
      { response: { access_token: ACCESS, refresh_token: REFRESH, expires_in: 3600 } },
      'token response',
    );
    log.info(`calling with Authorization: Bearer ${ACCESS}`);

    // QXtend: username/password as ttContext rows inside dsSessionContext, in XML text and parsed form.
    const soap = `<soapenv:Envelope><soapenv:Body><maintainSupplier><qcom:dsSessionContext>
      <qcom:ttContext><qcom:propertyQualifier>QAD</qcom:propertyQualifier><qcom:propertyName>username</qcom:propertyName><qcom:propertyValue>mfg-canary-user</qcom:propertyValue></qcom:ttContext>
      <qcom:ttContext><qcom:propertyQualifier>QAD</qcom:propertyQualifier><qcom:propertyName>password</qcom:propertyName><qcom:propertyValue>${QAD_PASSWORD}</qcom:propertyValue></qcom:ttContext>
      </qcom:dsSessionContext></maintainSupplier></soapenv:Body></soapenv:Envelope>`;
    log.debug({ request: soap }, 'qxtend request');
    log.debug(
      {
        dsSessionContext: {
          ttContext: [
            { propertyQualifier: 'QAD', propertyName: 'username', propertyValue: 'mfg-canary-user' },
            { propertyQualifier: 'QAD', propertyName: 'password', propertyValue: QAD_PASSWORD },
          ],
        },
      },
      'qxtend parsed',
    );

    // Free text and errors: a secret echoed back in an error message or a URL.
    log.error({ err: new Error(`server rejected token ${REFRESH}`) }, 'refresh failed');
    log.warn(`proxy https://user:${encodeURIComponent(QAD_PASSWORD)}@proxy.plant.local:3128 refused`);
    logger.close();

    const text = readFileSync(join(dir, 'logs', 'ml-connector.log'), 'utf8');
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(10);
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    expectNoCanary(text);
    expect(text).not.toContain('mfg-canary-user');
    // Non-secret context stays readable.
    expect(text).toContain('"scope":"connectors.expensify"');
    expect(text).toContain('grant_type=refresh_token');
    expect(text).toContain('propertyName>password</');
    expect(text).toContain(REDACTED);
  });

  it('writes the log file private to the user', () => {
    const logger = createLogger({ dataDir: dir });
    logger.info('hello');
    logger.close();
    const file = join(dir, 'logs', 'ml-connector.log');
    expect(readFileSync(file, 'utf8')).toContain('"msg":"hello"');
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe('Redactor', () => {
  it('leaves ordinary data alone and never mutates its input', () => {
    const redactor = new Redactor();
    const input = {
      documentId: 'MLC-concur-1234',
      tokenUrl: 'https://us.api.concursolutions.com/oauth2/v0/token',
      amountMinor: 125_00,
      headers: { 'content-type': 'application/json', 'x-api-key': 'k-123456' },
    };
    const copy = structuredClone(input);
    const out = redactor.redact(input);
    expect(input).toEqual(copy);
    expect(out).toEqual({ ...copy, headers: { 'content-type': 'application/json', 'x-api-key': REDACTED } });
  });

  it('scrubs a registered value embedded in base64 at any byte offset', () => {
    const redactor = new Redactor();
    redactor.register(PARTNER_SECRET);
    for (const prefix of ['', 'a', 'ab', 'abc:']) {
      const encoded = Buffer.from(`${prefix}${PARTNER_SECRET}-suffix`).toString('base64');
      expect(redactor.redactString(`header ${encoded}`)).not.toContain(encoded);
    }
  });

  it('handles cycles and deep nesting without throwing', () => {
    const redactor = new Redactor();
    const node: Record<string, unknown> = { name: 'root', password: 'pw-value-1' };
    node.self = node;
    expect(redactor.redact(node)).toEqual({ name: 'root', password: REDACTED, self: '[Circular]' });
  });
});
