import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dayOf, dayOfDateTime, mondayOf, monthOf } from './care/calendar.js';
import { drawNotifiableCases } from './care/notifiable.js';
import { sampleProvince, sampleResident } from './care/sample-province.js';
import type { DuplicateRegistration, Province, Resident, Visit } from './model.js';
import { Random } from './random.js';
import { drawVisits } from './visits.js';

const RESIDENTS = 9000;
const province = sampleProvince('visits-test', RESIDENTS);
const residents: Resident[] = [];
const visits: Visit[] = [];
for (let i = 0; i < RESIDENTS; i++) {
  const resident = sampleResident(province, i);
  residents.push(resident);
  visits.push(...drawVisits(province, Random.seeded('visits-test').stream('resident', i), resident, []));
}
const from = dayOf(province.period.from);
const to = dayOf(province.period.to);
const level = (code: string) => province.facilityByCode.get(code)!.level;
const years = (to - from + 1) / 365.25;

test('visits fall within the period, end after they start, and carry Vietnam-time date-times', () => {
  assert.ok(visits.length > RESIDENTS);
  for (const v of visits) {
    assert.match(v.start, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\+07:00$/);
    assert.match(v.end, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\+07:00$/);
    assert.ok(dayOfDateTime(v.start) >= from && dayOfDateTime(v.end) <= to, `${v.start}–${v.end}`);
    assert.ok(v.end > v.start, `${v.start} < ${v.end}`);
    assert.ok(v.start.slice(0, 10) >= residents[v.residentIndex]!.birthDate, 'not before birth');
  }
});

test('the volume follows the budget: about 1.9 visits and 0.1 admissions per resident-year', () => {
  const perYear = visits.length / RESIDENTS / years;
  assert.ok(perYear > 1.5 && perYear < 2.4, `${perYear.toFixed(2)} visits per resident-year`);
  const inpatient = visits.filter((v) => v.type === 'inpatient').length / RESIDENTS / years;
  assert.ok(inpatient > 0.07 && inpatient < 0.16, `${inpatient.toFixed(3)} stays per resident-year`);
  const withLabs = visits.filter((v) => v.labs.length > 0).length / visits.length;
  assert.ok(withLabs > 0.08 && withLabs < 0.2, `${(100 * withLabs).toFixed(1)}% of visits with labs`);
  const outpatient = visits.filter((v) => v.type !== 'inpatient');
  const lines = outpatient.reduce((sum, v) => sum + v.drugs.length, 0) / outpatient.length;
  assert.ok(lines > 1.2 && lines < 1.8, `${lines.toFixed(2)} drug lines per outpatient visit`);
  // Small children and old people come more than young adults.
  const rate = (min: number, max: number) => {
    const group = residents.filter((r) => {
      const age = (from - dayOf(r.birthDate)) / 365.25;
      return age >= min && age < max;
    });
    const indexes = new Set(group.map((r) => r.index));
    return visits.filter((v) => indexes.has(v.residentIndex)).length / group.length;
  };
  assert.ok(rate(0, 5) > 1.5 * rate(15, 30), 'under-fives');
  assert.ok(rate(60, 120) > 1.5 * rate(15, 30), 'over-sixties');
});

test('every diagnosis is a well-formed ICD-10 code with a Vietnamese display', () => {
  for (const v of visits) {
    assert.ok(v.diagnoses.length >= 1);
    for (const d of v.diagnoses) {
      assert.match(d.icd10, /^[A-Z]\d{2}(\.\d{1,2})?$/, d.icd10);
      assert.ok(d.display.length > 3 && d.display === d.display.normalize('NFC'));
    }
    assert.equal(new Set(v.diagnoses.map((d) => d.icd10)).size, v.diagnoses.length, 'no repeated code');
  }
  const codes = new Set(visits.map((v) => v.diagnoses[0]!.icd10));
  for (const common of ['J00', 'J06.9', 'J20.9', 'I10', 'E11.9', 'K29.7', 'M54.5', 'Z34.9', 'A09'])
    assert.ok(codes.has(common), common);
  const share = (prefix: string) =>
    visits.filter((v) => v.diagnoses[0]!.icd10.startsWith(prefix)).length / visits.length;
  assert.ok(
    share('J0') > 0.1 && share('J0') < 0.35,
    'acute upper respiratory infections are the commonest acute complaint',
  );
});

