import type { Bundle, Resource } from '@medplum/fhirtypes';
import { badRequest } from '@lienthong/core';
import type { FhirRequest, FhirResponse, FhirServices, InteractionScope } from '../context.js';
import { DEFAULT_COUNT } from '../search/request.js';
import { parseCount, parseOffset, parseSince } from '../paging.js';
import { SqlParams } from '../../storage/sql-params.js';

/**
 * Patient/{id}/$everything (https://hl7.org/fhir/R4/patient-operation-everything.html):
 * the patient and every resource in their compartment, with `_since`,
 * `_type`, and paging by `_count`/`_offset`.
 */
export async function everything(
  services: FhirServices,
  scope: InteractionScope,
  req: FhirRequest,
  patientId: string,
): Promise<FhirResponse> {
  const db = scope.tx ?? services.db;
  const patient = await services.store.read('Patient', patientId, scope.tx, false, scope.policy);
  let count = DEFAULT_COUNT * 5;
  let offset = 0;
  let types: string[] | undefined;
  const p = new SqlParams();
  // One person, one record: the data of every record linked to the same person.
  const records = (await services.recordsOf?.(db, patientId)) ?? [];
  const where = [`compartments && ${p.add([patientId, ...records])}::text[]`, 'NOT deleted'];
  for (const [name, value] of req.query) {
    if (name === '_count') {
      count = parseCount(value);
    } else if (name === '_offset') {
      offset = parseOffset(value);
    } else if (name === '_since') {
      where.push(`last_updated >= ${p.add(parseSince(value))}::timestamptz`);
    } else if (name === '_type') {
      types = value.split(',');
      for (const t of types)
        if (!services.defs.resourceTypes.has(t)) throw badRequest(`Unknown type "${t}" in _type`, '_type');
      where.push(`resource_type = ANY(${p.add(types)}::text[])`);
    } else if (name !== '_format' && name !== '_pretty') {
      throw badRequest(`$everything does not take the parameter "${name}"`, name);
    }
  }
  const visible = scope.policy?.rowSql('r', p);
  if (visible) where.push(visible);
  const { rows } = await db.query<{ content: string }>(
    `SELECT content FROM resource r WHERE ${where.join(' AND ')}
      ORDER BY (resource_type = 'Patient') DESC, resource_type, last_updated, id
      LIMIT ${p.add(count + 1)} OFFSET ${p.add(offset)}`,
    p.values,
  );
  const hasNext = rows.length > count;
  const shape = (r: Resource): Resource => (scope.policy ? scope.policy.shape(r) : r);
  const resources = rows.slice(0, count).map((r) => shape(JSON.parse(r.content) as Resource));
  const wantsPatient = !types || types.includes('Patient');
  if (wantsPatient && offset === 0 && !resources.some((r) => r.resourceType === 'Patient' && r.id === patientId)) {
    resources.unshift(shape(patient));
  }
  const self = `${services.baseUrl}/Patient/${patientId}/$everything`;
  const kept = req.query.filter(([n]) => n !== '_offset' && n !== '_count');
  const url = (o: number): string =>
    `${self}?${new URLSearchParams([...kept, ['_count', String(count)], ['_offset', String(o)]]).toString()}`;
  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(offset === 0 && !hasNext ? { total: resources.length } : {}),
    link: [
      { relation: 'self', url: url(offset) },
      ...(offset > 0 ? [{ relation: 'previous', url: url(Math.max(0, offset - count)) }] : []),
      ...(hasNext ? [{ relation: 'next', url: url(offset + count) }] : []),
    ],
    entry: resources.map((resource) => ({
      fullUrl: `${services.baseUrl}/${resource.resourceType}/${resource.id}`,
      resource,
      search: { mode: 'match' as const },
    })),
  };
  return { status: 200, headers: {}, body: bundle };
}
