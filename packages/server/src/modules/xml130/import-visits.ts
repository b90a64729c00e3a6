import type { Bundle, BundleEntry, Encounter, EncounterParticipant, Resource } from '@medplum/fhirtypes';
import { FhirError, SID } from '@lienthong/core';
import { visitBundle, xml130Origin, type Xml130Visit } from '@lienthong/xml130';
import type { Caller } from '../../auth/caller.js';
import type { FhirRequest, FhirServices } from '../../fhir/context.js';
import { markXml130Import } from '../../admin/feed-log.js';
import { runAudited } from '../../fhir/audit-trail.js';
import { conditionKey, parseQueryString } from '../../fhir/crud.js';
import { handle } from '../../fhir/router.js';
import type { Queryable } from '../../storage/db.js';
import { unitOfWork } from '../../storage/unit-of-work.js';
import { prepareVisit, refused, type PreparedVisit, type VisitImportResult } from './prepare-visit.js';
import { xml130Store } from './store.js';
import { replaceReference, sameContent } from './unchanged.js';
import { asOf } from './visit-patient.js';

/**
 * Visits written in one database transaction. A transaction of one visit
 * costs the store nearly as much as one of ten (locks, reads, commit), so
 * visits go in groups; a group that the store refuses is written again
 * visit by visit, so a bad visit still fails alone and leaves no trace.
 */
export const VISITS_PER_TRANSACTION = 10;

/**
 * Imports visits through the one write path (validation, patient matching,
 * audit, events), in groups of up to VISITS_PER_TRANSACTION. Resources
 * whose stored content is already what the file says are left out, so
 * importing the same file again writes nothing. Results are in the visits' order.
 */
export async function importVisits(
  services: FhirServices,
  caller: Caller,
  visits: readonly Xml130Visit[],
): Promise<VisitImportResult[]> {
  const results = new Array<VisitImportResult>(visits.length);
  const prepared: Pending[] = [];
  for (const [at, visit] of visits.entries()) {
    const p = await prepareVisit(services, caller, visit);
    if ('status' in p) results[at] = p;
    else prepared.push({ at, visit: p });
  }
  // First the visits whose patients no other import holds; then, waiting their turn, the others.
  const later = await writeAll(services, caller, prepared, results, { wait: false });
  if (later.length > 0) await writeAll(services, caller, later, results, { wait: true });
  return results;
}

/** A prepared visit and its place among the visits. */
interface Pending {
  at: number;
  visit: PreparedVisit;
}

/** What writeGroup says of a visit whose patient another import held, when told not to wait. */
const BUSY = 'busy';

/**
 * Writes the visits in groups, their results into `results`. Without `wait`,
 * a visit whose patient another import holds (it is writing a visit of the
 * same patient) is not waited for but returned, in order, with the patient's
 * later visits: a group waiting on one patient would hold its nine others'
 * locks meanwhile, and imports would queue behind each other.
 */
async function writeAll(
  services: FhirServices,
  caller: Caller,
  pending: Pending[],
  results: VisitImportResult[],
  options: { wait: boolean },
): Promise<Pending[]> {
  const later: Pending[] = [];
  const held = new Set<string>();
  for (const group of groups(pending)) {
    const now = group.filter((g) => !held.has(g.visit.patientKey));
    later.push(...group.filter((g) => held.has(g.visit.patientKey)));
    if (now.length === 0) continue;
    const written = await writeGroup(
      services,
      caller,
      now.map((g) => g.visit),
      options,
    ).catch(async (err: unknown) => {
      if (!(err instanceof FhirError)) throw err;
      // Which visit the store refused, and why, is found by writing them one by one,
      // each from its file again (the refused transaction rewrote the entries' references).
      const alone: (VisitImportResult | typeof BUSY)[] = [];
      for (const { visit } of now) {
        alone.push(...(await writeGroup(services, caller, [{ ...visit, bundle: visitBundle(visit.visit) }])));
      }
      return alone;
    });
    for (const [i, g] of now.entries()) {
      const result = written[i]!;
      if (result !== BUSY) results[g.at] = result;
      else {
        later.push(g);
        held.add(g.visit.patientKey);
      }
    }
  }
  return later.sort((a, b) => a.at - b.at);
}