/** Dengue cases: one per resident and onset, dated by their first visit. */
function dengueCases(list: readonly Visit[]): { residentIndex: number; day: number }[] {
  const seen = new Map<string, number>();
  for (const v of list) {
    const d = v.diagnoses[0]!;
    if (d.icd10 !== 'A90' && d.icd10 !== 'A91') continue;
    assert.ok(d.onset && d.onset <= v.start.slice(0, 10), 'a notifiable diagnosis has its onset');
    const key = `${v.residentIndex}|${d.onset}`;
    const day = dayOfDateTime(v.start);
    seen.set(key, Math.min(seen.get(key) ?? day, day));
  }
  return [...seen].map(([key, day]) => ({ residentIndex: Number(key.split('|')[0]), day }));
}

test('dengue peaks in the rainy months, in the baseline alone and with outbreaks', () => {
  const byMonth = new Array<number>(12).fill(0);
  for (const c of dengueCases(visits)) byMonth[monthOf(c.day)]!++;
  const rainy = (byMonth[5]! + byMonth[6]! + byMonth[7]! + byMonth[8]! + byMonth[9]! + byMonth[10]!) / 6;
  const dry = (byMonth[0]! + byMonth[1]! + byMonth[2]! + byMonth[3]!) / 4;
  assert.ok(rainy > 2 * dry, `Jun–Nov ${rainy.toFixed(1)}/month vs Jan–Apr ${dry.toFixed(1)}/month`);

  // The seasonal baseline, without any outbreak, over many residents.
  const quiet: Province = { ...province, outbreaks: [] };
  const baseline = new Array<number>(12).fill(0);
  const random = Random.seeded('baseline');
  for (let i = 0; i < 200_000; i++) {
    for (const c of drawNotifiableCases(quiet, random, '26041', 25, from - 9000))
      if (c.disease === 'dengue') baseline[monthOf(c.day)]!++;
  }
  const total = baseline.reduce((a, b) => a + b, 0);
  // 250/100k a year, times about 1.45 for young adults (dengue's age profile).
  assert.ok(total > 500 && total < 950, `${total} baseline cases for 200,000 person-years of 25-year-olds`);
  const jun_nov = baseline.slice(5, 11).reduce((a, b) => a + b, 0) / 6;
  const jan_apr = baseline.slice(0, 4).reduce((a, b) => a + b, 0) / 4;
  assert.ok(jun_nov > 2 * jan_apr, `baseline Jun–Nov ${jun_nov} vs Jan–Apr ${jan_apr}`);
});

test('outbreak communes have clearly more cases in the outbreak weeks', () => {
  const dengue = province.outbreaks.filter((o) => o.disease === 'dengue');
  assert.ok(dengue.length >= 4);
  const inOutbreak = (communeCode: string, day: number) =>
    dengue.some(
      (o) =>
        o.communeCode === communeCode &&
        mondayOf(day) >= dayOf(o.firstWeek) &&
        mondayOf(day) < dayOf(o.firstWeek) + 7 * o.weeks,
    );
  // Person-weeks inside and outside outbreaks during the season (June–November).
  const population = new Map<string, number>();
  for (const r of residents) population.set(r.address.communeCode, (population.get(r.address.communeCode) ?? 0) + 1);
  let insideWeeks = 0;
  let outsideWeeks = 0;
  for (let monday = mondayOf(from); monday <= to; monday += 7) {
    if (![5, 6, 7, 8, 9, 10].includes(monthOf(monday))) continue;
    for (const [commune, people] of population) {
      if (inOutbreak(commune, monday)) insideWeeks += people;
      else outsideWeeks += people;
    }
  }
  let inside = 0;
  let outside = 0;
  for (const c of dengueCases(visits)) {
    if (![5, 6, 7, 8, 9, 10].includes(monthOf(c.day))) continue;
    if (inOutbreak(residents[c.residentIndex]!.address.communeCode, c.day)) inside++;
    else outside++;
  }
  const ratio = inside / insideWeeks / (outside / Math.max(outsideWeeks, 1) || 1e-9);
  assert.ok(inside >= 10, `${inside} outbreak cases`);
  assert.ok(ratio > 4, `weekly rate in outbreaks ${ratio.toFixed(1)}× the rate elsewhere in the season`);
});

