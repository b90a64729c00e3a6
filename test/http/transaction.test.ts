// Transaction bundles (https://hl7.org/fhir/R4/http.html#transaction): all or
// nothing, urn:uuid and conditional references resolved, If-None-Exist,
// processing order DELETE, POST, PUT/PATCH, GET.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { assertOutcome, CCCD, fhirClient, observation, patient, unique, urn, type Fhir } from '../support/fhir-http.js';

let app: TestApp;
let fhir: Fhir;
before(async () => {
  // No job workers: the processing-order test reads the outbox, which they would drain.
  app = await startTestApp({ listen: true, env: { LIENTHONG_JOBS: 'false' } });
  fhir = fhirClient(app.fhirUrl);
});
after(async () => {
  await app.close();
});

const transaction = (entry: unknown[]) => ({ resourceType: 'Bundle', type: 'transaction', entry });

/** Every version written since `since`, across all types. */
/**
 * An instant after every write so far: where a "nothing was written" check
 * starts. The server stamps versions with this machine's clock in
 * milliseconds, and `_since` includes its instant: a write answered less
 * than a millisecond ago could still be on it.
 */
async function instantAfterWrites(): Promise<string> {
  await new Promise((resolve) => setTimeout(resolve, 3));
  return new Date().toISOString();
}

async function historySince(since: string): Promise<string[]> {
  const r = await fhir.get(`_history?_since=${encodeURIComponent(since)}&_count=1000`);
  assert.equal(r.status, 200, r.text);
  return (r.body.entry ?? []).map((e) => `${e.request!.method} ${e.fullUrl}`);
}

