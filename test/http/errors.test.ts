// Bad input: every refusal is a FHIR OperationOutcome with the right status,
// nothing is written, and the server keeps serving
// (https://hl7.org/fhir/R4/http.html#summary, #mime-type, #general).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { assertOutcome, fhirClient, unique, type Fhir, type Reply } from '../support/fhir-http.js';

let app: TestApp;
let fhir: Fhir;
/** A second server with a small body limit (413) and no update-as-create. */
let small: TestApp;
before(async () => {
  // No job workers: the outbox must stay as written, so "nothing was written" can be counted.
  [app, small] = await Promise.all([
    startTestApp({ listen: true, env: { LIENTHONG_JOBS: 'false' } }),
    startTestApp({
      listen: true,
      env: { LIENTHONG_JOBS: 'false', LIENTHONG_MAX_BODY_BYTES: '2048', LIENTHONG_UPDATE_CREATE: 'false' },
    }),
  ]);
  fhir = fhirClient(app.fhirUrl);
});
after(async () => {
  await Promise.all([app.close(), small.close()]);
});

const JSON_TYPE = { 'content-type': 'application/fhir+json' };

/** Rows in every table a write touches; tests here run one at a time. */
async function writeCount(): Promise<number> {
  const { rows } = await app.db.query<{ n: string }>(
    'SELECT (SELECT count(*) FROM resource) + (SELECT count(*) FROM resource_history) + (SELECT count(*) FROM outbox) AS n',
  );
  return Number(rows[0]!.n);
}

/** Runs `call`, asserts it fails with `status` and an OperationOutcome, and that nothing was written. */
async function refused(status: number, call: () => Promise<Reply>, text?: RegExp): Promise<Reply> {
  const before = await writeCount();
  const r = await call();
  assertOutcome(r, status, text);
  assert.equal(await writeCount(), before, 'nothing is written');
  return r;
}

async function assertAlive(): Promise<void> {
  const health = await fetch(`${app.url}/healthz`);
  assert.equal(health.status, 200);
  await fhir.create({ resourceType: 'Patient' });
}

describe('malformed bodies', () => {
  test('malformed JSON is 400', async () => {
    await refused(
      400,
      () => fhir.send('POST', 'Patient', { raw: '{"resourceType": "Patient",', headers: JSON_TYPE }),
      /JSON/,
    );
    await refused(400, () => fhir.send('POST', 'Patient', { raw: '', headers: JSON_TYPE }));
    await refused(400, () => fhir.send('POST', 'Patient', { raw: "{'resourceType':'Patient'}", headers: JSON_TYPE }));
  });

  test('a body that is not a JSON object is 400', async () => {
    for (const raw of ['[]', 'null', '"Patient"', '42', 'true']) {
      await refused(400, () => fhir.send('POST', 'Patient', { raw, headers: JSON_TYPE }));
    }
    await refused(400, () => fhir.send('POST', 'Patient'));
  });

  test('resourceType missing or different from the URL is 400', async () => {
    await refused(400, () => fhir.post('Patient', { resourceType: 'Observation', status: 'final', code: {} }));
    await refused(400, () => fhir.post('Patient', { gender: 'male' }));
    const p = await fhir.create({ resourceType: 'Patient' });
    await refused(400, () => fhir.put(`Patient/${p.id}`, { resourceType: 'Practitioner', id: p.id }));
  });

  test('invalid content (wrong types, unknown elements, bad codes) is 400', async () => {
    await refused(400, () => fhir.post('Patient', { resourceType: 'Patient', gender: 42 }));
    await refused(400, () => fhir.post('Patient', { resourceType: 'Patient', foo: 'bar' }));
    await refused(400, () => fhir.post('Patient', { resourceType: 'Patient', birthDate: '02/05/1980' }));
    await refused(400, () =>
      fhir.post('Patient', { resourceType: 'Patient', managingOrganization: { reference: 'not a reference' } }),
    );
  });

  test('deeply nested JSON is 400, however deep', async () => {
    for (const depth of [70, 5_000, 50_000]) {
      const raw = `{"resourceType":"Patient","extension":${'['.repeat(depth)}${']'.repeat(depth)}}`;
      await refused(400, () => fhir.send('POST', 'Patient', { raw, headers: JSON_TYPE }), /nested/);
    }
    const objects = `{"resourceType":"Patient","x":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`;
    await refused(400, () => fhir.send('POST', 'Patient', { raw: objects, headers: JSON_TYPE }), /nested/);
    await assertAlive();
  });

  test('a huge array is refused quickly', async () => {
    const started = Date.now();
    const given = Array.from({ length: 100_000 }, (_, i) => `g${i}`);
    await refused(400, () => fhir.post('Patient', { resourceType: 'Patient', name: [{ given }] }), /array/);
    const identifiers = Array.from({ length: 20_000 }, (_, i) => ({ system: 'urn:x', value: String(i) }));
    await refused(400, () => fhir.post('Patient', { resourceType: 'Patient', identifier: identifiers }));
    assert.ok(Date.now() - started < 5_000, `refused in ${Date.now() - started} ms`);
    await assertAlive();
  });

  test('a __proto__ key, plain or spelled with \\u escapes, cannot poison anything and is not stored', async () => {
    for (const key of ['__proto__', '\\u005f\\u005fproto__', '__\\u0070roto__']) {
      const r = await fhir.send('POST', 'Patient', {
        raw: `{"resourceType":"Patient","${key}":{"gender":"male","polluted":true},"active":true}`,
        headers: JSON_TYPE,
      });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.body.gender, undefined, key);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      const read = await fhir.get(`Patient/${r.body.id}`);
      assert.equal(read.text.includes('__proto__'), false, key);
      assert.equal(read.text.includes('polluted'), false, key);
    }
  });
});

