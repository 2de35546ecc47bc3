import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../api/client';
import { listDeclarations, type DeclarationFilter } from '../api/endpoints';
import type { DeclarationSummary } from '../api/types';

/** Pages through GET /v1/declarations with a filter: the first page on every filter change,
 *  further pages on loadMore(). */
export function useDeclarationList(filter: DeclarationFilter) {
  const [items, setItems] = useState<DeclarationSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(true);
  const key = JSON.stringify(filter);

  const fetchPage = useCallback(
    async (after: string | null, signal?: AbortSignal) => {
      setLoading(true);
      try {
        const page = await listDeclarations({ ...filter, cursor: after, limit: 50 }, signal);
        if (signal?.aborted) return;
        setItems((prev) => (after ? [...prev, ...page.items] : page.items));
        setCursor(page.next_cursor);
        setError(undefined);
      } catch (e) {
        if (signal?.aborted) return;
        if (e instanceof ApiError) setError(e);
        else throw e;
      } finally {
        if (!signal?.aborted) setLoading(false);
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key],
  );

  const [tick, setTick] = useState(0);
  useEffect(() => {
    const ctl = new AbortController();
    void fetchPage(null, ctl.signal);
    return () => ctl.abort();
  }, [fetchPage, tick]);

  return {
    items,
    error,
    loading,
    hasMore: cursor !== null,
    loadMore: () => void fetchPage(cursor),
    reload: () => setTick((n) => n + 1),
  };
}
