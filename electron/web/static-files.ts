// Serves the built renderer. Paths are resolved inside the root and refused when they escape it; anything
// that is not a file falls back to index.html so the single-page app can route.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticFile {
  readonly body: Buffer;
  readonly contentType: string;
  /** Hashed assets may be cached; index.html must not be, or a new build would not load. */
  readonly immutable: boolean;
}

export async function resolveStatic(root: string, urlPath: string): Promise<StaticFile | undefined> {
  const file = await findFile(root, urlPath);
  const chosen = file ?? path.join(root, 'index.html');
  try {
    const body = await readFile(chosen);
    const ext = path.extname(chosen).toLowerCase();
    return {
      body,
      contentType: TYPES[ext] ?? 'application/octet-stream',
      immutable: file !== undefined && ext !== '.html' && chosen.includes(`${path.sep}assets${path.sep}`),
    };
  } catch {
    return undefined;
  }
}

async function findFile(root: string, urlPath: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const base = path.resolve(root);
  const candidate = path.resolve(base, `.${path.posix.normalize(`/${decoded}`)}`);
  if (candidate !== base && !candidate.startsWith(base + path.sep)) return undefined;
  try {
    const info = await stat(candidate);
    return info.isFile() ? candidate : undefined;
  } catch {
    return undefined;
  }
}
