import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import type { TestApp } from '../support/test-app.js';
import { expectError, ids, request, search, seed, startSearchApp } from './helpers.js';

// _include and _revinclude, with :iterate (https://hl7.org/fhir/R4/search.html#include).
let app: TestApp;
before(async () => {
  app = await startSearchApp();
  const observation = (id: string, subject: string, extra: object = {}): Resource =>
    ({
      resourceType: 'Observation',
      id,
      status: 'final',
      code: { text: 'Mạch' },
      subject: { reference: subject },
      ...extra,
    }) as Resource;
  await seed(app, [
    { resourceType: 'Organization', id: 'org1', name: 'Trạm y tế xã' },
    { resourceType: 'Organization', id: 'org2', name: 'Trung tâm y tế huyện' },
    { resourceType: 'Organization', id: 'org-parent', name: 'Sở Y tế' },
    { resourceType: 'Practitioner', id: 'dr1' },
    { resourceType: 'Practitioner', id: 'dr2' },
    {
      resourceType: 'Patient',
      id: 'pa',
      managingOrganization: { reference: 'Organization/org1' },
      generalPractitioner: [{ reference: 'Practitioner/dr1' }],
    },
    { resourceType: 'Patient', id: 'pb', generalPractitioner: [{ reference: 'Practitioner/dr2' }] },
    { resourceType: 'Patient', id: 'pc' },
    {
      resourceType: 'Encounter',
      id: 'e1',
      status: 'finished',
      class: { code: 'AMB' },
      subject: { reference: 'Patient/pa' },
      serviceProvider: { reference: 'Organization/org2' },
    },
    observation('o1', 'Patient/pa', {
      encounter: { reference: 'Encounter/e1' },
      performer: [{ reference: 'Practitioner/dr2' }],
    }),
    observation('o2', 'Patient/pb'),
    observation('o3', 'Patient/pb', { encounter: { reference: 'Encounter/e1' } }),
    observation('o4', 'Patient/pa'),
    observation('o-missing', 'Patient/nobody'),
  ]);
});
after(async () => {
  await app.close();
});

const included = (b: Bundle): string[] =>
  (b.entry ?? [])
    .filter((e) => e.search?.mode === 'include')
    .map((e) => `${e.resource!.resourceType}/${e.resource!.id}`)
    .sort();

test('_include adds the referenced resources, marked include, once each', async () => {
  const b = await search(app, 'Observation?_id=o1,o4&_include=Observation:subject');
  assert.deepEqual(ids(b), ['o1', 'o4']);
  assert.deepEqual(included(b), ['Patient/pa']);
  assert.equal(b.total, 2, 'included resources are not counted');
  const entry = b.entry!.find((e) => e.resource!.id === 'pa')!;
  assert.equal(entry.fullUrl, `${app.services.baseUrl}/Patient/pa`);
});

test('_include with a target type, with *, and to a missing target', async () => {
  assert.deepEqual(included(await search(app, 'Observation?_id=o1&_include=Observation:subject:Patient')), [
    'Patient/pa',
  ]);
  assert.deepEqual(included(await search(app, 'Observation?_id=o1&_include=Observation:subject:Group')), []);
  assert.deepEqual(included(await search(app, 'Observation?_id=o1&_include=Observation:*')), [
    'Encounter/e1',
    'Patient/pa',
    'Practitioner/dr2',
  ]);
  assert.deepEqual(included(await search(app, 'Observation?_id=o-missing&_include=Observation:subject')), []);
  const two = await search(app, 'Observation?_id=o1&_include=Observation:subject&_include=Observation:encounter');
  assert.deepEqual(included(two), ['Encounter/e1', 'Patient/pa']);
});

test('_include without :iterate applies to the matches only', async () => {
  const b = await search(app, 'Observation?_id=o1&_include=Observation:subject&_include=Patient:general-practitioner');
  assert.deepEqual(included(b), ['Patient/pa']);
});

