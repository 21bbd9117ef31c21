// XML the QXtend simulator writes: the `<qdoc>Response` body, `temp_err_msg` rows, WS-Addressing reply
// headers and SOAP 1.1 faults. The common namespace is written with the prefix `ns3`, as live Enterprise
// Edition systems do (sheet 1.3a), although the prefix means nothing in XML: naive clients depend on it.
import { QXTEND_NS, QXTEND_RECEIVER_URN_PREFIX } from '../../connectors/qad/defaults.ts';
import type { QadIssue } from './model-types.ts';

export const escapeXml = (value: string): string =>
  value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

export type XmlValue = string | number | boolean | null | undefined | XmlRecord | readonly XmlRecord[];
export interface XmlRecord {
  readonly [name: string]: XmlValue;
}

/** Serialises a record as child elements in namespace prefix `ns1`; arrays repeat the element. */
export function recordXml(name: string, value: XmlValue, prefix = 'ns1'): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.map((item: XmlRecord) => recordXml(name, item, prefix)).join('');
  if (value === null || value === '') return `<${prefix}:${name}/>`;
  if (typeof value === 'object') {
    const children = Object.entries(value as XmlRecord)
      .map(([child, v]) => recordXml(child, v, prefix))
      .join('');
    return `<${prefix}:${name}>${children}</${prefix}:${name}>`;
  }
  return `<${prefix}:${name}>${escapeXml(String(value))}</${prefix}:${name}>`;
}

export type QdocResult = 'success' | 'warning' | 'error';

export interface TempErrMsg {
  readonly issue: QadIssue;
  /** Wire field name, e.g. `tcCreditorCode`. */
  readonly field: string;
  /** e.g. `BCInvoice#1(INV-1) tCInvoice#1 field(tcCreditorCode)` (format of the QXUG example). */
  readonly context: string;
  readonly keys: string;
}

// Unconfirmed: real message numbers for these conditions were not found (sheet 3.3 [U], 3.5 [U]); stable
// made-up numbers let a client's tests refer to them.
const MESSAGE_NUMBERS: Readonly<Record<string, string>> = {
  'unknown-entity': '1001',
  'unknown-domain': '1002',
  'unknown-supplier': '2001',
  'inactive-supplier': '2002',
  'unknown-account': '3001',
  'inactive-account': '3002',
  'account-not-postable': '3003',
  'unknown-sub-account': '3011',
  'inactive-sub-account': '3012',
  'unknown-cost-center': '3021',
  'inactive-cost-center': '3022',
  'unknown-project': '3031',
  'inactive-project': '3032',
  'closed-period': '3101',
  'no-period': '3102',
  'period-mismatch': '3103',
  unbalanced: '3201',
  'unknown-po': '4001',
  'unknown-po-line': '4002',
  'po-closed': '4003',
  'insufficient-receipt': '4101',
  'unknown-receiver': '4102',
  'over-receipt': '4201',
  'duplicate-reference': '5001',
  'allocation-mismatch': '5101',
  'missing-reference': '5002',
  'no-allocation': '5102',
  'credit-note-matching': '5103',
  'po-supplier-mismatch': '4011',
  'po-entity-mismatch': '4012',
  'invalid-quantity': '4103',
  'no-lines': '4202',
  'too-few-lines': '3202',
  'invalid-date': '6001',
  'invalid-amount': '6002',
  'unknown-currency': '6003',
  'invalid-input': '6009',
};

const SEVERITY: Readonly<Record<QadIssue['severity'], string>> = {
  error: 'error',
  warning: 'warning',
  information: 'informational',
};

