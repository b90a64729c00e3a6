import { badRequest, escapeLike, foldText, notSupported, parseDateRange } from '@lienthong/core';
import type { Filter } from './request.js';
import { referenceIdentifierCode } from './extract.js';
import { rowsSql } from './shared-rows.js';
import type { SearchParamDef } from './registry.js';
import type { SqlParams } from '../../storage/sql-params.js';
import { parseNumber, splitEscaped, splitFirst, splitPrefix, unescape, type Prefix } from './values.js';

const TABLE: Record<string, string> = {
  string: 'sp_string',
  token: 'sp_token',
  reference: 'sp_reference',
  date: 'sp_date',
  number: 'sp_number',
  quantity: 'sp_quantity',
  uri: 'sp_uri',
  composite: 'sp_composite',
};

/** The access policy's row condition over a `resource` alias (auth/policy.ts). */
export type VisibleSql = (alias: string, p: SqlParams) => string | undefined;

/**
 * A chain or _has reaches into other resources: they may decide the match
 * only if the caller may see them, or a search could reveal what a read hides.
 */
function mayMatch(typeColumn: string, idColumn: string, p: SqlParams, visible: VisibleSql | undefined): string {
  const alias = nextAlias();
  const condition = visible?.(alias, p);
  if (!condition) return '';
  return `AND EXISTS (SELECT 1 FROM resource ${alias} WHERE ${alias}.resource_type = ${typeColumn}
    AND ${alias}.id = ${idColumn} AND ${condition})`;
}

let aliasCounter = 0;
const nextAlias = (): string => `i${(aliasCounter = (aliasCounter + 1) % 1_000_000)}`;

/**
 * Builds the SQL condition for one filter over the resource whose type is
 * `resourceType` and whose id is the SQL expression `idColumn`. Chains and
 * _has nest the same function over the referenced resources.
 */
export function filterSql(
  filter: Filter,
  resourceType: string,
  idColumn: string,
  p: SqlParams,
  baseUrl: string,
  visible?: VisibleSql,
): string {
  switch (filter.kind) {
    case 'chain': {
      const a = nextAlias();
      const perType = filter.targetTypes.map(
        (t, i) =>
          `(${a}.target_type = ${p.add(t)} AND ${filterSql(filter.inners[i]!, t, `${a}.target_id`, p, baseUrl, visible)})`,
      );
      return `EXISTS (SELECT 1 FROM sp_reference ${a} WHERE ${a}.resource_type = ${p.add(resourceType)}
        AND ${a}.id = ${idColumn} AND ${rowsSql(filter.param, a, p)} AND (${perType.join(' OR ')})
        ${mayMatch(`${a}.target_type`, `${a}.target_id`, p, visible)})`;
    }
    case 'has': {
      const a = nextAlias();
      return `EXISTS (SELECT 1 FROM sp_reference ${a} WHERE ${a}.target_type = ${p.add(resourceType)}
        AND ${a}.target_id = ${idColumn} AND ${a}.resource_type = ${p.add(filter.sourceType)}
        AND ${rowsSql(filter.param, a, p)}
        AND ${filterSql(filter.inner, filter.sourceType, `${a}.id`, p, baseUrl, visible)}
        ${mayMatch(`${a}.resource_type`, `${a}.id`, p, visible)})`;
    }
    case 'param':
      return paramSql(filter, resourceType, idColumn, p, baseUrl);
  }
}