describe('content negotiation', () => {
  test('a body that is not FHIR JSON is 415', async () => {
    for (const type of ['text/plain', 'application/fhir+xml', 'application/xml', 'multipart/form-data; boundary=x']) {
      await refused(415, () =>
        fhir.send('POST', 'Patient', { raw: '{"resourceType":"Patient"}', headers: { 'content-type': type } }),
      );
    }
    const p = await fhir.create({ resourceType: 'Patient' });
    await refused(415, () =>
      fhir.send('PUT', `Patient/${p.id}`, {
        raw: `<Patient xmlns="http://hl7.org/fhir"><id value="${p.id}"/></Patient>`,
        headers: { 'content-type': 'application/fhir+xml' },
      }),
    );
  });

  test('a JSON Patch document is for PATCH only: POST or PUT with application/json-patch+json is 415', async () => {
    const patch = { 'content-type': 'application/json-patch+json' };
    await refused(415, () => fhir.send('POST', 'Patient', { raw: '{"resourceType":"Patient"}', headers: patch }));
    const p = await fhir.create({ resourceType: 'Patient' });
    await refused(415, () =>
      fhir.send('PUT', `Patient/${p.id}`, {
        raw: JSON.stringify({ resourceType: 'Patient', id: p.id }),
        headers: patch,
      }),
    );
    await refused(415, () =>
      fhir.send('POST', '', { raw: '{"resourceType":"Bundle","type":"batch"}', headers: patch }),
    );
  });

  test('JSON media types with parameters are accepted', async () => {
    for (const type of [
      'application/fhir+json; charset=utf-8',
      'application/json',
      'application/fhir+json;fhirVersion=4.0',
    ]) {
      const r = await fhir.send('POST', 'Patient', {
        raw: '{"resourceType":"Patient"}',
        headers: { 'content-type': type },
      });
      assert.equal(r.status, 201, `${type}: ${r.text}`);
    }
  });

  test('Accept: XML or _format=xml is 406; JSON and browsers get FHIR JSON', async () => {
    await refused(406, () => fhir.get('metadata', { accept: 'application/fhir+xml' }));
    await refused(406, () => fhir.get('Patient', { accept: 'application/xml' }));
    await refused(406, () => fhir.get('metadata?_format=xml'));
    await refused(406, () => fhir.get('metadata?_format=application/fhir%2Bxml'));
    await refused(406, () => fhir.post('Patient', { resourceType: 'Patient' }, { accept: 'application/fhir+xml' }));
    for (const accept of [
      'application/fhir+json',
      'application/json',
      '*/*',
      'text/html,application/xhtml+xml,*/*;q=0.8',
    ]) {
      const r = await fhir.get('metadata', { accept });
      assert.equal(r.status, 200, accept);
      assert.match(r.headers.get('content-type')!, /^application\/fhir\+json/);
    }
    for (const format of ['json', 'application/fhir%2Bjson', 'application/json']) {
      assert.equal((await fhir.get(`metadata?_format=${format}`)).status, 200, format);
    }
  });

  test('_pretty=true indents the JSON', async () => {
    const r = await fhir.get('metadata?_pretty=true');
    assert.equal(r.status, 200);
    assert.match(r.text, /^\{\n {2}"resourceType"/);
  });
});

describe('urls', () => {
  test('an unknown resource type is 404', async () => {
    await refused(404, () => fhir.get('Foo/1'));
    await refused(404, () => fhir.get('patient'));
    await refused(404, () => fhir.post('Foo', { resourceType: 'Foo' }));
  });

  test('an invalid id in the URL is 400', async () => {
    for (const id of ['a_b', 'a%20b', 'x'.repeat(65), '%C3%A9', 'a%27%3B--']) {
      await refused(400, () => fhir.get(`Patient/${id}`), /id/);
      await refused(400, () => fhir.put(`Patient/${id}`, { resourceType: 'Patient', id: decodeURIComponent(id) }));
    }
  });

  test('unknown routes and operations are 404; wrong methods are 405', async () => {
    const r = await refused(404, () => fetch(`${app.url}/nothing/here`).then(asReply));
    assert.equal(r.body.issue![0]!.code, 'not-found');
    await refused(404, () => fhir.get('Patient/1/_history/1/extra'));
    await refused(404, () => fhir.post('Patient/$no-such-operation', { resourceType: 'Parameters' }));
    await refused(405, () => fhir.send('PATCH', 'Patient', { body: [] }));
    await refused(405, () => fhir.delete('metadata'));
    await refused(405, () => fhir.post('Patient/1/_history/1', { resourceType: 'Patient' }));
  });

  test('a 405 says in Allow which methods the path takes', async () => {
    const allow = async (method: string, path: string, body?: unknown): Promise<string | null> => {
      const r = await refused(405, () => fhir.send(method, path, body === undefined ? {} : { body }));
      return r.headers.get('allow');
    };
    assert.equal(await allow('PATCH', 'Patient', []), 'GET, HEAD, POST, PUT, DELETE');
    assert.equal(await allow('POST', 'Patient/1', { resourceType: 'Patient' }), 'GET, HEAD, PUT, PATCH, DELETE');
    assert.equal(await allow('DELETE', 'metadata'), 'GET, HEAD');
    assert.equal(await allow('GET', ''), 'POST');
    assert.equal(await allow('GET', '$reindex'), 'POST');
    assert.equal(await allow('POST', 'Patient/1/_history/1', { resourceType: 'Patient' }), 'GET, HEAD');
    assert.equal(await allow('POST', 'AuditEvent', { resourceType: 'AuditEvent' }), 'GET, HEAD');
    assert.equal(await allow('GET', 'AuditEvent/1'), '', 'nothing may be done to one audit event');
  });
});

describe('body size', () => {
  test('a body over LIENTHONG_MAX_BODY_BYTES is 413, and the server carries on', async () => {
    const client = fhirClient(small.fhirUrl);
    const count = async () => (await small.db.query<{ n: string }>('SELECT count(*) AS n FROM resource')).rows[0]!.n;
    const before = await count();
    const big = { resourceType: 'Patient', name: [{ text: 'x'.repeat(4096) }] };
    assertOutcome(await client.post('Patient', big), 413);
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ resource: big, request: { method: 'POST', url: 'Patient' } }],
    };
    assertOutcome(await client.post('', bundle), 413);
    assert.equal(await count(), before);
    assert.equal((await client.post('Patient', { resourceType: 'Patient' })).status, 201);
  });
});

