import { parseFhirPath, type FhirPathAtom } from '@medplum/core';
import type { SearchParameter } from '@medplum/fhirtypes';
import { badRequest } from '@lienthong/core';
import { pathEvaluator, type PathEvaluator } from './compiled-path.js';
import { expressionForType } from './expression-split.js';
import { findSharedRows, type SharedRows } from './shared-rows.js';

export type ParamType =
  'string' | 'token' | 'reference' | 'date' | 'number' | 'quantity' | 'uri' | 'composite' | 'special';

export interface ComponentDef {
  /** The component's own parameter, for its type. */
  param: SearchParamDef;
  expression: FhirPathAtom;
  expressionText: string;
  evaluate: PathEvaluator;
}

export interface SearchParamDef {
  url: string;
  code: string;
  type: ParamType;
  base: string[];
  target: string[];
  /** The parsed expression; undefined for parameters answered from columns (_id, _lastUpdated). */
  expression?: FhirPathAtom;
  expressionText?: string;
  /** Evaluates `expression` (compiled where it is a plain path). */
  evaluate?: PathEvaluator;
  components?: ComponentDef[];
  /** From the official R4 definitions (not a SearchParameter stored at run time). */
  official?: boolean;
  /** Set when other parameters' rows answer this one: nothing is indexed under its code (shared-rows.ts). */
  sharedRows?: SharedRows;
}

/** A type's parameters as searches and writes use them. */
interface TypeView {
  params: Map<string, SearchParamDef>;
  /** The parameters that produce index rows. */
  indexed: SearchParamDef[];
}

/** Parameters answered from the resource table itself, never indexed. */
const COLUMN_PARAMS = new Set(['_id', '_lastUpdated']);
/** Parameters with no FHIRPath expression that we do not implement (not claimed in metadata). */
const UNSUPPORTED = new Set(['_content', '_query', '_text', '_list', '_filter']);

/**
 * All search parameters by resource type: the official R4 definitions plus any
 * active SearchParameter resources stored at run time. A stored parameter is
 * used for new writes at once and for existing data after `$reindex`.
 */
export class SearchRegistry {
  private readonly byType = new Map<string, Map<string, SearchParamDef>>();
  private readonly byUrl = new Map<string, SearchParameter>();
  private readonly atoms = new Map<string, FhirPathAtom>();
  private readonly official: SearchParameter[];
  private readonly officialSet: ReadonlySet<SearchParameter>;
  /** Parameters from stored SearchParameter resources, by resource id. */
  private readonly stored = new Map<string, SearchParameter>();
  /** Each type's view, rebuilt after any change (it is read by every write and search). */
  private readonly views = new Map<string, TypeView>();
  /**
   * The server's own FHIR base (set by app.ts; read at each write because a
   * test server learns its port late). A reference written as an absolute URL
   * on this base is indexed as the local Type/id it names.
   */
  localBase: () => string | undefined = () => undefined;

  constructor(
    private readonly resourceTypes: ReadonlySet<string>,
    definitions: SearchParameter[],
  ) {
    this.official = definitions;
    this.officialSet = new Set(definitions);
    for (const sp of definitions) this.byUrl.set(sp.url ?? sp.id ?? sp.code ?? '', sp);
    for (const sp of definitions) this.add(sp);
  }

  /** Registers (or replaces) a parameter; throws 400 on a definition we cannot use. */
  add(sp: SearchParameter): void {
    if (sp.url) this.byUrl.set(sp.url, sp);
    if (sp.id && sp.meta?.versionId) this.stored.set(sp.id, sp);
    this.views.clear();
    const def = this.compile(sp);
    if (!def) return;
    for (const base of this.expandBases(sp.base ?? [])) {
      let map = this.byType.get(base);
      if (!map) this.byType.set(base, (map = new Map<string, SearchParamDef>()));
      map.set(def.code, this.narrow(def, base));
    }
  }

