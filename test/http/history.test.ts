// History (https://hl7.org/fhir/R4/http.html#history): instance, type and
// system level, newest first, with _since, _count and paging links that work.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { assertOutcome, fhirClient, unique, type Entry, type Fhir, type Reply } from '../support/fhir-http.js';

let app: TestApp;
let fhir: Fhir;
before(async () => {
  app = await startTestApp({ listen: true });
  fhir = fhirClient(app.fhirUrl);
});
after(async () => {
  await app.close();
});

/** Follows `next` links from `path`, returning every entry and the number of pages. */
async function allPages(path: string): Promise<{ entries: Entry[]; pages: number }> {
  const entries: Entry[] = [];
  let url: string | undefined = path;
  let pages = 0;
  while (url) {
    const r: Reply = await fhir.get(url);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.type, 'history');
    entries.push(...(r.body.entry ?? []));
    url = r.body.link?.find((l) => l.relation === 'next')?.url;
    pages++;
    assert.ok(pages < 100, 'paging terminates');
  }
  return { entries, pages };
}

const key = (e: Entry) => `${e.fullUrl}@${e.response!.etag}`;

describe('instance history', () => {
  test('every version newest first, with request, response and fullUrl', async () => {
    const p = await fhir.create({ resourceType: 'Patient', gender: 'male' });
    await fhir.put(`Patient/${p.id}`, { resourceType: 'Patient', id: p.id, gender: 'female' });
    await fhir.patch(`Patient/${p.id}`, [{ op: 'add', path: '/active', value: true }]);
    await fhir.delete(`Patient/${p.id}`);
    const r = await fhir.get(`Patient/${p.id}/_history`);
    assert.equal(r.status, 200);
    assert.equal(r.body.resourceType, 'Bundle');
    assert.equal(r.body.type, 'history');
    const entries = r.body.entry!;
    assert.deepEqual(
      entries.map((e) => [e.request!.method, e.response!.status, e.response!.etag]),
      [
        ['DELETE', '204', 'W/"4"'],
        ['PATCH', '200', 'W/"3"'],
        ['PUT', '200', 'W/"2"'],
        ['POST', '201', 'W/"1"'],
      ],
    );
    for (const e of entries) assert.equal(e.fullUrl, `${app.fhirUrl}/Patient/${p.id}`);
    assert.equal(entries[0]!.resource, undefined);
    assert.equal(entries[0]!.request!.url, `Patient/${p.id}`);
    assert.equal(entries[3]!.request!.url, 'Patient');
    assert.deepEqual(
      entries.slice(1).map((e) => e.resource!.meta!.versionId),
      ['3', '2', '1'],
    );
    const times = entries.map((e) => Date.parse(e.response!.lastModified!));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
    );
  });

  test('404 for an id that never existed, with or without _since', async () => {
    assertOutcome(await fhir.get(`Patient/${unique('nobody')}/_history`), 404);
    assertOutcome(await fhir.get(`Patient/${unique('nobody')}/_history?_since=2000-01-01T00:00:00Z`), 404);
  });

  test('_since keeps the versions written at or after the instant', async () => {
    const p = await fhir.create({ resourceType: 'Patient' });
    const v2 = await fhir.put(`Patient/${p.id}`, { resourceType: 'Patient', id: p.id, active: true });
    await fhir.put(`Patient/${p.id}`, { resourceType: 'Patient', id: p.id, active: false });
    const since = encodeURIComponent(v2.body.meta!.lastUpdated!);
    const r = await fhir.get(`Patient/${p.id}/_history?_since=${since}`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(
      r.body.entry!.map((e) => e.response!.etag),
      ['W/"3"', 'W/"2"'],
    );
    // "+07:00" sent unencoded arrives as a space; it still means UTC+7.
    const local = new Date(Date.parse(v2.body.meta!.lastUpdated!) + 7 * 3600_000).toISOString().replace('Z', '+07:00');
    const raw = await fhir.get(`Patient/${p.id}/_history?_since=${local}`);
    assert.equal(raw.status, 200, raw.text);
    assert.deepEqual(
      raw.body.entry!.map((e) => e.response!.etag),
      ['W/"3"', 'W/"2"'],
    );
    const future = await fhir.get(`Patient/${p.id}/_history?_since=2999-01-01T00:00:00Z`);
    assert.equal(future.status, 200);
    assert.deepEqual(future.body.entry ?? [], []);
  });
});

