import {
  evalFhirPathTyped,
  parseFhirPath,
  toTypedValue,
  tryGetDataType,
  validateResource,
  OperationOutcomeError,
  type InternalSchemaElement,
  type InternalTypeSchema,
  type TypedValue,
} from '@medplum/core';
import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { nativeInvariant, type NativeInvariant } from './native-invariants.js';
import { holdsVacuously, vacuousWhen, type VacuousWhen } from './vacuous-invariants.js';

/**
 * Structural validation against the R4 StructureDefinitions — the same
 * problems, in the same words and at the same FHIRPath locations, as
 * @medplum/core's `validateResource`, at a fraction of the cost.
 *
 * Why: medplum's validator resolves every element of every type by name for
 * every object it meets, present or not, building a typed value for each;
 * it was 0.2–0.8 ms a resource and the largest single cost of every write.
 * Here each type is compiled once into a plan (its elements, the JSON keys of
 * each choice type, its invariants parsed once), and a value costs a property
 * lookup per element. Invariants are still evaluated by medplum's FHIRPath
 * engine. test/validation/structure-validator.test.ts holds the two to the
 * same answers on every example, synthetic and mutated resource it has.
 *
 * What this does not cover (profiles, slicing, fixed and pattern values —
 * none occur in the base R4 definitions) is handed to medplum whole.
 */

/** Invariants medplum does not evaluate (it explains why in its validator); neither do we. */
const SKIPPED_CONSTRAINTS = new Set(['ele-1', 'dom-3', 'org-1', 'sdf-19']);

const JS_TYPE: Record<string, 'string' | 'boolean' | 'number'> = {
  base64Binary: 'string',
  boolean: 'boolean',
  canonical: 'string',
  code: 'string',
  date: 'string',
  dateTime: 'string',
  decimal: 'number',
  id: 'string',
  instant: 'string',
  integer: 'number',
  integer64: 'string',
  markdown: 'string',
  oid: 'string',
  positiveInt: 'number',
  string: 'string',
  time: 'string',
  unsignedInt: 'number',
  uri: 'string',
  url: 'string',
  uuid: 'string',
  xhtml: 'string',
  'http://hl7.org/fhirpath/System.String': 'string',
};

// The lexical rules of the R4 primitive types (https://hl7.org/fhir/R4/datatypes.html), as medplum checks them.
const YEAR = String.raw`(\d(\d(\d[1-9]|[1-9]0)|[1-9]00)|[1-9]000)`;
const MONTH = String.raw`(0[1-9]|1[0-2])`;
const DAY = String.raw`(0[1-9]|[1-2]\d|3[0-1])`;
const CLOCK = String.raw`([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d{1,9})?`;
const ZONE = String.raw`(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00))`;
const FORMATS: Record<string, RegExp> = {
  base64Binary: /^([A-Za-z\d+/]{4})*([A-Za-z\d+/]{2}==|[A-Za-z\d+/]{3}=)?$/,
  canonical: /^\S*$/,
  code: /^[^\s]+( [^\s]+)*$/,
  date: new RegExp(`^${YEAR}(-${MONTH}(-${DAY})?)?$`),
  dateTime: new RegExp(
    String.raw`^${YEAR}(-${MONTH}(-${DAY}(T([01]\d|2[0-3])(:[0-5]\d:([0-5]\d|60)(\.\d{1,9})?)?)?)?(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00)?)?)?$`,
  ),
  id: /^[A-Za-z0-9\-.]{1,64}$/,
  instant: new RegExp(`^${YEAR}-${MONTH}-${DAY}T${CLOCK}${ZONE}$`),
  markdown: /^[\r\n\t\u0020-\uFFFF]+$/,
  oid: /^urn:oid:[0-2](\.(0|[1-9]\d*))+$/,
  string: /^[\r\n\t\u0020-\uFFFF]+$/,
  time: new RegExp(`^${CLOCK}$`),
  uri: /^\S*$/,
  url: /^\S*$/,
  uuid: /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
};
const MAX_STRING = 1024 * 1024;

