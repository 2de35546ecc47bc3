import { useEffect, useState } from 'react';
import { getOfficialExchangeRate } from '../api/endpoints';
import type { OfficialExchangeRate } from '../api/types';

/** Today's official rate of `currency` in the national currency (GET /v1/reference/exchange-rates),
 *  for pre-filling an invoice's exchange rate. Undefined while the currency is not a code other
 *  than `national`, while loading, and when the server has no rate for it. */
export function useOfficialRate(currency: string, national: string | undefined): OfficialExchangeRate | undefined {
  const code = currency.trim().toUpperCase();
  const wanted = !!national && /^[A-Z]{3}$/.test(code) && code !== national;
  const [found, setFound] = useState<OfficialExchangeRate>();
  useEffect(() => {
    setFound(undefined);
    if (!wanted) return;
    const abort = new AbortController();
    getOfficialExchangeRate(code, abort.signal).then(
      (r) => setFound(r),
      () => undefined, // no official rate (404) or unreachable: the trader types it
    );
    return () => abort.abort();
  }, [code, wanted]);
  return found && found.currency === code ? found : undefined;
}
