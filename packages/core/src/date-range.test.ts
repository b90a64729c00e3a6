import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDateRange } from './date-range.js';

test('a year is the whole year in Vietnam time', () => {
  assert.deepEqual(parseDateRange('2020'), {
    low: '2019-12-31T17:00:00.000Z',
    high: '2020-12-31T16:59:59.999Z',
  });
});

test('a month and a day', () => {
  assert.deepEqual(parseDateRange('2024-02', 0), {
    low: '2024-02-01T00:00:00.000Z',
    high: '2024-02-29T23:59:59.999Z',
  });
  assert.deepEqual(parseDateRange('2023-03-15', 0), {
    low: '2023-03-15T00:00:00.000Z',
    high: '2023-03-15T23:59:59.999Z',
  });
});

test('a dateTime with a zone is one second; with milliseconds one millisecond', () => {
  assert.deepEqual(parseDateRange('2023-03-15T10:00:00+07:00'), {
    low: '2023-03-15T03:00:00.000Z',
    high: '2023-03-15T03:00:00.999Z',
  });
  assert.deepEqual(parseDateRange('2023-03-15T10:00:00.250Z'), {
    low: '2023-03-15T10:00:00.250Z',
    high: '2023-03-15T10:00:00.250Z',
  });
});

test('rejects impossible dates', () => {
  assert.equal(parseDateRange('2023-02-30'), undefined);
  assert.equal(parseDateRange('2023-13'), undefined);
  assert.equal(parseDateRange('20230101'), undefined);
  assert.equal(parseDateRange("2020' or 1=1"), undefined);
});
