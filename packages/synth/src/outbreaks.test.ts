import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { dayOf, monthOf } from './care/calendar.js';
import type { Commune } from './model.js';
import {
  DENGUE_ANNUAL_INCIDENCE_PER_100K,
  dengueMonthlyShape,
  outbreakWeekFactor,
  planOutbreaks,
  shapeFromCsv,
} from './outbreaks.js';
import { Random } from './random.js';

const PERIOD = { from: '2025-11-01', to: '2026-10-31' };
const COMMUNES: Commune[] = Array.from({ length: 12 }, (_, i) => ({
  code: String(26000 + i * 3),
  name: `Xã ${i}`,
  fullName: `Xã ${i}`,
  kind: i % 2 ? 'ward' : 'commune',
  areaKm2: 10,
  weight: 10 + i,
}));

test('the shipped dengue file holds only Đồng Nai monthly rows and carries its licence', () => {
  const csv = readFileSync(new URL('../data/dengue-dong-nai-monthly.csv', import.meta.url), 'utf8')
    .trim()
    .split(/\r?\n/);
  assert.equal(csv[0], 'province,period_start,period_end,time_resolution,dengue_cases,case_definition');
  assert.ok(csv.length > 150);
  for (const row of csv.slice(1)) assert.match(row, /^DONG NAI,\d{4}-\d{2}-01,\d{4}-\d{2}-\d{2},Month,\d+,/);
  const licence = readFileSync(new URL('../data/LICENSE-opendengue.md', import.meta.url), 'utf8');
  assert.match(licence, /CC BY 4\.0/);
  assert.match(licence, /OpenDengue/);
  assert.ok(existsSync(new URL('../data/README.md', import.meta.url)));
});

test('the dengue shape peaks in the rainy season', () => {
  const shape = dengueMonthlyShape();
  assert.equal(shape.length, 12);
  assert.ok(Math.abs(shape.reduce((a, b) => a + b, 0) / 12 - 1) < 1e-9, 'mean 1');
  const rainy = (shape[6]! + shape[7]! + shape[8]!) / 3;
  const dry = (shape[0]! + shape[1]! + shape[2]! + shape[3]!) / 4;
  assert.ok(rainy > 2.5 * dry, `Jul–Sep ${rainy.toFixed(2)} vs Jan–Apr ${dry.toFixed(2)}`);
  assert.ok(DENGUE_ANNUAL_INCIDENCE_PER_100K > 50 && DENGUE_ANNUAL_INCIDENCE_PER_100K < 1000);
  // A returned copy cannot change the shared shape.
  shape[0] = 99;
  assert.notEqual(dengueMonthlyShape()[0], 99);
});

test('the shape averages normalised complete years (a big year does not dominate, incomplete years are skipped)', () => {
  const header = 'province,period_start,period_end,time_resolution,dengue_cases,case_definition';
  const year = (y: number, counts: number[]) =>
    counts.map(
      (c, m) =>
        `X,${y}-${String(m + 1).padStart(2, '0')}-01,${y}-${String(m + 1).padStart(2, '0')}-28,Month,${c},Total`,
    );
  const flat = new Array<number>(12).fill(10);
  const peaked = [0, 0, 0, 0, 0, 0, 1200, 0, 0, 0, 0, 0];
  const csv = [header, ...year(2001, flat), ...year(2002, peaked), ...year(2003, [5, 5, 5])].join('\n');
  const shape = shapeFromCsv(csv);
  assert.ok(Math.abs(shape[0]! - 0.5) < 1e-9);
  assert.ok(Math.abs(shape[6]! - 6.5) < 1e-9);
});

test('planned outbreaks: dengue clusters in the rainy season, measles, hand-foot-mouth, one COVID-19 wave', () => {
  for (const seed of ['a', 'b', 'c', 'd', 'e']) {
    const outbreaks = planOutbreaks(Random.seeded(seed), COMMUNES, PERIOD);
    const of = (disease: string) => outbreaks.filter((o) => o.disease === disease);
    assert.ok(of('dengue').length >= 4 && of('dengue').length <= 7, `${of('dengue').length} dengue`);
    assert.ok(of('measles').length >= 1 && of('measles').length <= 2);
    assert.ok(of('hand-foot-mouth').length >= 2 && of('hand-foot-mouth').length <= 3);
    const covid = of('covid-19');
    assert.ok(covid.length >= 2 && covid.length <= 4, 'one wave reaching a few communes');
    assert.equal(new Set(covid.map((o) => o.communeCode)).size, covid.length);
    for (const o of of('dengue')) {
      assert.ok([5, 6, 7, 8, 9].includes(monthOf(dayOf(o.firstWeek))), `dengue starts ${o.firstWeek}`);
      assert.ok(o.weeks >= 3 && o.weeks <= 8);
      assert.equal(o.icd10, 'A91');
    }
    for (const o of of('hand-foot-mouth'))
      assert.ok([2, 3, 4, 8, 9, 10, 11].includes(monthOf(dayOf(o.firstWeek))), o.firstWeek);
    for (const o of outbreaks) {
      const first = dayOf(o.firstWeek);
      assert.equal((first + 3) % 7, 0, `${o.firstWeek} is a Monday`);
      assert.ok(
        first + 7 * o.weeks - 1 <= dayOf(PERIOD.to) && first >= dayOf(PERIOD.from) - 6,
        `${o.disease} ${o.firstWeek} ×${o.weeks} fits the period`,
      );
      assert.ok(COMMUNES.some((c) => c.code === o.communeCode));
      assert.ok(o.peakRatePer100k > 0);
    }
    assert.deepEqual(planOutbreaks(Random.seeded(seed), COMMUNES, PERIOD), outbreaks, 'deterministic');
  }
});

test('an outbreak rises to its peak and declines', () => {
  const factors = Array.from({ length: 6 }, (_, i) => outbreakWeekFactor(6, i));
  assert.equal(Math.max(...factors), 1);
  assert.ok(factors[0]! < 1 && factors[5]! < 1 && factors.every((f) => f > 0));
  assert.equal(outbreakWeekFactor(6, 6), 0);
  assert.equal(outbreakWeekFactor(6, -1), 0);
});

test('in a small province the peak is raised so that an outbreak is seen, and says so', () => {
  const small = planOutbreaks(Random.seeded('a'), COMMUNES, PERIOD, { residents: 2_000 });
  const real = planOutbreaks(Random.seeded('a'), COMMUNES, PERIOD);
  const big = planOutbreaks(Random.seeded('a'), COMMUNES, PERIOD, { residents: 4_400_000 });
  assert.deepEqual(big, real, 'a full-size province keeps realistic rates');
  assert.equal(small.length, real.length);
  const total = COMMUNES.reduce((sum, c) => sum + c.weight, 0);
  small.forEach((o, i) => {
    assert.equal(o.communeCode, real[i]!.communeCode);
    assert.ok(o.peakRatePer100k >= real[i]!.peakRatePer100k);
    const people = (2_000 * COMMUNES.find((c) => c.code === o.communeCode)!.weight) / total;
    assert.ok(
      (people * o.peakRatePer100k) / 100_000 >= 2.99 || o.peakRatePer100k === 5_000,
      `${o.disease} peak ${o.peakRatePer100k}`,
    );
  });
});