test('measles strikes mostly children and hand-foot-mouth the under-fives', () => {
  const random = Random.seeded('ages');
  const counts = new Map<string, number[]>();
  const ages = [1, 3, 8, 20, 35, 50, 70];
  const weights = [0.035, 0.04, 0.155, 0.22, 0.235, 0.185, 0.13];
  for (let i = 0; i < 150_000; i++) {
    const k = i % ages.length;
    if (!random.chance(weights[k]! / 0.235)) continue;
    for (const c of drawNotifiableCases(province, random, '26041', ages[k]!, from - ages[k]! * 366)) {
      const list = counts.get(c.disease) ?? new Array<number>(ages.length).fill(0);
      list[k]!++;
      counts.set(c.disease, list);
    }
  }
  const share = (disease: string, upTo: number) => {
    const list = counts.get(disease) ?? [];
    const total = list.reduce((a, b) => a + b, 0);
    return list.slice(0, upTo).reduce((a, b) => a + b, 0) / total;
  };
  assert.ok(share('measles', 3) > 0.6, `measles in children ${share('measles', 3)}`);
  assert.ok(share('hand-foot-mouth', 2) > 0.8, `HFMD under five ${share('hand-foot-mouth', 2)}`);
});

test('hypertension and diabetes are refilled every one to three months at the commune station', () => {
  const refills = visits.filter((v) => v.reason === 'Tái khám, lĩnh thuốc định kỳ');
  assert.ok(refills.length > 0.15 * visits.length, `${refills.length} refills`);
  const atStations = refills.filter((v) => level(v.facilityCode) === 4).length / refills.length;
  assert.ok(atStations > 0.75, `${(100 * atStations).toFixed(0)}% of refills at level-4 stations`);
  const byPatient = new Map<number, Visit[]>();
  for (const v of refills) {
    assert.ok(['I10', 'E11.9'].includes(v.diagnoses[0]!.icd10));
    assert.ok(v.drugs.length > 0 && v.prescriptionCode, 'a refill prescribes');
    assert.ok(v.drugs.every((d) => d.days >= 28 && d.days <= 92 && d.drug.prescriptionOnly));
    assert.ok(v.followUp && v.followUp > v.start.slice(0, 10));
    byPatient.set(v.residentIndex, [...(byPatient.get(v.residentIndex) ?? []), v]);
  }
  const counts = [...byPatient.values()].map((list) => list.length);
  assert.ok(
    counts.filter((n) => n >= 3).length / counts.length > 0.8,
    'most chronic patients come back at least three times',
  );
  const gaps: number[] = [];
  for (const list of byPatient.values())
    for (let i = 1; i < list.length; i++) gaps.push(dayOfDateTime(list[i]!.start) - dayOfDateTime(list[i - 1]!.start));
  const regular = gaps.filter((g) => g >= 25 && g <= 100).length / gaps.length;
  assert.ok(regular > 0.85, `${(100 * regular).toFixed(0)}% of gaps between refills are 1–3 months`);
  // Older residents are the chronic patients.
  const ages = [...byPatient.keys()].map((i) => (from - dayOf(residents[i]!.birthDate)) / 365.25);
  assert.ok(ages.filter((a) => a >= 45).length / ages.length > 0.8);
});

