import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cccdProblem, isValidBhytNumber, isValidCccd, socialInsuranceNumberOf } from './vn-identifiers.js';

test('a CCCD agrees with a birth date of any precision and with sex', () => {
  // 075 Đồng Nai, 0 = 1900s male, 85 = 1985.
  assert.equal(cccdProblem('075085123456', '1985-03-02', 'male'), undefined);
  assert.equal(cccdProblem('075085123456', '1985'), undefined);
  assert.equal(cccdProblem('075085123456', '1985-03'), undefined);
  assert.equal(cccdProblem('075085123456', undefined, 'unknown'), undefined, 'unknown sex is not checked');
  assert.match(cccdProblem('075085123456', '1986-03-02') ?? '', /birth year 1986/);
  assert.match(cccdProblem('075085123456', '2085-03-02') ?? '', /birth year 2085/);
  assert.match(cccdProblem('075085123456', undefined, 'female') ?? '', /says male, the record says female/);
  assert.match(cccdProblem('07508512345') ?? '', /12 digits/);
  assert.match(cccdProblem('003085123456') ?? '', /003 is not a province code/);
  assert.match(cccdProblem('075685123456') ?? '', /century digit 6/);
  assert.ok(isValidCccd('075385123456', '2085-01-01', 'female'));
});

test('a BHYT card number and its stable social-insurance number', () => {
  assert.ok(isValidBhytNumber('DN4757512345678'));
  assert.ok(!isValidBhytNumber('DN1757512345678'), 'DN is level 4');
  assert.ok(!isValidBhytNumber('dn4757512345678'), 'the group is upper case');
  assert.equal(socialInsuranceNumberOf('HT3757512345678'), '7512345678');
});
