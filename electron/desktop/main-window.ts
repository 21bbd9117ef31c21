// The one application window: sandboxed renderer with no Node, remembering its size and position.
// Closing it hides it (the app keeps syncing from the tray); only Quit ends the process.
import { BrowserWindow, screen } from 'electron';
import { type WindowState, fitToDisplays, loadWindowState, saveWindowState } from './window-state.ts';

export interface MainWindowOptions {
  readonly preload: string;
  readonly url: string;
  readonly stateFile: string;
  readonly icon?: string;
  /** Start hidden in the tray (login item, `--hidden`). */
  readonly startHidden?: boolean;
  /** True once the user chose Quit: closing then really closes. */
  readonly isQuitting: () => boolean;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const saved = fitToDisplays(
    loadWindowState(options.stateFile),
    screen.getAllDisplays().map((display) => display.workArea),
  );
  const window = new BrowserWindow({
    ...(saved.x === undefined || saved.y === undefined ? {} : { x: saved.x, y: saved.y }),
    width: saved.width,
    height: saved.height,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'ml-connector',
    backgroundColor: '#f8f9fa',
    ...(options.icon === undefined ? {} : { icon: options.icon }),
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  window.removeMenu();
  if (saved.maximized) window.maximize();

  let saveTimer: NodeJS.Timeout | undefined;
  const remember = (): void => {
    if (window.isDestroyed() || window.isMinimized()) return;
    const bounds = window.getNormalBounds();
    const state: WindowState = { ...bounds, maximized: window.isMaximized() };
    try {
      saveWindowState(options.stateFile, state);
    } catch {
      // Losing the window position is harmless; never let it disturb the app.
    }
  };
  const rememberSoon = (): void => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(remember, 500);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const)
    window.on(event as 'resize', rememberSoon);

  window.on('close', (event) => {
    clearTimeout(saveTimer);
    remember();
    if (!options.isQuitting()) {
      event.preventDefault();
      window.hide();
    }
  });
  window.once('ready-to-show', () => {
    if (options.startHidden !== true) window.show();
  });
  void window.loadURL(options.url);
  return window;
}

export function showWindow(window: BrowserWindow | undefined): void {
  if (window === undefined || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
