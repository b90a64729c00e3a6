import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Resource } from '@medplum/fhirtypes';
import { buildRecord } from './build-record';
import { namesFromDisplays, unnamedFacilities } from './facility';

const visit = (id: string, org: string, start: string): Resource => ({
  resourceType: 'Encounter',
  id,
  status: 'finished',
  class: { code: 'AMB' },
  subject: { reference: 'Patient/p1' },
  period: { start },
  serviceProvider: { reference: `Organization/${org}`, display: `Facility ${org}` },
  diagnosis: [{ condition: { reference: `Condition/c-${id}` } }],
});
const diagnosis = (id: string, encounter: string, code: string, date: string): Resource => ({
  resourceType: 'Condition',
  id,
  subject: { reference: 'Patient/p1' },
  encounter: { reference: `Encounter/${encounter}` },
  code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code }], text: `name of ${code}` },
  recordedDate: date,
});
const glucose = (id: string, date: string, value: number, org?: string): Resource => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '2345-7' }], text: 'Glucose' },
  subject: { reference: 'Patient/p1' },
  encounter: { reference: 'Encounter/e1' },
  effectiveDateTime: date,
  valueQuantity: { value, unit: 'mmol/L' },
  referenceRange: [{ low: { value: 3.9 }, high: { value: 6.4 } }],
  ...(org ? { performer: [{ reference: `Organization/${org}` }] } : {}),
});

const resources: Resource[] = [
  { resourceType: 'Patient', id: 'p1', managingOrganization: { reference: 'Organization/a', display: 'Facility a' } },
  visit('e1', 'a', '2026-01-10T08:00:00+07:00'),
  visit('e2', 'b', '2026-03-02T08:00:00+07:00'),
  diagnosis('c-e1', 'e1', 'E11', '2026-01-10'),
  diagnosis('c-e2', 'e2', 'E11', '2026-03-02'),
  glucose('o2', '2026-03-02T09:00:00+07:00', 8.1, 'lab-c'),
  glucose('o1', '2026-01-10T09:00:00+07:00', 7.2),
  {
    resourceType: 'MedicationRequest',
    id: 'm1',
    status: 'completed',
    intent: 'order',
    subject: { reference: 'Patient/p1' },
    encounter: { reference: 'Encounter/e2' },
    medicationCodeableConcept: { text: 'Metformin 500mg' },
    authoredOn: '2026-03-02T09:00:00+07:00',
    dispenseRequest: { expectedSupplyDuration: { value: 30, code: 'd' } },
  },
  {
    resourceType: 'ServiceRequest',
    id: 's1',
    status: 'completed',
    intent: 'order',
    subject: { reference: 'Patient/p1' },
    encounter: { reference: 'Encounter/e1' },
    code: { coding: [{ system: 'http://snomed.info/sct', code: '3457005' }] },
    performer: [{ reference: 'Organization/b', display: 'Facility b' }],
    reasonReference: [{ reference: 'Condition/c-e1' }],
    authoredOn: '2026-01-10',
  },
];

test('visits are newest first, each with the facility that provided it and its diagnoses', () => {
  const record = buildRecord(resources, new Date('2026-03-10T00:00:00Z'));
  assert.deepEqual(
    record.encounters.map((e) => [e.id, e.facility?.name, e.diagnoses]),
    [
      ['e2', 'Facility b', ['E11 · name of E11']],
      ['e1', 'Facility a', ['E11 · name of E11']],
    ],
  );
});

test('one diagnosis seen at two facilities is one row, counted twice, naming both', () => {
  const [row] = buildRecord(resources).conditions;
  assert.equal(row?.count, 2);
  assert.deepEqual(
    row?.facilities.map((f) => f.id),
    ['a', 'b'],
  );
});

test('a repeated lab test (same LOINC code) is one series, oldest first, with the facility that did each', () => {
  const [series] = buildRecord(resources).labs;
  assert.equal(series?.loinc, '2345-7');
  assert.deepEqual(
    series?.points.map((p) => [p.value, p.facility?.id]),
    [
      [7.2, 'a'],
      [8.1, 'lab-c'],
    ],
  );
  assert.equal(series?.high, 6.4);
});

