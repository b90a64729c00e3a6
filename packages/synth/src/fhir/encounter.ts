import type {
  CodeableConcept,
  Condition,
  Encounter,
  EncounterHospitalization,
  ServiceRequest,
} from '@medplum/fhirtypes';
import type { Diagnosis, Province, Visit, VisitType } from '../model.js';
import { derivedId } from './ids.js';
import { facilityOf, organizationRef } from './lookup.js';
import { CS, SID } from './systems.js';

const CLASS: Readonly<Record<VisitType, { code: string; display: string }>> = {
  outpatient: { code: 'AMB', display: 'ambulatory' },
  inpatient: { code: 'IMP', display: 'inpatient encounter' },
  emergency: { code: 'EMER', display: 'emergency' },
  // Day care (điều trị ban ngày): treated in the day, home at night.
  'day-care': { code: 'SS', display: 'short stay' },
};

export function conditionId(visit: Visit, n: number): string {
  return derivedId(visit.id, 'condition', n);
}

export function referralId(visit: Visit): string {
  return derivedId(visit.id, 'referral');
}

/** MA_LOAI_RV (and KET_QUA_DTRI 5, died) as an HL7 discharge disposition, with the Vietnamese wording. */
function dischargeDisposition(visit: Visit): CodeableConcept {
  const [code, display, vi]: [string, string, string] =
    visit.outcome === 5
      ? ['exp', 'Expired', 'Tử vong']
      : visit.dischargeType === 2 || visit.dischargeType === 5
        ? ['other-hcf', 'Other healthcare facility', 'Chuyển tuyến']
        : visit.dischargeType === 3 || visit.dischargeType === 4
          ? ['aadvice', 'Left against advice', visit.dischargeType === 3 ? 'Trốn viện' : 'Xin ra viện']
          : ['home', 'Home', 'Ra viện'];
  return { coding: [{ system: CS.dischargeDisposition, code, display }], text: vi };
}

/**
 * Admission and discharge details, only where they say something: stays
 * (inpatient, emergency, day care) and referrals in or out. An ordinary
 * outpatient visit has none.
 */
function hospitalization(province: Province, visit: Visit): { hospitalization?: EncounterHospitalization } {
  if (visit.type === 'outpatient' && !visit.referredFrom && !visit.referredTo) return {};
  return {
    hospitalization: {
      ...(visit.referredFrom ? { origin: organizationRef(province, visit.referredFrom) } : {}),
      dischargeDisposition: dischargeDisposition(visit),
      ...(visit.referredTo ? { destination: organizationRef(province, visit.referredTo) } : {}),
    },
  };
}

/**
 * A visit (one XML 130 record, MA_LK) as an Encounter. serviceProvider is
 * what the server reads to give the facility a care relationship with the
 * patient, so it is always set.
 */
export function encounterResource(province: Province, visit: Visit): Encounter {
  const facility = facilityOf(province, visit.facilityCode);
  const visitClass = CLASS[visit.type];
  return {
    resourceType: 'Encounter',
    id: visit.id,
    identifier: [{ use: 'official', system: SID.maLk(facility.code), value: visit.id }],
    status: 'finished',
    class: { system: CS.v3ActCode, ...visitClass },
    ...(visit.type === 'emergency'
      ? { priority: { coding: [{ system: CS.v3ActPriority, code: 'EM', display: 'emergency' }] } }
      : {}),
    subject: { reference: `Patient/${visit.patientId}` },
    participant: [
      {
        type: [{ coding: [{ system: CS.v3ParticipationType, code: 'ATND', display: 'attender' }] }],
        individual: { reference: `Practitioner/${visit.practitionerId}` },
      },
    ],
    period: { start: visit.start, end: visit.end },
    reasonCode: [{ text: visit.reason.normalize('NFC') }],
    diagnosis: visit.diagnoses.map((_, n) => ({
      condition: { reference: `Condition/${conditionId(visit, n)}` },
      // CHAN_DOAN_RV / MA_BENH_CHINH first, then MA_BENH_KT as comorbidities.
      use: {
        coding: [
          n === 0
            ? { system: CS.diagnosisRole, code: 'DD', display: 'Discharge diagnosis' }
            : { system: CS.diagnosisRole, code: 'CM', display: 'Comorbidity diagnosis' },
        ],
      },
      rank: n + 1,
    })),
    ...hospitalization(province, visit),
    location: [{ location: { reference: `Location/${facility.id}` } }],
    serviceProvider: { reference: `Organization/${facility.id}`, display: facility.name.normalize('NFC') },
  };
}

/**
 * One diagnosis of the visit. Recorded when the visit starts (what a case
 * report's "date of diagnosis" counts from); resolved when the visit ended
 * with the patient cured, active otherwise (chronic diseases, referrals).
 */
export function conditionResource(visit: Visit, diagnosis: Diagnosis, n: number): Condition {
  const resolved = n === 0 && visit.outcome === 1;
  const display = diagnosis.display.normalize('NFC');
  return {
    resourceType: 'Condition',
    id: conditionId(visit, n),
    clinicalStatus: {
      coding: [{ system: CS.conditionClinical, code: resolved ? 'resolved' : 'active' }],
    },
    verificationStatus: { coding: [{ system: CS.conditionVerification, code: 'confirmed' }] },
    category: [
      { coding: [{ system: CS.conditionCategory, code: 'encounter-diagnosis', display: 'Encounter Diagnosis' }] },
    ],
    code: { coding: [{ system: CS.icd10, code: diagnosis.icd10, display }], text: display },
    subject: { reference: `Patient/${visit.patientId}` },
    encounter: { reference: `Encounter/${visit.id}` },
    ...(diagnosis.onset ? { onsetDateTime: diagnosis.onset } : {}),
    recordedDate: visit.start,
    asserter: { reference: `Practitioner/${visit.practitionerId}` },
  };
}

/**
 * A referral out (MA_NOI_DEN) as the order sending the patient on. Its
 * performer is the receiving Organization, which the server reads to give
 * that facility a care relationship before the patient arrives.
 */
export function referralResource(province: Province, visit: Visit, to: string): ServiceRequest {
  const referral = { system: CS.snomed, code: '3457005', display: 'Patient referral' };
  return {
    resourceType: 'ServiceRequest',
    id: referralId(visit),
    status: 'completed',
    intent: 'order',
    category: [{ coding: [referral], text: 'Chuyển tuyến' }],
    priority: visit.type === 'emergency' ? 'urgent' : 'routine',
    code: { coding: [referral], text: 'Chuyển tuyến' },
    subject: { reference: `Patient/${visit.patientId}` },
    encounter: { reference: `Encounter/${visit.id}` },
    authoredOn: visit.end,
    requester: { reference: `Practitioner/${visit.practitionerId}` },
    performer: [organizationRef(province, to)],
    ...(visit.diagnoses.length > 0 ? { reasonReference: [{ reference: `Condition/${conditionId(visit, 0)}` }] } : {}),
  };
}
