import type { Resource, SupplyDelivery } from '@medplum/fhirtypes';
import type { PharmacyReceipt, Province } from '../model.js';
import { derivedId } from './ids.js';
import { facilityOf } from './lookup.js';
import { containedMedication } from './medication.js';
import { CS, SID } from './systems.js';

/**
 * A pharmacy's purchase receipt as one SupplyDelivery per line. R4's
 * SupplyDelivery carries a single suppliedItem, so one per line is the plain
 * representation (the alternative, a contained delivery per line, is no
 * simpler and harder to search); the receipt number is the shared identifier.
 * The batch travels in a contained Medication, as on MedicationDispense. The
 * supplier is a wholesaler outside the province's facilities: a display only.
 */
export function receiptResources(province: Province, receipt: PharmacyReceipt): Resource[] {
  const pharmacy = facilityOf(province, receipt.pharmacyCode);
  return receipt.lines.map((line, n): SupplyDelivery => ({
    resourceType: 'SupplyDelivery',
    id: derivedId(receipt.id, 'delivery', n),
    contained: [containedMedication(line)],
    identifier: [{ use: 'official', system: SID.phieuNhap(pharmacy.code), value: receipt.receipt }],
    status: 'completed',
    type: { coding: [{ system: CS.supplyItemType, code: 'medication', display: 'Medication' }] },
    suppliedItem: {
      quantity: { value: line.quantity, unit: line.drug.unit.normalize('NFC') },
      itemReference: { reference: '#med' },
    },
    occurrenceDateTime: receipt.at,
    supplier: { display: receipt.supplier.normalize('NFC') },
    destination: { reference: `Location/${pharmacy.id}` },
  }));
}