test('a completed prescription whose supply reaches today is a current medication', () => {
  assert.equal(buildRecord(resources, new Date('2026-03-20T00:00:00Z')).currentMedications.length, 1);
  assert.equal(buildRecord(resources, new Date('2026-05-20T00:00:00Z')).currentMedications.length, 0);
});

test('referrals name where from, where to and why', () => {
  assert.deepEqual(buildRecord(resources).referrals[0], {
    id: 's1',
    date: '2026-01-10',
    from: { id: 'a', name: 'Facility a' },
    to: { id: 'b', name: 'Facility b' },
    reason: 'name of E11',
    status: 'completed',
  });
});

test('facility names come from displays; only the others are fetched', () => {
  const named = namesFromDisplays(resources);
  assert.equal(named.get('a'), 'Facility a');
  assert.deepEqual(unnamedFacilities(resources, named), ['lab-c']);
});

test('surgery, family history, and imaging and other reports each have their section', () => {
  const record = buildRecord([
    visit('e1', 'a', '2026-01-10T08:00:00+07:00'),
    {
      resourceType: 'Procedure',
      id: 'pr1',
      status: 'completed',
      subject: { reference: 'Patient/p1' },
      encounter: { reference: 'Encounter/e1' },
      category: { coding: [{ system: 'http://snomed.info/sct', code: '387713003' }], text: 'Phẫu thuật' },
      code: { text: 'Cắt ruột thừa' },
      performedPeriod: { start: '2026-01-10T10:00:00+07:00' },
    },
    {
      resourceType: 'Procedure',
      id: 'pr2',
      status: 'not-done',
      subject: { reference: 'Patient/p1' },
      code: { text: 'never done' },
    },
    {
      resourceType: 'FamilyMemberHistory',
      id: 'f1',
      status: 'completed',
      patient: { reference: 'Patient/p1' },
      relationship: { text: 'Mẹ' },
      deceasedBoolean: true,
      condition: [{ code: { text: 'Đái tháo đường' } }, { code: { text: 'Tăng huyết áp' } }],
    },
    {
      resourceType: 'DiagnosticReport',
      id: 'd1',
      status: 'final',
      category: [{ coding: [{ code: 'RAD' }] }],
      code: { text: 'X-quang ngực thẳng' },
      subject: { reference: 'Patient/p1' },
      encounter: { reference: 'Encounter/e1' },
      effectiveDateTime: '2026-01-10T09:00:00+07:00',
      conclusion: 'Không thấy tổn thương',
    },
    {
      resourceType: 'DiagnosticReport',
      id: 'd2',
      status: 'final',
      category: [{ coding: [{ code: 'LAB' }] }],
      code: { text: 'Công thức máu' },
      subject: { reference: 'Patient/p1' },
    },
    {
      resourceType: 'DocumentReference',
      id: 'x7',
      status: 'current',
      type: { coding: [{ system: 'http://fhir.lienthong.vn/CodeSystem/xml130-table', code: 'XML7' }] },
      content: [{ attachment: { contentType: 'application/xml' } }],
    },
  ]);
  assert.deepEqual(
    record.procedures.map((p) => [p.name, p.surgery, p.facility?.id]),
    [['Cắt ruột thừa', true, 'a']],
  );
  assert.deepEqual(record.familyHistory, [
    { id: 'f1', relative: 'Mẹ', conditions: 'Đái tháo đường; Tăng huyết áp', deceased: true },
  ]);
  // The laboratory report is in the lab results; a claim table kept as received is not a clinical document.
  assert.deepEqual(
    record.reports.map((r) => [r.kind, r.name, r.conclusion, r.facility?.id]),
    [['imaging', 'X-quang ngực thẳng', 'Không thấy tổn thương', 'a']],
  );
});
