// The detail part of the hash route (`#/documents/42`), so a drawer can be linked, reloaded and closed with
// the browser's back button.
import { useCallback, useEffect, useState } from 'react';
import { type RoutePath, detailFromHash } from '../routes.ts';

export function useHashDetail(route: RoutePath): [string | undefined, (detail: string | undefined) => void] {
  const [detail, setDetail] = useState(() => detailFromHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setDetail(detailFromHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const open = useCallback(
    (next: string | undefined) => {
      window.location.hash = next === undefined ? `#/${route}` : `#/${route}/${encodeURIComponent(next)}`;
    },
    [route],
  );
  return [detail, open];
}
