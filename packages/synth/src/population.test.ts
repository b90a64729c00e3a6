import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from './random.js';
import { AGE_SEX_PYRAMID, drawBirthDate } from './population.js';
import { ageOn } from './ymd.js';

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

test('the pyramid has the shape of Vietnam around 2024', () => {
  const all = sum(AGE_SEX_PYRAMID.map((b) => b.male + b.female));
  assert.ok(Math.abs(all - 100) < 0.1, `total ${all}`);
  const share = (from: number, to: number): number =>
    sum(AGE_SEX_PYRAMID.filter((b) => b.from >= from && b.to <= to).map((b) => b.male + b.female));
  assert.ok(Math.abs(share(0, 14) - 23) < 0.5);
  assert.ok(Math.abs(share(15, 64) - 68) < 0.5);
  assert.ok(Math.abs(share(65, 200) - 9) < 0.5);
  const males = sum(AGE_SEX_PYRAMID.map((b) => b.male));
  const females = sum(AGE_SEX_PYRAMID.map((b) => b.female));
  const ratio = (100 * males) / females;
  assert.ok(ratio > 97.5 && ratio < 100.5, `sex ratio ${ratio}`);
  const youngest = AGE_SEX_PYRAMID[0]!;
  assert.ok((100 * youngest.male) / youngest.female > 108, 'more boys than girls among the youngest');
  const oldest = AGE_SEX_PYRAMID.filter((b) => b.from >= 80);
  assert.ok(sum(oldest.map((b) => b.female)) > 1.5 * sum(oldest.map((b) => b.male)), 'more women among the old');
  // Bands are contiguous from 0.
  AGE_SEX_PYRAMID.forEach((b, i) => assert.equal(b.from, i === 0 ? 0 : AGE_SEX_PYRAMID[i - 1]!.to + 1));
});

test('drawn ages and sexes follow the pyramid within one point per band', () => {
  const random = Random.seeded('pyramid');
  const asOf = '2025-11-01';
  const n = 100_000;
  const counts = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const { birthDate, sex } = drawBirthDate(random, asOf);
    assert.ok(birthDate <= asOf);
    const age = ageOn(birthDate, asOf);
    const band = AGE_SEX_PYRAMID.find((b) => age >= b.from && age <= b.to);
    assert.ok(band, `age ${age} outside the pyramid`);
    const key = `${band.from}-${sex}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const band of AGE_SEX_PYRAMID) {
    for (const sex of ['male', 'female'] as const) {
      const got = (100 * (counts.get(`${band.from}-${sex}`) ?? 0)) / n;
      assert.ok(Math.abs(got - band[sex]) < 1, `${band.from}–${band.to} ${sex}: ${got} vs ${band[sex]}`);
    }
  }
});

test('ages are spread over every year of a band, newborns included', () => {
  const random = Random.seeded('spread');
  const ages = new Set<number>();
  for (let i = 0; i < 50_000; i++) ages.add(ageOn(drawBirthDate(random, '2026-01-01').birthDate, '2026-01-01'));
  for (let age = 0; age <= 90; age++) assert.ok(ages.has(age), `nobody aged ${age}`);
});
