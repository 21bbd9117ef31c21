// The Electron executable, found without `require('electron')`: that call starts a download when the binary
// is missing, and this machine may have no network. Mirrors node_modules/electron/index.js (path.txt, dist/,
// ELECTRON_OVERRIDE_DIST_PATH). Used by `npm start` and the desktop specs.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export function electronBinary(): string | undefined {
  let electronDir: string;
  try {
    electronDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return undefined;
  }
  const pathFile = join(electronDir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const full =
    override !== undefined && override !== ''
      ? join(override, executable ?? 'electron')
      : executable === undefined
        ? undefined
        : join(electronDir, 'dist', executable);
  return full !== undefined && existsSync(full) ? full : undefined;
}
