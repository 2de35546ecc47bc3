// The transit map on Leaflet, with no tile server (the app works with no internet): the
// background is the server's Natural Earth shapes (GET /v1/tracking/basemap) when it has them,
// over a sea-coloured container; then the routes of the library (corridor drawn at its width in
// metres at every zoom, authorised stops, destination), lines (tracks) and circle markers
// (positions, alert points). Circle markers rather than Leaflet's icon images, which bundlers
// break. Popups and tooltips are DOM nodes built by the caller, never HTML strings.
import { useEffect, useRef } from 'react';
import * as L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Basemap, RouteEntry } from '../../api/trackingTypes';

export interface MapMarker {
  key: string;
  lat: number;
  lon: number;
  color: string;
  /** Classes of the SVG path (e2e tests and styles find markers by them). */
  className: string;
  radius?: number;
  tooltip?: string;
  popup?: () => HTMLElement;
}

export interface MapLine {
  key: string;
  points: [number, number][];
  color: string;
  className: string;
  weight?: number;
}

interface Props {
  basemap: Basemap | null | undefined;
  routes: RouteEntry[];
  markers: MapMarker[];
  lines?: MapLine[];
  /** The map fits itself to what it shows whenever this changes (not on every refresh). */
  fitKey: string;
  label: string;
  testId?: string;
  className?: string;
}

const CORRIDOR = '#2e86c1';
const STOP = '#e67e22';
const DESTINATION = '#1e8449';
const EARTH_M = 40_075_016.686;

interface Corridor {
  band: L.Polyline;
  widthM: number;
  lat: number;
}

interface Instance {
  map: L.Map;
  base: L.LayerGroup;
  routes: L.LayerGroup;
  lines: L.LayerGroup;
  markers: L.LayerGroup;
  markerByKey: Map<string, L.CircleMarker>;
  corridors: Corridor[];
}

/** The corridor's width in pixels at the map's zoom (never thinner than a visible line). */
function bandWeight(map: L.Map, c: Corridor): number {
  const metresPerPixel = (EARTH_M * Math.cos((c.lat * Math.PI) / 180)) / (256 * 2 ** map.getZoom());
  return Math.max(4, Math.min(400, c.widthM / metresPerPixel));
}

function textNode(text: string): HTMLElement {
  const el = document.createElement('span');
  el.textContent = text;
  return el;
}

const NO_LINES: MapLine[] = [];