describe('all or nothing', () => {
  test('an invalid entry in the middle: 400 naming Bundle.entry[1]; no other entry is stored', async () => {
    const marker = unique();
    const start = await instantAfterWrites();
    const pUrl = urn();
    const r = await fhir.post(
      '',
      transaction([
        { fullUrl: pUrl, resource: patient(marker), request: { method: 'POST', url: 'Patient' } },
        { resource: patient(marker, { gender: 42 }), request: { method: 'POST', url: 'Patient' } },
        { resource: observation(pUrl, marker), request: { method: 'POST', url: 'Observation' } },
        { resource: patient(marker, { id: `t${marker}` }), request: { method: 'PUT', url: `Patient/t${marker}` } },
      ]),
    );
    assertOutcome(r, 400, /Bundle\.entry\[1\]/);
    const expressions = r.body.issue!.flatMap((i) => i.expression ?? []);
    assert.ok(
      expressions.every((e) => e.startsWith('Bundle.entry[1]')),
      expressions.join(),
    );
    assert.deepEqual(await fhir.searchIds(`Patient?identifier=${CCCD}|${marker}`), []);
    assert.deepEqual(await fhir.searchIds(`Observation?code:text=${marker}`), []);
    assert.equal((await fhir.get(`Patient/t${marker}`)).status, 404);
    assert.deepEqual(await historySince(start), []);
  });

  test('a failure while processing (stale If-Match) rolls back the entries already written', async () => {
    const marker = unique();
    const doomed = await fhir.create(patient(marker, { gender: 'male' }));
    const existing = await fhir.create(patient(marker, { gender: 'male' }));
    await fhir.put(`Patient/${existing.id}`, { ...patient(marker, { gender: 'female' }), id: existing.id });
    const start = await instantAfterWrites();
    const r = await fhir.post(
      '',
      transaction([
        { resource: patient(marker), request: { method: 'POST', url: 'Patient' } },
        { request: { method: 'DELETE', url: `Patient/${doomed.id}` } },
        {
          resource: { ...patient(marker, { gender: 'other' }), id: existing.id },
          request: { method: 'PUT', url: `Patient/${existing.id}`, ifMatch: 'W/"1"' },
        },
      ]),
    );
    assertOutcome(r, 412, /Bundle\.entry\[2\]/);
    const read = await fhir.get(`Patient/${doomed.id}`);
    assert.equal(read.status, 200, 'the DELETE was rolled back');
    assert.equal((await fhir.get(`Patient/${existing.id}`)).body.meta!.versionId, '2');
    assert.deepEqual(await fhir.searchIds(`Patient?identifier=${CCCD}|${marker}`), [doomed.id, existing.id].sort());
    assert.deepEqual(await historySince(start), []);
  });

  test('a reference to a urn:uuid that is not in the bundle: 400 naming the entry', async () => {
    const marker = unique();
    const r = await fhir.post(
      '',
      transaction([
        { resource: patient(marker), request: { method: 'POST', url: 'Patient' } },
        { resource: observation(urn(), marker), request: { method: 'POST', url: 'Observation' } },
      ]),
    );
    assertOutcome(r, 400, /Bundle\.entry\[1\]/);
    assert.deepEqual(await fhir.searchIds(`Patient?identifier=${CCCD}|${marker}`), []);
  });

  test('two entries for the same resource: 400 (R4 §3.1.0.11.2: identities must not overlap)', async () => {
    const id = unique('dup');
    const r = await fhir.post(
      '',
      transaction([
        { resource: { resourceType: 'Patient', id, gender: 'male' }, request: { method: 'PUT', url: `Patient/${id}` } },
        {
          resource: { resourceType: 'Patient', id, gender: 'female' },
          request: { method: 'PUT', url: `Patient/${id}` },
        },
      ]),
    );
    assertOutcome(r, 400, /Bundle\.entry\[1\]/);
    assert.equal((await fhir.get(`Patient/${id}`)).status, 404);
  });

  test('malformed bundles are 400', async () => {
    assertOutcome(await fhir.post('', { resourceType: 'Patient' }), 400);
    assertOutcome(await fhir.post('', { resourceType: 'Bundle', type: 'collection', entry: [] }), 400);
    assertOutcome(await fhir.post('', transaction([{ resource: patient('x') }])), 400, /Bundle\.entry\[0\]/);
    assertOutcome(
      await fhir.post('', transaction([{ resource: patient('x'), request: { method: 'FETCH', url: 'Patient' } }])),
      400,
    );
    assertOutcome(await fhir.send('GET', ''), 405);
  });

  test('an empty transaction is fine, and its response has no empty entry array', async () => {
    for (const body of [transaction([]), { resourceType: 'Bundle', type: 'transaction' }]) {
      const r = await fhir.post('', body);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.type, 'transaction-response');
      assert.equal('entry' in r.body, false, r.text);
    }
  });

  test('two entries with the same fullUrl: 400 naming it (bdl-7); nothing is stored', async () => {
    const marker = unique();
    const pUrl = urn();
    const start = await instantAfterWrites();
    const r = await fhir.post(
      '',
      transaction([
        { fullUrl: pUrl, resource: patient(marker, { gender: 'male' }), request: { method: 'POST', url: 'Patient' } },
        { fullUrl: pUrl, resource: patient(marker, { gender: 'female' }), request: { method: 'POST', url: 'Patient' } },
        { resource: observation(pUrl, marker), request: { method: 'POST', url: 'Observation' } },
      ]),
    );
    assertOutcome(r, 400, new RegExp(`${pUrl}.*bdl-7`));
    assert.deepEqual(r.body.issue![0]!.expression, ['Bundle.entry[1].fullUrl', 'Bundle.entry[0].fullUrl']);
    assert.deepEqual(await historySince(start), []);
  });
});