interface Invariant {
  key: string;
  description: string;
  expression: string;
  atom: ReturnType<typeof parseFhirPath>;
  /** When it holds without evaluation (vacuous-invariants.ts). */
  vacuous?: VacuousWhen;
  /** Its JavaScript version, where it has one (native-invariants.ts). */
  native?: NativeInvariant;
}

interface ElementPlan {
  /** The key in the type's elements: `name`, `value[x]`. */
  key: string;
  element: InternalSchemaElement;
  /** The JSON names it may take, in the order of its types: `valueString`, `valueBoolean`, …, and each primitive's `_name`. */
  names: { name: string; extensionName: string; type: string }[];
  /** A choice of types (`value[x]`): its names are found from the object's keys, not tried one by one. */
  choice: boolean;
  invariants: Invariant[];
}

interface TypePlan {
  schema: InternalTypeSchema;
  /** False when the type uses what only medplum handles (see the header). */
  covered: boolean;
  elements: ElementPlan[];
  /** For each choice element (`value[x]`): its name without `[x]`. */
  choiceStems: Map<string, string>;
  /** Each JSON name of a choice element (`valueString`, `_valueString`): the element and the type's position. */
  choiceNames: Map<string, { plan: ElementPlan; index: number }>;
  /** Each JSON name of every element (`code`, `_code`, `valueString`…): the element's position in `elements`. */
  positions: Map<string, number>;
  /** Positions of the elements with a minimum: checked even when absent. */
  required: number[];
  invariants: Invariant[];
}

/** Something this validator leaves to medplum (see the header). */
class NotCovered extends Error {}

/**
 * A `_name` that is not an object. medplum's validator fails with a plain
 * Error on it (a server error for the client); we report it as the
 * structure problem it is.
 */
class BadExtension extends Error {}

const plans = new Map<string, TypePlan | null>();

function planOf(type: string): TypePlan {
  let plan = plans.get(type);
  if (plan === undefined) {
    const schema = tryGetDataType(type);
    plan = schema ? compile(schema) : null;
    plans.set(type, plan);
  }
  if (!plan?.covered) throw new NotCovered(type);
  return plan;
}

function compile(schema: InternalTypeSchema): TypePlan {
  const elements: ElementPlan[] = [];
  const choiceStems = new Map<string, string>();
  const choiceNames = new Map<string, { plan: ElementPlan; index: number }>();
  const positions = new Map<string, number>();
  const required: number[] = [];
  for (const [key, element] of Object.entries(schema.elements)) {
    const covered = !key.includes('.') && !element.slicing && element.fixed === undefined && !element.pattern;
    if (!covered) {
      return { schema, covered, elements: [], choiceStems, choiceNames, positions, required, invariants: [] };
    }
    const last = element.path.slice(element.path.lastIndexOf('.') + 1);
    const names = (element.type ?? []).map((t) => {
      const name = last.replace('[x]', capitalize(t.code));
      return { name, extensionName: `_${name}`, type: t.code };
    });
    const plan: ElementPlan = {
      key,
      element,
      names,
      choice: key.endsWith('[x]'),
      invariants: invariantsOf(element.constraints),
    };
    if (plan.choice) {
      choiceStems.set(key, key.slice(0, -3));
      names.forEach(({ name }, index) => {
        choiceNames.set(name, { plan, index });
        choiceNames.set('_' + name, { plan, index });
      });
    }
    for (const { name, extensionName } of names) {
      positions.set(name, elements.length);
      positions.set(extensionName, elements.length);
    }
    if (element.min > 0) required.push(elements.length);
    elements.push(plan);
  }
  const invariants = invariantsOf(schema.constraints);
  return { schema, covered: true, elements, choiceStems, choiceNames, positions, required, invariants };
}

