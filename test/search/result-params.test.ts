import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Bundle, Patient, Resource } from '@medplum/fhirtypes';
import type { TestApp } from '../support/test-app.js';
import { expectError, ids, linkPath, refs, request, search, searchIds, seed, startSearchApp } from './helpers.js';

// Result parameters (https://hl7.org/fhir/R4/search.html#return): paging
// links, _sort, _total, _summary, _elements; error handling for unknown and
// malformed parameters; POST _search.
const FAMILIES = ['Nguyễn', 'Trần', 'Lê', 'Phạm'];
const N = 23;
const pid = (i: number): string => `p${String(i).padStart(2, '0')}`;
// Years 1950..1972, each once (7 and 23 are coprime); the last patient has no birthDate.
const year = (i: number): number | undefined => (i === N - 1 ? undefined : 1950 + ((i * 7) % N));

let app: TestApp;
before(async () => {
  app = await startSearchApp();
  const patients: Resource[] = [];
  for (let i = 0; i < N; i++) {
    const y = year(i);
    patients.push({
      resourceType: 'Patient',
      id: pid(i),
      name: [{ family: FAMILIES[i % 4], given: [`Người ${i}`] }],
      ...(y !== undefined ? { birthDate: `${y}-06-15` } : {}),
      gender: i % 2 === 0 ? 'female' : 'male',
      text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">Bệnh nhân</div>' },
      maritalStatus: { text: 'Đã kết hôn' },
      communication: [{ language: { text: 'Tiếng Việt' } }],
    } as Patient);
  }
  patients.push({
    resourceType: 'Observation',
    id: 'obs',
    status: 'final',
    code: { text: 'Huyết áp' },
    subject: { reference: 'Patient/p00' },
    valueQuantity: { value: 120, unit: 'mmHg' },
  } as Resource);
  await seed(app, patients);
});
after(async () => {
  await app.close();
});

/** Follows `relation` links from `path` and returns the ids of every page. */
async function walk(path: string, relation: 'next' | 'previous'): Promise<{ pages: string[][]; last: Bundle }> {
  const pages: string[][] = [];
  let next: string | undefined = path;
  let bundle!: Bundle;
  while (next) {
    bundle = await search(app, next);
    pages.push(refs(bundle).map((r) => r.split('/')[1]!));
    next = linkPath(app, bundle, relation);
    assert.ok(pages.length <= N + 1, 'paging terminates');
  }
  return { pages, last: bundle };
}

const allIds = Array.from({ length: N }, (_, i) => pid(i));
const byYear = (desc: boolean): string[] => {
  const dated = allIds.filter((_, i) => year(i) !== undefined);
  dated.sort((a, b) => (year(Number(a.slice(1)))! - year(Number(b.slice(1)))!) * (desc ? -1 : 1));
  return [...dated, pid(N - 1)]; // no birthDate: last either way
};

test('_count pages through every match exactly once, forwards and backwards', async () => {
  const forward = await walk('Patient?_count=5&_sort=birthdate', 'next');
  assert.deepEqual(
    forward.pages.map((p) => p.length),
    [5, 5, 5, 5, 3],
  );
  assert.deepEqual(forward.pages.flat(), byYear(false));
  const lastPath = linkPath(app, forward.last, 'self')!;
  const backward = await walk(lastPath, 'previous');
  assert.deepEqual(backward.pages.reverse(), forward.pages);
  const first = await search(app, 'Patient?_count=5&_sort=birthdate');
  assert.equal(
    first.link?.find((l) => l.relation === 'previous'),
    undefined,
  );
  assert.equal(linkPath(app, first, 'first'), linkPath(app, first, 'self'));
});

test('paging without _sort is stable too', async () => {
  const { pages } = await walk('Patient?_count=4', 'next');
  const seen = pages.flat();
  assert.equal(seen.length, N);
  assert.deepEqual([...seen].sort(), allIds);
  // Many ties on the sort key: the tie-break must keep pages disjoint.
  const tied = (await walk('Patient?_count=4&_sort=-family', 'next')).pages.flat();
  assert.equal(tied.length, N);
  assert.deepEqual([...tied].sort(), allIds);
});

test('the self link repeats the search that was applied', async () => {
  const bundle = await search(app, 'Patient?gender=male&_count=3&_sort=-birthdate');
  const self = linkPath(app, bundle, 'self')!;
  const params = new URLSearchParams(self.split('?')[1]);
  assert.equal(params.get('gender'), 'male');
  assert.equal(params.get('_sort'), '-birthdate');
  assert.equal(params.get('_count'), '3');
  assert.deepEqual(ids(await search(app, self)), ids(bundle));
});