describe('references', () => {
  test('urn:uuid references are rewritten to the new ids, wherever they are', async () => {
    const marker = unique();
    const pUrl = urn();
    const oUrl = urn();
    const r = await fhir.post(
      '',
      transaction([
        {
          fullUrl: oUrl,
          resource: {
            ...observation(pUrl, marker),
            performer: [{ reference: pUrl }],
            extension: [{ url: 'http://example.org/x', valueReference: { reference: pUrl } }],
          },
          request: { method: 'POST', url: 'Observation' },
        },
        { fullUrl: pUrl, resource: patient(marker), request: { method: 'POST', url: 'Patient' } },
        {
          resource: {
            resourceType: 'Provenance',
            target: [{ reference: oUrl }],
            recorded: '2024-05-01T10:00:00Z',
            agent: [{ who: { reference: pUrl } }],
          },
          request: { method: 'POST', url: 'Provenance' },
        },
      ]),
    );
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.type, 'transaction-response');
    const entries = r.body.entry!;
    assert.equal(entries.length, 3);
    for (const e of entries) {
      assert.equal(e.response!.status, '201 Created');
      assert.match(e.response!.location!, /^(Observation|Patient|Provenance)\/[^/]+\/_history\/1$/);
      assert.equal(e.response!.etag, 'W/"1"');
    }
    const patientId = entries[1]!.response!.location!.split('/')[1]!;
    const obsId = entries[0]!.response!.location!.split('/')[1]!;
    assert.match(entries[0]!.response!.location!, /^Observation\//, 'responses are in request order');
    const obs = (await fhir.get(`Observation/${obsId}`)).body as unknown as {
      subject: { reference: string };
      performer: { reference: string }[];
      extension: { valueReference: { reference: string } }[];
    };
    assert.equal(obs.subject.reference, `Patient/${patientId}`);
    assert.equal(obs.performer[0]!.reference, `Patient/${patientId}`);
    assert.equal(obs.extension[0]!.valueReference.reference, `Patient/${patientId}`);
    const prov = await fhir.searchIds(`Provenance?target=Observation/${obsId}`);
    assert.equal(prov.length, 1);
    assert.deepEqual(await fhir.searchIds(`Observation?subject=Patient/${patientId}`), [obsId]);
  });

  test('conditional references resolve to the one match; none or several fail the transaction', async () => {
    const marker = unique();
    const p = await fhir.create(patient(marker));
    const ok = await fhir.post(
      '',
      transaction([
        {
          resource: observation(`Patient?identifier=${CCCD}|${marker}`, marker),
          request: { method: 'POST', url: 'Observation' },
        },
      ]),
    );
    assert.equal(ok.status, 200, ok.text);
    const obsId = ok.body.entry![0]!.response!.location!.split('/')[1]!;
    assert.equal(
      ((await fhir.get(`Observation/${obsId}`)).body.subject as { reference: string }).reference,
      `Patient/${p.id}`,
    );

    const none = await fhir.post(
      '',
      transaction([
        { resource: patient(marker, { gender: 'male' }), request: { method: 'POST', url: 'Patient' } },
        {
          resource: observation(`Patient?identifier=${CCCD}|${unique()}`, marker),
          request: { method: 'POST', url: 'Observation' },
        },
      ]),
    );
    assert.ok(none.status === 404 || none.status === 412 || none.status === 400, none.text);
    assertOutcome(none, none.status, /Bundle\.entry\[1\]/);

    await fhir.create(patient(marker));
    const several = await fhir.post(
      '',
      transaction([
        {
          resource: observation(`Patient?identifier=${CCCD}|${marker}`, marker),
          request: { method: 'POST', url: 'Observation' },
        },
      ]),
    );
    assertOutcome(several, 412, /Bundle\.entry\[0\]/);
    assert.deepEqual(await fhir.searchIds(`Observation?code:text=${marker}`), [obsId]);
    assert.deepEqual(await fhir.searchIds(`Patient?identifier=${CCCD}|${marker}&gender=male`), []);
  });

  test('If-None-Exist: an existing match is reused (200) and references point to it', async () => {
    const marker = unique();
    const existing = await fhir.create(patient(marker));
    const pUrl = urn();
    const fresh = unique();
    const freshUrl = urn();
    const r = await fhir.post(
      '',
      transaction([
        {
          fullUrl: pUrl,
          resource: patient(marker, { gender: 'female' }),
          request: { method: 'POST', url: 'Patient', ifNoneExist: `identifier=${CCCD}|${marker}` },
        },
        {
          fullUrl: freshUrl,
          resource: patient(fresh),
          request: { method: 'POST', url: 'Patient', ifNoneExist: `identifier=${CCCD}|${fresh}` },
        },
        { resource: observation(pUrl, marker), request: { method: 'POST', url: 'Observation' } },
        { resource: observation(freshUrl, fresh), request: { method: 'POST', url: 'Observation' } },
      ]),
    );
    assert.equal(r.status, 200, r.text);
    const [reused, created] = r.body.entry!;
    assert.equal(reused!.response!.status, '200 OK');
    assert.equal(reused!.response!.location, `Patient/${existing.id}/_history/1`);
    assert.equal(created!.response!.status, '201 Created');
    const freshId = created!.response!.location!.split('/')[1]!;
    assert.deepEqual(await fhir.searchIds(`Patient?identifier=${CCCD}|${marker}`), [existing.id]);
    assert.equal((await fhir.get(`Patient/${existing.id}`)).body.gender, undefined, 'the match is not updated');
    assert.equal((await fhir.searchIds(`Observation?subject=Patient/${existing.id}`)).length, 1);
    assert.equal((await fhir.searchIds(`Observation?subject=Patient/${freshId}`)).length, 1);
  });

  test('a conditional update with a urn:uuid fullUrl can be referenced', async () => {
    const marker = unique();
    const existing = await fhir.create(patient(marker));
    const pUrl = urn();
    const fresh = unique();
    const freshUrl = urn();
    const r = await fhir.post(
      '',
      transaction([
        {
          fullUrl: pUrl,
          resource: patient(marker, { active: true }),
          request: { method: 'PUT', url: `Patient?identifier=${CCCD}|${marker}` },
        },
        {
          fullUrl: freshUrl,
          resource: patient(fresh),
          request: { method: 'PUT', url: `Patient?identifier=${CCCD}|${fresh}` },
        },
        { resource: observation(pUrl, marker), request: { method: 'POST', url: 'Observation' } },
        { resource: observation(freshUrl, fresh), request: { method: 'POST', url: 'Observation' } },
      ]),
    );
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.entry![0]!.response!.status, '200 OK');
    assert.equal(r.body.entry![1]!.response!.status, '201 Created');
    const freshId = r.body.entry![1]!.response!.location!.split('/')[1]!;
    assert.equal((await fhir.get(`Patient/${existing.id}`)).body.active, true);
    assert.equal((await fhir.searchIds(`Observation?subject=Patient/${existing.id}`)).length, 1);
    assert.equal((await fhir.searchIds(`Observation?subject=Patient/${freshId}`)).length, 1);
    assert.deepEqual(await fhir.searchIds(`Patient?identifier=${CCCD}|${fresh}`), [freshId]);
  });
});