/**
 * The elements of `plan` that `value` has a key for, and the required ones,
 * in the plan's order (so problems come in the same order as medplum's):
 * an absent optional element has nothing to check, and most objects hold a
 * few of their type's many elements.
 */
function elementsToCheck(value: Json, plan: TypePlan): ElementPlan[] {
  const found = plan.required.slice();
  if (value && typeof value === 'object') {
    for (const key in value) {
      const at = plan.positions.get(key);
      if (at !== undefined) found.push(at);
    }
  }
  found.sort((a, b) => a - b);
  const out: ElementPlan[] = [];
  for (let i = 0; i < found.length; i++) if (i === 0 || found[i] !== found[i - 1]) out.push(plan.elements[found[i]!]!);
  return out;
}

function invariantsOf(constraints: InternalSchemaElement['constraints']): Invariant[] {
  return (constraints ?? [])
    .filter((c) => c.severity === 'error' && !SKIPPED_CONSTRAINTS.has(c.key))
    .map((c) => ({
      key: c.key,
      description: c.description,
      expression: c.expression,
      atom: parseFhirPath(c.expression),
      vacuous: vacuousWhen(c.expression),
      native: nativeInvariant(c.key, c.expression),
    }));
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * Every problem medplum's `validateResource` would report for `resource`
 * (errors and warnings); empty when it is valid.
 */
export function structureIssues(resource: Resource): OperationOutcomeIssue[] {
  try {
    return new Walk(resource).run();
  } catch (err) {
    if (!(err instanceof NotCovered)) throw err;
    try {
      return validateResource(resource);
    } catch (err2) {
      if (err2 instanceof OperationOutcomeError) return err2.outcome.issue ?? [];
      throw err2;
    }
  }
}

type Json = Record<string, unknown>;

/** For each choice element an object holds: the position of its first type present. */
type Choices = Map<ElementPlan, number>;

function choicesIn(value: Json, plan: TypePlan): Choices | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const choices: Choices = new Map();
  for (const key in value) {
    const c = plan.choiceNames.get(key);
    if (c && (choices.get(c.plan) ?? Infinity) > c.index) choices.set(c.plan, c.index);
  }
  return choices;
}

interface Found {
  type: string;
  /** The value, with its primitive extension merged in (a String/Number/Boolean object then), or an array of such. */
  value: unknown;
}

class Walk {
  readonly issues: OperationOutcomeIssue[] = [];
  private readonly resources: Resource[] = [];
  private readonly rootTyped: TypedValue;

  constructor(private readonly root: Resource) {
    this.rootTyped = { type: root.resourceType, value: root };
  }

  run(): OperationOutcomeIssue[] {
    const root = this.root;
    if (!root.resourceType) throw new NotCovered('no resourceType');
    const plan = planOf(root.resourceType);
    this.resources.push(root);
    const path = plan.schema.path;
    this.invariants({ type: root.resourceType, value: root, path }, plan.invariants);
    nulls(root as unknown as Json, path, this.issues);
    this.object(root as unknown as Json, plan, path, path);
    return this.issues;
  }

  /** One object of a complex type: `path` is where it is (indexed), `schemaPath` the unindexed path medplum reports some problems at. */
  private object(value: Json, plan: TypePlan, path: string, schemaPath: string): void {
    const nested = isResourceLike(value) && value !== (this.root as unknown);
    if (nested) this.resources.push(value as unknown as Resource);
    const choices = plan.choiceNames.size > 0 ? choicesIn(value, plan) : undefined;
    for (const p of elementsToCheck(value, plan)) this.property(value, p, path, `${schemaPath}.${p.key}`, choices);
    if (value) this.additionalProperties(value, plan, path);
    if (nested) this.resources.pop();
  }

