import type { Bundle, BundleEntry, Patient, Person, Resource } from '@medplum/fhirtypes';
import { badRequest, notFound, type MatchOutcome } from '@lienthong/core';
import { everything } from '../../fhir/operations/everything.js';
import type { FhirServices, Operation } from '../../fhir/context.js';
import { SqlParams } from '../../storage/sql-params.js';
import { params } from './parameters.js';
import type { MpiService } from './service.js';

const MATCH_GRADE = 'http://hl7.org/fhir/StructureDefinition/match-grade';

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

/** Reading through the index: Patient/$match and the master record's $everything. */
export function matchOperations(mpi: MpiService): Operation[] {
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
        return {
          status: 200,
          headers: {},
          body: { resourceType: 'Bundle', type: 'searchset', total, entry } satisfies Bundle,
        };
      },
    },
    {
      type: 'Person',
      name: '$everything',
      level: 'instance',
      method: 'GET',
      definition: 'http://fhir.lienthong.vn/OperationDefinition/person-everything',
      // The master record's $everything: the data of every record of the person.
      async run(services, scope, req, id) {
        const person = await services.store.read('Person', id!, scope.tx, false, scope.policy);
        const first = (person as Person).link?.find((l) => l.target.reference?.startsWith('Patient/'));
        if (!first) throw notFound(`Person/${id} links no patient record`);
        return everything(services, scope, req, first.target.reference!.slice('Patient/'.length));
      },
    },
  ];
}