describe('processing order and entry kinds', () => {
  test('DELETE, then POST, then PUT/PATCH, then GET, whatever the entry order', async () => {
    const marker = unique();
    const doomed = await fhir.create(patient(marker));
    const kept = await fhir.create(patient(marker, { gender: 'male' }));
    const putId = unique('put');
    const { rows: before } = await app.db.query<{ seq: string }>('SELECT max(seq) AS seq FROM outbox');
    const r = await fhir.post(
      '',
      transaction([
        { request: { method: 'GET', url: `Patient?identifier=${CCCD}|${marker}` } },
        {
          resource: {
            resourceType: 'Binary',
            contentType: 'application/json-patch+json',
            data: Buffer.from(JSON.stringify([{ op: 'replace', path: '/gender', value: 'female' }])).toString('base64'),
          },
          request: { method: 'PATCH', url: `Patient/${kept.id}` },
        },
        { resource: { ...patient(marker), id: putId }, request: { method: 'PUT', url: `Patient/${putId}` } },
        { resource: patient(marker), request: { method: 'POST', url: 'Patient' } },
        { request: { method: 'DELETE', url: `Patient/${doomed.id}` } },
      ]),
    );
    assert.equal(r.status, 200, r.text);
    const entries = r.body.entry!;
    assert.deepEqual(
      entries.map((e) => e.response!.status.split(' ')[0]),
      ['200', '200', '201', '201', '204'],
    );
    const postedId = entries[3]!.response!.location!.split('/')[1]!;
    // The GET ran last: it sees the POST and PUT, not the deleted patient, and the patched gender.
    const found = entries[0]!.resource!;
    assert.equal(found.resourceType, 'Bundle');
    const ids = (found.entry ?? []).map((e) => e.resource!.id!).sort();
    assert.deepEqual(ids, [kept.id, postedId, putId].sort());
    const keptNow = found.entry!.find((e) => e.resource!.id === kept.id)!.resource!;
    assert.equal(keptNow.gender, 'female');
    const { rows } = await app.db.query<{ resource_type: string; id: string; action: string }>(
      'SELECT resource_type, id, action FROM outbox WHERE seq > $1 ORDER BY seq',
      [before[0]!.seq ?? 0],
    );
    assert.deepEqual(
      rows.map((row) => row.action),
      ['DELETE', 'POST', 'PATCH', 'PUT'],
      'writes happen in the order DELETE, POST, then PUT/PATCH in entry order',
    );
    assert.equal(rows[0]!.id, doomed.id);
  });

  test('GET entries inside a transaction: read, search and history see the bundle', async () => {
    const marker = unique();
    const p = await fhir.create(patient(marker));
    const r = await fhir.post(
      '',
      transaction([
        { request: { method: 'GET', url: `Patient/${p.id}` } },
        { request: { method: 'GET', url: `Patient/${p.id}/_history` } },
        {
          resource: { ...patient(marker, { active: true }), id: p.id },
          request: { method: 'PUT', url: `Patient/${p.id}` },
        },
      ]),
    );
    assert.equal(r.status, 200, r.text);
    const [read, history] = r.body.entry!;
    assert.equal(read!.response!.status, '200 OK');
    assert.equal(read!.resource!.meta!.versionId, '2');
    assert.equal(history!.resource!.type, 'history');
    assert.equal(history!.resource!.entry!.length, 2);
  });

  test('Prefer: return=minimal leaves resources out of the response entries', async () => {
    const r = await fhir.post(
      '',
      transaction([{ resource: patient(unique()), request: { method: 'POST', url: 'Patient' } }]),
      {
        prefer: 'return=minimal',
      },
    );
    assert.equal(r.status, 200, r.text);
    const entry = r.body.entry![0]!;
    assert.equal(entry.resource, undefined);
    assert.match(entry.response!.location!, /^Patient\/[^/]+\/_history\/1$/);
  });
});