/**
 * Groups of up to VISITS_PER_TRANSACTION visits of different patients. A
 * patient's k-th visit goes in round k and rounds are written in order, so a
 * patient's visits are still compared and written one after the other (and a
 * transaction never changes one Patient twice), while the visits of other
 * patients fill the groups — files usually come a patient's visits in a row.
 */
function groups<T extends { visit: PreparedVisit }>(prepared: T[]): T[][] {
  const rounds: T[][] = [];
  const visitsOf = new Map<string, number>();
  for (const p of prepared) {
    const round = visitsOf.get(p.visit.patientKey) ?? 0;
    visitsOf.set(p.visit.patientKey, round + 1);
    (rounds[round] ??= []).push(p);
  }
  return rounds.flatMap((round) =>
    Array.from({ length: Math.ceil(round.length / VISITS_PER_TRANSACTION) }, (_, i) =>
      round.slice(i * VISITS_PER_TRANSACTION, (i + 1) * VISITS_PER_TRANSACTION),
    ),
  );
}

/**
 * Writes the visits as one FHIR transaction. What is stored is read,
 * compared and written under a lock on each visit's patient: two uploads of
 * the same patient's visits at once would otherwise both compare with the
 * old record, and an older visit's demographics could win. A group's
 * refusal is thrown (FhirError) and leaves nothing, and is not audited: its
 * visits are written again one by one. A lone visit's refusal is audited as
 * any refused transaction is, and becomes its failed result.
 */
async function writeGroup(
  services: FhirServices,
  caller: Caller,
  visits: PreparedVisit[],
  options: { wait: boolean } = { wait: true },
): Promise<(VisitImportResult | typeof BUSY)[]> {
  const req: FhirRequest = { method: 'POST', caller, path: '', query: [], headers: { prefer: 'return=minimal' } };
  let busy = new Set<PreparedVisit>();
  let changes = new Map<PreparedVisit, BundleEntry[]>();
  const write = () =>
    unitOfWork(services.db, async (tx) => {
      markXml130Import(tx);
      const keys = (v: PreparedVisit) => [v.patientKey, patientCondition(v)];
      if (options.wait) await services.store.lockAll(tx, visits.flatMap(keys));
      else {
        const taken = await xml130Store.tryLocks(tx, visits.flatMap(keys));
        busy = new Set(visits.filter((v) => keys(v).some((k) => taken.has(k))));
      }
      const ready = visits.filter((v) => !busy.has(v));
      changes = await changesOf(tx, ready);
      const entry = [...changes.values()].flat();
      if (entry.length === 0) return;
      req.body = { resourceType: 'Bundle', type: 'transaction', entry } satisfies Bundle;
      await handle(services, req, { tx });
    });
  const outcome = () => visits.map((v) => (busy.has(v) ? BUSY : result(v, changes.get(v) ?? [])));
  if (visits.length > 1) {
    await write();
    return outcome();
  }
  try {
    await runAudited(services, req, {}, async () => ({ status: 200, headers: {}, body: await write() }));
    return outcome();
  } catch (err) {
    if (!(err instanceof FhirError)) throw err;
    return [refused(visits[0]!, err, (req.body as Bundle | undefined) ?? visits[0]!.bundle)];
  }
}

/** The lock key of the visit's conditional update of its Patient (`Patient?identifier=…`), as the store takes it. */
function patientCondition(v: PreparedVisit): string {
  const url = v.bundle.entry![0]!.request!.url;
  return conditionKey('Patient', parseQueryString(url.slice(url.indexOf('?') + 1)));
}

/**
 * A bare table names only its own rows' clinicians: the stored Encounter's
 * participants, whom the visit's other tables named, stay beside them.
 */
