import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Resource } from '@medplum/fhirtypes';
import type { TestApp } from '../support/test-app.js';
import { expectError, searchIds, seed, startSearchApp } from './helpers.js';

// Date search compares ranges (https://hl7.org/fhir/R4/search.html#date):
// "2020-03" is the whole month, and each prefix is defined on the search
// range against the stored range. Values without a zone are Vietnam time.
const obs = (id: string, effective: object): Resource =>
  ({ resourceType: 'Observation', id, status: 'final', code: { text: 'x' }, ...effective }) as Resource;

let app: TestApp;
before(async () => {
  app = await startSearchApp();
  await seed(app, [
    obs('day', { effectiveDateTime: '2020-03-15' }),
    obs('month', { effectiveDateTime: '2020-03' }),
    obs('year', { effectiveDateTime: '2020' }),
    obs('time', { effectiveDateTime: '2020-03-15T10:00:00+07:00' }),
    // 20:00 UTC is 03:00 on the 16th in Vietnam.
    obs('utc-late', { effectiveDateTime: '2020-03-15T20:00:00Z' }),
    obs('closed', { effectivePeriod: { start: '2020-03-10', end: '2020-03-20' } }),
    obs('open-end', { effectivePeriod: { start: '2020-03-14' } }),
    obs('open-start', { effectivePeriod: { end: '2020-03-16' } }),
    obs('before', { effectiveDateTime: '2019-12-31' }),
    obs('after', { effectiveDateTime: '2021-06-01' }),
    obs('far', { effectiveDateTime: '2045-01-01' }),
    obs('instant', { effectiveInstant: '2020-03-15T08:30:00.250+07:00' }),
    obs('none', {}),
    { resourceType: 'Patient', id: 'b1', birthDate: '1980-05-02' },
    { resourceType: 'Patient', id: 'b2', birthDate: '1980-05' },
    { resourceType: 'Patient', id: 'b3', birthDate: '1990' },
  ]);
});
after(async () => {
  await app.close();
});

const sorted = (...xs: string[]): string[] => [...xs].sort();

test('eq (the default): the search range contains the stored range', async () => {
  assert.deepEqual(await searchIds(app, 'Observation?date=2020-03-15'), sorted('day', 'time', 'instant'));
  assert.deepEqual(await searchIds(app, 'Observation?date=eq2020-03-15'), sorted('day', 'time', 'instant'));
  assert.deepEqual(
    await searchIds(app, 'Observation?date=2020-03'),
    sorted('day', 'month', 'time', 'utc-late', 'closed', 'instant'),
  );
  assert.deepEqual(
    await searchIds(app, 'Observation?date=2020'),
    sorted('day', 'month', 'year', 'time', 'utc-late', 'closed', 'instant'),
  );
  assert.deepEqual(await searchIds(app, 'Observation?date=2020-03-16'), ['utc-late']);
  assert.deepEqual(await searchIds(app, 'Observation?date=2022'), []);
});

test('time zones: an instant is the same whatever zone it is written in', async () => {
  assert.deepEqual(await searchIds(app, 'Observation?date=2020-03-15T10:00:00%2B07:00'), ['time']);
  assert.deepEqual(await searchIds(app, 'Observation?date=2020-03-15T03:00:00Z'), ['time']);
  assert.deepEqual(await searchIds(app, 'Observation?date=2020-03-15T10:00:00'), ['time']); // Vietnam time
  assert.deepEqual(await searchIds(app, 'Observation?date=2020-03-15T10:00'), ['time']);
  assert.deepEqual(await searchIds(app, 'Observation?date=2020-03-15T10:00:00Z'), []);
  assert.deepEqual(await searchIds(app, 'Observation?date=2020-03-16T03:00:00%2B07:00'), ['utc-late']);
  // A "+" that was not percent-encoded arrives as a space; it can only mean "+".
  assert.deepEqual(await searchIds(app, 'Observation?date=2020-03-15T10:00:00+07:00'), ['time']);
  assert.deepEqual(await searchIds(app, 'Observation?date=2020-03-15T08:30:00.250%2B07:00'), ['instant']);
});

test('ne: the search range does not contain the stored range', async () => {
  assert.deepEqual(
    await searchIds(app, 'Observation?date=ne2020-03-15'),
    sorted('month', 'year', 'utc-late', 'closed', 'open-end', 'open-start', 'before', 'after', 'far'),
  );
});

test('gt and ge: the stored range reaches past the search range', async () => {
  const gt = ['month', 'year', 'utc-late', 'closed', 'open-end', 'open-start', 'after', 'far'];
  assert.deepEqual(await searchIds(app, 'Observation?date=gt2020-03-15'), sorted(...gt));
  assert.deepEqual(await searchIds(app, 'Observation?date=ge2020-03-15'), sorted(...gt, 'day', 'time', 'instant'));
});

