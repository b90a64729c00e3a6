import { toTypedValue, type TypedValue } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import { foldText, parseDateRange, type DateRange } from '@lienthong/core';
import { localizeReferences } from './localize-references.js';
import type { ComponentDef, SearchParamDef, SearchRegistry } from './registry.js';

/** Index rows for one resource, grouped by table. Column order matches the tables. */
export interface IndexRows {
  string: [code: string, norm: string, exact: string][];
  token: [
    code: string,
    system: string | null,
    value: string | null,
    display: string | null,
    typeSystem: string | null,
    typeCode: string | null,
  ][];
  reference: [code: string, targetType: string | null, targetId: string | null, url: string | null][];
  date: [code: string, low: string, high: string][];
  number: [code: string, value: string][];
  quantity: [code: string, value: string, system: string | null, unit: string | null][];
  uri: [code: string, value: string][];
  composite: [
    code: string,
    c1System: string | null,
    c1Value: string | null,
    c2System: string | null,
    c2Value: string | null,
    c2Number: string | null,
    c2Low: string | null,
    c2High: string | null,
  ][];
}

export function emptyRows(): IndexRows {
  return { string: [], token: [], reference: [], date: [], number: [], quantity: [], uri: [], composite: [] };
}

/**
 * Reference.identifier (a logical reference, e.g. a patient known by CCCD
 * number only) is indexed in sp_token under "code:identifier", which no real
 * parameter code can be, for the :identifier modifier
 * (https://hl7.org/fhir/R4/search.html#reference).
 */
export const referenceIdentifierCode = (code: string): string => `${code}:identifier`;

/** Evaluates every indexed search parameter of the resource's type. */
export function extractIndexRows(resource: Resource, registry: SearchRegistry): IndexRows {
  const rows = emptyRows();
  const base = registry.localBase();
  const root = [toTypedValue(base ? localizeReferences(resource, base + '/') : resource)];
  for (const param of registry.indexedForType(resource.resourceType)) {
    let values: TypedValue[];
    try {
      values = param.evaluate!(root);
    } catch {
      // An expression that cannot apply to this instance indexes nothing.
      continue;
    }
    for (const v of values) addValue(rows, param, v);
  }
  dedupe(rows);
  return rows;
}

function addValue(rows: IndexRows, param: SearchParamDef, v: TypedValue): void {
  switch (param.type) {
    case 'string':
      for (const s of stringsOf(v)) {
        rows.string.push([param.code, foldText(s).slice(0, 2000), s.normalize('NFC').slice(0, 2000)]);
      }
      return;
    case 'token':
      for (const t of tokensOf(v)) rows.token.push([param.code, ...t]);
      return;
    case 'reference': {
      const r = referenceOf(v);
      if (r) rows.reference.push([param.code, ...r]);
      const identifier = (v.value as { identifier?: unknown } | undefined)?.identifier;
      if (identifier && typeof identifier === 'object') {
        for (const t of tokensOf({ type: 'Identifier', value: identifier })) {
          rows.token.push([referenceIdentifierCode(param.code), ...t]);
        }
      }
      return;
    }
    case 'date':
      for (const range of datesOf(v)) rows.date.push([param.code, range.low, range.high]);
      return;
    case 'number': {
      const n = numberOf(v);
      if (n !== undefined) rows.number.push([param.code, n]);
      return;
    }
    case 'quantity':
      for (const q of quantitiesOf(v)) rows.quantity.push([param.code, ...q]);
      return;
    case 'uri':
      if (typeof v.value === 'string') rows.uri.push([param.code, v.value]);
      return;
    case 'composite':
      addComposite(rows, param, v);
      return;
    case 'special':
      return;
  }
}

function addComposite(rows: IndexRows, param: SearchParamDef, v: TypedValue): void {
  const [first, second] = param.components!;
  const firstTokens = evalSafe(first!, v).flatMap(tokensOf);
  const secondValues = evalSafe(second!, v);
  for (const [system, value] of firstTokens) {
    for (const sv of secondValues) {
      for (const c2 of componentValues(second!.param, sv)) {
        rows.composite.push([param.code, system, value, ...c2]);
      }
    }
  }
}

type Component2 = [string | null, string | null, string | null, string | null, string | null];