  private property(
    parent: Json,
    p: ElementPlan,
    parentPath: string,
    schemaPath: string,
    choices: Choices | undefined,
  ): void {
    const element = p.element;
    const path = `${parentPath}.${p.key}`;
    let found: Found | undefined;
    try {
      found = this.lookup(parent, p, choices);
    } catch (err) {
      if (!(err instanceof BadExtension)) throw err;
      return this.structure(path, 'Primitive extension must be an object');
    }
    if (!found) {
      if (element.min > 0) this.structure(path, 'Missing required property');
      return;
    }
    const many = Array.isArray(found.value);
    const values = many ? (found.value as unknown[]) : [found.value];
    const typed = values.map((v, i) => ({
      type: found.type === 'Resource' && isResourceLike(v) ? (v as Resource).resourceType : found.type,
      value: v,
      path: many ? `${path}[${i}]` : path,
    }));
    if (element.isArray !== many) {
      this.structure(schemaPath, `Expected ${many ? 'single value' : 'array of values'} for property`);
    } else {
      if (values.length < element.min || values.length > element.max) {
        const max = Number.isFinite(element.max) ? element.max : '*';
        this.structure(
          element.path,
          `Invalid number of values: expected ${element.min}..${max}, but found ${values.length}`,
        );
      }
      for (const t of typed) {
        this.invariants(t, p.invariants);
        if (isPrimitive(t.type)) this.primitive(t.type, t.value, t.path);
        else if (isEmptyValue(t.value)) this.structure(t.path, 'Invalid empty non-primitive value');
      }
    }
    for (const t of typed) {
      if (!isPrimitive(t.type)) this.object(t.value as Json, planOf(t.type), t.path, schemaPath);
    }
  }

  /** The value of element `p` in `parent`, as medplum's getTypedPropertyValueWithSchema finds it. */
  private lookup(parent: Json, p: ElementPlan, choices: Choices | undefined): Found | undefined {
    if (!parent) return undefined;
    const first = p.choice && choices ? choices.get(p) : 0;
    if (first === undefined) return undefined;
    for (let i = first; i < p.names.length; i++) {
      const { name, extensionName, type } = p.names[i]!;
      let value = parent[name];
      const extension = parent[extensionName];
      if (value === undefined && extension === undefined) continue;
      if (extension) value = mergeExtension(value, extension);
      if (isEmptyValue(value)) return undefined;
      const resolved = type === 'Element' || type === 'BackboneElement' ? p.element.type[0]!.code : type;
      return { type: resolved, value };
    }
    return undefined;
  }

  private primitive(type: string, value: unknown, path: string): void {
    let plain = value;
    let extension: Json | undefined;
    if (typeof value === 'object' && value !== null) {
      plain = value.valueOf();
      if (plain === value) {
        plain = undefined;
        extension = value as Json;
      } else {
        const own = new Set(Object.keys(plain as object));
        const rest = Object.entries(value).filter(([k]) => !own.has(k));
        extension = rest.length > 0 ? Object.fromEntries(rest) : undefined;
      }
    }
    // A value of the wrong JSON type ends the check there: its extensions are not looked at (as in medplum).
    if (plain !== undefined && !this.primitiveValue(type, plain, path)) return;
    if (extension) this.object(extension, planOf('Element'), path, path);
  }

  /** False when the value is not even of the right JSON type. */
  private primitiveValue(type: string, value: unknown, path: string): boolean {
    const expected = JS_TYPE[type];
    if (!expected) {
      this.structure(path, `Invalid JSON type: ${type} is not a valid FHIR type`);
      return false;
    }
    if (typeof value !== expected) {
      if (value !== null) this.structure(path, `Invalid JSON type: expected ${expected}, but got ${typeof value}`);
      return false;
    }
    if (expected === 'string') {
      const s = value as string;
      const format = FORMATS[type];
      if (!s.trim()) this.structure(path, 'String must contain non-whitespace content');
      else if (s.length > MAX_STRING) this.structure(path, 'String cannot be larger than 1 MB');
      else if (format && !format.test(s)) this.structure(path, `Invalid ${type} format`);
    } else if (expected === 'number') {
      const n = value as number;
      if (Number.isNaN(n) || !Number.isFinite(n)) this.structure(path, 'Invalid numeric value');
      else if ((type === 'integer' || type === 'positiveInt' || type === 'unsignedInt') && !Number.isInteger(n))
        this.structure(path, 'Expected number to be an integer');
      else if (type === 'positiveInt' && n <= 0) this.structure(path, 'Expected number to be positive');
      else if (type === 'unsignedInt' && n < 0) this.structure(path, 'Expected number to be non-negative');
    }
    return true;
  }

