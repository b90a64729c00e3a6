import {
  evalFhirPathTyped,
  getAllDataTypes,
  parseFhirPath,
  toTypedValue,
  type InternalSchemaElement,
  type TypedValue,
} from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import { issue, type Issue } from '@lienthong/core';
import { holdsVacuously, vacuousWhen, type VacuousWhen } from './vacuous-invariants.js';
import { xhtmlProblems } from './validate-xhtml.js';

/**
 * R4 rules that @medplum/core's validator — and so our compiled copy of it
 * (structure-validator.ts, held to medplum's answers) — does not check. Run
 * after it, on the same resource, in one walk over the keys present:
 *
 * - primitive values: a date must exist in the calendar ("2023-02-30" does
 *   not); a dateTime or instant with a time of day has minutes, seconds and a
 *   time zone (https://hl7.org/fhir/R4/datatypes.html#dateTime); integer,
 *   positiveInt and unsignedInt are 32-bit;
 * - JSON (https://hl7.org/fhir/R4/json.html): no empty string, array or
 *   object (medplum reads them as absent), and one value per choice element
 *   (`deceasedBoolean` with `deceasedDateTime` is only a warning there);
 * - the invariants of data types (per-1, cpt-2, qty-3, ref-1, …): medplum
 *   evaluates the constraints of each element, but a data type's own
 *   constraints sit on its root element, which the resources' definitions do
 *   not repeat, so they were never evaluated; the invariants of a resource
 *   inside another (contained, a Bundle entry), which medplum evaluates only
 *   on the outermost resource; dom-3 (every contained resource
 *   is referred to), which medplum skips; the narrative's txt-1 and txt-2,
 *   which its FHIRPath engine answers `true` (validate-xhtml.ts).
 *
 * The invariants met most often have a JavaScript version here; the others
 * go to the FHIRPath engine, unless they hold because the elements they test
 * are absent (vacuous-invariants.ts).
 */
export function strictIssues(resource: Resource): Issue[] {
  const walk = new Walk();
  walk.resource(resource as unknown as Json, resource.resourceType, undefined);
  return walk.problems;
}

type Json = Record<string, unknown>;

interface Invariant {
  key: string;
  description: string;
  expression: string;
  atom: ReturnType<typeof parseFhirPath>;
  vacuous?: VacuousWhen;
  native?: (value: Json, walk: Walk) => boolean;
}

interface Slot {
  /** The type of the element's values (a data type, backbone type, primitive, or Resource). */
  type: string;
  kind: 'primitive' | 'complex' | 'resource';
  /** FHIRPath step: `birthDate`, `deceased.ofType(boolean)`, or `_birthDate` for a primitive's extensions. */
  step: string;
  /** For the names of a choice element (`deceasedBoolean`): `deceased`. */
  stem?: string;
  /** The data type's own invariants that the element's definition does not already carry. */
  invariants: Invariant[];
  /** What a string value is checked for beyond medplum's rules. */
  check?: 'temporal' | 'xhtml';
}

type Shape = Map<string, Slot>;

const shapes = new Map<string, Shape | null>();

function shapeOf(type: string): Shape | undefined {
  let shape = shapes.get(type);
  if (shape === undefined) {
    const schema = getAllDataTypes()[type];
    shape = schema ? buildShape(schema.elements) : null;
    shapes.set(type, shape);
  }
  return shape ?? undefined;
}

function buildShape(elements: Record<string, InternalSchemaElement>): Shape {
  const shape: Shape = new Map();
  const types = getAllDataTypes();
  for (const [name, element] of Object.entries(elements)) {
    if (name.includes('.')) continue; // a slice or nested path: only in profiles
    const choice = name.endsWith('[x]');
    const base = choice ? name.slice(0, -3) : name;
    const own = new Set((element.constraints ?? []).map((c) => c.key));
    for (const t of element.type ?? []) {
      const key = choice ? base + t.code.charAt(0).toUpperCase() + t.code.slice(1) : name;
      const step = choice ? `${base}.ofType(${t.code})` : name;
      // Quantity constrained to SimpleQuantity or MoneyQuantity takes that profile's invariants.
      const profile = t.profile?.[0]?.split('/').pop();
      const type = profile && types[profile] ? profile : t.code;
      const schema = types[type];
      const kind =
        t.code === 'Resource' || t.code === 'DomainResource'
          ? 'resource'
          : !schema || schema.kind === 'primitive-type'
            ? 'primitive'
            : 'complex';
      const invariants =
        kind === 'complex' && schema?.kind === 'complex-type' ? invariantsOf(type).filter((i) => !own.has(i.key)) : [];
      const check = TEMPORAL_TYPES.has(type) ? 'temporal' : type === 'xhtml' ? 'xhtml' : undefined;
      shape.set(key, { type, kind, step, ...(choice ? { stem: base } : {}), invariants, ...(check ? { check } : {}) });
      if (kind === 'primitive') {
        shape.set(`_${key}`, {
          type: 'Element',
          kind: 'complex',
          step: `_${key}`,
          ...(choice ? { stem: base } : {}),
          invariants: [],
        });
      }
    }
  }
  return shape;
}