describe('type and system history', () => {
  test('type history holds only that type; system history holds all types', async () => {
    const marker = unique();
    const start = new Date().toISOString();
    const p = await fhir.create({ resourceType: 'Patient', identifier: [{ system: 'urn:t', value: marker }] });
    const o = await fhir.create({
      resourceType: 'Observation',
      status: 'final',
      code: { text: marker },
      subject: { reference: `Patient/${p.id}` },
    });
    const since = `_since=${encodeURIComponent(start)}`;
    const type = await allPages(`Patient/_history?${since}`);
    assert.ok(type.entries.every((e) => e.fullUrl!.includes('/Patient/')));
    assert.ok(type.entries.some((e) => e.fullUrl === `${app.fhirUrl}/Patient/${p.id}`));
    const system = await allPages(`_history?${since}`);
    const urls = system.entries.map((e) => e.fullUrl);
    assert.ok(urls.includes(`${app.fhirUrl}/Patient/${p.id}`));
    assert.ok(urls.includes(`${app.fhirUrl}/Observation/${o.id}`));
  });

  test('_count pages: next links visit every version exactly once', async () => {
    const start = new Date(Date.now() - 1).toISOString();
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const p = await fhir.create({ resourceType: 'Practitioner', name: [{ family: `P${i}` }] });
      ids.push(p.id);
      if (i % 2 === 0) await fhir.put(`Practitioner/${p.id}`, { resourceType: 'Practitioner', id: p.id, active: true });
    }
    const expected = 7 + 4;
    const { entries, pages } = await allPages(`Practitioner/_history?_since=${encodeURIComponent(start)}&_count=3`);
    assert.equal(entries.length, expected);
    assert.equal(pages, Math.ceil(expected / 3));
    assert.equal(new Set(entries.map(key)).size, expected, 'no duplicates across pages');
    const first = await fhir.get(`Practitioner/_history?_since=${encodeURIComponent(start)}&_count=3`);
    assert.equal(first.body.entry!.length, 3);
    assert.ok(first.body.link!.some((l) => l.relation === 'self'));
    assert.equal(
      first.body.link!.find((l) => l.relation === 'previous'),
      undefined,
      'the first page has no previous link',
    );
    const second = await fhir.get(first.body.link!.find((l) => l.relation === 'next')!.url);
    assert.ok(second.body.link!.some((l) => l.relation === 'previous'));
  });

  test('_count=0 gives an empty page and no endless next link', async () => {
    await fhir.create({ resourceType: 'Patient' });
    const r = await fhir.get('Patient/_history?_count=0');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.entry ?? [], []);
    assert.equal(
      r.body.link?.find((l) => l.relation === 'next'),
      undefined,
    );
  });

  test('bad parameters are 400', async () => {
    assertOutcome(await fhir.get('Patient/_history?_count=abc'), 400);
    assertOutcome(await fhir.get('Patient/_history?_count=-1'), 400);
    assertOutcome(await fhir.get('Patient/_history?_since=yesterday'), 400);
    assertOutcome(await fhir.get('Patient/_history?_since=2024-01-01'), 400);
    assertOutcome(await fhir.get('_history?name=x'), 400);
  });

  test('history is read-only: POST and DELETE are 405', async () => {
    assertOutcome(await fhir.post('Patient/_history', { resourceType: 'Patient' }), 405);
    assertOutcome(await fhir.delete('_history'), 405);
  });
});
