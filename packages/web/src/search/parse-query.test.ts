import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuery, personSearchPath } from './parse-query';

test('a 12-digit number is a citizen ID, spaces and dots ignored', () => {
  assert.deepEqual(parseQuery('075 309.619 773'), { kind: 'cccd', value: '075309619773' });
});

test('two letters and 13 digits are a health insurance card, upper-cased', () => {
  assert.deepEqual(parseQuery('gd4757099868409'), { kind: 'bhyt', value: 'GD4757099868409' });
});

test('anything else is a name; the birth year comes from its field or after the name', () => {
  assert.deepEqual(parseQuery('  nguyen   van an '), { kind: 'name', value: 'nguyen van an' });
  assert.deepEqual(parseQuery('Nguyễn Văn An', '1985'), { kind: 'name', value: 'Nguyễn Văn An', birthYear: '1985' });
  assert.deepEqual(parseQuery('nguyen van an 1985'), { kind: 'name', value: 'nguyen van an', birthYear: '1985' });
});

test('a name too short or a year that is not one is refused before asking the server', () => {
  assert.equal(parseQuery('a'), 'tooShort');
  assert.equal(parseQuery('nguyen', '85'), 'badYear');
});

test('the search asks for master records (Person), by identifier or by name and birth year', () => {
  assert.equal(
    personSearchPath({ kind: 'cccd', value: '075309619773' }, 20),
    'Person?identifier=http%3A%2F%2Ffhir.lienthong.vn%2Fsid%2Fcccd%7C075309619773&_count=20',
  );
  assert.equal(
    personSearchPath({ kind: 'name', value: 'nguyen van', birthYear: '1980' }, 20),
    'Person?name=nguyen+van&birthdate=1980&_count=20',
  );
});
