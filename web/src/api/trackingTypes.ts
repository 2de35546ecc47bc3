// Types of the cargo-tracking operations (routes, journeys, positions, alerts), from
// docs/openapi.yaml (tag Tracking).
import type { FeatureCollection } from 'geojson';
import type { ServerMessage } from './types';

export type JourneyState = 'active' | 'arrived' | 'discharged' | 'enquiry';
export const JOURNEY_STATES: JourneyState[] = ['active', 'arrived', 'discharged', 'enquiry'];

export type SealState = 'closed' | 'opened' | 'cut' | 'unknown';
export const SEAL_STATES: SealState[] = ['closed', 'opened', 'cut', 'unknown'];

export type AlertKind =
  | 'corridor_exit'
  | 'corridor_return'
  | 'long_stop'
  | 'seal_opened'
  | 'seal_cut'
  | 'offline'
  | 'overdue'
  | 'low_battery'
  | 'arrived';
export const ALERT_KINDS: AlertKind[] = [
  'corridor_exit',
  'corridor_return',
  'long_stop',
  'seal_opened',
  'seal_cut',
  'offline',
  'overdue',
  'low_battery',
  'arrived',
];

export type AlertState = 'open' | 'acknowledged' | 'resolved';
export const ALERT_STATES: AlertState[] = ['open', 'acknowledged', 'resolved'];

/** A route of the library (one version); `geojson` with `geometry=true`: one LineString (the
 *  corridor: properties width_m, time_limit_h) and Polygons with properties.role "stop" or
 *  "destination" (and an optional name). */
export interface RouteEntry {
  id: string;
  version: number;
  name: string;
  created_by: string;
  created_at: string;
  geojson?: FeatureCollection;
}

export interface SealCheck {
  seal: string;
  intact: boolean;
}

export interface Journey {
  id: number;
  declaration: number;
  mrn: string;
  declarant_tin: string;
  carrier_tin: string;
  route: string;
  route_version: number;
  seals: string[];
  trackers: string[];
  state: JourneyState;
  started_at: string;
  started_by: string;
  deadline: string | null;
  arrived_at: string | null;
  closed_at: string | null;
  closed_by: string;
  close_note: string;
  seal_checks: SealCheck[];
  /** Why it went to enquiry; empty otherwise. */
  close_reasons: ServerMessage[];
}

/** One position report of a device; numbers a device did not report are null. */
export interface Fix {
  device: string;
  time: string;
  lat: number | null;
  lon: number | null;
  speed_kmh: number | null;
  heading: number | null;
  seal: SealState;
  battery: number | null;
}

/** The last fix of a device of an open journey. */
export interface Position extends Fix {
  journey: number;
}

export interface TransitAlert {
  id: number;
  journey: number;
  kind: AlertKind;
  device: string;
  time: string;
  lat: number | null;
  lon: number | null;
  /** What was found, in the language asked for (Accept-Language). */
  detail: string;
  detail_message: ServerMessage;
  state: AlertState;
  blocks_discharge: boolean;
  acknowledged_by: string;
  acknowledged_at: string | null;
  resolved_by: string;
  resolved_at: string | null;
  note: string;
}

export interface CloseOutcome {
  journey: Journey;
  discharged: boolean;
  /** One per finding, worded in the language asked for; empty when discharged. */
  reasons: ServerMessage[];
}

/** A journey's event in its declaration's history (GET /v1/declarations/{ref}/history). */
export interface JourneyEvent {
  type:
    | 'journey_started'
    | 'transit_alert'
    | 'transit_alert_acknowledged'
    | 'transit_alert_resolved'
    | 'transit_closed';
  at: string;
  actor: string;
  journey: number;
  alert?: number;
  /** The alert's kind, or the closing's outcome. */
  kind?: string;
  message: ServerMessage;
  note?: string;
  reasons?: ServerMessage[];
}

/** GET /v1/tracking/basemap: Natural Earth's shapes of the region. */
export interface Basemap {
  countries: FeatureCollection;
  borders: FeatureCollection;
}
