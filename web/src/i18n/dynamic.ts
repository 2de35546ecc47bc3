// Keys built at run time (a state, lane or problem code from the API) cannot be checked by the
// compiler; these helpers look them up and fall back to the server's text or the raw code.
import i18n from 'i18next';
import type { FieldError, Problem, ServerMessage } from '../api/types';
import { formatDecimal } from '../format';

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
  const detail = e.message_en ?? e.message;
  return tKey(`fieldErrors.${e.code}`, e.message, { message: detail });
}

/** A server message (code with parameters) in the user's language; the English text otherwise.
 *  Amounts get the language's separators and states their names. */
export function messageText(m: ServerMessage): string {
  const params: Record<string, string> = { ...m.params };
  for (const k of ['amount', 'secured', 'required']) if (params[k]) params[k] = formatDecimal(params[k], 2);
  if (params.state) params.state = stateLabel(params.state);
  return tKey(`messages.${m.code}`, m.message, params);
}

/** A reason the system worded (it has a code) in the user's language; people's words as written. */
export const reasonText = (code: string | undefined, reason: string) => (code ? tKey(`reasons.${code}`, reason) : reason);

/** "4" -> "goods released": the CUSRES status a notification carries, in words. */
export const cusresText = (code: string) => (code ? tKey(`cusres.${code}`, code) : '');

/** A fraud-model feature in words: "hs6_origin_fraud_rate" -> "share of frauds found for this
 *  subheading and origin"; unknown names stay as they are. */
export function featureLabel(name: string): string {
  for (const [suffix, key] of [['_fraud_rate', 'fraudRate'], ['_history', 'history']] as const) {
    if (name.endsWith(suffix)) {
      const of = name.slice(0, -suffix.length);
      if (i18n.exists(`features.keys.${of}`)) return tKey(`features.${key}`, name, { of: tKey(`features.keys.${of}`, of) });
    }
  }
  return tKey(`features.own.${name}`, name);
}
