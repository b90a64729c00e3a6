import {
  AsAtom,
  DotAtom,
  FhirPathAtom,
  FunctionAtom,
  IsAtom,
  SymbolAtom,
  UnionAtom,
  capitalize,
  evalFhirPathTyped,
  getElementDefinition,
  getTypedPropertyValue,
  type Atom,
  type TypedValue,
} from '@medplum/core';

/** Evaluates a search parameter's expression against its input (one resource, or one composite's value). */
export type PathEvaluator = (input: TypedValue[]) => TypedValue[];

/**
 * Search-parameter expressions are nearly all plain paths: `Observation.code`,
 * `(MedicationRequest.medication as CodeableConcept)`,
 * `Condition.subject.where(resolve() is Patient)`, unions of those. The
 * general FHIRPath engine looks up the element definition of every step of
 * every path on every write, which was the largest cost of indexing. This
 * compiles such a path once into property steps whose JSON keys and types are
 * looked up once per (type, property) and then read straight off the
 * resource, with the same results as @medplum/core's engine (checked by
 * compiled-path.test.ts over the R4 examples). Anything else — other
 * functions, operators, variables, primitive extensions — is left to the
 * engine.
 *
 * One difference, harmless to its one use: a union keeps duplicates (the
 * engine removes them), because index rows are de-duplicated afterwards.
 */
export function pathEvaluator(expression: FhirPathAtom): PathEvaluator {
  return compilePath(expression) ?? ((input) => evalFhirPathTyped(expression, input));
}

/**
 * What a compiled step hands on: one value and its FHIR type, passed as
 * arguments rather than as a TypedValue in an array, so a path allocates
 * nothing between its steps — indexing evaluates thousands of paths a
 * second, and their intermediate arrays were a fifth of the server's garbage.
 */
type Emit = (type: string, value: unknown, out: TypedValue[]) => void;

/** The last step: the value joins the results. */
const collect: Emit = (type, value, out) => {
  out.push({ type, value });
};

/** The compiled evaluator, or undefined when the expression is not a plain path. */
export function compilePath(expression: FhirPathAtom): PathEvaluator | undefined {
  // A top-level union is evaluated branch by branch over the whole input, as the engine orders it.
  const branches: Emit[] = [];
  for (const atom of unionBranches(expression.child)) {
    const branch = compile(atom, collect);
    if (!branch) return undefined;
    branches.push(branch);
  }
  return (input) => {
    const out: TypedValue[] = [];
    for (const branch of branches) for (const v of input) branch(v.type, v.value, out);
    return out;
  };
}

function unionBranches(atom: Atom): Atom[] {
  return atom instanceof UnionAtom ? [...unionBranches(atom.left), ...unionBranches(atom.right)] : [atom];
}

/** Compiles `atom` into a step that hands each of its results to `next`. */
function compile(atom: Atom, next: Emit): Emit | undefined {
  if (atom instanceof SymbolAtom) return symbol(atom.name, next);
  if (atom instanceof DotAtom) {
    const right = compile(atom.right, next);
    return right && compile(atom.left, right);
  }
  if (atom instanceof UnionAtom) {
    // Inside a path (`(A | B).c`): the paths' inputs are single values, so item by item is the engine's order.
    const left = compile(atom.left, next);
    const right = compile(atom.right, next);
    return left && right
      ? (type, value, out) => {
          left(type, value, out);
          right(type, value, out);
        }
      : undefined;
  }
  if (atom instanceof AsAtom) {
    const type = typeName(atom.right);
    return type ? compile(atom.left, ofType(type, next)) : undefined;
  }
  if (atom instanceof FunctionAtom) return compileFunction(atom, next);
  return undefined;
}

function ofType(wanted: string, next: Emit): Emit {
  return (type, value, out) => {
    if (type === wanted) next(type, value, out);
  };
}

function compileFunction(atom: FunctionAtom, next: Emit): Emit | undefined {
  const [arg, ...rest] = atom.args;
  if (!arg || rest.length > 0) return undefined;
  switch (atom.name) {
    // The engine's as() function passes its input through unchanged.
    case 'as':
      return next;
    case 'ofType': {
      const type = typeName(arg);
      return type ? ofType(type, next) : undefined;
    }
    case 'where': {
      const target = resolveIsTarget(arg);
      return target
        ? (type, value, out) => {
            if (referenceTargetType(value) === target) next(type, value, out);
          }
        : undefined;
    }
    default:
      return undefined;
  }
}

