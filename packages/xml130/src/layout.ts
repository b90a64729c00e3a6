/**
 * How a table of an XML 130 file is laid out and what each field may hold.
 * Field specs are written one per string, e.g. `'SO_LUONG decimal(10,3) required'`:
 *
 * - `text(n)`      free text of at most n characters (no n: no limit, "Chuỗi n" in the decision)
 * - `int(n)`       a whole number of at most n digits
 * - `decimal(n,d)` a number of at most n digits, d of them after the dot (no thousands separators)
 * - `date`         `yyyymmdd`
 * - `datetime`     `yyyymmddHHMM`
 * - `day`          `yyyymmdd` or `yyyymmddHHMM`: a day that some texts give with a time (XML14 NGAY_HEN_KL)
 * - `birth`        NGAY_SINH: `yyyymmddHHMM` where unknown parts are written 0 (see check/dates.ts)
 * - `list`         several values separated by `;` — the length limit is per value; `max(n)` limits the whole field
 * - `required`     must not be empty
 */

export type Xml130TableName = `XML${0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15}`;

export type FieldKind = 'text' | 'int' | 'decimal' | 'date' | 'datetime' | 'day' | 'birth';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  /** text: characters; int and decimal: digits. Per value for list fields. */
  max?: number;
  /** decimal: digits after the dot. */
  decimals?: number;
  list?: boolean;
  /** A list field's whole length. */
  maxTotal?: number;
  required?: boolean;
}

export interface TableLayout {
  name: Xml130TableName;
  /** What the table holds, for reports. */
  title: { vi: string; en: string };
  /** Root element; for the one-row tables (XML1) also the row. */
  root: string;
  /** List element and repeated row element of the tables with many rows. */
  list?: string;
  row?: string;
  /** Other root elements met in HIS exports for this table (unverified variants). */
  otherRoots?: readonly string[];
  /** The fields in the order of the decision's table. */
  fields: readonly string[];
  spec: Readonly<Record<string, FieldSpec>>;
}

const SPEC =
  /^([A-Z0-9_]+) (text|int|decimal|date|datetime|day|birth)(?:\((\d+)(?:,(\d+))?\))?((?: (?:list|required|max\(\d+\)))*)$/;

export function parseFieldSpec(line: string): FieldSpec {
  const m = SPEC.exec(line);
  if (!m) throw new Error(`bad field spec: ${line}`);
  const [, name, kind, max, decimals, flags = ''] = m;
  const spec: FieldSpec = { name: name!, kind: kind as FieldKind };
  if (max) spec.max = Number(max);
  if (decimals) spec.decimals = Number(decimals);
  if (flags.includes(' list')) spec.list = true;
  if (flags.includes(' required')) spec.required = true;
  const total = /max\((\d+)\)/.exec(flags);
  if (total) spec.maxTotal = Number(total[1]);
  return spec;
}

export function tableLayout(head: Omit<TableLayout, 'fields' | 'spec'>, lines: readonly string[]): TableLayout {
  const specs = lines.map(parseFieldSpec);
  return {
    ...head,
    fields: specs.map((s) => s.name),
    spec: Object.fromEntries(specs.map((s) => [s.name, s])),
  };
}

/** The element that repeats for each row (the root itself for one-row tables). */
export function rowElement(layout: TableLayout): string {
  return layout.row ?? layout.root;
}
