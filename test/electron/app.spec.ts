// Launches the packaged-layout desktop app (package.json "main" = dist/electron/main.cjs) with Playwright's
// Electron driver and checks that the sandboxed window shows the dashboard through the IPC bridge.
// Needs `npm run build` first, an Electron binary (not present when installed with
// ELECTRON_SKIP_BINARY_DOWNLOAD) and, on Linux, a display (run under xvfb-run on a headless machine).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ElectronApplication, _electron as electron, expect, test } from '@playwright/test';
import { electronBinary } from '../../scripts/electron-binary.ts';

const root = join(import.meta.dirname, '..', '..');
const mainBundle = join(root, 'dist', 'electron', 'main.cjs');

const binary = electronBinary();
const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;

test.describe('desktop app', () => {
  test.skip(binary === undefined, 'no Electron binary installed (ELECTRON_SKIP_BINARY_DOWNLOAD)');
  test.skip(noDisplay, 'no display for Electron on this Linux machine (run under xvfb-run)');

  let app: ElectronApplication | undefined;
  let dataDir: string;

  test.beforeEach(() => {
    expect(existsSync(mainBundle), `${mainBundle} is missing: run npm run build first`).toBe(true);
    dataDir = mkdtempSync(join(tmpdir(), 'mlc-electron-'));
  });

  test.afterEach(async () => {
    await app?.evaluate(({ app: electronApp }) => electronApp.exit(0)).catch(() => undefined);
    await app?.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('opens a hardened window that shows the dashboard', async () => {
    app = await electron.launch({
      executablePath: binary,
      args: [root, ...(process.platform === 'linux' ? ['--no-sandbox'] : [])],
      env: {
        ...process.env,
        MLC_DATA_DIR: dataDir,
        // Keep the test away from the developer's real keychain.
        MLC_SECRET_BACKEND: 'file',
        MLC_SECRET_KEY: 'playwright-electron-test-key-0123456789',
      },
    });
    const page = await app.firstWindow();
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
    await expect(page.getByText(/^Engine \S+ · running since/)).toBeVisible();

    // The renderer runs without Node and is served from the app:// origin, not file://.
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
    expect(await page.evaluate(() => (globalThis as unknown as { location: URL }).location.origin)).toBe(
      'app://renderer',
    );
    // window.open is denied: no second window appears.
    await page.evaluate(() => {
      (globalThis as unknown as { open(url: string): unknown }).open('https://example.com/');
    });
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  });
});
