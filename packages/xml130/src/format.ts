/**
 * How XML 130 writes dates, numbers and text. Dates are Vietnam local time
 * without separators; numbers use a dot and no thousands separators; money
 * is kept as whole units of a fixed scale (đồng × 100) so sums are exact.
 */

const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** `yyyymmddHHMM` in Vietnam time; a date without a time gives `HHMM` = 0000 (as NGAY_SINH does). */
export function xmlDateTime(value: string): string {
  const day = DATE_ONLY.exec(value);
  if (day) return `${day[1]}${day[2]}${day[3]}0000`;
  const m = DATE_TIME.exec(value);
  if (!m) throw new Error(`not an ISO date or date-time: ${JSON.stringify(value)}`);
  if (m[6] === '+07:00') return `${m[1]}${m[2]}${m[3]}${m[4]}${m[5]}`;
  // Another offset (or Z): move the instant to Vietnam time first.
  const at = new Date(Date.parse(value) + VIETNAM_OFFSET_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getUTCFullYear()}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}`;
}

/** `yyyymmdd` of a date, or of a date-time's day in Vietnam. */
export function xmlDate(value: string): string {
  return xmlDateTime(value).slice(0, 8);
}

/** Days from the first to the second (both `yyyy-mm-dd…`, compared by their Vietnam calendar day). */
export function daysBetween(from: string, to: string): number {
  const day = (s: string) => {
    const d = xmlDate(s);
    return Date.UTC(Number(d.slice(0, 4)), Number(d.slice(4, 6)) - 1, Number(d.slice(6, 8))) / 86_400_000;
  };
  return day(to) - day(from);
}

/**
 * A non-negative number as an integer count of 10^-scale units (12.5 at scale
 * 3 → 12500). Inputs come from generators as plain numbers, so this is the
 * one place floats are rounded.
 */
export function toScaled(value: number, scale: number, what: string): bigint {
  if (!Number.isFinite(value) || value < 0) throw new Error(`${what} must be a non-negative number, got ${value}`);
  return BigInt(Math.round(value * 10 ** scale));
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * A number as the file writes it (digits, an optional dot and decimals; no
 * sign, exponent or thousands separator) as an integer count of 10^-scale
 * units ("12.5" at scale 3 → 12500n); undefined when it is not such a number
 * or has more than `scale` decimals.
 */
export function parseScaled(text: string, scale: number): bigint | undefined {
  const m = DECIMAL.exec(text);
  if (!m) return undefined;
  const fraction = m[2] ?? '';
  if (fraction.length > scale) return undefined;
  return BigInt(m[1]! + fraction.padEnd(scale, '0'));
}

/** Rounds numerator / denominator to the nearest integer, halves up (both non-negative). */
export function divRound(numerator: bigint, denominator: bigint): bigint {
  return (2n * numerator + denominator) / (2n * denominator);
}

/**
 * An integer count of 10^-scale units as a decimal with a dot, no thousands
 * separators and no trailing zeros after the dot (12500 at scale 3 → "12.5",
 * 237300_00 at scale 2 → "237300").
 */
export function formatScaled(units: bigint | number, scale: number): string {
  const n = BigInt(units);
  const negative = n < 0n;
  const digits = (negative ? -n : n).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** Like formatScaled but keeping every decimal (6550 at scale 2 → "65.50"). */
export function formatFixed(units: bigint, scale: number): string {
  const digits = units.toString().padStart(scale + 1, '0');
  return `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
}

/** A measured number (lab value, temperature) with at most `decimals` decimals and no exponent. */
export function formatMeasure(value: number, decimals: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  const scaled = BigInt(Math.round(Math.abs(value) * 10 ** decimals));
  return (value < 0 && scaled > 0n ? '-' : '') + formatScaled(scaled, decimals);
}

// Characters XML 1.0 does not allow; lone surrogates (which UTF-8 cannot carry) are checked apart.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Printable ASCII needs neither normalising nor cleaning: most codes and numbers (a fast path).
const PLAIN_ASCII = /^[\x20-\x7E]*$/;

/** Text as the file carries it: NFC, trimmed, without characters XML cannot hold, cut to `max` characters. */
export function cleanText(value: string, max?: number): string {
  let text: string;
  if (PLAIN_ASCII.test(value)) text = value.trim();
  else {
    text = value.normalize('NFC').replace(NOT_XML, '');
    if (SURROGATE.test(text)) text = text.replace(LONE_SURROGATE, '');
    text = text.trim();
  }
  if (max === undefined || text.length <= max) return text;
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, max).join('').trimEnd();
}

/** Escapes text for an XML element's content. */
export function escapeXml(text: string): string {
  return /[&<>]/.test(text) ? text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : text;
}