describe('update as create switched off (LIENTHONG_UPDATE_CREATE=false)', () => {
  test('PUT to a new or deleted id is 404 and writes nothing; PUT to an existing id still works', async () => {
    const client = fhirClient(small.fhirUrl);
    const count = async () =>
      Number((await small.db.query<{ n: string }>('SELECT count(*) AS n FROM resource_history')).rows[0]!.n);
    const before = await count();
    const id = unique('new');
    assertOutcome(await client.put(`Patient/${id}`, { resourceType: 'Patient', id }), 404);
    assert.equal(await count(), before);
    const p = await client.create({ resourceType: 'Patient' });
    const ok = await client.put(`Patient/${p.id}`, { resourceType: 'Patient', id: p.id, active: true });
    assert.equal(ok.status, 200, ok.text);
    assert.equal((await client.delete(`Patient/${p.id}`)).status, 204);
    const afterDelete = await count();
    assertOutcome(await client.put(`Patient/${p.id}`, { resourceType: 'Patient', id: p.id }), 404);
    assert.equal(await count(), afterDelete);
    const metadata = await client.get('metadata');
    const rest = (metadata.body.rest as { resource: { type: string; updateCreate: boolean }[] }[])[0]!;
    assert.equal(rest.resource.find((r) => r.type === 'Patient')!.updateCreate, false);
  });
});

