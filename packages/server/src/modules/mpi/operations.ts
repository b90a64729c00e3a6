import type {
  Bundle,
  BundleEntry,
  Parameters,
  ParametersParameter,
  Patient,
  Person,
  Resource,
} from '@medplum/fhirtypes';
import { badRequest, forbidden, notFound, type MatchOutcome } from '@lienthong/core';
import { everything } from '../../fhir/operations/everything.js';
import type { Caller } from '../../auth/caller.js';
import type { FhirRequest, FhirResponse, FhirServices, Operation } from '../../fhir/context.js';
import { ID_PATTERN } from '../../fhir/http-semantics.js';
import { SqlParams } from '../../fhir/search/sql-params.js';
import type { MembershipEvent } from './events.js';
import type { MpiService } from './service.js';
import type { Review, ReviewStatus } from './reviews.js';
import { eventStore } from './events.js';

const DEF = 'http://fhir.lienthong.vn/OperationDefinition/';
const MATCH_GRADE = 'http://hl7.org/fhir/StructureDefinition/match-grade';

function params(req: FhirRequest, op: string): ParametersParameter[] {
  const body = req.body as Parameters | undefined;
  if (body?.resourceType !== 'Parameters') throw badRequest(`${op} takes a Parameters resource`);
  return body.parameter ?? [];
}

function patientRef(list: ParametersParameter[], name: string, op: string): string {
  const ref = list.find((p) => p.name === name)?.valueReference?.reference ?? '';
  const m = /^(?:.*\/)?Patient\/([^/]+)$/.exec(ref);
  if (!m || !ID_PATTERN.test(m[1]!)) {
    throw badRequest(
      `${op} needs "${name}" as a reference to a Patient (Patient/{id})`,
      `Parameters.parameter[${name}]`,
    );
  }
  return m[1]!;
}

function text(list: ParametersParameter[], name: string): string | undefined {
  const p = list.find((x) => x.name === name);
  const v = p?.valueString ?? p?.valueCode ?? p?.valueId;
  return v?.trim() || undefined;
}

/** Merging, splitting and undoing identities is a data steward's job (an administrator's, for now). */
function requireSteward(caller: Caller, op: string): void {
  if (caller.role !== 'administrator') throw forbidden(`Only a data steward (administrator) may run ${op}`);
}

function ok(body: unknown): FhirResponse {
  return { status: 200, headers: {}, body };
}

function eventParameters(e: MembershipEvent): Parameters {
  const moves = (name: string, list: MembershipEvent['before']): ParametersParameter[] =>
    list.map((m) => ({
      name,
      part: [
        { name: 'record', valueReference: { reference: `Patient/${m.patientId}` } },
        { name: 'master', valueReference: { reference: `Patient/${m.personId}` } },
        { name: 'linkKind', valueCode: m.linkKind },
      ],
    }));
  return {
    resourceType: 'Parameters',
    parameter: [
      { name: 'event', valueId: e.id },
      { name: 'kind', valueCode: e.kind },
      { name: 'at', valueInstant: e.at },
      { name: 'actor', valueString: e.actor },
      ...(e.reason ? [{ name: 'reason', valueString: e.reason }] : []),
      ...moves('before', e.before),
      ...moves('after', e.after),
      ...(e.undoneBy ? [{ name: 'undoneBy', valueId: e.undoneBy }] : []),
    ],
  };
}

function reviewParameter(r: Review): ParametersParameter {
  return {
    name: 'review',
    part: [
      { name: 'id', valueId: r.id },
      { name: 'status', valueCode: r.status },
      { name: 'patient', valueReference: { reference: `Patient/${r.patientId}` } },
      { name: 'candidate', valueReference: { reference: `Patient/${r.candidateId}` } },
      { name: 'weight', valueDecimal: Math.round(r.weight * 10) / 10 },
      ...(r.detail.conflict ? [{ name: 'conflict', valueString: r.detail.conflict.message }] : []),
      ...r.detail.fields.map((f) => ({
        name: 'field',
        part: [
          { name: 'name', valueCode: f.field },
          { name: 'level', valueCode: f.level },
          { name: 'weight', valueDecimal: Math.round(f.weight * 10) / 10 },
        ],
      })),
      { name: 'created', valueInstant: r.createdAt },
      ...(r.decidedAt ? [{ name: 'decided', valueInstant: r.decidedAt }] : []),
      ...(r.decidedBy ? [{ name: 'decidedBy', valueString: r.decidedBy }] : []),
      ...(r.reason ? [{ name: 'reason', valueString: r.reason }] : []),
    ],
  };
}

