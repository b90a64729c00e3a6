/**
 * The synthetic province's records as FHIR R4 resources. Every function is
 * pure: the same records give the same resources, ids included.
 */
export { facilityResources, FACILITY_KIND_LABELS } from './facility.js';
export { workerResources, practitionerRoleId } from './worker.js';
export { patientResource, duplicatePatientResource } from './patient.js';
export { lifeResources, visitResources, type LifeResourceOptions } from './life.js';
export { encounterResource, conditionResource, referralResource, conditionId, referralId } from './encounter.js';
export { labObservation, labObservationId, bloodPressureObservation } from './observation.js';
export {
  medicationRequestResource,
  medicationRequestId,
  medicationDispenseResource,
  containedMedication,
  drugConcept,
  prescribedLines,
  type PrescribedLines,
} from './medication.js';
export { immunizationResource } from './immunization.js';
export { receiptResources } from './receipt.js';
export { derivedId, FHIR_ID } from './ids.js';
export { fullName, humanName, vnAddress } from './person.js';
export { SID, CS, EXT } from './systems.js';
