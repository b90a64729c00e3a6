import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Medication, MedicationDispense, MedicationRequest, SupplyDelivery } from '@medplum/fhirtypes';
import { lifeResources } from './life.js';
import { receiptResources } from './receipt.js';
import { CS, EXT, SID } from './systems.js';
import { LIFE, PHARMACY, PRESCRIPTION_CODE, PROVINCE, RECEIPT } from './fixtures.js';

const resources = lifeResources(PROVINCE, LIFE);
const dispenses = resources.filter((r) => r.resourceType === 'MedicationDispense') as MedicationDispense[];
const requests = resources.filter((r) => r.resourceType === 'MedicationRequest') as MedicationRequest[];

test('one MedicationDispense per sale line, with the invoice, the pharmacy and the time handed over', () => {
  assert.equal(dispenses.length, 3);
  const [first, second, third] = dispenses;
  for (const d of [first!, second!]) {
    assert.deepEqual(d.identifier, [{ use: 'official', system: SID.hoaDon('75901'), value: 'HD0001532' }]);
    assert.equal(d.subject?.reference, `Patient/${LIFE.resident.id}`);
    assert.equal(d.whenHandedOver, '2026-01-10T17:20:00+07:00');
  }
  assert.equal(first!.status, 'completed');
  assert.equal(first!.performer?.[0]?.actor.reference, `Organization/${PHARMACY.id}`);
  assert.equal(first!.location?.reference, `Location/${PHARMACY.id}`);
  assert.deepEqual(first!.quantity, { value: 30, unit: 'Viên' });
  assert.notEqual(first!.id, second!.id);
  // A sale without a known customer has no subject.
  assert.equal(third!.subject, undefined);
});

test('the prescription a line fills is named by its code, and linked when this resident’s visit issued it', () => {
  const [amlodipine, amoxicillin, paracetamol] = dispenses;
  const byCode = { system: SID.donThuoc, value: PRESCRIPTION_CODE };
  assert.deepEqual(amlodipine!.authorizingPrescription, [
    { reference: `MedicationRequest/${requests[0]!.id}`, type: 'MedicationRequest', identifier: byCode },
  ]);
  // Amoxicillin was not on the prescription: the code only, no made-up link.
  assert.deepEqual(amoxicillin!.authorizingPrescription, [{ type: 'MedicationRequest', identifier: byCode }]);
  assert.equal(paracetamol!.authorizingPrescription, undefined);
});

test('batch, manufacture and expiry travel in a contained Medication', () => {
  const [amlodipine] = dispenses;
  assert.deepEqual(amlodipine!.medicationReference, { reference: '#med' });
  const med = amlodipine!.contained?.[0] as Medication;
  assert.equal(med.resourceType, 'Medication');
  assert.equal(med.id, 'med');
  assert.deepEqual(med.batch, {
    extension: [{ url: EXT.manufactureDate, valueDate: '2025-03-01' }],
    lotNumber: 'AM2501',
    expirationDate: '2028-02-28',
  });
  assert.equal(med.code?.coding?.[0]?.code, '40.469');
  assert.deepEqual(med.identifier, [{ system: SID.soDangKy, value: 'VD-12345-10' }]);
});

test('a purchase receipt is one SupplyDelivery per line into the pharmacy', () => {
  const deliveries = receiptResources(PROVINCE, RECEIPT) as SupplyDelivery[];
  assert.equal(deliveries.length, 2);
  const [first, second] = deliveries;
  assert.notEqual(first!.id, second!.id);
  assert.deepEqual(receiptResources(PROVINCE, RECEIPT), deliveries, 'deterministic');
  assert.deepEqual(first!.identifier, [{ use: 'official', system: SID.phieuNhap('75901'), value: 'PN000042' }]);
  assert.equal(first!.status, 'completed');
  assert.equal(first!.type?.coding?.[0]?.system, CS.supplyItemType);
  assert.equal(first!.type?.coding?.[0]?.code, 'medication');
  assert.deepEqual(first!.suppliedItem, {
    quantity: { value: 300, unit: 'Viên' },
    itemReference: { reference: '#med' },
  });
  assert.equal((first!.contained?.[0] as Medication).batch?.lotNumber, 'AM2501');
  assert.equal((second!.contained?.[0] as Medication).batch?.lotNumber, 'PC2507');
  assert.equal(first!.destination?.reference, `Location/${PHARMACY.id}`);
  assert.equal(first!.supplier?.display, 'Công ty Cổ phần Dược Đồng Nai'.normalize('NFC'));
  assert.equal(first!.occurrenceDateTime, RECEIPT.at);
});