describe('entries may not overlap (R4 §3.1.0.11.2), resolved conditions included', () => {
  /** Asserts a 400 that names both entries, and that nothing at all was written. */
  async function overlapRefused(entries: unknown[], a: number, b: number, identity: string): Promise<void> {
    const start = await instantAfterWrites();
    const r = await fhir.post('', transaction(entries));
    assertOutcome(r, 400, new RegExp(identity.replace('.', '\\.')));
    const text = r.body.issue!.map((i) => i.details?.text ?? '').join(' ');
    assert.match(text, new RegExp(`Bundle\\.entry\\[${a}\\]`), text);
    assert.match(text, new RegExp(`Bundle\\.entry\\[${b}\\]`), text);
    assert.deepEqual(await historySince(start), [], 'nothing is written');
  }

  test('If-None-Exist matching the patient a DELETE entry deletes: 400, the patient stays', async () => {
    const marker = unique();
    const p = await fhir.create(patient(marker));
    const pUrl = urn();
    await overlapRefused(
      [
        {
          fullUrl: pUrl,
          resource: patient(marker),
          request: { method: 'POST', url: 'Patient', ifNoneExist: `identifier=${CCCD}|${marker}` },
        },
        { resource: observation(pUrl, marker), request: { method: 'POST', url: 'Observation' } },
        { request: { method: 'DELETE', url: `Patient/${p.id}` } },
      ],
      0,
      2,
      `Patient/${p.id}`,
    );
    assert.equal((await fhir.get(`Patient/${p.id}`)).status, 200);
    assert.deepEqual(await fhir.searchIds(`Observation?code:text=${marker}`), []);
  });

  test('a conditional delete and a PUT or PATCH of the resource it resolves to: 400', async () => {
    const marker = unique();
    const p = await fhir.create(patient(marker));
    await overlapRefused(
      [
        {
          resource: { ...patient(marker), id: p.id, active: true },
          request: { method: 'PUT', url: `Patient/${p.id}` },
        },
        { request: { method: 'DELETE', url: `Patient?identifier=${CCCD}|${marker}` } },
      ],
      0,
      1,
      `Patient/${p.id}`,
    );
    const patchBody = {
      resourceType: 'Binary',
      contentType: 'application/json-patch+json',
      data: Buffer.from(JSON.stringify([{ op: 'add', path: '/active', value: true }])).toString('base64'),
    };
    await overlapRefused(
      [
        { request: { method: 'DELETE', url: `Patient?identifier=${CCCD}|${marker}` } },
        { resource: patchBody, request: { method: 'PATCH', url: `Patient/${p.id}` } },
      ],
      0,
      1,
      `Patient/${p.id}`,
    );
    // Two conditions resolving to the same resource.
    await overlapRefused(
      [
        { request: { method: 'DELETE', url: `Patient?identifier=${CCCD}|${marker}` } },
        { request: { method: 'DELETE', url: `Patient?_id=${p.id}` } },
      ],
      0,
      1,
      `Patient/${p.id}`,
    );
    assert.equal((await fhir.get(`Patient/${p.id}`)).body.meta!.versionId, '1');
  });

  test('a conditional update resolving to a resource a DELETE entry deletes: 400', async () => {
    const marker = unique();
    const p = await fhir.create(patient(marker));
    await overlapRefused(
      [
        { request: { method: 'DELETE', url: `Patient/${p.id}` } },
        {
          fullUrl: urn(),
          resource: patient(marker, { active: true }),
          request: { method: 'PUT', url: `Patient?identifier=${CCCD}|${marker}` },
        },
      ],
      0,
      1,
      `Patient/${p.id}`,
    );
    // No match, but the body's id is the deleted one.
    await overlapRefused(
      [
        { request: { method: 'DELETE', url: `Patient/${p.id}` } },
        {
          resource: patient(unique(), { id: p.id }),
          request: { method: 'PUT', url: `Patient?identifier=${CCCD}|${unique()}` },
        },
      ],
      0,
      1,
      `Patient/${p.id}`,
    );
    assert.equal((await fhir.get(`Patient/${p.id}`)).status, 200);
  });

  test('a conditional reference to a resource the transaction deletes: 400', async () => {
    const marker = unique();
    const p = await fhir.create(patient(marker));
    await overlapRefused(
      [
        { request: { method: 'DELETE', url: `Patient/${p.id}` } },
        {
          resource: observation(`Patient?identifier=${CCCD}|${marker}`, marker),
          request: { method: 'POST', url: 'Observation' },
        },
      ],
      1,
      0,
      `Patient/${p.id}`,
    );
    assert.equal((await fhir.get(`Patient/${p.id}`)).status, 200);
  });

  test('conditions that match what another entry creates: 400 instead of a dangling or duplicate result', async () => {
    // Two conditional creates of the same patient: the second would find the first's.
    const marker = unique();
    const start = await instantAfterWrites();
    const [a, b] = [urn(), urn()];
    const twice = await fhir.post(
      '',
      transaction([
        {
          fullUrl: a,
          resource: patient(marker),
          request: { method: 'POST', url: 'Patient', ifNoneExist: `identifier=${CCCD}|${marker}` },
        },
        {
          fullUrl: b,
          resource: patient(marker),
          request: { method: 'POST', url: 'Patient', ifNoneExist: `identifier=${CCCD}|${marker}` },
        },
        { resource: observation(b, marker), request: { method: 'POST', url: 'Observation' } },
      ]),
    );
    assertOutcome(twice, 400, /Bundle\.entry\[1\].*Bundle\.entry\[0\]/);
    // A conditional update whose condition matches the patient a POST entry creates.
    const updated = await fhir.post(
      '',
      transaction([
        {
          resource: patient(marker, { active: true }),
          request: { method: 'PUT', url: `Patient?identifier=${CCCD}|${marker}` },
        },
        { resource: patient(marker), request: { method: 'POST', url: 'Patient' } },
      ]),
    );
    assertOutcome(updated, 400, /Bundle\.entry\[0\].*Bundle\.entry\[1\]/);
    assert.deepEqual(await historySince(start), []);
  });

  test('entries on different resources, and GET entries on changed ones, are fine', async () => {
    const marker = unique();
    const p = await fhir.create(patient(marker));
    const q = await fhir.create(patient(unique()));
    const apart = [
      { request: { method: 'DELETE', url: `Patient/${q.id}` } },
      { request: { method: 'GET', url: `Patient/${p.id}` } },
      {
        resource: { ...patient(marker), id: p.id, active: true },
        request: { method: 'PUT', url: `Patient/${p.id}` },
      },
    ];
    const r = await fhir.post(
      '',
      transaction([
        ...apart,
        {
          resource: patient(marker),
          request: { method: 'POST', url: 'Patient', ifNoneExist: `identifier=${CCCD}|${marker}` },
        },
      ]),
    );
    // The conditional create found p, which the PUT changes: that is an overlap too.
    assertOutcome(r, 400, new RegExp(`Patient/${p.id}`));
    const ok = await fhir.post('', transaction(apart));
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.entry![1]!.resource!.active, true);
  });
});

