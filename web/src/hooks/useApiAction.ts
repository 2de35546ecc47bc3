import { useState } from 'react';
import { ApiError } from '../api/client';

/** Runs what a user asked for (a button, a form) against the API: `busy` while it runs, and the
 *  API's refusal kept as `error` (for an ErrorBox); any other exception is a bug and propagates. */
export function useApiAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (e) {
      if (e instanceof ApiError) setError(e);
      else throw e;
    } finally {
      setBusy(false);
    }
  }

  return { busy, error, run };
}
