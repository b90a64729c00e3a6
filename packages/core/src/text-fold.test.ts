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

test('the short ways fold exactly as the whole pipeline does', () => {
  const pipeline = (s: string) =>
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd')
      .replace(/Đ/g, 'D')
      .toLowerCase()
      .replace(/\s+/g, ' ')
      .trim();
  const alphabet = [
    ...'aAzZ09 -_.,/|',
    ...'\t\n\r\u00a0\u2003',
    ...'ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ',
    ...'ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬỲÝỶỸỴİıßẞſǅ',
    '\u0301',
    '\u0303',
    '\u0323',
    ...'ΟΔΟΣ',
    'Σ',
    'Я',
    '中',
    '😀',
  ];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  for (let n = 0; n < 5000; n++) {
    let s = '';
    const length = next() % 12;
    for (let i = 0; i < length; i++) s += alphabet[next() % alphabet.length];
    const text = next() % 2 ? s : s.normalize('NFD');
    assert.equal(foldText(text), pipeline(text), JSON.stringify(text));
  }
});

test('folds ASCII codes and Latin names without changing what is already folded', () => {
  assert.equal(foldText('ABC-123'), 'abc-123');
  assert.equal(foldText('abc 123'), 'abc 123');
  assert.equal(foldText('Phường\u00a0Tân  Phong'), 'phuong tan phong');
  assert.equal(foldText(''), '');
});