  /** Keys the type does not define; choice keys that name no allowed type; two types of one choice. */
  private additionalProperties(value: Json, plan: TypePlan, path: string): void {
    const elements = plan.schema.elements;
    let choices: Record<string, string> | undefined;
    for (const key of Object.keys(value)) {
      if (key === 'resourceType') continue;
      const choice = plan.choiceStems.size > 0 ? this.choiceOf(value, key, plan) : undefined;
      if (choice) {
        choices ??= {};
        const related = choice.startsWith('_') ? choice.slice(1) : '_' + choice;
        const relatedKey = choice.startsWith('_') ? key.slice(1) : '_' + key;
        if (related in choices && choices[related] !== relatedKey) {
          const name = choice.startsWith('_') ? choice.slice(1) : choice;
          this.issues.push(
            issue(
              'warning',
              'structure',
              `Type of primitive extension does not match the type of property "${name}"`,
              choice,
            ),
          );
        }
        if (choices[choice]) {
          this.issues.push(
            issue('warning', 'structure', `Conflicting choice of type properties: "${key}", "${choices[choice]}"`, key),
          );
        }
        choices[choice] = key;
        continue;
      }
      if (!(key in elements) && !(key.startsWith('_') && key.slice(1) in elements)) {
        this.structure(`${path}.${key}`, `Invalid additional property "${key}"`);
      }
    }
  }

  /** `value[x]` (or `_value[x]`) when `key` is one of its names and the element has a value; else undefined. */
  private choiceOf(value: Json, key: string, plan: TypePlan): string | undefined {
    const prefix = key.startsWith('_') ? '_' : '';
    const bare = prefix ? key.slice(1) : key;
    // Stems are tried at each capital letter, shortest first, as medplum does.
    let stem = '';
    for (const part of bare.split(/(?=[A-Z])/g)) {
      stem += part;
      const elementKey = stem + '[x]';
      if (plan.choiceStems.has(elementKey)) {
        const p = plan.elements.find((e) => e.key === elementKey)!;
        try {
          return this.lookup(value, p, undefined) ? prefix + elementKey : undefined;
        } catch (err) {
          if (err instanceof BadExtension) return undefined; // reported by property()
          throw err;
        }
      }
    }
    return undefined;
  }

  private invariants(value: TypedValue & { path: string }, invariants: Invariant[]): void {
    if (invariants.length === 0) return;
    let variables: Record<string, TypedValue> | undefined;
    const variablesOf = (): Record<string, TypedValue> => {
      if (variables) return variables;
      variables = { '%context': value, '%ucum': UCUM, '%rootResource': this.rootTyped };
      const current = this.resources[this.resources.length - 1];
      if (current) variables['%resource'] = toTypedValue(current);
      return variables;
    };
    const plain = isPlainObject(value.value) ? value.value : undefined;
    for (const inv of invariants) {
      if (plain && inv.vacuous && holdsVacuously(inv.vacuous, plain)) continue;
      let holds = plain && inv.native ? inv.native(plain) : undefined;
      if (holds === undefined) {
        try {
          const result = evalFhirPathTyped(inv.atom, [value], variablesOf());
          holds = result.length === 1 && result[0]!.value === true;
        } catch (err) {
          this.issues.push(
            issue('error', 'processing', 'Error evaluating invariant expression', value.path, {
              fhirpath: inv.expression,
              error: err,
            }),
          );
          holds = false;
        }
      }
      if (!holds) {
        this.issues.push(
          issue('error', 'invariant', `Constraint ${inv.key} not met: ${inv.description}`, value.path, {
            fhirpath: inv.expression,
          }),
        );
        return;
      }
    }
  }

