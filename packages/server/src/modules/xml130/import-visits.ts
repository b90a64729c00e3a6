import type { Bundle, BundleEntry } from '@medplum/fhirtypes';
import { FhirError, SID } from '@lienthong/core';
import { madeFromXml130, visitBundle, type Xml130Visit } from '@lienthong/xml130';
import type { Caller } from '../../auth/caller.js';
import type { FhirRequest, FhirServices } from '../../fhir/context.js';
import { runAudited } from '../../fhir/audit-trail.js';
import { handle } from '../../fhir/router.js';
import type { Queryable } from '../../storage/db.js';
import { unitOfWork } from '../../storage/unit-of-work.js';
import { prepareVisit, refused, type PreparedVisit, type VisitImportResult } from './import-visit.js';
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
  const prepared: { at: number; visit: PreparedVisit }[] = [];
  for (const [at, visit] of visits.entries()) {
    const p = await prepareVisit(services, caller, visit);
    if ('status' in p) results[at] = p;
    else prepared.push({ at, visit: p });
  }
  for (const group of groups(prepared)) {
    const written = await writeGroup(
      services,
      caller,
      group.map((g) => g.visit),
    ).catch(async (err: unknown) => {
      if (!(err instanceof FhirError)) throw err;
      // Which visit the store refused, and why, is found by writing them one by one,
      // each from its file again (the refused transaction rewrote the entries' references).
      const alone: VisitImportResult[] = [];
      for (const { visit } of group) {
        alone.push(...(await writeGroup(services, caller, [{ ...visit, bundle: visitBundle(visit.visit) }])));
      }
      return alone;
    });
    for (const [i, g] of group.entries()) results[g.at] = written[i]!;
  }
  return results;
}

/**
 * Groups in order, a new group whenever one is full or already has the
 * visit's patient: a patient's visits are compared and written one after the
 * other, and a transaction may not change one Patient twice.
 */
function groups<T extends { visit: PreparedVisit }>(prepared: T[]): T[][] {
  const all: T[][] = [];
  let current: T[] = [];
  let patients = new Set<string>();
  for (const p of prepared) {
    if (current.length === VISITS_PER_TRANSACTION || patients.has(p.visit.patientKey)) {
      all.push(current);
      current = [];
      patients = new Set();
    }
    current.push(p);
    patients.add(p.visit.patientKey);
  }
  if (current.length > 0) all.push(current);
  return all;
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
): Promise<VisitImportResult[]> {
  const req: FhirRequest = { method: 'POST', caller, path: '', query: [], headers: { prefer: 'return=minimal' } };
  let changes: BundleEntry[][] = [];
  const write = () =>
    unitOfWork(services.db, async (tx) => {
      await services.store.lockAll(
        tx,
        visits.map((v) => v.patientKey),
      );
      changes = await changesOf(tx, visits);
      const entry = changes.flat();
      if (entry.length === 0) return;
      req.body = { resourceType: 'Bundle', type: 'transaction', entry } satisfies Bundle;
      await handle(services, req, { tx });
    });
  if (visits.length > 1) {
    await write();
    return results(visits, changes);
  }
  try {
    await runAudited(services, req, {}, async () => ({ status: 200, headers: {}, body: await write() }));
    return results(visits, changes);
  } catch (err) {
    if (!(err instanceof FhirError)) throw err;
    return [refused(visits[0]!, err, (req.body as Bundle | undefined) ?? visits[0]!.bundle)];
  }
}

/** Each visit's result once its transaction has committed: every change it asked for was made. */
function results(visits: PreparedVisit[], changes: BundleEntry[][]): VisitImportResult[] {
  return visits.map((v, i) => {
    const mine = changes[i] ?? [];
    const entries = v.bundle.entry!.length;
    if (mine.length === 0) return { ...v.base, status: 'unchanged', written: 0, unchanged: entries };
    const removed = mine.filter((e) => e.request?.method === 'DELETE').length;
    const written = mine.length - removed;
    return {
      ...v.base,
      status: 'imported',
      written,
      unchanged: entries - written,
      ...(removed > 0 ? { removed } : {}),
    };
  });
}

/**
 * For each visit, the entries that bring the store to what its file says:
 * those whose stored content differs, and deletions of what rows dropped
 * from an amended file made. Two reads for all the visits together.
 */
async function changesOf(db: Queryable, visits: PreparedVisit[]): Promise<BundleEntry[][]> {
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
  return visits.map((v, i) => {
    const [patientEntry, ...rest] = v.bundle.entry!;
    const keep: BundleEntry[] = [];
    const found = patients.get(identifiers[i]!.join('|')) ?? [];
    if (found.length === 1) {
      // The facility's record exists: refer to it by id, and update it only if the file says something new.
      const existing = found[0]!;
      for (const e of v.bundle.entry!) replaceReference(e.resource, patientEntry!.fullUrl!, `Patient/${existing.id!}`);
      const next = { ...patientEntry!.resource!, id: existing.id! };
      if (!sameContent(existing, next) && asOf(existing) <= asOf(next)) keep.push(patientEntry!);
    } else keep.push(patientEntry!);
    for (const e of rest) {
      if (!sameContent(stored.named.get(`${e.resource!.resourceType}/${e.resource!.id!}`), e.resource!)) keep.push(e);
    }
    // An amended file without a row it had: what that row made goes, in the same transaction (its history stays).
    const removals: BundleEntry[] = (stored.others.get(encounterIds[i]!) ?? [])
      .filter(madeFromXml130)
      .map((r) => ({ request: { method: 'DELETE', url: `${r.resourceType}/${r.id!}` } }));
    return [...keep, ...removals];
  });
}
