/**
 * Calendar arithmetic on `yyyy-mm-dd` dates, in UTC so that no time zone or
 * clock is involved. Small and exact: ages, birthdays, card validity.
 */

export interface Ymd {
  year: number;
  month: number;
  day: number;
}

function digitsAt(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }
  return n;
}

/** Parses `yyyy-mm-dd` (by hand: this runs several times for every resident). */
export function parseYmd(date: string): Ymd {
  const year = digitsAt(date, 0, 4);
  const month = digitsAt(date, 5, 7);
  const day = digitsAt(date, 8, 10);
  if (
    date.length !== 10 ||
    date[4] !== '-' ||
    date[7] !== '-' ||
    !(month >= 1 && month <= 12 && day >= 1 && day <= 31)
  ) {
    throw new RangeError(`not a yyyy-mm-dd date: ${date}`);
  }
  return { year, month, day };
}

const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

export function formatYmd(year: number, month: number, day: number): string {
  return `${year < 1000 ? String(year).padStart(4, '0') : String(year)}-${TWO_DIGITS[month]!}-${TWO_DIGITS[day]!}`;
}

/*
 * Day numbers from and to civil dates with integer arithmetic (the
 * proleptic Gregorian algorithms of H. Hinnant), cheaper than going
 * through Date objects and strings.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Days since 1970-01-01. */
export function dayNumber(date: string): number {
  const { year, month, day } = parseYmd(date);
  return daysFromCivil(year, month, day);
}

export function fromDayNumber(n: number): string {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return formatYmd(year, month, day);
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(dayNumber(date) + days);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return MONTH_DAYS[month - 1]!;
}

/** Same day of the month `months` later (or earlier); the 31st becomes the month's last day. */
export function addMonths(date: string, months: number): string {
  const { year, month, day } = parseYmd(date);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return formatYmd(y, m, Math.min(day, daysInMonth(y, m)));
}

export function addYears(date: string, years: number): string {
  return addMonths(date, years * 12);
}

/** The first day of the date's month. */
export function startOfMonth(date: string): string {
  const { year, month } = parseYmd(date);
  return formatYmd(year, month, 1);
}

/** The last day of the date's month. */
export function endOfMonth(date: string): string {
  const { year, month } = parseYmd(date);
  return formatYmd(year, month, daysInMonth(year, month));
}

/** Completed years of age on `date` (a person born on 29 February turns a year older on 1 March). */
export function ageOn(birthDate: string, date: string): number {
  const b = parseYmd(birthDate);
  const d = parseYmd(date);
  let age = d.year - b.year;
  if (d.month < b.month || (d.month === b.month && d.day < b.day)) age--;
  return age;
}

export function minDate(a: string, b: string): string {
  return a < b ? a : b;
}

export function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}
