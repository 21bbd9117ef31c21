// The desktop composition root (electron/main.ts), bundled by scripts/build.mjs itself and run
// under Node with a recording stand-in for Electron (support/drive-main.ts): where no Electron binary
// exists this still proves the wiring: hardened window, IPC sender check, app:// with CSP and no path
// escape, permissions and navigation denied, close-to-tray, and a clean engine stop on quit.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
let work: string;
let events: string[] = [];

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'mlc-main-'));
  const appRoot = join(work, 'app');
  const bundle = join(appRoot, 'dist', 'electron', 'main.cjs');
  // The real build script, into a folder of the test's own: what runs is what ships.
  const build = spawnSync(
    process.execPath,
    [join(root, 'scripts', 'build.mjs'), '--no-renderer', '--out-dir', dirname(bundle)],
    { encoding: 'utf8' },
  );
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  mkdirSync(join(appRoot, 'dist', 'renderer'), { recursive: true });
  writeFileSync(
    join(appRoot, 'dist', 'renderer', 'index.html'),
    '<!doctype html><title>ml-connector</title>',
  );
  writeFileSync(join(appRoot, 'package.json'), '{"name":"ml-connector-fixture","private":true}');

  const child = spawnSync(process.execPath, [join(import.meta.dirname, 'support', 'drive-main.ts'), bundle], {
    env: {
      ...process.env,
      FAKE_APP_ROOT: appRoot,
      MLC_DATA_DIR: join(work, 'data'),
      MLC_SECRET_BACKEND: 'file',
      MLC_SECRET_KEY: 'composition-test-key-0123456789',
      NODE_PATH: join(root, 'node_modules'),
    },
    encoding: 'utf8',
    timeout: 20_000,
  });
  const lastLine = child.stdout.trim().split('\n').at(-1) ?? '[]';
  events = JSON.parse(lastLine) as string[];
  if (events.length === 0) throw new Error(`drive-main produced nothing: ${child.stderr}`);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

const find = (prefix: string): string | undefined => events.find((event) => event.startsWith(prefix));

describe('desktop composition root', () => {
  it('starts without errors', () => {
    expect(events.filter((event) => /scenario\.error|dialog\.error|app\.exit/.test(event))).toEqual([]);
  });

  it('creates a sandboxed, context-isolated window without Node, loaded from app://', () => {
    const prefs = JSON.parse(
      find('window.webPreferences ')?.slice('window.webPreferences '.length) ?? '{}',
    ) as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(find('window.loadURL')).toBe('window.loadURL app://renderer/index.html');
  });

  it('answers IPC only from its own window top frame', () => {
    expect(find('ipc.foreign')).toContain('"forbidden"');
    expect(find('ipc.iframe')).toContain('"forbidden"');
    expect(find('ipc.own.ok')).toBe('ipc.own.ok true');
  });

  it('keeps settings in <dataDir>/config.json (electron-store), private to the user', () => {
    expect(find('settings.update.ok')).toBe('settings.update.ok true');
    const file = join(work, 'data', 'config.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      expensify: { exportLabel: 'posted-by-mlc' },
    });
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('serves the renderer with a strict CSP and nothing outside it', () => {
    expect(find('app.index')).toMatch(/^app\.index 200 default-src 'none'; script-src 'self'/);
    expect(find('app.escape')).toBe('app.escape 404');
  });

  it('denies permissions, foreign navigation and new windows', () => {
    expect(find('permission.granted')).toBe('permission.granted false');
    expect(find('navigate.prevented')).toBe('navigate.prevented true');
    expect(find('open.answer')).toBe('open.answer {"action":"deny"}');
    expect(find('shell.openExternal')).toBe('shell.openExternal https://example.com/help');
  });

  it('shows a tray with the run controls', () => {
    expect(find('tray.menu')).toBe('tray.menu Run now|Pause schedule|-|Open ml-connector|Quit');
    expect(find('tray.tooltip')).toMatch(/^tray\.tooltip ml-connector: /);
  });

  it('hides to the tray on close, and on quit stops the engine before exiting', () => {
    expect(find('close.prevented')).toBe('close.prevented true visible false');
    const quitAt = events.indexOf('app.quit');
    expect(quitAt).toBeGreaterThan(-1);
    expect(events.slice(quitAt)).toEqual(
      expect.arrayContaining(['ipc.removed mlc:invoke', 'tray.destroy', 'app.quit.proceeds']),
    );
    const log = readFileSync(join(work, 'data', 'logs', 'ml-connector.log'), 'utf8');
    expect(log).toContain('"msg":"desktop started"');
    expect(log).toContain('"msg":"desktop stopped"');
  });
});
