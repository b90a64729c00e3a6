import type { Patient, Person } from '@medplum/fhirtypes';
import type { ResourceStore } from '../../fhir/store.js';
import type { Queryable } from '../../storage/types.js';
import { buildGolden, retiredGolden } from './golden.js';
import type { LinkKind, Membership } from './store.js';

/** Strips what the store sets, to tell whether a golden record really changed. */
function content(p: Person): string {
  const { meta, ...rest } = p;
  return JSON.stringify({ ...rest, tag: meta?.tag });
}

/** A person's members, its golden record as stored, and its members' Patients: one round trip. */
async function personState(
  tx: Queryable,
  personId: string,
): Promise<{ members: Membership[]; previous?: Person; patients: Patient[] }> {
  const { rows } = await tx.query<{
    members: { patient_id: string; link_kind: LinkKind }[];
    previous: string | null;
    patients: string[];
  }>(
    `SELECT
       (SELECT coalesce(json_agg(json_build_object('patient_id', patient_id, 'link_kind', link_kind)
                                 ORDER BY patient_id), '[]')
          FROM mpi_record WHERE person_id = $1) AS members,
       (SELECT content FROM resource WHERE resource_type = 'Person' AND id = $1 AND NOT deleted) AS previous,
       (SELECT coalesce(json_agg(r.content ORDER BY r.id), '[]')
          FROM mpi_record m JOIN resource r ON r.resource_type = 'Patient' AND r.id = m.patient_id AND NOT r.deleted
         WHERE m.person_id = $1) AS patients`,
    [personId],
    'lt_mpi_person_state_1',
  );
  const row = rows[0]!;
  return {
    members: row.members.map((m) => ({ patientId: m.patient_id, personId, linkKind: m.link_kind })),
    ...(row.previous ? { previous: JSON.parse(row.previous) as Person } : {}),
    patients: row.patients.map((c) => JSON.parse(c) as Patient),
  };
}

/**
 * Brings persons' golden records (FHIR Person) in line with their members,
 * through the one write path (so they are versioned, indexed and evented
 * like any resource). `minted` is a person this transaction made up (its
 * golden record is certainly new). A person left without members is retired: its golden record
 * points to where its records went (`replacedBy`), or is deleted.
 */
export async function syncGoldens(
  store: ResourceStore,
  tx: Queryable,
  personIds: Iterable<string>,
  replacedBy: ReadonlyMap<string, string> = new Map(),
  minted?: string,
): Promise<void> {
  for (const personId of new Set(personIds)) {
    const { members, previous, patients } = await personState(tx, personId);
    let next: Person | undefined;
    if (members.length > 0) {
      const kinds = new Map(members.map((m) => [m.patientId, m.linkKind]));
      next = buildGolden(personId, patients, (id) => (kinds.get(id) === 'auto' ? 'level3' : 'level4'));
    } else if (previous && replacedBy.has(personId)) {
      next = retiredGolden(personId, replacedBy.get(personId)!);
    }
    if (next && previous && content(next) === content(previous)) continue;
    if (!next && !previous) continue;
    await store.write(
      next
        ? // A person minted by this transaction has no row to read and lock first.
          { resourceType: 'Person', id: personId, resource: next, method: 'PUT', freshId: personId === minted }
        : { resourceType: 'Person', id: personId, method: 'DELETE' },
      tx,
    );
  }
}
