// JSON Patch (https://hl7.org/fhir/R4/http.html#patch, RFC 6902): applied
// whole or not at all; the result must still be a valid resource.
import { after, before, test } from 'node:test';
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

const seed = () =>
  fhir.create({
    resourceType: 'Patient',
    active: true,
    gender: 'male',
    name: [{ family: 'Lê', given: ['Văn'] }],
    birthDate: '1985-03-04',
  });

/** Asserts the resource is still exactly as created: version 1, same content, one history entry. */
async function assertUnchanged(p: Awaited<ReturnType<typeof seed>>): Promise<void> {
  const read = await fhir.get(`Patient/${p.id}`);
  assert.deepEqual(read.body, p);
  assert.equal((await fhir.get(`Patient/${p.id}/_history`)).body.entry!.length, 1);
}

test('application/json-patch+json: 200, version 2, the operations applied in order', async () => {
  const p = await seed();
  const r = await fhir.patch(`Patient/${p.id}`, [
    { op: 'test', path: '/gender', value: 'male' },
    { op: 'replace', path: '/gender', value: 'female' },
    { op: 'add', path: '/name/0/given/-', value: 'Hùng' },
    { op: 'remove', path: '/birthDate' },
  ]);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers.get('etag'), 'W/"2"');
  assert.equal(r.headers.get('location'), `${app.fhirUrl}/Patient/${p.id}/_history/2`);
  assert.equal(r.body.meta!.versionId, '2');
  const read = await fhir.get(`Patient/${p.id}`);
  assert.equal(read.body.gender, 'female');
  assert.deepEqual((read.body.name as { given: string[] }[])[0]!.given, ['Văn', 'Hùng']);
  assert.equal(read.body.birthDate, undefined);
  const history = await fhir.get(`Patient/${p.id}/_history`);
  assert.equal(history.body.entry![0]!.request!.method, 'PATCH');
});

test('If-Match: the current version applies, a stale one is 412', async () => {
  const p = await seed();
  const ok = await fhir.patch(`Patient/${p.id}`, [{ op: 'replace', path: '/active', value: false }], {
    'if-match': 'W/"1"',
  });
  assert.equal(ok.status, 200, ok.text);
  assertOutcome(
    await fhir.patch(`Patient/${p.id}`, [{ op: 'replace', path: '/active', value: true }], { 'if-match': 'W/"1"' }),
    412,
  );
  assert.equal((await fhir.get(`Patient/${p.id}`)).body.active, false);
});

/** The stored resource's content must never leak into an error text (fast-json-patch's own messages hold it). */
function assertNoStoredContent(text: string): void {
  for (const stored of ['1985-03-04', 'Lê', 'Văn', 'versionId', 'tree']) assert.ok(!text.includes(stored), text);
}

test('a failing test op: 422 naming the operation, and not even the operations before it are applied', async () => {
  const p = await seed();
  const r = await fhir.patch(`Patient/${p.id}`, [
    { op: 'replace', path: '/active', value: false },
    { op: 'test', path: '/gender', value: 'female' },
    { op: 'replace', path: '/gender', value: 'other' },
  ]);
  // R4 §3.1.0.7.1 / RFC 5789 §2.2: the patch is understood but cannot be processed.
  assertOutcome(r, 422, /operation 1 \("test" at "\/gender"\) failed/);
  assert.deepEqual(r.body.issue![0]!.expression, ['patch[1]']);
  assertNoStoredContent(r.text);
  await assertUnchanged(p);
});

test('malformed patches are 400 and change nothing', async () => {
  const p = await seed();
  const bad: [string, unknown][] = [
    ['not an array', { op: 'replace', path: '/active', value: false }],
    ['unknown op', [{ op: 'merge', path: '/active', value: false }]],
    ['missing path', [{ op: 'replace', value: false }]],
    ['path not found', [{ op: 'replace', path: '/nothing/here', value: 1 }]],
    ['remove missing', [{ op: 'remove', path: '/deceasedBoolean' }]],
    ['bad index', [{ op: 'add', path: '/name/7', value: { family: 'X' } }]],
  ];
  for (const [label, body] of bad) {
    const r = await fhir.patch(`Patient/${p.id}`, body);
    assert.equal(r.status, 400, `${label}: ${r.text}`);
    assertOutcome(r, 400);
    assertNoStoredContent(r.text);
  }
  // The failing operation is named by its index, op and path.
  const r = await fhir.patch(`Patient/${p.id}`, [
    { op: 'add', path: '/active', value: false },
    { op: 'remove', path: '/deceasedBoolean' },
  ]);
  assertOutcome(r, 400, /operation 1 \("remove" at "\/deceasedBoolean"\) failed: "path" does not exist/);
  await assertUnchanged(p);
});

test('a patch whose result is not a valid resource is rejected and changes nothing', async () => {
  const p = await seed();
  const invalid: unknown[][] = [
    [{ op: 'replace', path: '/gender', value: 42 }],
    [{ op: 'add', path: '/notAnElement', value: true }],
    [{ op: 'replace', path: '/birthDate', value: 'yesterday' }],
  ];
  for (const body of invalid) {
    const r = await fhir.patch(`Patient/${p.id}`, body);
    assertOutcome(r, 400);
  }
  await assertUnchanged(p);
});

test('a patch may not change the id or the resourceType', async () => {
  const p = await seed();
  assertOutcome(await fhir.patch(`Patient/${p.id}`, [{ op: 'replace', path: '/id', value: 'stolen' }]), 400);
  assertOutcome(
    await fhir.patch(`Patient/${p.id}`, [{ op: 'replace', path: '/resourceType', value: 'Practitioner' }]),
    400,
  );
  assertOutcome(await fhir.patch(`Patient/${p.id}`, [{ op: 'remove', path: '/id' }]), 400);
  await assertUnchanged(p);
  assert.equal((await fhir.get('Patient/stolen')).status, 404);
});

test('meta.versionId in a patch cannot forge the version', async () => {
  const p = await seed();
  const r = await fhir.patch(`Patient/${p.id}`, [{ op: 'replace', path: '/meta/versionId', value: '99' }]);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.meta!.versionId, '2');
});

test('other content types are 415: FHIRPath Patch (Parameters) is not supported', async () => {
  const p = await seed();
  const params = {
    resourceType: 'Parameters',
    parameter: [{ name: 'operation', part: [{ name: 'type', valueCode: 'delete' }] }],
  };
  assertOutcome(await fhir.patch(`Patient/${p.id}`, params, { 'content-type': 'application/fhir+json' }), 415);
  assertOutcome(
    await fhir.send('PATCH', `Patient/${p.id}`, {
      raw: 'active=false',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    }),
    415,
  );
  await assertUnchanged(p);
});

test('patching an unknown resource is 404, a deleted one 410', async () => {
  assertOutcome(await fhir.patch(`Patient/${unique('nobody')}`, [{ op: 'add', path: '/active', value: true }]), 404);
  const p = await seed();
  await fhir.delete(`Patient/${p.id}`);
  assertOutcome(await fhir.patch(`Patient/${p.id}`, [{ op: 'add', path: '/active', value: true }]), 410);
});

test('an empty patch is a no-op update that still makes a version', async () => {
  // RFC 6902 allows an empty document; FHIR does not forbid the new version.
  const p = await seed();
  const r = await fhir.patch(`Patient/${p.id}`, []);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.meta!.versionId, '2');
  assert.equal(r.body.gender, 'male');
});
