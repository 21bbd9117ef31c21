// Where the desktop finds its data and its own files. The data folder is the one the headless CLI uses
// (MLC_DATA_DIR, else Electron's userData for the product name "ml-connector"), so both hosts share a store.
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { app } from 'electron';

/** Must run before `app` is ready, so electron-store and Chromium's own files land in the same folder. */
export function resolveDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.MLC_DATA_DIR?.trim();
  if (fromEnv) app.setPath('userData', fromEnv);
  return app.getPath('userData');
}

export interface AppFiles {
  readonly rendererDir: string;
  readonly preload: string;
  readonly iconsDir: string;
  readonly appIcon: string;
  readonly migrationsDir: string;
}

/** Laid out by scripts/build.mjs: dist/electron/{main,preload}.cjs and migrations/, dist/renderer/, resources/icons/. */
export function appFiles(): AppFiles {
  const root = app.getAppPath();
  return {
    rendererDir: join(root, 'dist', 'renderer'),
    preload: join(root, 'dist', 'electron', 'preload.cjs'),
    iconsDir: join(root, 'resources', 'icons'),
    appIcon: join(root, 'resources', 'icons', 'icon-512.png'),
    migrationsDir: join(root, 'dist', 'electron', 'migrations'),
  };
}

/** The renderer dev server (vite), honoured only in an unpackaged run. */
export function devServerUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (app.isPackaged) return undefined;
  const url = env.MLC_RENDERER_URL?.trim();
  if (!url) return undefined;
  const parsed = new URL(url);
  if (parsed.hostname !== 'localhost' && parsed.hostname !== '127.0.0.1') {
    throw new Error('MLC_RENDERER_URL must point at localhost (the vite dev server)');
  }
  return parsed.origin;
}

export function osActor(): string {
  try {
    return userInfo().username || 'desktop-user';
  } catch {
    return 'desktop-user';
  }
}