/** match-grade of the $match spec from our outcome. */
const GRADE: Record<MatchOutcome, 'certain' | 'possible' | 'certainly-not'> = {
  link: 'certain',
  review: 'possible',
  new: 'certainly-not',
};

/** The weight on 0–1: a logistic curve, 0.5 at the review threshold, ~0.98 at the link threshold. */
function matchScore(weight: number, link: number, review: number): number {
  const x = ((weight - review) / (link - review)) * 4;
  return Math.round(1000 / (1 + Math.exp(-x))) / 1000;
}

export function mpiOperations(mpi: MpiService): Operation[] {
  return [
    {
      type: 'Patient',
      name: '$match',
      level: 'type',
      method: 'POST',
      definition: 'http://hl7.org/fhir/OperationDefinition/Patient-match',
      // https://hl7.org/fhir/R4/patient-operation-match.html
      async run(services: FhirServices, scope, req) {
        const list = params(req, '$match');
        const resource = list.find((p) => p.name === 'resource')?.resource as Patient | undefined;
        if (resource?.resourceType !== 'Patient') {
          throw badRequest('$match needs a "resource" parameter holding a Patient', 'Parameters.parameter[resource]');
        }
        const onlyCertain = list.find((p) => p.name === 'onlyCertainMatches')?.valueBoolean === true;
        const count = list.find((p) => p.name === 'count')?.valueInteger ?? 10;
        const matches = (await mpi.match(resource)).filter(
          (m) => m.outcome !== 'new' && (!onlyCertain || m.outcome === 'link'),
        );
        // Per person, its best-matching record, and the person's golden Person
        // as an included entry; only what the caller may see.
        const wanted = matches.slice(0, Math.max(1, Math.min(count, 50)));
        const p = new SqlParams();
        const visible = scope.policy?.rowSql('r', p);
        const ids = wanted.flatMap((m) => [`Patient/${m.best.patientId}`, `Person/${m.personId}`]);
        const { rows } = await services.db.query<{ resource_type: string; id: string; content: string }>(
          `SELECT r.resource_type, r.id, r.content FROM resource r
            WHERE r.resource_type || '/' || r.id = ANY(${p.add(ids)}::text[])
              AND NOT r.deleted${visible ? ` AND ${visible}` : ''}`,
          p.values,
        );
        const byRef = new Map(rows.map((r) => [`${r.resource_type}/${r.id}`, JSON.parse(r.content) as Resource]));
        const shape = (r: Resource): Resource => (scope.policy ? scope.policy.shape(r) : r);
        const { link, review } = mpi.thresholds;
        const entry: BundleEntry[] = wanted.flatMap((m) => {
          const record = byRef.get(`Patient/${m.best.patientId}`);
          const person = byRef.get(`Person/${m.personId}`);
          if (!record) return [];
          return [
            {
              fullUrl: `${services.baseUrl}/Patient/${record.id}`,
              resource: shape(record),
              search: {
                mode: 'match' as const,
                score: matchScore(m.score.weight, link, review),
                extension: [{ url: MATCH_GRADE, valueCode: GRADE[m.outcome] }],
              },
            },
            ...(person
              ? [
                  {
                    fullUrl: `${services.baseUrl}/Person/${person.id}`,
                    resource: shape(person),
                    search: { mode: 'include' as const },
                  },
                ]
              : []),
          ];
        });
        const total = entry.filter((e) => e.search?.mode === 'match').length;
        return ok({ resourceType: 'Bundle', type: 'searchset', total, entry } satisfies Bundle);
      },
    },
    {
      type: 'Person',
      name: '$everything',
      level: 'instance',
      method: 'GET',
      definition: `${DEF}person-everything`,
      // The master record's $everything: the data of every record of the person.
      async run(services, scope, req, id) {
        const person = await services.store.read('Person', id!, scope.tx, false, scope.policy);
        const first = (person as Person).link?.find((l) => l.target.reference?.startsWith('Patient/'));
        if (!first) throw notFound(`Person/${id} links no patient record`);
        return everything(services, scope, req, first.target.reference!.slice('Patient/'.length));
      },
    },
    {
      type: 'Patient',
      name: '$link',
      level: 'type',
      method: 'POST',
      definition: `${DEF}mpi-link`,
      async run(_s, _scope, req) {
        requireSteward(req.caller, '$link');
        const list = params(req, '$link');
        const event = await mpi.link(
          patientRef(list, 'patient', '$link'),
          patientRef(list, 'other', '$link'),
          req.caller,
          text(list, 'reason'),
        );
        return ok(eventParameters(event));
      },
    },
    {
      type: 'Patient',
      name: '$unlink',
      level: 'type',
      method: 'POST',
      definition: `${DEF}mpi-unlink`,
      async run(_s, _scope, req) {
        requireSteward(req.caller, '$unlink');
        const list = params(req, '$unlink');
        const event = await mpi.unlink(patientRef(list, 'patient', '$unlink'), req.caller, text(list, 'reason'));
        return ok(eventParameters(event));
      },
    },
    {
      type: 'Patient',
      name: '$merge',
      level: 'type',
      method: 'POST',
      definition: `${DEF}mpi-merge`,
      async run(_s, _scope, req) {
        requireSteward(req.caller, '$merge');
        const list = params(req, '$merge');
        const event = await mpi.merge(
          patientRef(list, 'source', '$merge'),
          patientRef(list, 'target', '$merge'),
          req.caller,
          text(list, 'reason'),
        );
        return ok(eventParameters(event));
      },
    },
    {
      type: 'Patient',
      name: '$mpi-undo',
      level: 'type',
      method: 'POST',
      definition: `${DEF}mpi-undo`,
      async run(_s, _scope, req) {
        requireSteward(req.caller, '$mpi-undo');
        const list = params(req, '$mpi-undo');
        const id = text(list, 'event');
        if (!id) throw badRequest('$mpi-undo needs the "event" to undo', 'Parameters.parameter[event]');
        return ok(eventParameters(await mpi.undo(id, req.caller, text(list, 'reason'))));
      },
    },
    {
      type: 'Patient',
      name: '$mpi-history',
      level: 'instance',
      method: 'GET',
      definition: `${DEF}mpi-history`,
      async run(services, _scope, req, id) {
        requireSteward(req.caller, '$mpi-history');
        const events = await eventStore.ofPatient(services.db, id!);
        return ok({
          resourceType: 'Parameters',
          parameter: events.map((e) => ({ name: 'event', part: eventParameters(e).parameter ?? [] })),
        } satisfies Parameters);
      },
    },
    {
      type: 'Patient',
      name: '$mpi-reviews',
      level: 'type',
      method: 'GET',
      definition: `${DEF}mpi-reviews`,
      async run(_s, _scope, req) {
        requireSteward(req.caller, '$mpi-reviews');
        const query = new Map(req.query);
        const status = (query.get('status') ?? 'open') as ReviewStatus;
        if (!['open', 'linked', 'not-same', 'withdrawn'].includes(status)) {
          throw badRequest('status is one of open, linked, not-same, withdrawn', 'status');
        }
        const count = Number(query.get('_count') ?? 20);
        const offset = Number(query.get('_offset') ?? 0);
        if (!Number.isInteger(count) || count < 1 || count > 200) throw badRequest('_count is 1 to 200', '_count');
        if (!Number.isInteger(offset) || offset < 0) throw badRequest('_offset is a whole number', '_offset');
        const { total, items } = await mpi.reviews(status, count, offset);
        return ok({
          resourceType: 'Parameters',
          parameter: [{ name: 'total', valueInteger: total }, ...items.map(reviewParameter)],
        } satisfies Parameters);
      },
    },
    {
      type: 'Patient',
      name: '$mpi-decide',
      level: 'type',
      method: 'POST',
      definition: `${DEF}mpi-decide`,
      async run(_s, _scope, req) {
        requireSteward(req.caller, '$mpi-decide');
        const list = params(req, '$mpi-decide');
        const review = text(list, 'review');
        const decision = text(list, 'decision');
        if (!review) throw badRequest('$mpi-decide needs the "review" id', 'Parameters.parameter[review]');
        if (decision !== 'link' && decision !== 'not-same') {
          throw badRequest('decision is "link" (same person) or "not-same"', 'Parameters.parameter[decision]');
        }
        const event = await mpi.decide(review, decision, req.caller, text(list, 'reason'));
        return ok(
          event
            ? eventParameters(event)
            : ({
                resourceType: 'Parameters',
                parameter: [{ name: 'decision', valueCode: decision }],
              } satisfies Parameters),
        );
      },
    },
  ];
}