test('_include:iterate follows included resources too', async () => {
  const b = await search(
    app,
    'Observation?_id=o1,o2&_include=Observation:subject&_include:iterate=Patient:general-practitioner&_include:iterate=Patient:organization',
  );
  assert.deepEqual(ids(b), ['o1', 'o2']);
  assert.deepEqual(included(b), [
    'Organization/org1',
    'Patient/pa',
    'Patient/pb',
    'Practitioner/dr1',
    'Practitioner/dr2',
  ]);
});

test('_revinclude adds the resources that point at the matches', async () => {
  assert.deepEqual(included(await search(app, 'Patient?_id=pa&_revinclude=Observation:subject')), [
    'Observation/o1',
    'Observation/o4',
  ]);
  assert.deepEqual(included(await search(app, 'Patient?_id=pc&_revinclude=Observation:subject')), []);
  assert.deepEqual(included(await search(app, 'Patient?_id=pa,pb&_revinclude=Encounter:subject')), ['Encounter/e1']);
  assert.deepEqual(included(await search(app, 'Patient?_id=pa&_revinclude=Observation:patient:Patient')), [
    'Observation/o1',
    'Observation/o4',
  ]);
});

test('_revinclude:iterate follows the included resources back again', async () => {
  // Without :iterate, Observation:encounter applies to the patients (nothing).
  const plain = await search(app, 'Patient?_id=pa&_revinclude=Encounter:subject&_revinclude=Observation:encounter');
  assert.deepEqual(included(plain), ['Encounter/e1']);
  const iterated = await search(
    app,
    'Patient?_id=pa&_revinclude=Encounter:subject&_revinclude:iterate=Observation:encounter',
  );
  assert.deepEqual(included(iterated), ['Encounter/e1', 'Observation/o1', 'Observation/o3']);
});

test('_include and _revinclude together, and a match is never repeated as an include', async () => {
  const b = await search(
    app,
    'Observation?_id=o1&_include=Observation:subject&_revinclude:iterate=Observation:subject',
  );
  assert.deepEqual(ids(b), ['o1']);
  assert.deepEqual(included(b), ['Observation/o4', 'Patient/pa']);
  const keys = (b.entry ?? []).map((e) => `${e.resource!.resourceType}/${e.resource!.id}`);
  assert.equal(new Set(keys).size, keys.length);
});

test('includes follow the page, not the whole result', async () => {
  const page = await search(app, 'Observation?_sort=_id&_count=1&_include=Observation:subject');
  assert.deepEqual(ids(page), ['o-missing']);
  assert.deepEqual(included(page), []);
  const page2 = await search(app, 'Observation?_sort=_id&_count=1&_offset=1&_include=Observation:subject');
  assert.deepEqual(ids(page2), ['o1']);
  assert.deepEqual(included(page2), ['Patient/pa']);
});

test('a deleted target is not included', async () => {
  await seed(app, [
    { resourceType: 'Practitioner', id: 'dr-gone' },
    { resourceType: 'Patient', id: 'pd', generalPractitioner: [{ reference: 'Practitioner/dr-gone' }] },
  ]);
  assert.deepEqual(included(await search(app, 'Patient?_id=pd&_include=Patient:general-practitioner')), [
    'Practitioner/dr-gone',
  ]);
  const res = await request(app, 'DELETE', 'Practitioner/dr-gone');
  assert.ok(res.status === 200 || res.status === 204);
  assert.deepEqual(included(await search(app, 'Patient?_id=pd&_include=Patient:general-practitioner')), []);
});

test('malformed _include and _revinclude are 400', async () => {
  await expectError(app, 'Observation?_include=Observation:code'); // not a reference
  await expectError(app, 'Observation?_include=Observation:nosuch');
  await expectError(app, 'Observation?_include=Observation');
  await expectError(app, 'Observation?_include=Nope:subject');
  await expectError(app, 'Patient?_revinclude=Observation:nosuch');
});