function paramSql(
  filter: Extract<Filter, { kind: 'param' }>,
  resourceType: string,
  idColumn: string,
  p: SqlParams,
  baseUrl: string,
): string {
  const { param, modifier, values, name } = filter;
  if (modifier === 'missing' && (param.code === '_id' || param.code === '_lastUpdated')) {
    // Every resource has an id and a lastUpdated.
    return values[0] === 'true' ? 'FALSE' : 'TRUE';
  }
  if (param.code === '_id') {
    return `${idColumn} = ANY(${p.add(values.map(unescape))}::text[])`;
  }
  if (param.code === '_lastUpdated') {
    const col = `(SELECT last_updated FROM resource WHERE resource_type = ${p.add(resourceType)} AND id = ${idColumn})`;
    return `(${values.map((v) => dateCondition(v, col, col, p, name)).join(' OR ')})`;
  }
  const a = nextAlias();
  if (param.type === 'reference' && modifier === 'identifier') {
    // Reference.identifier is indexed as a token under its own code (see extract.ts).
    const owner = `${a}.resource_type = ${p.add(resourceType)} AND ${a}.id = ${idColumn} AND ${rowsSql(param, a, p, referenceIdentifierCode)}`;
    const alternatives = values.map((v) => tokenCondition(v, undefined, tokenColumns(a), p, name));
    return `EXISTS (SELECT 1 FROM sp_token ${a} WHERE ${owner} AND (${alternatives.join(' OR ')}))`;
  }
  const table = TABLE[param.type];
  if (!table) throw notSupported(`Search on ${param.type} parameters is not supported`, name);
  const owner = `${a}.resource_type = ${p.add(resourceType)} AND ${a}.id = ${idColumn} AND ${rowsSql(param, a, p)}`;
  if (modifier === 'missing') {
    const exists = `EXISTS (SELECT 1 FROM ${table} ${a} WHERE ${owner})`;
    return values[0] === 'true' ? `NOT ${exists}` : exists;
  }
  const alternatives = values.map((v) => valueSql(param, modifier, v, a, p, name, baseUrl));
  const match = `EXISTS (SELECT 1 FROM ${table} ${a} WHERE ${owner} AND (${alternatives.join(' OR ')}))`;
  return modifier === 'not' ? `NOT ${match}` : match;
}

function valueSql(
  param: SearchParamDef,
  modifier: string | undefined,
  value: string,
  a: string,
  p: SqlParams,
  name: string,
  baseUrl: string,
): string {
  switch (param.type) {
    case 'string':
      return stringCondition(value, modifier, a, p);
    case 'token':
      return tokenCondition(value, modifier, tokenColumns(a), p, name);
    case 'reference':
      return referenceCondition(value, modifier, a, p, baseUrl);
    case 'date':
      return dateCondition(value, `${a}.low`, `${a}.high`, p, name);
    case 'number':
      return numberCondition(value, `${a}.value`, p, name);
    case 'quantity':
      return quantityCondition(value, `${a}.value`, `${a}.system`, `${a}.unit`, p, name);
    case 'uri':
      return uriCondition(value, modifier, a, p);
    case 'composite':
      return compositeCondition(param, value, a, p, name);
    case 'special':
      throw notSupported(`Special parameter "${param.code}" is not supported`, name);
  }
}

function stringCondition(value: string, modifier: string | undefined, a: string, p: SqlParams): string {
  const text = unescape(value);
  // Composed and decomposed accents (Vietnamese keyboards produce both) are the same text.
  if (modifier === 'exact') return `${a}.exact = ${p.add(text.normalize('NFC'))}`;
  const folded = escapeLike(foldText(text));
  const pattern = modifier === 'contains' ? `%${folded}%` : `${folded}%`;
  return `${a}.norm LIKE ${p.add(pattern)}`;
}

interface TokenColumns {
  system: string;
  value: string;
  display?: string;
  typeSystem?: string;
  typeCode?: string;
}

const tokenColumns = (a: string): TokenColumns => ({
  system: `${a}.system`,
  value: `${a}.value`,
  display: `${a}.display`,
  typeSystem: `${a}.type_system`,
  typeCode: `${a}.type_code`,
});

function tokenCondition(
  value: string,
  modifier: string | undefined,
  c: TokenColumns,
  p: SqlParams,
  name: string,
): string {
  if (modifier === 'text' && c.display) {
    return `${c.display} LIKE ${p.add(escapeLike(foldText(unescape(value))) + '%')}`;
  }
  if (modifier === 'of-type' && c.typeSystem && c.typeCode) {
    const parts = splitEscaped(value, '|');
    if (parts.length !== 3 || !parts[2]) {
      throw badRequest(':of-type takes type-system|type-code|value', name);
    }
    return `(${c.typeSystem} = ${p.add(parts[0])} AND ${c.typeCode} = ${p.add(parts[1])} AND ${c.value} = ${p.add(parts[2])})`;
  }
  const [first, rest] = splitFirst(value, '|');
  if (rest === undefined) return `${c.value} = ${p.add(unescape(first))}`;
  const system = unescape(first);
  const code = unescape(rest);
  if (system === '') return `(${c.value} = ${p.add(code)} AND ${c.system} IS NULL)`;
  if (code === '') return `${c.system} = ${p.add(system)}`;
  return `(${c.value} = ${p.add(code)} AND ${c.system} = ${p.add(system)})`;
}

