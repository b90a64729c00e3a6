import type { Immunization } from '@medplum/fhirtypes';
import type { Province, Vaccination } from '../model.js';
import { facilityOf } from './lookup.js';
import { CS } from './systems.js';

/** A vaccination of the expanded programme (or COVID-19) as given at a facility. */
export function immunizationResource(province: Province, vaccination: Vaccination): Immunization {
  const facility = facilityOf(province, vaccination.facilityCode);
  const name = vaccination.vaccine.name.normalize('NFC');
  return {
    resourceType: 'Immunization',
    id: vaccination.id,
    status: 'completed',
    vaccineCode: { coding: [{ system: CS.cvx, code: vaccination.vaccine.cvx }], text: name },
    patient: { reference: `Patient/${vaccination.patientId}` },
    occurrenceDateTime: vaccination.date,
    primarySource: true,
    location: { reference: `Location/${facility.id}` },
    lotNumber: vaccination.lot,
    performer: [
      {
        function: { coding: [{ system: CS.immunizationFunction, code: 'AP', display: 'Administering Provider' }] },
        actor: { reference: `Organization/${facility.id}`, display: facility.name.normalize('NFC') },
      },
    ],
    protocolApplied: [
      {
        targetDisease: [{ text: vaccination.vaccine.disease.normalize('NFC') }],
        // positiveInt: a dose 0 (a birth dose some schedules number 0) goes as text.
        ...(vaccination.doseNumber >= 1
          ? { doseNumberPositiveInt: vaccination.doseNumber }
          : { doseNumberString: String(vaccination.doseNumber) }),
      },
    ],
  };
}
