import type { SqlParams } from '../../storage/sql-params.js';
import { splitTopLevelUnion } from './expression-split.js';

/**
 * The index rows a parameter is answered from when it would only repeat
 * other parameters' rows: Observation `combo-code` is `code | component-code`,
 * Patient `phonetic` is `Patient.name` like `name`, and `patient` on most
 * clinical resources is `subject.where(resolve() is Patient)`. About a fifth
 * of a visit's index rows were such repeats; now they are not stored, and a
 * search on the parameter reads the other parameters' rows.
 */
export interface SharedRows {
  codes: string[];
  /** Only rows pointing at this resource type (for `X.where(resolve() is T)`). */
  targetType?: string;
}

const RESOLVE_IS = /^(.+)\.where\(resolve\(\) is ([A-Z][A-Za-z]+)\)$/;

/** What this needs of a search parameter (registry.ts has the whole definition). */
interface Param {
  code: string;
  type: string;
  official?: boolean;
  expressionText?: string;
  components?: { param: { type: string }; expressionText: string }[];
  sharedRows?: SharedRows;
}

/**
 * Finds, among one resource type's parameters, those whose rows other
 * parameters already produce. Only official definitions take part (a
 * SearchParameter stored at run time is indexed as it says, and is searched
 * after `$reindex` as documented), and only one level deep: a parameter's
 * rows come from parameters that store their own.
 */
export function findSharedRows(params: readonly Param[]): Map<string, SharedRows> {
  const candidates = params
    .filter((p) => p.official && p.expressionText && p.type !== 'special')
    .map((p) => ({ param: p, parts: partsOf(p.expressionText!) }))
    // Filtered references after the plain ones they filter, then fewer branches first, then by
    // code: of two parameters with the same expression the first is stored.
    .sort(
      (a, b) =>
        Number(isFiltered(a.parts)) - Number(isFiltered(b.parts)) ||
        a.parts.length - b.parts.length ||
        (a.param.code < b.param.code ? -1 : 1),
    );
  const stored: { param: Param; parts: string[] }[] = [];
  const shared = new Map<string, SharedRows>();
  for (const c of candidates) {
    const found = coveredBy(c.param, c.parts, stored) ?? resolvedCover(c.param, c.parts, stored);
    if (found) shared.set(c.param.code, found);
    else stored.push(c);
  }
  return shared;
}

function isFiltered(parts: string[]): boolean {
  return parts.some((part) => RESOLVE_IS.test(part));
}

function partsOf(expression: string): string[] {
  return [...new Set(splitTopLevelUnion(expression))];
}

/** Stored parameters of the same kind whose branches together are exactly `parts`. */
function coveredBy(param: Param, parts: string[], stored: { param: Param; parts: string[] }[]): SharedRows | undefined {
  const wanted = new Set(parts);
  const codes: string[] = [];
  const covered = new Set<string>();
  for (const s of stored) {
    if (!sameKind(param, s.param) || !s.parts.every((part) => wanted.has(part))) continue;
    codes.push(s.param.code);
    for (const part of s.parts) covered.add(part);
  }
  return codes.length > 0 && covered.size === wanted.size ? { codes } : undefined;
}

/** `X.where(resolve() is T)` branches, all of one T: the rows of the parameters on X that point at a T. */
function resolvedCover(
  param: Param,
  parts: string[],
  stored: { param: Param; parts: string[] }[],
): SharedRows | undefined {
  if (param.type !== 'reference') return undefined;
  const matches = parts.map((part) => RESOLVE_IS.exec(part));
  const targetType = matches[0]?.[2];
  if (!targetType || matches.some((m) => m?.[2] !== targetType)) return undefined;
  const cover = coveredBy(
    param,
    matches.map((m) => m![1]!),
    stored,
  );
  return cover ? { ...cover, targetType } : undefined;
}

/** Same type of parameter, and for composites the same components taken the same way. */
function sameKind(a: Param, b: Param): boolean {
  if (a.type !== b.type) return false;
  if (a.type !== 'composite') return true;
  const ac = a.components ?? [];
  const bc = b.components ?? [];
  return (
    ac.length === bc.length &&
    ac.every((c, i) => c.param.type === bc[i]!.param.type && c.expressionText === bc[i]!.expressionText)
  );
}

/**
 * The SQL that picks a parameter's index rows in the table aliased `a`.
 * `codeOf` maps a parameter code to the row code (for the `:identifier`
 * token rows of reference parameters, which carry no target type).
 */
export function rowsSql(
  param: Param,
  a: string,
  p: SqlParams,
  codeOf: ((code: string) => string) | undefined = undefined,
): string {
  const shared = param.sharedRows;
  const codes = (shared?.codes ?? [param.code]).map(codeOf ?? ((c) => c));
  const code = codes.length === 1 ? `${a}.code = ${p.add(codes[0])}` : `${a}.code = ANY(${p.add(codes)}::text[])`;
  if (!shared?.targetType || codeOf) return code;
  // A conditional reference not resolved ("Practitioner?identifier=…") names its type only in its text.
  const type = p.add(shared.targetType);
  return `${code} AND (${a}.target_type = ${type} OR (${a}.target_type IS NULL AND ${a}.target_url LIKE ${type} || '?%'))`;
}
