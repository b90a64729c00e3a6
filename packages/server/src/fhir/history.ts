import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import { badRequest, notFound } from '@lienthong/core';
import type { AccessPolicy } from '../auth/policy.js';
import type { FhirRequest, FhirResponse, FhirServices, InteractionScope } from './context.js';
import { DEFAULT_COUNT } from './search/request.js';
import { parseCount, parseOffset, parseSince } from './paging.js';
import { SqlParams } from '../storage/sql-params.js';

interface HistoryRow {
  resource_type: string;
  id: string;
  version_id: string;
  last_updated: string;
  method: string;
  deleted: boolean;
  content: string | null;
}

/**
 * Instance, type and system history (https://hl7.org/fhir/R4/http.html#history),
 * newest first, with `_since`, `_at`-free paging by `_count` and `_offset`.
 */
export async function history(
  services: FhirServices,
  scope: InteractionScope,
  req: FhirRequest,
  resourceType?: string,
  id?: string,
): Promise<FhirResponse> {
  // Inside a transaction bundle, read through its transaction: it sees the
  // bundle's own writes, and PGlite's single connection would wait forever.
  const db = scope.tx ?? services.db;
  let count = DEFAULT_COUNT;
  let offset = 0;
  let since: string | undefined;
  for (const [name, value] of req.query) {
    if (name === '_count') count = parseCount(value);
    else if (name === '_offset') offset = parseOffset(value);
    else if (name === '_since') since = parseSince(value);
    else if (name !== '_format' && name !== '_pretty') {
      throw badRequest(`History does not take the parameter "${name}"`, name);
    }
  }
  const p = new SqlParams();
  const where: string[] = [];
  if (resourceType) where.push(`resource_type = ${p.add(resourceType)}`);
  if (id) where.push(`id = ${p.add(id)}`);
  if (since) where.push(`last_updated >= ${p.add(since)}::timestamptz`);
  // Old versions are as private as the record: the current row decides who may see them.
  const visible = scope.policy?.rowSql('r', p);
  if (visible) {
    where.push(
      `EXISTS (SELECT 1 FROM resource r WHERE r.resource_type = h.resource_type AND r.id = h.id AND ${visible})`,
    );
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const { rows } = await db.query<HistoryRow>(
    `SELECT resource_type, id, version_id, last_updated, method, deleted, content
       FROM resource_history h ${clause}
      ORDER BY last_updated DESC, resource_type, id, version_id DESC
      LIMIT ${p.add(count + 1)} OFFSET ${p.add(offset)}`,
    p.values,
  );
  if (id && rows.length === 0) {
    // An empty page of a known resource is fine (_since, _offset); an unknown id is 404.
    const known = await db.query('SELECT 1 FROM resource WHERE resource_type = $1 AND id = $2', [resourceType, id]);
    if (known.rows.length === 0) throw notFound(`${resourceType}/${id} is not known`);
  }
  // _count=0 asks for no entries: no next page, or a client would follow it forever.
  const hasNext = count > 0 && rows.length > count;
  const page = rows.slice(0, count);
  const base = [services.baseUrl, resourceType, id, '_history'].filter(Boolean).join('/');
  const url = (o: number): string => {
    const q = new URLSearchParams([
      ...(since ? [['_since', since]] : []),
      ['_count', String(count)],
      ['_offset', String(o)],
    ]);
    return `${base}?${q.toString()}`;
  };
  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'history',
    link: [
      { relation: 'self', url: url(offset) },
      ...(offset > 0 ? [{ relation: 'previous', url: url(Math.max(0, offset - count)) }] : []),
      ...(hasNext ? [{ relation: 'next', url: url(offset + count) }] : []),
    ],
    entry: page.map((row) => historyEntry(services, row, scope.policy)),
  };
  return { status: 200, headers: {}, body: bundle };
}

function historyEntry(services: FhirServices, row: HistoryRow, policy: AccessPolicy | undefined): BundleEntry {
  const content = row.content ? (JSON.parse(row.content) as Resource) : undefined;
  const url = `${row.resource_type}/${row.id}`;
  const status = row.deleted ? '204' : row.version_id === '1' || row.method === 'POST' ? '201' : '200';
  return {
    fullUrl: `${services.baseUrl}/${url}`,
    ...(content ? { resource: policy ? policy.shape(content) : content } : {}),
    request: {
      method: row.method as 'POST' | 'PUT' | 'PATCH' | 'DELETE',
      url: row.method === 'POST' ? row.resource_type : url,
    },
    response: {
      status,
      etag: `W/"${row.version_id}"`,
      lastModified: new Date(row.last_updated).toISOString(),
    },
  };
}
