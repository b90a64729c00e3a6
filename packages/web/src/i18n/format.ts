import type { Catalogue, MessageKey } from './vi';

export type Lang = 'vi' | 'en';
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** A catalogue lookup with `{name}` placeholders filled in. */
export function translator(catalogue: Catalogue): Translate {
  return (key, params) => {
    const text = catalogue[key];
    return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => String(params[name] ?? m)) : text;
  };
}

const ZONE = 'Asia/Ho_Chi_Minh';
const LOCALE: Record<Lang, string> = { vi: 'vi-VN', en: 'en-GB' };

/**
 * A FHIR date or dateTime for people: dates as written (a birth date has no
 * time zone), instants in Vietnam time, which is what the facilities meant.
 */
export function formatDate(lang: Lang, value: string | undefined, withTime = false): string {
  if (!value) return '—';
  if (/^\d{4}$/.test(value)) return value;
  if (/^\d{4}-\d{2}$/.test(value)) {
    const [y, m] = value.split('-');
    return lang === 'vi' ? `${m}/${y}` : `${m}/${y}`;
  }
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const date = new Date(dateOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(LOCALE[lang], {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    ...(withTime && !dateOnly ? { hour: '2-digit', minute: '2-digit' } : {}),
    timeZone: dateOnly ? 'UTC' : ZONE,
  }).format(date);
}

export function formatTime(lang: Lang, value: string): string {
  return new Intl.DateTimeFormat(LOCALE[lang], { hour: '2-digit', minute: '2-digit', timeZone: ZONE }).format(
    new Date(value),
  );
}

export function formatNumber(lang: Lang, value: number): string {
  return new Intl.NumberFormat(LOCALE[lang], { maximumFractionDigits: 2 }).format(value);
}
