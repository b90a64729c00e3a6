// Conditional create, update and delete (https://hl7.org/fhir/R4/http.html#ccreate,
// #cond-update, #3.1.0.7.1): the outcome depends on how many resources match.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { assertOutcome, CCCD, fhirClient, patient, unique, type Fhir } from '../support/fhir-http.js';

let app: TestApp;
let fhir: Fhir;
before(async () => {
  app = await startTestApp({ listen: true });
  fhir = fhirClient(app.fhirUrl);
});
after(async () => {
  await app.close();
});

async function versionCount(type: string, id: string): Promise<number> {
  const r = await fhir.get(`${type}/${id}/_history`);
  assert.equal(r.status, 200, r.text);
  return r.body.entry!.length;
}

describe('conditional create (If-None-Exist)', () => {
  test('no match: 201 and a new resource', async () => {
    const value = unique();
    const r = await fhir.post('Patient', patient(value), { 'if-none-exist': `identifier=${CCCD}|${value}` });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(await fhir.searchIds(`Patient?identifier=${CCCD}|${value}`), [r.body.id]);
  });

  test('one match: 200, the existing resource, no new version and no new resource', async () => {
    const value = unique();
    const first = await fhir.create(patient(value, { gender: 'male' }));
    const r = await fhir.post('Patient', patient(value, { gender: 'female' }), {
      'if-none-exist': `identifier=${CCCD}|${value}`,
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.id, first.id);
    assert.equal(r.body.gender, 'male', 'the existing resource is returned unchanged');
    assert.equal(r.headers.get('location'), `${app.fhirUrl}/Patient/${first.id}/_history/1`);
    assert.equal(r.headers.get('etag'), 'W/"1"');
    assert.deepEqual(await fhir.searchIds(`Patient?identifier=${CCCD}|${value}`), [first.id]);
    assert.equal(await versionCount('Patient', first.id), 1);
  });

  test('several matches: 412 and nothing created', async () => {
    const value = unique();
    await fhir.create(patient(value));
    await fhir.create(patient(value));
    const r = await fhir.post('Patient', patient(value, { gender: 'other' }), {
      'if-none-exist': `identifier=${CCCD}|${value}`,
    });
    assertOutcome(r, 412);
    assert.equal((await fhir.searchIds(`Patient?identifier=${CCCD}|${value}`)).length, 2);
    assert.deepEqual(await fhir.searchIds(`Patient?gender=other&identifier=${CCCD}|${value}`), []);
  });

  test('the header may start with a "?" and may be a full URL query', async () => {
    const value = unique();
    const first = await fhir.create(patient(value));
    const r = await fhir.post('Patient', patient(value), { 'if-none-exist': `?identifier=${CCCD}|${value}` });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.id, first.id);
  });

  test('an unknown search parameter in the condition is 400 and creates nothing', async () => {
    const value = unique();
    const r = await fhir.post('Patient', patient(value), { 'if-none-exist': `no-such-param=${value}` });
    assertOutcome(r, 400);
    assert.deepEqual(await fhir.searchIds(`Patient?identifier=${CCCD}|${value}`), []);
  });
});

