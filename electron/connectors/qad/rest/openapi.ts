// The instance's own OpenAPI document decides whether the (unconfirmed, research/qad.md 2.3 [U]) collection
// paths in the settings exist on this tenant, before anything is posted. Missing ones are named with the
// setting that corrects them.
import type { QadRestCollectionKey } from '../defaults.ts';
import type { QadRestConfig } from '../config.ts';

export interface PathCheck {
  readonly key: QadRestCollectionKey;
  readonly path: string;
  readonly method: 'get' | 'post';
}

/** The writes need POST on their collection; everything else is read with GET. */
export const REST_WRITES: ReadonlySet<QadRestCollectionKey> = new Set(['supplierInvoices', 'journalEntries']);

export function requiredPaths(cfg: QadRestConfig): PathCheck[] {
  return (Object.keys(cfg.collections) as QadRestCollectionKey[]).flatMap((key) => {
    const path = `${cfg.apiPath}/${cfg.collections[key].name}`;
    const get: PathCheck = { key, path, method: 'get' };
    return REST_WRITES.has(key) ? [get, { key, path, method: 'post' }] : [get];
  });
}

/** `paths` of an OpenAPI 2/3 document, keyed without the tenant's context root and trailing slash. */
export function openApiPaths(doc: unknown, tenantUrl: string): Map<string, Set<string>> | undefined {
  if (typeof doc !== 'object' || doc === null) return undefined;
  const paths = (doc as { paths?: unknown }).paths;
  if (typeof paths !== 'object' || paths === null) return undefined;
  const root = new URL(tenantUrl).pathname.replace(/\/+$/, '');
  const out = new Map<string, Set<string>>();
  for (const [raw, item] of Object.entries(paths as Record<string, unknown>)) {
    let path = raw.replace(/\/+$/, '');
    if (root && path.startsWith(`${root}/`)) path = path.slice(root.length);
    const methods = new Set(
      typeof item === 'object' && item !== null ? Object.keys(item).map((m) => m.toLowerCase()) : [],
    );
    out.set(path, methods);
  }
  return out;
}

export function missingPaths(cfg: QadRestConfig, available: Map<string, Set<string>>): PathCheck[] {
  return requiredPaths(cfg).filter((p) => !available.get(p.path)?.has(p.method));
}

export function describeMissing(missing: readonly PathCheck[]): string {
  return missing
    .map((m) => `${m.method.toUpperCase()} ${m.path} (setting qad.rest.collections.${m.key})`)
    .join(', ');
}
