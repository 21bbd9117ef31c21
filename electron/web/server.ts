// Browser mode: the same React UI and the same contract, served to a browser on 127.0.0.1 for IT and
// headless servers. Access needs the one-time token printed at start (see session-auth.ts); calls go through
// the same router as the desktop's IPC, with transport 'http'.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { fail } from '../../shared/contract/result.ts';
import type { EventHub } from '../ipc/event-hub.ts';
import { type LogSink, stderrLog } from '../ipc/log-sink.ts';
import type { Router } from '../ipc/router.ts';
import { openEventStream } from './event-stream.ts';
import { SessionAuth, hostAllowed, originAllowed, sessionCookie } from './session-auth.ts';
import { resolveStatic } from './static-files.ts';

export interface WebServerOptions {
  readonly router: Router;
  readonly hub: EventHub;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** The built renderer; defaults to `dist/renderer` of this checkout. */
  readonly staticDir?: string;
  /** The OS user who started the server: recorded as the actor of every call. */
  readonly actor?: string;
  readonly log?: LogSink;
  readonly maxBodyBytes?: number;
}

export interface WebServer {
  /** `http://127.0.0.1:PORT/?token=...`: the link a person opens once. */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

/** Scripts only from our own files; Mantine and AG Grid inject <style> tags at run time, hence inline styles. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const BASE_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

const DEFAULT_MAX_BODY = 1024 * 1024;
const INVOKE_PREFIX = '/api/invoke/';

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const log = options.log ?? stderrLog;
  const auth = new SessionAuth();
  const staticDir = options.staticDir ?? fileURLToPath(new URL('../../dist/renderer/', import.meta.url));
  const actor = options.actor ?? currentUser();
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const streams = new Set<() => void>();
  let port = 0;

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log.error({ err: error instanceof Error ? error.name : typeof error }, 'browser-mode request failed');
      if (!response.headersSent) sendJson(response, 500, fail('internal', 'The request failed.'));
      else response.destroy();
    });
  });

  async function handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    // DNS rebinding: a foreign name resolving to 127.0.0.1 still sends its own name as Host.
    if (!hostAllowed(request.headers.host, port)) {
      sendText(response, 403, 'Forbidden: this server answers only to 127.0.0.1 and localhost.');
      return;
    }
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    const method = request.method ?? 'GET';

    if (method === 'GET' && url.searchParams.has('token')) {
      if (!auth.tokenMatches(url.searchParams.get('token'))) {
        sendText(response, 401, 'This link is not valid (the server was restarted?). Use the newest link.');
        return;
      }
      // Swap the token for a cookie and take it out of the address bar and the history.
      url.searchParams.delete('token');
      response.writeHead(303, {
        ...BASE_HEADERS,
        'set-cookie': sessionCookie(auth.openSession()),
        location: `${url.pathname}${url.search}`,
        'cache-control': 'no-store',
      });
      response.end();
      return;
    }

    const proof = auth.authenticate(request);
    if (proof === undefined) {
      if (url.pathname.startsWith('/api/')) {
        sendJson(response, 401, fail('unauthorized', 'Open the link printed by "ml-connector serve".'));
      } else {
        sendText(response, 401, 'Unauthorized: open the link printed by "ml-connector serve".');
      }
      return;
    }

    if (url.pathname.startsWith(INVOKE_PREFIX)) {
      await handleInvoke(request, response, url, proof);
      return;
    }
    if (url.pathname === '/api/events') {
      if (method !== 'GET') return sendText(response, 405, 'Method not allowed');
      const stop = openEventStream(response, options.hub, BASE_HEADERS);
      streams.add(stop);
      response.on('close', () => streams.delete(stop));
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      sendJson(response, 404, fail('not_found', 'No such API route.'));
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') return sendText(response, 405, 'Method not allowed');
    const file = await resolveStatic(staticDir, url.pathname);
    if (file === undefined) {
      sendText(response, 503, 'The user interface is not built yet: run "npx vite build".');
      return;
    }
    response.writeHead(200, {
      ...BASE_HEADERS,
      'content-type': file.contentType,
      'content-length': String(file.body.length),
      'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-store',
    });
    response.end(method === 'HEAD' ? undefined : file.body);
  }

  async function handleInvoke(
    request: http.IncomingMessage,
    response: http.ServerResponse,
    url: URL,
    proof: 'cookie' | 'bearer',
  ): Promise<void> {
    if (request.method !== 'POST') return sendText(response, 405, 'Method not allowed: use POST');
    const origin = request.headers.origin;
    // Browsers always send Origin on POST; a cookie-authenticated call without one is not our page.
    if (origin !== undefined ? !originAllowed(origin, port) : proof === 'cookie') {
      sendJson(response, 403, fail('forbidden', 'Cross-origin calls are refused.'));
      return;
    }
    const type = request.headers['content-type'] ?? '';
    if (proof === 'cookie' && !/^application\/json\b/i.test(type)) {
      // A JSON content type cannot be sent cross-site without a CORS preflight, which we never grant.
      sendJson(response, 415, fail('invalid_argument', 'Send the arguments as application/json.'));
      return;
    }
    let name: string;
    try {
      name = decodeURIComponent(url.pathname.slice(INVOKE_PREFIX.length));
    } catch {
      sendJson(response, 200, fail('unknown_operation', 'The operation name is not valid.'));
      return;
    }
    const body = await readBody(request, maxBody);
    if (body === 'too_large') {
      sendJson(response, 413, fail('invalid_argument', `The request body is larger than ${maxBody} bytes.`));
      return;
    }
    let args: unknown;
    if (body.length > 0) {
      try {
        args = JSON.parse(body.toString('utf8'));
      } catch {
        sendJson(response, 200, fail('invalid_argument', 'The request body is not valid JSON.'));
        return;
      }
    }
    const result = await options.router.invoke(name, args, { actor, transport: 'http' });
    sendJson(response, 200, result);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  log.info({ port, staticDir }, 'browser mode listening');

  return {
    url: `http://127.0.0.1:${port}/?token=${auth.token}`,
    port,
    token: auth.token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const stop of streams) stop();
        streams.clear();
        server.close(() => resolve());
        // Event streams never end on their own; without this close() would wait for the browser.
        server.closeAllConnections();
      }),
  };
}

function readBody(request: http.IncomingMessage, limit: number): Promise<Buffer | 'too_large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? '0');
    if (declared > limit) {
      request.resume();
      resolve('too_large');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    request.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        resolve('too_large');
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks));
    });
    request.on('error', reject);
  });
}

function sendJson(response: http.ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  response.writeHead(status, {
    ...BASE_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store',
  });
  response.end(body);
}

function sendText(response: http.ServerResponse, status: number, text: string): void {
  response.writeHead(status, {
    ...BASE_HEADERS,
    'content-type': 'text/plain; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
  });
  response.end(text);
}

function currentUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'browser';
  }
}