function referenceCondition(
  value: string,
  modifier: string | undefined,
  a: string,
  p: SqlParams,
  baseUrl: string,
): string {
  let ref = unescape(value);
  if (ref.startsWith(baseUrl + '/')) ref = ref.slice(baseUrl.length + 1);
  const typed = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/.*)?$/.exec(ref);
  if (typed) {
    // subject:Group=Patient/1 asks for a Patient that is a Group: nothing.
    if (modifier && /^[A-Z]/.test(modifier) && modifier !== typed[1]) return 'FALSE';
    return `(${a}.target_type = ${p.add(typed[1])} AND ${a}.target_id = ${p.add(typed[2])})`;
  }
  if (/^[A-Za-z0-9\-.]{1,64}$/.test(ref)) {
    const typeFilter = modifier && modifier !== 'missing' ? ` AND ${a}.target_type = ${p.add(modifier)}` : '';
    return `(${a}.target_id = ${p.add(ref)}${typeFilter})`;
  }
  // An absolute or canonical URL; a canonical may carry |version.
  const [url, version] = splitFirst(ref, '|');
  if (version !== undefined) return `${a}.target_url = ${p.add(`${url}|${version}`)}`;
  return `(${a}.target_url = ${p.add(url)} OR ${a}.target_url LIKE ${p.add(escapeLike(url) + '|%')})`;
}

/**
 * Date prefixes compare ranges (https://hl7.org/fhir/R4/search.html#prefix):
 * the search value's range [lo, hi] against the indexed range [low, high].
 */
export function dateCondition(value: string, low: string, high: string, p: SqlParams, name: string): string {
  const [prefix, written] = splitPrefix(value);
  // An unencoded "+" in a query string arrives as a space; before a zone
  // offset it can only have been "+" (…T10:00:00+07:00).
  const text = written.replace(/(T[\d:.]+) (\d{2}:\d{2})$/, '$1+$2');
  const range = parseDateRange(text);
  if (!range) throw badRequest(`"${value}" is not a valid date; use e.g. 2024, 2024-05 or 2024-05-31`, name);
  // Bound only when used: PostgreSQL rejects a statement with a parameter it
  // never sees, because it cannot infer the parameter's type.
  let loParam: string | undefined;
  let hiParam: string | undefined;
  const lo = (): string => (loParam ??= `${p.add(range.low)}::timestamptz`);
  const hi = (): string => (hiParam ??= `${p.add(range.high)}::timestamptz`);
  switch (prefix) {
    case 'eq':
      return `(${low} >= ${lo()} AND ${high} <= ${hi()})`;
    case 'ne':
      return `NOT (${low} >= ${lo()} AND ${high} <= ${hi()})`;
    case 'gt':
      return `${high} > ${hi()}`;
    case 'lt':
      return `${low} < ${lo()}`;
    case 'ge':
      return `(${high} > ${hi()} OR (${low} >= ${lo()} AND ${high} <= ${hi()}))`;
    case 'le':
      return `(${low} < ${lo()} OR (${low} >= ${lo()} AND ${high} <= ${hi()}))`;
    case 'sa':
      return `${low} > ${hi()}`;
    case 'eb':
      return `${high} < ${lo()}`;
    case 'ap': {
      // Approximately: the ranges overlap once widened by 10% of the distance to now.
      const now = Date.now();
      const margin = Math.max(Math.abs(now - Date.parse(range.low)), Math.abs(now - Date.parse(range.high))) / 10;
      const wlo = `${p.add(new Date(Date.parse(range.low) - margin).toISOString())}::timestamptz`;
      const whi = `${p.add(new Date(Date.parse(range.high) + margin).toISOString())}::timestamptz`;
      return `(${low} <= ${whi} AND ${high} >= ${wlo})`;
    }
  }
}

