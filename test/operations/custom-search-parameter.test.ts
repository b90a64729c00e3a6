import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * A SearchParameter posted at run time, on a Vietnamese extension (ethnicity,
 * "dân tộc"), becomes searchable: at once for new writes, and for data written
 * before it after the documented $reindex step.
 */
const ETHNICITY = 'http://fhir.lienthong.vn/StructureDefinition/ethnicity';
const ETHNIC_SYSTEM = 'http://fhir.lienthong.vn/CodeSystem/dan-toc';

let app: TestApp;
before(async () => {
  app = await startTestApp({ env: { LIENTHONG_JOBS: 'false' } });
});
after(async () => {
  await app.close();
});

async function request(method: string, url: string, body?: object): Promise<{ status: number; json: any }> {
  const res = await app.http.inject({
    method: method as 'GET',
    url,
    ...(body ? { headers: { 'content-type': 'application/fhir+json' }, payload: JSON.stringify(body) } : {}),
  });
  return { status: res.statusCode, json: res.body ? res.json() : undefined };
}

const patient = (family: string, code: string): object => ({
  resourceType: 'Patient',
  name: [{ family }],
  extension: [
    { url: ETHNICITY, valueCoding: { system: ETHNIC_SYSTEM, code, display: code === '01' ? 'Kinh' : 'Tày' } },
  ],
});

const ids = async (url: string): Promise<string[]> => {
  const res = await request('GET', url);
  assert.equal(res.status, 200, JSON.stringify(res.json));
  return ((res.json.entry ?? []) as { resource: { id: string } }[]).map((e) => e.resource.id).sort();
};

test('an unknown parameter is refused before the SearchParameter exists', async () => {
  const res = await request('GET', '/fhir/Patient?ethnicity=01');
  assert.equal(res.status, 400);
  assert.match(res.json.issue[0].details.text, /Unknown search parameter "ethnicity"/);
});

test('posting, reindexing and searching a parameter on an extension', async () => {
  const before1 = (await request('POST', '/fhir/Patient', patient('Lý', '01'))).json.id as string;
  const before2 = (await request('POST', '/fhir/Patient', patient('Nông', '02'))).json.id as string;

  const sp = await request('POST', '/fhir/SearchParameter', {
    resourceType: 'SearchParameter',
    url: 'http://fhir.lienthong.vn/SearchParameter/patient-ethnicity',
    name: 'ethnicity',
    status: 'active',
    description: 'Dân tộc (ethnic group) of the patient',
    code: 'ethnicity',
    base: ['Patient'],
    type: 'token',
    expression: `Patient.extension.where(url='${ETHNICITY}').value`,
  });
  assert.equal(sp.status, 201, JSON.stringify(sp.json));

  // Known now, and new writes are indexed at once …
  const after1 = (await request('POST', '/fhir/Patient', patient('Hà', '02'))).json.id as string;
  assert.deepEqual(await ids(`/fhir/Patient?ethnicity=${encodeURIComponent(ETHNIC_SYSTEM + '|02')}`), [after1]);

  // … older data after the reindex step.
  const reindexed = await request('POST', '/fhir/Patient/$reindex');
  assert.equal(reindexed.status, 200);
  assert.equal(reindexed.json.parameter[0].valueInteger, 3);
  assert.deepEqual(await ids('/fhir/Patient?ethnicity=02'), [before2, after1].sort());
  assert.deepEqual(await ids('/fhir/Patient?ethnicity=01'), [before1]);
  assert.deepEqual(await ids('/fhir/Patient?ethnicity:not=01'), [before2, after1].sort());

  // The CapabilityStatement now claims it.
  const meta = await request('GET', '/fhir/metadata');
  const patientCaps = meta.json.rest[0].resource.find((r: { type: string }) => r.type === 'Patient');
  assert.ok(patientCaps.searchParam.some((p: { name: string }) => p.name === 'ethnicity'));

  // Deleting the SearchParameter takes the parameter away again.
  assert.equal((await request('DELETE', `/fhir/SearchParameter/${sp.json.id}`)).status, 204);
  const gone = await request('GET', '/fhir/Patient?ethnicity=01');
  assert.equal(gone.status, 400);
});

test('a SearchParameter with a broken expression is refused and changes nothing', async () => {
  const res = await request('POST', '/fhir/SearchParameter', {
    resourceType: 'SearchParameter',
    url: 'http://fhir.lienthong.vn/SearchParameter/broken',
    name: 'broken',
    status: 'active',
    description: 'broken',
    code: 'broken',
    base: ['Patient'],
    type: 'string',
    expression: 'Patient.name.where(',
  });
  assert.equal(res.status, 400);
  assert.match(JSON.stringify(res.json), /SearchParameter.expression/);
  const search = await request('GET', '/fhir/SearchParameter?code=broken');
  assert.equal(search.json.total, 0);
});