const TEMPORAL_TYPES = new Set(['date', 'dateTime', 'instant']);

/** ele-1 is medplum's to skip; ext-1 is on every extension element already. */
const NOT_HERE = new Set(['ele-1', 'ext-1']);
const typeInvariants = new Map<string, Invariant[]>();

function invariantsOf(type: string): Invariant[] {
  let list = typeInvariants.get(type);
  if (!list) {
    list = (getAllDataTypes()[type]?.constraints ?? [])
      .filter((c) => c.severity === 'error' && !NOT_HERE.has(c.key))
      .map((c) => ({
        key: c.key,
        description: c.description,
        expression: c.expression,
        atom: parseFhirPath(c.expression),
        vacuous: vacuousWhen(c.expression),
        native: NATIVE[c.key],
      }));
    typeInvariants.set(type, list);
  }
  return list;
}

/** A resource type's invariants but dom-3, which the walk checks itself. */
function resourceInvariants(type: string): Invariant[] {
  let list = ofResources.get(type);
  if (!list) ofResources.set(type, (list = invariantsOf(type).filter((i) => i.key !== 'dom-3')));
  return list;
}
const ofResources = new Map<string, Invariant[]>();

const UCUM = 'http://unitsofmeasure.org';

/** JavaScript versions of the data-type invariants met most often (the expressions are R4's). */
const NATIVE: Record<string, (value: Json, walk: Walk) => boolean> = {
  // start.hasValue().not() or end.hasValue().not() or (start <= end): false only when start is surely later,
  // whatever the precisions and (absent) time zones (FHIRPath would answer "unknown" where they differ).
  'per-1': (p) => {
    if (typeof p.start !== 'string' || typeof p.end !== 'string') return true;
    // The common case, two dates or UTC times of one precision: ISO 8601 text sorts as time does.
    if (p.start.length === p.end.length && PLAIN.test(p.start) && PLAIN.test(p.end)) return p.start <= p.end;
    // Two values without a time zone are read in the same one; one without, in any.
    const sameZone = !ZONED.test(p.start) && !ZONED.test(p.end);
    const start = instantRange(p.start, sameZone);
    const end = instantRange(p.end, sameZone);
    return !start || !end || start[0] <= end[1];
  },
  // value.empty() or system.exists()
  'cpt-2': (c) => c.value === undefined || c.system !== undefined,
  // code.empty() or system.exists()
  'qty-3': (q) => q.code === undefined || q.system !== undefined,
  // data.empty() or contentType.exists()
  'att-1': (a) => a.data === undefined || a.contentType !== undefined,
  // comparator.empty()
  'sqty-1': (q) => q.comparator === undefined,
  // code.exists() implies ((system = %ucum) and value.exists())
  'drt-1': (d) => d.code === undefined || (d.system === UCUM && d.value !== undefined),
  // reference.startsWith('#').not() or (reference.substring(1) in %rootResource.contained.id);
  // "#" alone is the containing resource, which a contained resource may refer to.
  'ref-1': (r, walk) => {
    const ref = r.reference;
    if (typeof ref !== 'string' || !ref.startsWith('#') || ref === '#') return true;
    const contained = walk.root?.contained;
    return Array.isArray(contained) && contained.some((c) => (c as Json | null)?.id === ref.slice(1));
  },
};

class Walk {
  readonly problems: Issue[] = [];
  /** The resource %rootResource means: the outermost one, unless inside a Bundle or Parameters. */
  root: Json | undefined;
  private current: Json | undefined;

  resource(value: Json, path: string, contained: boolean | undefined): void {
    const type = value.resourceType;
    if (typeof type !== 'string' || !shapeOf(type)) return;
    const [root, current] = [this.root, this.current];
    if (!contained) this.root = value;
    this.current = value;
    // A resource inside another (contained, a Bundle entry, a Parameters part) has its own
    // invariants (obs-6, dom-2, …), which medplum evaluates only on the outermost one.
    if (current) this.invariants(value, type, resourceInvariants(type), path);
    if (Array.isArray(value.contained) && value.contained.length > 0) this.dom3(value, path);
    this.object(value, type, path);
    this.root = root;
    this.current = current;
  }

