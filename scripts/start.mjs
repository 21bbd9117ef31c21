// `npm start`: opens the desktop app on its embedded default (the sandbox systems). Where Electron cannot run
// (no binary installed, or no display), it says why and serves the same UI in browser mode instead.
import { spawn, spawnSync } from 'node:child_process';
import { electronBinary } from './electron-binary.ts';

function hasDisplay() {
  if (process.platform === 'win32' || process.platform === 'darwin') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const binary = electronBinary();
const display = hasDisplay();
if (binary && display) {
  const child = spawn(binary, ['.', '--sandbox-default'], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const reason = !binary
    ? 'no Electron binary is installed (ELECTRON_SKIP_BINARY_DOWNLOAD or an offline install)'
    : 'there is no display to open a window on';
  process.stdout.write(
    `The desktop window cannot open here: ${reason}.\nServing the same UI in browser mode instead.\n`,
  );
  const child = spawn(process.execPath, ['bin/ml-connector.mjs', 'demo', ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}
