import type { Encounter, Patient, Resource } from '@medplum/fhirtypes';
import { SID } from '@lienthong/core';
import { xml130Id } from '@lienthong/xml130';
import type { AccessPolicy } from '../../auth/policy.js';
import type { Queryable } from '../../storage/db.js';
import { xml130Store } from './store.js';
import { patientOfVisit } from './visit-patient.js';

/**
 * A visit's record as its XML 130 file describes it: the Encounter, the
 * Patient as that visit's file left it, what refers to the Encounter (its
 * rows' resources) and the Coverages of the patient's cards at the facility.
 * What the export writes a file from, and what a bare table is imported
 * into (its XML1 comes from here).
 */
export async function visitRecord(db: Queryable, encounter: Encounter, policy?: AccessPolicy): Promise<Resource[]> {
  const rows = await xml130Store.referringTo(db, encounter.id!, policy);
  const subject = encounter.subject?.reference ?? '';
  const patient = subject.startsWith('Patient/')
    ? patientOfVisit(await xml130Store.versions(db, 'Patient', subject.slice('Patient/'.length)), encounter)
    : undefined;
  // Coverages refer to the patient, not the visit: their ids derive from the facility and the card.
  const facility = encounter.serviceProvider?.identifier?.value ?? '';
  const cards = ((patient as Patient | undefined)?.identifier ?? []).filter((i) => i.system === SID.bhyt);
  const coverages = await xml130Store.currentContents(
    db,
    cards.map((c) => ['Coverage', xml130Id(facility, 'coverage', c.value ?? '')]),
  );
  return [encounter, ...(patient ? [patient] : []), ...rows, ...coverages.values()];
}