test('lt and le: the stored range starts before the search range', async () => {
  const lt = ['month', 'year', 'closed', 'open-end', 'open-start', 'before'];
  assert.deepEqual(await searchIds(app, 'Observation?date=lt2020-03-15'), sorted(...lt));
  assert.deepEqual(await searchIds(app, 'Observation?date=le2020-03-15'), sorted(...lt, 'day', 'time', 'instant'));
});

test('sa and eb: the stored range lies wholly after or before', async () => {
  assert.deepEqual(await searchIds(app, 'Observation?date=sa2020-03-15'), sorted('utc-late', 'after', 'far'));
  assert.deepEqual(await searchIds(app, 'Observation?date=eb2020-03-15'), ['before']);
  assert.deepEqual(await searchIds(app, 'Observation?date=sa2020'), sorted('after', 'far'));
  assert.deepEqual(await searchIds(app, 'Observation?date=eb2020'), ['before']);
});

test('ap: approximately, the ranges overlap once widened', async () => {
  const ap = await searchIds(app, 'Observation?date=ap2020-03-15');
  for (const id of ['day', 'month', 'year', 'time', 'utc-late', 'closed', 'open-end', 'open-start', 'before']) {
    assert.ok(ap.includes(id), `ap2020-03-15 finds ${id}`);
  }
  assert.ok(!ap.includes('far') && !ap.includes('none'), 'ap2020-03-15 does not find 2045');
});

test('periods with an open end are ongoing, an open start reaches back forever', async () => {
  assert.deepEqual(await searchIds(app, 'Observation?date=gt2040'), sorted('open-end', 'far'));
  assert.deepEqual(await searchIds(app, 'Observation?date=lt1900'), ['open-start']);
  assert.deepEqual(await searchIds(app, 'Observation?date=eq2020-03-10'), []);
  // A range (ge & le) finds what lies within it.
  assert.deepEqual(
    await searchIds(app, 'Observation?date=ge2020-03-01&date=le2020-03-31'),
    sorted('day', 'month', 'year', 'time', 'utc-late', 'closed', 'open-end', 'open-start', 'instant'),
  );
});

test('date (not dateTime) elements: birthDate', async () => {
  assert.deepEqual(await searchIds(app, 'Patient?birthdate=1980'), ['b1', 'b2']);
  assert.deepEqual(await searchIds(app, 'Patient?birthdate=1980-05-02'), ['b1']);
  assert.deepEqual(await searchIds(app, 'Patient?birthdate=1980-05'), ['b1', 'b2']);
  assert.deepEqual(await searchIds(app, 'Patient?birthdate=ge1985'), ['b3']);
  assert.deepEqual(await searchIds(app, 'Patient?birthdate=lt1980-05-10'), ['b1', 'b2']);
  assert.deepEqual(await searchIds(app, 'Patient?birthdate=gt1980-05-10'), ['b2', 'b3']);
  assert.deepEqual(await searchIds(app, 'Patient?birthdate=1980-05-02,1990'), ['b1', 'b3']);
  assert.deepEqual(await searchIds(app, 'Patient?birthdate:missing=true'), []);
});

test(':missing on a date', async () => {
  assert.deepEqual(await searchIds(app, 'Observation?date:missing=true'), ['none']);
  assert.equal((await searchIds(app, 'Observation?date:missing=false')).length, 12);
});

test('_lastUpdated compares the time the server stored the resource', async () => {
  const before = new Date(Date.now() - 1).toISOString();
  await new Promise((r) => setTimeout(r, 5));
  await seed(app, [{ resourceType: 'Patient', id: 'late', birthDate: '2000-01-01' }]);
  assert.deepEqual(await searchIds(app, `Patient?_lastUpdated=gt${encodeURIComponent(before)}`), ['late']);
  assert.deepEqual(await searchIds(app, `Patient?_lastUpdated=lt${encodeURIComponent(before)}`), ['b1', 'b2', 'b3']);
  assert.deepEqual(await searchIds(app, 'Patient?_lastUpdated=lt2001'), []);
  assert.deepEqual(await searchIds(app, 'Patient?_lastUpdated=ge2001'), ['b1', 'b2', 'b3', 'late']);
  assert.deepEqual(await searchIds(app, `Patient?_lastUpdated=sa${encodeURIComponent(before)}&birthdate=2000`), [
    'late',
  ]);
  await expectError(app, 'Patient?_lastUpdated=yesterday');
});

test('malformed dates are 400 with an OperationOutcome', async () => {
  for (const bad of [
    '2020-13',
    '2020-02-30',
    '15-03-2020',
    '2020-03-15T25:00',
    'gt',
    'xx2020',
    'ge2020-1',
    '%27%20OR%201%3D1%20--',
    '2020-03-15T10:00:00%2B7',
  ]) {
    await expectError(app, `Observation?date=${bad}`);
  }
  await expectError(app, 'Patient?birthdate=today');
  await expectError(app, 'Patient?birthdate=1980,nope');
  await expectError(app, 'Observation?date:exact=2020');
});
