// Runs the bundled Electron main process under plain Node with a recording stand-in for the `electron`
// module, drives one scenario (start, IPC from a foreign and from our own frame, app:// requests, navigation,
// close to tray, quit) and prints what happened as one JSON line. Used by main-composition.test.ts where no
// Electron binary exists. Usage: node drive-main.ts <path/to/main.cjs>
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import Module, { createRequire } from 'node:module';

type Handler = (...args: unknown[]) => unknown;
const mainPath = process.argv[2] ?? '';
const appRoot = process.env.FAKE_APP_ROOT ?? '';
const events: string[] = [];
const record = (...parts: unknown[]): void => {
  events.push(parts.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' '));
};

const paths: Record<string, string> = { userData: '/nonexistent' };
const ipcHandlers = new Map<string, Handler>();
let protocolHandler: ((request: { url: string }) => Promise<Response>) | undefined;
let permissionHandler: Handler | undefined;
const windows: FakeWindow[] = [];
let resolveReady: () => void = () => {};
const ready = new Promise<void>((resolve) => {
  resolveReady = resolve;
});

class FakeWebContents extends EventEmitter {
  openHandler: Handler | undefined;
  send(channel: string, event: { name?: string }): void {
    record('push', channel, event.name ?? '');
  }
  setWindowOpenHandler(handler: Handler): void {
    this.openHandler = handler;
  }
  isDestroyed(): boolean {
    return false;
  }
}

const app = Object.assign(new EventEmitter(), {
  isPackaged: false,
  requestSingleInstanceLock: () => true,
  exit: (code: number) => record('app.exit', code),
  quit: () => {
    record('app.quit');
    let prevented = false;
    app.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) record('app.quit.proceeds');
  },
  setPath: (key: string, value: string) => {
    paths[key] = value;
  },
  getPath: (key: string) => paths[key],
  getAppPath: () => appRoot,
  getVersion: () => '0.1.0',
  whenReady: () => ready,
});

class FakeWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();
  visible = false;
  constructor(options: { webPreferences: unknown }) {
    super();
    record('window.webPreferences', options.webPreferences);
    windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
    setTimeout(() => this.emit('ready-to-show'), 5);
  }
  removeMenu(): void {}
  maximize(): void {}
  isDestroyed(): boolean {
    return false;
  }
  isMinimized(): boolean {
    return false;
  }
  isMaximized(): boolean {
    return false;
  }
  getNormalBounds() {
    return { x: 10, y: 20, width: 1200, height: 800 };
  }
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
    record('window.hide');
  }
  focus(): void {}
  restore(): void {}
  loadURL(url: string): Promise<void> {
    record('window.loadURL', url);
    return Promise.resolve();
  }
}

class FakeTray extends EventEmitter {
  destroyed = false;
  setImage(): void {}
  setToolTip(text: string): void {
    record('tray.tooltip', text);
  }
  setContextMenu(items: { label?: string }[]): void {
    record('tray.menu', items.map((item) => item.label ?? '-').join('|'));
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
    record('tray.destroy');
  }
}

const fakeElectron = {
  app,
  BrowserWindow: FakeWindow,
  Tray: FakeTray,
  ipcMain: {
    handle: (channel: string, handler: Handler) => ipcHandlers.set(channel, handler),
    removeHandler: (channel: string) => {
      ipcHandlers.delete(channel);
      record('ipc.removed', channel);
    },
    on: () => {},
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (handler: Handler) => {
        permissionHandler = handler;
      },
      setPermissionCheckHandler: () => {},
      webRequest: { onHeadersReceived: () => record('session.cspHook') },
    },
  },
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown) => record('protocol.privileged', schemes),
    handle: (_scheme: string, handler: (request: { url: string }) => Promise<Response>) => {
      protocolHandler = handler;
    },
  },
  screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
  nativeImage: {
    createFromPath: (path: string) => ({ isEmpty: () => !existsSync(path) }),
    createEmpty: () => ({ isEmpty: () => true }),
  },
  Menu: { buildFromTemplate: (items: unknown) => items },
  Notification: Object.assign(
    class extends EventEmitter {
      show(): void {}
    },
    { isSupported: () => true },
  ),
  powerMonitor: new EventEmitter(),
  dialog: { showErrorBox: (title: string, message: string) => record('dialog.error', title, message) },
  shell: { openExternal: (url: string) => record('shell.openExternal', url) },
};

const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
const originalLoad = loader._load;
loader._load = function (request: string, ...rest: unknown[]) {
  return request === 'electron' ? fakeElectron : originalLoad.call(this, request, ...rest);
};

async function scenario(): Promise<void> {
  createRequire(import.meta.url)(mainPath);
  resolveReady();
  await new Promise((resolve) => setTimeout(resolve, 300));
  const window = windows[0];
  if (window === undefined) throw new Error('no window was created');
  const invoke = ipcHandlers.get('mlc:invoke');
  if (invoke === undefined) throw new Error('no IPC handler was registered');

  const foreign = await invoke(
    { sender: {}, senderFrame: { url: 'app://renderer/index.html' } },
    'status/get',
    {},
  );
  record('ipc.foreign', foreign);
  const iframe = await invoke(
    { sender: window.webContents, senderFrame: { url: 'app://renderer/index.html', parent: {} } },
    'status/get',
    {},
  );
  record('ipc.iframe', iframe);
  const own = (await invoke(
    { sender: window.webContents, senderFrame: { url: 'app://renderer/index.html#/dashboard' } },
    'status/get',
    {},
  )) as { ok: boolean };
  record('ipc.own.ok', own.ok);
  const ours = { sender: window.webContents, senderFrame: { url: 'app://renderer/index.html' } };
  const current = (await invoke(ours, 'settings/get', {})) as {
    value: { expensify: Record<string, unknown> };
  };
  const settings = {
    ...current.value,
    expensify: { ...current.value.expensify, exportLabel: 'posted-by-mlc' },
  };
  const updated = (await invoke(ours, 'settings/update', { settings })) as { ok: boolean };
  record('settings.update.ok', updated.ok);

  if (protocolHandler !== undefined) {
    const index = await protocolHandler({ url: 'app://renderer/index.html' });
    record('app.index', index.status, index.headers.get('content-security-policy') ?? '');
    const escape = await protocolHandler({ url: 'app://renderer/%2e%2e/%2e%2e/package.json' });
    record('app.escape', escape.status);
  }
  permissionHandler?.(window.webContents, 'media', (granted: boolean) =>
    record('permission.granted', granted),
  );
  let navigationPrevented = false;
  window.webContents.emit(
    'will-navigate',
    { preventDefault: () => (navigationPrevented = true) },
    'https://evil.example/',
  );
  record('navigate.prevented', navigationPrevented);
  record('open.answer', window.webContents.openHandler?.({ url: 'https://example.com/help' }));

  let closePrevented = false;
  window.emit('close', { preventDefault: () => (closePrevented = true) });
  record('close.prevented', closePrevented, 'visible', window.visible);

  app.quit();
  await new Promise((resolve) => setTimeout(resolve, 300));
}

scenario()
  .catch((error: unknown) => record('scenario.error', error instanceof Error ? error.stack : String(error)))
  .finally(() => {
    process.stdout.write(`${JSON.stringify(events)}\n`);
    process.exit(0);
  });
