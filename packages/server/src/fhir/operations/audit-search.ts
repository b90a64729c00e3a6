import type { AuditEvent, Bundle } from '@medplum/fhirtypes';
import { badRequest, forbidden, parseDateRange } from '@lienthong/core';
import type { FhirRequest, FhirResponse, FhirServices } from '../context.js';
import { DEFAULT_COUNT, MAX_COUNT } from '../search/request.js';
import { SqlParams } from '../../storage/sql-params.js';

/**
 * GET AuditEvent?…: the audit trail, served from its append-only table.
 * Administrators search all of it; a resident sees who accessed their own
 * record; nobody else reads it. Parameters: patient, agent, date (ge/le/gt/lt),
 * purpose (BTG: break-glass), outcome, _count, _offset. Newest first.
 */
export async function searchAudit(services: FhirServices, req: FhirRequest): Promise<FhirResponse> {
  const caller = req.caller;
  if (caller.role !== 'administrator' && caller.role !== 'resident') {
    throw forbidden('Only administrators, and residents for their own record, read the audit trail');
  }
  const p = new SqlParams();
  const where: string[] = [];
  let count = DEFAULT_COUNT;
  let offset = 0;
  for (const [name, value] of req.query) {
    switch (name) {
      case 'patient': {
        const patient = value.replace(/^Patient\//, '');
        if (caller.role === 'resident' && patient !== caller.patientId) {
          throw forbidden('A resident reads the audit trail of their own record only');
        }
        where.push(`patient_ids @> ARRAY[${p.add(patient)}::text]`);
        break;
      }
      case 'agent':
        where.push(`agent_id = ${p.add(value)}`);
        break;
      case 'purpose':
        if (value.split('|').pop() !== 'BTG') throw badRequest('purpose supports BTG (break-glass) only', 'purpose');
        where.push('break_glass');
        break;
      case 'outcome':
        where.push(`outcome = ${p.add(value)}`);
        break;
      case 'date': {
        // FHIR date prefixes against the instant `recorded` (a point, not a range).
        const m = /^(eq|ge|le|gt|lt)?(.+)$/.exec(value)!;
        const range = parseDateRange(m[2]!);
        if (!range) throw badRequest(`"${value}" is not a date`, 'date');
        const low = `${p.add(range.low)}::timestamptz`;
        const high = `${p.add(range.high)}::timestamptz`;
        const op = m[1] ?? 'eq';
        where.push(
          {
            eq: `recorded BETWEEN ${low} AND ${high}`,
            ge: `recorded >= ${low}`,
            gt: `recorded > ${high}`,
            le: `recorded <= ${high}`,
            lt: `recorded < ${low}`,
          }[op]!,
        );
        break;
      }
      case '_count':
        if (!/^\d+$/.test(value) || Number(value) > MAX_COUNT)
          throw badRequest(`_count must be 0 to ${MAX_COUNT}`, '_count');
        count = Number(value);
        break;
      case '_offset':
        if (!/^\d{1,9}$/.test(value)) throw badRequest('_offset must be a whole number', '_offset');
        offset = Number(value);
        break;
      default:
        throw badRequest(`AuditEvent search does not take "${name}"`, name);
    }
  }
  if (caller.role === 'resident') {
    // A resident's own record only, whatever they asked for.
    where.push(`patient_ids @> ARRAY[${p.add(caller.patientId ?? '')}::text]`);
  }
  const { rows } = await services.db.query<{ content: string }>(
    `SELECT content FROM audit_event ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY seq DESC LIMIT ${p.add(count + 1)} OFFSET ${p.add(offset)}`,
    p.values,
  );
  const hasNext = rows.length > count;
  const self = `${services.baseUrl}/AuditEvent`;
  const kept = req.query.filter(([n]) => n !== '_offset' && n !== '_count');
  const url = (o: number): string =>
    `${self}?${new URLSearchParams([...kept, ['_count', String(count)], ['_offset', String(o)]]).toString()}`;
  const bundle: Bundle<AuditEvent> = {
    resourceType: 'Bundle',
    type: 'searchset',
    link: [
      { relation: 'self', url: url(offset) },
      ...(hasNext ? [{ relation: 'next', url: url(offset + count) }] : []),
    ],
    entry: rows.slice(0, count).map((r) => {
      const stored = JSON.parse(r.content) as AuditEvent;
      const event = caller.role === 'resident' ? forResident(stored, caller.patientId ?? '') : stored;
      return { fullUrl: `${self}/${event.id}`, resource: event, search: { mode: 'match' as const } };
    }),
  };
  return { status: 200, headers: {}, body: bundle };
}

/**
 * What a resident sees of an access to their record: who, when, what kind of
 * access — but not which other records the same request touched.
 */
function forResident(event: AuditEvent, patientId: string): AuditEvent {
  return { ...event, entity: [{ what: { reference: `Patient/${patientId}` } }] };
}
