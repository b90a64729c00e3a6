import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Resource } from '@medplum/fhirtypes';
import type { TestApp } from '../support/test-app.js';
import { expectError, searchIds, seed, startSearchApp } from './helpers.js';

// uri (https://hl7.org/fhir/R4/search.html#uri) with :below and :above,
// composite (#composite), :missing (#modifiers) across types, _id and _profile.
const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const PROFILE = 'http://lienthong.vn/fhir/StructureDefinition/vn-patient';

const valueSet = (id: string, url: string): Resource => ({ resourceType: 'ValueSet', id, status: 'active', url });
const vital = (id: string, code: string, value?: number, extra: object = {}): Resource =>
  ({
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: LOINC, code }] },
    ...(value !== undefined ? { valueQuantity: { value, system: UCUM, code: 'mm[Hg]', unit: 'mmHg' } } : {}),
    ...extra,
  }) as Resource;
const component = (code: string, value: number): object => ({
  code: { coding: [{ system: LOINC, code }] },
  valueQuantity: { value, system: UCUM, code: 'mm[Hg]' },
});

let app: TestApp;
before(async () => {
  app = await startSearchApp();
  await seed(app, [
    valueSet('vs123', 'http://acme.org/fhir/ValueSet/123'),
    valueSet('vs124', 'http://acme.org/fhir/ValueSet/124'),
    valueSet('root', 'http://acme.org/fhir'),
    valueSet('other', 'http://other.org/fhir/ValueSet/123'),
    valueSet('oid', 'urn:oid:1.2.3.4'),
    valueSet('sibling', 'http://acme.org/fhirx/ValueSet/1'),
    valueSet('odd', 'http://acme.org/fhir/ValueSet/a_b%c'),
    { resourceType: 'ValueSet', id: 'nourl', status: 'draft' },
    vital('sys130', '8480-6', 130),
    vital('sys95', '8480-6', 95),
    vital('dia130', '8462-4', 130),
    vital('panel', '85354-9', undefined, { component: [component('8480-6', 150), component('8462-4', 90)] }),
    { resourceType: 'Patient', id: 'profiled', meta: { profile: [PROFILE] }, name: [{ family: 'Lý' }] },
    { resourceType: 'Patient', id: 'plain', gender: 'other' },
  ]);
});
after(async () => {
  await app.close();
});

test('uri: exact match by default', async () => {
  assert.deepEqual(await searchIds(app, 'ValueSet?url=http://acme.org/fhir'), ['root']);
  assert.deepEqual(await searchIds(app, 'ValueSet?url=http://acme.org/fhir/ValueSet/123'), ['vs123']);
  assert.deepEqual(await searchIds(app, 'ValueSet?url=urn:oid:1.2.3.4'), ['oid']);
  assert.deepEqual(await searchIds(app, 'ValueSet?url=http://ACME.org/fhir'), []);
  assert.deepEqual(await searchIds(app, 'ValueSet?url=http://acme.org/fhir/ValueSet/a_b%25c'), ['odd']);
});

test('uri :below matches the URL and everything under its path', async () => {
  assert.deepEqual(await searchIds(app, 'ValueSet?url:below=http://acme.org/fhir'), ['odd', 'root', 'vs123', 'vs124']);
  assert.deepEqual(await searchIds(app, 'ValueSet?url:below=http://acme.org/fhir/'), ['odd', 'vs123', 'vs124']);
  assert.deepEqual(await searchIds(app, 'ValueSet?url:below=http://acme.org/fhir/ValueSet/12'), []);
  assert.deepEqual(await searchIds(app, 'ValueSet?url:below=http://acme.org/fhir/ValueSet/a_'), []);
});

test('uri :above matches the URL and every parent path', async () => {
  assert.deepEqual(await searchIds(app, 'ValueSet?url:above=http://acme.org/fhir/ValueSet/123/_history/5'), [
    'root',
    'vs123',
  ]);
  assert.deepEqual(await searchIds(app, 'ValueSet?url:above=http://acme.org/fhir'), ['root']);
  assert.deepEqual(await searchIds(app, 'ValueSet?url:above=http://acme.org/fhirx/ValueSet/1'), ['sibling']);
  assert.deepEqual(await searchIds(app, 'ValueSet?url:above=http://acme.org/fhir/ValueSet/1234'), ['root']);
});

