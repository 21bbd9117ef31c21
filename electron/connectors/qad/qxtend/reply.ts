// Reading a QXtend reply (research/qad.md 1.3, 1.3a): a SOAP 1.1 envelope whose body is either a Fault
// (pre-processing errors: Client = fix the message, Server = processing or communication problem) or
// `<qdoc>Response` with `result` (success | warning | error), an optional `dsExceptions` of `temp_err_msg`
// rows (missing means no messages, as live systems send it) and the dataset. Anything else (HTML error
// pages, empty bodies, JSON, malformed XML) is classified too, never thrown raw.
import type { QadMessage } from '../../../../shared/domain/qad.ts';
import { classifyHttp, sniffBody, type FailureContext, type HttpExchange } from '../classify.ts';
import { QXTEND_NS } from '../defaults.ts';
import {
  QadAuthError,
  QadBusinessError,
  QadConfigError,
  QadResponseError,
  QadTransientError,
  type QadError,
} from '../errors.ts';
import { childNamed, childrenNamed, parseXml, textOf, type XNode } from './xml.ts';

const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';

export interface QdocReply {
  readonly result: 'success' | 'warning';
  readonly messages: readonly QadMessage[];
  /** Elements of the response after result, dsSessionContext and dsExceptions (the dataset). */
  readonly datasets: readonly XNode[];
}

/** Settings paths that fix a QDoc's name and version. */
export interface QdocSettings {
  readonly name: string;
  readonly key: string;
}

const SEVERITY: Readonly<Record<string, QadMessage['severity']>> = {
  error: 'error',
  warning: 'warning',
  informational: 'information',
  information: 'information',
  info: 'information',
};

function messagesOf(response: XNode): QadMessage[] {
  const exceptions = childrenNamed(response, 'dsExceptions', QXTEND_NS.qcom);
  return exceptions.flatMap((block) =>
    childrenNamed(block, 'temp_err_msg', QXTEND_NS.qcom).map((row): QadMessage => {
      const field = textOf(row, 'tt_msg_field');
      const code = textOf(row, 'tt_msg_nbr');
      const data = textOf(row, 'tt_msg_data');
      return {
        // The guide's default severity is error.
        severity: SEVERITY[textOf(row, 'tt_msg_sev').toLowerCase()] ?? 'error',
        message: textOf(row, 'tt_msg_desc') || `QAD message ${code || 'without text'}`,
        ...(field ? { field } : {}),
        ...(code ? { code } : {}),
        ...(data ? { data } : {}),
      };
    }),
  );
}

function faultError(fault: XNode, status: number, qdoc: QdocSettings, ctx: FailureContext): QadError {
  const code = textOf(fault, 'faultcode').replace(/^.*:/, '');
  const text = textOf(fault, 'faultstring') || 'no fault text';
  const base = { transport: 'qxtend' as const, status, code: `soap:${code || 'Fault'}` };
  const message = `QXtend refused the ${qdoc.name} message (SOAP ${code || 'fault'}: ${text}) while ${ctx.what}.`;
  if (code === 'Server') return new QadTransientError(message, { ...base, outcome: 'unknown' });
  if (/authenticat|password|credential|log ?in|not authori[sz]ed/i.test(text))
    return new QadAuthError(
      `QXtend rejected the stored user name or password (credentials rejected: ${text}). Update the secrets qad.username and qad.password.`,
      base,
    );
  if (/receiver/i.test(text))
    return new QadConfigError(`${message} Check the receiver name.`, {
      ...base,
      setting: 'qad.qxtend.receiver',
    });
  if (/version|not enabled/i.test(text))
    return new QadConfigError(`${message} Check the QDoc version.`, {
      ...base,
      setting: `qad.qxtend.qdocs.${qdoc.key}.version`,
    });
  if (/unknown qdoc|no such api|operation/i.test(text))
    return new QadConfigError(`${message} Check the QDoc name.`, {
      ...base,
      setting: `qad.qxtend.qdocs.${qdoc.key}.name`,
    });
  if (/wsa:To|addressing/i.test(text))
    return new QadConfigError(message, { ...base, setting: 'qad.qxtend.receiver' });
  // Client, VersionMismatch, MustUnderstand: the message must change before it is sent again.
  return new QadConfigError(message, base);
}

