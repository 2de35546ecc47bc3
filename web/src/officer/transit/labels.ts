// Words for the tracking API's codes (alert kinds and states, journey states, seal states), with
// the code itself as the fallback for a value a newer server may send.
import { messageText, tKey } from '../../i18n/dynamic';
import type { Principal } from '../../api/types';
import type { RouteEntry, TransitAlert } from '../../api/trackingTypes';

export const alertKindLabel = (kind: string) => tKey(`alertKind.${kind}`, kind);
export const alertStateLabel = (state: string) => tKey(`alertState.${state}`, state);
export const journeyStateLabel = (state: string) => tKey(`journeyState.${state}`, state);
export const sealLabel = (seal: string) => tKey(`seal.${seal}`, seal);

/** Who may acknowledge and resolve alerts and close journeys (`watch_journeys`): risk officers,
 *  inspection officers and supervisors (administrators read only). */
export const canWatch = (user: Principal | null) =>
  !!user && (user.role === 'risk_officer' || user.role === 'inspection_officer' || user.role === 'supervisor');

/** The path of a journey's page. */
export const journeyPath = (id: number) => `/officer/journeys/${id}`;

/** A route's name from the library, or its id while the library is not read. */
export const routeName = (routes: RouteEntry[] | undefined, id: string) => routes?.find((r) => r.id === id)?.name || id;

/** What an alert found, in the user's language (alerts stored before codes: their English text). */
export const alertDetail = (a: TransitAlert) => (a.detail_message?.code ? messageText(a.detail_message) : a.detail);
