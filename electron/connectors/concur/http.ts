// The one HTTP layer every Concur call goes through: an axios instance whose interceptors add the bearer token
// and the geolocation base URL (auth), refresh once and replay after a 401/403 (auth), space requests out
// (rate limit), and turn every AxiosError into a redacted ConcurError (redaction: an AxiosError's `config`
// holds the Authorization header and the token form with the client secret). Around it, `send` retries with
// full-jitter backoff behind one circuit breaker per endpoint.
import axios, { isAxiosError, type AxiosInstance, type InternalAxiosRequestConfig } from 'axios';
import type { LogSink } from '../../ipc/log-sink.ts';
import { redactor } from '../../log/redact.ts';
import {
  ConcurBreakers,
  classifyConcurFailure,
  retryDelay,
  shouldRetry,
  type BreakerSettings,
  type RetrySettings,
} from './classify.ts';
import { ConcurError } from './errors.ts';
import { NetworkConfigError, axiosNetworkOptions, type AxiosNetworkOptions } from '../../lib/network.ts';

/** What the auth layer offers the HTTP layer (auth.ts implements it). */
export interface ConcurAuthProvider {
  /** A valid access token, refreshed first when it is about to expire. */
  accessToken(): Promise<string>;
  /** The geolocation of the latest token answer (scheme and host): the base of every API call. */
  baseUrl(): string;
  /** Concur refused `token`: refresh (once, shared by concurrent callers) unless that already happened. */
  rejected(token: string): Promise<void>;
}

export interface ConcurRequest {
  /** The call's name, e.g. `fis.list`: the circuit breaker's key and the word in messages. */
  readonly endpoint: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** A path under the geolocation (or under `baseUrl` for calls without auth). */
  readonly path: string;
  readonly params?: Readonly<Record<string, string | number | undefined>>;
  readonly data?: unknown;
  /** `false` removes a default header (e.g. Accept, to get the server's default media type). */
  readonly headers?: Readonly<Record<string, string | false>>;
  /**
   * 'repeatable': the request may be sent again after an unclear outcome (reads; FIS writes, which answer a
   * repeat with a code). 'unsafe': only re-sent when it certainly was not applied (vendor create).
   */
  readonly repeat: 'repeatable' | 'unsafe';
  /** Default true. The token calls go without a bearer to `baseUrl`. */
  readonly auth?: boolean;
  readonly baseUrl?: string;
  /** The oauth2 token endpoint (its errors have their own shape). */
  readonly tokenCall?: boolean;
}

export interface ConcurResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly contentType: string;
  readonly correlationId: string | undefined;
}

export interface ConcurHttpOptions {
  readonly timeoutMs: number;
  readonly retry: RetrySettings;
  readonly breaker: BreakerSettings;
  readonly log: LogSink;
  /** `http://user:pass@proxy:8080`; empty or undefined: no proxy (environment variables are ignored). */
  readonly proxyUrl?: string;
  /** A PEM file with the company CA (settings `network.caCertFile`), trusted besides Node's own roots. */
  readonly caCertFile?: string;
  /** Minimum spacing between two requests (Concur publishes no limits for FIS or vendors; 0 = none). */
  readonly minIntervalMs?: number;
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

interface CallMeta {
  endpoint: string;
  auth: boolean;
  tokenCall: boolean;
  refreshed: boolean;
  usedToken: string | undefined;
}

type Config = InternalAxiosRequestConfig & { concur?: CallMeta };

/** 50 MB: a cap on what one answer may hold (research/reliability.md: cap response size). */
const MAX_BODY_BYTES = 50 * 1024 * 1024;

/** The proxy and company CA as axios options; a bad setting is a config failure naming it. */
function networkOptions(options: ConcurHttpOptions): AxiosNetworkOptions {
  try {
    return axiosNetworkOptions({ proxyUrl: options.proxyUrl ?? '', caCertFile: options.caCertFile ?? '' });
  } catch (error) {
    if (error instanceof NetworkConfigError) throw new ConcurError(error.message, { kind: 'config' });
    throw error;
  }
}

export function safeDetail(detail: object): object {
  return redactor.redact(detail);
}

export class ConcurHttp {
  readonly instance: AxiosInstance;
  auth: ConcurAuthProvider | undefined;
  readonly #options: ConcurHttpOptions;
  readonly #breakers: ConcurBreakers;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;
  #nextSlot = 0;

