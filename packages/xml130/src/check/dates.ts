/**
 * The decision's date forms: `yyyymmdd` for dates, `yyyymmddHHMM` for
 * date-times, both Vietnam local time without separators. Strings of the
 * same form compare in time order, so instants are kept as 12-digit text.
 */

export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function validDay(year: number, month: number, day: number): boolean {
  return (
    year >= MIN_YEAR && year <= MAX_YEAR && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
  );
}

function validTime(hour: number, minute: number): boolean {
  return hour <= 23 && minute <= 59;
}

const num = (s: string, from: number, to: number): number => Number(s.slice(from, to));

export function isDate(value: string): boolean {
  return /^\d{8}$/.test(value) && validDay(num(value, 0, 4), num(value, 4, 6), num(value, 6, 8));
}

export function isDateTime(value: string): boolean {
  return /^\d{12}$/.test(value) && isDate(value.slice(0, 8)) && validTime(num(value, 8, 10), num(value, 10, 12));
}

/**
 * NGAY_SINH (130/QĐ-BYT table 1): 12 characters yyyymmddHHMM. What is not
 * known is written as zeros: no time of birth → HHMM 0000; only the month
 * and year → day 00; only the year → yyyy00000000. A known part after an
 * unknown one (a day without a month, a time without a day) is refused.
 */
export function isBirthDate(value: string): boolean {
  if (!/^\d{12}$/.test(value)) return false;
  const [year, month, day, hour, minute] = [
    num(value, 0, 4),
    num(value, 4, 6),
    num(value, 6, 8),
    num(value, 8, 10),
    num(value, 10, 12),
  ];
  if (year < MIN_YEAR || year > MAX_YEAR || month > 12 || !validTime(hour, minute)) return false;
  if (month === 0) return day === 0 && hour === 0 && minute === 0;
  if (day === 0) return hour === 0 && minute === 0;
  return validDay(year, month, day);
}

/** The earliest instant a (valid) NGAY_SINH can stand for, unknown parts as early as possible. */
export function earliestBirth(value: string): string {
  const month = value.slice(4, 6) === '00' ? '01' : value.slice(4, 6);
  const day = value.slice(6, 8) === '00' ? '01' : value.slice(6, 8);
  return `${value.slice(0, 4)}${month}${day}${value.slice(8, 12)}`;
}

/** The birth date in FHIR's partial form (yyyy, yyyy-mm or yyyy-mm-dd) of a valid NGAY_SINH. */
export function birthDateIso(value: string): string {
  const [y, m, d] = [value.slice(0, 4), value.slice(4, 6), value.slice(6, 8)];
  if (m === '00') return y;
  return d === '00' ? `${y}-${m}` : `${y}-${m}-${d}`;
}

/** A date or date-time as an instant to compare: a date is its first minute. */
export function instant(value: string): string {
  return value.length === 8 ? `${value}0000` : value;
}

/** yyyymmddHHMM as people read it: dd/mm/yyyy HH:MM. */
export function readable(value: string): string {
  const date = `${value.slice(6, 8)}/${value.slice(4, 6)}/${value.slice(0, 4)}`;
  return value.length >= 12 ? `${date} ${value.slice(8, 10)}:${value.slice(10, 12)}` : date;
}
