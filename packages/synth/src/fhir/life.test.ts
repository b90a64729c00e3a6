import { test } from 'node:test';
import assert from 'node:assert/strict';
import type {
  Condition,
  DiagnosticReport,
  Encounter,
  Immunization,
  MedicationRequest,
  Observation,
  Procedure,
  Resource,
  ServiceRequest,
} from '@medplum/fhirtypes';
import { lifeResources } from './life.js';
import { facilityResources } from './facility.js';
import { workerResources } from './worker.js';
import { FHIR_ID } from './ids.js';
import { CS, SID } from './systems.js';
import { HOSPITAL, LIFE, PRESCRIPTION_CODE, PROVINCE, STATION, STATION_DOCTOR } from './fixtures.js';

const resources = lifeResources(PROVINCE, LIFE);
const shared = [
  ...PROVINCE.facilities.flatMap((f) => facilityResources(PROVINCE, f)),
  ...PROVINCE.workers.flatMap((w) => workerResources(PROVINCE, w)),
];
const [visit0, visit1] = LIFE.visits as [(typeof LIFE.visits)[0], (typeof LIFE.visits)[0]];

function ofType<T extends Resource>(type: T['resourceType'], list: Resource[] = resources): T[] {
  return list.filter((r) => r.resourceType === type) as T[];
}

/** Every `reference` string anywhere in a resource, with the resource it was found in. */
function references(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) references(item, out);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'reference' && typeof value === 'string') out.push(value);
      else references(value, out);
    }
  }
  return out;
}

test('a life comes out in storing order: Patient, duplicates, each visit, vaccinations, dispensing', () => {
  assert.deepEqual(
    resources.map((r) => r.resourceType),
    [
      'Patient',
      'Patient',
      // visit 0: hypertension at the station, referred on
      'Encounter',
      'Condition',
      'Condition',
      'ServiceRequest',
      'Observation',
      'DiagnosticReport', // the chest X-ray (the ECG makes no resource)
      'Procedure', // the wound suture
      'MedicationRequest',
      // visit 1: dengue admission at the hospital
      'Encounter',
      'Condition',
      'Observation',
      'Observation',
      'Observation',
      'MedicationRequest',
      'Immunization',
      'MedicationDispense',
      'MedicationDispense',
      'MedicationDispense',
    ],
  );
  assert.equal(resources[0]!.id, LIFE.resident.id);
  assert.equal(resources[1]!.id, LIFE.duplicates[0]!.id);
});

test('every reference resolves within the life and the province’s shared resources', () => {
  const known = new Set([...resources, ...shared].map((r) => `${r.resourceType}/${r.id}`));
  for (const r of resources) {
    const contained = new Set(((r as { contained?: Resource[] }).contained ?? []).map((c) => `#${c.id}`));
    for (const ref of references(r)) {
      if (ref.startsWith('#')) assert.ok(contained.has(ref), `${r.resourceType}/${r.id}: ${ref} is not contained`);
      else assert.ok(known.has(ref), `${r.resourceType}/${r.id} points to ${ref}, which is nowhere`);
    }
  }
});

test('ids are valid FHIR ids, unique per type, and the same on every run', () => {
  const keys = resources.map((r) => `${r.resourceType}/${r.id}`);
  assert.equal(new Set(keys).size, keys.length);
  for (const r of resources) assert.match(r.id ?? '', FHIR_ID);
  assert.equal(JSON.stringify(lifeResources(PROVINCE, LIFE)), JSON.stringify(resources));
  // Another visit id moves only that visit's derived ids.
  const moved = lifeResources(PROVINCE, {
    ...LIFE,
    visits: [{ ...visit0, id: visit0.id.replace(/^.{8}/, '00000000') }, visit1],
  });
  const ids = (list: Resource[]) => new Set(list.map((r) => r.id));
  const before = ids(resources);
  const after = ids(moved);
  const visit1Ids = resources.slice(10, 16).map((r) => r.id);
  for (const id of visit1Ids) assert.ok(after.has(id), 'visit 1 keeps its ids');
  assert.ok(
    resources.slice(2, 10).every((r) => !after.has(r.id)),
    'visit 0 gets new ids',
  );
  assert.equal(before.size, after.size);
});

