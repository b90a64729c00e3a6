import { test } from 'node:test';
import assert from 'node:assert/strict';
import { XML1, XML4 } from './tables.js';
import { readXml130Rows } from './read.js';
import { writeTable as tableXml } from './write.js';

test('every field of the table is written, in order, and unknown fields are refused', () => {
  const xml = tableXml(XML4, [
    { MA_LK: 'a', STT: '1', GIA_TRI: '5 & <6>' },
    { MA_LK: 'a', STT: '2' },
  ]);
  const rows = readXml130Rows(xml);
  assert.equal(rows.length, 2);
  assert.deepEqual(Object.keys(rows[0]!), [...XML4.fields]);
  assert.equal(rows[0]!.GIA_TRI, '5 & <6>');
  assert.equal(rows[1]!.MA_CHI_SO, '');
  assert.throws(() => tableXml(XML4, [{ MA_LK: 'a', GIA_TRI_SAI: '1' }]), /XML4 has no field GIA_TRI_SAI/);
  assert.throws(() => tableXml(XML1, []), /exactly one row/);
  assert.equal(readXml130Rows(tableXml(XML1, [{ MA_LK: 'a' }])).length, 1);
});
