/**
 * Hand-built records for the XML 130 tests (not exported by the package):
 * a tiny province, one resident with a duplicate registration, and a
 * generator of random visits for the property tests.
 */
import type {
  Commune,
  Drug,
  DrugLine,
  DuplicateRegistration,
  Facility,
  HealthWorker,
  InsuranceCard,
  LabResult,
  Province,
  Resident,
  ResidentLife,
  ServiceLine,
  Visit,
  VisitType,
} from '../model.js';
import type { Random } from '../random.js';

export const communes: Commune[] = [
  { code: '25195', name: 'Bình Phước', fullName: 'Phường Bình Phước', kind: 'ward', areaKm2: 120, weight: 3 },
  { code: '26068', name: 'Trấn Biên', fullName: 'Phường Trấn Biên', kind: 'ward', areaKm2: 40, weight: 5 },
  { code: '26389', name: 'Phú Lý', fullName: 'Xã Phú Lý', kind: 'commune', areaKm2: 300, weight: 1 },
];

export const facilities: Facility[] = [
  {
    id: 'f-75001',
    code: '75001',
    name: 'Bệnh viện Đa khoa Đồng Nai',
    kind: 'provincial-general',
    level: 2,
    communeCode: '26068',
    size: 10,
  },
  {
    id: 'f-75010',
    code: '75010',
    name: 'Trung tâm Y tế khu vực Biên Hòa',
    kind: 'medical-centre',
    level: 3,
    communeCode: '26068',
    size: 5,
  },
  {
    id: 'f-75123',
    code: '75123',
    name: 'Trạm Y tế xã Phú Lý',
    kind: 'health-station',
    level: 4,
    communeCode: '26389',
    partOf: '75010',
    size: 1,
  },
];

export const workers: HealthWorker[] = [
  {
    id: 'w-1',
    name: { family: 'Trần', middle: 'Văn', given: 'Hùng' },
    sex: 'male',
    birthDate: '1980-04-02',
    role: 'doctor',
    licence: '004252/ĐNAI-CCHN',
    facilityCode: '75001',
    department: 'K01',
  },
  {
    id: 'w-2',
    name: { family: 'Lê', middle: 'Thị', given: 'Hoa' },
    sex: 'female',
    birthDate: '1988-11-20',
    role: 'doctor',
    licence: '001187/ĐNAI-CCHN',
    facilityCode: '75123',
    department: 'K01',
  },
];

export const drugs: Drug[] = [
  {
    code: '40.153',
    name: 'Paracetamol 500mg',
    activeIngredient: 'Paracetamol',
    strength: '500mg',
    unit: 'Viên',
    route: 'Uống',
    registration: 'VD-21234-14',
    atc: 'N02BE01',
    prescriptionOnly: false,
    antibiotic: false,
    price: 315.5,
  },
  {
    code: '40.31',
    name: 'Amoxicilin 500mg',
    activeIngredient: 'Amoxicilin',
    strength: '500mg',
    unit: 'Viên',
    route: 'Uống',
    registration: 'VD 12345 20',
    atc: 'J01CA04',
    prescriptionOnly: true,
    antibiotic: true,
    price: 1_250,
  },
  {
    code: '40.678',
    name: 'Ceftriaxon 1g',
    activeIngredient: 'Ceftriaxon',
    strength: '1g',
    unit: 'Lọ',
    route: 'Tiêm tĩnh mạch',
    registration: 'VN-22222-19',
    atc: 'J01DD04',
    prescriptionOnly: true,
    antibiotic: true,
    price: 27_900,
  },
];

export function province(): Province {
  return {
    seed: 'xml130-test',
    residents: 1,
    period: { from: '2025-11-01', to: '2026-10-31' },
    communes,
    facilities,
    workers,
    drugs,
    outbreaks: [],
    communeByCode: new Map(communes.map((c) => [c.code, c])),
    facilityByCode: new Map(facilities.map((f) => [f.code, f])),
  };
}

export const card: InsuranceCard = {
  number: 'HC4750123456789',
  group: 'HC',
  benefitLevel: 4,
  validFrom: '2026-01-01',
  validTo: '2026-12-31',
  registeredFacility: '75010',
};

export const oldCard: InsuranceCard = {
  number: 'DN4750123456789',
  group: 'DN',
  benefitLevel: 4,
  validFrom: '2025-01-01',
  validTo: '2025-12-31',
  registeredFacility: '75010',
};

export const resident: Resident = {
  index: 0,
  id: 'a3c1e0f2-4b5d-4e6f-8a7b-9c0d1e2f3a4b',
  name: { family: 'Nguyễn', middle: 'Thị Ngọc', given: 'Ánh' },
  sex: 'female',
  birthDate: '1990-07-09',
  cccd: '075190123456',
  card,
  previousCards: [oldCard],
  phone: '0912345678',
  address: { communeCode: '26068', line: 'Số 12, đường Phạm Văn Thuận' },
  ethnicity: '01',
  primaryCare: '75010',
};

export const duplicate: DuplicateRegistration = {
  id: 'd4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f70',
  residentId: resident.id,
  facilityCode: '75001',
  variations: ['no-diacritics', 'missing-cccd', 'old-card'],
  name: { family: 'Nguyen', middle: 'Thi Ngoc', given: 'Anh' },
  birthDate: '1990-07-09',
  card: oldCard,
  address: { communeCode: '26068', line: 'So 12, duong Pham Van Thuan' },
};