test('_total=accurate counts every match, not just the page', async () => {
  const bundle = await search(app, 'Patient?_count=5&_total=accurate');
  assert.equal(bundle.total, N);
  assert.equal(bundle.entry?.length, 5);
  const page3 = await search(app, 'Patient?_count=5&_offset=10&_total=accurate&gender=male');
  assert.equal(page3.total, 11);
  assert.equal(page3.entry?.length, 1);
  // A result that fits on one page always carries its total.
  assert.equal((await search(app, 'Patient?gender=female')).total, 12);
});

test('_summary=count returns only the total', async () => {
  const bundle = await search(app, 'Patient?_summary=count');
  assert.equal(bundle.total, N);
  assert.equal(bundle.entry, undefined);
  assert.equal((await search(app, 'Patient?_summary=count&gender=male')).total, 11);
  const zero = await search(app, 'Patient?_count=0&family=tran');
  assert.equal(zero.total, 6);
  assert.equal(zero.entry, undefined);
});

test('_sort on several keys, ascending and descending', async () => {
  const order = async (q: string): Promise<string[]> =>
    refs(await search(app, `Patient?_count=100&${q}`)).map((r) => r.split('/')[1]!);
  assert.deepEqual(await order('_sort=birthdate'), byYear(false));
  assert.deepEqual(await order('_sort=-birthdate'), byYear(true));
  assert.deepEqual(await order('_sort=_id'), allIds);
  assert.deepEqual(await order('_sort=-_id'), [...allIds].reverse());
  // family (folded: le < nguyen < pham < tran), then the youngest first.
  const rank = (i: number): number => ['Lê', 'Nguyễn', 'Phạm', 'Trần'].indexOf(FAMILIES[i % 4]!);
  const expected = [...allIds].sort((a, b) => {
    const i = Number(a.slice(1));
    const j = Number(b.slice(1));
    if (rank(i) !== rank(j)) return rank(i) - rank(j);
    const yi = year(i) ?? -Infinity;
    const yj = year(j) ?? -Infinity;
    return yj - yi;
  });
  assert.deepEqual(await order('_sort=family,-birthdate'), expected);
  const newestFirst = await order('_sort=-_lastUpdated');
  assert.deepEqual(newestFirst, [...(await order('_sort=_lastUpdated'))].reverse());
});

test('_summary=true keeps the summary elements and marks the resource SUBSETTED', async () => {
  const bundle = await search(app, 'Patient?_id=p01&_summary=true');
  const p = bundle.entry![0]!.resource as Patient;
  assert.equal(p.id, 'p01');
  assert.equal(p.name?.[0]?.family, 'Trần');
  assert.equal(p.gender, 'male');
  assert.equal(p.birthDate, `${year(1)}-06-15`);
  assert.equal(p.maritalStatus, undefined);
  assert.equal(p.communication, undefined);
  assert.equal(p.text, undefined);
  assert.ok(p.meta?.tag?.some((t) => t.code === 'SUBSETTED'));
  const data = (await search(app, 'Patient?_id=p01&_summary=data')).entry![0]!.resource as Patient;
  assert.equal(data.text, undefined);
  assert.deepEqual(data.maritalStatus, { text: 'Đã kết hôn' });
  const full = (await search(app, 'Patient?_id=p01')).entry![0]!.resource as Patient;
  assert.ok(full.text && full.maritalStatus);
  assert.ok(!full.meta?.tag?.some((t) => t.code === 'SUBSETTED'));
});

test('_elements returns the asked-for elements plus mandatory ones, SUBSETTED', async () => {
  const p = (await search(app, 'Patient?_id=p02&_elements=gender,birthDate')).entry![0]!.resource as Patient;
  assert.deepEqual(Object.keys(p).sort(), ['birthDate', 'gender', 'id', 'meta', 'resourceType']);
  assert.ok(p.meta?.tag?.some((t) => t.code === 'SUBSETTED'));
  const prefixed = (await search(app, 'Patient?_id=p02&_elements=Patient.gender,name.family')).entry![0]!
    .resource as Patient;
  assert.deepEqual(Object.keys(prefixed).sort(), ['gender', 'id', 'meta', 'name', 'resourceType']);
  const o = (await search(app, 'Observation?_id=obs&_elements=subject')).entry![0]!.resource as unknown as Record<
    string,
    unknown
  >;
  // status and code are mandatory (1..1) in Observation.
  assert.deepEqual(Object.keys(o).sort(), ['code', 'id', 'meta', 'resourceType', 'status', 'subject']);
  const v = (await search(app, 'Observation?_id=obs&_elements=value')).entry![0]!.resource as unknown as Record<
    string,
    unknown
  >;
  assert.deepEqual(v.valueQuantity, { value: 120, unit: 'mmHg' });
});

