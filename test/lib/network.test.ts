import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import axios from 'axios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  NetworkConfigError,
  axiosNetworkOptions,
  createNetworkAgents,
  isLoopbackHost,
  redactProxyUrl,
} from '../../electron/lib/network.ts';
import { probeUrl } from '../../electron/engine/reachability.ts';

const OPENSSL = '/usr/bin/openssl';
const hasOpenssl = existsSync(OPENSSL);
const FAKE_HOST = 'example.invalid';

let dir: string;
let caFile: string;
let httpsServer: https.Server | undefined;
let httpServer: http.Server;
let proxy: http.Server;
let httpsPort = 0;
let httpPort = 0;
let proxyPort = 0;
const seen = { connect: [] as string[], plain: [] as string[], auth: [] as (string | undefined)[] };

const sockets = new Set<net.Socket>();

function listen(server: net.Server): Promise<number> {
  // Keep-alive sockets and CONNECT tunnels would keep close() waiting.
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

/** The fake host only the proxy knows: it maps example.invalid to the local test servers. */
function resolveTarget(host: string, port: number): { host: string; port: number } {
  if (host === FAKE_HOST) return { host: '127.0.0.1', port: port === 443 ? httpsPort : httpPort };
  return { host, port };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mlc-network-'));
  httpServer = http.createServer((req, res) => res.end(`plain ${req.url}`));
  httpPort = await listen(httpServer);
  if (hasOpenssl) {
    const key = path.join(dir, 'key.pem');
    caFile = path.join(dir, 'cert.pem');
    // A self-signed certificate that is its own CA, valid for the fake name and for 127.0.0.1.
    execFileSync(
      OPENSSL,
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        caFile,
        '-days',
        '2',
        '-subj',
        '/CN=ml-connector test CA',
        '-addext',
        `subjectAltName=DNS:${FAKE_HOST},IP:127.0.0.1`,
        '-addext',
        'basicConstraints=critical,CA:TRUE',
      ],
      { stdio: 'ignore' },
    );
    const { readFileSync } = await import('node:fs');
    httpsServer = https.createServer({ key: readFileSync(key), cert: readFileSync(caFile) }, (req, res) =>
      res.end(`secure ${req.url}`),
    );
    httpsPort = await listen(httpsServer);
  }
  proxy = http.createServer((req, res) => {
    seen.plain.push(req.url ?? '');
    seen.auth.push(req.headers['proxy-authorization']);
    const target = new URL(req.url ?? '/');
    const to = resolveTarget(target.hostname, Number(target.port || 80));
    const upstream = http.request(
      {
        host: to.host,
        port: to.port,
        path: target.pathname + target.search,
        method: req.method,
        headers: req.headers,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  proxy.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    seen.connect.push(req.url ?? '');
    seen.auth.push(req.headers['proxy-authorization']);
    const [host = '', port = '443'] = (req.url ?? '').split(':');
    const to = resolveTarget(host, Number(port));
    const upstream = net.connect(to.port, to.host, () => {
      sockets.add(upstream);
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  proxyPort = await listen(proxy);
});

afterAll(async () => {
  const close = (s: net.Server | undefined) =>
    new Promise<void>((resolve) => (s ? s.close(() => resolve()) : resolve()));
  for (const socket of sockets) socket.destroy();
  await Promise.all([close(httpsServer), close(httpServer), close(proxy)]);
  rmSync(dir, { recursive: true, force: true });
});

function reset() {
  seen.connect.length = 0;
  seen.plain.length = 0;
  seen.auth.length = 0;
}

describe('network settings: configuration errors', () => {
  it('builds nothing when neither a proxy nor a CA file is set', () => {
    expect(createNetworkAgents({ proxyUrl: '', caCertFile: '' })).toBeUndefined();
    expect(axiosNetworkOptions({ proxyUrl: '', caCertFile: '' })).toEqual({});
  });

  it('names network.caCertFile when the CA file is missing', () => {
    const attempt = () => createNetworkAgents({ proxyUrl: '', caCertFile: path.join(dir, 'nope.pem') });
    expect(attempt).toThrow(NetworkConfigError);
    expect(attempt).toThrow(/network\.caCertFile/);
  });

  it('names network.caCertFile when the file holds no certificate', () => {
    const junk = path.join(dir, 'junk.pem');
    writeFileSync(junk, 'hello');
    expect(() => createNetworkAgents({ proxyUrl: '', caCertFile: junk })).toThrow(/network\.caCertFile.*PEM/);
  });

  it('names network.proxyUrl for a malformed proxy address, without its password', () => {
    let message = '';
    try {
      createNetworkAgents({ proxyUrl: 'ftp://bob:s3cret@proxy', caCertFile: '' });
    } catch (error) {
      expect(error).toBeInstanceOf(NetworkConfigError);
      expect((error as NetworkConfigError).setting).toBe('network.proxyUrl');
      message = (error as Error).message;
    }
    expect(message).toMatch(/network\.proxyUrl/);
    expect(message).not.toContain('s3cret');
    expect(() => createNetworkAgents({ proxyUrl: 'not a url', caCertFile: '' })).toThrow(/network\.proxyUrl/);
  });

  it('redacts proxy credentials for logs and keeps loopback targets local', () => {
    expect(redactProxyUrl('http://bob:s3cret@proxy.plant:3128')).toBe('http://***:***@proxy.plant:3128/');
    expect(['localhost', '127.0.0.1', '127.1.2.3', '[::1]', 'app.localhost'].every(isLoopbackHost)).toBe(
      true,
    );
    expect(['example.com', '10.0.0.1', FAKE_HOST].some(isLoopbackHost)).toBe(false);
  });
});

describe.skipIf(!hasOpenssl)(
  'network settings: company CA and proxy (needs /usr/bin/openssl for a test certificate)',
  () => {
    it('an HTTPS server signed by the company CA is not trusted without caCertFile', async () => {
      const result = await probeUrl(`https://127.0.0.1:${httpsPort}/`, 5000);
      expect(result.ok).toBe(false);
      expect(result.message).toMatch(/certificate this computer does not trust.*CA certificate/);
    });

    it('is trusted with caCertFile (and public roots stay trusted alongside)', async () => {
      const network = { proxyUrl: '', caCertFile: caFile };
      const result = await probeUrl(`https://127.0.0.1:${httpsPort}/`, 5000, network);
      expect(result.ok).toBe(true);
      expect(result.message).toContain('HTTP 200');
      const ca = createNetworkAgents(network)?.httpsAgent.options.ca;
      expect(Array.isArray(ca) && ca.length).toBe(tls.rootCertificates.length + 1);
      const client = axios.create({ ...axiosNetworkOptions(network), responseType: 'text' });
      expect((await client.get<string>(`https://127.0.0.1:${httpsPort}/x`)).data).toBe('secure /x');
    });

    it('sends non-local https targets through a CONNECT tunnel and http targets as plain proxy requests', async () => {
      reset();
      const client = axios.create({
        ...axiosNetworkOptions({
          proxyUrl: `http://bob:s%40cret@127.0.0.1:${proxyPort}`,
          caCertFile: caFile,
        }),
        responseType: 'text',
      });
      expect((await client.get<string>(`https://${FAKE_HOST}/tunnel?q=1`)).data).toBe('secure /tunnel?q=1');
      expect((await client.get<string>(`http://${FAKE_HOST}/plain`)).data).toBe('plain /plain');
      expect(seen.connect).toEqual([`${FAKE_HOST}:443`]);
      expect(seen.plain).toEqual([`http://${FAKE_HOST}/plain`]);
      const basic = `Basic ${Buffer.from('bob:s@cret').toString('base64')}`;
      expect(seen.auth).toEqual([basic, basic]);
    });

    it('sends 127.0.0.1 targets direct even with a proxy set (the sandbox keeps working)', async () => {
      reset();
      const client = axios.create({
        ...axiosNetworkOptions({ proxyUrl: `http://127.0.0.1:${proxyPort}`, caCertFile: caFile }),
        responseType: 'text',
      });
      expect((await client.get<string>(`https://127.0.0.1:${httpsPort}/direct`)).data).toBe('secure /direct');
      expect((await client.get<string>(`http://127.0.0.1:${httpPort}/direct`)).data).toBe('plain /direct');
      expect(seen.connect).toEqual([]);
      expect(seen.plain).toEqual([]);
    });

    it('the tunnel still checks the certificate: without caCertFile the proxied call is refused', async () => {
      const client = axios.create({
        ...axiosNetworkOptions({ proxyUrl: `http://127.0.0.1:${proxyPort}`, caCertFile: '' }),
        responseType: 'text',
      });
      const failure: unknown = await client.get(`https://${FAKE_HOST}/`).catch((error: unknown) => error);
      expect(String((failure as { code?: string }).code)).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY/);
    });
  },
);