test('referrals go up a level and are followed by a visit at the higher level', () => {
  const referred = visits.filter((v) => v.referredTo);
  assert.ok(referred.length > 100, `${referred.length} referrals`);
  const byResident = new Map<number, Visit[]>();
  for (const v of visits) byResident.set(v.residentIndex, [...(byResident.get(v.residentIndex) ?? []), v]);
  for (const v of referred) {
    assert.equal(v.dischargeType, 2, 'MA_LOAI_RV 2: referred');
    assert.ok(level(v.referredTo!) < level(v.facilityCode), `${v.facilityCode} → ${v.referredTo}`);
    const next = byResident
      .get(v.residentIndex)!
      .find(
        (w) => w.referredFrom === v.facilityCode && w.facilityCode === v.referredTo && w.start >= v.start && w !== v,
      );
    assert.ok(next, 'the receiving visit exists');
    assert.ok(next.start >= v.end, 'and starts after the first visit ends');
    assert.equal(next.diagnoses[0]!.icd10, v.diagnoses[0]!.icd10);
  }
  for (const v of visits.filter((w) => w.referredFrom)) assert.ok(level(v.referredFrom!) > level(v.facilityCode));
  const fromStations = referred.filter((v) => level(v.facilityCode) === 4).length / referred.length;
  assert.ok(fromStations > 0.5, 'most referrals leave commune stations');
});

test('specialist care: children with pneumonia reach the children’s hospital, admissions happen only in hospitals', () => {
  const childrens = province.facilities.find((f) => f.specialty === 'children')!;
  const atChildrens = visits.filter((v) => v.facilityCode === childrens.code);
  assert.ok(atChildrens.length > 0);
  for (const v of atChildrens) {
    const age = (dayOfDateTime(v.start) - dayOf(residents[v.residentIndex]!.birthDate)) / 365.25;
    assert.ok(age < 16.1, `a ${age.toFixed(1)}-year-old at the children's hospital`);
  }
  for (const v of visits.filter((w) => w.type === 'inpatient')) {
    const f = province.facilityByCode.get(v.facilityCode)!;
    assert.ok(f.level <= 3 && f.kind !== 'private-clinic' && f.kind !== 'health-station', f.kind);
    assert.ok(
      v.services.some((s) => s.group === '15'),
      'bed-days',
    );
  }
});

test('labs carry LOINC and UCUM units, reference ranges, interpretations, and values that fit the disease', () => {
  const labs = visits.flatMap((v) => v.labs.map((l) => ({ l, v })));
  assert.ok(labs.length > 0);
  for (const { l } of labs) {
    assert.match(l.loinc ?? '', /^\d{3,6}-\d$/, `${l.indicatorCode} LOINC`);
    if (typeof l.value === 'number') {
      assert.ok(l.unit && /^[A-Za-z0-9*%/.]+$/.test(l.unit), `${l.indicatorCode} UCUM unit ${l.unit}`);
      assert.ok(l.low !== undefined || l.high !== undefined, 'a reference range');
      const expected =
        l.low !== undefined && l.value < l.low ? 'L' : l.high !== undefined && l.value > l.high ? 'H' : 'N';
      assert.equal(l.interpretation, expected, `${l.indicatorCode} ${l.value} in ${l.low}–${l.high}`);
    } else {
      assert.ok(['POS', 'NEG'].includes(l.interpretation ?? ''), `${l.indicatorCode} ${l.value}`);
      assert.equal(l.value, l.interpretation === 'POS' ? 'Dương tính' : 'Âm tính');
    }
  }
  const mean = (list: number[]) => list.reduce((a, b) => a + b, 0) / list.length;
  const platelets = (dengue: boolean) =>
    labs
      .filter(({ l, v }) => l.indicatorCode === 'PLT' && ['A90', 'A91'].includes(v.diagnoses[0]!.icd10) === dengue)
      .map(({ l }) => l.value as number);
  assert.ok(mean(platelets(true)) < 150, `platelets in dengue ${mean(platelets(true)).toFixed(0)}`);
  assert.ok(mean(platelets(false)) > 150);
  const ns1 = labs.filter(({ l, v }) => l.indicatorCode === 'NS1' && ['A90', 'A91'].includes(v.diagnoses[0]!.icd10));
  assert.ok(
    ns1.filter(({ l }) => l.interpretation === 'POS').length / ns1.length > 0.7,
    'NS1 mostly positive in dengue',
  );
  const hba1c = labs.filter(({ l }) => l.indicatorCode === 'HBA1C').map(({ l }) => l.value as number);
  assert.ok(hba1c.length > 10 && mean(hba1c) > 6.5, `HbA1c of diabetics ${mean(hba1c).toFixed(1)}`);
});

