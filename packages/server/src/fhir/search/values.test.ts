import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNumber, splitEscaped, splitFirst, splitPrefix } from './values.js';

test('splits alternatives on unescaped commas only', () => {
  assert.deepEqual(splitEscaped('a,b\\,c,d', ','), ['a', 'b,c', 'd']);
});

test('splits a token on its first unescaped bar', () => {
  assert.deepEqual(splitFirst('http://loinc.org|1234-5', '|'), ['http://loinc.org', '1234-5']);
  assert.deepEqual(splitFirst('a\\|b|c', '|'), ['a\\|b', 'c']);
  assert.deepEqual(splitFirst('plain', '|'), ['plain', undefined]);
});

test('reads prefixes only before a number or date', () => {
  assert.deepEqual(splitPrefix('ge2020-01-01'), ['ge', '2020-01-01']);
  assert.deepEqual(splitPrefix('2020'), ['eq', '2020']);
  assert.deepEqual(splitPrefix('ap-5'), ['ap', '-5']);
});

test('numbers carry their implicit precision', () => {
  assert.deepEqual(parseNumber('100', 'x'), { value: '100', halfWidth: '5e-1' });
  assert.equal(parseNumber('1.50', 'x').halfWidth, '5e-3');
  assert.equal(parseNumber('1e2', 'x').halfWidth, '5e1');
  assert.equal(parseNumber('+7', 'x').value, '7');
  assert.throws(() => parseNumber('1;drop', 'x'), /not a number/);
  assert.throws(() => parseNumber('1e99999', 'x'), /out of range/);
});