export function drugLine(drug: Drug, quantity: number, orderedAt: string, extra: Partial<DrugLine> = {}): DrugLine {
  return {
    drug,
    quantity,
    unitPrice: drug.price,
    days: 5,
    dosage: 'Ngày uống 2 lần, mỗi lần 1 viên',
    orderedAt,
    ...extra,
  };
}

export const lab: LabResult = {
  serviceCode: '22.0120.1370',
  indicatorCode: 'WBC',
  name: 'Số lượng bạch cầu',
  loinc: '6690-2',
  value: 12.4,
  unit: '10*9/L',
  low: 4,
  high: 10,
  interpretation: 'H',
  at: '2026-03-14T09:40:00+07:00',
};

/** An insured outpatient visit at the provincial hospital with a drug, two services and a lab. */
export function outpatientVisit(extra: Partial<Visit> = {}): Visit {
  return {
    id: 'b7e2c4d6-1a3f-4c5e-8d7a-6b5c4d3e2f1a',
    patientId: resident.id,
    residentIndex: 0,
    facilityCode: '75001',
    practitionerId: 'w-1',
    department: 'K01',
    type: 'outpatient',
    start: '2026-03-14T08:30:00+07:00',
    end: '2026-03-14T10:05:00+07:00',
    reason: 'Sốt, ho 3 ngày',
    diagnoses: [
      { icd10: 'J06.9', display: 'Nhiễm trùng đường hô hấp trên cấp' },
      { icd10: 'I10', display: 'Tăng huyết áp vô căn (nguyên phát)' },
    ],
    labs: [lab],
    drugs: [drugLine(drugs[0]!, 10, '2026-03-14T09:55:00+07:00')],
    services: [
      {
        code: '02.1896',
        name: 'Khám Nội',
        group: '13',
        quantity: 1,
        unitPrice: 42_100,
        at: '2026-03-14T08:35:00+07:00',
      },
      {
        code: '22.0120.1370',
        name: 'Tổng phân tích tế bào máu ngoại vi',
        group: '1',
        quantity: 1,
        unitPrice: 46_200,
        at: '2026-03-14T08:50:00+07:00',
      },
    ],
    vitals: { pulse: 88, temperature: 38.2, systolic: 130, diastolic: 85, respiratoryRate: 20, weightKg: 52.5 },
    insured: true,
    outcome: 2,
    dischargeType: 1,
    prescriptionCode: '75001ab12cd-c',
    followUp: '2026-03-21',
    ...extra,
  };
}

export function life(visits: Visit[], extra: Partial<ResidentLife> = {}): ResidentLife {
  return { resident, duplicates: [duplicate], visits, vaccinations: [], sales: [], ...extra };
}

const VISIT_TYPES: VisitType[] = ['outpatient', 'inpatient', 'emergency', 'day-care'];

/** Two-digit zero padding. */
const p2 = (n: number) => String(n).padStart(2, '0');

/** A random visit (random lines, prices with decimals, rates, insurance) for the property tests. */
export function randomVisit(random: Random, n: number): { visit: Visit; life: ResidentLife } {
  const day = random.int(1, 28);
  const month = random.int(1, 12);
  const type = random.pick(VISIT_TYPES);
  const stay = type === 'inpatient' ? random.int(1, 9) : 0;
  const start = `2026-${p2(month)}-${p2(day)}T${p2(random.int(0, 22))}:${p2(random.int(0, 59))}:00+07:00`;
  const endDay = new Date(Date.UTC(2026, month - 1, day + stay));
  const end = `${endDay.toISOString().slice(0, 10)}T23:${p2(random.int(0, 59))}:00+07:00`;
  const rate = () => (random.chance(0.15) ? random.pick([0, 30, 50, 70]) : 100);
  const price = () => random.int(0, 5_000_000) / random.pick([1, 10, 100, 1000]);
  const quantity = () => random.int(1, 300_000) / random.pick([1, 1, 10, 1000]);
  const drugLines: DrugLine[] = Array.from({ length: random.int(0, 4) }, () => ({
    ...drugLine(random.pick(drugs), quantity(), start),
    unitPrice: price(),
    ...{ insuranceRate: rate() },
  }));
  const serviceLines: ServiceLine[] = Array.from({ length: random.int(0, 4) }, (_, i) => ({
    code: `SV.${i}`,
    name: `Dịch vụ ${i}`,
    group: random.pick(['1', '2', '13', '15', '10', '18']),
    quantity: quantity(),
    unitPrice: price(),
    at: start,
    ...{ insuranceRate: rate() },
  }));
  const insured = random.chance(0.8);
  const benefitLevel = random.pick([1, 2, 3, 4, 5] as const);
  const visit: Visit = {
    ...outpatientVisit(),
    id: `rand-${n}`,
    facilityCode: random.pick(facilities).code,
    type,
    start,
    end,
    drugs: drugLines,
    services: serviceLines,
    labs: [],
    insured,
    referredFrom: random.chance(0.1) ? '75010' : undefined,
  };
  return { visit, life: life([visit], { resident: { ...resident, card: { ...card, benefitLevel } } }) };
}