function componentValues(param: SearchParamDef, v: TypedValue): Component2[] {
  switch (param.type) {
    case 'token':
      // `value.as(CodeableConcept)` must not pick up a valueQuantity's unit.
      if (QUANTITY_TYPES.has(v.type)) return [];
      return tokensOf(v).map(([s, c]) => [s, c, null, null, null]);
    case 'quantity':
      return quantitiesOf(v).map(([n, s, u]) => [s, u, n, null, null]);
    case 'number': {
      const n = numberOf(v);
      return n === undefined ? [] : [[null, null, n, null, null]];
    }
    case 'date':
      return datesOf(v).map((r) => [null, null, null, r.low, r.high]);
    case 'string':
      return typeof v.value === 'string' ? [[null, foldText(v.value), null, null, null]] : [];
    case 'reference': {
      const r = referenceOf(v);
      return r && r[0] ? [[null, `${r[0]}/${r[1]}`, null, null, null]] : [];
    }
    case 'uri':
    case 'composite':
    case 'special':
      return [];
  }
}

const QUANTITY_TYPES = new Set([
  'Quantity',
  'Age',
  'Duration',
  'Money',
  'Distance',
  'Count',
  'SimpleQuantity',
  'Range',
]);

function evalSafe(component: ComponentDef, v: TypedValue): TypedValue[] {
  try {
    return component.evaluate([v]);
  } catch {
    return [];
  }
}

function stringsOf(v: TypedValue): string[] {
  const x = v.value as Record<string, unknown> | string | undefined;
  if (typeof x === 'string') return [x];
  if (!x || typeof x !== 'object') return [];
  if (v.type === 'HumanName') {
    const family = typeof x.family === 'string' ? x.family : '';
    const given = Array.isArray(x.given) ? (x.given as string[]) : [];
    const parts = [...given, family, ...(Array.isArray(x.prefix) ? (x.prefix as string[]) : [])];
    // Vietnamese names are written family-first, most others given-first:
    // index both orders so a prefix of either finds the person.
    const familyFirst = [family, ...given].filter(Boolean).join(' ');
    const givenFirst = [...given, family].filter(Boolean).join(' ');
    return unique([typeof x.text === 'string' ? x.text : '', familyFirst, givenFirst, ...parts]);
  }
  if (v.type === 'Address') {
    const lines = Array.isArray(x.line) ? (x.line as string[]) : [];
    const parts = [x.text, ...lines, x.city, x.district, x.state, x.postalCode, x.country].filter(
      (p): p is string => typeof p === 'string',
    );
    return unique([...parts, parts.join(' ')]);
  }
  return Object.values(x).filter((p): p is string => typeof p === 'string');
}

type Token = [string | null, string | null, string | null, string | null, string | null];

function tokensOf(v: TypedValue): Token[] {
  const x = v.value as unknown;
  if (x === undefined || x === null) return [];
  // code, boolean, string, uri, id, … : the primitive itself is the code.
  if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean')
    return [[null, String(x), null, null, null]];
  if (typeof x !== 'object') return [];
  const o = x as Record<string, unknown>;
  switch (v.type) {
    case 'CodeableConcept': {
      const codings = Array.isArray(o.coding) ? (o.coding as Record<string, unknown>[]) : [];
      const text = typeof o.text === 'string' ? o.text : null;
      const out: Token[] = codings.map((c) => [str(c.system), str(c.code), fold(str(c.display) ?? text), null, null]);
      if (text) out.push([null, null, fold(text), null, null]);
      return out;
    }
    case 'Coding':
      return [[str(o.system), str(o.code), fold(str(o.display)), null, null]];
    case 'Identifier': {
      const type = o.type as { coding?: Record<string, unknown>[]; text?: string } | undefined;
      const typeCodings = type?.coding ?? [];
      const typeText = fold(type?.text ?? str(typeCodings[0]?.display));
      if (typeCodings.length === 0) return [[str(o.system), str(o.value), typeText, null, null]];
      return typeCodings.map((c) => [str(o.system), str(o.value), typeText, str(c.system), str(c.code)]);
    }
    case 'ContactPoint':
      return [[str(o.system), str(o.value), null, null, null]];
    case 'Quantity':
    case 'Age':
    case 'Duration':
    case 'Money':
      return [[str(o.system), str(o.code) ?? str(o.unit), null, null, null]];
    case 'Reference':
      // Token parameters over Reference.identifier (e.g. a logical reference).
      return o.identifier ? tokensOf({ type: 'Identifier', value: o.identifier }) : [];
    default:
      return [];
  }
}