describe('conditional update (PUT [type]?query)', () => {
  test('no match and no id: 201, the resource is created', async () => {
    const value = unique();
    const r = await fhir.put(`Patient?identifier=${CCCD}|${value}`, patient(value, { gender: 'male' }));
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.meta!.versionId, '1');
    assert.deepEqual(await fhir.searchIds(`Patient?identifier=${CCCD}|${value}`), [r.body.id]);
  });

  test('no match with a body id: the resource is created with that id', async () => {
    const value = unique();
    const id = unique('cu');
    const r = await fhir.put(`Patient?identifier=${CCCD}|${value}`, patient(value, { id }));
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.id, id);
  });

  test('one match: 200, the match is updated to version 2', async () => {
    const value = unique();
    const first = await fhir.create(patient(value, { gender: 'male' }));
    const r = await fhir.put(`Patient?identifier=${CCCD}|${value}`, patient(value, { gender: 'female' }));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.id, first.id);
    assert.equal(r.body.meta!.versionId, '2');
    assert.equal((await fhir.get(`Patient/${first.id}`)).body.gender, 'female');
    assert.deepEqual(await fhir.searchIds(`Patient?identifier=${CCCD}|${value}`), [first.id]);
  });

  test('one match but a different body id: 400, nothing changed', async () => {
    const value = unique();
    const first = await fhir.create(patient(value, { gender: 'male' }));
    const r = await fhir.put(
      `Patient?identifier=${CCCD}|${value}`,
      patient(value, { id: 'someone-else', gender: 'female' }),
    );
    assertOutcome(r, 400);
    assert.equal((await fhir.get(`Patient/${first.id}`)).body.gender, 'male');
    assert.equal((await fhir.get('Patient/someone-else')).status, 404);
  });

  test('several matches: 412, nothing changed', async () => {
    const value = unique();
    const a = await fhir.create(patient(value, { gender: 'male' }));
    const b = await fhir.create(patient(value, { gender: 'male' }));
    assertOutcome(await fhir.put(`Patient?identifier=${CCCD}|${value}`, patient(value, { gender: 'female' })), 412);
    for (const p of [a, b]) {
      const read = await fhir.get(`Patient/${p.id}`);
      assert.equal(read.body.meta!.versionId, '1');
      assert.equal(read.body.gender, 'male');
    }
  });

  test('a condition is required: PUT [type] without parameters is 400', async () => {
    assertOutcome(await fhir.put('Patient', patient(unique())), 400);
  });

  test('no match, but the body id is another existing resource: 409, and that resource is not touched', async () => {
    // R4 §3.1.0.4.3: "no matches, id provided and already exist: the server SHALL return a 409".
    const value = unique();
    const other = await fhir.create(patient(unique(), { gender: 'male' }));
    const r = await fhir.put(`Patient?identifier=${CCCD}|${value}`, patient(value, { id: other.id, gender: 'female' }));
    assertOutcome(r, 409, new RegExp(`Patient/${other.id}`));
    assert.equal(r.body.issue![0]!.code, 'conflict');
    const read = await fhir.get(`Patient/${other.id}`);
    assert.equal(read.body.meta!.versionId, '1');
    assert.equal(read.body.gender, 'male');
    assert.deepEqual(await fhir.searchIds(`Patient?identifier=${CCCD}|${value}`), []);
  });

  test('no match and the body id of a deleted resource: it comes back (201)', async () => {
    const value = unique();
    const gone = await fhir.create(patient(unique()));
    assert.equal((await fhir.delete(`Patient/${gone.id}`)).status, 204);
    const r = await fhir.put(`Patient?identifier=${CCCD}|${value}`, patient(value, { id: gone.id }));
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.meta!.versionId, '3');
  });

  test('If-None-Match: * creates when nothing matches and is 412 when something does', async () => {
    const value = unique();
    const created = await fhir.put(`Patient?identifier=${CCCD}|${value}`, patient(value), { 'if-none-match': '*' });
    assert.equal(created.status, 201, created.text);
    const again = await fhir.put(`Patient?identifier=${CCCD}|${value}`, patient(value, { active: true }), {
      'if-none-match': '*',
    });
    assertOutcome(again, 412);
    assert.equal((await fhir.get(`Patient/${created.body.id}`)).body.meta!.versionId, '1');
  });

  test('If-Match applies to the matched resource', async () => {
    const value = unique();
    const first = await fhir.create(patient(value));
    await fhir.put(`Patient/${first.id}`, { ...patient(value), id: first.id, active: true });
    assertOutcome(
      await fhir.put(`Patient?identifier=${CCCD}|${value}`, patient(value, { active: false }), { 'if-match': 'W/"1"' }),
      412,
    );
    assert.equal((await fhir.get(`Patient/${first.id}`)).body.active, true);
  });
});