  /** The definition with its expression cut down to the branches that apply to `type`. */
  private narrow(def: SearchParamDef, type: string): SearchParamDef {
    if (!def.expressionText) return def;
    const text = expressionForType(def.expressionText, type, this.resourceTypes);
    if (text === def.expressionText) return def;
    if (text === undefined) return { ...def, expression: undefined, expressionText: undefined, evaluate: undefined };
    let atom = this.atoms.get(text);
    if (!atom) this.atoms.set(text, (atom = parseFhirPath(text)));
    return { ...def, expression: atom, expressionText: text, evaluate: pathEvaluator(atom) };
  }

  /**
   * Removes a runtime parameter registered from a SearchParameter resource;
   * where it had replaced an official parameter of the same code, that one
   * comes back.
   */
  remove(sp: SearchParameter): void {
    this.views.clear();
    if (sp.id) this.stored.delete(sp.id);
    for (const base of this.expandBases(sp.base ?? [])) this.byType.get(base)?.delete(sp.code ?? '');
    for (const official of this.official) {
      if (official.code !== sp.code) continue;
      const bases = this.expandBases(official.base ?? []);
      if (this.expandBases(sp.base ?? []).some((b) => bases.includes(b))) this.add(official);
    }
  }

  /** Removes the parameter of a deleted SearchParameter resource (its tombstone has no code). */
  removeStored(id: string): void {
    const sp = this.stored.get(id);
    if (sp) this.remove(sp);
  }

  get(resourceType: string, code: string): SearchParamDef | undefined {
    return this.view(resourceType).params.get(code);
  }

  forType(resourceType: string): SearchParamDef[] {
    return [...this.view(resourceType).params.values()];
  }

  /** Parameters that produce index rows for this type. */
  indexedForType(resourceType: string): SearchParamDef[] {
    return this.view(resourceType).indexed;
  }

  private view(resourceType: string): TypeView {
    let view = this.views.get(resourceType);
    if (!view) {
      const all = [...(this.byType.get(resourceType)?.values() ?? [])];
      const shared = findSharedRows(all);
      const params = new Map(
        all.map((p) => {
          const rows = shared.get(p.code);
          return [p.code, rows ? { ...p, sharedRows: rows } : p];
        }),
      );
      const indexed = [...params.values()].filter((p) => p.evaluate && !p.sharedRows && !COLUMN_PARAMS.has(p.code));
      this.views.set(resourceType, (view = { params, indexed }));
    }
    return view;
  }

  private expandBases(bases: string[]): string[] {
    return bases.flatMap((b) => (b === 'Resource' || b === 'DomainResource' ? [...this.resourceTypes] : [b]));
  }

  private compile(sp: SearchParameter): SearchParamDef | undefined {
    const code = sp.code;
    if (!code || !sp.type || UNSUPPORTED.has(code)) return undefined;
    if (sp.type === 'special') return undefined;
    const def: SearchParamDef = {
      url: sp.url ?? '',
      code,
      type: sp.type,
      base: sp.base ?? [],
      target: sp.target ?? [],
      ...(this.officialSet.has(sp) ? { official: true } : {}),
    };
    if (COLUMN_PARAMS.has(code)) return def;
    if (!sp.expression) return undefined;
    try {
      def.expression = parseFhirPath(sp.expression);
      def.expressionText = sp.expression;
      def.evaluate = pathEvaluator(def.expression);
    } catch (err) {
      throw badRequest(
        `SearchParameter ${code}: expression is not valid FHIRPath (${(err as Error).message})`,
        'SearchParameter.expression',
      );
    }
    if (sp.type === 'composite') {
      const components: ComponentDef[] = [];
      for (const c of sp.component ?? []) {
        const target = this.byUrl.get(c.definition ?? '');
        const param = target ? this.compile(target) : undefined;
        if (!param || !c.expression) return undefined;
        const expression = parseFhirPath(c.expression);
        components.push({ param, expression, expressionText: c.expression, evaluate: pathEvaluator(expression) });
      }
      if (components.length !== 2 || components[0]!.param.type !== 'token') return undefined;
      def.components = components;
    }
    return def;
  }
}