function referenceOf(v: TypedValue): [string | null, string | null, string | null] | undefined {
  const x = v.value as unknown;
  if (typeof x === 'string') return [null, null, x]; // canonical or uri
  if (!x || typeof x !== 'object') return undefined;
  const ref = (x as { reference?: unknown }).reference;
  if (typeof ref !== 'string') return undefined;
  const m = /^(?:.*\/)?([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(ref);
  const relative = m && !/^[a-z]+:/.test(ref) ? m : undefined;
  if (relative) return [relative[1]!, relative[2]!, null];
  return [null, null, ref];
}

function datesOf(v: TypedValue): DateRange[] {
  const x = v.value as unknown;
  if (typeof x === 'string') {
    const r = parseDateRange(x);
    return r ? [r] : [];
  }
  if (!x || typeof x !== 'object') return [];
  const o = x as Record<string, unknown>;
  if (v.type === 'Period') {
    const start = typeof o.start === 'string' ? parseDateRange(o.start) : undefined;
    const end = typeof o.end === 'string' ? parseDateRange(o.end) : undefined;
    if (!start && !end) return [];
    // An open end means "ongoing": the range extends without limit.
    return [{ low: start?.low ?? '-infinity', high: end?.high ?? 'infinity' }];
  }
  if (v.type === 'Timing') {
    const events = Array.isArray(o.event) ? (o.event as string[]) : [];
    return events.flatMap((e) => {
      const r = parseDateRange(e);
      return r ? [r] : [];
    });
  }
  return [];
}

function numberOf(v: TypedValue): string | undefined {
  const x = v.value as unknown;
  if (typeof x === 'number' && Number.isFinite(x)) return String(x);
  return undefined;
}

function quantitiesOf(v: TypedValue): [string, string | null, string | null][] {
  const x = v.value as Record<string, unknown> | undefined;
  if (!x || typeof x !== 'object') return [];
  if (v.type === 'Range') {
    return [x.low, x.high].flatMap((q) => (q ? quantitiesOf({ type: 'Quantity', value: q }) : []));
  }
  if (typeof x.value !== 'number') return [];
  const value = String(x.value);
  const code = str(x.code);
  const unit = str(x.unit);
  // "5.4||mg" matches the code or the human unit (https://hl7.org/fhir/R4/search.html#quantity),
  // so a unit that differs from the code gets its own row, with no system.
  const rows: [string, string | null, string | null][] = [[value, str(x.system), code ?? unit]];
  if (code && unit && unit !== code) rows.push([value, null, unit]);
  return rows;
}

function str(x: unknown): string | null {
  return typeof x === 'string' ? x : null;
}

/**
 * Folded displays by their text. Coded data repeats the same few displays on
 * every resource (a LOINC name, "Khám bệnh"), and several parameters index
 * the same codings, while folding means Unicode normalisation each time.
 * Emptied when full, so unique free text cannot make it grow.
 */
const folded = new Map<string, string>();
const FOLDED_MAX = 10_000;

function fold(x: string | null): string | null {
  if (x === null) return null;
  let f = folded.get(x);
  if (f === undefined) {
    f = foldText(x);
    if (folded.size >= FOLDED_MAX) folded.clear();
    folded.set(x, f);
  }
  return f;
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter((s) => s.length > 0))];
}

/** Removes identical rows (e.g. the same code reached by two expression branches). */
function dedupe(rows: IndexRows): void {
  for (const key of Object.keys(rows) as (keyof IndexRows)[]) {
    const list = rows[key] as (string | null)[][];
    if (list.length < 2) continue;
    const seen = new Set<string>();
    (rows[key] as unknown[][]) = list.filter((r) => {
      const k = rowKey(r);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }
}

/**
 * A key that tells rows apart exactly, cheaper than JSON.stringify: each
 * value is prefixed by its length (null by "-"), so no two rows share one.
 */
function rowKey(row: (string | null)[]): string {
  let k = '';
  for (const v of row) k += v == null ? '-' : `${v.length}:${v}`;
  return k;
}
