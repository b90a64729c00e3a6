import { DRUG_CATALOGUE } from '../drugs.js';
import type { Commune, Facility, FacilityKind, HealthWorker, Period, Province, Resident } from '../model.js';
import { planOutbreaks } from '../outbreaks.js';
import { Random } from '../random.js';
import { addMonths, dateOf, dayOf } from './calendar.js';
import { AGE_BAND_SHARES } from './population.js';

/**
 * A small province built by hand — three communes, a few facilities of each
 * kind, a few doctors — and residents with a Vietnamese age structure, for
 * testing the care generators without the full province builder.
 */

export const SAMPLE_PERIOD: Period = { from: '2025-11-01', to: '2026-10-31' };

const COMMUNES: Commune[] = [
  { code: '26041', name: 'Trấn Biên', fullName: 'Phường Trấn Biên', kind: 'ward', areaKm2: 20, weight: 100 },
  { code: '26068', name: 'Tam Hiệp', fullName: 'Phường Tam Hiệp', kind: 'ward', areaKm2: 15, weight: 90 },
  { code: '26206', name: 'Định Quán', fullName: 'Xã Định Quán', kind: 'commune', areaKm2: 120, weight: 60 },
];

interface FacilitySeed {
  code: string;
  name: string;
  kind: FacilityKind;
  level: 2 | 3 | 4;
  communeCode: string;
  specialty?: string;
  partOf?: string;
  size: number;
}

const FACILITIES: FacilitySeed[] = [
  {
    code: '75001',
    name: 'Bệnh viện Đa khoa tỉnh',
    kind: 'provincial-general',
    level: 2,
    communeCode: '26068',
    size: 1400,
  },
  {
    code: '75004',
    name: 'Bệnh viện Đa khoa khu vực',
    kind: 'regional-general',
    level: 2,
    communeCode: '26206',
    size: 600,
  },
  {
    code: '75008',
    name: 'Bệnh viện Nhi đồng',
    kind: 'specialist-hospital',
    level: 2,
    communeCode: '26068',
    specialty: 'children',
    size: 700,
  },
  {
    code: '75009',
    name: 'Bệnh viện Phổi',
    kind: 'specialist-hospital',
    level: 2,
    communeCode: '26041',
    specialty: 'lung',
    size: 300,
  },
  {
    code: '75010',
    name: 'Bệnh viện Da liễu',
    kind: 'specialist-hospital',
    level: 2,
    communeCode: '26041',
    specialty: 'dermatology',
    size: 60,
  },
  {
    code: '75011',
    name: 'Bệnh viện Y dược cổ truyền',
    kind: 'specialist-hospital',
    level: 2,
    communeCode: '26068',
    specialty: 'traditional-medicine',
    size: 300,
  },
  {
    code: '75012',
    name: 'Bệnh viện Tâm thần',
    kind: 'specialist-hospital',
    level: 2,
    communeCode: '26041',
    specialty: 'mental-health',
    size: 400,
  },
  {
    code: '75101',
    name: 'Trung tâm Y tế khu vực Biên Hòa',
    kind: 'medical-centre',
    level: 3,
    communeCode: '26041',
    size: 200,
  },
  {
    code: '75102',
    name: 'Trung tâm Y tế khu vực Định Quán',
    kind: 'medical-centre',
    level: 3,
    communeCode: '26206',
    size: 80,
  },
  {
    code: '75201',
    name: 'Trạm Y tế phường Trấn Biên',
    kind: 'health-station',
    level: 4,
    communeCode: '26041',
    partOf: '75101',
    size: 10,
  },
  {
    code: '75202',
    name: 'Trạm Y tế phường Tam Hiệp',
    kind: 'health-station',
    level: 4,
    communeCode: '26068',
    partOf: '75101',
    size: 9,
  },
  {
    code: '75203',
    name: 'Trạm Y tế xã Định Quán',
    kind: 'health-station',
    level: 4,
    communeCode: '26206',
    partOf: '75102',
    size: 6,
  },
  {
    code: '75301',
    name: 'Bệnh viện Đa khoa tư nhân',
    kind: 'private-hospital',
    level: 3,
    communeCode: '26041',
    size: 150,
  },
  {
    code: '75401',
    name: 'Phòng khám Đa khoa An Bình',
    kind: 'private-clinic',
    level: 3,
    communeCode: '26041',
    size: 20,
  },
  {
    code: '75402',
    name: 'Phòng khám Đa khoa Tam Hiệp',
    kind: 'private-clinic',
    level: 3,
    communeCode: '26068',
    size: 15,
  },
  { code: '75601', name: 'Nhà thuốc Minh Châu', kind: 'pharmacy', level: 4, communeCode: '26041', size: 12 },
  { code: '75602', name: 'Nhà thuốc Hồng Phúc', kind: 'pharmacy', level: 4, communeCode: '26068', size: 8 },
  { code: '75603', name: 'Nhà thuốc Thanh Tâm', kind: 'pharmacy', level: 4, communeCode: '26206', size: 6 },
  { code: '75604', name: 'Nhà thuốc Phước An', kind: 'pharmacy', level: 4, communeCode: '26206', size: 4 },
];

