/**
 * FHIR date, dateTime and instant values denote ranges, not points: "2020"
 * is the whole year (FHIR R4 §3.1.1.4.3, https://hl7.org/fhir/R4/search.html#date).
 * A value without a time zone is read in the configured local zone; the
 * province runs on Vietnam time (UTC+07:00, no daylight saving).
 */
export interface DateRange {
  /** First millisecond of the range, UTC ISO string. */
  low: string;
  /** Last millisecond of the range (inclusive), UTC ISO string. */
  high: string;
}

const PATTERN =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

export const VIETNAM_OFFSET_MINUTES = 7 * 60;

function offsetMinutes(zone: string | undefined, localOffset: number): number {
  if (zone === undefined) return localOffset;
  if (zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  return sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
}

/** Parses a FHIR date/dateTime/instant into its range, or returns undefined when malformed. */
export function parseDateRange(value: string, localOffset = VIETNAM_OFFSET_MINUTES): DateRange | undefined {
  const m = PATTERN.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y);
  const month = mo ? Number(mo) : undefined;
  const day = d ? Number(d) : undefined;
  if (month !== undefined && (month < 1 || month > 12)) return undefined;
  if (day !== undefined) {
    const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
    if (day < 1 || day > daysInMonth) return undefined;
  }
  if (h !== undefined && (Number(h) > 23 || Number(mi) > 59 || (s !== undefined && Number(s) > 59))) {
    return undefined;
  }
  const shift = offsetMinutes(zone, localOffset) * 60_000;
  let start: number;
  let end: number;
  if (month === undefined) {
    start = Date.UTC(year, 0, 1);
    end = Date.UTC(year + 1, 0, 1);
  } else if (day === undefined) {
    start = Date.UTC(year, month - 1, 1);
    end = Date.UTC(year, month, 1);
  } else if (h === undefined) {
    start = Date.UTC(year, month - 1, day);
    end = start + 86_400_000;
  } else {
    start = Date.UTC(year, month - 1, day, Number(h), Number(mi), Number(s ?? 0));
    if (frac !== undefined) {
      start += Math.floor(Number('0.' + frac) * 1000);
      end = start + 1;
    } else {
      end = start + (s === undefined ? 60_000 : 1000);
    }
  }
  return { low: new Date(start - shift).toISOString(), high: new Date(end - 1 - shift).toISOString() };
}
