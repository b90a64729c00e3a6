// Batch bundles (https://hl7.org/fhir/R4/http.html#transaction): every entry
// stands alone; a failed entry has its own outcome and the others commit.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/test-app.js';
import {
  assertOutcome,
  CCCD,
  fhirClient,
  outcomeText,
  patient,
  unique,
  type Entry,
  type Fhir,
} from '../support/fhir-http.js';

let app: TestApp;
let fhir: Fhir;
before(async () => {
  app = await startTestApp({ listen: true });
  fhir = fhirClient(app.fhirUrl);
});
after(async () => {
  await app.close();
});

const batch = (entry: unknown[]) => ({ resourceType: 'Bundle', type: 'batch', entry });
const status = (e: Entry) => e.response!.status;

/** Asserts a batch entry failed with `code` and an OperationOutcome. */
function assertEntryFailed(e: Entry, code: number, text?: RegExp): void {
  assert.equal(status(e).split(' ')[0], String(code), JSON.stringify(e));
  assert.equal(e.response!.outcome?.resourceType, 'OperationOutcome');
  assert.equal(e.resource, undefined);
  if (text) assert.match(outcomeText(e.response!.outcome), text);
}

test('failed entries get their own outcome; the other entries commit', async () => {
  const marker = unique();
  const existing = await fhir.create(patient(marker, { gender: 'male' }));
  const putId = unique('b');
  const r = await fhir.post(
    '',
    batch([
      { resource: patient(marker), request: { method: 'POST', url: 'Patient' } },
      { resource: patient(marker, { gender: 42 }), request: { method: 'POST', url: 'Patient' } },
      { resource: { ...patient(marker), id: putId }, request: { method: 'PUT', url: `Patient/${putId}` } },
      { request: { method: 'GET', url: `Patient/${unique('nobody')}` } },
      {
        resource: { ...patient(marker), id: existing.id, gender: 'other' },
        request: { method: 'PUT', url: `Patient/${existing.id}`, ifMatch: 'W/"7"' },
      },
      { request: { method: 'GET', url: `Patient/${existing.id}` } },
      { request: { method: 'DELETE', url: `Patient/${putId}` } },
    ]),
  );
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.type, 'batch-response');
  const e = r.body.entry!;
  assert.equal(e.length, 7);
  assert.equal(status(e[0]!), '201 Created');
  assert.match(e[0]!.response!.location!, /^Patient\/[^/]+\/_history\/1$/);
  assertEntryFailed(e[1]!, 400);
  assert.equal(status(e[2]!), '201 Created');
  assertEntryFailed(e[3]!, 404);
  assertEntryFailed(e[4]!, 412);
  assert.equal(status(e[5]!), '200 OK');
  assert.equal(e[5]!.resource!.gender, 'male');
  assert.equal(status(e[6]!), '204 No Content');

  const postedId = e[0]!.response!.location!.split('/')[1]!;
  assert.deepEqual(await fhir.searchIds(`Patient?identifier=${CCCD}|${marker}`), [existing.id, postedId].sort());
  assert.equal((await fhir.get(`Patient/${putId}`)).status, 410, 'the PUT committed, then the DELETE');
  assert.equal((await fhir.get(`Patient/${existing.id}`)).body.meta!.versionId, '1');
});

test('entries run in the order given (no transaction reordering)', async () => {
  const id = unique('o');
  const r = await fhir.post(
    '',
    batch([
      { request: { method: 'GET', url: `Patient/${id}` } },
      { resource: { resourceType: 'Patient', id }, request: { method: 'PUT', url: `Patient/${id}` } },
      { request: { method: 'GET', url: `Patient/${id}` } },
    ]),
  );
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.entry!.map(status), ['404 Not Found', '201 Created', '200 OK']);
});

test('a malformed entry fails alone', async () => {
  const marker = unique();
  const r = await fhir.post(
    '',
    batch([
      { resource: patient(marker) },
      { resource: patient(marker), request: { method: 'FETCH', url: 'Patient' } },
      { request: { method: 'PATCH', url: 'Patient/x' } },
      { resource: patient(marker), request: { method: 'POST', url: 'Patient' } },
      { resource: patient(marker), request: { method: 'POST', url: 'NotAType' } },
    ]),
  );
  assert.equal(r.status, 200, r.text);
  const e = r.body.entry!;
  assertEntryFailed(e[0]!, 400, /Bundle\.entry\[0\]/);
  assertEntryFailed(e[1]!, 400, /Bundle\.entry\[1\]/);
  assertEntryFailed(e[2]!, 400, /Bundle\.entry\[2\]/);
  assert.equal(status(e[3]!), '201 Created');
  assertEntryFailed(e[4]!, 404);
  assert.equal((await fhir.searchIds(`Patient?identifier=${CCCD}|${marker}`)).length, 1);
});

test('conditional create and conditional references work per entry', async () => {
  const marker = unique();
  const p = await fhir.create(patient(marker));
  const r = await fhir.post(
    '',
    batch([
      {
        resource: patient(marker, { gender: 'female' }),
        request: { method: 'POST', url: 'Patient', ifNoneExist: `identifier=${CCCD}|${marker}` },
      },
      {
        resource: {
          resourceType: 'Observation',
          status: 'final',
          code: { text: marker },
          subject: { reference: `Patient?identifier=${CCCD}|${marker}` },
        },
        request: { method: 'POST', url: 'Observation' },
      },
      {
        resource: {
          resourceType: 'Observation',
          status: 'final',
          code: { text: marker },
          subject: { reference: `Patient?identifier=${CCCD}|${unique()}` },
        },
        request: { method: 'POST', url: 'Observation' },
      },
    ]),
  );
  assert.equal(r.status, 200, r.text);
  const e = r.body.entry!;
  assert.equal(status(e[0]!), '200 OK');
  assert.equal(e[0]!.response!.location, `Patient/${p.id}/_history/1`);
  assert.equal(status(e[1]!), '201 Created');
  assert.equal(e[2]!.response!.outcome?.resourceType, 'OperationOutcome');
  assert.notEqual(status(e[2]!).charAt(0), '2');
  assert.deepEqual(await fhir.searchIds(`Patient?identifier=${CCCD}|${marker}`), [p.id]);
  assert.equal((await fhir.searchIds(`Observation?subject=Patient/${p.id}`)).length, 1);
});