describe('conditions without criteria in entries', () => {
  test('If-None-Exist, conditional update/delete and conditional references: 400 naming the entry', async () => {
    const s = await fhir.create({ resourceType: 'Substance', code: { text: unique() } });
    const p = await fhir.create(patient(unique()));
    const marker = unique();
    const start = await instantAfterWrites();
    const cases: unknown[] = [
      {
        resource: { resourceType: 'Substance', code: { text: marker } },
        request: { method: 'POST', url: 'Substance', ifNoneExist: 'code=' },
      },
      {
        resource: { resourceType: 'Substance', code: { text: marker } },
        request: { method: 'POST', url: 'Substance', ifNoneExist: '' },
      },
      {
        resource: { resourceType: 'Substance', code: { text: marker } },
        request: { method: 'PUT', url: 'Substance?code=' },
      },
      {
        resource: { resourceType: 'Substance', code: { text: marker } },
        request: { method: 'PUT', url: 'Substance?foo=1' },
      },
      { request: { method: 'DELETE', url: 'Substance?code=' } },
      { request: { method: 'DELETE', url: 'Substance?foo=1' } },
      { resource: observation('Patient?identifier=', marker), request: { method: 'POST', url: 'Observation' } },
    ];
    for (const entry of cases) {
      const r = await fhir.post(
        '',
        transaction([{ resource: patient(marker), request: { method: 'POST', url: 'Patient' } }, entry]),
        { prefer: 'handling=lenient' },
      );
      assertOutcome(r, 400, /Bundle\.entry\[1\]/);
      const batch = await fhir.post('', { resourceType: 'Bundle', type: 'batch', entry: [entry] });
      assert.equal(batch.status, 200, batch.text);
      assert.match(batch.body.entry![0]!.response!.status, /^400/, JSON.stringify(entry));
    }
    assert.deepEqual(await historySince(start), []);
    assert.equal((await fhir.get(`Substance/${s.id}`)).body.meta!.versionId, '1');
    assert.equal((await fhir.get(`Patient/${p.id}`)).status, 200);
  });
});
