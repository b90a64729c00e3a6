import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foldText, escapeLike } from './text-fold.js';

test('folds Vietnamese diacritics, case and đ', () => {
  assert.equal(foldText('Nguyễn Văn An'), 'nguyen van an');
  assert.equal(foldText('ĐẶNG THỊ NGỌC ÁNH'), 'dang thi ngoc anh');
  assert.equal(foldText('Đồng Nai'), 'dong nai');
});

test('NFC and NFD input fold the same', () => {
  assert.equal(foldText('Trần Thị Hương'.normalize('NFD')), foldText('Trần Thị Hương'.normalize('NFC')));
});

test('collapses whitespace', () => {
  assert.equal(foldText('  Lê\t  Văn   Tám '), 'le van tam');
});

test('escapes LIKE wildcards', () => {
  assert.equal(escapeLike('50%_a\\b'), '50\\%\\_a\\\\b');
});
