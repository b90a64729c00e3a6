import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from './random.js';
import {
  bhytNumber,
  cccdOf,
  drawPhone,
  isGroupPlausibleForAge,
  isValidBhytNumber,
  isValidCccd,
  isValidVnMobile,
  permute,
  socialInsuranceNumber,
  socialInsuranceNumberOf,
} from './identifiers.js';

test('CCCD: province, century and sex digit, year, six digits', () => {
  const man = cccdOf('075', '1985-03-02', 'male', 7, 1234);
  assert.match(man, /^075085\d{6}$/);
  assert.match(cccdOf('070', '2003-12-31', 'female', 8, 1234), /^070303\d{6}$/);
  assert.match(cccdOf('038', '1999-01-01', 'female', 9, 1234), /^038199\d{6}$/);
  assert.ok(isValidCccd(man));
  assert.ok(isValidCccd(man, '1985-03-02', 'male'));
  assert.ok(!isValidCccd(man, '1985-03-02', 'female'));
  assert.ok(!isValidCccd(man, '1986-03-02'));
  assert.ok(!isValidCccd(man, '2085-03-02'));
  assert.ok(!isValidCccd('003085123456'), 'no province 003');
  assert.ok(!isValidCccd('07508512345'), 'eleven digits');
  assert.ok(!isValidCccd('075685123456'), 'century digit 6 is not yet in use');
});

test('CCCD serials do not repeat among the first million residents of a cohort', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 200_000; i++) seen.add(cccdOf('075', '1990-05-05', 'male', i, 99));
  assert.equal(seen.size, 200_000);
});

test('BHYT card numbers: group, its benefit level, province, 10 digits', () => {
  assert.equal(bhytNumber('DN', '7512345678'), 'DN4757512345678');
  assert.equal(bhytNumber('TE', '7512345678'), 'TE1757512345678');
  assert.equal(bhytNumber('HT', '7512345678'), 'HT3757512345678');
  assert.ok(isValidBhytNumber('DN4757512345678'));
  assert.ok(isValidBhytNumber('GD4797912345678'), 'a card of another province');
  assert.ok(!isValidBhytNumber('DN1757512345678'), 'DN is level 4');
  assert.ok(!isValidBhytNumber('ZZ4757512345678'), 'unknown group');
  assert.ok(!isValidBhytNumber('DN475751234567'), 'too short');
  assert.ok(!isValidBhytNumber('DN4037512345678'), 'no province 03');
  assert.equal(socialInsuranceNumberOf('DN4757512345678'), '7512345678');
  assert.throws(() => bhytNumber('XX', '7512345678'));
});

test('social-insurance numbers never repeat', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 100_000; i++) seen.add(socialInsuranceNumber(i, 42, i % 3 === 0));
  assert.equal(seen.size, 100_000);
});

test('groups plausible for age', () => {
  assert.ok(isGroupPlausibleForAge('TE', 0));
  assert.ok(isGroupPlausibleForAge('TE', 5));
  assert.ok(!isGroupPlausibleForAge('TE', 6));
  assert.ok(!isGroupPlausibleForAge('GD', 3), 'a young child has a TE card');
  assert.ok(isGroupPlausibleForAge('HS', 12));
  assert.ok(!isGroupPlausibleForAge('HS', 40));
  assert.ok(!isGroupPlausibleForAge('DN', 10));
  assert.ok(!isGroupPlausibleForAge('HT', 25));
  assert.ok(isGroupPlausibleForAge('HT', 70));
  assert.ok(isGroupPlausibleForAge('BT', 85));
});

test('permute is a bijection', () => {
  const out = new Set<number>();
  for (let i = 0; i < 10_000; i++) out.add(permute(i, 4, 7));
  assert.equal(out.size, 10_000);
  assert.ok([...out].every((x) => x >= 0 && x < 10_000));
  assert.notEqual(permute(1, 4, 7), 1);
});

test('mobile numbers: 10 digits with a carrier prefix', () => {
  const random = Random.seeded('phones');
  const prefixes = new Set<string>();
  for (let i = 0; i < 5_000; i++) {
    const phone = drawPhone(random);
    assert.ok(isValidVnMobile(phone), phone);
    prefixes.add(phone.slice(0, 2));
  }
  assert.deepEqual([...prefixes].sort(), ['03', '05', '07', '08', '09']);
  assert.ok(!isValidVnMobile('0123456789'));
  assert.ok(!isValidVnMobile('091234567'));
  assert.ok(!isValidVnMobile('0211234567'));
});
