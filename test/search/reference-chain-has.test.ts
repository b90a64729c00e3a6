import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import type { TestApp } from '../support/test-app.js';
import { expectError, ids, linkPath, request, search, searchIds, seed, startSearchApp } from './helpers.js';

// Reference search, chaining and reverse chaining
// (https://hl7.org/fhir/R4/search.html#reference, #chaining, #has) and the
// patient compartment search (https://hl7.org/fhir/R4/compartmentdefinition.html).
const LOINC = 'http://loinc.org';

let app: TestApp;
before(async () => {
  app = await startSearchApp();
  const observation = (id: string, subject: string, code: string, extra: object = {}): Resource =>
    ({
      resourceType: 'Observation',
      id,
      status: 'final',
      code: { coding: [{ system: LOINC, code }] },
      subject: { reference: subject },
      ...extra,
    }) as Resource;
  await seed(app, [
    { resourceType: 'Organization', id: 'bachmai', name: 'Bệnh viện Bạch Mai' },
    { resourceType: 'Organization', id: 'choray', name: 'Bệnh viện Chợ Rẫy' },
    { resourceType: 'Practitioner', id: 'dr1', name: [{ family: 'Lê', given: ['Hùng'] }] },
    {
      resourceType: 'Patient',
      id: 'pa',
      name: [{ family: 'Nguyễn', given: ['Văn', 'An'] }],
      identifier: [{ system: 'urn:cccd', value: '111' }],
      managingOrganization: { reference: 'Organization/bachmai' },
      generalPractitioner: [{ reference: 'Practitioner/dr1' }],
    },
    {
      resourceType: 'Patient',
      id: 'pb',
      name: [{ family: 'Trần', given: ['Thị', 'Bình'] }],
      identifier: [{ system: 'urn:cccd', value: '222' }],
      managingOrganization: { reference: 'Organization/choray' },
    },
    { resourceType: 'Patient', id: 'pc', name: [{ family: 'Phạm', given: ['Cường'] }] },
    {
      resourceType: 'Group',
      id: 'g1',
      type: 'person',
      actual: true,
      identifier: [{ system: 'urn:cccd', value: '111' }],
    },
    { resourceType: 'Location', id: 'loc1', name: 'An Phú clinic' },
    {
      resourceType: 'Encounter',
      id: 'e1',
      status: 'finished',
      class: { code: 'AMB' },
      subject: { reference: 'Patient/pa' },
    },
    observation('oa1', 'Patient/pa', '8480-6', { encounter: { reference: 'Encounter/e1' } }),
    observation('oa2', 'Patient/pa', '8867-4'),
    observation('ob1', 'Patient/pb', '8480-6'),
    observation('og1', 'Group/g1', '8480-6'),
    observation('oloc', 'Location/loc1', '8480-6'),
    observation('oext', 'http://other.example.org/fhir/Patient/pa', '8480-6'),
  ]);
});
after(async () => {
  await app.close();
});

test('reference by Type/id, by id alone, and with a :Type modifier', async () => {
  assert.deepEqual(await searchIds(app, 'Observation?subject=Patient/pa'), ['oa1', 'oa2']);
  assert.deepEqual(await searchIds(app, 'Observation?subject=pa'), ['oa1', 'oa2']);
  assert.deepEqual(await searchIds(app, 'Observation?subject:Patient=pa'), ['oa1', 'oa2']);
  assert.deepEqual(await searchIds(app, 'Observation?subject:Group=pa'), []);
  assert.deepEqual(await searchIds(app, 'Observation?subject:Group=g1'), ['og1']);
  assert.deepEqual(await searchIds(app, 'Observation?subject:Patient=Patient/pa'), ['oa1', 'oa2']);
  assert.deepEqual(await searchIds(app, 'Observation?subject:Group=Patient/pa'), []);
  assert.deepEqual(await searchIds(app, 'Observation?subject=Group/g1,Patient/pb'), ['ob1', 'og1']);
  assert.deepEqual(await searchIds(app, 'Observation?patient=pa'), ['oa1', 'oa2']);
  // `patient` only follows references to a Patient.
  assert.deepEqual(await searchIds(app, 'Observation?patient=g1'), []);
  assert.deepEqual(await searchIds(app, 'Observation?subject=Patient/nobody'), []);
});

test('an absolute URL on our own base is the local reference; another server is not', async () => {
  const base = app.services.baseUrl;
  assert.deepEqual(await searchIds(app, `Observation?subject=${base}/Patient/pa`), ['oa1', 'oa2']);
  assert.deepEqual(await searchIds(app, 'Observation?subject=http://other.example.org/fhir/Patient/pa'), ['oext']);
});

