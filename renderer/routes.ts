// The screens, in navigation order. Hash routes work both from the desktop's file/app URL and in browser mode.
export const ROUTES = [
  { path: 'dashboard', label: 'Dashboard', hint: 'Engine status, connections, last and next runs' },
  { path: 'documents', label: 'Documents', hint: 'Every staged document and where it is on its road' },
  { path: 'batches', label: 'Batches', hint: 'Documents grouped for release' },
  { path: 'exceptions', label: 'Exceptions', hint: 'Documents waiting for a person' },
  { path: 'mappings', label: 'Mappings', hint: 'Source values to QAD codes' },
  { path: 'alignment', label: 'QAD → Sources', hint: 'Master data pushes into Concur and Expensify' },
  { path: 'audit', label: 'Audit', hint: 'The hash-chained audit trail' },
  { path: 'connections', label: 'Connections', hint: 'Credentials and connection tests' },
  { path: 'settings', label: 'Settings', hint: 'Systems, schedules and posting rules' },
] as const;

export type RoutePath = (typeof ROUTES)[number]['path'];

export function routeFromHash(hash: string): RoutePath {
  const path = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return ROUTES.find((route) => route.path === path)?.path ?? 'dashboard';
}

/** The segment after the screen, e.g. `42` in `#/documents/42`: a detail view that survives a reload. */
export function detailFromHash(hash: string): string | undefined {
  const segment = hash.replace(/^#\/?/, '').split('?')[0]?.split('/')[1];
  return segment ? decodeURIComponent(segment) : undefined;
}
