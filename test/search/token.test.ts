import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestApp } from '../support/test-app.js';
import { expectError, searchIds, seed, startSearchApp } from './helpers.js';

// Token search (https://hl7.org/fhir/R4/search.html#token): [system]|[code],
// |[code] (no system), [system]| (any code), [code] (any system), and the
// :not, :text and :of-type modifiers.
const V2 = 'http://terminology.hl7.org/CodeSystem/v2-0203';
const LOINC = 'http://loinc.org';
const SNOMED = 'http://snomed.info/sct';
const TAGS = 'http://lienthong.vn/tag';
const CONF = 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality';

let app: TestApp;
before(async () => {
  app = await startSearchApp();
  await seed(app, [
    {
      resourceType: 'Patient',
      id: 't1',
      meta: { tag: [{ system: TAGS, code: 'demo' }], security: [{ system: CONF, code: 'R' }] },
      identifier: [
        { system: 'urn:cccd', value: '001080000001', type: { coding: [{ system: V2, code: 'NI' }], text: 'Căn cước' } },
        { system: 'urn:bhyt', value: 'DN4010100000001', type: { coding: [{ system: V2, code: 'MB' }] } },
      ],
      gender: 'male',
      active: true,
      telecom: [
        { system: 'phone', value: '0912345678' },
        { system: 'email', value: 'an@example.vn' },
      ],
    },
    {
      resourceType: 'Patient',
      id: 't2',
      meta: { tag: [{ system: TAGS, code: 'import' }] },
      identifier: [{ value: '001080000001' }],
      gender: 'female',
      active: false,
    },
    {
      resourceType: 'Patient',
      id: 't3',
      meta: { security: [{ system: CONF, code: 'N' }] },
      identifier: [
        { system: 'urn:other', value: 'X1' },
        { system: 'urn:pipe', value: 'A|B' },
      ],
    },
    obs('o1', {
      coding: [{ system: LOINC, code: '8480-6', display: 'Systolic blood pressure' }],
      text: 'Huyết áp tâm thu',
    }),
    obs('o2', {
      coding: [
        { system: LOINC, code: '8867-4', display: 'Heart rate' },
        { system: SNOMED, code: '364075005' },
      ],
    }),
    obs('o3', { coding: [{ code: '8480-6' }] }),
    obs('o4', { text: 'Đường huyết' }),
  ]);
});
after(async () => {
  await app.close();
});

function obs(id: string, code: object): { resourceType: 'Observation'; id: string; status: 'final'; code: never } {
  return { resourceType: 'Observation', id, status: 'final', code: code as never };
}

test('system|code, |code, system| and code alone on identifiers', async () => {
  assert.deepEqual(await searchIds(app, 'Patient?identifier=urn:cccd|001080000001'), ['t1']);
  assert.deepEqual(await searchIds(app, 'Patient?identifier=001080000001'), ['t1', 't2']);
  assert.deepEqual(await searchIds(app, 'Patient?identifier=|001080000001'), ['t2']);
  assert.deepEqual(await searchIds(app, 'Patient?identifier=urn:bhyt|'), ['t1']);
  assert.deepEqual(await searchIds(app, 'Patient?identifier=urn:bhyt|001080000001'), []);
  assert.deepEqual(await searchIds(app, 'Patient?identifier=urn:cccd|001080000001,urn:other|X1'), ['t1', 't3']);
});

test('an escaped | belongs to the code', async () => {
  assert.deepEqual(await searchIds(app, 'Patient?identifier=urn:pipe|A%5C|B'), ['t3']);
  assert.deepEqual(await searchIds(app, 'Patient?identifier=A%5C|B'), ['t3']);
});

test('system|code, |code, system| and code alone on CodeableConcepts', async () => {
  assert.deepEqual(await searchIds(app, `Observation?code=${LOINC}|8480-6`), ['o1']);
  assert.deepEqual(await searchIds(app, 'Observation?code=8480-6'), ['o1', 'o3']);
  assert.deepEqual(await searchIds(app, 'Observation?code=|8480-6'), ['o3']);
  assert.deepEqual(await searchIds(app, `Observation?code=${LOINC}|`), ['o1', 'o2']);
  assert.deepEqual(await searchIds(app, `Observation?code=${SNOMED}|364075005`), ['o2']);
  assert.deepEqual(await searchIds(app, `Observation?code=${LOINC}|8480-6,${LOINC}|8867-4`), ['o1', 'o2']);
  // Codes are case-sensitive.
  assert.deepEqual(await searchIds(app, 'Observation?code=8480-6X'), []);
});

