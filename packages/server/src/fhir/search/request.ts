import { badRequest, notSupported } from '@lienthong/core';
import type { SearchParamDef, SearchRegistry } from './registry.js';
import { splitAlternatives } from './values.js';

/** One AND-ed condition: alternatives in `values` are OR-ed. */
export type Filter =
  | { kind: 'param'; param: SearchParamDef; modifier?: string; values: string[]; name: string }
  | {
      kind: 'chain';
      param: SearchParamDef;
      targetTypes: string[];
      /** The inner filter as parsed for targetTypes[0]. */
      inner: Filter;
      /** The inner filter per target type (same order as targetTypes): its parameter's type may differ. */
      inners: Filter[];
      name: string;
    }
  | { kind: 'has'; sourceType: string; param: SearchParamDef; inner: Filter; name: string };

export interface IncludeSpec {
  sourceType: string;
  /** undefined for `*` (every reference parameter). */
  param?: SearchParamDef;
  targetType?: string;
  iterate: boolean;
}

export interface SortKey {
  code: string;
  param?: SearchParamDef;
  descending: boolean;
}

export interface SearchRequest {
  resourceType: string;
  filters: Filter[];
  count: number;
  offset: number;
  sort: SortKey[];
  total: 'none' | 'estimate' | 'accurate';
  summary?: 'true' | 'count' | 'data' | 'text' | 'false';
  elements?: string[];
  include: IncludeSpec[];
  revinclude: IncludeSpec[];
  /** The parameters actually applied, for the self link. */
  applied: [string, string][];
  /** Restricts to one patient's compartment (Patient/{id}/{type} and $everything). */
  compartment?: string;
}

export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 1000;
const MAX_CHAIN_DEPTH = 3;
const RESULT_PARAMS = new Set([
  '_count',
  '_offset',
  '_sort',
  '_total',
  '_summary',
  '_elements',
  '_include',
  '_revinclude',
  '_include:iterate',
  '_revinclude:iterate',
  '_format',
  '_pretty',
]);
const STRING_MODIFIERS = new Set(['exact', 'contains']);
const MODIFIERS: Record<string, Set<string>> = {
  string: STRING_MODIFIERS,
  token: new Set(['not', 'text', 'of-type']),
  reference: new Set(['identifier']),
  uri: new Set(['below', 'above']),
  date: new Set(),
  number: new Set(),
  quantity: new Set(),
  composite: new Set(),
};

/**
 * Parses search parameters (already split into name → values) into a
 * SearchRequest. Unknown parameters are an error unless `lenient`
 * (Prefer: handling=lenient), in which case they are dropped from `applied`.
 */
export function parseSearch(
  registry: SearchRegistry,
  resourceType: string,
  query: [string, string][],
  lenient: boolean,
): SearchRequest {
  const req: SearchRequest = {
    resourceType,
    filters: [],
    count: DEFAULT_COUNT,
    offset: 0,
    sort: [],
    total: 'none',
    include: [],
    revinclude: [],
    applied: [],
  };
  for (const [name, value] of query) {
    // "Empty parameters are not an error - they are just ignored by the server" (R4 §3.1.1.3).
    if (value === '') continue;
    if (RESULT_PARAMS.has(name)) {
      parseResultParam(registry, req, name, value);
      if (name !== '_format' && name !== '_pretty') req.applied.push([name, value]);
      continue;
    }
    try {
      req.filters.push(parseFilter(registry, resourceType, name, value, 0));
      req.applied.push([name, value]);
    } catch (err) {
      if (!lenient) throw err;
    }
  }
  return req;
}

function parseResultParam(registry: SearchRegistry, req: SearchRequest, name: string, value: string): void {
  switch (name) {
    case '_count': {
      const n = Number(value);
      if (!/^\d+$/.test(value) || n > MAX_COUNT) {
        throw badRequest(`_count must be a whole number from 0 to ${MAX_COUNT}`, '_count');
      }
      req.count = n;
      return;
    }
    case '_offset': {
      if (!/^\d{1,9}$/.test(value)) throw badRequest('_offset must be a whole number', '_offset');
      req.offset = Number(value);
      return;
    }
    case '_sort':
      req.sort = value.split(',').map((key) => {
        const descending = key.startsWith('-');
        const code = descending ? key.slice(1) : key;
        if (code === '_id' || code === '_lastUpdated') return { code, descending };
        const param = registry.get(req.resourceType, code);
        if (!param || param.type === 'composite') {
          throw badRequest(`Cannot sort ${req.resourceType} by "${code}"`, '_sort');
        }
        return { code, param, descending };
      });
      return;
    case '_total':
      if (value !== 'none' && value !== 'estimate' && value !== 'accurate') {
        throw badRequest('_total must be none, estimate or accurate', '_total');
      }
      req.total = value;
      return;
    case '_summary':
      if (!['true', 'false', 'count', 'data', 'text'].includes(value)) {
        throw badRequest('_summary must be true, false, count, data or text', '_summary');
      }
      req.summary = value as SearchRequest['summary'];
      return;
    case '_elements':
      req.elements = value
        .split(',')
        .map((e) => e.trim())
        .filter(Boolean);
      return;
    case '_include':
    case '_include:iterate':
      req.include.push(parseInclude(registry, value, name.endsWith(':iterate'), name));
      return;
    case '_revinclude':
    case '_revinclude:iterate':
      req.revinclude.push(parseInclude(registry, value, name.endsWith(':iterate'), name));
      return;
    default:
      return; // _format and _pretty are handled by the HTTP layer
  }
}

