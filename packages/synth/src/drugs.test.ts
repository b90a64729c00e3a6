import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalogueDrug, controlledKind, DRUG_CATALOGUE, isInHospitalOnly } from './drugs.js';

test('the drug catalogue has about sixty drugs with unique names and well-formed codes', () => {
  assert.ok(DRUG_CATALOGUE.length >= 55 && DRUG_CATALOGUE.length <= 90, `${DRUG_CATALOGUE.length} drugs`);
  assert.equal(new Set(DRUG_CATALOGUE.map((d) => d.name)).size, DRUG_CATALOGUE.length, 'names are unique');
  for (const drug of DRUG_CATALOGUE) {
    assert.match(drug.code, /^40\.\d{1,4}$/, drug.name);
    assert.match(drug.registration, /^V[DN]-\d{5}-\d{2}$/, drug.name);
    if (drug.atc) assert.match(drug.atc, /^[A-Z]\d{2}([A-Z]{1,2}(\d{2})?)?$/, `${drug.name} ATC ${drug.atc}`);
    assert.ok(
      ['Viên', 'Ống', 'Gói', 'Chai', 'Lọ', 'Tuýp', 'Bình'].includes(drug.unit),
      `${drug.name} unit ${drug.unit}`,
    );
    assert.ok(Number.isInteger(drug.price) && drug.price > 0, `${drug.name} price`);
    assert.equal(drug.name, drug.name.normalize('NFC'));
  }
});

test('antibiotics, antihypertensives, antidiabetics and corticoids need a prescription; paracetamol, oresol and vitamins do not', () => {
  for (const drug of DRUG_CATALOGUE) {
    if (drug.antibiotic) assert.ok(drug.prescriptionOnly, `${drug.name} is an antibiotic`);
    if (/^(C0[2-9]|A10|H02)/.test(drug.atc ?? '')) assert.ok(drug.prescriptionOnly, `${drug.name} (${drug.atc})`);
  }
  for (const name of ['Paracetamol 500mg', 'Oresol 245', 'Vitamin C 500mg', 'Vitamin B1 + B6 + B12']) {
    assert.equal(catalogueDrug(name).prescriptionOnly, false, name);
  }
  for (const name of [
    'Amoxicilin 500mg',
    'Amlodipin 5mg',
    'Metformin 850mg',
    'Losartan 50mg',
    'Omeprazol 20mg',
    'Cefuroxim 500mg',
    'Azithromycin 500mg',
    'Ciprofloxacin 500mg',
    'Salbutamol 2mg',
  ]) {
    assert.equal(catalogueDrug(name).prescriptionOnly, true, name);
  }
  assert.ok(DRUG_CATALOGUE.some((d) => d.name.startsWith('Insulin')));
  assert.equal(catalogueDrug('Amoxicilin 500mg').atc, 'J01CA04');
  assert.equal(catalogueDrug('Metformin 850mg').atc, 'A10BA02');
});

test('controlled drugs and in-hospital drugs are told apart', () => {
  assert.equal(controlledKind(catalogueDrug('Diazepam 5mg')), 'psychotropic');
  assert.equal(controlledKind(catalogueDrug('Morphin 10mg/1ml')), 'narcotic');
  assert.equal(controlledKind(catalogueDrug('Paracetamol 500mg')), undefined);
  assert.ok(isInHospitalOnly(catalogueDrug('Ceftriaxon 1g')));
  assert.ok(!isInHospitalOnly(catalogueDrug('Amoxicilin 500mg')));
  assert.throws(() => catalogueDrug('Thuốc không có'));
});
