// Shared fixtures for the QAD simulator tests: a demo company pinned to a fixed "today" so GL periods are
// deterministic, picks of purchase orders in known receipt states, and a QDoc envelope builder.
import {
  generateDemoCompany,
  type DemoCompany,
  type DemoPurchaseOrder,
} from '../../../electron/sandbox/demo/company.ts';

export const AS_OF = '2026-06-15';
/** June 2026: open in both entities. */
export const OPEN_DATE = '2026-06-10';
/** March 2026: closed in both entities. */
export const CLOSED_DATE = '2026-03-10';

export function company(): DemoCompany {
  return generateDemoCompany({ asOf: AS_OF });
}

export function poWithoutReceipts(c: DemoCompany, entity = '10USA'): DemoPurchaseOrder {
  const po = c.purchaseOrders.find(
    (p) => p.entity === entity && !c.receipts.some((r) => r.poNumber === p.number),
  );
  if (!po) throw new Error('demo company has no unreceived PO');
  return po;
}

export function fullyReceivedPo(c: DemoCompany, entity = '10USA'): DemoPurchaseOrder {
  const po = c.purchaseOrders.find(
    (p) =>
      p.entity === entity &&
      p.lines.every((l) =>
        c.receipts.some((r) => r.poNumber === p.number && r.poLine === l.line && r.quantity === l.quantity),
      ),
  );
  if (!po) throw new Error('demo company has no fully received PO');
  return po;
}

/** Decimal string of minor units with two decimals (the test currencies are USD and EUR). */
export const dec = (minor: number): string =>
  `${minor < 0 ? '-' : ''}${Math.floor(Math.abs(minor) / 100)}.${String(Math.abs(minor) % 100).padStart(2, '0')}`;

export interface EnvelopeOptions {
  readonly qdoc: string;
  readonly dataset: string;
  readonly receiver?: string;
  readonly version?: string;
  readonly username?: string | null;
  readonly password?: string | null;
  readonly domain?: string;
  readonly entity?: string;
  readonly header?: boolean;
  readonly messageId?: string;
}

const row = (name: string, value: string) =>
  `<qcom:ttContext><qcom:propertyQualifier>QAD</qcom:propertyQualifier><qcom:propertyName>${name}</qcom:propertyName><qcom:propertyValue>${value}</qcom:propertyValue></qcom:ttContext>`;

/** The request skeleton of sheet 1.2, as real clients send it. */
export function envelope(o: EnvelopeOptions): string {
  const context = [
    row('domain', o.domain ?? 'QMFG'),
    row('version', o.version ?? 'ERP3_1'),
    row('scopeTransaction', 'true'),
    o.username === null ? '' : row('username', o.username ?? 'mlc-demo'),
    o.password === null ? '' : row('password', o.password ?? 'sandbox-password'),
    o.entity ? row('entity', o.entity) + row('action', 'Save') : '',
  ].join('');
  const header =
    o.header === false
      ? ''
      : `<soapenv:Header><wsa:Action/><wsa:To>urn:services-qad-com:${o.receiver ?? 'qad_erp'}</wsa:To>` +
        `<wsa:MessageID>${o.messageId ?? 'urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e'}</wsa:MessageID>` +
        '<wsa:ReferenceParameters><qcom:suppressResponseDetail>false</qcom:suppressResponseDetail></wsa:ReferenceParameters>' +
        '<wsa:ReplyTo><wsa:Address>urn:services-qad-com:</wsa:Address></wsa:ReplyTo></soapenv:Header>';
  return (
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:wsa="http://www.w3.org/2005/08/addressing" ' +
    'xmlns="urn:schemas-qad-com:xml-services" xmlns:qcom="urn:schemas-qad-com:xml-services:common">' +
    header +
    `<soapenv:Body><${o.qdoc}><qcom:dsSessionContext>${context}</qcom:dsSessionContext>${o.dataset}</${o.qdoc}></soapenv:Body>` +
    '</soapenv:Envelope>'
  );
}

export async function postSoap(url: string, xml: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
    body: xml,
  });
  return { status: response.status, body: await response.text() };
}

/** Reads a parsed JSON or XML document by a dotted path (`submitResult.errors.0.fieldName`). */
export function at(value: unknown, path: string): unknown {
  let current = value;
  for (const step of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  return current;
}

/** The rows at `path` as a list: XML parsers give one row as an object and several as an array. */
export function items(value: unknown, path: string): unknown[] {
  const found = at(value, path);
  return Array.isArray(found) ? (found as unknown[]) : found === undefined || found === '' ? [] : [found];
}
