import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from './random.js';
import type { DuplicateRegistration, Province, Resident } from './model.js';
import { loadCommunes } from './places.js';
import { buildFacilities } from './facilities.js';
import { drawResident } from './residents.js';
import { drawDuplicates, stripDiacritics, VARIATIONS } from './duplicates.js';
import { AGE_SEX_PYRAMID } from './population.js';
import { ETHNICITIES, KINH } from './ethnicity.js';
import {
  isGroupPlausibleForAge,
  isValidBhytNumber,
  isValidCccd,
  isValidVnMobile,
  socialInsuranceNumberOf,
} from './identifiers.js';
import { addDays, addYears, ageOn } from './ymd.js';

/** A province with only what residents need: places and facilities from the real builders. */
function smallProvince(seed: string, residents: number): Province {
  const communes = loadCommunes();
  const facilities = buildFacilities(Random.seeded(seed).stream('facilities'), communes, residents);
  return {
    seed,
    residents,
    period: { from: '2025-11-01', to: '2026-10-31' },
    communes,
    facilities,
    workers: [],
    drugs: [],
    outbreaks: [],
    communeByCode: new Map(communes.map((c) => [c.code, c])),
    facilityByCode: new Map(facilities.map((f) => [f.code, f])),
  };
}

/** Resident i and their duplicates, from the streams the life generator uses. */
function person(province: Province, index: number): { resident: Resident; duplicates: DuplicateRegistration[] } {
  const random = Random.seeded(province.seed).stream('resident', index);
  const resident = drawResident(province, random.stream('person'), index);
  return { resident, duplicates: drawDuplicates(province, random.stream('duplicates'), resident) };
}

const N = 50_000;
const province = smallProvince('residents', N);
const people = Array.from({ length: N }, (_, i) => person(province, i));
const residents = people.map((p) => p.resident);
const age = (r: Resident): number => ageOn(r.birthDate, province.period.from);

test('ages and sexes within 2 points of the pyramid', () => {
  const pct = (pred: (r: Resident) => boolean): number => (100 * residents.filter(pred).length) / N;
  const pyramid = (from: number, to: number, sex: 'male' | 'female'): number =>
    AGE_SEX_PYRAMID.filter((b) => b.from >= from && b.to <= to).reduce((s, b) => s + b[sex], 0);
  for (const [from, to] of [
    [0, 14],
    [15, 64],
    [65, 200],
  ] as const) {
    for (const sex of ['male', 'female'] as const) {
      const got = pct((r) => r.sex === sex && age(r) >= from && age(r) <= to);
      assert.ok(Math.abs(got - pyramid(from, to, sex)) < 2, `${from}–${to} ${sex}: ${got}`);
    }
  }
  for (const band of AGE_SEX_PYRAMID) {
    const got = pct((r) => age(r) >= band.from && age(r) <= band.to);
    assert.ok(Math.abs(got - band.male - band.female) < 1, `${band.from}–${band.to}: ${got}`);
  }
});

test('every CCCD is valid, unique and consistent with birth year and sex', () => {
  for (const r of residents) assert.ok(isValidCccd(r.cccd, r.birthDate, r.sex), `${r.cccd} ${r.birthDate} ${r.sex}`);
  assert.equal(new Set(residents.map((r) => r.cccd)).size, N);
  const local = residents.filter((r) => r.cccd.startsWith('075') || r.cccd.startsWith('070')).length / N;
  assert.ok(local > 0.72 && local < 0.84, `born in the province: ${local}`);
});

