import type { CodeableConcept, Medication, MedicationDispense, MedicationRequest, Reference } from '@medplum/fhirtypes';
import type { Drug, DrugLine, PharmacySale, Province, SaleLine, Visit } from '../model.js';
import { derivedId } from './ids.js';
import { facilityOf } from './lookup.js';
import { CS, EXT, SID } from './systems.js';

/**
 * A drug as the national list codes it (MA_THUOC, the active ingredient) and,
 * when known, its ATC code; the text is the product as the prescriber wrote
 * it, name and strength.
 */
export function drugConcept(drug: Drug): CodeableConcept {
  const name = drug.name.normalize('NFC');
  const strength = drug.strength.normalize('NFC');
  return {
    coding: [
      { system: CS.thuoc, code: drug.code, display: drug.activeIngredient.normalize('NFC') },
      ...(drug.atc ? [{ system: CS.atc, code: drug.atc }] : []),
    ],
    text: strength === '' || name.includes(strength) ? name : `${name} ${strength}`,
  };
}

/** Where a prescribing or dispensing record's quantities are counted: the dispensing unit ("Viên"). */
function units(value: number, drug: Drug): { value: number; unit: string } {
  return { value, unit: drug.unit.normalize('NFC') };
}

/**
 * The product that left the shelf, batch included. R4 keeps batch data on
 * Medication, not on MedicationDispense or SupplyDelivery, so each carries a
 * contained Medication ("#med") with lot number, expiry, the registration
 * number (SỐ ĐĂNG KÝ) and, in an extension, the manufacture date that the
 * pharmacy reports require and R4 has no element for.
 */
export function containedMedication(line: SaleLine): Medication {
  return {
    resourceType: 'Medication',
    id: 'med',
    identifier: [{ system: SID.soDangKy, value: line.drug.registration.normalize('NFC') }],
    code: drugConcept(line.drug),
    form: { text: line.drug.unit.normalize('NFC') },
    batch: {
      extension: [{ url: EXT.manufactureDate, valueDate: line.manufactured }],
      lotNumber: line.batch,
      expirationDate: line.expires,
    },
  };
}

export function medicationRequestId(visit: Visit, n: number): string {
  return derivedId(visit.id, 'medication-request', n);
}

/**
 * One drug line of a visit (XML 130 XML2) as a completed order. When the
 * visit issued an e-prescription, its code is both the groupIdentifier (the
 * lines of one prescription belong together) and an identifier: the server's
 * pharmacy rule finds a prescription by `identifier`, and every line of it
 * answers that search.
 */
export function medicationRequestResource(visit: Visit, line: DrugLine, n: number): MedicationRequest {
  const prescription = visit.prescriptionCode ? { system: SID.donThuoc, value: visit.prescriptionCode } : undefined;
  const stay = visit.type === 'inpatient' || visit.type === 'day-care';
  return {
    resourceType: 'MedicationRequest',
    id: medicationRequestId(visit, n),
    ...(prescription ? { identifier: [{ use: 'official', ...prescription }] } : {}),
    status: 'completed',
    intent: 'order',
    category: [
      {
        coding: [
          stay
            ? { system: CS.medicationRequestCategory, code: 'inpatient', display: 'Inpatient' }
            : { system: CS.medicationRequestCategory, code: 'outpatient', display: 'Outpatient' },
        ],
      },
    ],
    medicationCodeableConcept: drugConcept(line.drug),
    subject: { reference: `Patient/${visit.patientId}` },
    encounter: { reference: `Encounter/${visit.id}` },
    authoredOn: line.orderedAt,
    requester: { reference: `Practitioner/${visit.practitionerId}` },
    ...(prescription ? { groupIdentifier: prescription } : {}),
    dosageInstruction: [{ text: line.dosage.normalize('NFC'), route: { text: line.drug.route.normalize('NFC') } }],
    dispenseRequest: {
      quantity: units(line.quantity, line.drug),
      expectedSupplyDuration: { value: line.days, unit: 'd', system: CS.ucum, code: 'd' },
    },
  };
}

/** Prescription code → drug code → MedicationRequest id, for the dispensing records of the same life. */
export type PrescribedLines = ReadonlyMap<string, ReadonlyMap<string, string>>;

export function prescribedLines(visits: readonly Visit[]): PrescribedLines {
  const byCode = new Map<string, Map<string, string>>();
  for (const visit of visits) {
    if (!visit.prescriptionCode) continue;
    const lines = byCode.get(visit.prescriptionCode) ?? new Map<string, string>();
    visit.drugs.forEach((line, n) => {
      if (!lines.has(line.drug.code)) lines.set(line.drug.code, medicationRequestId(visit, n));
    });
    byCode.set(visit.prescriptionCode, lines);
  }
  return byCode;
}

/**
 * The prescription a sale line fills. The sale only knows the prescription
 * code, so the reference is always logical (identifier = the code, which
 * any pharmacy can resolve through the server's code search); it is also
 * literal when the same resident's visit issued that prescription with this
 * drug on it.
 */
function authorizingPrescription(
  sale: PharmacySale,
  line: SaleLine,
  prescribed: PrescribedLines,
): Reference<MedicationRequest>[] {
  if (!sale.prescriptionCode) return [];
  const id = prescribed.get(sale.prescriptionCode)?.get(line.drug.code);
  return [
    {
      ...(id ? { reference: `MedicationRequest/${id}` } : {}),
      type: 'MedicationRequest',
      identifier: { system: SID.donThuoc, value: sale.prescriptionCode },
    },
  ];
}

/**
 * One line of a pharmacy sale as a MedicationDispense: the invoice number as
 * identifier (shared by the lines of one sale), the pharmacy as performer and
 * location, batch and dates in the contained Medication.
 */
export function medicationDispenseResource(
  province: Province,
  sale: PharmacySale,
  line: SaleLine,
  n: number,
  prescribed: PrescribedLines = new Map(),
): MedicationDispense {
  const pharmacy = facilityOf(province, sale.pharmacyCode);
  const authorizing = authorizingPrescription(sale, line, prescribed);
  return {
    resourceType: 'MedicationDispense',
    id: derivedId(sale.id, 'dispense', n),
    contained: [containedMedication(line)],
    identifier: [{ use: 'official', system: SID.hoaDon(pharmacy.code), value: sale.invoice }],
    status: 'completed',
    medicationReference: { reference: '#med' },
    ...(sale.patientId ? { subject: { reference: `Patient/${sale.patientId}` } } : {}),
    performer: [{ actor: { reference: `Organization/${pharmacy.id}`, display: pharmacy.name.normalize('NFC') } }],
    location: { reference: `Location/${pharmacy.id}` },
    ...(authorizing.length > 0 ? { authorizingPrescription: authorizing } : {}),
    quantity: units(line.quantity, line.drug),
    whenHandedOver: sale.at,
  };
}
