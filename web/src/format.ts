// Locale-aware formatting of the API's values. Money arrives as decimal strings that may exceed
// the precision of a double, so digits are grouped on the string itself, never via Number.
import { currentLocale } from './i18n';

function separators(): { group: string; decimal: string } {
  const parts = new Intl.NumberFormat(currentLocale()).formatToParts(12345.6);
  return {
    group: parts.find((p) => p.type === 'group')?.value ?? ',',
    decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
  };
}

/** "83848904.72" -> "83 848 904,72" (ru) or "83,848,904.72" (en); keeps every digit. */
export function formatDecimal(value: string | null | undefined, minFraction = 0): string {
  if (value === null || value === undefined || value === '') return '—';
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(value);
  if (!m) return value;
  const [, sign = '', intPart = '0', frac = ''] = m;
  const { group, decimal } = separators();
  const grouped = (intPart || '0').replace(/\B(?=(\d{3})+(?!\d))/g, group);
  const fraction = frac.padEnd(minFraction, '0');
  return sign + grouped + (fraction ? decimal + fraction : '');
}

export function formatMoney(value: string | null | undefined, currency?: string): string {
  const v = formatDecimal(value, 2);
  return currency && v !== '—' ? `${v} ${currency}` : v;
}

export function formatNumber(n: number | null | undefined, digits = 2): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return new Intl.NumberFormat(currentLocale(), { maximumFractionDigits: digits }).format(n);
}

export function formatPercent(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return new Intl.NumberFormat(currentLocale(), { style: 'percent', maximumFractionDigits: 1 }).format(n);
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  // Numeric fields rather than dateStyle: some engines' Uzbek data prints "2026 M11 22".
  return new Intl.DateTimeFormat(currentLocale(), { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(d);
}

/** A moment to the second (positions and alerts of a journey minutes apart or less). */
export function formatTimestamp(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(currentLocale(), {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(d);
}

/** "2026-12-07" (a calendar date, no time) -> the language's numeric date: 07.12.2026 (ru, uz),
 *  07/12/2026 (en-GB). The date is formatted as a UTC day, so that no time zone moves it. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(currentLocale(), { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' }).format(d);
}

export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}
