// One HTTP sender for both QAD transports (axios): proxy and company CA from the network settings, a hard
// per-request timeout, bodies kept as text so the classifier sees exactly what came back, and one log line
// per exchange that carries no query string, header or body (they hold credentials and tokens).
import axios, { type AxiosInstance } from 'axios';
import type { Settings } from '../../../shared/settings.ts';
import type { LogSink } from '../../ipc/log-sink.ts';
import { NetworkConfigError, axiosNetworkOptions, type AxiosNetworkOptions } from '../../lib/network.ts';
import { redactor } from '../../log/redact.ts';
import { classifyThrown, withoutQuery, type FailureContext, type HttpExchange } from './classify.ts';
import { QadConfigError } from './errors.ts';

export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly params?: Readonly<Record<string, string | number>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly signal?: AbortSignal;
}

export interface QadHttp {
  /** Sends once; network failures are thrown as classified QadErrors, every HTTP status is returned. */
  send(request: HttpRequest, ctx: FailureContext): Promise<HttpExchange>;
}

function createAxios(network: Settings['network'], timeoutMs: number): AxiosInstance {
  let agents: AxiosNetworkOptions;
  try {
    agents = axiosNetworkOptions(network);
  } catch (error) {
    if (!(error instanceof NetworkConfigError)) throw error;
    throw new QadConfigError(error.message, { setting: error.setting, outcome: 'not_sent' });
  }
  return axios.create({
    timeout: timeoutMs,
    responseType: 'text',
    // Keep the body exactly as sent; the classifier decides what it is.
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
    maxRedirects: 0,
    ...agents,
  });
}

export function createQadHttp(options: {
  readonly network: Settings['network'];
  readonly timeoutMs: number;
  readonly log: LogSink;
}): QadHttp {
  const client = createAxios(options.network, options.timeoutMs);
  return {
    async send(request, ctx) {
      const started = Date.now();
      // axios's own timeout is an inactivity timer; the signal bounds the whole exchange.
      const signals = [AbortSignal.timeout(options.timeoutMs)];
      if (request.signal) signals.push(request.signal);
      try {
        const response = await client.request<string>({
          method: request.method,
          url: request.url,
          ...(request.params ? { params: request.params } : {}),
          headers: { ...request.headers },
          ...(request.body === undefined ? {} : { data: request.body }),
          signal: AbortSignal.any(signals),
        });
        const headers: Record<string, string | undefined> = {};
        for (const [name, value] of Object.entries(response.headers as Record<string, unknown>)) {
          headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
        }
        const body = typeof response.data === 'string' ? response.data : '';
        options.log.info(
          redactor.redact({
            transport: ctx.transport,
            method: request.method,
            url: withoutQuery(request.url),
            status: response.status,
            ms: Date.now() - started,
          }),
          `QAD ${request.method} ${withoutQuery(request.url)} -> ${response.status}`,
        );
        return { status: response.status, headers, body };
      } catch (error) {
        const classified = classifyThrown(error, ctx);
        options.log.warn(
          redactor.redact({
            transport: ctx.transport,
            method: request.method,
            url: withoutQuery(request.url),
            code: classified.code,
            ms: Date.now() - started,
          }),
          classified.message,
        );
        throw classified;
      }
    },
  };
}
