// A tiny scripted HTTP proxy in front of a simulator (or in front of nothing): each request is passed on,
// answered with a canned reply (HTML error pages, empty bodies, malformed SOAP, JSON error envelopes),
// passed on with its reply lost, reset, or left hanging, as the test's script decides. It records what the
// client sent, so a test can see every create and look-up in order.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ProxyRequest {
  readonly index: number;
  readonly method: string;
  readonly url: string;
  readonly path: string;
  readonly body: string;
}

export interface Canned {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: string;
}

export type ProxyAction =
  | 'pass'
  /** Forwarded (the simulator applies it), then the connection drops before the reply. */
  | 'lost'
  /** Dropped without forwarding. */
  | 'reset'
  /** Never answered, never forwarded. */
  | 'hang'
  | Canned
  /** Forwarded, and the real reply replaced by this one. */
  | { readonly after: Canned };

export interface Proxy {
  readonly url: string;
  readonly requests: ProxyRequest[];
  /** Token values seen in OAuth replies (for the redaction canary). */
  readonly tokens: string[];
  close(): Promise<void>;
}

export async function startProxy(
  target: string | undefined,
  script: (request: ProxyRequest) => ProxyAction,
): Promise<Proxy> {
  const requests: ProxyRequest[] = [];
  const tokens: string[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '/';
      const request: ProxyRequest = {
        index: requests.length,
        method: req.method ?? 'GET',
        url,
        path: url.replace(/\?.*$/, ''),
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      const action = script(request);
      void handle(action).catch(() => res.socket?.destroy());

      async function forward(): Promise<Canned> {
        if (!target) throw new Error('nothing to forward to');
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(req.headers))
          if (typeof value === 'string' && !['host', 'content-length', 'connection'].includes(name))
            headers[name] = value;
        const response = await fetch(`${target}${url}`, {
          method: request.method,
          headers,
          ...(request.method === 'GET' ? {} : { body: request.body }),
        });
        const body = await response.text();
        const match = /"access_token"\s*:\s*"([^"]+)"/.exec(body);
        if (match?.[1]) tokens.push(match[1]);
        return {
          status: response.status,
          headers: { 'content-type': response.headers.get('content-type') ?? '' },
          body,
        };
      }

      async function handle(a: ProxyAction): Promise<void> {
        if (a === 'hang') return;
        if (a === 'reset') {
          res.socket?.destroy();
          return;
        }
        if (a === 'lost') {
          await forward();
          res.socket?.destroy();
          return;
        }
        const reply = a === 'pass' ? await forward() : 'after' in a ? (await forward(), a.after) : a;
        res.writeHead(reply.status, { ...reply.headers });
        res.end(reply.body);
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    tokens,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Which of our calls a request is, for both transports. */
export function callOf(r: ProxyRequest): 'create' | 'find' | 'token' | 'wsdl' | 'openapi' | 'read' {
  if (r.path.endsWith('/oauth/token')) return 'token';
  if (r.method === 'GET' && /wsdl/i.test(r.url)) return 'wsdl';
  if (r.path.endsWith('openapi.json')) return 'openapi';
  if (r.method === 'POST' && /\/supplierInvoices$|\/journalEntries$/.test(r.path)) return 'create';
  if (/<(\w+:)?(bcinvoice|bjournalentry)[\s>]/.test(r.body)) return 'create';
  if (r.method === 'GET' && /\/(supplierInvoices|journalEntries)$/.test(r.path) && /description=/.test(r.url))
    return 'find';
  if (/<(\w+:)?(querySupplierInvoice|queryJournalEntry)[\s>]/.test(r.body)) return 'find';
  return 'read';
}

/** True when no create follows another create without a look-up in between (the first needs one too). */
export function everyCreateAfterALookup(calls: readonly string[]): boolean {
  let lookedUp = false;
  for (const call of calls) {
    if (call === 'find') lookedUp = true;
    if (call === 'create') {
      if (!lookedUp) return false;
      lookedUp = false;
    }
  }
  return true;
}

export const HTML_ERROR_PAGE =
  '<!DOCTYPE html><html><head><title>502 Proxy Error</title></head><body><h1>Proxy Error</h1>' +
  '<p>The proxy server received an invalid response from an upstream server.</p></body></html>';
