import type { EncounterParticipant } from '@medplum/fhirtypes';
import type { Xml130Tables } from '../read/read-file.js';
import { list, practitionerRefs } from './values.js';

/** The fields of XML2–XML5 that name the visit's clinicians by practising licence, ";"-separated. */
const DOCTOR_FIELDS: readonly [keyof Xml130Tables, readonly string[]][] = [
  ['XML2', ['MA_BAC_SI']],
  ['XML3', ['MA_BAC_SI', 'NGUOI_THUC_HIEN']],
  ['XML4', ['MA_BS_DOC_KQ']],
  ['XML5', ['NGUOI_THUC_HIEN']],
];

/**
 * Every clinician the visit's rows name (ordering doctors, performers,
 * result readers, authors of the clinical course), once each, in the
 * file's order. A row's element may hold one practitioner only (a
 * MedicationRequest's requester); the Encounter's participants hold them
 * all, so "who took part in this visit" does not depend on that.
 */
export function visitPractitioners(tables: Xml130Tables): string[] {
  const seen = new Set<string>();
  for (const [table, fields] of DOCTOR_FIELDS) {
    const rows = tables[table];
    for (const row of Array.isArray(rows) ? rows : []) {
      for (const f of fields) for (const licence of list(row[f])) seen.add(licence);
    }
  }
  return [...seen];
}

const PARTICIPANT = {
  coding: [
    { system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'PART', display: 'Participation' },
  ],
};

/** The visit's clinicians as Encounter participants, by licence. */
export function encounterParticipants(licences: readonly string[]): EncounterParticipant[] | undefined {
  if (licences.length === 0) return undefined;
  return practitionerRefs(licences.join(';')).map((individual) => ({ type: [PARTICIPANT], individual }));
}