test('a reference stored as an absolute URL on our base is a local reference', async () => {
  const base = app.services.baseUrl;
  await seed(app, [
    { resourceType: 'Patient', id: 'pz', name: [{ family: 'Zed' }] },
    {
      resourceType: 'Observation',
      id: 'oz',
      status: 'final',
      code: { text: 'x' },
      subject: { reference: `${base}/Patient/pz` },
    } as Resource,
  ]);
  assert.deepEqual(await searchIds(app, 'Observation?subject=Patient/pz'), ['oz']);
  assert.deepEqual(await searchIds(app, 'Observation?patient=pz'), ['oz']);
  assert.deepEqual(await searchIds(app, `Observation?subject=${base}/Patient/pz`), ['oz']);
  assert.deepEqual(await searchIds(app, 'Observation?subject:Patient.name=zed'), ['oz']);
  assert.deepEqual(await searchIds(app, 'Patient?_has:Observation:subject:_id=oz'), ['pz']);
  assert.deepEqual(await searchIds(app, 'Patient/pz/Observation'), ['oz']);
  const b = await search(app, 'Observation?_id=oz&_include=Observation:subject');
  assert.deepEqual(ids(b, 'include'), ['pz']);
});

test(':identifier matches the identifier written in the reference itself', async () => {
  await seed(app, [
    {
      resourceType: 'Observation',
      id: 'oid-only',
      status: 'final',
      code: { text: 'x' },
      subject: { identifier: { system: 'urn:cccd', value: '999' }, display: 'Không rõ' },
    },
    {
      resourceType: 'Observation',
      id: 'oid-both',
      status: 'final',
      code: { text: 'x' },
      subject: { reference: 'Patient/ghost', identifier: { system: 'urn:bhyt', value: '999' } },
    },
  ] as Resource[]);
  assert.deepEqual(await searchIds(app, 'Observation?subject:identifier=urn:cccd|999'), ['oid-only']);
  assert.deepEqual(await searchIds(app, 'Observation?subject:identifier=999'), ['oid-both', 'oid-only']);
  assert.deepEqual(await searchIds(app, 'Observation?subject:identifier=urn:bhyt|'), ['oid-both']);
  // Patient/pa carries identifier 111, but the references to it do not.
  assert.deepEqual(await searchIds(app, 'Observation?subject:identifier=urn:cccd|111'), []);
  assert.deepEqual(await searchIds(app, 'Observation?subject=Patient/ghost'), ['oid-both']);
  await expectError(app, 'Observation?code:identifier=x'); // only references have :identifier
});

test(':missing on a reference', async () => {
  assert.deepEqual(await searchIds(app, 'Patient?organization:missing=true&_id=pa,pb,pc'), ['pc']);
  assert.deepEqual(await searchIds(app, 'Patient?organization:missing=false'), ['pa', 'pb']);
  assert.deepEqual(await searchIds(app, 'Observation?encounter:missing=false'), ['oa1']);
});

test('chained parameters', async () => {
  assert.deepEqual(await searchIds(app, 'Observation?subject:Patient.identifier=urn:cccd|111'), ['oa1', 'oa2']);
  assert.deepEqual(
    await searchIds(app, 'Observation?subject:Patient.identifier=urn:cccd|111,urn:cccd|222'),
    ['ob1', 'oa1', 'oa2'].sort(),
  );
  // Without a type, every target type that has the parameter is searched.
  assert.deepEqual(await searchIds(app, 'Observation?subject.name=an'), ['oa1', 'oa2', 'oloc']);
  assert.deepEqual(await searchIds(app, 'Observation?subject.identifier=urn:cccd|111'), ['oa1', 'oa2', 'og1']);
  assert.deepEqual(await searchIds(app, 'Observation?subject:Patient.name=an'), ['oa1', 'oa2']);
  assert.deepEqual(await searchIds(app, 'Observation?patient.name=binh'), ['ob1']);
  assert.deepEqual(await searchIds(app, 'Observation?subject.name:exact=An%20Ph%C3%BA%20clinic'), ['oloc']);
  // Two links: Observation -> Patient -> Organization.
  assert.deepEqual(await searchIds(app, 'Observation?subject:Patient.organization.name=benh%20vien%20bach'), [
    'oa1',
    'oa2',
  ]);
  assert.deepEqual(await searchIds(app, 'Encounter?subject:Patient.organization=Organization/bachmai'), ['e1']);
  // A chain combined with a plain parameter.
  assert.deepEqual(await searchIds(app, 'Observation?subject:Patient.identifier=urn:cccd|111&code=8867-4'), ['oa2']);
});

