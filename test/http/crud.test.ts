// FHIR R4 RESTful interactions on one instance: create, read, vread, update,
// delete, HEAD, If-None-Match, Prefer (https://hl7.org/fhir/R4/http.html).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { assertOutcome, fhirClient, unique, type Fhir } from '../support/fhir-http.js';

let app: TestApp;
let fhir: Fhir;
before(async () => {
  app = await startTestApp({ listen: true });
  fhir = fhirClient(app.fhirUrl);
});
after(async () => {
  await app.close();
});

const INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

describe('create', () => {
  test('201 with Location to version 1, ETag W/"1", Last-Modified and meta', async () => {
    const before = Date.now();
    const r = await fhir.post('Patient', { resourceType: 'Patient', gender: 'female', birthDate: '1990-01-02' });
    assert.equal(r.status, 201, r.text);
    assert.match(r.headers.get('content-type')!, /^application\/fhir\+json/);
    const id = r.body.id!;
    assert.match(id, /^[A-Za-z0-9\-.]{1,64}$/);
    assert.equal(r.headers.get('location'), `${app.fhirUrl}/Patient/${id}/_history/1`);
    assert.equal(r.headers.get('etag'), 'W/"1"');
    assert.equal(r.body.meta!.versionId, '1');
    assert.match(r.body.meta!.lastUpdated!, INSTANT);
    const lastUpdated = Date.parse(r.body.meta!.lastUpdated!);
    assert.ok(lastUpdated >= before - 1000 && lastUpdated <= Date.now() + 1000, 'lastUpdated is now');
    // HTTP dates have second precision.
    assert.equal(Date.parse(r.headers.get('last-modified')!), Math.floor(lastUpdated / 1000) * 1000);
    assert.equal(r.body.resourceType, 'Patient');
    assert.equal(r.body.gender, 'female');
  });

  test('a client id and meta.versionId on POST are ignored', async () => {
    const clientId = unique('client');
    const r = await fhir.post('Patient', {
      resourceType: 'Patient',
      id: clientId,
      meta: { versionId: '42', lastUpdated: '2001-01-01T00:00:00Z' },
    });
    assert.equal(r.status, 201, r.text);
    assert.notEqual(r.body.id, clientId);
    assert.equal(r.body.meta!.versionId, '1');
    assert.notEqual(r.body.meta!.lastUpdated, '2001-01-01T00:00:00Z');
    assert.equal((await fhir.get(`Patient/${clientId}`)).status, 404);
  });

  test('read returns what create stored', async () => {
    const created = await fhir.create({ resourceType: 'Patient', name: [{ family: 'Trần', given: ['Thị', 'Bình'] }] });
    const r = await fhir.get(`Patient/${created.id}`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, created);
    assert.equal(r.headers.get('etag'), 'W/"1"');
  });
});

describe('read', () => {
  test('404 with an OperationOutcome for an unknown id', async () => {
    assertOutcome(await fhir.get(`Patient/${unique('nobody')}`), 404);
  });

  test('410 after delete, and vread of the deletion is 410 too', async () => {
    const p = await fhir.create({ resourceType: 'Patient' });
    assert.equal((await fhir.delete(`Patient/${p.id}`)).status, 204);
    assertOutcome(await fhir.get(`Patient/${p.id}`), 410);
    assertOutcome(await fhir.get(`Patient/${p.id}/_history/2`), 410);
    const v1 = await fhir.get(`Patient/${p.id}/_history/1`);
    assert.equal(v1.status, 200);
    assert.equal(v1.body.id, p.id);
  });

  test('If-None-Match with the current ETag gives 304 without a body; a stale one gives 200', async () => {
    const p = await fhir.create({ resourceType: 'Patient' });
    const same = await fhir.get(`Patient/${p.id}`, { 'if-none-match': 'W/"1"' });
    assert.equal(same.status, 304);
    assert.equal(same.text, '');
    assert.equal(same.headers.get('etag'), 'W/"1"');
    await fhir.put(`Patient/${p.id}`, { resourceType: 'Patient', id: p.id, active: true });
    const changed = await fhir.get(`Patient/${p.id}`, { 'if-none-match': 'W/"1"' });
    assert.equal(changed.status, 200);
    assert.equal(changed.body.meta!.versionId, '2');
  });

  test('If-None-Match takes a list or *; a malformed value is ignored, never an error', async () => {
    const p = await fhir.create({ resourceType: 'Patient' });
    assert.equal((await fhir.get(`Patient/${p.id}`, { 'if-none-match': 'W/"7", W/"1"' })).status, 304);
    assert.equal((await fhir.get(`Patient/${p.id}`, { 'if-none-match': '*' })).status, 304);
    assert.equal((await fhir.get(`Patient/${p.id}`, { 'if-none-match': '"1"' })).status, 304);
    assert.equal((await fhir.get(`Patient/${p.id}`, { 'if-none-match': 'W/"7", W/"8"' })).status, 200);
    assert.equal((await fhir.get(`Patient/${p.id}`, { 'if-none-match': 'garbage"' })).status, 200);
  });

  test('If-Modified-Since: 304 when unchanged since, 200 when changed after', async () => {
    const p = await fhir.create({ resourceType: 'Patient' });
    const lastModified = (await fhir.get(`Patient/${p.id}`)).headers.get('last-modified')!;
    assert.equal((await fhir.get(`Patient/${p.id}`, { 'if-modified-since': lastModified })).status, 304);
    const earlier = new Date(Date.parse(lastModified) - 60_000).toUTCString();
    assert.equal((await fhir.get(`Patient/${p.id}`, { 'if-modified-since': earlier })).status, 200);
    assert.equal((await fhir.get(`Patient/${p.id}`, { 'if-modified-since': 'not a date' })).status, 200);
    // If-None-Match decides alone when both are sent (RFC 9110 §13.1.3).
    const both = await fhir.get(`Patient/${p.id}`, { 'if-modified-since': lastModified, 'if-none-match': 'W/"9"' });
    assert.equal(both.status, 200);
  });

  test('HEAD answers like GET without a body', async () => {
    const p = await fhir.create({ resourceType: 'Patient' });
    const r = await fhir.send('HEAD', `Patient/${p.id}`);
    assert.equal(r.status, 200);
    assert.equal(r.text, '');
    assert.equal(r.headers.get('etag'), 'W/"1"');
    assert.match(r.headers.get('content-type') ?? '', /^application\/fhir\+json/);
    assert.equal((await fhir.send('HEAD', `Patient/${unique('nobody')}`)).status, 404);
  });
});