test('drugs fit the diagnosis: quantity is days × daily dose at the catalogue price, antibiotics for some respiratory infections', () => {
  for (const v of visits) {
    for (const d of v.drugs) {
      assert.ok(d.quantity > 0 && d.days > 0);
      assert.equal(d.unitPrice, d.drug.price);
      const perDay = /mỗi lần (\d+)/.exec(d.dosage);
      const times = /(\d+) lần/.exec(d.dosage);
      if (d.drug.route === 'Uống' && perDay && times)
        assert.equal(d.quantity, d.days * Number(perDay[1]) * Number(times[1]), d.dosage);
    }
  }
  const uri = visits.filter((v) => ['J00', 'J06.9'].includes(v.diagnoses[0]!.icd10) && v.type === 'outpatient');
  const withAntibiotic = uri.filter((v) => v.drugs.some((d) => d.drug.antibiotic)).length / uri.length;
  assert.ok(
    withAntibiotic > 0.1 && withAntibiotic < 0.5,
    `${(100 * withAntibiotic).toFixed(0)}% of colds get an antibiotic`,
  );
  const diabetes = visits.filter((v) => v.diagnoses[0]!.icd10 === 'E11.9');
  assert.ok(diabetes.every((v) => v.drugs.some((d) => d.drug.atc?.startsWith('A10'))));
  const hypertension = visits.filter(
    (v) => v.reason === 'Tái khám, lĩnh thuốc định kỳ' && v.diagnoses[0]!.icd10 === 'I10',
  );
  assert.ok(hypertension.every((v) => v.drugs.some((d) => /^C0[2-9]/.test(d.drug.atc ?? ''))));
});

test('prescription codes are 14 characters: facility code, 7 alphanumerics and the type suffix', () => {
  let psychotropic = 0;
  for (const v of visits) {
    // Inpatients take home only what is ordered as they leave.
    const takeHome = v.drugs.filter(
      (d) =>
        !['Tiêm tĩnh mạch', 'Tiêm bắp', 'Tiêm truyền'].includes(d.drug.route) &&
        (v.type !== 'inpatient' || Date.parse(d.orderedAt) >= Date.parse(v.end) - 3_600_000),
    );
    if (!v.prescriptionCode) {
      assert.equal(takeHome.length, 0, 'take-home drugs have a prescription');
      continue;
    }
    assert.equal(v.prescriptionCode.length, 14);
    assert.match(v.prescriptionCode, /^[0-9A-Z]{5}[a-z0-9]{7}-[cnh]$/);
    assert.equal(v.prescriptionCode.slice(0, 5), v.facilityCode);
    const hasPsychotropic = takeHome.some((d) => d.drug.name.startsWith('Diazepam'));
    assert.equal(v.prescriptionCode.endsWith('-h'), hasPsychotropic, v.prescriptionCode);
    if (hasPsychotropic) psychotropic++;
  }
  assert.ok(psychotropic > 0, 'some psychotropic prescriptions');
  const codes = visits.flatMap((v) => (v.prescriptionCode ? [v.prescriptionCode] : []));
  assert.equal(new Set(codes).size, codes.length, 'unique');
});

