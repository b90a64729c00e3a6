import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Resource } from '@medplum/fhirtypes';
import type { TestApp } from '../support/test-app.js';
import { ids, request, search, searchIds, seed, startSearchApp } from './helpers.js';

// Parameters answered from other parameters' rows (fhir/search/shared-rows.ts):
// Observation combo-code = code | component-code, patient = subject pointing at a
// Patient, Patient phonetic = name. Searched through HTTP, they must behave as
// if their rows were stored.
let app: TestApp;
const LOINC = 'http://loinc.org';
before(async () => {
  app = await startSearchApp();
  await seed(app, [
    { resourceType: 'Patient', id: 'an', name: [{ family: 'Nguyễn', given: ['Văn', 'An'] }] },
    { resourceType: 'Patient', id: 'binh', name: [{ family: 'Trần', given: ['Thị', 'Bình'] }] },
    { resourceType: 'Group', id: 'ho-gia-dinh', type: 'person', actual: true },
    {
      resourceType: 'Observation',
      id: 'bp',
      status: 'final',
      code: { coding: [{ system: LOINC, code: '85354-9' }] },
      subject: { reference: 'Patient/an' },
      component: [
        {
          code: { coding: [{ system: LOINC, code: '8480-6' }] },
          valueQuantity: { value: 140, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
        },
      ],
    },
    {
      resourceType: 'Observation',
      id: 'weight',
      status: 'final',
      code: { coding: [{ system: LOINC, code: '29463-7' }] },
      subject: { reference: 'Patient/binh' },
      valueQuantity: { value: 52, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' },
    },
    {
      resourceType: 'Observation',
      id: 'household',
      status: 'final',
      code: { coding: [{ system: LOINC, code: '29463-7' }] },
      subject: { reference: 'Group/ho-gia-dinh' },
    },
    {
      resourceType: 'Condition',
      id: 'sxh',
      subject: { reference: 'Patient/an' },
      code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'A91' }] },
    },
  ] as Resource[]);
});
after(() => app.close());

test('combo-code finds a code in the observation and in its components', async () => {
  assert.deepEqual(await searchIds(app, `Observation?combo-code=${LOINC}|85354-9`), ['bp']);
  assert.deepEqual(await searchIds(app, `Observation?combo-code=8480-6`), ['bp']);
  assert.deepEqual(await searchIds(app, `Observation?combo-code=29463-7`), ['household', 'weight']);
  assert.deepEqual(await searchIds(app, `Observation?combo-code:not=8480-6`), ['household', 'weight']);
  assert.deepEqual(await searchIds(app, `Observation?combo-value-quantity=gt100`), ['bp']);
  assert.deepEqual(await searchIds(app, `Observation?combo-value-quantity=52||kg`), ['weight']);
  assert.deepEqual(await searchIds(app, `Observation?combo-code-value-quantity=8480-6$gt130`), ['bp']);
  assert.deepEqual(await searchIds(app, `Observation?combo-code-value-quantity=29463-7$lt60`), ['weight']);
  assert.deepEqual(await searchIds(app, `Observation?combo-value-quantity:missing=true`), ['household']);
});

test('patient finds what the subject points at only when it is a Patient', async () => {
  assert.deepEqual(await searchIds(app, 'Observation?patient=an'), ['bp']);
  assert.deepEqual(await searchIds(app, 'Observation?patient=Patient/binh'), ['weight']);
  assert.deepEqual(await searchIds(app, 'Observation?patient=ho-gia-dinh'), []);
  assert.deepEqual(await searchIds(app, 'Observation?subject=Group/ho-gia-dinh'), ['household']);
  assert.deepEqual(await searchIds(app, 'Observation?patient:missing=true'), ['household']);
  assert.deepEqual(await searchIds(app, 'Observation?patient.name=tran'), ['weight']);
  assert.deepEqual(await searchIds(app, 'Patient?_has:Observation:patient:combo-code=8480-6'), ['an']);
  assert.deepEqual(await searchIds(app, 'Condition?patient=an'), ['sxh']);
});

test('_include, _revinclude and _sort on shared parameters', async () => {
  const included = await search(app, 'Observation?combo-code=29463-7&_include=Observation:patient');
  assert.deepEqual(ids(included), ['household', 'weight']);
  assert.deepEqual(ids(included, 'include'), ['binh'], 'the Group is not a patient');
  const revincluded = await search(app, 'Patient?_id=an&_revinclude=Observation:patient');
  assert.deepEqual(ids(revincluded, 'include'), ['bp']);
  const sorted = await search(app, 'Observation?_sort=-combo-code&_id=bp,weight');
  assert.deepEqual(
    sorted.entry!.map((e) => e.resource!.id),
    ['bp', 'weight'],
    "descending, by each one's greatest code: bp's 85354-9 before 29463-7",
  );
});

test('phonetic searches the names, and the patient compartment still holds the Condition', async () => {
  assert.deepEqual(await searchIds(app, 'Patient?phonetic=nguyen'), ['an']);
  assert.deepEqual(await searchIds(app, 'Patient?phonetic=binh'), ['binh']);
  const everything = await request<{ entry?: { resource: Resource }[] }>(app, 'GET', 'Patient/an/Condition');
  assert.equal(everything.status, 200);
  assert.deepEqual(
    everything.body.entry?.map((e) => e.resource.id),
    ['sxh'],
  );
});