test('codes, booleans, and contact points', async () => {
  assert.deepEqual(await searchIds(app, 'Patient?gender=male'), ['t1']);
  assert.deepEqual(await searchIds(app, 'Patient?gender=male,female'), ['t1', 't2']);
  assert.deepEqual(await searchIds(app, 'Patient?active=true'), ['t1']);
  assert.deepEqual(await searchIds(app, 'Patient?active=false'), ['t2']);
  assert.deepEqual(await searchIds(app, 'Patient?phone=0912345678'), ['t1']);
  assert.deepEqual(await searchIds(app, 'Patient?email=an@example.vn'), ['t1']);
  assert.deepEqual(await searchIds(app, 'Patient?phone=an@example.vn'), []);
});

test(':not excludes matches and keeps resources with no value', async () => {
  assert.deepEqual(await searchIds(app, 'Patient?gender:not=male'), ['t2', 't3']);
  assert.deepEqual(await searchIds(app, `Observation?code:not=${LOINC}|8480-6`), ['o2', 'o3', 'o4']);
  assert.deepEqual(await searchIds(app, 'Observation?code:not=8480-6'), ['o2', 'o4']);
  assert.deepEqual(await searchIds(app, 'Patient?gender:not=male,female'), ['t3']);
});

test(':text searches the display and text, ignoring case and accents', async () => {
  assert.deepEqual(await searchIds(app, 'Observation?code:text=huyet%20ap'), ['o1']);
  assert.deepEqual(await searchIds(app, 'Observation?code:text=SYSTOLIC'), ['o1']);
  assert.deepEqual(await searchIds(app, 'Observation?code:text=%C4%91%C6%B0%E1%BB%9Dng'), ['o4']); // đường
  assert.deepEqual(await searchIds(app, 'Observation?code:text=heart'), ['o2']);
  assert.deepEqual(await searchIds(app, 'Observation?code:text=rate'), []);
  assert.deepEqual(await searchIds(app, 'Patient?identifier:text=can%20cuoc'), ['t1']);
});

test(':of-type matches the identifier type and value', async () => {
  assert.deepEqual(await searchIds(app, `Patient?identifier:of-type=${V2}|NI|001080000001`), ['t1']);
  assert.deepEqual(await searchIds(app, `Patient?identifier:of-type=${V2}|MB|DN4010100000001`), ['t1']);
  assert.deepEqual(await searchIds(app, `Patient?identifier:of-type=${V2}|MB|001080000001`), []);
  await expectError(app, `Patient?identifier:of-type=${V2}|NI`);
  await expectError(app, `Patient?identifier:of-type=NI`);
});

test(':missing on a token', async () => {
  assert.deepEqual(await searchIds(app, 'Patient?gender:missing=true'), ['t3']);
  assert.deepEqual(await searchIds(app, 'Patient?gender:missing=false'), ['t1', 't2']);
  await expectError(app, 'Patient?gender:missing=maybe');
});

test('_tag and _security', async () => {
  assert.deepEqual(await searchIds(app, `Patient?_tag=${TAGS}|demo`), ['t1']);
  assert.deepEqual(await searchIds(app, `Patient?_tag=${TAGS}|`), ['t1', 't2']);
  assert.deepEqual(await searchIds(app, 'Patient?_tag=import'), ['t2']);
  assert.deepEqual(await searchIds(app, `Patient?_tag:not=${TAGS}|demo`), ['t2', 't3']);
  assert.deepEqual(await searchIds(app, `Patient?_security=${CONF}|R`), ['t1']);
  assert.deepEqual(await searchIds(app, `Patient?_security=${CONF}|N,${CONF}|R`), ['t1', 't3']);
  assert.deepEqual(await searchIds(app, `Observation?_security=${CONF}|R`), []);
});

test('token modifiers the server does not implement are refused', async () => {
  await expectError(app, 'Observation?code:in=http://example.org/ValueSet/x');
  await expectError(app, `Observation?code:below=${SNOMED}|364075005`);
  await expectError(app, 'Observation?code:exact=8480-6');
});
