import { useCallback, useState } from 'react';
import { getDeclaration } from '../api/endpoints';
import { useAsync } from '../hooks/useAsync';

/** The declaration and a refresh key: every panel reloads when an action changes the declaration. */
export function useDeclaration(ref: string) {
  const [refreshKey, setRefreshKey] = useState(0);
  const decl = useAsync((s) => getDeclaration(ref, s), [ref, refreshKey]);
  const refresh = useCallback(() => setRefreshKey((n) => n + 1), []);
  return { ...decl, refreshKey, refresh };
}
