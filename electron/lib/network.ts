// The plant's network settings turned into what every outbound HTTP client needs: agents that trust the
// company CA on top of Node's own roots, and that reach the outside through the corporate proxy (CONNECT
// tunnel for https targets, absolute-URI forwarding for http targets). axios's own `proxy` option is not used:
// it forwards https requests in clear to the proxy instead of tunnelling them. Loopback targets (the sandbox,
// local test servers) always go direct, whatever the proxy says.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { Agent, type AgentConnectOpts } from 'agent-base';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import type { Settings } from '../../shared/settings.ts';
import { redactor } from '../log/redact.ts';

export type NetworkSettings = Settings['network'];

/** A setting that makes every request impossible; `setting` is the dotted settings path to fix. */
export class NetworkConfigError extends Error {
  readonly setting: 'network.caCertFile' | 'network.proxyUrl';
  constructor(setting: 'network.caCertFile' | 'network.proxyUrl', message: string) {
    super(message);
    this.name = 'NetworkConfigError';
    this.setting = setting;
  }
}

export interface NetworkAgents {
  readonly httpAgent: http.Agent;
  readonly httpsAgent: https.Agent;
}

/** What goes into `axios.create(...)`: empty when nothing is configured (axios behaves as before). */
export interface AxiosNetworkOptions {
  httpAgent?: http.Agent;
  httpsAgent?: https.Agent;
  /** Always false with agents: axios's built-in proxy (and HTTP(S)_PROXY variables) would bypass them. */
  proxy?: false;
}

/** True for targets that never go through the proxy: loopback names and addresses. */
export function isLoopbackHost(host: string | undefined | null): boolean {
  if (!host) return false;
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return (
    h === 'localhost' ||
    h.endsWith('.localhost') ||
    /^127\.\d+\.\d+\.\d+$/.test(h) ||
    h === '::1' ||
    h === '::ffff:127.0.0.1'
  );
}

/** The proxy URL as it may be logged or shown: credentials replaced. */
export function redactProxyUrl(proxyUrl: string): string {
  try {
    const u = new URL(proxyUrl);
    if (u.username) u.username = '***';
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(malformed proxy URL)';
  }
}

function parseProxyUrl(proxyUrl: string): URL {
  let u: URL;
  try {
    u = new URL(proxyUrl);
  } catch {
    throw new NetworkConfigError(
      'network.proxyUrl',
      `The proxy address in network.proxyUrl is not a valid URL (${redactProxyUrl(proxyUrl)}): use http://host:port or http://user:password@host:port.`,
    );
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || !u.hostname)
    throw new NetworkConfigError(
      'network.proxyUrl',
      `The proxy address in network.proxyUrl must be an http:// or https:// URL with a host (got ${redactProxyUrl(proxyUrl)}).`,
    );
  // Credentials must never reach a log line, whichever way they are spelled.
  if (u.password) {
    redactor.register(u.password);
    redactor.register(decodeURIComponent(u.password));
  }
  return u;
}

function readCa(caCertFile: string): string {
  let pem: string;
  try {
    pem = readFileSync(caCertFile, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new NetworkConfigError(
      'network.caCertFile',
      `The CA certificate file in network.caCertFile (${caCertFile}) cannot be read: ${reason}`,
    );
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----'))
    throw new NetworkConfigError(
      'network.caCertFile',
      `The CA certificate file in network.caCertFile (${caCertFile}) holds no PEM certificate (-----BEGIN CERTIFICATE-----).`,
    );
  return pem;
}

/** Sends loopback targets to `direct`, everything else to `proxied`. */
class RoutingAgent extends Agent {
  readonly #direct: http.Agent;
  readonly #proxied: http.Agent;
  readonly #targetTls: tls.ConnectionOptions;
  constructor(direct: http.Agent, proxied: http.Agent, secure: boolean, targetTls: tls.ConnectionOptions) {
    super({ keepAlive: false });
    this.#direct = direct;
    this.#proxied = proxied;
    this.#targetTls = targetTls;
    // agent-base guesses the protocol from the call stack otherwise.
    this.protocol = secure ? 'https:' : 'http:';
  }
  connect(_req: http.ClientRequest, options: AgentConnectOpts): http.Agent {
    if (isLoopbackHost(options.host)) return this.#direct;
    // HttpsProxyAgent upgrades the tunnel with the request's options only (its own options are for the proxy
    // connection), so the company CA has to ride on the request; agent-base hands this same object on.
    if (options.secureEndpoint) Object.assign(options, this.#targetTls);
    return this.#proxied;
  }
}

/**
 * The agents for `network`, or undefined when neither a proxy nor a CA file is set. Throws NetworkConfigError
 * (naming the setting) for an unreadable CA file or a malformed proxy URL.
 */
export function createNetworkAgents(network: NetworkSettings): NetworkAgents | undefined {
  const proxyUrl = network.proxyUrl.trim();
  const caCertFile = network.caCertFile.trim();
  if (!proxyUrl && !caCertFile) return undefined;
  // Node's default roots stay trusted: `ca` replaces them unless they are passed along.
  const tlsOptions = caCertFile ? { ca: [...tls.rootCertificates, readCa(caCertFile)] } : {};
  const directHttp = new http.Agent({ keepAlive: true });
  const directHttps = new https.Agent({ keepAlive: true, ...tlsOptions });
  if (!proxyUrl) return { httpAgent: directHttp, httpsAgent: directHttps };
  const proxy = parseProxyUrl(proxyUrl);
  const viaProxyHttp = new HttpProxyAgent(proxy, { keepAlive: true, ...tlsOptions });
  const viaProxyHttps = new HttpsProxyAgent(proxy, { keepAlive: true, ...tlsOptions });
  return {
    httpAgent: new RoutingAgent(directHttp, viaProxyHttp, false, {}),
    // RoutingAgent is an http.Agent; https only needs it to create sockets for https: requests.
    httpsAgent: new RoutingAgent(directHttps, viaProxyHttps, true, tlsOptions) as unknown as https.Agent,
  };
}

/** Spread into `axios.create(...)`. Throws NetworkConfigError like createNetworkAgents. */
export function axiosNetworkOptions(network: NetworkSettings | undefined): AxiosNetworkOptions {
  const agents = network ? createNetworkAgents(network) : undefined;
  if (!agents) return {};
  return { httpAgent: agents.httpAgent, httpsAgent: agents.httpsAgent, proxy: false };
}