describe('hostile strings', () => {
  const nasty = [
    "Robert'); DROP TABLE resource;--",
    "' OR '1'='1",
    '"; DELETE FROM resource_history; --',
    '$1 $2 \\x00 %s %n',
    'Nguyễn Thị Ánh — 阮 🙂',
    '<script>alert(1)</script>',
    'a\u0000b'.replace('\u0000', ''),
  ];

  test('SQL-looking strings are stored and read back verbatim', async () => {
    for (const text of nasty) {
      const p = await fhir.create({
        resourceType: 'Patient',
        name: [{ text, family: text }],
        identifier: [{ system: 'urn:x', value: text }],
      });
      const read = await fhir.get(`Patient/${p.id}`);
      assert.equal(read.status, 200);
      const name = (read.body.name as { text: string; family: string }[])[0]!;
      assert.equal(name.text, text);
      assert.equal(name.family, text);
    }
    const { rows } = await app.db.query<{ n: string }>('SELECT count(*) AS n FROM resource_history');
    assert.ok(Number(rows[0]!.n) > 0, 'the tables are still there');
  });

  test('SQL-looking search values match literally and inject nothing', async () => {
    const marker = unique();
    const text = `${marker}' OR '1'='1`;
    const p = await fhir.create({ resourceType: 'Patient', identifier: [{ system: 'urn:x', value: text }] });
    await fhir.create({ resourceType: 'Patient', identifier: [{ system: 'urn:x', value: marker }] });
    assert.deepEqual(await fhir.searchIds(`Patient?identifier=${encodeURIComponent(`urn:x|${text}`)}`), [p.id]);
    assert.deepEqual(await fhir.searchIds(`Patient?_id=${encodeURIComponent("x' OR '1'='1")}`), []);
    assert.deepEqual(await fhir.searchIds(`Patient?identifier=${encodeURIComponent("urn:x|' OR 1=1 --")}`), []);
  });
});

describe('errors look alike', () => {
  test('every error carries X-Request-Id, FHIR JSON and no stack trace', async () => {
    const replies = await Promise.all([
      fhir.get('Patient/a_b'),
      fhir.get('Foo'),
      fhir.send('POST', 'Patient', { raw: '{', headers: JSON_TYPE }),
      fhir.send('POST', 'Patient', { raw: 'x', headers: { 'content-type': 'text/plain' } }),
      fhir.get('metadata', { accept: 'application/fhir+xml' }),
    ]);
    for (const r of replies) {
      assert.ok(r.headers.get('x-request-id'), 'request id');
      assert.equal(r.body.resourceType, 'OperationOutcome');
      assert.doesNotMatch(r.text, /at \w+ \(|node_modules|\.ts:\d+/);
    }
    const given = await fhir.get('Foo', { 'x-request-id': 'trace-123' });
    assert.equal(given.headers.get('x-request-id'), 'trace-123');
  });

  test('the server is still up after all of this', async () => {
    await assertAlive();
  });
});

async function asReply(res: Response): Promise<Reply> {
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined, text };
}
