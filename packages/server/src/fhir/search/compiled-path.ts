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
  isEmpty,
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

/** The compiled evaluator, or undefined when the expression is not a plain path. */
export function compilePath(expression: FhirPathAtom): PathEvaluator | undefined {
  return compile(expression.child);
}

function compile(atom: Atom): PathEvaluator | undefined {
  if (atom instanceof SymbolAtom) return symbol(atom.name);
  if (atom instanceof DotAtom) {
    const left = compile(atom.left);
    const right = compile(atom.right);
    return left && right ? (input) => right(left(input)) : undefined;
  }
  if (atom instanceof UnionAtom) {
    const left = compile(atom.left);
    const right = compile(atom.right);
    return left && right ? (input) => [...left(input), ...right(input)] : undefined;
  }
  if (atom instanceof AsAtom) {
    const left = compile(atom.left);
    const type = typeName(atom.right);
    return left && type ? (input) => left(input).filter((v) => v.type === type) : undefined;
  }
  if (atom instanceof FunctionAtom) return compileFunction(atom);
  return undefined;
}

function compileFunction(atom: FunctionAtom): PathEvaluator | undefined {
  const [arg, ...rest] = atom.args;
  if (!arg || rest.length > 0) return undefined;
  switch (atom.name) {
    // The engine's as() function passes its input through unchanged.
    case 'as':
      return (input) => input;
    case 'ofType': {
      const type = typeName(arg);
      return type ? (input) => input.filter((v) => v.type === type) : undefined;
    }
    case 'where': {
      const target = resolveIsTarget(arg);
      return target ? (input) => input.filter((v) => referenceTargetType(v.value) === target) : undefined;
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

function symbol(name: string): PathEvaluator | undefined {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return undefined; // $this, %variables, `quoted`
  // This step's JSON keys per input type: a small map, filled as types are met.
  const byType = new Map<string, Candidate[] | null>();
  return (input) => {
    const out: TypedValue[] = [];
    for (const v of input) {
      const value = v.value as Record<string, unknown> | undefined;
      if (!value || typeof value !== 'object') continue;
      // The path's head names the resource type and selects the resource itself.
      if (value.resourceType === name) {
        out.push(v);
        continue;
      }
      let list = byType.get(v.type);
      if (list === undefined) byType.set(v.type, (list = candidatesOf(v.type, name)));
      property(v, name, list, out);
    }
    return out;
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

function property(v: TypedValue, name: string, list: Candidate[] | null, out: TypedValue[]): void {
  const value = v.value as Record<string, unknown>;
  if (list) {
    for (const { key, extensionKey, type } of list) {
      // A primitive's extensions (`_key`) are merged by the engine: leave that rare case to it.
      if (value[extensionKey] !== undefined) break;
      const found = value[key];
      if (found === undefined) continue;
      if (isEmpty(found)) return;
      if (Array.isArray(found)) {
        for (const item of found) if (item !== undefined && item !== null) out.push(typed(type, item));
      } else if (found !== null) out.push(typed(type, found));
      return;
    }
    if (!list.some(({ extensionKey }) => value[extensionKey] !== undefined)) return;
  }
  const viaEngine = getTypedPropertyValue(v, name);
  for (const r of Array.isArray(viaEngine) ? viaEngine : viaEngine ? [viaEngine] : []) {
    if (r.value !== undefined) out.push({ type: r.type, value: (r.value as { valueOf(): unknown }).valueOf() });
  }
}

function typed(type: string, value: unknown): TypedValue {
  const resourceType = (value as { resourceType?: unknown }).resourceType;
  return { type: type === 'Resource' && typeof resourceType === 'string' ? resourceType : type, value };
}