test('about 93% insured; card numbers valid; groups plausible for age', () => {
  const insured = residents.filter((r) => r.card);
  const share = insured.length / N;
  assert.ok(share > 0.91 && share < 0.95, `insured ${share}`);
  assert.equal(new Set(insured.map((r) => socialInsuranceNumberOf(r.card!.number))).size, insured.length);
  let coveringPeriod = 0;
  for (const r of insured) {
    const card = r.card!;
    assert.ok(isValidBhytNumber(card.number), card.number);
    assert.equal(card.number.slice(0, 2), card.group);
    assert.equal(card.number.slice(3, 5), '75');
    assert.equal(Number(card.number[2]), card.benefitLevel);
    assert.ok(isGroupPlausibleForAge(card.group, age(r)), `${card.group} at ${age(r)}`);
    assert.ok(
      isGroupPlausibleForAge(card.group, ageOn(r.birthDate, card.validFrom)),
      `${card.group} from ${card.validFrom}`,
    );
    assert.ok(card.validFrom <= card.validTo && card.validFrom >= r.birthDate);
    assert.equal(card.registeredFacility, r.primaryCare);
    if (age(r) < 6) assert.equal(card.group, 'TE');
    if (card.group === 'TE') assert.equal(card.validTo, addDays(addYears(r.birthDate, 6), -1));
    if (card.validFrom <= province.period.from && card.validTo >= province.period.to) coveringPeriod++;
    for (const old of r.previousCards) {
      assert.ok(isValidBhytNumber(old.number));
      assert.equal(socialInsuranceNumberOf(old.number), socialInsuranceNumberOf(card.number));
      assert.notEqual(old.group, card.group);
      assert.ok(old.validTo < card.validFrom, 'an earlier card ended before the current one');
      assert.ok(
        isGroupPlausibleForAge(old.group, ageOn(r.birthDate, old.validFrom)),
        `${old.group} from ${old.validFrom}`,
      );
    }
  }
  // Children turning six and lapsed cards aside, cards cover the whole period.
  assert.ok(coveringPeriod / insured.length > 0.9);
  const groups = new Set(insured.map((r) => r.card!.group));
  for (const g of ['TE', 'HS', 'SV', 'DN', 'HC', 'GD', 'HN', 'BT', 'CC', 'HT']) assert.ok(groups.has(g), `some ${g}`);
  const withPrevious = residents.filter((r) => r.previousCards.length > 0).length / N;
  assert.ok(withPrevious > 0.05 && withPrevious < 0.5, `with earlier cards ${withPrevious}`);
});

test('every address is in a real commune, more people in towns', () => {
  for (const r of residents) {
    const commune = province.communeByCode.get(r.address.communeCode);
    assert.ok(commune, r.address.communeCode);
    assert.equal(r.address.line, r.address.line.normalize('NFC'));
    assert.match(r.address.line, commune.kind === 'ward' ? /Khu phố \d+$/ : /Ấp .+$/);
  }
  const ward = residents.filter((r) => province.communeByCode.get(r.address.communeCode)!.kind === 'ward').length;
  assert.ok(ward / N > 0.5);
});

test('primary care mostly at the home commune health station', () => {
  let home = 0;
  for (const r of residents) {
    const f = province.facilityByCode.get(r.primaryCare);
    assert.ok(f && f.kind !== 'pharmacy', r.primaryCare);
    if (f.kind === 'health-station' && f.communeCode === r.address.communeCode) home++;
  }
  assert.ok(home / N > 0.7 && home / N < 0.8, `home station ${home / N}`);
});

test('ethnicity codes of the national list, Kinh about 90%', () => {
  for (const r of residents) assert.ok(r.ethnicity in ETHNICITIES, r.ethnicity);
  const kinh = residents.filter((r) => r.ethnicity === KINH).length / N;
  assert.ok(kinh > 0.87 && kinh < 0.93, `Kinh ${kinh}`);
  const hoa = residents.filter((r) => r.ethnicity === '04').length / N;
  assert.ok(hoa > 0.015 && hoa < 0.05);
});

test('phones are Vietnamese mobiles, for most adults', () => {
  const adults = residents.filter((r) => age(r) >= 18);
  for (const r of residents) if (r.phone) assert.ok(isValidVnMobile(r.phone), r.phone);
  assert.ok(adults.filter((r) => r.phone).length / adults.length > 0.85);
});