  private object(node: Json, type: string, path: string): void {
    const shape = shapeOf(type);
    if (!shape) return;
    let choices: Map<string, string> | undefined;
    for (const key in node) {
      const slot = shape.get(key);
      if (!slot) continue; // resourceType, or an unknown property (structure-validator.ts reports it)
      const value = node[key];
      if (slot.stem) {
        const name = key.charCodeAt(0) === 95 /* _ */ ? key.slice(1) : key;
        const other = (choices ??= new Map<string, string>()).get(slot.stem);
        if (other === undefined) choices.set(slot.stem, name);
        else if (other !== name) {
          this.problem(
            'structure',
            `${slot.stem}[x] has two values, "${other}" and "${name}"; a choice element holds one`,
            `${path}.${slot.stem}`,
          );
        }
      }
      // Locations are spelled out only where they are needed: a problem, or a complex value to walk into.
      if (Array.isArray(value)) {
        if (value.length === 0)
          this.problem('required', 'An array may not be empty: leave the element out', at(path, slot, -1));
        for (let i = 0; i < value.length; i++) this.value(slot, key, value[i], path, i);
      } else {
        this.value(slot, key, value, path, -1);
      }
    }
  }

  private value(slot: Slot, key: string, value: unknown, path: string, index: number): void {
    if (value === null || value === undefined) return; // medplum's rules on null apply
    if (typeof value === 'string') {
      if (value === '')
        this.problem('required', 'A value may not be an empty string: leave the element out', at(path, slot, index));
      else if (slot.check !== undefined) this.string(slot.check, value, path, slot, index);
      return;
    }
    if (typeof value === 'number') {
      if (slot.kind === 'primitive') this.number(slot.type, value, path, slot, index);
      return;
    }
    if (typeof value !== 'object' || Array.isArray(value)) return;
    const object = value as Json;
    let empty = true;
    for (const _ in object) {
      empty = false;
      break;
    }
    if (empty)
      return this.problem('required', 'An object may not be empty: leave the element out', at(path, slot, index));
    if (slot.kind === 'resource') return this.resource(object, at(path, slot, index), key === 'contained');
    if (slot.kind !== 'complex') return;
    const where = at(path, slot, index);
    if (slot.invariants.length > 0) this.invariants(object, slot.type, slot.invariants, where);
    this.object(object, slot.type, where);
  }

  private string(check: 'temporal' | 'xhtml', value: string, path: string, slot: Slot, index: number): void {
    if (check === 'temporal') {
      const problem = temporalProblem(slot.type, value);
      if (problem) this.problem('value', `"${value}" is not a valid ${slot.type}: ${problem}`, at(path, slot, index));
    } else {
      for (const text of xhtmlProblems(value)) this.problem('value', text, at(path, slot, index));
    }
  }

  private number(type: string, value: number, path: string, slot: Slot, index: number): void {
    if (!Number.isInteger(value)) return; // reported by structure-validator.ts
    const min = type === 'integer' ? -2147483648 : type === 'positiveInt' ? 1 : type === 'unsignedInt' ? 0 : undefined;
    if (min === undefined) return;
    if (value > 2147483647 || value < min) {
      this.problem('value', `${value} is out of range for ${type} (${min}..2147483647)`, at(path, slot, index));
    }
  }

  private invariants(value: Json, type: string, invariants: Invariant[], at: string): void {
    for (const inv of invariants) {
      let holds: boolean;
      if (inv.native) holds = inv.native(value, this);
      else if (inv.vacuous && holdsVacuously(inv.vacuous, value)) holds = true;
      else holds = this.evaluate(inv, { type, value });
      if (!holds) this.problem('invariant', `Constraint ${inv.key} not met: ${inv.description}`, at);
    }
  }

  private evaluate(inv: Invariant, value: TypedValue): boolean {
    const variables: Record<string, TypedValue> = { '%context': value, '%ucum': toTypedValue(UCUM) };
    if (this.current) variables['%resource'] = toTypedValue(this.current);
    if (this.root) variables['%rootResource'] = toTypedValue(this.root);
    try {
      const result = evalFhirPathTyped(inv.atom, [value], variables);
      return result.length === 1 && result[0]!.value === true;
    } catch {
      return true; // malformed data: structure-validator.ts reports it
    }
  }

  /**
   * dom-3: each contained resource is referred to from elsewhere in the
   * resource (a reference, canonical or uri "#id"), or refers to its
   * container ("#").
   */
  private dom3(resource: Json, path: string): void {
    const local = new Set<string>();
    collectLocalReferences(resource, local);
    const contained = resource.contained as unknown[];
    contained.forEach((c, i) => {
      if (!c || typeof c !== 'object') return;
      const id = (c as Json).id;
      if (typeof id === 'string' && local.has('#' + id)) return;
      if (refersTo(c, '#')) return;
      this.problem(
        'invariant',
        'Constraint dom-3 not met: If the resource is contained in another resource, it SHALL be referred to from elsewhere in the resource or SHALL refer to the containing resource',
        `${path}.contained[${i}]`,
      );
    });
  }

