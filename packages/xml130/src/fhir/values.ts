import type { Extension, Reference } from '@medplum/fhirtypes';
import { EXT, SID } from '@lienthong/core';
import type { Row } from '../read/read-table.js';

/**
 * XML 130 values as FHIR values. Dates in the file are Vietnam local time
 * without separators (130/QĐ-BYT, general rules); FHIR gets them with the
 * +07:00 offset so the instant is exact.
 */

/** `yyyymmddHHMM` → `yyyy-mm-ddTHH:MM:00+07:00`; undefined when empty or malformed. */
export function fhirDateTime(value: string | undefined): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value ?? '');
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:00+07:00` : undefined;
}

/** `yyyymmdd` (or the day of a `yyyymmddHHMM`) → `yyyy-mm-dd`. */
export function fhirDate(value: string | undefined): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(?:\d{4})?$/.exec(value ?? '');
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

/**
 * NGAY_SINH with its precision: the decision writes unknown parts as zeros
 * (yyyy00000000 = only the year known, yyyymm000000 = year and month), and
 * FHIR's date has exactly those precisions (yyyy, yyyy-mm, yyyy-mm-dd).
 * The time of birth (HHMM), when given, goes to the birthTime extension.
 */
export function fhirBirthDate(value: string | undefined): { date?: string; time?: string } {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value ?? '') ?? /^(\d{4})(\d{2})(\d{2})$/.exec(value ?? '');
  if (!m) return {};
  const [, y, mo, d, h, mi] = m;
  if (mo === '00') return { date: y };
  if (d === '00') return { date: `${y}-${mo}` };
  const date = `${y}-${mo}-${d}`;
  return h && mi && `${h}${mi}` !== '0000' ? { date, time: `${date}T${h}:${mi}:00+07:00` } : { date };
}

/** A decimal field as a number (the file writes a dot and no thousands separators). */
export function num(value: string | undefined): number | undefined {
  if (value === undefined || !/^-?\d+(?:\.\d+)?$/.test(value)) return undefined;
  return Number(value);
}

/** `a;b;c` → ['a','b','c'] without empty items (list fields of the decision). */
export function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** A reference that fits any reference element (`Reference<never>` is assignable to each `Reference<T>`). */
export type AnyRef = Reference<never>;

/** A facility by its code: the Organization the province registers as cs-<code>, and the code itself. */
export function facilityRef(code: string): AnyRef {
  return { reference: `Organization/cs-${code}`, identifier: { system: SID.maCskcb, value: code } };
}

/**
 * A practitioner by practising licence number (MA_BAC_SI, MA_BS_DOC_KQ…):
 * a logical reference, since the file names the licence, not our record.
 * For an element that holds one practitioner: a field listing several
 * licences gives the first (the one who ordered); the whole list travels
 * verbatim (see lossyFields) and every one becomes a participant of the
 * Encounter.
 */
export function practitionerRef(licence: string | undefined): AnyRef | undefined {
  const first = list(licence)[0];
  return first ? { identifier: { system: SID.cchn, value: first } } : undefined;
}

/** Every licence of a `a;b` field, for elements that hold several (performer, participant). */
export function practitionerRefs(licences: string | undefined): AnyRef[] {
  return list(licences).map((value) => ({ identifier: { system: SID.cchn, value } }));
}

/** How a field's FHIR element gives its text back on export (export-visit.ts). */
export interface ElementForms {
  /** Decimals stored as FHIR numbers: exported as String(number), so "5.60" → "5.6", "007" → "7". */
  numbers?: readonly string[];
  /** Licence lists stored one licence per reference in a repeating element: exported joined by ";". */
  lists?: readonly string[];
  /** Licence lists stored in an element that holds one reference: exported as the first licence. */
  single?: readonly string[];
}

/**
 * The fields of a row whose text the resource's own element would not give
 * back exactly — a number written "5.60", a list of several licences where
 * the element holds one, a list with spaces around ";" — so that the row
 * keeps them verbatim in EXT.xml130Fields as well, and the export writes
 * the original text. Only such fields are kept twice: the usual file
 * ("5.6", one licence) stores each value once, as a FHIR value.
 */
export function lossyFields(row: Row, forms: ElementForms): string[] {
  const lossy: string[] = [];
  for (const f of forms.numbers ?? []) {
    const text = row[f];
    const n = num(text);
    if (text && (n === undefined || String(n) !== text)) lossy.push(f);
  }
  for (const f of forms.lists ?? []) {
    const text = row[f];
    if (text && list(text).join(';') !== text) lossy.push(f);
  }
  for (const f of forms.single ?? []) {
    const text = row[f];
    if (text && list(text)[0] !== text) lossy.push(f);
  }
  return lossy;
}

/**
 * The given fields of a row that are not empty, verbatim, as one complex
 * extension (EXT.xml130Fields): what FHIR R4 has no element for travels
 * with the resource and comes back unchanged on export.
 */
export function fieldsExtension(row: Row, fields: readonly string[]): Extension[] {
  const items = fields.flatMap((f) => (row[f] ? [{ url: f, valueString: row[f] }] : []));
  return items.length > 0 ? [{ url: EXT.xml130Fields, extension: items }] : [];
}

/** The fields kept by fieldsExtension, back as a row. */
export function fieldsOf(resource: { extension?: Extension[] } | undefined): Record<string, string> {
  const ext = resource?.extension?.find((e) => e.url === EXT.xml130Fields);
  const row: Record<string, string> = {};
  for (const item of ext?.extension ?? []) if (item.valueString !== undefined) row[item.url] = item.valueString;
  return row;
}

/** Leaves out undefined values so the resource holds only what the file had. */
export function compact<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}