  constructor(options: ConcurHttpOptions) {
    this.#options = options;
    this.#breakers = new ConcurBreakers(options.breaker, options.log);
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.#random = options.random ?? Math.random;
    this.instance = axios.create({
      timeout: options.timeoutMs,
      // Environment proxy variables stay ignored: the proxy, if any, is in the agents.
      proxy: false,
      ...networkOptions(options),
      maxRedirects: 3,
      maxContentLength: MAX_BODY_BYTES,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      // Concur's timeouts are real timeouts: ETIMEDOUT instead of the ambiguous ECONNABORTED.
      transitional: { clarifyTimeoutError: true },
      headers: { Accept: 'application/json' },
    });
    this.instance.interceptors.request.use((config) => this.#paceRequest(config));
    this.instance.interceptors.request.use((config) => this.#authorizeRequest(config as Config));
    this.instance.interceptors.response.use(undefined, (error: unknown) => this.#refreshAndReplay(error));
    this.instance.interceptors.response.use(undefined, (error: unknown) => {
      const meta = isAxiosError(error) ? (error.config as Config | undefined)?.concur : undefined;
      throw classifyConcurFailure(error, {
        endpoint: meta?.endpoint ?? 'request',
        tokenCall: meta?.tokenCall ?? false,
      });
    });
  }

  /** Sends one logical request: retried with backoff where safe, behind the endpoint's circuit breaker. */
  async send(request: ConcurRequest): Promise<ConcurResponse> {
    const breaker = this.#breakers.for(request.endpoint);
    const retry = this.#options.retry;
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await breaker.execute(() => this.#once(request));
      } catch (raw) {
        let error = classifyConcurFailure(raw, {
          endpoint: request.endpoint,
          tokenCall: request.tokenCall ?? false,
        });
        if (error.kind === 'refresh') {
          // The interceptor already refreshed once and replayed: a fresh token refused is not an expiry.
          error = new ConcurError(
            `${error.message} (even with a freshly refreshed access token: the app may lack the scope, or ` +
              'the call went to a host other than the geolocation)',
            {
              kind: 'config',
              endpoint: request.endpoint,
              ...(error.status !== undefined ? { status: error.status } : {}),
              ...(error.correlationId ? { correlationId: error.correlationId } : {}),
            },
          );
        }
        const last = attempt + 1 >= retry.maxAttempts || error.code === 'CIRCUIT_OPEN';
        if (last || !shouldRetry(error, request.repeat)) {
          this.#options.log.warn(safeDetail({ error: error.toJSON(), attempts: attempt + 1 }), error.message);
          throw error;
        }
        const delayMs = retryDelay(attempt, retry, error, this.#random);
        this.#options.log.warn(
          safeDetail({
            endpoint: request.endpoint,
            attempt: attempt + 1,
            status: error.status,
            code: error.code,
            correlationId: error.correlationId,
            delayMs,
          }),
          `SAP Concur ${request.endpoint} failed (${error.kind}); trying again`,
        );
        await this.#sleep(delayMs);
      }
    }
  }

  async #once(request: ConcurRequest): Promise<ConcurResponse> {
    const headers: Record<string, string | false> = { ...(request.headers ?? {}) };
    const meta: CallMeta = {
      endpoint: request.endpoint,
      auth: request.auth !== false,
      tokenCall: request.tokenCall ?? false,
      refreshed: false,
      usedToken: undefined,
    };
    const params: Record<string, string | number> = {};
    for (const [key, value] of Object.entries(request.params ?? {}))
      if (value !== undefined) params[key] = value;
    const response = await this.instance.request<string>({
      method: request.method,
      url: request.path,
      ...(request.baseUrl !== undefined ? { baseURL: request.baseUrl } : {}),
      params,
      ...(request.data !== undefined ? { data: request.data } : {}),
      headers,
      concur: meta,
    } as Config);
    const flat: Record<string, string> = {};
    for (const [key, value] of Object.entries(response.headers as Record<string, unknown>)) {
      if (typeof value === 'string') flat[key.toLowerCase()] = value;
      else if (Array.isArray(value)) flat[key.toLowerCase()] = value.join(', ');
    }
    const body = typeof response.data === 'string' ? response.data : String(response.data ?? '');
    return {
      status: response.status,
      headers: flat,
      body,
      contentType: flat['content-type'] ?? '',
      correlationId: flat['concur-correlationid'],
    };
  }

  async #paceRequest(config: InternalAxiosRequestConfig): Promise<InternalAxiosRequestConfig> {
    const interval = this.#options.minIntervalMs ?? 0;
    if (interval <= 0) return config;
    const now = Date.now();
    const slot = Math.max(now, this.#nextSlot);
    this.#nextSlot = slot + interval;
    if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
    return config;
  }

  async #authorizeRequest(config: Config): Promise<Config> {
    const meta = config.concur;
    if (!meta?.auth) return config;
    if (!this.auth) throw new ConcurError('SAP Concur client has no authorisation layer', { kind: 'config' });
    const token = await this.auth.accessToken();
    redactor.register(token);
    meta.usedToken = token;
    // Every API call goes to the geolocation of the latest token answer, never to a fixed host [AUTH].
    config.baseURL = this.auth.baseUrl();
    config.headers.set('Authorization', `Bearer ${token}`);
    return config;
  }

  async #refreshAndReplay(error: unknown): Promise<unknown> {
    if (!isAxiosError(error) || !this.auth) throw error;
    const config = error.config as Config | undefined;
    const meta = config?.concur;
    const status = error.response?.status;
    if (!config || !meta?.auth || meta.refreshed || (status !== 401 && status !== 403)) throw error;
    meta.refreshed = true;
    this.#options.log.info(
      safeDetail({ endpoint: meta.endpoint, status }),
      `SAP Concur refused the access token on ${meta.endpoint}; refreshing it once`,
    );
    await this.auth.rejected(meta.usedToken ?? '');
    return this.instance.request(config);
  }
}