describe('vread', () => {
  test('each version stays readable with its own ETag', async () => {
    const p = await fhir.create({ resourceType: 'Patient', gender: 'male' });
    await fhir.put(`Patient/${p.id}`, { resourceType: 'Patient', id: p.id, gender: 'female' });
    const v1 = await fhir.get(`Patient/${p.id}/_history/1`);
    const v2 = await fhir.get(`Patient/${p.id}/_history/2`);
    assert.equal(v1.status, 200);
    assert.equal(v1.body.gender, 'male');
    assert.equal(v1.body.meta!.versionId, '1');
    assert.equal(v1.headers.get('etag'), 'W/"1"');
    assert.equal(v2.body.gender, 'female');
    assert.equal(v2.headers.get('etag'), 'W/"2"');
  });

  test('404 for an unknown version or a version that is not a number', async () => {
    const p = await fhir.create({ resourceType: 'Patient' });
    assertOutcome(await fhir.get(`Patient/${p.id}/_history/2`), 404);
    assertOutcome(await fhir.get(`Patient/${p.id}/_history/abc`), 404);
    assertOutcome(await fhir.get(`Patient/${unique('nobody')}/_history/1`), 404);
  });
});

describe('update', () => {
  test('200 with version 2, ETag and Location; the body replaces the old content', async () => {
    const p = await fhir.create({ resourceType: 'Patient', gender: 'male', birthDate: '1970-01-01' });
    const r = await fhir.put(`Patient/${p.id}`, { resourceType: 'Patient', id: p.id, gender: 'female' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers.get('etag'), 'W/"2"');
    assert.equal(r.headers.get('location'), `${app.fhirUrl}/Patient/${p.id}/_history/2`);
    assert.equal(r.body.meta!.versionId, '2');
    assert.equal(r.body.birthDate, undefined, 'update replaces, it does not merge');
    const read = await fhir.get(`Patient/${p.id}`);
    assert.deepEqual(read.body, r.body);
    assert.ok(Date.parse(r.body.meta!.lastUpdated!) >= Date.parse(p.meta.lastUpdated));
  });

  test('update as create: a new client id gives 201 and version 1', async () => {
    const id = unique('pc');
    const r = await fhir.put(`Patient/${id}`, { resourceType: 'Patient', id, active: true });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.headers.get('location'), `${app.fhirUrl}/Patient/${id}/_history/1`);
    assert.equal(r.body.meta!.versionId, '1');
    assert.equal((await fhir.get(`Patient/${id}`)).body.active, true);
  });

  test('400 when the body id differs from the URL or is missing; nothing is written', async () => {
    const p = await fhir.create({ resourceType: 'Patient', gender: 'male' });
    assertOutcome(await fhir.put(`Patient/${p.id}`, { resourceType: 'Patient', id: 'other', gender: 'female' }), 400);
    assertOutcome(await fhir.put(`Patient/${p.id}`, { resourceType: 'Patient', gender: 'female' }), 400);
    const read = await fhir.get(`Patient/${p.id}`);
    assert.equal(read.body.meta!.versionId, '1');
    assert.equal(read.body.gender, 'male');
    assert.equal((await fhir.get('Patient/other')).status, 404);
  });

  test('If-Match with the current version succeeds; a stale one is 412 and changes nothing', async () => {
    const p = await fhir.create({ resourceType: 'Patient', gender: 'male' });
    const ok = await fhir.put(
      `Patient/${p.id}`,
      { resourceType: 'Patient', id: p.id, gender: 'female' },
      { 'if-match': 'W/"1"' },
    );
    assert.equal(ok.status, 200, ok.text);
    const stale = await fhir.put(
      `Patient/${p.id}`,
      { resourceType: 'Patient', id: p.id, gender: 'other' },
      { 'if-match': 'W/"1"' },
    );
    assertOutcome(stale, 412);
    const read = await fhir.get(`Patient/${p.id}`);
    assert.equal(read.body.meta!.versionId, '2');
    assert.equal(read.body.gender, 'female');
    const history = await fhir.get(`Patient/${p.id}/_history`);
    assert.equal(history.body.entry!.length, 2);
  });

  test('If-None-Match: * only creates: 412 on an existing resource, 201 on a new or deleted id', async () => {
    const p = await fhir.create({ resourceType: 'Patient', gender: 'male' });
    const star = { 'if-none-match': '*' };
    assertOutcome(
      await fhir.put(`Patient/${p.id}`, { resourceType: 'Patient', id: p.id, gender: 'female' }, star),
      412,
    );
    // A listed version: 412 when it is the current one (RFC 9110 §13.1.2).
    const body = { resourceType: 'Patient', id: p.id, gender: 'other' };
    assertOutcome(await fhir.put(`Patient/${p.id}`, body, { 'if-none-match': 'W/"1"' }), 412);
    assertOutcome(await fhir.patch(`Patient/${p.id}`, [{ op: 'add', path: '/active', value: true }], star), 412);
    const read = await fhir.get(`Patient/${p.id}`);
    assert.equal(read.body.meta!.versionId, '1');
    assert.equal(read.body.gender, 'male');
    const id = unique('inm');
    assert.equal((await fhir.put(`Patient/${id}`, { resourceType: 'Patient', id }, star)).status, 201);
    assert.equal((await fhir.put(`Patient/${p.id}`, body, { 'if-none-match': 'W/"7"' })).status, 200);
    await fhir.delete(`Patient/${id}`);
    assert.equal((await fhir.put(`Patient/${id}`, { resourceType: 'Patient', id }, star)).status, 201);
  });

  test('If-Match on an absent resource is 412 and creates nothing', async () => {
    const id = unique('absent');
    assertOutcome(await fhir.put(`Patient/${id}`, { resourceType: 'Patient', id }, { 'if-match': 'W/"1"' }), 412);
    assert.equal((await fhir.get(`Patient/${id}`)).status, 404);
  });

  test('update after delete brings the resource back as a new version', async () => {
    const p = await fhir.create({ resourceType: 'Patient' });
    await fhir.delete(`Patient/${p.id}`);
    const r = await fhir.put(`Patient/${p.id}`, { resourceType: 'Patient', id: p.id, active: false });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.meta!.versionId, '3');
    assert.equal((await fhir.get(`Patient/${p.id}`)).status, 200);
  });
});