test('each Encounter carries MA_LK, class, period, attender, its facility as serviceProvider and its diagnoses', () => {
  const [first, second] = ofType<Encounter>('Encounter');
  assert.deepEqual(first!.identifier, [{ use: 'official', system: SID.maLk('75011'), value: visit0.id }]);
  assert.equal(first!.id, visit0.id);
  assert.equal(first!.status, 'finished');
  assert.deepEqual(first!.class, { system: CS.v3ActCode, code: 'AMB', display: 'ambulatory' });
  assert.equal(second!.class.code, 'IMP');
  assert.deepEqual(first!.period, { start: visit0.start, end: visit0.end });
  assert.equal(first!.subject?.reference, `Patient/${LIFE.resident.id}`);
  assert.equal(
    second!.subject?.reference,
    `Patient/${LIFE.duplicates[0]!.id}`,
    'the duplicate’s visit is on the duplicate',
  );
  assert.equal(first!.participant?.[0]?.individual?.reference, `Practitioner/${STATION_DOCTOR.id}`);
  assert.equal(first!.serviceProvider?.reference, `Organization/${STATION.id}`);
  assert.equal(second!.serviceProvider?.reference, `Organization/${HOSPITAL.id}`);
  assert.equal(first!.reasonCode?.[0]?.text, 'Khám tăng huyết áp định kỳ');
  const conditions = ofType<Condition>('Condition');
  assert.deepEqual(
    first!.diagnosis?.map((d) => [d.condition.reference, d.rank]),
    [
      [`Condition/${conditions[0]!.id}`, 1],
      [`Condition/${conditions[1]!.id}`, 2],
    ],
  );
  // Referral out and in.
  assert.equal(first!.hospitalization?.destination?.reference, `Organization/${HOSPITAL.id}`);
  assert.equal(first!.hospitalization?.dischargeDisposition?.coding?.[0]?.code, 'other-hcf');
  assert.equal(second!.hospitalization?.origin?.reference, `Organization/${STATION.id}`);
  assert.equal(second!.hospitalization?.dischargeDisposition?.coding?.[0]?.code, 'home');
  // An ordinary outpatient visit has no hospitalization block.
  const plain = lifeResources(PROVINCE, { ...LIFE, visits: [{ ...visit0, referredTo: undefined, dischargeType: 1 }] });
  assert.equal(ofType<Encounter>('Encounter', plain)[0]!.hospitalization, undefined);
});

test('each diagnosis is a confirmed encounter-diagnosis Condition coded in ICD-10 with its Vietnamese name', () => {
  const conditions = ofType<Condition>('Condition');
  assert.deepEqual(
    conditions.map((c) => c.code?.coding?.[0]?.code),
    ['I10', 'E11.9', 'A91'],
  );
  for (const c of conditions) {
    assert.equal(c.code?.coding?.[0]?.system, CS.icd10);
    assert.equal(c.category?.[0]?.coding?.[0]?.code, 'encounter-diagnosis');
    assert.equal(c.verificationStatus?.coding?.[0]?.code, 'confirmed');
    assert.ok(c.clinicalStatus?.coding?.[0]?.code);
    assert.equal(c.code?.text, c.code?.text?.normalize('NFC'));
  }
  assert.equal(conditions[0]!.code?.text, 'Bệnh lý tăng huyết áp vô căn (nguyên phát)');
  assert.equal(conditions[0]!.clinicalStatus?.coding?.[0]?.code, 'active');
  const dengue = conditions[2]!;
  assert.equal(dengue.onsetDateTime, '2026-06-29');
  assert.equal(dengue.recordedDate, visit1.start);
  assert.equal(dengue.clinicalStatus?.coding?.[0]?.code, 'resolved', 'cured at discharge');
  assert.equal(dengue.encounter?.reference, `Encounter/${visit1.id}`);
  assert.equal(dengue.subject?.reference, `Patient/${LIFE.duplicates[0]!.id}`);
  assert.equal(conditions[0]!.onsetDateTime, undefined);
});

test('a referral out is a ServiceRequest to the receiving facility', () => {
  const [referral] = ofType<ServiceRequest>('ServiceRequest');
  assert.equal(referral!.intent, 'order');
  assert.deepEqual(referral!.code?.coding?.[0], { system: CS.snomed, code: '3457005', display: 'Patient referral' });
  assert.equal(referral!.performer?.[0]?.reference, `Organization/${HOSPITAL.id}`);
  assert.equal(referral!.encounter?.reference, `Encounter/${visit0.id}`);
  assert.equal(referral!.authoredOn, visit0.end);
});

test('lab results: LOINC and the lab’s own code, UCUM quantities, ranges, interpretations, coded positives', () => {
  const [glucose, ns1, platelets, group] = ofType<Observation>('Observation');
  assert.deepEqual(glucose!.code.coding, [
    { system: CS.loinc, code: '15074-8' },
    { system: CS.chiSo('75011'), code: 'GLU', display: 'Glucose máu' },
  ]);
  assert.deepEqual(glucose!.valueQuantity, { value: 8.4, unit: 'mmol/L', system: CS.ucum, code: 'mmol/L' });
  assert.deepEqual(glucose!.referenceRange?.[0]?.low?.value, 3.9);
  assert.deepEqual(glucose!.referenceRange?.[0]?.high?.value, 6.4);
  assert.equal(glucose!.interpretation?.[0]?.coding?.[0]?.code, 'H');
  assert.equal(glucose!.status, 'final');
  assert.equal(glucose!.category?.[0]?.coding?.[0]?.code, 'laboratory');
  assert.equal(glucose!.performer?.[0]?.reference, `Organization/${STATION.id}`);
  assert.equal(glucose!.effectiveDateTime, visit0.labs[0]!.at);
  // No LOINC: only the local code, in the hospital's system.
  assert.deepEqual(ns1!.code.coding, [{ system: CS.chiSo('75001'), code: 'NS1', display: 'Dengue NS1 Ag' }]);
  assert.deepEqual(ns1!.valueCodeableConcept, {
    coding: [{ system: CS.snomed, code: '10828004', display: 'Positive' }],
    text: 'Dương tính'.normalize('NFC'),
  });
  assert.equal(platelets!.interpretation?.[0]?.coding?.[0]?.code, 'L');
  assert.equal(group!.valueString, 'O');
  assert.equal(group!.referenceRange, undefined);
});

