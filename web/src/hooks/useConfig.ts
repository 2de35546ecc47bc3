import { useEffect, useState } from 'react';
import { getConfig } from '../api/endpoints';
import type { PublicConfig } from '../api/types';

// GET /v1/config is public and does not change while the page is open: read it once.
let cached: Promise<PublicConfig | undefined> | undefined;

function loadConfig(): Promise<PublicConfig | undefined> {
  cached ??= getConfig().catch(() => {
    cached = undefined; // try again on the next page that needs it
    return undefined;
  });
  return cached;
}

/** The server's settings (country, national currency, ledger); undefined until loaded or when
 *  the server cannot be reached, so callers must work without them. */
export function useConfig(): PublicConfig | undefined {
  const [config, setConfig] = useState<PublicConfig>();
  useEffect(() => {
    let live = true;
    void loadConfig().then((c) => live && setConfig(c));
    return () => {
      live = false;
    };
  }, []);
  return config;
}