/** Compares a numeric column with a search number and its implicit precision, in exact decimal arithmetic. */
function compare(prefix: Prefix, column: string, n: { value: string; halfWidth: string }, p: SqlParams): string {
  const v = `${p.add(n.value)}::numeric`;
  const within = (): string => {
    const h = `${p.add(n.halfWidth)}::numeric`;
    return `(${column} >= ${v} - ${h} AND ${column} < ${v} + ${h})`;
  };
  switch (prefix) {
    case 'eq':
      return within();
    case 'ne':
      return `NOT ${within()}`;
    case 'gt':
    case 'sa':
      return `${column} > ${v}`;
    case 'lt':
    case 'eb':
      return `${column} < ${v}`;
    case 'ge':
      return `${column} >= ${v}`;
    case 'le':
      return `${column} <= ${v}`;
    case 'ap':
      // Approximately: within 10% of the value (the spec leaves the margin to the server).
      return `(${column} >= ${v} - abs(${v}) * 0.1 AND ${column} <= ${v} + abs(${v}) * 0.1)`;
  }
}

function numberCondition(value: string, column: string, p: SqlParams, name: string): string {
  const [prefix, text] = splitPrefix(value);
  const n = parseNumber(text, name);
  return compare(prefix, column, n, p);
}

function quantityCondition(
  value: string,
  column: string,
  systemColumn: string,
  unitColumn: string,
  p: SqlParams,
  name: string,
): string {
  const parts = splitEscaped(value, '|');
  if (parts.length !== 1 && parts.length !== 3) {
    throw badRequest('A quantity is [prefix]number or [prefix]number|system|code', name);
  }
  const [numberPart, system, code] = parts;
  const [prefix, text] = splitPrefix(numberPart!);
  const n = parseNumber(text, name);
  const conditions = [compare(prefix, column, n, p)];
  if (system) conditions.push(`${systemColumn} = ${p.add(system)}`);
  if (code) conditions.push(`${unitColumn} = ${p.add(code)}`);
  return `(${conditions.join(' AND ')})`;
}

/**
 * :below and :above follow path segments (https://hl7.org/fhir/R4/search.html#uri):
 * http://acme.org/fhir is above http://acme.org/fhir/ValueSet/1 but not
 * above http://acme.org/fhirx/ValueSet/1.
 */
function uriCondition(value: string, modifier: string | undefined, a: string, p: SqlParams): string {
  const uri = unescape(value);
  if (modifier === 'below') {
    const under = escapeLike(uri.replace(/\/$/, '')) + '/%';
    return `(${a}.value = ${p.add(uri)} OR ${a}.value LIKE ${p.add(under)})`;
  }
  if (modifier === 'above') {
    // The stored value, escaped for LIKE, is the pattern the search value must start with.
    const stored = `replace(replace(replace(rtrim(${a}.value, '/'), '\\', '\\\\'), '%', '\\%'), '_', '\\_')`;
    const u = p.add(uri);
    return `(${a}.value = ${u} OR ${u} LIKE (${stored} || '/%'))`;
  }
  return `${a}.value = ${p.add(uri)}`;
}

function compositeCondition(param: SearchParamDef, value: string, a: string, p: SqlParams, name: string): string {
  const [first, second] = splitFirst(value, '$');
  if (second === undefined) throw badRequest(`Composite "${param.code}" takes two values joined by $`, name);
  const token = tokenCondition(first, undefined, { system: `${a}.c1_system`, value: `${a}.c1_value` }, p, name);
  const component = param.components![1]!.param;
  let c2: string;
  switch (component.type) {
    case 'token':
    case 'reference':
      c2 = tokenCondition(second, undefined, { system: `${a}.c2_system`, value: `${a}.c2_value` }, p, name);
      break;
    case 'string':
      c2 = `${a}.c2_value LIKE ${p.add(escapeLike(foldText(unescape(second))) + '%')}`;
      break;
    case 'quantity':
      c2 = quantityCondition(second, `${a}.c2_number`, `${a}.c2_system`, `${a}.c2_value`, p, name);
      break;
    case 'number':
      c2 = numberCondition(second, `${a}.c2_number`, p, name);
      break;
    case 'date':
      c2 = dateCondition(second, `${a}.c2_low`, `${a}.c2_high`, p, name);
      break;
    case 'uri':
    case 'composite':
    case 'special':
      throw notSupported(`Composite "${param.code}" is not supported`, name);
  }
  return `(${token} AND ${c2})`;
}
