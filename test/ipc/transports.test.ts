/* eslint-disable @typescript-eslint/require-await -- handlers are async by contract; stand-ins have nothing to await */
// The same contract call must give the same answer whether it travels over Electron IPC (router +
// ipc-main-binding + preload API, here with in-memory stand-ins) or over browser-mode HTTP.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MlcBridge } from '../../shared/contract/bridge.ts';
import { EventHub } from '../../electron/ipc/event-hub.ts';
import { ContractFailure } from '../../electron/ipc/failure.ts';
import { type IpcBinding, bindIpcMain } from '../../electron/ipc/ipc-main-binding.ts';
import { buildPreloadApi } from '../../electron/ipc/preload-api.ts';
import { silentLog } from '../../electron/ipc/log-sink.ts';
import { createRouter } from '../../electron/ipc/router.ts';
import { type WebServer, startWebServer } from '../../electron/web/server.ts';
import { openEvents, rawRequest } from '../web/support/raw-http.ts';
import { FakeElectron } from './support/fake-electron.ts';
import { createStubHandlers, stubStatus } from './support/stub-handlers.ts';

const APP_URL = 'app://renderer/index.html';

let hub: EventHub;
let electron: FakeElectron;
let binding: IpcBinding;
let server: WebServer;
let desktop: MlcBridge;
let calls: ReturnType<typeof createStubHandlers>['calls'];

beforeEach(async () => {
  hub = new EventHub(silentLog);
  const stub = createStubHandlers(hub);
  calls = stub.calls;
  const router = createRouter(
    {
      ...stub.handlers,
      'audit/verify': async () => {
        throw new ContractFailure('unavailable', 'The audit store is being backed up.');
      },
      'runs/list': async () => {
        throw new Error('disk I/O error at /home/jane/.config/ml-connector/db.sqlite');
      },
    },
    { log: silentLog },
  );
  electron = new FakeElectron();
  binding = bindIpcMain({
    ipcMain: electron.ipcMain,
    router,
    hub,
    webContents: electron.webContents,
    trustedUrls: ['app://renderer'],
    actor: 'jane',
    log: silentLog,
  });
  desktop = buildPreloadApi(electron.renderer(APP_URL));
  server = await startWebServer({ router, hub, actor: 'jane', log: silentLog, staticDir: '/nonexistent' });
});

afterEach(async () => {
  binding.dispose();
  await server.close();
});

async function overHttp(name: string, args: unknown): Promise<unknown> {
  const response = await rawRequest(server.port, {
    method: 'POST',
    path: `/api/invoke/${name}`,
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: args === undefined ? '' : JSON.stringify(args),
  });
  expect(response.status).toBe(200);
  return JSON.parse(response.body);
}

const sameAnswerCases: [string, unknown][] = [
  ['status/get', {}],
  ['status/get', undefined],
  ['documents/list', { source: 'concur', limit: 10 }],
  ['documents/list', { currency: 'DOLLARS' }],
  ['settings/get', {}],
  ['settings/update', { settings: { qad: { rest: { tenantUrl: 'ftp://qad' } } } }],
  ['secrets/status', {}],
  ['connections/check', { system: 'qad' }],
  ['connections/check', { system: 'sap' }],
  ['audit/list', { limit: 1 }],
  ['audit/verify', {}],
  ['runs/list', {}],
  ['documents/purge', {}],
];

describe('both transports', () => {
  it.each(sameAnswerCases)('%s %j answers the same', async (name, args) => {
    const viaIpc = await desktop.invoke(name, args);
    const viaHttp = await overHttp(name, args);
    expect(viaHttp).toEqual(viaIpc);
  });

  it('carry failures as data with code, message and field', async () => {
    expect(await desktop.invoke('audit/verify', {})).toEqual({
      ok: false,
      error: { code: 'unavailable', message: 'The audit store is being backed up.' },
    });
    const internal = await desktop.invoke('runs/list', {});
    expect(internal).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(internal)).not.toContain('/home/jane');
    expect(await overHttp('settings/update', { settings: { concur: { enabled: 'yes' } } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', field: 'settings.concur.enabled' },
    });
  });

  it('record the transport and the actor of each call', async () => {
    await desktop.invoke('status/get', {});
    await overHttp('status/get', {});
    expect(calls).toEqual([
      { name: 'status/get', actor: 'jane', transport: 'ipc' },
      { name: 'status/get', actor: 'jane', transport: 'http' },
    ]);
  });

  it('push the same events to the window and to the event stream', async () => {
    const stream = await openEvents(server.port, { authorization: `Bearer ${server.token}` });
    expect(stream.status).toBe(200);
    const inWindow: unknown[] = [];
    const stop = desktop.onEvent((event) => inWindow.push(event));

    // A state change made over one transport is heard on both.
    await overHttp('sync/pause', {});
    hub.emit('run/finished', stubStatus().flows[0]!.lastRun!);
    const streamed = await stream.next(2);
    stream.close();

    expect(inWindow).toEqual(streamed);
    expect(streamed).toMatchObject([
      { name: 'status/changed', payload: { paused: true } },
      { name: 'run/finished', payload: { flow: 'concur', outcome: 'succeeded' } },
    ]);

    stop();
    hub.emit('status/changed', stubStatus());
    expect(inWindow).toHaveLength(2);
  });
});

describe('IPC sender check', () => {
  it('refuses a call from another webContents', async () => {
    const foreign = buildPreloadApi(electron.renderer(APP_URL, { id: 99 }));
    expect(await foreign.invoke('status/get', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(calls).toEqual([]);
  });

  it('refuses our window when it shows a foreign page, a look-alike host or a sub-frame', async () => {
    for (const url of [
      'https://evil.example/',
      'app://renderer.evil.example/index.html',
      'file:///tmp/x.html',
    ]) {
      const api = buildPreloadApi(electron.renderer(url));
      expect(await api.invoke('status/get', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    const iframe = buildPreloadApi(electron.renderer(APP_URL, electron.webContents, { url: APP_URL }));
    expect(await iframe.invoke('status/get', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(calls).toEqual([]);
  });

  it('trusts the exact file page when the app is loaded from disk', async () => {
    const fileElectron = new FakeElectron();
    const fileBinding = bindIpcMain({
      ipcMain: fileElectron.ipcMain,
      router: createRouter(createStubHandlers().handlers, { log: silentLog }),
      hub,
      webContents: fileElectron.webContents,
      trustedUrls: ['file:///opt/ml-connector/resources/app/index.html'],
      actor: 'jane',
      log: silentLog,
    });
    const ours = buildPreloadApi(
      fileElectron.renderer('file:///opt/ml-connector/resources/app/index.html#/audit'),
    );
    const other = buildPreloadApi(fileElectron.renderer('file:///home/jane/Downloads/index.html'));
    expect(await ours.invoke('status/get', {})).toMatchObject({ ok: true });
    expect(await other.invoke('status/get', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    fileBinding.dispose();
    expect(fileElectron.handlerCount).toBe(0);
  });
});
