import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareNames, nameTokens, type NameParts } from './names.js';

const tokens = (name: string | NameParts) => {
  const t = nameTokens(typeof name === 'string' ? { text: name } : name);
  assert.ok(t, `no tokens in ${JSON.stringify(name)}`);
  return t;
};
const compare = (a: string | NameParts, b: string | NameParts) => compareNames(tokens(a), tokens(b));

test('a Vietnamese name reads family, middle names, given name', () => {
  assert.deepEqual(tokens('Nguyễn Thị Ngọc Ánh'), {
    family: 'nguyen',
    middle: ['thi', 'ngoc'],
    given: 'anh',
    written: 'nguyễn thị ngọc ánh',
  });
  // FHIR parts: family, then given holding the middle names before the given name.
  assert.deepEqual(tokens({ family: 'Đặng', given: ['Văn', 'Đức'] }).middle, ['van']);
  assert.equal(tokens({ family: 'Đặng', given: ['Văn', 'Đức'] }).family, 'dang');
  assert.equal(nameTokens({ text: '   ' }), undefined);
});

test('Nguyễn Thị Ngọc Ánh and the ways desks register her', () => {
  assert.equal(compare('Nguyễn Thị Ngọc Ánh', 'Nguyễn Thị Ngọc Ánh'), 'exact');
  assert.equal(compare('Nguyễn Thị Ngọc Ánh', 'nguyễn  thị ngọc ánh'), 'exact', 'case and spacing');
  assert.equal(compare('Nguyễn Thị Ngọc Ánh', 'NGUYEN THI NGOC ANH'), 'folded');
  assert.equal(compare('Nguyễn Thị Ngọc Ánh', 'Nguyen Thi Anh'), 'middle', 'a middle name dropped, no diacritics');
  assert.equal(compare('Nguyễn Thị Ngọc Ánh', 'Nguyễn Ngọc Ánh'), 'middle');
  assert.equal(compare('Nguyễn Thị Ngọc Ánh', 'Nguyễn Ánh'), 'middle', 'no middle name at all');
  assert.equal(compare('Nguyễn Thị Ngọc Ánh', 'Nguyễn Thị Ngọc Ảnh'), 'folded', 'another tone folds away');
  assert.equal(compare('Nguyễn Thị Ngọc Ánh', 'Nguyễn Thị Ngọc Anh'), 'folded');
});

test('đ and Đ are d', () => {
  assert.equal(compare('Đặng Văn Đức', 'Dang Van Duc'), 'folded');
  assert.equal(compare('Đặng Văn Đức', 'DANG VAN DUC'), 'folded');
});

test('one-letter typos, transpositions, reordering', () => {
  assert.equal(compare('Nguyễn Văn Nam', 'Nguyễn Văn Mam'), 'typo');
  assert.equal(compare('Trần Văn Sơn', 'Trần Văn Xơn'), 'typo');
  assert.equal(compare('Lê Thị Hoa', 'Lê Thị Hao'), 'typo', 'two letters swapped');
  assert.equal(compare('Phạm Văn Hùng', 'Phạm Vn Hùng'), 'typo', 'a letter missing in the middle name');
  assert.equal(compare('Nguyễn Văn An', 'An Nguyễn Văn'), 'reordered');
});

test('different people stay different', () => {
  assert.equal(compare('Nguyễn Văn An', 'Nguyễn Văn Bình'), 'different');
  assert.equal(compare('Nguyễn Văn An', 'Trần Thị An'), 'given-only');
  assert.equal(compare('Nguyễn Văn Hùng', 'Nguyễn Văn Dũng'), 'different', 'two letters apart is another name');
  assert.equal(compare('Nguyễn Văn An', 'Nguyễn Hữu An'), 'given-only', 'another middle name is weak evidence');
});