test('an unknown parameter is 400 unless Prefer: handling=lenient', async () => {
  const outcome = await expectError(app, 'Patient?nosuch=1&gender=male');
  assert.match(JSON.stringify(outcome), /nosuch/);
  await expectError(app, 'Patient?gender=male&family:nosuchmodifier=x');
  const strict = await request(app, 'GET', 'Patient?nosuch=1', { headers: { prefer: 'handling=strict' } });
  assert.equal(strict.status, 400);
  const lenient = await search(app, 'Patient?nosuch=1&gender=male&_count=100', { prefer: 'handling=lenient' });
  assert.equal(ids(lenient).length, 11);
  const self = linkPath(app, lenient, 'self')!;
  assert.ok(!self.includes('nosuch'), `self link ${self} leaves the ignored parameter out`);
  assert.ok(self.includes('gender=male'));
  // An empty parameter is ignored, not an error.
  assert.equal((await search(app, 'Patient?family=&_summary=count')).total, N);
});

test('malformed result parameters are 400 with an OperationOutcome', async () => {
  for (const bad of [
    '_count=abc',
    '_count=-1',
    '_count=1.5',
    '_count=100000',
    '_offset=-3',
    '_sort=nosuch',
    '_sort=code-value-quantity',
    '_total=maybe',
    '_summary=bogus',
    '_include=Patient:name',
    '_revinclude=nonsense',
  ]) {
    await expectError(app, `Patient?${bad}`);
  }
});

test('SQL-looking values are just values: no 500, no leak, no damage', async () => {
  const injection = encodeURIComponent("' OR 1=1 --");
  assert.deepEqual(await searchIds(app, `Patient?name=${injection}`), []);
  assert.deepEqual(await searchIds(app, `Patient?family:exact=${injection}`), []);
  assert.deepEqual(await searchIds(app, `Patient?family:contains=${injection}`), []);
  assert.deepEqual(await searchIds(app, `Patient?identifier=${injection}`), []);
  assert.deepEqual(await searchIds(app, `Patient?identifier=${injection}|${injection}`), []);
  assert.deepEqual(await searchIds(app, `Patient?general-practitioner=${injection}`), []);
  assert.deepEqual(await searchIds(app, `Patient?name=${encodeURIComponent("x'); DROP TABLE resource; --")}`), []);
  await expectError(app, `Patient?birthdate=${injection}`);
  await expectError(app, `Patient?_count=${encodeURIComponent('1; DROP TABLE resource')}`);
  await expectError(app, `Patient?_sort=${encodeURIComponent('birthdate; DROP TABLE resource')}`);
  await expectError(app, `Patient?${encodeURIComponent("name' OR 1=1 --")}=x`);
  await expectError(app, `Observation?value-quantity=${injection}`);
  assert.equal((await search(app, 'Patient?_summary=count')).total, N);
});

test('POST _search with a form body gives the same result as GET', async () => {
  const query = 'family=nguyen&gender=female&_sort=-birthdate&_count=3&_total=accurate';
  const get = await search(app, `Patient?${query}`);
  const post = await request<Bundle>(app, 'POST', 'Patient/_search', { body: query });
  assert.equal(post.status, 200);
  assert.deepEqual(refs(post.body), refs(get));
  assert.equal(post.body.total, get.total);
  assert.equal(get.total, 6);
  assert.equal(linkPath(app, post.body, 'next'), linkPath(app, get, 'next'));
  // Parameters may be split between the URL and the body.
  const mixed = await request<Bundle>(app, 'POST', 'Patient/_search?family=nguyen', {
    body: 'gender=female&_sort=-birthdate&_count=3',
  });
  assert.deepEqual(refs(mixed.body), refs(get));
  // A charset in the content type, and Vietnamese in the body.
  const charset = await request<Bundle>(app, 'POST', 'Patient/_search', {
    body: `family=${encodeURIComponent('Nguyễn')}&gender=female&_sort=-birthdate&_count=3`,
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
  });
  assert.equal(charset.status, 200);
  assert.deepEqual(refs(charset.body), refs(get));
  const bad = await request(app, 'POST', 'Patient/_search', { body: 'nosuch=1' });
  assert.equal(bad.status, 400);
  const lenient = await request<Bundle>(app, 'POST', 'Patient/_search', {
    body: 'nosuch=1&family=pham&_summary=count',
    headers: { prefer: 'handling=lenient' },
  });
  assert.equal(lenient.body.total, 5);
});