function withParticipantsOf(next: Resource, stored: Resource): Resource {
  const named = (next as Encounter).participant ?? [];
  const key = (p: EncounterParticipant): string => JSON.stringify(p.individual ?? {});
  const seen = new Set(named.map(key));
  const kept = ((stored as Encounter).participant ?? []).filter((p) => !seen.has(key(p)));
  return kept.length === 0 ? next : ({ ...next, participant: [...kept, ...named] } as Encounter);
}

/** A visit's result once its transaction has committed: every change it asked for was made. */
function result(v: PreparedVisit, changes: BundleEntry[]): VisitImportResult {
  const entries = v.bundle.entry!.length;
  if (changes.length === 0) return { ...v.base, status: 'unchanged', written: 0, unchanged: entries };
  const removed = changes.filter((e) => e.request?.method === 'DELETE').length;
  const written = changes.length - removed;
  return { ...v.base, status: 'imported', written, unchanged: entries - written, ...(removed > 0 ? { removed } : {}) };
}

/**
 * For each visit, the entries that bring the store to what its file says:
 * those whose stored content differs, and deletions of what rows dropped
 * from an amended file made. Two reads for all the visits together.
 */
async function changesOf(db: Queryable, visits: PreparedVisit[]): Promise<Map<PreparedVisit, BundleEntry[]>> {
  if (visits.length === 0) return new Map();
  const identifiers = visits.map((v): [string, string] => [
    SID.maBn(v.visit.facilityCode),
    v.visit.tables.XML1?.MA_BN ?? '',
  ]);
  const patients = await xml130Store.patientsByIdentifiers(db, identifiers);
  const encounterIds = visits.map((v) => v.base.encounter?.slice('Encounter/'.length) ?? '');
  const stored = await xml130Store.visitContents(
    db,
    visits.flatMap((v) =>
      v.bundle.entry!.slice(1).map((e): [string, string] => [e.resource!.resourceType, e.resource!.id!]),
    ),
    encounterIds,
  );
  return new Map(
    visits.map((v, i) => {
      const [patientEntry, ...rest] = v.bundle.entry!;
      const keep: BundleEntry[] = [];
      const found = patients.get(identifiers[i]!.join('|')) ?? [];
      if (found.length === 1) {
        // The facility's record exists: refer to it by id, and update it only if the file says something new.
        const existing = found[0]!;
        for (const e of v.bundle.entry!)
          replaceReference(e.resource, patientEntry!.fullUrl!, `Patient/${existing.id!}`);
        const next = { ...patientEntry!.resource!, id: existing.id! };
        if (!sameContent(existing, next) && asOf(existing) <= asOf(next)) {
          keep.push({ ...patientEntry!, resource: next, request: { method: 'PUT', url: `Patient/${existing.id!}` } });
        }
      } else if (found.length === 0) {
        // New to the record: a create. The conditional update would only search again for what was just
        // looked up under the lock of its condition (writeGroup), which a conditional create elsewhere waits for.
        keep.push({ ...patientEntry!, request: { method: 'POST', url: 'Patient' } });
      } else keep.push(patientEntry!); // Several records hold the MA_BN: the conditional update refuses the visit (412).
      const bare = v.visit.source === 'table';
      for (const e of rest) {
        const before = stored.named.get(`${e.resource!.resourceType}/${e.resource!.id!}`);
        const next =
          bare && before?.resourceType === 'Encounter' ? withParticipantsOf(e.resource!, before) : e.resource!;
        if (!sameContent(before, next)) keep.push(next === e.resource ? e : { ...e, resource: next });
      }
      // An amended file without a row it had: what that row made goes, in the same transaction (its history
      // stays). A bare table is the whole of that table only: what the visit's other tables made stays.
      const sent = new Set(Object.keys(v.visit.received));
      const removals: BundleEntry[] = (stored.others.get(encounterIds[i]!) ?? [])
        .filter((r) => {
          const table = xml130Origin(r);
          return table !== undefined && (!bare || sent.has(table));
        })
        .map((r) => ({ request: { method: 'DELETE', url: `${r.resourceType}/${r.id!}` } }));
      return [v, [...keep, ...removals]];
    }),
  );
}