export function TransitMap({ basemap, routes, markers, lines = NO_LINES, fitKey, label, testId, className }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const inst = useRef<Instance | null>(null);

  // The map itself, once per mount.
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const map = L.map(el, { center: [41.3, 69.2], zoom: 8, zoomSnap: 0.5, worldCopyJump: false, minZoom: 3, maxZoom: 17 });
    map.attributionControl.setPrefix('Leaflet');
    // Panes: the basemap under everything, the positions above the tracks and corridors.
    map.createPane('basemap').style.zIndex = '200';
    map.createPane('positions').style.zIndex = '450';
    const i: Instance = {
      map,
      base: L.layerGroup().addTo(map),
      routes: L.layerGroup().addTo(map),
      lines: L.layerGroup().addTo(map),
      markers: L.layerGroup().addTo(map),
      markerByKey: new Map(),
      corridors: [],
    };
    inst.current = i;
    map.on('zoomend', () => {
      for (const c of i.corridors) c.band.setStyle({ weight: bandWeight(map, c) });
    });
    // The container changes size with the layout (phone rotation, side panels): Leaflet must know.
    const observer = new ResizeObserver(() => map.invalidateSize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      map.remove();
      inst.current = null;
    };
  }, []);

  // Background.
  useEffect(() => {
    const i = inst.current;
    if (!i) return;
    i.base.clearLayers();
    if (!basemap) return;
    L.geoJSON(basemap.countries, {
      pane: 'basemap',
      interactive: false,
      attribution: 'Natural Earth',
      style: { color: '#9aa5b1', weight: 0.6, fillColor: '#f7f4ec', fillOpacity: 1 },
    }).addTo(i.base);
    L.geoJSON(basemap.borders, { pane: 'basemap', interactive: false, style: { color: '#7b8794', weight: 1.2, dashArray: '6 4' } }).addTo(i.base);
  }, [basemap]);

  // Routes: a translucent band as wide as the corridor, its centre line, stops and destination.
  useEffect(() => {
    const i = inst.current;
    if (!i) return;
    i.routes.clearLayers();
    i.corridors = [];
    for (const r of routes) {
      const fc = r.geojson as FeatureCollection | undefined;
      if (!fc || !Array.isArray(fc.features)) continue;
      for (const f of fc.features as Feature<Geometry, Record<string, unknown> | null>[]) {
        const g = f.geometry;
        if (!g) continue;
        if (g.type === 'LineString') {
          const pts = g.coordinates.map(([lon, lat]) => [lat ?? 0, lon ?? 0] as [number, number]);
          if (pts.length < 2) continue;
          const widthM = Number(f.properties?.width_m) || 1000;
          const lat = pts.reduce((s, p) => s + p[0], 0) / pts.length;
          const band = L.polyline(pts, { color: CORRIDOR, opacity: 0.25, lineCap: 'round', lineJoin: 'round', weight: 4, className: 'oc-corridor', interactive: false });
          const c = { band, widthM, lat };
          band.setStyle({ weight: bandWeight(i.map, c) });
          band.addTo(i.routes);
          i.corridors.push(c);
          L.polyline(pts, { color: CORRIDOR, weight: 2, opacity: 0.9, className: 'oc-corridor-line' })
            .bindTooltip(textNode(r.name || r.id), { sticky: true })
            .addTo(i.routes);
        } else if (g.type === 'Polygon' || g.type === 'MultiPolygon') {
          const role = String(f.properties?.role ?? '');
          const color = role === 'destination' ? DESTINATION : STOP;
          const layer = L.geoJSON(f as Feature, {
            style: { color, weight: 1.5, fillColor: color, fillOpacity: 0.25, className: `oc-area oc-${role || 'area'}` },
          });
          const name = f.properties?.name;
          if (typeof name === 'string' && name) layer.bindTooltip(textNode(name), { sticky: true });
          layer.addTo(i.routes);
        }
      }
    }
  }, [routes]);

  // Lines (tracks).
  useEffect(() => {
    const i = inst.current;
    if (!i) return;
    i.lines.clearLayers();
    for (const l of lines) {
      if (l.points.length === 0) continue;
      L.polyline(l.points, { color: l.color, weight: l.weight ?? 4, opacity: 0.9, className: l.className }).addTo(i.lines);
    }
  }, [lines]);

  // Markers (positions, alert points), updated in place by key so that an open popup stays open
  // across refreshes.
  useEffect(() => {
    const i = inst.current;
    if (!i) return;
    const wanted = new Set(markers.map((m) => m.key));
    for (const [key, marker] of i.markerByKey) {
      if (!wanted.has(key)) {
        marker.remove();
        i.markerByKey.delete(key);
      }
    }
    for (const m of markers) {
      const style = { radius: m.radius ?? 8, color: '#fff', weight: 2, fillColor: m.color, fillOpacity: 0.95 };
      let marker = i.markerByKey.get(m.key);
      if (!marker) {
        marker = L.circleMarker([m.lat, m.lon], { ...style, pane: 'positions', className: m.className });
        marker.addTo(i.markers);
        i.markerByKey.set(m.key, marker);
      } else {
        marker.setLatLng([m.lat, m.lon]);
        marker.setStyle(style);
        marker.setRadius(style.radius);
        // The classes (e.g. the marker's colour) as they are now.
        const path = (marker as unknown as { _path?: SVGElement })._path;
        if (path) path.setAttribute('class', `${m.className} leaflet-interactive`);
      }
      if (m.tooltip) {
        if (marker.getTooltip()) marker.setTooltipContent(textNode(m.tooltip));
        else marker.bindTooltip(textNode(m.tooltip));
      }
      if (m.popup) {
        const popup = m.popup;
        const bound = marker.getPopup();
        if (bound) bound.setContent(popup);
        else marker.bindPopup(popup);
      }
    }
  }, [markers]);

  // Fit to the routes, lines and markers when asked to (fitKey), not at every refresh.
  const content = useRef({ routes, markers, lines });
  content.current = { routes, markers, lines };
  useEffect(() => {
    const i = inst.current;
    if (!i) return;
    const { routes: rs, markers: ms, lines: ls } = content.current;
    const bounds = L.latLngBounds([]);
    for (const r of rs) {
      if (!r.geojson) continue;
      try {
        const b = L.geoJSON(r.geojson).getBounds();
        if (b.isValid()) bounds.extend(b);
      } catch {
        /* a route the map cannot read: not fitted */
      }
    }
    for (const m of ms) bounds.extend([m.lat, m.lon]);
    for (const l of ls) for (const p of l.points) bounds.extend(p);
    if (bounds.isValid()) i.map.fitBounds(bounds, { padding: [24, 24], maxZoom: 13, animate: false });
  }, [fitKey]);

  return <div ref={container} className={`transit-map ${className ?? ''}`} role="region" aria-label={label} data-testid={testId} />;
}
