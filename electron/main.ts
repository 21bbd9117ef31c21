// Composition root of the desktop host: build the services, the engine, the window, the tray, bind the
// contract to ipcMain, and order startup and shutdown. Behaviour lives in electron/desktop/.
import { type BrowserWindow, app, dialog, ipcMain, session } from 'electron';
import { APP_ENTRY_URL, APP_ORIGIN, isAppUrl } from './desktop/app-url.ts';
import { registerAppScheme, serveRenderer } from './desktop/app-protocol.ts';
import type { DesktopEngine } from './desktop/engine-port.ts';
import { createMainWindow, showWindow } from './desktop/main-window.ts';
import { startNotifications } from './desktop/notifications.ts';
import { appFiles, devServerUrl, osActor, resolveDataDir } from './desktop/paths.ts';
import { watchPower } from './desktop/power.ts';
import { applySessionSecurity, hardenAllWebContents } from './desktop/security.ts';
import { ElectronSettingsStore } from './desktop/settings-electron-store.ts';
import { type AppTray, createTray } from './desktop/tray.ts';
import { windowStatePath } from './desktop/window-state.ts';
import { createEngine } from './engine/engine.ts';
import { bindIpcMain } from './ipc/ipc-main-binding.ts';
import { createLogger } from './log/logger.ts';
import { createSecretStore, type SelectedSecretStore } from './secrets/create-secret-store.ts';
import { sandboxMemorySecretStore } from './secrets/memory-secret-store.ts';
import { resetDemoFolder, writeSandboxFiles } from './sandbox/engine-files.ts';
import { startSandbox, type Sandbox } from './sandbox/index.ts';
import { join } from 'node:path';

if (!app.requestSingleInstanceLock()) {
  // Another instance owns the store and the schedule; it shows its window (second-instance below).
  app.exit(0);
} else {
  registerAppScheme();
  // `npm start` opens the app on its embedded default: the sandbox systems, in a demo folder of their own.
  const sandboxDefault = process.argv.includes('--sandbox-default');
  const dataDir = sandboxDefault ? join(resolveDataDir(), 'demo') : resolveDataDir();
  let sandbox: Sandbox | undefined;
  let sandboxSecrets: SelectedSecretStore | undefined;
  const logger = createLogger({ dataDir, stderr: !app.isPackaged });
  const log = logger.child('desktop');
  let window: BrowserWindow | undefined;
  let engine: DesktopEngine | undefined;
  let tray: AppTray | undefined;
  const disposers: (() => void)[] = [];
  let quitting = false;
  let stopped = false;

  process.on('uncaughtException', (error) => log.error({ err: error }, 'uncaught exception'));
  process.on('unhandledRejection', (error) => log.error({ err: error }, 'unhandled rejection'));

  app.on('second-instance', () => showWindow(window));
  app.on('activate', () => showWindow(window));
  // Closing the window keeps syncing from the tray: never quit on window-all-closed.
  app.on('window-all-closed', () => {});

  // Quit waits for the engine to finish the step it is in (every step is resumable, but a clean stop is
  // quicker to resume); a second Quit while stopping does not start a second shutdown.
  let stopping: Promise<void> | undefined;
  app.on('before-quit', (event) => {
    quitting = true;
    if (stopped) return;
    event.preventDefault();
    stopping ??= shutdown().finally(() => {
      stopped = true;
      app.quit();
    });
  });

  async function shutdown(): Promise<void> {
    for (const dispose of disposers.splice(0)) dispose();
    tray?.dispose();
    try {
      await engine?.stop();
      await sandbox?.close();
    } catch (error) {
      log.error({ err: error }, 'engine did not stop cleanly');
    }
    log.info('desktop stopped');
    logger.close();
  }

  async function start(): Promise<void> {
    const files = appFiles();
    const devUrl = devServerUrl();
    hardenAllWebContents((url) => isAppUrl(url, devUrl));
    applySessionSecurity(session.defaultSession, devUrl);
    serveRenderer(files.rendererDir);

    if (sandboxDefault) {
      resetDemoFolder(dataDir);
      sandbox = await startSandbox();
      const files = await writeSandboxFiles(sandbox, dataDir);
      // Without a keychain or MLC_SECRET_KEY the demo still runs: its credentials are the simulators' own.
      if (files.refused.length > 0) sandboxSecrets = sandboxMemorySecretStore(sandbox.secrets);
    }
    const settings = new ElectronSettingsStore({
      cwd: dataDir,
      onInvalidEdit: (error) =>
        log.warn({ field: error.field }, `config.json edited outside the app was refused: ${error.message}`),
    });
    const secrets =
      sandboxSecrets ??
      (await createSecretStore({ dataDir, env: process.env, profile: settings.get().profile }));
    if (secrets.notice !== undefined) log.warn({ backend: secrets.backend }, secrets.notice);
    const actor = osActor();
    const running: DesktopEngine = await createEngine({
      dataDir,
      settings,
      secrets,
      logger,
      actor,
      migrationsDir: files.migrationsDir,
    });
    engine = running;

    window = createMainWindow({
      preload: files.preload,
      url: devUrl === undefined ? APP_ENTRY_URL : `${devUrl}/`,
      stateFile: windowStatePath(dataDir),
      icon: files.appIcon,
      startHidden: process.argv.includes('--hidden'),
      isQuitting: () => quitting,
    });
    const binding = bindIpcMain({
      ipcMain,
      router: running.router,
      hub: running.hub,
      webContents: window.webContents,
      trustedUrls: devUrl === undefined ? [APP_ORIGIN] : [APP_ORIGIN, devUrl],
      actor,
      log: logger.child('ipc'),
    });
    disposers.push(() => binding.dispose());

    const open = (): void => showWindow(window);
    tray = createTray({
      iconsDir: files.iconsDir,
      engine: running,
      showWindow: open,
      quit: () => app.quit(),
      log,
    });
    const currentTray = tray;
    disposers.push(
      running.hub.subscribe((event) => {
        if (event.name === 'status/changed') currentTray.refresh(event.payload);
        else currentTray.refresh();
      }),
    );
    disposers.push(watchPower(running));
    disposers.push(startNotifications({ hub: running.hub, icon: files.appIcon, onClick: open }));

    await running.start();
    currentTray.refresh();
    log.info({ dataDir, secrets: secrets.backend, version: app.getVersion() }, 'desktop started');
  }

  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      log.error({ err: error }, 'desktop failed to start');
      const message = error instanceof Error ? error.message : String(error);
      dialog.showErrorBox(
        'ml-connector cannot start',
        `${message}\n\nThe log is in ${logger.file ?? dataDir}.`,
      );
      stopped = true;
      logger.close();
      app.exit(1);
    });
}