test('an entry may not reference another entry of the batch', async () => {
  const marker = unique();
  const pUrl = `urn:uuid:${randomUUID()}`;
  const r = await fhir.post(
    '',
    batch([
      { fullUrl: pUrl, resource: patient(marker), request: { method: 'POST', url: 'Patient' } },
      {
        resource: {
          resourceType: 'Observation',
          status: 'final',
          code: { text: marker },
          subject: { reference: pUrl },
        },
        request: { method: 'POST', url: 'Observation' },
      },
    ]),
  );
  assert.equal(r.status, 200, r.text);
  assert.equal(status(r.body.entry![0]!), '201 Created');
  assertEntryFailed(r.body.entry![1]!, 400, /transaction/);
  assert.deepEqual(await fhir.searchIds(`Observation?code:text=${marker}`), []);
});

test('PATCH entries carry JSON Patch in a Binary', async () => {
  const p = await fhir.create(patient(unique(), { active: true }));
  const data = Buffer.from(JSON.stringify([{ op: 'replace', path: '/active', value: false }])).toString('base64');
  const r = await fhir.post(
    '',
    batch([
      {
        resource: { resourceType: 'Binary', contentType: 'application/json-patch+json', data },
        request: { method: 'PATCH', url: `Patient/${p.id}` },
      },
      {
        resource: { resourceType: 'Binary', contentType: 'application/json-patch+json', data: 'bm90IGpzb24=' },
        request: { method: 'PATCH', url: `Patient/${p.id}` },
      },
    ]),
  );
  assert.equal(r.status, 200, r.text);
  assert.equal(status(r.body.entry![0]!), '200 OK');
  assertEntryFailed(r.body.entry![1]!, 400);
  const read = await fhir.get(`Patient/${p.id}`);
  assert.equal(read.body.active, false);
  assert.equal(read.body.meta!.versionId, '2');
});

test('search entries return searchset bundles', async () => {
  const marker = unique();
  const p = await fhir.create(patient(marker));
  const r = await fhir.post('', batch([{ request: { method: 'GET', url: `Patient?identifier=${CCCD}|${marker}` } }]));
  assert.equal(r.status, 200, r.text);
  const found = r.body.entry![0]!.resource!;
  assert.equal(found.type, 'searchset');
  assert.deepEqual(
    found.entry!.map((e) => e.resource!.id),
    [p.id],
  );
});

test('request.url may be absolute on this server; another server is refused', async () => {
  const p = await fhir.create(patient(unique()));
  const r = await fhir.post(
    '',
    batch([
      { request: { method: 'GET', url: `${app.fhirUrl}/Patient/${p.id}` } },
      { request: { method: 'GET', url: `http://elsewhere.example/fhir/Patient/${p.id}` } },
    ]),
  );
  assert.equal(r.status, 200, r.text);
  assert.equal(status(r.body.entry![0]!), '200 OK');
  assert.equal(r.body.entry![0]!.resource!.id, p.id);
  assertEntryFailed(r.body.entry![1]!, 400, /not on this server/);
});

test('HEAD entries answer like GET without the resource', async () => {
  const p = await fhir.create(patient(unique()));
  const r = await fhir.post(
    '',
    batch([
      { request: { method: 'HEAD', url: `Patient/${p.id}` } },
      { request: { method: 'HEAD', url: `Patient?_id=${p.id}` } },
      { request: { method: 'HEAD', url: `Patient/${unique('nobody')}` } },
    ]),
  );
  assert.equal(r.status, 200, r.text);
  const [read, search, missing] = r.body.entry!;
  assert.equal(status(read!), '200 OK');
  assert.equal(read!.resource, undefined);
  assert.equal(read!.response!.etag, 'W/"1"');
  assert.equal(status(search!), '200 OK');
  assert.equal(search!.resource, undefined);
  assertEntryFailed(missing!, 404);
});

test('two entries with the same fullUrl fail the whole batch (bdl-7); different versions are fine', async () => {
  const marker = unique();
  const fullUrl = `urn:uuid:${randomUUID()}`;
  const r = await fhir.post(
    '',
    batch([
      { fullUrl, resource: patient(marker), request: { method: 'POST', url: 'Patient' } },
      { fullUrl, resource: patient(marker), request: { method: 'POST', url: 'Patient' } },
    ]),
  );
  assertOutcome(r, 400, new RegExp(`same fullUrl "${fullUrl}".*bdl-7`));
  assert.deepEqual(await fhir.searchIds(`Patient?identifier=${CCCD}|${marker}`), []);
  const versions = await fhir.post(
    '',
    batch([
      { fullUrl, resource: patient(marker, { meta: { versionId: '1' } }), request: { method: 'POST', url: 'Patient' } },
      { fullUrl, resource: patient(marker, { meta: { versionId: '2' } }), request: { method: 'POST', url: 'Patient' } },
    ]),
  );
  assert.equal(versions.status, 200, versions.text);
  assert.deepEqual(
    versions.body.entry!.map((e) => status(e)),
    ['201 Created', '201 Created'],
  );
});
