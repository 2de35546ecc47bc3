// Data the transit pages share: the basemap and the route library change only with a new server
// set-up, so they are read once per page load (a failed read is forgotten and tried again on the
// next page that needs it); and a timer for polling the live data.
import { useEffect, useRef, useState } from 'react';
import { getBasemap, listRoutes } from '../../api/endpoints';
import type { Basemap, RouteEntry } from '../../api/trackingTypes';

let basemapCache: Promise<Basemap | null> | undefined;
let routesCache: Promise<RouteEntry[]> | undefined;

function loadBasemap(): Promise<Basemap | null> {
  // 404 no_basemap (or any failure): the map is drawn without a background.
  basemapCache ??= getBasemap().then(
    (b) => (b && b.countries && b.borders ? b : null),
    () => {
      basemapCache = undefined;
      return null;
    },
  );
  return basemapCache;
}

function loadRoutes(): Promise<RouteEntry[]> {
  routesCache ??= listRoutes(true).then(
    (r) => r.items,
    () => {
      routesCache = undefined;
      return [];
    },
  );
  return routesCache;
}

function useLoaded<T>(load: () => Promise<T>): T | undefined {
  const [value, setValue] = useState<T>();
  useEffect(() => {
    let live = true;
    void load().then((v) => live && setValue(v));
    return () => {
      live = false;
    };
  }, [load]);
  return value;
}

/** Natural Earth's shapes of the region; undefined while loading, null when the server has none. */
export const useBasemap = () => useLoaded(loadBasemap);

/** Every route of the library with its GeoJSON; undefined while loading (empty when unreadable). */
export const useRoutes = () => useLoaded(loadRoutes);

/** Calls `fn` every `ms` milliseconds while mounted (and while `enabled`). */
export function useInterval(fn: () => void, ms: number, enabled = true) {
  const saved = useRef(fn);
  saved.current = fn;
  useEffect(() => {
    if (!enabled) return;
    const timer = window.setInterval(() => saved.current(), ms);
    return () => window.clearInterval(timer);
  }, [ms, enabled]);
}