test('a chained parameter may have a different type on each target type', async () => {
  // Observation.focus may point anywhere; "manufacturer" is a string on Device
  // and a reference on Medication.
  await seed(app, [
    { resourceType: 'Device', id: 'dv1', manufacturer: 'Omron Healthcare' },
    { resourceType: 'Medication', id: 'med1', manufacturer: { reference: 'Organization/bachmai' } },
    {
      resourceType: 'Observation',
      id: 'ofd',
      status: 'final',
      code: { text: 'x' },
      focus: [{ reference: 'Device/dv1' }],
    },
    {
      resourceType: 'Observation',
      id: 'ofm',
      status: 'final',
      code: { text: 'x' },
      focus: [{ reference: 'Medication/med1' }],
    },
  ] as Resource[]);
  assert.deepEqual(await searchIds(app, 'Observation?focus.manufacturer=omron'), ['ofd']);
  assert.deepEqual(await searchIds(app, 'Observation?focus.manufacturer=Organization/bachmai'), ['ofm']);
  assert.deepEqual(await searchIds(app, 'Observation?focus:Medication.manufacturer=bachmai'), ['ofm']);
  assert.deepEqual(await searchIds(app, 'Observation?focus.manufacturer:exact=Omron%20Healthcare'), ['ofd']);
  assert.deepEqual(await searchIds(app, 'Observation?focus.manufacturer.name=benh%20vien'), ['ofm']);
});

test('reverse chaining with _has', async () => {
  assert.deepEqual(await searchIds(app, 'Patient?_has:Observation:patient:code=8867-4'), ['pa']);
  assert.deepEqual(await searchIds(app, `Patient?_has:Observation:subject:code=${LOINC}|8480-6`), ['pa', 'pb']);
  assert.deepEqual(await searchIds(app, 'Patient?_has:Observation:patient:code=0000-0'), []);
  assert.deepEqual(await searchIds(app, 'Group?_has:Observation:subject:code=8480-6'), ['g1']);
  // Nested: practitioners whose patients have a heart-rate observation.
  assert.deepEqual(
    await searchIds(app, 'Practitioner?_has:Patient:general-practitioner:_has:Observation:patient:code=8867-4'),
    ['dr1'],
  );
  // _has combined with a chain inside.
  assert.deepEqual(await searchIds(app, 'Patient?_has:Encounter:subject:_id=e1'), ['pa']);
});

test('bad chains and _has are 400 with an OperationOutcome', async () => {
  await expectError(app, 'Observation?code.name=x'); // not a reference
  await expectError(app, 'Observation?subject.nosuch=x');
  await expectError(app, 'Observation?subject:Patient.nosuch=x');
  await expectError(app, 'Observation?subject:Organization.name=x'); // subject never points to Organization
  await expectError(app, 'Patient?_has:Observation:code:code=x'); // code is not a reference
  await expectError(app, 'Patient?_has:Observation=x');
  await expectError(app, 'Patient?_has:Observation:patient:nosuch=x');
  await expectError(app, 'Organization?_has:Observation:patient:code=x'); // patient never points to Organization
  await expectError(app, 'Observation?subject.organization.partof.partof.partof.name=x'); // too deep
});

test('compartment search: Patient/{id}/Observation', async () => {
  const bundle = await search(app, 'Patient/pa/Observation');
  assert.deepEqual(ids(bundle), ['oa1', 'oa2']);
  assert.equal(bundle.total, 2);
  assert.match(linkPath(app, bundle, 'self')!, /^Patient\/pa\/Observation\?/);
  assert.deepEqual(await searchIds(app, 'Patient/pa/Observation?code=8867-4'), ['oa2']);
  assert.deepEqual(await searchIds(app, 'Patient/pb/Observation'), ['ob1']);
  assert.deepEqual(await searchIds(app, 'Patient/pa/Encounter'), ['e1']);
  assert.deepEqual(await searchIds(app, 'Patient/pc/Observation'), []);
  await expectError(app, 'Patient/pa/Observation?nosuch=1');
});

test('a chain does not follow a reference to a deleted resource', async () => {
  await seed(app, [
    { resourceType: 'Patient', id: 'gone', name: [{ family: 'Vũ', given: ['Gone'] }] },
    {
      resourceType: 'Observation',
      id: 'orphan',
      status: 'final',
      code: { text: 'x' },
      subject: { reference: 'Patient/gone' },
    } as Resource,
  ]);
  assert.deepEqual(await searchIds(app, 'Observation?subject:Patient.name=vu'), ['orphan']);
  const deleted = await request(app, 'DELETE', 'Patient/gone');
  assert.ok(deleted.status === 200 || deleted.status === 204, `delete -> ${deleted.status}`);
  assert.deepEqual(await searchIds(app, 'Observation?subject:Patient.name=vu'), []);
  assert.deepEqual(await searchIds(app, 'Observation?subject=Patient/gone'), ['orphan']);
  assert.deepEqual(await searchIds(app, 'Patient?name=vu'), []);
  const b: Bundle = await search(app, 'Patient?_id=gone');
  assert.equal(b.total, 0);
});
