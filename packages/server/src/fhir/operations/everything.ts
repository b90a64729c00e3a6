import type { Bundle, Resource } from '@medplum/fhirtypes';
import { badRequest, parseDateRange } from '@lienthong/core';
import type { FhirRequest, FhirResponse, FhirServices, InteractionScope } from '../context.js';
import { DEFAULT_COUNT } from '../search/request.js';
import { parseCount, parseOffset, parseSince } from '../paging.js';
import { SqlParams } from '../../storage/sql-params.js';
import type { Queryable } from '../../storage/db.js';

/**
 * What the records point to that is not anyone's record: the operation's
 * definition asks for "whatever resources are needed to support the
 * records — linked practitioners, medications, locations, substances".
 * Never another Patient, nor another patient's data.
 */
const SUPPORTING = new Set([
  'Practitioner',
  'PractitionerRole',
  'Organization',
  'Location',
  'HealthcareService',
  'Medication',
  'Substance',
  'Device',
]);

/** `Type/id` of each relative reference in a resource to a SUPPORTING type. */
function supportingReferences(node: unknown, out: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) supportingReferences(item, out);
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'reference' && typeof value === 'string') {
        const [type, id, more] = value.split('/');
        if (type && id && more === undefined && SUPPORTING.has(type)) out.add(value);
      } else if (typeof value === 'object') supportingReferences(value, out);
    }
  }
}

/**
 * Patient/{id}/$everything (https://hl7.org/fhir/R4/patient-operation-everything.html):
 * the patient and every resource in their compartment, with `_since`,
 * `_type`, and paging by `_count`/`_offset`; with each page, the supporting
 * resources its records refer to (search mode `include`).
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
  const care: CareRange = {};
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
    } else if (name === 'start' || name === 'end') {
      care[name] = careBound(name, value);
    } else if (name === '_type') {
      types = value.split(',');
      for (const t of types)
        if (!services.defs.resourceTypes.has(t)) throw badRequest(`Unknown type "${t}" in _type`, '_type');
      where.push(`resource_type = ANY(${p.add(types)}::text[])`);
    } else if (name !== '_format' && name !== '_pretty') {
      throw badRequest(`$everything does not take the parameter "${name}"`, name);
    }
  }
  if (care.start || care.end) where.push(careInRange(services, p, care));
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
  const refs = new Set<string>();
  for (const r of resources) supportingReferences(r, refs);
  const included = await supportingResources(db, scope, [...refs]);
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
    entry: [
      ...resources.map((resource) => ({
        fullUrl: `${services.baseUrl}/${resource.resourceType}/${resource.id}`,
        resource,
        search: { mode: 'match' as const },
      })),
      ...included.map((resource) => ({
        fullUrl: `${services.baseUrl}/${resource.resourceType}/${resource.id}`,
        resource,
        search: { mode: 'include' as const },
      })),
    ],
  };
  return { status: 200, headers: {}, body: bundle };
}

/** `start` and `end` of $everything: the care dates asked for, as instants. */
interface CareRange {
  start?: string;
  end?: string;
}

function careBound(name: 'start' | 'end', value: string): string {
  const range = parseDateRange(value);
  if (!range) throw badRequest(`${name} must be a date, e.g. 2024-05-01`, name);
  return name === 'start' ? range.low : range.high;
}

/**
 * The search parameter that dates a resource's care, by type: `date` where
 * the type has one (Encounter period, Observation effective, Procedure
 * performed…), else these.
 */
const CARE_DATE: Readonly<Record<string, string>> = {
  Condition: 'onset-date',
  MedicationRequest: 'authoredon',
  MedicationDispense: 'whenhandedover',
  MedicationAdministration: 'effective-time',
  ServiceRequest: 'authored',
};

/**
 * "All records relating to care provided in a certain date range" (the
 * operation's definition): a record whose care date overlaps [start, end],
 * or that has no care date to judge by (the Patient, a Coverage…). The care
 * dates are the search index's rows of each type's care-date parameter.
 */
function careInRange(services: FhirServices, p: SqlParams, care: CareRange): string {
  const pairs: [string, string][] = [];
  for (const type of services.defs.resourceTypes) {
    const def = services.registry.get(type, CARE_DATE[type] ?? 'date');
    if (def?.type !== 'date') continue;
    for (const code of def.sharedRows?.codes ?? [def.code]) pairs.push([type, code]);
  }
  const dated = `FROM unnest(${p.add(pairs.map(([t]) => t))}::text[], ${p.add(pairs.map(([, c]) => c))}::text[]) AS c(resource_type, code)
      JOIN sp_date d ON d.resource_type = c.resource_type AND d.code = c.code
     WHERE d.resource_type = r.resource_type AND d.id = r.id`;
  const overlaps = [
    ...(care.start ? [`d.high >= ${p.add(care.start)}::timestamptz`] : []),
    ...(care.end ? [`d.low <= ${p.add(care.end)}::timestamptz`] : []),
  ];
  return `(NOT EXISTS (SELECT 1 ${dated}) OR EXISTS (SELECT 1 ${dated} AND ${overlaps.join(' AND ')}))`;
}

/** The current versions of `Type/id` references, as the caller may see them; one query. */
async function supportingResources(db: Queryable, scope: InteractionScope, refs: string[]): Promise<Resource[]> {
  if (refs.length === 0) return [];
  const p = new SqlParams();
  const types = p.add(refs.map((r) => r.split('/')[0]!));
  const ids = p.add(refs.map((r) => r.split('/')[1]!));
  const visible = scope.policy?.rowSql('r', p);
  const { rows } = await db.query<{ content: string }>(
    `SELECT r.content FROM resource r JOIN unnest(${types}::text[], ${ids}::text[]) AS k(resource_type, id)
        ON r.resource_type = k.resource_type AND r.id = k.id
      WHERE NOT r.deleted${visible ? ` AND ${visible}` : ''}
      ORDER BY r.resource_type, r.id`,
    p.values,
  );
  return rows.map((r) => {
    const resource = JSON.parse(r.content) as Resource;
    return scope.policy ? scope.policy.shape(resource) : resource;
  });
}
