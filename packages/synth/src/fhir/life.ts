import type { Resource } from '@medplum/fhirtypes';
import type { Province, ResidentLife, Visit } from '../model.js';
import { conditionResource, encounterResource, referralResource } from './encounter.js';
import { immunizationResource } from './immunization.js';
import { medicationDispenseResource, medicationRequestResource, prescribedLines } from './medication.js';
import { bloodPressureObservation, labObservation } from './observation.js';
import { duplicatePatientResource, patientResource } from './patient.js';
import { serviceResources } from './procedure.js';

export interface LifeResourceOptions {
  /**
   * One blood-pressure panel Observation per visit that measured vitals.
   * Off by default: at about two visits a resident-year it would add close to
   * two resources per resident to a budget of twelve.
   */
  vitalSigns?: boolean;
}

/** Everything one visit produced: Encounter, Conditions, referral, results, procedures and imaging reports, drug orders. */
export function visitResources(province: Province, visit: Visit, options: LifeResourceOptions = {}): Resource[] {
  const out: Resource[] = [encounterResource(province, visit)];
  visit.diagnoses.forEach((diagnosis, n) => out.push(conditionResource(visit, diagnosis, n)));
  if (visit.referredTo) out.push(referralResource(province, visit, visit.referredTo));
  visit.labs.forEach((lab, n) => out.push(labObservation(province, visit, lab, n)));
  out.push(...serviceResources(province, visit));
  if (options.vitalSigns) {
    const bp = bloodPressureObservation(visit);
    if (bp) out.push(bp);
  }
  visit.drugs.forEach((line, n) => out.push(medicationRequestResource(visit, line, n)));
  return out;
}

/**
 * A resident's whole record, in the order it can be stored: the Patient and
 * the duplicate registrations first (everything else points at them), then
 * each visit with what it produced, the vaccinations, and the pharmacy sales
 * (after the visits whose prescriptions they fill). Everything references
 * only these resources and the province's shared ones (facilities, staff).
 */
export function lifeResources(province: Province, life: ResidentLife, options: LifeResourceOptions = {}): Resource[] {
  const out: Resource[] = [patientResource(province, life.resident)];
  for (const dup of life.duplicates) out.push(duplicatePatientResource(province, dup, life.resident));
  for (const visit of life.visits) out.push(...visitResources(province, visit, options));
  for (const vaccination of life.vaccinations) out.push(immunizationResource(province, vaccination));
  const prescribed = prescribedLines(life.visits);
  for (const sale of life.sales) {
    sale.lines.forEach((line, n) => out.push(medicationDispenseResource(province, sale, line, n, prescribed)));
  }
  return out;
}