describe('Prefer: return', () => {
  test('minimal: no body, but Location and ETag', async () => {
    const r = await fhir.post('Patient', { resourceType: 'Patient' }, { prefer: 'return=minimal' });
    assert.equal(r.status, 201);
    assert.equal(r.text, '');
    assert.match(r.headers.get('location')!, /\/Patient\/[^/]+\/_history\/1$/);
    assert.equal(r.headers.get('etag'), 'W/"1"');
    const id = r.headers.get('location')!.split('/').at(-3)!;
    const u = await fhir.put(`Patient/${id}`, { resourceType: 'Patient', id }, { prefer: 'return=minimal' });
    assert.equal(u.status, 200);
    assert.equal(u.text, '');
    assert.equal(u.headers.get('etag'), 'W/"2"');
  });

  test('representation: the stored resource', async () => {
    const r = await fhir.post(
      'Patient',
      { resourceType: 'Patient', active: true },
      { prefer: 'return=representation' },
    );
    assert.equal(r.status, 201);
    assert.equal(r.body.resourceType, 'Patient');
    assert.equal(r.body.active, true);
  });

  test('OperationOutcome: an informational outcome instead of the resource', async () => {
    const r = await fhir.post('Patient', { resourceType: 'Patient' }, { prefer: 'return=OperationOutcome' });
    assert.equal(r.status, 201);
    assert.equal(r.body.resourceType, 'OperationOutcome');
    assert.equal(r.body.issue![0]!.severity, 'information');
    assert.match(r.headers.get('location')!, /\/_history\/1$/);
  });
});

