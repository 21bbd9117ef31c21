// Tray icon and menu: state at a glance (idle, running, attention), Run now, Pause/Resume, Open, Quit.
// It reacts to engine status events only; it never polls.
import { join } from 'node:path';
import { Menu, Tray, nativeImage } from 'electron';
import type { EngineStatus } from '../../shared/domain/status.ts';
import type { Logger } from '../log/logger.ts';
import type { DesktopEngine } from './engine-port.ts';
import { TRAY_STATES, type TrayState, trayStateOf, trayTooltip } from './tray-state.ts';

export interface TrayOptions {
  /** Folder with tray-<state>.png (16 px) and tray-<state>@2x.png (32 px). */
  readonly iconsDir: string;
  readonly engine: Pick<DesktopEngine, 'status' | 'runNow' | 'pause' | 'resume'>;
  readonly showWindow: () => void;
  readonly quit: () => void;
  readonly log: Logger;
}

export interface AppTray {
  refresh(status?: EngineStatus): void;
  dispose(): void;
}

export function createTray(options: TrayOptions): AppTray {
  const icons = new Map<TrayState, Electron.NativeImage>();
  for (const state of TRAY_STATES)
    icons.set(state, nativeImage.createFromPath(join(options.iconsDir, `tray-${state}.png`)));
  const tray = new Tray(icons.get('idle') ?? nativeImage.createEmpty());
  let shown: TrayState | undefined;

  const safeStatus = (): EngineStatus | undefined => {
    try {
      return options.engine.status();
    } catch (error) {
      options.log.warn({ err: error }, 'engine status unavailable for the tray');
      return undefined;
    }
  };

  const refresh = (status: EngineStatus | undefined = safeStatus()): void => {
    if (tray.isDestroyed()) return;
    const state = trayStateOf(status);
    if (state !== shown) {
      const icon = icons.get(state);
      if (icon !== undefined && !icon.isEmpty()) tray.setImage(icon);
      shown = state;
    }
    tray.setToolTip(trayTooltip(status));
    const paused = status?.paused === true;
    tray.setContextMenu(
      Menu.buildFromTemplate([
        {
          label: 'Run now',
          enabled: !paused && state !== 'running',
          click: () => {
            const answer = options.engine.runNow('all');
            options.log.info({ started: answer.started }, `run now from the tray: ${answer.message}`);
          },
        },
        {
          label: paused ? 'Resume schedule' : 'Pause schedule',
          click: () => {
            if (paused) options.engine.resume();
            else options.engine.pause();
            refresh();
          },
        },
        { type: 'separator' },
        { label: 'Open ml-connector', click: options.showWindow },
        { label: 'Quit', click: options.quit },
      ]),
    );
  };

  // Windows and most Linux trays: a left click opens the window; the menu stays on right click.
  tray.on('click', options.showWindow);
  refresh();
  return {
    refresh,
    dispose() {
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}