/** `2007-08-02T10:43:23+0000`, the timestamp form of the QXUG example. */
export function qadTimestamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+0000`;
}

function tempErrMsg(message: TempErrMsg, index: number, at: string): string {
  const c = (name: string, value: string) =>
    value === '' ? `<ns3:${name}/>` : `<ns3:${name}>${escapeXml(value)}</ns3:${name}>`;
  return (
    '<ns3:temp_err_msg>' +
    c('tt_msg_nbr', MESSAGE_NUMBERS[message.issue.code] ?? '9999') +
    c('tt_msg_desc', message.issue.message) +
    c('tt_msg_sev', SEVERITY[message.issue.severity]) +
    c('tt_msg_field', message.field) +
    c('tt_msg_context', message.context) +
    c('tt_msg_data', message.issue.data ?? '') +
    c('tt_msg_keys', message.keys) +
    c('tt_msg_datetime', at) +
    c('tt_msg_processed', 'no') +
    c('tt_level', message.issue.severity === 'error' ? '1' : '2') +
    c('tt_msg_index', String(index + 1)) +
    '</ns3:temp_err_msg>'
  );
}

export interface ContextRow {
  readonly qualifier: string;
  readonly name: string;
  readonly value: string;
}

export interface ResponseBody {
  readonly qdoc: string;
  readonly result: QdocResult;
  readonly context: readonly ContextRow[];
  readonly messages: readonly TempErrMsg[];
  /** Dataset XML after dsExceptions (elements in prefix ns1). */
  readonly payload?: string;
  readonly at: string;
  readonly emptyExceptionsOnSuccess: boolean;
}

export function responseBodyXml(body: ResponseBody): string {
  // The password is not echoed back: responses end up in logs.
  const context = body.context
    .map(
      (row) =>
        '<ns3:ttContext>' +
        `<ns3:propertyQualifier>${escapeXml(row.qualifier)}</ns3:propertyQualifier>` +
        `<ns3:propertyName>${escapeXml(row.name)}</ns3:propertyName>` +
        (row.name === 'password' || row.value === ''
          ? '<ns3:propertyValue/>'
          : `<ns3:propertyValue>${escapeXml(row.value)}</ns3:propertyValue>`) +
        '</ns3:ttContext>',
    )
    .join('');
  // A live clean success carries no dsExceptions at all (sheet 1.3a); the guide says exactly one.
  const exceptions =
    body.messages.length > 0
      ? `<ns3:dsExceptions>${body.messages.map((m, i) => tempErrMsg(m, i, body.at)).join('')}</ns3:dsExceptions>`
      : body.emptyExceptionsOnSuccess
        ? '<ns3:dsExceptions/>'
        : '';
  return (
    `<ns1:${body.qdoc}Response xmlns:ns1="${QXTEND_NS.qsvc}" xmlns:ns3="${QXTEND_NS.qcom}">` +
    `<ns1:result>${body.result}</ns1:result>` +
    `<ns3:dsSessionContext>${context}</ns3:dsSessionContext>` +
    exceptions +
    (body.payload ?? '') +
    `</ns1:${body.qdoc}Response>`
  );
}

/** Reply headers seen on a live system: wsa:To `urn:services-qad-com:`, a timestamp MessageID, RelatesTo. */
export function replyHeadersXml(at: string, relatesTo: string | undefined): string {
  const wsa = `xmlns:wsa="${QXTEND_NS.wsa}"`;
  return (
    `<wsa:To ${wsa}>${QXTEND_RECEIVER_URN_PREFIX}</wsa:To>` +
    `<wsa:MessageID ${wsa}>urn:messages-qad-com:${escapeXml(at)}</wsa:MessageID>` +
    (relatesTo ? `<wsa:RelatesTo ${wsa}>${escapeXml(relatesTo)}</wsa:RelatesTo>` : '')
  );
}

/** A SOAP 1.1 fault envelope; `Client` means fix the message and resend (sheet 1.3). */
export function soapFaultXml(code: 'Client' | 'Server' | 'VersionMismatch', message: string): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    `<soapenv:Envelope xmlns:soapenv="${QXTEND_NS.soapenv}"><soapenv:Body><soapenv:Fault>` +
    `<faultcode>soapenv:${code}</faultcode><faultstring>${escapeXml(message)}</faultstring>` +
    '</soapenv:Fault></soapenv:Body></soapenv:Envelope>'
  );
}

/** Thrown from a service method; the soap package turns its `Fault` into the same SOAP 1.1 envelope. */
export class SoapFaultError extends Error {
  readonly Fault: { faultcode: string; faultstring: string; statusCode: number };

  constructor(code: 'Client' | 'Server', message: string) {
    super(message);
    this.name = 'SoapFaultError';
    this.Fault = { faultcode: `soapenv:${code}`, faultstring: message, statusCode: 500 };
  }
}