  private structure(path: string, text: string): void {
    this.issues.push(issue('error', 'structure', text, path));
  }
}

const UCUM = toTypedValue('http://unitsofmeasure.org');

function issue(
  severity: 'error' | 'warning',
  code: 'structure' | 'invariant' | 'processing',
  text: string,
  path: string,
  data?: Record<string, unknown>,
): OperationOutcomeIssue {
  return {
    severity,
    code,
    details: { text },
    expression: [path],
    ...(data ? { diagnostics: JSON.stringify(data) } : {}),
  };
}

function isPlainObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

function isPrimitive(type: string): boolean {
  return JS_TYPE[type] !== undefined || type === 'undefined';
}

function isResourceLike(v: unknown): boolean {
  return typeof v === 'object' && v !== null && 'resourceType' in v;
}

/** medplum's isEmpty: null, undefined, '', [] or {} (a String object of length 0 too). */
function isEmptyValue(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string') return v === '';
  if (typeof v === 'object') {
    const o = v as { length?: unknown };
    return !(('length' in o && (o.length as number) > 0) || Object.keys(o).length > 0);
  }
  return false;
}

/** A primitive with its `_name` extension, as medplum's FHIRPath sees it (a String/Number/Boolean object carrying id/extension). */
function mergeExtension(value: unknown, extension: unknown): unknown {
  const ext = extension as unknown[];
  if (Array.isArray(value)) {
    const merged = value.slice();
    // A non-array `_name` has no length: then nothing is merged, as in medplum.
    for (let i = 0; i < Math.max(merged.length, ext.length); i++) merged[i] = assignExtension(merged[i], ext[i]);
    return merged;
  }
  if (!value && Array.isArray(ext)) return ext.map((e) => assignExtension(undefined, e));
  return assignExtension(value, extension);
}

function assignExtension(target: unknown, extension: unknown): unknown {
  if (!extension) return target;
  if (typeof extension !== 'object') throw new BadExtension();
  try {
    // An object in a primitive's place is copied first: the caller's resource stays as it was.
    const base =
      target && typeof target === 'object' ? (Array.isArray(target) ? target.slice() : { ...target }) : target;
    return Object.assign(base ?? {}, without(extension as Json));
  } catch {
    throw new BadExtension(); // e.g. an array of extensions on a single string: its indexes are read-only
  }
}

/** medplum deletes these keys from the input before merging; we copy instead of changing the caller's resource. */
function without(extension: Json): Json {
  if (!Object.prototype.hasOwnProperty.call(extension, '__proto__') && !('constructor' in extension)) return extension;
  const copy: Json = {};
  for (const [k, v] of Object.entries(extension)) if (k !== '__proto__' && k !== 'constructor') copy[k] = v;
  return copy;
}

/** Null where FHIR JSON allows none; undefined in arrays (medplum's checkObjectForNull). */
function nulls(obj: Json, path: string, issues: OperationOutcomeIssue[]): void {
  for (const [key, value] of Object.entries(obj)) {
    const at = `${path}.${key}`;
    const partner = key.startsWith('_') ? key.slice(1) : `_${key}`;
    if (value === null) {
      issues.push(issue('error', 'structure', 'Invalid null value', at));
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (item === undefined) {
          issues.push(issue('error', 'structure', 'Invalid undefined value', `${at}[${i}]`));
        } else if (item === null && !(obj[partner] as unknown[] | undefined)?.[i]) {
          issues.push(issue('error', 'structure', 'Invalid null value', `${at}[${i}]`));
        } else if (item && typeof item === 'object') {
          // (medplum also walks the characters of strings here; they can hold no null)
          nulls(item as Json, `${at}[${i}]`, issues);
        }
      }
    } else if (typeof value === 'object') {
      nulls(value as Json, at, issues);
    }
  }
}
