// The HTTP plumbing every simulator shares: a server on 127.0.0.1 only, the fault layer, a record of every
// request (so tests can assert, for example, that no create was sent twice without a look-up between), and
// the admin endpoints under /__sandbox/ (faults, request log, clock).
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { FaultInjector, type FaultDecision } from './faults.ts';
import type { SimClock } from './clock.ts';

export interface SimRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
  /** The base URL of this server as the client reached it (scheme, host and port). */
  readonly baseUrl: string;
}

export interface SimResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
  /** A name for the request log, e.g. `invoice.create` or `supplierInvoice.find`. */
  readonly operation?: string;
}

export type SimHandler = (request: SimRequest) => SimResponse | Promise<SimResponse>;

export interface RecordedRequest {
  readonly seq: number;
  readonly at: number;
  readonly method: string;
  readonly path: string;
  operation?: string;
  status?: number;
  fault?: FaultDecision;
}

export interface SimServerOptions {
  readonly name: string;
  readonly handler: SimHandler;
  readonly clock?: SimClock;
  readonly faults?: FaultInjector;
  /** How this system answers an injected 429 or 503 (bodies and headers differ per vendor). */
  readonly faultResponse?: (kind: '429' | '503') => SimResponse;
  /** Extra admin routes of this simulator under /__sandbox/; return undefined when not handled. */
  readonly admin?: (request: SimRequest) => SimResponse | undefined | Promise<SimResponse | undefined>;
  readonly port?: number;
  readonly maxBodyBytes?: number;
}

export interface SimServer {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  readonly faults: FaultInjector;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export const json = (status: number, value: unknown, headers: Record<string, string> = {}): SimResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(value),
});

export const text = (
  status: number,
  body: string,
  contentType = 'text/plain; charset=utf-8',
): SimResponse => ({
  status,
  headers: { 'content-type': contentType },
  body,
});

const defaultFaultResponse = (kind: '429' | '503'): SimResponse =>
  kind === '429' ? text(429, 'Too Many Requests') : text(503, 'Service Unavailable');

export async function startSimServer(options: SimServerOptions): Promise<SimServer> {
  const faults = options.faults ?? new FaultInjector();
  const requests: RecordedRequest[] = [];
  const maxBody = options.maxBodyBytes ?? 10 * 1024 * 1024;
  const sockets = new Set<Socket>();
  let seq = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBody) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => {
      const host = req.headers.host ?? `127.0.0.1:${(server.address() as AddressInfo).port}`;
      const url = new URL(req.url ?? '/', `http://${host}`);
      const request: SimRequest = {
        method: (req.method ?? 'GET').toUpperCase(),
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks),
        baseUrl: `http://${host}`,
      };
      const record: RecordedRequest = {
        seq: ++seq,
        at: Date.now(),
        method: request.method,
        path: request.path,
      };
      if (!request.path.startsWith('/__sandbox')) requests.push(record);
      void serve(request, record, tooLarge)
        .then((response) => {
          if (response === 'drop') {
            res.socket?.destroy();
            return;
          }
          if (response === 'hang') return; // held open until the client gives up or the server closes
          record.status = response.status;
          res.writeHead(response.status, response.headers ?? {});
          res.end(response.body ?? '');
        })
        .catch((error: unknown) => {
          record.status = 500;
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
          res.end(`simulator error: ${error instanceof Error ? error.message : String(error)}`);
        });
    });
  });

  async function serve(
    request: SimRequest,
    record: RecordedRequest,
    tooLarge: boolean,
  ): Promise<SimResponse | 'drop' | 'hang'> {
    if (request.path.startsWith('/__sandbox/')) return adminRoute(request);
    if (tooLarge) return text(413, 'Request Entity Too Large');
    const decision = faults.decide(request.method, request.path);
    if (decision !== 'none') record.fault = decision;
    const latency = faults.current.latencyMs;
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    if (decision === '429' || decision === '503')
      return (options.faultResponse ?? defaultFaultResponse)(decision);
    if (decision === 'reset') return 'drop';
    if (decision === 'hang') return 'hang';
    const response = await options.handler(request);
    if (response.operation !== undefined) record.operation = response.operation;
    // A lost reply: the handler has applied the change; the client never learns it.
    if (decision === 'lost-reply') {
      record.status = response.status;
      return 'drop';
    }
    return response;
  }

  async function adminRoute(request: SimRequest): Promise<SimResponse> {
    if (request.path === '/__sandbox/faults') {
      if (request.method === 'GET') return json(200, faults.current);
      if (request.method === 'PUT' || request.method === 'POST') {
        try {
          return json(200, faults.set(JSON.parse(request.body.toString('utf8') || '{}')));
        } catch (error) {
          return json(400, { error: error instanceof Error ? error.message : String(error) });
        }
      }
      if (request.method === 'DELETE') {
        faults.clear();
        return json(200, faults.current);
      }
    }
    if (request.path === '/__sandbox/requests') {
      if (request.method === 'DELETE') requests.length = 0;
      return json(200, { requests, injected: faults.injected });
    }
    if (request.path === '/__sandbox/clock' && options.clock) {
      if (request.method === 'POST') {
        const body = JSON.parse(request.body.toString('utf8') || '{}') as { advanceMs?: unknown };
        if (typeof body.advanceMs !== 'number') return json(400, { error: 'advanceMs must be a number' });
        options.clock.advance(body.advanceMs);
      }
      return json(200, { now: options.clock.nowIso() });
    }
    const extra = await options.admin?.(request);
    return extra ?? json(404, { error: `no admin route ${request.method} ${request.path}` });
  }

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    name: options.name,
    url: `http://127.0.0.1:${port}`,
    port,
    faults,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
