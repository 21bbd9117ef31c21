import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EventHub } from '../../electron/ipc/event-hub.ts';
import { silentLog } from '../../electron/ipc/log-sink.ts';
import { createRouter } from '../../electron/ipc/router.ts';
import { type WebServer, startWebServer } from '../../electron/web/server.ts';
import { createStubHandlers } from '../ipc/support/stub-handlers.ts';
import { openEvents, rawRequest } from './support/raw-http.ts';

let staticDir: string;
let server: WebServer;

beforeAll(() => {
  staticDir = mkdtempSync(path.join(os.tmpdir(), 'mlc-static-'));
  mkdirSync(path.join(staticDir, 'assets'));
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>ml-connector</title>');
  writeFileSync(path.join(staticDir, 'assets', 'app-1234.js'), 'console.log("app")');
  writeFileSync(path.join(os.tmpdir(), 'mlc-outside-secret.txt'), 'outside');
});

afterAll(() => {
  rmSync(staticDir, { recursive: true, force: true });
  rmSync(path.join(os.tmpdir(), 'mlc-outside-secret.txt'), { force: true });
});

beforeEach(async () => {
  const hub = new EventHub(silentLog);
  const router = createRouter(createStubHandlers(hub).handlers, { log: silentLog });
  server = await startWebServer({ router, hub, staticDir, log: silentLog, maxBodyBytes: 4096 });
});

afterEach(() => server.close());

const json = { 'content-type': 'application/json' };
const invoke = (headers: Record<string, string>, body = '{}', name = 'status/get') =>
  rawRequest(server.port, {
    method: 'POST',
    path: `/api/invoke/${name}`,
    headers: { ...json, ...headers },
    body,
  });

async function login(): Promise<string> {
  const response = await rawRequest(server.port, { path: `/?token=${server.token}` });
  const cookie = String(response.headers['set-cookie']?.[0] ?? '');
  return cookie.split(';')[0]!;
}

describe('browser-mode server', () => {
  it('listens on 127.0.0.1 and prints a link carrying a 32-byte token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers 401 without the token: API, events and static files', async () => {
    expect((await invoke({})).status).toBe(401);
    expect((await openEvents(server.port, {})).status).toBe(401);
    expect((await rawRequest(server.port, { path: '/' })).status).toBe(401);
    expect((await rawRequest(server.port, { path: '/assets/app-1234.js' })).status).toBe(401);
    expect((await invoke({ authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await rawRequest(server.port, { path: '/?token=wrong' })).status).toBe(401);
  });

  it('swaps the token for an HttpOnly SameSite=Strict cookie and strips it from the address', async () => {
    const response = await rawRequest(server.port, { path: `/?token=${server.token}` });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/');
    const cookie = String(response.headers['set-cookie']?.[0]);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toContain(server.token);
  });

  it('serves the UI and the API with the session cookie', async () => {
    const cookie = await login();
    const page = await rawRequest(server.port, { path: '/', headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>ml-connector</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['cache-control']).toBe('no-store');

    const asset = await rawRequest(server.port, { path: '/assets/app-1234.js', headers: { cookie } });
    expect(asset.headers['content-type']).toContain('text/javascript');

    const spaRoute = await rawRequest(server.port, { path: '/documents', headers: { cookie } });
    expect(spaRoute.body).toContain('<title>ml-connector</title>');

    const origin = `http://127.0.0.1:${server.port}`;
    const call = await invoke({ cookie, origin });
    expect(call.status).toBe(200);
    expect(JSON.parse(call.body)).toMatchObject({ ok: true, value: { version: '0.1.0-test' } });

    expect((await openEvents(server.port, { cookie })).status).toBe(200);
  });

  it('accepts the token as a bearer header for scripts', async () => {
    const call = await invoke({ authorization: `Bearer ${server.token}` });
    expect(JSON.parse(call.body)).toMatchObject({ ok: true });
  });

  it('refuses a foreign Host even with a valid token (DNS rebinding)', async () => {
    for (const host of [
      'evil.example',
      `evil.example:${server.port}`,
      `127.0.0.1.evil.example:${server.port}`,
    ]) {
      const call = await invoke({ authorization: `Bearer ${server.token}`, host });
      expect(call.status).toBe(403);
      const link = await rawRequest(server.port, { path: `/?token=${server.token}`, headers: { host } });
      expect(link.status).toBe(403);
    }
    const localhost = await invoke({
      authorization: `Bearer ${server.token}`,
      host: `localhost:${server.port}`,
    });
    expect(localhost.status).toBe(200);
  });

  it('refuses cross-origin and origin-less cookie POSTs and non-JSON bodies', async () => {
    const cookie = await login();
    expect((await invoke({ cookie, origin: 'https://evil.example' })).status).toBe(403);
    expect((await invoke({ cookie })).status).toBe(403);
    const origin = `http://localhost:${server.port}`;
    expect((await invoke({ cookie, origin, 'content-type': 'text/plain' })).status).toBe(415);
  });

  it('limits the body size and reports bad JSON as data', async () => {
    const auth = { authorization: `Bearer ${server.token}` };
    const big = JSON.stringify({ search: 'x'.repeat(5000) });
    expect((await invoke(auth, big, 'documents/list')).status).toBe(413);
    const bad = await invoke(auth, '{"source":', 'documents/list');
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
  });

  it('never serves a file outside the renderer folder', async () => {
    const cookie = await login();
    for (const attempt of [
      '/../mlc-outside-secret.txt',
      '/%2e%2e/mlc-outside-secret.txt',
      '/assets/..%2f..%2fmlc-outside-secret.txt',
    ]) {
      const response = await rawRequest(server.port, { path: attempt, headers: { cookie } });
      expect(response.body).not.toContain('outside');
    }
  });

  it('answers unknown API routes and methods plainly', async () => {
    const auth = { authorization: `Bearer ${server.token}` };
    expect((await rawRequest(server.port, { path: '/api/nothing', headers: auth })).status).toBe(404);
    expect((await rawRequest(server.port, { path: '/api/invoke/status/get', headers: auth })).status).toBe(
      405,
    );
  });
});
