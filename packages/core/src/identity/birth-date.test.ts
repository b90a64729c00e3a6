import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareBirthDates, parseBirthDate } from './birth-date.js';

const compare = (a: string, b: string) => compareBirthDates(parseBirthDate(a)!, parseBirthDate(b)!);

test('birth dates of every FHIR precision parse', () => {
  assert.deepEqual(parseBirthDate('1985-03-02'), { year: 1985, month: 3, day: 2 });
  assert.deepEqual(parseBirthDate('1985-03'), { year: 1985, month: 3 });
  assert.deepEqual(parseBirthDate('1985'), { year: 1985 });
  assert.equal(parseBirthDate('02/03/1985'), undefined);
  assert.equal(parseBirthDate(undefined), undefined);
});

test('day–month swaps, partial dates and near misses', () => {
  assert.equal(compare('1985-03-02', '1985-03-02'), 'exact');
  assert.equal(compare('1985-03-02', '1985-02-03'), 'swapped');
  assert.equal(compare('1985-03-02', '1985'), 'partial', 'only the year known');
  assert.equal(compare('1985-03-02', '1985-03'), 'partial');
  assert.equal(compare('1985-03-02', '1985-04'), 'different');
  assert.equal(compare('1985-03-02', '1985-03-03'), 'near');
  assert.equal(compare('1985-12-31', '1986-01-01'), 'near', 'one day apart across a year');
  assert.equal(compare('1985-03-02', '1986-03-02'), 'near', 'the year off by one');
  assert.equal(compare('1985-03-02', '1975-03-02'), 'different');
  assert.equal(compare('1985', '1986'), 'different');
});
