import type { Patient, Person } from '@medplum/fhirtypes';
import type { ResourceStore } from '../../fhir/store.js';
import type { Queryable } from '../../storage/types.js';
import { buildGolden, retiredGolden } from './golden.js';
import { mpiStore } from './store.js';

/** Strips what the store sets, to tell whether a golden record really changed. */
function content(p: Person): string {
  const { meta, ...rest } = p;
  return JSON.stringify({ ...rest, tag: meta?.tag });
}

async function current(tx: Queryable, id: string): Promise<Person | undefined> {
  const { rows } = await tx.query<{ content: string; deleted: boolean }>(
    `SELECT content, deleted FROM resource WHERE resource_type = 'Person' AND id = $1`,
    [id],
  );
  return rows[0] && !rows[0].deleted ? (JSON.parse(rows[0].content) as Person) : undefined;
}

/**
 * Brings persons' golden records (FHIR Person) in line with their members,
 * through the one write path (so they are versioned, indexed and evented
 * like any resource). A person left without members is retired: its golden record
 * points to where its records went (`replacedBy`), or is deleted.
 */
export async function syncGoldens(
  store: ResourceStore,
  tx: Queryable,
  personIds: Iterable<string>,
  replacedBy: ReadonlyMap<string, string> = new Map(),
): Promise<void> {
  for (const personId of new Set(personIds)) {
    const members = await mpiStore.members(tx, personId);
    const previous = await current(tx, personId);
    let next: Person | undefined;
    if (members.length > 0) {
      const kinds = new Map(members.map((m) => [m.patientId, m.linkKind]));
      const { rows } = await tx.query<{ content: string }>(
        `SELECT content FROM resource WHERE resource_type = 'Patient' AND id = ANY($1::text[]) AND NOT deleted`,
        [members.map((m) => m.patientId)],
      );
      next = buildGolden(
        personId,
        rows.map((r) => JSON.parse(r.content) as Patient),
        (id) => (kinds.get(id) === 'auto' ? 'level3' : 'level4'),
      );
    } else if (previous && replacedBy.has(personId)) {
      next = retiredGolden(personId, replacedBy.get(personId)!);
    }
    if (next && previous && content(next) === content(previous)) continue;
    if (!next && !previous) continue;
    await store.write(
      next
        ? { resourceType: 'Person', id: personId, resource: next, method: 'PUT' }
        : { resourceType: 'Person', id: personId, method: 'DELETE' },
      tx,
    );
  }
}
