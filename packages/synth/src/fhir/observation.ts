import type { Coding, Observation, Quantity } from '@medplum/fhirtypes';
import type { LabResult, Province, Visit } from '../model.js';
import { derivedId } from './ids.js';
import { facilityOf } from './lookup.js';
import { CS } from './systems.js';

const INTERPRETATION: Readonly<Record<string, string>> = {
  H: 'High',
  L: 'Low',
  N: 'Normal',
  POS: 'Positive',
  NEG: 'Negative',
};

/** Coded qualitative results (SNOMED CT), so "Dương tính" can be searched without reading Vietnamese. */
const QUALITATIVE: Readonly<Record<string, Coding>> = {
  POS: { system: CS.snomed, code: '10828004', display: 'Positive' },
  NEG: { system: CS.snomed, code: '260385009', display: 'Negative' },
};

function quantity(value: number, unit: string | undefined): Quantity {
  return unit ? { value, unit, system: CS.ucum, code: unit } : { value };
}

/**
 * The value as the lab gave it: a number with its UCUM unit; a positive or
 * negative as a coded concept with the lab's wording as text; any other text
 * as a string.
 */
function value(lab: LabResult): Pick<Observation, 'valueQuantity' | 'valueCodeableConcept' | 'valueString'> {
  if (typeof lab.value === 'number') return { valueQuantity: quantity(lab.value, lab.unit) };
  const coded = lab.interpretation ? QUALITATIVE[lab.interpretation] : undefined;
  const text = lab.value.normalize('NFC');
  return coded ? { valueCodeableConcept: { coding: [coded], text } } : { valueString: text };
}

export function labObservationId(visit: Visit, n: number): string {
  return derivedId(visit.id, 'lab', n);
}

/**
 * One lab result (an XML 130 XML4 line). The code carries the LOINC code when
 * the lab's indicator maps to one and always the lab's own indicator code,
 * in a code system of that facility: two labs' "GLU" need not be the same test.
 */
export function labObservation(province: Province, visit: Visit, lab: LabResult, n: number): Observation {
  const facility = facilityOf(province, visit.facilityCode);
  const name = lab.name.normalize('NFC');
  const range =
    lab.low !== undefined || lab.high !== undefined
      ? {
          referenceRange: [
            {
              ...(lab.low !== undefined ? { low: quantity(lab.low, lab.unit) } : {}),
              ...(lab.high !== undefined ? { high: quantity(lab.high, lab.unit) } : {}),
            },
          ],
        }
      : {};
  const interpretation = lab.interpretation
    ? {
        interpretation: [
          {
            coding: [
              {
                system: CS.v3Interpretation,
                code: lab.interpretation,
                ...(INTERPRETATION[lab.interpretation] ? { display: INTERPRETATION[lab.interpretation] } : {}),
              },
            ],
          },
        ],
      }
    : {};
  return {
    resourceType: 'Observation',
    id: labObservationId(visit, n),
    status: 'final',
    category: [{ coding: [{ system: CS.observationCategory, code: 'laboratory', display: 'Laboratory' }] }],
    code: {
      coding: [
        ...(lab.loinc ? [{ system: CS.loinc, code: lab.loinc }] : []),
        { system: CS.chiSo(facility.code), code: lab.indicatorCode, display: name },
      ],
      text: name,
    },
    subject: { reference: `Patient/${visit.patientId}` },
    encounter: { reference: `Encounter/${visit.id}` },
    effectiveDateTime: lab.at,
    performer: [{ reference: `Organization/${facility.id}` }],
    ...value(lab),
    ...interpretation,
    ...range,
  };
}

/**
 * The visit's blood pressure as one panel with systolic and diastolic
 * components: the one vital sign chronic care follows (hypertension), at the
 * cost of a single resource per visit. Only made when asked for (see
 * lifeResources), to keep within the volume budget.
 */
export function bloodPressureObservation(visit: Visit): Observation | undefined {
  if (!visit.vitals) return undefined;
  const mmHg = (value: number): Quantity => ({ value, unit: 'mm[Hg]', system: CS.ucum, code: 'mm[Hg]' });
  return {
    resourceType: 'Observation',
    id: derivedId(visit.id, 'blood-pressure'),
    status: 'final',
    category: [{ coding: [{ system: CS.observationCategory, code: 'vital-signs', display: 'Vital Signs' }] }],
    code: {
      coding: [{ system: CS.loinc, code: '85354-9', display: 'Blood pressure panel with all children optional' }],
      text: 'Huyết áp',
    },
    subject: { reference: `Patient/${visit.patientId}` },
    encounter: { reference: `Encounter/${visit.id}` },
    effectiveDateTime: visit.start,
    performer: [{ reference: `Practitioner/${visit.practitionerId}` }],
    component: [
      {
        code: { coding: [{ system: CS.loinc, code: '8480-6', display: 'Systolic blood pressure' }] },
        valueQuantity: mmHg(visit.vitals.systolic),
      },
      {
        code: { coding: [{ system: CS.loinc, code: '8462-4', display: 'Diastolic blood pressure' }] },
        valueQuantity: mmHg(visit.vitals.diastolic),
      },
    ],
  };
}