/** `resolve() is X` with X a resource type: the only `where` condition the R4 parameters use. */
function resolveIsTarget(atom: Atom): string | undefined {
  if (!(atom instanceof IsAtom)) return undefined;
  const { left, right } = atom;
  if (!(left instanceof FunctionAtom) || left.name !== 'resolve' || left.args.length > 0) return undefined;
  const type = typeName(right);
  // The engine's `is` treats these names as FHIRPath system types, not resources.
  return type && !SYSTEM_TYPE_NAMES.has(type) ? type : undefined;
}

const SYSTEM_TYPE_NAMES = new Set(['Boolean', 'Decimal', 'Integer', 'Date', 'DateTime', 'Time', 'Period', 'Quantity']);

function typeName(atom: Atom): string | undefined {
  return atom instanceof SymbolAtom && /^[A-Za-z][A-Za-z0-9]*$/.test(atom.name) ? atom.name : undefined;
}

/** The resource type resolve() gives a reference, as the engine computes it from the reference text. */
function referenceTargetType(value: unknown): string | undefined {
  let text: string | undefined;
  if (typeof value === 'string') text = value;
  else if (value && typeof value === 'object') {
    const r = value as { reference?: string; type?: string; identifier?: unknown; resource?: unknown };
    if (r.resource) return undefined;
    if (r.reference) text = r.reference;
    else if (r.type && r.identifier) return r.type;
  }
  if (text?.includes('?')) return text.split('?')[0];
  if (text?.includes('/')) return text.split('/')[0];
  return undefined;
}

function symbol(name: string, next: Emit): Emit | undefined {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return undefined; // $this, %variables, `quoted`
  // No FHIR element name begins with a capital: such a name is a type, the head of a path.
  const isTypeName = /^[A-Z]/.test(name);
  // This step's JSON keys per input type: a small map, filled as types are met.
  const byType = new Map<string, Candidate[] | null>();
  return (type, value, out) => {
    if (!value || typeof value !== 'object') return;
    const object = value as Record<string, unknown>;
    // The path's head names the resource type and selects the resource itself.
    if (object.resourceType === name) {
      next(type, value, out);
      return;
    }
    // Another type's branch of a parameter shared by many (`clinical-patient` has thirty):
    // it finds nothing here, which the engine would take a property lookup per branch to say.
    if (isTypeName) return;
    let list = byType.get(type);
    if (list === undefined) byType.set(type, (list = candidatesOf(type, name)));
    property(type, object, name, list, next, out);
  };
}

interface Candidate {
  key: string;
  /** `_key`: where a primitive's extensions would be. */
  extensionKey: string;
  type: string;
}

/** The JSON keys of a property (value[x] → valueQuantity, …) with their types; null when the type is unknown. */
function candidatesOf(type: string, name: string): Candidate[] | null {
  const element = getElementDefinition(type, name);
  if (!element?.type?.length) return null;
  const last = element.path.slice(element.path.lastIndexOf('.') + 1);
  const first = element.type[0]!.code;
  return element.type.map(({ code }) => {
    const key = last.replace('[x]', capitalize(code));
    return { key, extensionKey: `_${key}`, type: code === 'Element' || code === 'BackboneElement' ? first : code };
  });
}

function property(
  type: string,
  value: Record<string, unknown>,
  name: string,
  list: Candidate[] | null,
  next: Emit,
  out: TypedValue[],
): void {
  if (list) {
    for (const { key, extensionKey, type: propertyType } of list) {
      // A primitive's extensions (`_key`) are merged by the engine: leave that rare case to it.
      if (value[extensionKey] !== undefined) break;
      const found = value[key];
      if (found === undefined) continue;
      if (isEmptyValue(found)) return;
      if (Array.isArray(found)) {
        for (const item of found) if (item !== undefined && item !== null) next(typeOf(propertyType, item), item, out);
      } else if (found !== null) next(typeOf(propertyType, found), found, out);
      return;
    }
    if (!list.some(({ extensionKey }) => value[extensionKey] !== undefined)) return;
  }
  const viaEngine = getTypedPropertyValue({ type, value }, name);
  for (const r of Array.isArray(viaEngine) ? viaEngine : viaEngine ? [viaEngine] : []) {
    if (r.value !== undefined) next(r.type, (r.value as { valueOf(): unknown }).valueOf(), out);
  }
}

/** A property's type, or the resource's own for a contained or nested Resource. */
function typeOf(type: string, value: unknown): string {
  const resourceType = (value as { resourceType?: unknown }).resourceType;
  return type === 'Resource' && typeof resourceType === 'string' ? resourceType : type;
}

/** @medplum/core's isEmpty, without the array Object.keys makes for every value it looks at. */
function isEmptyValue(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string') return v === '';
  if (typeof v !== 'object') return false;
  if ('length' in v && (v as { length: number }).length > 0) return false;
  for (const _ in v) return false;
  return true;
}