/** Turns one HTTP exchange with QXtend into a reply or a classified error. */
export function readQdocReply(exchange: HttpExchange, qdoc: QdocSettings, ctx: FailureContext): QdocReply {
  const shape = sniffBody(exchange.body);
  if (shape.kind !== 'xml') throw classifyHttp(exchange, ctx);
  const base = { transport: 'qxtend' as const, status: exchange.status };
  const parsed = parseXml(exchange.body);
  if (!parsed.ok) {
    const message = `QXtend answered ${exchange.status} with XML that is not well-formed (${parsed.reason}) while ${ctx.what}.`;
    throw exchange.status >= 500
      ? new QadTransientError(message, { ...base, outcome: 'unknown' })
      : new QadResponseError(message, { ...base, outcome: 'unknown' });
  }
  const root = parsed.root;
  if (root.local !== 'Envelope' || root.ns !== QXTEND_NS.soapenv) {
    if (exchange.status >= 400) throw classifyHttp(exchange, ctx);
    throw new QadResponseError(
      root.ns === SOAP12
        ? `QXtend answered with a SOAP 1.2 envelope; QXtend speaks SOAP 1.1 (while ${ctx.what}).`
        : `QXtend answered with <${root.local}> instead of a SOAP envelope while ${ctx.what}.`,
      { ...base, outcome: 'unknown' },
    );
  }
  const body = childNamed(root, 'Body', QXTEND_NS.soapenv);
  const fault = childNamed(body, 'Fault', QXTEND_NS.soapenv);
  if (fault) throw faultError(fault, exchange.status, qdoc, ctx);
  if (exchange.status >= 300) throw classifyHttp(exchange, ctx);
  const response = body?.children[0];
  if (!response || response.local !== `${qdoc.name}Response`)
    throw new QadResponseError(
      `QXtend answered without a ${qdoc.name}Response${response ? ` (found <${response.local}>)` : ''} while ${ctx.what}.`,
      { ...base, outcome: 'unknown' },
    );
  const result = (
    childNamed(response, 'result', QXTEND_NS.qsvc)?.text ??
    childNamed(response, 'result', '')?.text ??
    ''
  )
    .trim()
    .toLowerCase();
  const messages = messagesOf(response);
  if (result === 'error') {
    const errors = messages.filter((m) => m.severity === 'error');
    const text = errors.map((m) => m.message).join(' ');
    // QXI checks the user's menu access before processing (sheet 1.1): that is setup, not data.
    if (/menu access|not authori[sz]ed|permission/i.test(text))
      throw new QadConfigError(`The QAD user may not run ${qdoc.name}: ${text}`, base);
    if (/password|authenticat/i.test(text))
      throw new QadAuthError(`QXtend rejected the stored credentials (credentials rejected): ${text}`, base);
    throw new QadBusinessError(
      messages.length > 0
        ? messages
        : [
            {
              severity: 'error',
              message: `QXtend answered result=error for ${qdoc.name} without a message.`,
            },
          ],
      base,
    );
  }
  if (result !== 'success' && result !== 'warning')
    throw new QadResponseError(
      `QXtend's ${qdoc.name}Response has ${result ? `an unknown result "${result}"` : 'no result'} while ${ctx.what}.`,
      { ...base, outcome: 'unknown' },
    );
  const datasets = response.children.filter(
    (c) => c.local !== 'result' && c.local !== 'dsSessionContext' && c.local !== 'dsExceptions',
  );
  return { result, messages, datasets };
}
