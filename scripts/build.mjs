// `npm run build`: bundles the Electron main process and the preload with esbuild (CommonJS, as Electron
// loads them), copies the SQL migrations next to the bundle, and builds the renderer with vite.
//   node scripts/build.mjs [--no-renderer] [--dev] [--out-dir DIR]   (DIR: where main.cjs goes; tests use a temp one)
// Native modules stay external: they are loaded from node_modules (unpacked from the asar when packaged).
import console from 'node:console';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const outIndex = argv.indexOf('--out-dir');
const outDir = outIndex >= 0 && argv[outIndex + 1] ? argv[outIndex + 1] : join(root, 'dist', 'electron');
const args = new Set(argv);
const dev = args.has('--dev');

/** Loaded at run time from node_modules: Electron itself, N-API addons, and optional native speed-ups. */
export const NATIVE_EXTERNALS = [
  'electron',
  'better-sqlite3',
  '@napi-rs/keyring',
  '@napi-rs/keyring-*',
  'bufferutil',
  'utf-8-validate',
  'fsevents',
];

const common = {
  bundle: true,
  format: 'cjs',
  target: 'node22',
  sourcemap: dev ? 'inline' : 'linked',
  minify: !dev,
  keepNames: true,
  legalComments: 'linked',
  logLevel: 'info',
  // import.meta is empty in a CommonJS bundle: the preload needs none, and the main bundle defines
  // import.meta.url itself (below) as the bundle's own file, next to which the build copies the data files
  // the engine reads (migrations, the Expensify export template).
  logOverride: { 'empty-import-meta': 'silent' },
  define: { 'process.env.NODE_ENV': JSON.stringify(dev ? 'development' : 'production') },
};

async function bundleMain() {
  await esbuild.build({
    ...common,
    entryPoints: [join(root, 'electron', 'main.ts')],
    outfile: join(outDir, 'main.cjs'),
    platform: 'node',
    external: NATIVE_EXTERNALS,
    define: { ...common.define, 'import.meta.url': '__mlcBundleUrl' },
    banner: { js: 'const __mlcBundleUrl = require("node:url").pathToFileURL(__filename).href;' },
    // Native modules are loaded with require() even where the source says import().
    supported: { 'dynamic-import': false },
  });
}

async function bundlePreload() {
  // A sandboxed preload has no Node: platform "browser" makes any Node import a build error.
  await esbuild.build({
    ...common,
    entryPoints: [join(root, 'electron', 'preload.ts')],
    outfile: join(outDir, 'preload.cjs'),
    platform: 'browser',
    external: ['electron'],
  });
}

function copyMigrations() {
  const from = join(root, 'electron', 'store', 'migrations');
  const to = join(outDir, 'migrations');
  rmSync(to, { recursive: true, force: true });
  mkdirSync(to, { recursive: true });
  const files = readdirSync(from).filter((name) => name.endsWith('.sql'));
  for (const name of files) copyFileSync(join(from, name), join(to, name));
  console.log(`copied ${files.length} migrations to ${to}`);
}

async function buildRenderer() {
  const { build } = await import('vite');
  await build({ configFile: join(root, 'vite.config.ts'), mode: dev ? 'development' : 'production' });
}

try {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await Promise.all([bundleMain(), bundlePreload()]);
  copyMigrations();
  // Read at start-up relative to import.meta.url, which in the bundle is main.cjs itself.
  copyFileSync(
    join(root, 'electron', 'connectors', 'expensify', 'template.ftl'),
    join(outDir, 'template.ftl'),
  );
  if (!args.has('--no-renderer')) await buildRenderer();
} catch (error) {
  // esbuild and vite have already printed the details.
  console.error(`build failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  process.exit(1);
}