test('ids are unique; same seed, same residents; another seed, other residents', () => {
  assert.equal(new Set(residents.map((r) => r.id)).size, N);
  const again = smallProvince('residents', N);
  for (const i of [0, 1, 17, 4_321, N - 1]) assert.deepEqual(person(again, i), people[i]);
  const other = smallProvince('elsewhere', N);
  const differ = [0, 1, 2, 3, 4].filter((i) => JSON.stringify(person(other, i)) !== JSON.stringify(people[i])).length;
  assert.equal(differ, 5);
  assert.notEqual(person(other, 0).resident.id, people[0]!.resident.id);
});

// ── Duplicates ──

const duplicated = people.filter((p) => p.duplicates.length > 0);

test('about 3% of residents are registered again, at one or two other facilities', () => {
  const share = duplicated.length / N;
  assert.ok(share > 0.025 && share < 0.035, `duplicated ${share}`);
  for (const { resident, duplicates } of duplicated) {
    assert.ok(duplicates.length <= 2);
    const places = duplicates.map((d) => d.facilityCode);
    assert.ok(!places.includes(resident.primaryCare));
    assert.equal(new Set(places).size, places.length);
    for (const d of duplicates) {
      assert.equal(d.residentId, resident.id);
      assert.notEqual(d.id, resident.id);
      const f = province.facilityByCode.get(d.facilityCode);
      assert.ok(f && f.kind !== 'pharmacy' && f.kind !== 'health-station');
    }
  }
  const atHospitals = duplicated
    .flatMap((p) => p.duplicates)
    .filter((d) => /hospital|general/.test(province.facilityByCode.get(d.facilityCode)!.kind)).length;
  assert.ok(atHospitals / duplicated.flatMap((p) => p.duplicates).length > 0.6, 'usually a hospital');
});

test('each duplicate carries 1–3 of the named variations, and they are really there', () => {
  const seen = new Set<string>();
  for (const { resident: r, duplicates } of duplicated) {
    for (const d of duplicates) {
      assert.ok(d.variations.length >= 1 && d.variations.length <= 3);
      assert.equal(new Set(d.variations).size, d.variations.length);
      const has = (v: string): boolean => d.variations.includes(v);
      for (const v of d.variations) {
        assert.ok((VARIATIONS as readonly string[]).includes(v), v);
        seen.add(v);
      }
      const full = (n: Resident['name']): string => [n.family, n.middle, n.given].filter(Boolean).join(' ');
      if (has('no-diacritics')) assert.equal(full(d.name), stripDiacritics(full(d.name)));
      if (has('dropped-middle-name')) assert.equal(d.name.middle, '');
      if (!has('no-diacritics') && !has('typo') && !has('dropped-middle-name')) assert.deepEqual(d.name, r.name);
      if (has('typo') && !has('no-diacritics') && !has('dropped-middle-name')) {
        const a = [...full(d.name)];
        const b = [...full(r.name)];
        assert.equal(a.length, b.length);
        assert.equal(a.filter((ch, i) => ch !== b[i]).length, 1, `${full(d.name)} vs ${full(r.name)}`);
      }
      assert.equal(d.cccd, has('missing-cccd') ? undefined : r.cccd);
      if (has('old-card')) assert.ok(r.previousCards.some((c) => c.number === d.card?.number));
      else assert.equal(d.card?.number, r.card?.number);
      if (has('day-month-swap')) {
        const [y, m, day] = r.birthDate.split('-');
        assert.equal(d.birthDate, `${y}-${day}-${m}`);
        assert.notEqual(d.birthDate, r.birthDate);
      } else assert.equal(d.birthDate, r.birthDate);
      if (has('phone-changed')) assert.ok(d.phone && d.phone !== r.phone && isValidVnMobile(d.phone));
      else assert.equal(d.phone, r.phone);
      assert.equal(d.address.communeCode, r.address.communeCode);
      for (const part of [d.name.family, d.name.middle, d.name.given]) assert.equal(part, part.normalize('NFC'));
    }
  }
  assert.deepEqual([...seen].sort(), [...VARIATIONS].sort(), 'every variation occurs');
});

test('stripDiacritics keeps case and letters', () => {
  assert.equal(stripDiacritics('Nguyễn Thị Đào'), 'Nguyen Thi Dao');
  assert.equal(stripDiacritics('Phường Trấn Biên'), 'Phuong Tran Bien');
});
