import type { Bundle, BundleEntry, BundleLink, Resource } from '@medplum/fhirtypes';
import type { Queryable } from '../../storage/db.js';
import type { Definitions } from '../definitions.js';
import { filterSql } from './conditions.js';
import { rowsSql } from './shared-rows.js';
import type { IncludeSpec, SearchRequest, SortKey } from './request.js';
import { shapeResource } from './shape.js';
import type { AccessPolicy } from '../../auth/policy.js';
import { SqlParams } from '../../storage/sql-params.js';

export interface SearchContext {
  db: Queryable;
  defs: Definitions;
  /** The FHIR base URL, for fullUrl and links. */
  baseUrl: string;
  /** The caller's access policy: applied to matches, includes, chains and _has. */
  policy?: AccessPolicy;
}

interface Row {
  resource_type: string;
  id: string;
  content: string;
}

const MAX_INCLUDE_ROUNDS = 4;
const MAX_INCLUDED = 5000;

/** Runs a search and returns the searchset Bundle (FHIR R4 §3.1.1). */
export async function executeSearch(ctx: SearchContext, req: SearchRequest): Promise<Bundle> {
  ctx.policy?.checkSearch(req);
  const { where, params } = whereClause(ctx, req);
  const wantTotal = req.total === 'accurate' || req.total === 'estimate' || req.summary === 'count';
  let total: number | undefined;
  let rows: Row[] = [];
  if (req.summary !== 'count' && req.count > 0) {
    const p = params;
    const order = orderBy(req.resourceType, req.sort, p);
    const sql = `SELECT r.resource_type, r.id, r.content FROM resource r WHERE ${where}
      ORDER BY ${order} LIMIT ${p.add(req.count + 1)} OFFSET ${p.add(req.offset)}`;
    rows = (await ctx.db.query<Row>(sql, p.values)).rows;
  }
  const hasNext = rows.length > req.count;
  if (hasNext) rows = rows.slice(0, req.count);
  if (wantTotal || req.count === 0) {
    const counted = whereClause(ctx, req);
    const { rows: c } = await ctx.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM resource r WHERE ${counted.where}`,
      counted.params.values,
    );
    total = Number(c[0]?.n ?? 0);
  } else if (req.offset === 0 && !hasNext) {
    total = rows.length; // the whole result fits on this page: the exact total is free
  }

  const matches = rows.map((r) => JSON.parse(r.content) as Resource);
  const included = await resolveIncludes(ctx, req, matches);
  const entry: BundleEntry[] = [
    ...matches.map((resource) => entryFor(ctx, req, resource, 'match')),
    ...included.map((resource) => entryFor(ctx, req, resource, 'include')),
  ];
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(total !== undefined ? { total } : {}),
    link: links(ctx, req, hasNext),
    ...(entry.length > 0 ? { entry } : {}),
  };
}

function whereClause(ctx: SearchContext, req: SearchRequest): { where: string; params: SqlParams } {
  const p = new SqlParams();
  const conditions = [`r.resource_type = ${p.add(req.resourceType)}`, 'NOT r.deleted'];
  if (req.compartment) conditions.push(`r.compartments @> ARRAY[${p.add(req.compartment)}::text]`);
  const visible = ctx.policy ? (alias: string, q: SqlParams) => ctx.policy!.rowSql(alias, q) : undefined;
  for (const f of req.filters) conditions.push(filterSql(f, req.resourceType, 'r.id', p, ctx.baseUrl, visible));
  const own = ctx.policy?.rowSql('r', p, req);
  if (own) conditions.push(own);
  return { where: conditions.join(' AND '), params: p };
}

const SORT_COLUMN: Record<string, [string, string, 'min' | 'max']> = {
  string: ['sp_string', 'norm', 'min'],
  token: ['sp_token', 'value', 'min'],
  reference: ['sp_reference', 'target_id', 'min'],
  date: ['sp_date', 'low', 'min'],
  number: ['sp_number', 'value', 'min'],
  quantity: ['sp_quantity', 'value', 'min'],
  uri: ['sp_uri', 'value', 'min'],
};

function orderBy(resourceType: string, sort: SortKey[], p: SqlParams): string {
  const keys = sort.map((key) => {
    const dir = key.descending ? 'DESC' : 'ASC';
    if (key.code === '_id') return `r.id ${dir}`;
    if (key.code === '_lastUpdated') return `r.last_updated ${dir}`;
    const [table, column] = SORT_COLUMN[key.param!.type]!;
    // Descending dates sort by the end of their range, ascending by the start.
    const col = key.param!.type === 'date' && key.descending ? 'high' : column;
    const agg = key.descending ? 'max' : 'min';
    return `(SELECT ${agg}(s.${col}) FROM ${table} s WHERE s.resource_type = ${p.add(resourceType)}
      AND s.id = r.id AND ${rowsSql(key.param!, 's', p)}) ${dir} NULLS LAST`;
  });
  // A total order makes paging stable: ties are broken by time, then id.
  keys.push('r.last_updated ASC', 'r.id ASC');
  return keys.join(', ');
}

async function resolveIncludes(ctx: SearchContext, req: SearchRequest, matches: Resource[]): Promise<Resource[]> {
  if (matches.length === 0 || (req.include.length === 0 && req.revinclude.length === 0)) return [];
  const seen = new Set(matches.map(key));
  const included: Resource[] = [];
  let frontier = matches;
  for (let round = 0; round < MAX_INCLUDE_ROUNDS && frontier.length > 0; round++) {
    const found: Resource[] = [];
    const iterateOnly = round > 0;
    for (const spec of req.include) {
      if (iterateOnly && !spec.iterate) continue;
      found.push(...(await forwardInclude(ctx.db, spec, frontier, ctx.policy)));
    }
    for (const spec of req.revinclude) {
      if (iterateOnly && !spec.iterate) continue;
      found.push(...(await reverseInclude(ctx.db, spec, frontier, ctx.policy)));
    }
    frontier = [];
    for (const r of found) {
      if (seen.has(key(r))) continue;
      seen.add(key(r));
      included.push(r);
      frontier.push(r);
    }
    if (included.length > MAX_INCLUDED) break;
  }
  return included;
}

async function forwardInclude(
  db: Queryable,
  spec: IncludeSpec,
  from: Resource[],
  policy: AccessPolicy | undefined,
): Promise<Resource[]> {
  const ids = from.filter((r) => r.resourceType === spec.sourceType).map((r) => r.id!);
  if (ids.length === 0) return [];
  const p = new SqlParams();
  const conditions = [`x.resource_type = ${p.add(spec.sourceType)}`, `x.id = ANY(${p.add(ids)}::text[])`];
  if (spec.param) conditions.push(rowsSql(spec.param, 'x', p));
  if (spec.targetType) conditions.push(`x.target_type = ${p.add(spec.targetType)}`);
  const visible = policy?.rowSql('t', p);
  if (visible) conditions.push(visible);
  const { rows } = await db.query<Row>(
    `SELECT DISTINCT t.resource_type, t.id, t.content FROM sp_reference x
       JOIN resource t ON t.resource_type = x.target_type AND t.id = x.target_id AND NOT t.deleted
      WHERE ${conditions.join(' AND ')} LIMIT ${MAX_INCLUDED}`,
    p.values,
  );
  return rows.map((r) => JSON.parse(r.content) as Resource);
}

async function reverseInclude(
  db: Queryable,
  spec: IncludeSpec,
  to: Resource[],
  policy: AccessPolicy | undefined,
): Promise<Resource[]> {
  const byType = new Map<string, string[]>();
  for (const r of to) {
    if (spec.targetType && r.resourceType !== spec.targetType) continue;
    byType.set(r.resourceType, [...(byType.get(r.resourceType) ?? []), r.id!]);
  }
  const out: Resource[] = [];
  for (const [type, ids] of byType) {
    const p = new SqlParams();
    const conditions = [
      `x.resource_type = ${p.add(spec.sourceType)}`,
      `x.target_type = ${p.add(type)}`,
      `x.target_id = ANY(${p.add(ids)}::text[])`,
    ];
    if (spec.param) conditions.push(rowsSql(spec.param, 'x', p));
    const visible = policy?.rowSql('s', p);
    if (visible) conditions.push(visible);
    const { rows } = await db.query<Row>(
      `SELECT DISTINCT s.resource_type, s.id, s.content FROM sp_reference x
         JOIN resource s ON s.resource_type = x.resource_type AND s.id = x.id AND NOT s.deleted
        WHERE ${conditions.join(' AND ')} LIMIT ${MAX_INCLUDED}`,
      p.values,
    );
    out.push(...rows.map((r) => JSON.parse(r.content) as Resource));
  }
  return out;
}

const key = (r: Resource): string => `${r.resourceType}/${r.id}`;

function entryFor(ctx: SearchContext, req: SearchRequest, resource: Resource, mode: 'match' | 'include'): BundleEntry {
  const allowed = ctx.policy ? ctx.policy.shape(resource) : resource;
  const shaped = mode === 'match' ? shapeResource(allowed, ctx.defs, req.summary, req.elements) : allowed;
  return { fullUrl: `${ctx.baseUrl}/${key(resource)}`, resource: shaped, search: { mode } };
}

function links(ctx: SearchContext, req: SearchRequest, hasNext: boolean): BundleLink[] {
  const base = req.compartment
    ? `${ctx.baseUrl}/Patient/${req.compartment}/${req.resourceType}`
    : `${ctx.baseUrl}/${req.resourceType}`;
  const kept = req.applied.filter(([n]) => n !== '_offset' && n !== '_count');
  const url = (offset: number): string => {
    const q = new URLSearchParams([...kept, ['_count', String(req.count)], ['_offset', String(offset)]]);
    return `${base}?${q.toString()}`;
  };
  const out: BundleLink[] = [{ relation: 'self', url: url(req.offset) }];
  out.push({ relation: 'first', url: url(0) });
  if (req.offset > 0) out.push({ relation: 'previous', url: url(Math.max(0, req.offset - req.count)) });
  if (hasNext) out.push({ relation: 'next', url: url(req.offset + req.count) });
  return out;
}
