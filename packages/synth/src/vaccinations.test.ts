import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dayOf } from './care/calendar.js';
import { sampleProvince, sampleResident } from './care/sample-province.js';
import type { Resident, Vaccination } from './model.js';
import { Random } from './random.js';
import { drawVaccinations } from './vaccinations.js';

const RESIDENTS = 8000;
const province = sampleProvince('vaccinations-test', RESIDENTS);
const residents: Resident[] = [];
const records = new Map<number, Vaccination[]>();
for (let i = 0; i < RESIDENTS; i++) {
  const resident = sampleResident(province, i);
  residents.push(resident);
  records.set(i, drawVaccinations(province, Random.seeded('vaccinations-test').stream('resident', i), resident));
}
const all = [...records.values()].flat();
const to = dayOf(province.period.to);
const ageAt = (resident: Resident, date: string) => (dayOf(date) - dayOf(resident.birthDate)) / 365.25;

const SERIES: Record<string, string> = {
  '08': 'hepb',
  '19': 'bcg',
  '102': 'dtp',
  '01': 'dtp',
  '178': 'polio',
  '10': 'ipv',
  '05': 'measles',
  '04': 'measles',
  '39': 'je',
};

test('doses are never before birth nor after the period, and follow the schedule order', () => {
  for (const [index, list] of records) {
    const resident = residents[index]!;
    const last = new Map<string, { dose: number; date: string }>();
    for (const v of list) {
      assert.ok(v.date >= resident.birthDate, `${v.vaccine.name} on ${v.date}, born ${resident.birthDate}`);
      assert.ok(dayOf(v.date) <= to);
      assert.equal(v.patientId, resident.id);
      assert.equal(v.residentIndex, index);
      assert.ok(v.lot.length >= 5);
      const series = v.vaccine.disease === 'COVID-19' ? 'covid' : SERIES[v.vaccine.cvx];
      assert.ok(series, `known CVX ${v.vaccine.cvx}`);
      const previous = last.get(series);
      if (previous) {
        assert.equal(v.doseNumber, previous.dose + 1, `${series} dose ${v.doseNumber} after ${previous.dose}`);
        assert.ok(v.date > previous.date, `${series} dose ${v.doseNumber} after the previous one`);
      } else assert.equal(v.doseNumber, 1, `${series} starts at dose 1 (${v.vaccine.name})`);
      last.set(series, { dose: v.doseNumber, date: v.date });
    }
  }
});

test('the EPI schedule: birth doses, 5-in-1 and OPV at 2–4 months, measles at 9 months, boosters at 18 months', () => {
  const children = residents.filter((r) => dayOf(r.birthDate) > to - 6 * 365 && dayOf(r.birthDate) < to - 2 * 365);
  assert.ok(children.length > 300);
  const given = (r: Resident, cvx: string, dose = 1) =>
    records.get(r.index)!.find((v) => v.vaccine.cvx === cvx && v.doseNumber === dose);
  const coverage = (cvx: string, dose = 1) => children.filter((r) => given(r, cvx, dose)).length / children.length;
  assert.ok(coverage('102') > 0.88 && coverage('102') < 0.99, `5-in-1 dose 1 ${coverage('102')}`);
  assert.ok(coverage('102', 3) > 0.8 && coverage('102', 3) < coverage('102'), `5-in-1 dose 3 ${coverage('102', 3)}`);
  assert.ok(coverage('05') > 0.8, `measles ${coverage('05')}`);
  assert.ok(coverage('19') > 0.88, `BCG ${coverage('19')}`);
  assert.ok(coverage('04', 2) > 0.7 && coverage('04', 2) < coverage('05'), `MR ${coverage('04', 2)}`);
  for (const r of children) {
    const hepb = given(r, '08');
    if (hepb) assert.ok(ageAt(r, hepb.date) * 365.25 <= 7, 'HepB birth dose in the first week');
    const penta = given(r, '102');
    if (penta) {
      const days = ageAt(r, penta.date) * 365.25;
      assert.ok(days >= 60 && days < 250, `5-in-1 at ${days} days`);
    }
    const measles = given(r, '05');
    if (measles) assert.ok(ageAt(r, measles.date) >= 0.74, 'measles from 9 months');
    const third = given(r, '102', 3);
    const second = given(r, '102', 2);
    if (third && second) assert.ok(dayOf(third.date) - dayOf(second.date) >= 28, 'four weeks between doses');
  }
  // OPV is given at the same session as the 5-in-1.
  const both = children.filter((r) => given(r, '102') && given(r, '178'));
  const sameDay = both.filter((r) => given(r, '102')!.date === given(r, '178')!.date).length / both.length;
  assert.ok(sameDay > 0.95, `OPV with the 5-in-1 ${sameDay}`);
  // Some children are vaccinated late.
  const late = children.filter((r) => {
    const penta = given(r, '102');
    return penta && ageAt(r, penta.date) * 365.25 > 75;
  }).length;
  assert.ok(late / children.length > 0.1 && late / children.length < 0.5, `late first doses ${late / children.length}`);
  // Older children have no EPI record in the synthetic history.
  const older = residents.filter((r) => dayOf(r.birthDate) < to - 7 * 365);
  assert.ok(older.every((r) => records.get(r.index)!.every((v) => v.vaccine.disease === 'COVID-19')));
});

test('COVID-19 campaign: adult coverage ~90/85/55 %, children 5–11 dose 1 ~60 %, in 2021–2022', () => {
  const adults = residents.filter((r) => ageAt(r, '2021-07-15') >= 18);
  const covid = (r: Resident, dose: number) =>
    records.get(r.index)!.some((v) => v.vaccine.disease === 'COVID-19' && v.doseNumber === dose);
  const share = (group: Resident[], dose: number) => group.filter((r) => covid(r, dose)).length / group.length;
  assert.ok(Math.abs(share(adults, 1) - 0.9) < 0.03, `dose 1 ${share(adults, 1)}`);
  assert.ok(Math.abs(share(adults, 2) - 0.85) < 0.03, `dose 2 ${share(adults, 2)}`);
  assert.ok(Math.abs(share(adults, 3) - 0.55) < 0.04, `dose 3 ${share(adults, 3)}`);
  const kids = residents.filter((r) => ageAt(r, '2022-04-15') >= 5 && ageAt(r, '2022-04-15') < 12);
  assert.ok(Math.abs(share(kids, 1) - 0.6) < 0.06, `children ${share(kids, 1)}`);
  for (const v of all.filter((w) => w.vaccine.disease === 'COVID-19')) {
    assert.ok(v.date >= '2021-07-15' && v.date <= '2022-12-31', v.date);
    assert.ok(['207', '208', '210', '218', '510'].includes(v.vaccine.cvx));
  }
});

test('vaccines are given mostly at the commune health station, in shared lots', () => {
  const atStations =
    all.filter((v) => province.facilityByCode.get(v.facilityCode)?.kind === 'health-station').length / all.length;
  assert.ok(atStations > 0.7, `${atStations} at stations`);
  const lots = new Set(all.map((v) => `${v.vaccine.cvx}|${v.lot}`));
  assert.ok(lots.size < all.length / 5, 'people vaccinated the same month share lots');
  const ids = new Set(all.map((v) => v.id));
  assert.equal(ids.size, all.length);
});

test('the same resident stream gives the same record', () => {
  for (let i = 0; i < 30; i++) {
    assert.deepEqual(
      drawVaccinations(province, Random.seeded('vaccinations-test').stream('resident', i), residents[i]!),
      records.get(i),
    );
  }
});