describe('delete', () => {
  test('204; history keeps every version; deleting again is fine and adds nothing', async () => {
    const p = await fhir.create({ resourceType: 'Patient', gender: 'male' });
    await fhir.put(`Patient/${p.id}`, { resourceType: 'Patient', id: p.id, gender: 'female' });
    const d = await fhir.delete(`Patient/${p.id}`);
    assert.equal(d.status, 204);
    assert.equal(d.text, '');
    assert.equal(d.headers.get('etag'), 'W/"3"');
    const again = await fhir.delete(`Patient/${p.id}`);
    assert.equal(again.status, 204);
    const history = await fhir.get(`Patient/${p.id}/_history`);
    assert.equal(history.status, 200);
    const entries = history.body.entry!;
    assert.deepEqual(
      entries.map((e) => [e.request!.method, e.response!.etag]),
      [
        ['DELETE', 'W/"3"'],
        ['PUT', 'W/"2"'],
        ['POST', 'W/"1"'],
      ],
    );
    assert.equal(entries[0]!.resource, undefined);
    assert.equal(entries[1]!.resource!.gender, 'female');
    assert.equal(entries[2]!.resource!.gender, 'male');
    assert.deepEqual(await fhir.searchIds(`Patient?_id=${p.id}`), []);
  });

  test('deleting an unknown id is 204 and leaves no trace', async () => {
    const id = unique('ghost');
    assert.equal((await fhir.delete(`Patient/${id}`)).status, 204);
    assert.equal((await fhir.get(`Patient/${id}`)).status, 404);
    assert.equal((await fhir.get(`Patient/${id}/_history`)).status, 404);
  });

  test('If-Match on delete: stale is 412 and keeps the resource', async () => {
    const p = await fhir.create({ resourceType: 'Patient' });
    await fhir.put(`Patient/${p.id}`, { resourceType: 'Patient', id: p.id });
    assertOutcome(await fhir.delete(`Patient/${p.id}`, { 'if-match': 'W/"1"' }), 412);
    assert.equal((await fhir.get(`Patient/${p.id}`)).status, 200);
    assert.equal((await fhir.delete(`Patient/${p.id}`, { 'if-match': 'W/"2"' })).status, 204);
    assert.equal((await fhir.get(`Patient/${p.id}`)).status, 410);
  });
});

describe('metadata', () => {
  test('a CapabilityStatement with Patient, its search parameters and transaction/batch', async () => {
    const r = await fhir.get('metadata');
    assert.equal(r.status, 200);
    assert.equal(r.body.resourceType, 'CapabilityStatement');
    assert.equal(r.body.fhirVersion, '4.0.1');
    assert.equal(r.body.kind, 'instance');
    type Rest = {
      mode: string;
      interaction: { code: string }[];
      resource: { type: string; interaction: { code: string }[]; searchParam: { name: string; type: string }[] }[];
    };
    const rest = (r.body.rest as Rest[])[0]!;
    assert.equal(rest.mode, 'server');
    const codes = rest.interaction.map((i) => i.code);
    assert.ok(codes.includes('transaction') && codes.includes('batch'), codes.join());
    const patient = rest.resource.find((res) => res.type === 'Patient');
    assert.ok(patient, 'Patient is listed');
    const params = new Map(patient.searchParam.map((p) => [p.name, p.type]));
    assert.equal(params.get('identifier'), 'token');
    assert.equal(params.get('name'), 'string');
    assert.equal(params.get('birthdate'), 'date');
    assert.equal(params.get('organization'), 'reference');
    const interactions = patient.interaction.map((i) => i.code).sort();
    for (const code of ['create', 'delete', 'history-instance', 'read', 'search-type', 'update', 'vread']) {
      assert.ok(interactions.includes(code), `Patient ${code}`);
    }
  });

  test('what it claims for conditional read and _include works', async () => {
    const rest = (await fhir.get('metadata')).body.rest as {
      resource: { type: string; conditionalRead: string; searchInclude: string[] }[];
    }[];
    const observation = rest[0]!.resource.find((res) => res.type === 'Observation')!;
    // full-support: If-None-Match and If-Modified-Since (tested above under read).
    assert.equal(observation.conditionalRead, 'full-support');
    assert.ok(observation.searchInclude.includes('Observation:*'), observation.searchInclude.join());
    for (const value of observation.searchInclude) {
      const r = await fhir.get(`Observation?_include=${encodeURIComponent(value)}&_count=1`);
      assert.equal(r.status, 200, `_include=${value}: ${r.text}`);
    }
  });
});