  private problem(code: Issue['code'], text: string, at: string): void {
    this.problems.push(issue('error', code, text, at));
  }
}

/** Where a value is: `Patient.name[0]`, `Observation.effective.ofType(dateTime)`. */
function at(path: string, slot: Slot, index: number): string {
  return index < 0 ? `${path}.${slot.step}` : `${path}.${slot.step}[${index}]`;
}

/** Every string starting with "#" anywhere in the value (references, canonicals and uris alike). */
function collectLocalReferences(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    if (value.charCodeAt(0) === 35 /* # */) into.add(value);
  } else if (Array.isArray(value)) {
    for (const item of value) collectLocalReferences(item, into);
  } else if (value && typeof value === 'object') {
    for (const key in value) collectLocalReferences((value as Json)[key], into);
  }
}

function refersTo(value: unknown, target: string): boolean {
  if (typeof value === 'string') return value === target;
  if (Array.isArray(value)) return value.some((item) => refersTo(item, target));
  if (value && typeof value === 'object') {
    for (const key in value) if (refersTo((value as Json)[key], target)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------
// Dates and times

const ZONED_TIME = /T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/y;

/** Loose enough to read any date, dateTime or instant medplum lets through; medplum reports the rest. */
const TEMPORAL =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(\.\d+)?)?)?)?)?)?(Z|[+-]\d{2}:\d{2})?$/;

/** Why a date, dateTime or instant is not one (a day that does not exist, a time without a zone); undefined if fine. */
function temporalProblem(type: string, value: string): string | undefined {
  // Most values are plainly fine: a day of the month up to 28, no time of day or one with seconds and a zone.
  const t = value.indexOf('T');
  const dayOfMonth = value.length >= 10 ? (value.charCodeAt(8) - 48) * 10 + value.charCodeAt(9) - 48 : 0;
  if (dayOfMonth <= 28) {
    if (t < 0 && value.length <= 10) return undefined;
    if (t >= 0) {
      ZONED_TIME.lastIndex = t;
      if (ZONED_TIME.test(value)) return undefined;
    }
  }
  const m = TEMPORAL.exec(value);
  if (!m) return undefined;
  const [, year, month, day, hour, minute, second, , zone] = m;
  if (day !== undefined) {
    const days = daysIn(Number(year), Number(month));
    if (Number(day) > days) return `${MONTHS[Number(month) - 1] ?? 'that month'} ${year} has ${days} days`;
  }
  if (type === 'date') return undefined;
  if (hour !== undefined && (minute === undefined || second === undefined)) {
    return 'a time of day has hours, minutes and seconds (hh:mm:ss)';
  }
  if (hour !== undefined && zone === undefined) return 'a time of day needs a time zone (Z or ±hh:mm)';
  if (hour === undefined && zone !== undefined) return 'a time zone belongs only to a time of day';
  return undefined;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const HOUR = 3_600_000;
/** A date, or a dateTime in UTC to the second: no offset to apply. */
const PLAIN = /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}:\d{2}Z)?)?)?$/;
const ZONED = /T.*(Z|[+-]\d{2}:\d{2})$/;

/**
 * The earliest and latest instant (ms) a date or dateTime may mean, given
 * its precision; without a time zone, read as UTC (`sameZone`) or in any
 * zone from -12:00 to +14:00.
 */
function instantRange(value: string, sameZone: boolean): [number, number] | undefined {
  const m = TEMPORAL.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zone] = m;
  const parts = [
    Number(y),
    mo ? Number(mo) - 1 : 0,
    d ? Number(d) : 1,
    h ? Number(h) : 0,
    mi ? Number(mi) : 0,
    s ? Number(s) : 0,
  ];
  const start = utc(parts) + (fraction ? Math.floor(Number(fraction) * 1000) : 0);
  // The first instant after the value's precision ends.
  const next = parts.slice();
  const precision =
    s !== undefined ? 5 : mi !== undefined ? 4 : h !== undefined ? 3 : d !== undefined ? 2 : mo !== undefined ? 1 : 0;
  next[precision] = next[precision]! + 1;
  const end = s !== undefined ? start + (fraction ? 1 : 1000) : utc(next);
  if (zone === undefined) return sameZone ? [start, end - 1] : [start - 14 * HOUR, end - 1 + 12 * HOUR];
  const offset =
    zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * HOUR + Number(zone.slice(4)) * 60_000);
  return [start - offset, end - 1 - offset];
}

function utc([year, month, day, hour, minute, second]: number[]): number {
  const date = new Date(0);
  date.setUTCFullYear(year!, month, day); // (Date.UTC would read years below 100 as 19xx)
  date.setUTCHours(hour!, minute, second, 0);
  return date.getTime();
}
