// Keys built at run time (a state, lane or problem code from the API) cannot be checked by the
// compiler; these helpers look them up and fall back to the server's text or the raw code.
import i18n from 'i18next';
import type { FieldError, Problem } from '../api/types';

export function tKey(key: string, fallback: string, options?: Record<string, unknown>): string {
  return i18n.exists(key) ? (i18n.t as (k: string, o?: Record<string, unknown>) => string)(key, options) : fallback;
}

export const stateLabel = (state: string) => tKey(`state.${state}`, state);
export const laneLabel = (lane: string | null | undefined) => (lane ? tKey(`lane.${lane}`, lane) : tKey('lane.none', '—'));
export const actionLabel = (action: string) => tKey(`action.${action}`, action);
export const taxLabel = (tax: string) => tKey(`tax.${tax}`, tax);

/** A problem in the user's language when its code is known, else the server's English detail. */
export function problemText(p: Problem): string {
  return tKey(`problems.${p.code}`, p.detail || p.title, { detail: p.detail });
}

/** A field error in the user's language when its code is known, else the server's message. */
export function fieldErrorText(e: FieldError): string {
  return tKey(`fieldErrors.${e.code}`, e.message, { message: e.message });
}