const DEPARTMENTS: Partial<Record<FacilityKind, string[]>> = {
  'provincial-general': ['K01', 'K02', 'K03', 'K04', 'K11', 'K18', 'K19', 'K24', 'K27'],
  'regional-general': ['K01', 'K02', 'K03', 'K18', 'K19', 'K27'],
  'medical-centre': ['K01', 'K02', 'K03', 'K11', 'K18', 'K27'],
  'private-hospital': ['K01', 'K03', 'K27'],
};

export function sampleProvince(seed = 'sample', residents = 1000): Province {
  const random = Random.seeded(seed);
  const facilities: Facility[] = FACILITIES.map((f) => ({ ...f, id: random.stream('facility', f.code).uuid() }));
  const workers: HealthWorker[] = [];
  for (const facility of facilities) {
    if (facility.kind === 'pharmacy') continue;
    const departments = DEPARTMENTS[facility.kind] ?? ['K01'];
    departments.forEach((department, n) => {
      const r = random.stream('worker', facility.code, n);
      workers.push({
        id: r.uuid(),
        name: { family: 'Nguyễn', middle: 'Văn', given: `Bác sĩ ${n + 1}` },
        sex: r.chance(0.5) ? 'male' : 'female',
        birthDate: '1980-01-01',
        role: 'doctor',
        licence: `${r.digits(6)}/ĐNAI-CCHN`,
        facilityCode: facility.code,
        department,
      });
    });
  }
  const communes = COMMUNES.map((c) => ({ ...c }));
  return {
    seed,
    residents,
    period: SAMPLE_PERIOD,
    communes,
    facilities,
    workers,
    drugs: [...DRUG_CATALOGUE],
    outbreaks: planOutbreaks(random.stream('outbreaks'), communes, SAMPLE_PERIOD),
    communeByCode: new Map(communes.map((c) => [c.code, c])),
    facilityByCode: new Map(facilities.map((f) => [f.code, f])),
  };
}

const BAND_AGES: [number, number][] = [
  [0, 4],
  [5, 14],
  [15, 29],
  [30, 44],
  [45, 59],
  [60, 89],
];

/** Resident `index` of the sample province: age by the census shares, a BHYT card for most. */
export function sampleResident(province: Province, index: number): Resident {
  const r = Random.seeded(province.seed).stream('sample-resident', index);
  let x = r.next();
  let band = 0;
  while (band < AGE_BAND_SHARES.length - 1 && (x -= AGE_BAND_SHARES[band]!) >= 0) band++;
  const [minAge, maxAge] = BAND_AGES[band]!;
  const start = dayOf(province.period.from);
  const birth = start - r.int(minAge * 365, maxAge * 365 + 364);
  const commune = province.communes[index % province.communes.length]!;
  const station = province.facilities.find((f) => f.kind === 'health-station' && f.communeCode === commune.code)!;
  const sex = r.chance(0.5) ? 'male' : 'female';
  const insured = r.chance(0.92);
  const cardNumber = r.digits(10);
  const resident: Resident = {
    index,
    id: r.uuid(),
    name: { family: 'Trần', middle: 'Thị', given: `Dân ${index}` },
    sex,
    birthDate: dateOf(birth),
    cccd: `075${sex === 'male' ? 0 : 1}${r.digits(8)}`,
    previousCards: [],
    address: { communeCode: commune.code, line: `${r.int(1, 300)} đường số ${r.int(1, 30)}` },
    ethnicity: '01',
    primaryCare: station.code,
  };
  if (insured) {
    // Some cards lapse during the period and are not renewed.
    const lapses = r.chance(0.05);
    resident.card = {
      number: `GD475${cardNumber}`,
      group: 'GD',
      benefitLevel: 4,
      validFrom: '2025-01-01',
      validTo: lapses ? dateOf(addMonths(start, r.int(1, 10))) : '2026-12-31',
      registeredFacility: station.code,
    };
  }
  return resident;
}
