import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBirthDate } from './birth-date.js';
import { blockingKeys } from './blocking.js';
import type { MatchFeatures } from './features.js';
import { nameTokens } from './names.js';
import { normalisePhone } from './phone.js';
import { decide, scorePair } from './score.js';
import { editDistanceAtMost } from './edit-distance.js';

function person(p: {
  name: string;
  birth?: string;
  sex?: 'male' | 'female';
  commune?: string;
  phone?: string;
  cccd?: string;
  ssn?: string;
}): MatchFeatures {
  const birthDate = parseBirthDate(p.birth);
  return {
    names: [nameTokens({ text: p.name })!],
    ...(birthDate ? { birthDate } : {}),
    ...(p.sex ? { sex: p.sex } : {}),
    communes: p.commune ? [p.commune] : [],
    phones: p.phone ? [p.phone] : [],
    ...(p.cccd ? { cccd: p.cccd } : {}),
    ssns: p.ssn ? [p.ssn] : [],
  };
}

const anh = person({
  name: 'Nguyễn Thị Ngọc Ánh',
  birth: '1990-04-07',
  sex: 'female',
  commune: '26041',
  phone: '0912345678',
  cccd: '075190123456',
  ssn: '7512345678',
});

test('the same CCCD links, whatever the name variation', () => {
  const other = person({ name: 'NGUYEN THI ANH', birth: '1990-07-04', sex: 'female', cccd: '075190123456' });
  assert.equal(decide(scorePair(anh, other)), 'link');
});

test('the stable social-insurance number of an old card links', () => {
  const other = person({ name: 'Nguyễn Ngọc Ánh', birth: '1990-04-07', sex: 'female', ssn: '7512345678' });
  assert.equal(decide(scorePair(anh, other)), 'link');
});

test('no identifier: name, birth date, commune and phone link; name and birth date alone are a review', () => {
  const full = person({
    name: 'Nguyen Thi Ngoc Anh',
    birth: '1990-04-07',
    sex: 'female',
    commune: '26041',
    phone: '0912345678',
  });
  assert.equal(decide(scorePair(anh, full)), 'link');
  const bare = person({ name: 'Nguyen Thi Ngoc Anh', birth: '1990-04-07', sex: 'female' });
  assert.equal(decide(scorePair(anh, bare)), 'review');
  const swappedTypo = person({ name: 'Nguyễn Thị Ngọc Ámh', birth: '1990-07-04', sex: 'female', commune: '26041' });
  assert.equal(decide(scorePair(anh, swappedTypo)), 'review');
});

test('a namesake with another CCCD is never linked', () => {
  const namesake = person({
    ...{ name: 'Nguyễn Thị Ngọc Ánh', birth: '1990-04-07', sex: 'female' },
    commune: '26041',
    phone: '0912345678',
    cccd: '075190654321',
  });
  const score = scorePair(anh, namesake);
  assert.equal(score.conflict?.message, 'two different valid CCCD numbers');
  assert.notEqual(decide(score), 'link');
});

test('a shared CCCD on clearly different people goes to review, not a merge', () => {
  const stranger = person({ name: 'Trần Văn Bình', birth: '1990-01-01', sex: 'male', cccd: '075190123456' });
  const score = scorePair(anh, stranger);
  assert.match(score.conflict?.message ?? '', /same CCCD/);
  assert.equal(decide(score), 'review');
});

test('a twin with the same birth date, phone and commune is not linked', () => {
  const twin = person({
    name: 'Nguyễn Thị Ngọc Lan',
    birth: '1990-04-07',
    sex: 'female',
    commune: '26041',
    phone: '0912345678',
  });
  assert.notEqual(decide(scorePair(anh, twin)), 'link');
});

test('a relative sharing family name, phone and commune is a new person', () => {
  const son = person({ name: 'Lê Văn Minh', birth: '2015-09-01', sex: 'male', commune: '26041', phone: '0912345678' });
  assert.equal(decide(scorePair(anh, son)), 'new');
});

test('every field comparison is explained with its weight', () => {
  const { fields, weight } = scorePair(anh, anh);
  assert.deepEqual(
    fields.map((f) => `${f.field}:${f.level}`),
    ['cccd:agree', 'ssn:agree', 'name:exact', 'birthDate:exact', 'sex:agree', 'commune:agree', 'phone:agree'],
  );
  assert.ok(Math.abs(weight - fields.reduce((s, f) => s + f.weight, 0)) < 1e-9);
});

test('blocking keys survive each registration error', () => {
  const keys = new Set(blockingKeys(anh));
  const shares = (f: MatchFeatures) => blockingKeys(f).some((k) => keys.has(k));
  assert.ok(shares(person({ name: 'Nguyen Anh', birth: '1990-07-04' })), 'dropped middle, no diacritics, swap');
  assert.ok(shares(person({ name: 'Nguyễn Thị Ngọc Ámh', birth: '1990-07-04', commune: '26041' })), 'typo + swap');
  assert.ok(
    shares(person({ name: 'Nguyến Thị Ngọc Ánh', birth: '1990-04-07', commune: '26999' })),
    'family typo, moved',
  );
  assert.ok(shares(person({ name: 'Nguyen Thi Ngoc Anh', birth: '1990' })), 'only the birth year');
  assert.ok(!shares(person({ name: 'Trần Văn Bình', birth: '1970-01-01', commune: '26041' })), 'a stranger');
});

test('phone numbers in their national form', () => {
  assert.equal(normalisePhone('+84 912 345 678'), '0912345678');
  assert.equal(normalisePhone('84912345678'), '0912345678');
  assert.equal(normalisePhone('0912.345.678'), '0912345678');
  assert.equal(normalisePhone('12345'), undefined);
});

test('edit distance stops at the bound', () => {
  assert.equal(editDistanceAtMost('hoa', 'hao', 1), 1);
  assert.equal(editDistanceAtMost('hung', 'dung', 1), 1);
  assert.equal(editDistanceAtMost('hung', 'dũng', 1), undefined);
  assert.equal(editDistanceAtMost('an', 'anh', 1), 1);
  assert.equal(editDistanceAtMost('an', 'binh', 1), undefined);
});