test('vital signs: one blood-pressure panel per measured visit, only when asked for', () => {
  assert.equal(
    ofType<Observation>('Observation').filter((o) => o.category?.[0]?.coding?.[0]?.code === 'vital-signs').length,
    0,
  );
  const withVitals = lifeResources(PROVINCE, LIFE, { vitalSigns: true });
  const bp = ofType<Observation>('Observation', withVitals).filter(
    (o) => o.category?.[0]?.coding?.[0]?.code === 'vital-signs',
  );
  assert.equal(bp.length, 1, 'visit 1 measured no vitals');
  assert.equal(bp[0]!.code.coding?.[0]?.code, '85354-9');
  assert.deepEqual(
    bp[0]!.component?.map((c) => [c.code.coding?.[0]?.code, c.valueQuantity?.value]),
    [
      ['8480-6', 156],
      ['8462-4', 94],
    ],
  );
});

test('drug lines are completed MedicationRequests carrying the e-prescription code', () => {
  const [amlodipine, paracetamol] = ofType<MedicationRequest>('MedicationRequest');
  const code = { system: SID.donThuoc, value: PRESCRIPTION_CODE };
  assert.deepEqual(amlodipine!.identifier, [{ use: 'official', ...code }], 'found by the pharmacy’s identifier search');
  assert.deepEqual(amlodipine!.groupIdentifier, code);
  assert.equal(amlodipine!.status, 'completed');
  assert.equal(amlodipine!.intent, 'order');
  assert.deepEqual(amlodipine!.medicationCodeableConcept, {
    coding: [
      { system: CS.thuoc, code: '40.469', display: 'Amlodipin' },
      { system: CS.atc, code: 'C08CA01' },
    ],
    text: 'Amlodipin 5mg',
  });
  assert.equal(amlodipine!.dosageInstruction?.[0]?.text, 'Ngày uống 1 lần, mỗi lần 1 viên, buổi sáng');
  assert.deepEqual(amlodipine!.dispenseRequest?.quantity, { value: 30, unit: 'Viên' });
  assert.deepEqual(amlodipine!.dispenseRequest?.expectedSupplyDuration, {
    value: 30,
    unit: 'd',
    system: CS.ucum,
    code: 'd',
  });
  assert.equal(amlodipine!.requester?.reference, `Practitioner/${STATION_DOCTOR.id}`);
  assert.equal(amlodipine!.authoredOn, visit0.drugs[0]!.orderedAt);
  // The strength already in the name is not repeated; no prescription, no code.
  assert.equal(paracetamol!.medicationCodeableConcept?.text, 'Paracetamol 500mg');
  assert.equal(paracetamol!.identifier, undefined);
  assert.equal(paracetamol!.groupIdentifier, undefined);
});

test('vaccinations are completed Immunizations with CVX, lot, dose and the facility', () => {
  const [imm] = ofType<Immunization>('Immunization');
  assert.equal(imm!.id, LIFE.vaccinations[0]!.id);
  assert.equal(imm!.status, 'completed');
  assert.deepEqual(imm!.vaccineCode, { coding: [{ system: CS.cvx, code: '208' }], text: 'Vắc xin COVID-19 Pfizer' });
  assert.equal(imm!.occurrenceDateTime, '2025-12-05');
  assert.equal(imm!.lotNumber, 'FK1234');
  assert.equal(imm!.location?.reference, `Location/${STATION.id}`);
  assert.equal(imm!.performer?.[0]?.actor.reference, `Organization/${STATION.id}`);
  assert.deepEqual(imm!.protocolApplied, [{ targetDisease: [{ text: 'COVID-19' }], doseNumberPositiveInt: 3 }]);
});

test('procedures and imaging studies of a visit are a Procedure and a radiology report, with findings from the diagnosis', () => {
  const [procedure] = ofType<Procedure>('Procedure');
  assert.equal(procedure!.code?.text, 'Khâu vết thương phần mềm nông dài dưới 10 cm');
  assert.equal(procedure!.category?.coding?.[0]?.code, '71388002', 'a suture is a procedure, not surgery');
  assert.equal(procedure!.encounter?.reference, `Encounter/${visit0.id}`);
  assert.equal(procedure!.performedDateTime, '2026-01-10T08:50:00+07:00');
  const [report] = ofType<DiagnosticReport>('DiagnosticReport');
  assert.equal(report!.category?.[0]?.coding?.[0]?.code, 'RAD');
  assert.equal(report!.code.text, 'Chụp X-quang ngực thẳng');
  // Hypertension (I10) is no lung disease: the film shows nothing abnormal.
  assert.equal(report!.conclusion, 'Chưa phát hiện bất thường.');
  assert.equal(report!.performer?.[0]?.reference, `Organization/${STATION.id}`);
});
