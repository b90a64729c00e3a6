/**
 * A birth date of any precision, as FHIR (yyyy, yyyy-mm, yyyy-mm-dd) and XML
 * 130 (unknown month or day left as zeros) allow.
 */
export interface BirthDate {
  year: number;
  month?: number;
  day?: number;
}

export function parseBirthDate(value: string | undefined): BirthDate | undefined {
  const m = value ? /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value) : null;
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = m[2] ? Number(m[2]) : undefined;
  const day = m[3] ? Number(m[3]) : undefined;
  return { year, ...(month ? { month } : {}), ...(month && day ? { day } : {}) };
}

/**
 * How two birth dates agree:
 * - exact: same day;
 * - swapped: day and month exchanged (a registration desk reading 03/04 as 4 March);
 * - partial: as far as the less precise one goes, they agree (only the year is known);
 * - near: one day apart, or the same day and month one year apart;
 * - different: anything else.
 */
export type BirthDateAgreement = 'exact' | 'swapped' | 'partial' | 'near' | 'different';

const DAY_MS = 86_400_000;

export function compareBirthDates(a: BirthDate, b: BirthDate): BirthDateAgreement {
  if (a.day !== undefined && b.day !== undefined) {
    if (a.year === b.year && a.month === b.month && a.day === b.day) return 'exact';
    if (a.year === b.year && a.month === b.day && a.day === b.month) return 'swapped';
    const apart = Math.abs(Date.UTC(a.year, a.month! - 1, a.day) - Date.UTC(b.year, b.month! - 1, b.day)) / DAY_MS;
    if (apart === 1) return 'near';
    if (a.month === b.month && a.day === b.day && Math.abs(a.year - b.year) === 1) return 'near';
    return 'different';
  }
  if (a.year !== b.year) return 'different';
  if (a.month !== undefined && b.month !== undefined && a.month !== b.month) return 'different';
  return 'partial';
}