function parseInclude(registry: SearchRegistry, value: string, iterate: boolean, name: string): IncludeSpec {
  const [sourceType, code, targetType] = value.split(':');
  if (!sourceType || !code) throw badRequest(`${name} must be Type:parameter[:targetType]`, name);
  if (code === '*') return { sourceType, iterate, ...(targetType ? { targetType } : {}) };
  const param = registry.get(sourceType, code);
  if (!param || param.type !== 'reference') {
    throw badRequest(`${sourceType} has no reference parameter "${code}"`, name);
  }
  return { sourceType, param, iterate, ...(targetType ? { targetType } : {}) };
}

export function parseFilter(
  registry: SearchRegistry,
  resourceType: string,
  name: string,
  value: string,
  depth: number,
): Filter {
  if (depth > MAX_CHAIN_DEPTH) throw badRequest(`Chains deeper than ${MAX_CHAIN_DEPTH} are not allowed`, name);
  if (name.startsWith('_has:')) return parseHas(registry, resourceType, name, value, depth);
  const dot = name.indexOf('.');
  if (dot > 0) return parseChain(registry, resourceType, name, dot, value, depth);
  const [code, modifier] = splitModifier(name);
  const param = registry.get(resourceType, code);
  if (!param) throw badRequest(`Unknown search parameter "${code}" for ${resourceType}`, name);
  if (modifier !== undefined) checkModifier(param, modifier, name);
  if (modifier === 'missing' && value !== 'true' && value !== 'false') {
    throw badRequest(':missing takes true or false', name);
  }
  // A reference :Type modifier narrows the target type.
  const values = splitAlternatives(value);
  if (values.some((v) => v.length === 0)) {
    throw badRequest(`Empty value for search parameter "${name}"`, name);
  }
  return { kind: 'param', param, values, name, ...(modifier !== undefined ? { modifier } : {}) };
}

function splitModifier(name: string): [string, string | undefined] {
  const colon = name.indexOf(':');
  return colon < 0 ? [name, undefined] : [name.slice(0, colon), name.slice(colon + 1)];
}

function checkModifier(param: SearchParamDef, modifier: string, name: string): void {
  if (modifier === 'missing') return;
  if (param.type === 'reference' && /^[A-Z][A-Za-z]+$/.test(modifier)) return;
  if (param.code === '_id' || param.code === '_lastUpdated') {
    throw notSupported(`Modifier :${modifier} is not supported on ${param.code}`, name);
  }
  if (!MODIFIERS[param.type]?.has(modifier)) {
    throw notSupported(`Modifier :${modifier} is not supported on ${param.type} parameter "${param.code}"`, name);
  }
}

function parseChain(
  registry: SearchRegistry,
  resourceType: string,
  name: string,
  dot: number,
  value: string,
  depth: number,
): Filter {
  const [code, typeModifier] = splitModifier(name.slice(0, dot));
  const rest = name.slice(dot + 1);
  const param = registry.get(resourceType, code);
  if (!param || param.type !== 'reference') {
    throw badRequest(`"${code}" is not a reference parameter of ${resourceType}; it cannot be chained`, name);
  }
  if (typeModifier && param.target.length > 0 && !param.target.includes(typeModifier)) {
    throw badRequest(`${resourceType}.${code} cannot point to ${typeModifier}`, name);
  }
  const candidates = typeModifier ? [typeModifier] : param.target;
  const innerName = rest.split(/[.:]/)[0]!;
  // The same code can be a string on one target type and a token on another
  // (e.g. "manufacturer"), so the inner filter is parsed for each type; a type
  // on which it cannot apply (say, a modifier its parameter lacks) is dropped.
  const targetTypes: string[] = [];
  const inners: Filter[] = [];
  let firstError: Error | undefined;
  for (const t of candidates) {
    if (!innerName.startsWith('_has') && registry.get(t, innerName) === undefined) continue;
    try {
      inners.push(parseFilter(registry, t, rest, value, depth + 1));
      targetTypes.push(t);
    } catch (err) {
      firstError ??= err as Error;
    }
  }
  if (targetTypes.length === 0) {
    if (firstError) throw firstError;
    throw badRequest(`No target of ${resourceType}.${code} has a search parameter "${innerName}"`, name);
  }
  return { kind: 'chain', param, targetTypes, inner: inners[0]!, inners, name };
}

function parseHas(registry: SearchRegistry, resourceType: string, name: string, value: string, depth: number): Filter {
  // _has:Observation:patient:code=1234-5 (FHIR R4 §3.1.1.5.6)
  const m = /^_has:([A-Z][A-Za-z]+):([A-Za-z0-9_-]+):(.+)$/.exec(name);
  if (!m) throw badRequest('_has must be _has:Type:reference:parameter', name);
  const [, sourceType, code, rest] = m;
  const param = registry.get(sourceType!, code!);
  if (!param || param.type !== 'reference') {
    throw badRequest(`${sourceType} has no reference parameter "${code}"`, name);
  }
  if (param.target.length > 0 && !param.target.includes(resourceType)) {
    throw badRequest(`${sourceType}.${code} cannot point to ${resourceType}`, name);
  }
  const inner = parseFilter(registry, sourceType!, rest!, value, depth + 1);
  return { kind: 'has', sourceType: sourceType!, param, inner, name };
}