test('services, vitals, insurance, practitioners and ids', () => {
  const ids = new Set<string>();
  for (const v of visits) {
    assert.match(v.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.ok(!ids.has(v.id));
    ids.add(v.id);
    const resident = residents[v.residentIndex]!;
    assert.equal(v.patientId, resident.id);
    if (v.type !== 'inpatient')
      assert.ok(
        v.services.some((s) => s.group === '13' && s.unitPrice > 0),
        'an examination fee',
      );
    for (const s of v.services) {
      if (s.group === '1')
        assert.ok(
          v.labs.some((l) => l.serviceCode === s.code),
          'a charged test has results',
        );
      assert.ok(s.quantity >= 1 && s.unitPrice > 0);
    }
    const nights = dayOfDateTime(v.end) - dayOfDateTime(v.start);
    if (v.type === 'inpatient') assert.equal(v.services.find((s) => s.group === '15')!.quantity, Math.max(1, nights));
    assert.ok(v.vitals && v.vitals.weightKg > 1 && v.vitals.systolic > v.vitals.diastolic && v.vitals.temperature > 35);
    const date = v.start.slice(0, 10);
    const valid = !!resident.card && resident.card.validFrom <= date && date <= resident.card.validTo;
    const kind = province.facilityByCode.get(v.facilityCode)!.kind;
    assert.equal(v.insured, valid && kind !== 'private-clinic');
    const doctor = province.workers.find((w) => w.id === v.practitionerId);
    assert.ok(doctor && doctor.role === 'doctor' && doctor.facilityCode === v.facilityCode, 'a doctor of the facility');
    assert.ok([1, 2, 3, 4, 5, 6, 7].includes(v.outcome) && [1, 2, 3, 4, 5].includes(v.dischargeType));
  }
  const fevers = visits.filter((v) => ['A90', 'A91', 'J02.9'].includes(v.diagnoses[0]!.icd10));
  assert.ok(fevers.filter((v) => v.vitals!.temperature >= 37.8).length / fevers.length > 0.9);
});

test('at a facility where the resident was registered twice, visits name the duplicate patient', () => {
  let checked = 0;
  for (let i = 0; i < 400; i++) {
    const resident = residents[i]!;
    const duplicate: DuplicateRegistration = {
      id: `dup-${i}`,
      residentId: resident.id,
      facilityCode: resident.primaryCare,
      variations: ['typo'],
      name: resident.name,
      birthDate: resident.birthDate,
      address: resident.address,
    };
    const random = Random.seeded('visits-test').stream('resident', i);
    const plain = drawVisits(province, random, resident, []);
    const withDuplicate = drawVisits(province, random, resident, [duplicate]);
    assert.equal(withDuplicate.length, plain.length);
    for (const v of withDuplicate) {
      assert.equal(v.patientId, v.facilityCode === resident.primaryCare ? duplicate.id : resident.id);
      if (v.facilityCode === resident.primaryCare) checked++;
    }
  }
  assert.ok(checked > 50);
});

test('the same seed gives the same visits; another resident stream gives others', () => {
  for (let i = 0; i < 50; i++) {
    const resident = residents[i]!;
    const again = drawVisits(province, Random.seeded('visits-test').stream('resident', i), resident, []);
    assert.deepEqual(
      again,
      visits.filter((v) => v.residentIndex === i),
    );
  }
  const other = drawVisits(province, Random.seeded('other').stream('resident', 0), residents[0]!, []);
  assert.notDeepEqual(
    other.map((v) => v.id),
    visits.filter((v) => v.residentIndex === 0).map((v) => v.id),
  );
});