describe('conditional delete (DELETE [type]?query)', () => {
  test('one match: 204 and the resource is gone', async () => {
    const value = unique();
    const p = await fhir.create(patient(value));
    const r = await fhir.delete(`Patient?identifier=${CCCD}|${value}`);
    assert.equal(r.status, 204, r.text);
    assert.equal((await fhir.get(`Patient/${p.id}`)).status, 410);
    assert.deepEqual(await fhir.searchIds(`Patient?identifier=${CCCD}|${value}`), []);
  });

  test('no match: 204 and nothing happens', async () => {
    const other = await fhir.create(patient(unique()));
    const r = await fhir.delete(`Patient?identifier=${CCCD}|${unique()}`);
    assert.equal(r.status, 204);
    assert.equal((await fhir.get(`Patient/${other.id}`)).status, 200);
  });

  test('several matches: 412 and nothing deleted (single-delete server)', async () => {
    const value = unique();
    const a = await fhir.create(patient(value));
    const b = await fhir.create(patient(value));
    assertOutcome(await fhir.delete(`Patient?identifier=${CCCD}|${value}`), 412);
    assert.equal((await fhir.get(`Patient/${a.id}`)).status, 200);
    assert.equal((await fhir.get(`Patient/${b.id}`)).status, 200);
  });

  test('DELETE [type] without a condition is 400, not "delete everything"', async () => {
    const p = await fhir.create(patient(unique()));
    assertOutcome(await fhir.delete('Patient'), 400);
    assert.equal((await fhir.get(`Patient/${p.id}`)).status, 200);
  });
});

describe('a condition must have criteria: never lenient, empty values do not count', () => {
  // Without criteria a condition matches any resource of the type: a conditional
  // delete or update would act on whatever comes first (R4 §3.1.0.7.1, §3.1.0.4.3).
  const only = async (): Promise<string> => {
    const s = await fhir.create({ resourceType: 'Substance', code: { text: unique() } });
    return s.id;
  };
  const unchanged = async (id: string): Promise<void> => {
    const read = await fhir.get(`Substance/${id}`);
    assert.equal(read.status, 200, read.text);
    assert.equal(read.body.meta!.versionId, '1');
  };
  const lenient = { prefer: 'handling=lenient' };

  test('conditional delete: an unknown parameter is 400 even with handling=lenient; an empty value is 400', async () => {
    const id = await only();
    assertOutcome(await fhir.delete('Substance?foo=1', lenient), 400, /foo/);
    assertOutcome(await fhir.delete('Substance?foo=1'), 400, /foo/);
    assertOutcome(await fhir.delete('Substance?code='), 400, /needs search parameters/);
    assertOutcome(await fhir.delete('Substance?code=&_count=1'), 400, /needs search parameters/);
    assertOutcome(await fhir.delete(`Substance?_id=${id}&foo=1`, lenient), 400, /foo/);
    await unchanged(id);
  });

  test('conditional update: the same', async () => {
    const id = await only();
    const body = { resourceType: 'Substance', code: { text: 'overwritten' } };
    assertOutcome(await fhir.put('Substance?code=', body), 400, /needs search parameters/);
    assertOutcome(await fhir.put('Substance?foo=1', body, lenient), 400, /foo/);
    assertOutcome(await fhir.put('Substance?_sort=_id', body), 400, /needs search parameters/);
    await unchanged(id);
    assert.deepEqual(await fhir.searchIds('Substance?code:text=overwritten'), []);
  });

  test('conditional create: an If-None-Exist without criteria, or empty, is 400 and creates nothing', async () => {
    const id = await only();
    const marker = unique();
    const body = { resourceType: 'Substance', code: { text: marker } };
    for (const condition of ['code=', '?code=', 'foo=1', '', '_count=1']) {
      const r = await fhir.post('Substance', body, { 'if-none-exist': condition, ...lenient });
      assertOutcome(r, 400);
    }
    assert.deepEqual(await fhir.searchIds(`Substance?code:text=${marker}`), []);
    await unchanged(id);
  });

  test('search itself stays lenient when asked', async () => {
    const r = await fhir.get('Substance?foo=1', lenient);
    assert.equal(r.status, 200, r.text);
  });
});