test('_profile is a uri on every resource type', async () => {
  assert.deepEqual(await searchIds(app, `Patient?_profile=${PROFILE}`), ['profiled']);
  assert.deepEqual(await searchIds(app, 'Patient?_profile:below=http://lienthong.vn/fhir'), ['profiled']);
  assert.deepEqual(await searchIds(app, 'Patient?_profile:missing=true'), ['plain']);
  assert.deepEqual(await searchIds(app, `Observation?_profile=${PROFILE}`), []);
});

test('composite code-value-quantity pairs the code with its own value', async () => {
  assert.deepEqual(await searchIds(app, `Observation?code-value-quantity=${LOINC}|8480-6$gt100`), ['sys130']);
  assert.deepEqual(await searchIds(app, 'Observation?code-value-quantity=8480-6$lt100'), ['sys95']);
  assert.deepEqual(await searchIds(app, `Observation?code-value-quantity=${LOINC}|8480-6$130|${UCUM}|mm%5BHg%5D`), [
    'sys130',
  ]);
  assert.deepEqual(await searchIds(app, `Observation?code-value-quantity=${LOINC}|8480-6$130|${UCUM}|kg`), []);
  assert.deepEqual(
    await searchIds(app, `Observation?code-value-quantity=${LOINC}|8480-6$gt100,${LOINC}|8462-4$gt100`),
    ['dia130', 'sys130'],
  );
  // Each component pairs its own code and value: 150 belongs to 8480-6, not 8462-4.
  assert.deepEqual(await searchIds(app, `Observation?component-code-value-quantity=${LOINC}|8480-6$gt140`), ['panel']);
  assert.deepEqual(await searchIds(app, `Observation?component-code-value-quantity=${LOINC}|8462-4$gt140`), []);
  assert.deepEqual(await searchIds(app, `Observation?combo-code-value-quantity=${LOINC}|8480-6$gt100`), [
    'panel',
    'sys130',
  ]);
});

test('malformed composites are 400', async () => {
  await expectError(app, `Observation?code-value-quantity=${LOINC}|8480-6`);
  await expectError(app, `Observation?code-value-quantity=${LOINC}|8480-6$abc`);
  await expectError(app, 'Observation?code-value-quantity:not=8480-6$1');
});

test(':missing across parameter types', async () => {
  assert.deepEqual(await searchIds(app, 'ValueSet?url:missing=true'), ['nourl']);
  assert.equal((await searchIds(app, 'ValueSet?url:missing=false')).length, 7);
  assert.deepEqual(await searchIds(app, 'Patient?family:missing=true'), ['plain']);
  assert.deepEqual(await searchIds(app, 'Patient?family:missing=false'), ['profiled']);
  assert.deepEqual(await searchIds(app, 'Observation?value-quantity:missing=true'), ['panel']);
  assert.deepEqual(await searchIds(app, 'Observation?component-code-value-quantity:missing=false'), ['panel']);
  assert.deepEqual(await searchIds(app, 'Observation?subject:missing=true'), ['dia130', 'panel', 'sys130', 'sys95']);
  assert.deepEqual(await searchIds(app, 'Patient?family:missing=true&gender:missing=false'), ['plain']);
  // Every resource has an id.
  assert.deepEqual(await searchIds(app, 'Patient?_id:missing=true'), []);
  assert.deepEqual(await searchIds(app, 'Patient?_id:missing=false'), ['plain', 'profiled']);
});

test('_id', async () => {
  assert.deepEqual(await searchIds(app, 'Patient?_id=plain'), ['plain']);
  assert.deepEqual(await searchIds(app, 'Patient?_id=plain,profiled,nosuch'), ['plain', 'profiled']);
  assert.deepEqual(await searchIds(app, 'Patient?_id=vs123'), []);
  assert.deepEqual(await searchIds(app, 'Patient?_id=%27%20OR%201%3D1%20--'), []);
  assert.deepEqual(await searchIds(app, 'Patient?_id=plain&gender=other'), ['plain']);
  assert.deepEqual(await searchIds(app, 'Patient?_id=plain&gender=male'), []);
});
