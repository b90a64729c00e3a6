import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/test-app.js';

let app: TestApp;
let an: string;
let binh: string;
before(async () => {
  app = await startTestApp({ env: { LIENTHONG_JOBS: 'false' } });
  const res = await app.http.inject({
    method: 'POST',
    url: '/fhir',
    headers: { 'content-type': 'application/fhir+json' },
    payload: JSON.stringify({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: 'urn:uuid:an',
          resource: { resourceType: 'Patient', name: [{ family: 'Nguyễn', given: ['An'] }] },
          request: { method: 'POST', url: 'Patient' },
        },
        {
          fullUrl: 'urn:uuid:binh',
          resource: { resourceType: 'Patient', name: [{ family: 'Trần', given: ['Bình'] }] },
          request: { method: 'POST', url: 'Patient' },
        },
        {
          fullUrl: 'urn:uuid:org',
          resource: { resourceType: 'Organization', name: 'Bệnh viện Đa khoa Đồng Nai' },
          request: { method: 'POST', url: 'Organization' },
        },
        {
          fullUrl: 'urn:uuid:enc',
          resource: {
            resourceType: 'Encounter',
            status: 'finished',
            class: { code: 'AMB' },
            subject: { reference: 'urn:uuid:an' },
            serviceProvider: { reference: 'urn:uuid:org' },
          },
          request: { method: 'POST', url: 'Encounter' },
        },
        ...[1, 2, 3].map((i) => ({
          resource: {
            resourceType: 'Observation',
            status: 'final',
            code: { text: `obs ${i}` },
            subject: { reference: 'urn:uuid:an' },
            encounter: { reference: 'urn:uuid:enc' },
          },
          request: { method: 'POST', url: 'Observation' },
        })),
        {
          resource: { resourceType: 'Condition', subject: { reference: 'urn:uuid:binh' } },
          request: { method: 'POST', url: 'Condition' },
        },
      ],
    }),
  });
  assert.equal(res.statusCode, 200, res.body);
  const locations = (res.json() as { entry: { response: { location: string } }[] }).entry.map(
    (e) => e.response.location,
  );
  an = locations[0]!.split('/')[1]!;
  binh = locations[1]!.split('/')[1]!;
});
after(async () => {
  await app.close();
});

async function get(url: string): Promise<{ status: number; json: any }> {
  const res = await app.http.inject({ method: 'GET', url });
  return { status: res.statusCode, json: res.json() };
}
type Entry = { resource: { resourceType: string }; search?: { mode?: string } };
/** The types of the page's matches (the patient's records). */
const types = (bundle: { entry?: Entry[] }): string[] =>
  (bundle.entry ?? []).filter((e) => e.search?.mode === 'match').map((e) => e.resource.resourceType);
/** The types of what the page includes to support them. */
const included = (bundle: { entry?: Entry[] }): string[] =>
  (bundle.entry ?? []).filter((e) => e.search?.mode === 'include').map((e) => e.resource.resourceType);

test('$everything returns the patient and their compartment, nobody else', async () => {
  const res = await get(`/fhir/Patient/${an}/$everything`);
  assert.equal(res.status, 200);
  assert.deepEqual(types(res.json), ['Patient', 'Encounter', 'Observation', 'Observation', 'Observation']);
  assert.equal(res.json.entry[0].resource.id, an);
  assert.equal(res.json.total, 5);
  assert.deepEqual(included(res.json), ['Organization'], 'the hospital the encounter names comes along');
  const other = await get(`/fhir/Patient/${binh}/$everything`);
  assert.deepEqual(types(other.json), ['Patient', 'Condition']);
  assert.deepEqual(included(other.json), [], 'nothing of the other patient’s');
});

test('$everything filters by _type and pages with next links', async () => {
  const only = await get(`/fhir/Patient/${an}/$everything?_type=Observation`);
  assert.deepEqual(types(only.json), ['Observation', 'Observation', 'Observation']);
  const page1 = await get(`/fhir/Patient/${an}/$everything?_count=2`);
  assert.equal(types(page1.json).length, 2);
  const next = page1.json.link.find((l: { relation: string }) => l.relation === 'next').url as string;
  const seen = page1.json.entry.filter((e: Entry) => e.search?.mode === 'match');
  let url: string | undefined = next;
  while (url) {
    const page = await get(url.slice(url.indexOf('/fhir')));
    seen.push(...page.json.entry.filter((e: Entry) => e.search?.mode === 'match'));
    url = page.json.link.find((l: { relation: string }) => l.relation === 'next')?.url;
  }
  assert.equal(new Set(seen.map((e: { fullUrl: string }) => e.fullUrl)).size, 5);
});

test('$everything _since leaves out what did not change since', async () => {
  const future = new Date(Date.now() + 60_000).toISOString();
  const res = await get(`/fhir/Patient/${an}/$everything?_since=${encodeURIComponent(future)}`);
  assert.deepEqual(types(res.json), ['Patient']);
});

test('$everything of an unknown patient is 404', async () => {
  const res = await get('/fhir/Patient/nobody/$everything');
  assert.equal(res.status, 404);
  assert.equal(res.json.resourceType, 'OperationOutcome');
});

test('compartment search Patient/{id}/Observation', async () => {
  const res = await get(`/fhir/Patient/${an}/Observation?code:text=obs 2`);
  assert.equal(res.status, 200);
  assert.equal(res.json.total, 1);
  const none = await get(`/fhir/Patient/${binh}/Observation`);
  assert.equal(none.json.total, 0);
});

test('$everything start and end keep the records of care in that range, and those with no care date', async () => {
  const observed = async (when: string): Promise<string> => {
    const res = await app.http.inject({
      method: 'POST',
      url: '/fhir/Observation',
      headers: { 'content-type': 'application/fhir+json' },
      payload: JSON.stringify({
        resourceType: 'Observation',
        status: 'final',
        code: { text: `seen ${when}` },
        subject: { reference: `Patient/${binh}` },
        effectiveDateTime: when,
      }),
    });
    assert.equal(res.statusCode, 201, res.body);
    return (res.json() as { id: string }).id;
  };
  const old = await observed('2023-05-01');
  const recent = await observed('2025-05-01');
  const ids = (bundle: { entry?: { resource: { id: string } }[] }) => (bundle.entry ?? []).map((e) => e.resource.id);

  const since2024 = await get(`/fhir/Patient/${binh}/$everything?start=2024-01-01`);
  assert.equal(since2024.status, 200);
  assert.deepEqual(types(since2024.json), ['Patient', 'Condition', 'Observation'], 'the undated Condition stays');
  assert.ok(ids(since2024.json).includes(recent) && !ids(since2024.json).includes(old));

  const until2023 = await get(`/fhir/Patient/${binh}/$everything?end=2023`);
  assert.ok(ids(until2023.json).includes(old) && !ids(until2023.json).includes(recent));

  const bad = await get(`/fhir/Patient/${binh}/$everything?start=soon`);
  assert.equal(bad.status, 400);
  assert.equal(bad.json.resourceType, 'OperationOutcome');
});
