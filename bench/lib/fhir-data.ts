import type {
  Bundle,
  BundleEntry,
  Condition,
  Encounter,
  Observation,
  ObservationComponent,
  Patient,
  Resource,
} from '@medplum/fhirtypes';
import { Random, stableUuid } from './random.js';

/**
 * Synthetic, deterministic FHIR data shaped like a Đồng Nai province HIS
 * export (Synthea-like charts: Patient, Encounters, Observations, Conditions).
 * Every value comes from (seed, patient index), so a benchmark can regenerate
 * a patient's identifiers and ids to query for without reading the database.
 */

/** Bump when the generated data changes: a kept dataset of another version must be rebuilt. */
export const DATA_VERSION = 1;

// Identifier systems used by the benchmark data only (no national NamingSystem is fixed yet).
export const CCCD_SYSTEM = 'https://fhir.lienthong.vn/sid/cccd';
export const BHYT_SYSTEM = 'https://fhir.lienthong.vn/sid/bhyt';
const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';
const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const ICD10 = 'http://hl7.org/fhir/sid/icd-10';

// Family names with their rough share of the population.
const FAMILIES: [string, number][] = [
  ['Nguyễn', 38],
  ['Trần', 11],
  ['Lê', 9.5],
  ['Phạm', 7],
  ['Hoàng', 3],
  ['Huỳnh', 2.5],
  ['Phan', 4.5],
  ['Vũ', 2],
  ['Võ', 2],
  ['Đặng', 2.1],
  ['Bùi', 2],
  ['Đỗ', 1.4],
  ['Hồ', 1.3],
  ['Ngô', 1.3],
  ['Dương', 1],
  ['Lý', 0.5],
  ['Đinh', 0.5],
  ['Trương', 0.5],
  ['Lâm', 0.4],
  ['Mai', 0.4],
];
const MIDDLE_MALE = ['Văn', 'Hữu', 'Đức', 'Minh', 'Quốc', 'Thanh', 'Công', 'Hoàng', 'Gia', 'Tấn'];
const MIDDLE_FEMALE = ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Kim', 'Minh', 'Bích', 'Mỹ', 'Thùy', 'Phương'];
// prettier-ignore
const GIVEN_MALE = [
  'An', 'Bình', 'Cường', 'Dũng', 'Duy', 'Hải', 'Hiếu', 'Hùng', 'Huy', 'Khang', 'Khoa', 'Kiên', 'Long', 'Lộc',
  'Minh', 'Nam', 'Nghĩa', 'Phát', 'Phúc', 'Quân', 'Quang', 'Sơn', 'Tài', 'Thắng', 'Thành', 'Thịnh', 'Trí',
  'Trung', 'Tuấn', 'Việt', 'Vinh', 'Vũ',
];
// prettier-ignore
const GIVEN_FEMALE = [
  'Anh', 'Chi', 'Diễm', 'Dung', 'Giang', 'Hà', 'Hạnh', 'Hằng', 'Hoa', 'Hương', 'Lan', 'Liên', 'Linh', 'Loan',
  'Mai', 'My', 'Nga', 'Ngân', 'Nhi', 'Nhung', 'Oanh', 'Phương', 'Quyên', 'Tâm', 'Thảo', 'Thủy', 'Trang', 'Trinh',
  'Uyên', 'Vân', 'Vy', 'Yến',
];

// Đồng Nai (province code 075 on CCCD, 75 on BHYT cards): district → wards.
// prettier-ignore
const DISTRICTS: [string, string[]][] = [
  ['Thành phố Biên Hòa', ['Phường Tân Phong', 'Phường Trảng Dài', 'Phường Hố Nai', 'Phường Tam Hiệp', 'Phường Long Bình', 'Phường Quyết Thắng', 'Phường Tân Mai', 'Phường Bửu Long']],
  ['Thành phố Long Khánh', ['Phường Xuân An', 'Phường Xuân Bình', 'Phường Xuân Trung', 'Xã Bảo Quang']],
  ['Huyện Trảng Bom', ['Thị trấn Trảng Bom', 'Xã Bắc Sơn', 'Xã Hố Nai 3', 'Xã Quảng Tiến']],
  ['Huyện Nhơn Trạch', ['Thị trấn Hiệp Phước', 'Xã Phước Thiền', 'Xã Long Tân', 'Xã Đại Phước']],
  ['Huyện Long Thành', ['Thị trấn Long Thành', 'Xã An Phước', 'Xã Long An', 'Xã Bình Sơn']],
  ['Huyện Vĩnh Cửu', ['Thị trấn Vĩnh An', 'Xã Thạnh Phú', 'Xã Tân Bình']],
  ['Huyện Định Quán', ['Thị trấn Định Quán', 'Xã Phú Lợi', 'Xã La Ngà']],
  ['Huyện Tân Phú', ['Thị trấn Tân Phú', 'Xã Phú Lâm', 'Xã Nam Cát Tiên']],
  ['Huyện Thống Nhất', ['Xã Gia Tân 1', 'Xã Quang Trung', 'Xã Bàu Hàm 2']],
  ['Huyện Cẩm Mỹ', ['Xã Long Giao', 'Xã Xuân Mỹ', 'Xã Sông Ray']],
  ['Huyện Xuân Lộc', ['Thị trấn Gia Ray', 'Xã Xuân Hiệp', 'Xã Suối Cát']],
];
// prettier-ignore
const STREETS = [
  'Đường Đồng Khởi', 'Đường Phạm Văn Thuận', 'Quốc lộ 1A', 'Đường Nguyễn Ái Quốc', 'Đường 30 Tháng 4',
  'Đường Võ Thị Sáu', 'Đường Hà Huy Giáp', 'Đường Bùi Văn Hòa', 'Quốc lộ 51', 'Đường Hùng Vương',
  'Đường Lê Duẩn', 'Đường Trần Phú', 'Tỉnh lộ 768', 'Đường Hồ Thị Hương',
];
const MOBILE_PREFIXES = [
  '090',
  '091',
  '093',
  '094',
  '096',
  '097',
  '098',
  '086',
  '088',
  '032',
  '035',
  '038',
  '070',
  '079',
];
const BHYT_GROUPS: [string, number][] = [
  ['DN', 30], // employees of enterprises
  ['GD', 25], // households
  ['HS', 10], // pupils
  ['TE', 10], // children under 6
  ['HT', 8], // pensioners
  ['CN', 5], // poor households
  ['HC', 5], // civil servants
  ['SV', 4], // students
  ['NO', 3], // near-poor
];

interface ObsKind {
  code: string;
  display: string;
  text: string;
  category: 'vital-signs' | 'laboratory';
  unit?: string;
  mean?: number;
  sd?: number;
  decimals?: number;
}
/** What a clinic measures, most common first; heart rate is taken at every visit. */
// prettier-ignore
const OBS_KINDS: ObsKind[] = [
  { code: '8867-4', display: 'Heart rate', text: 'Nhịp tim', category: 'vital-signs', unit: '/min', mean: 78, sd: 11 },
  { code: '85354-9', display: 'Blood pressure panel with all children optional', text: 'Huyết áp', category: 'vital-signs' },
  { code: '29463-7', display: 'Body weight', text: 'Cân nặng', category: 'vital-signs', unit: 'kg', mean: 58, sd: 10, decimals: 1 },
  { code: '8310-5', display: 'Body temperature', text: 'Nhiệt độ', category: 'vital-signs', unit: 'Cel', mean: 36.9, sd: 0.4, decimals: 1 },
  { code: '9279-1', display: 'Respiratory rate', text: 'Nhịp thở', category: 'vital-signs', unit: '/min', mean: 17, sd: 2 },
  { code: '8302-2', display: 'Body height', text: 'Chiều cao', category: 'vital-signs', unit: 'cm', mean: 160, sd: 8 },
  { code: '59408-5', display: 'Oxygen saturation in Arterial blood by Pulse oximetry', text: 'SpO2', category: 'vital-signs', unit: '%', mean: 97, sd: 1.2 },
  { code: '39156-5', display: 'Body mass index (BMI) [Ratio]', text: 'Chỉ số khối cơ thể', category: 'vital-signs', unit: 'kg/m2', mean: 22.5, sd: 3, decimals: 1 },
  { code: '2339-0', display: 'Glucose [Mass/volume] in Blood', text: 'Đường huyết', category: 'laboratory', unit: 'mg/dL', mean: 105, sd: 22 },
  { code: '4548-4', display: 'Hemoglobin A1c/Hemoglobin.total in Blood', text: 'HbA1c', category: 'laboratory', unit: '%', mean: 5.9, sd: 0.8, decimals: 1 },
  { code: '2093-3', display: 'Cholesterol [Mass/volume] in Serum or Plasma', text: 'Cholesterol toàn phần', category: 'laboratory', unit: 'mg/dL', mean: 190, sd: 32 },
];
const CONDITIONS: [string, string][] = [
  ['I10', 'Tăng huyết áp vô căn (nguyên phát)'],
  ['E11.9', 'Bệnh đái tháo đường type 2, không có biến chứng'],
  ['J06.9', 'Nhiễm trùng hô hấp trên cấp, không đặc hiệu'],
  ['K29.7', 'Viêm dạ dày, không đặc hiệu'],
  ['M54.5', 'Đau vùng thắt lưng'],
  ['J45.9', 'Hen phế quản, không đặc hiệu'],
  ['E78.5', 'Tăng lipid máu, không đặc hiệu'],
  ['A09', 'Tiêu chảy và viêm dạ dày - ruột'],
  ['J20.9', 'Viêm phế quản cấp, không đặc hiệu'],
  ['N39.0', 'Nhiễm khuẩn đường tiết niệu'],
];

export interface PatientFacts {
  index: number;
  gender: 'male' | 'female';
  family: string;
  middle: string;
  given: string;
  /** "Nguyễn Văn An" */
  fullName: string;
  birthDate: string;
  cccd: string;
  bhyt: string;
}

/** The identifying facts of patient `index` (cheap: no FHIR objects). */
export function patientFacts(seed: string, index: number): PatientFacts {
  const rng = new Random(`${seed}/patient/${index}`);
  const gender = rng.next() < 0.5 ? 'male' : 'female';
  const family = rng.weighted(FAMILIES);
  const middle = rng.pick(gender === 'male' ? MIDDLE_MALE : MIDDLE_FEMALE);
  const given = rng.pick(gender === 'male' ? GIVEN_MALE : GIVEN_FEMALE);
  const year = rng.int(1935, 2023);
  const birthDate = `${year}-${pad(rng.int(1, 12), 2)}-${pad(rng.int(1, 28), 2)}`;
  // CCCD: province (075), century+gender digit, year of birth, then a serial;
  // the serial is a bijection of the index, so numbers never repeat below 10⁶.
  const centuryGender = (year >= 2000 ? 2 : 0) + (gender === 'female' ? 1 : 0);
  const cccd = `075${centuryGender}${String(year % 100).padStart(2, '0')}${pad((index * 387_173 + 12_345) % 1_000_000, 6)}`;
  // BHYT card: group, benefit level, province (75), 10-digit social insurance number.
  const group = year >= 2019 ? 'TE' : rng.weighted(BHYT_GROUPS);
  const bhyt = `${group}${rng.int(1, 5)}75${pad((index * 7_919_003 + 4_750_000_000) % 10_000_000_000, 10)}`;
  return { index, gender, family, middle, given, fullName: `${family} ${middle} ${given}`, birthDate, cccd, bhyt };
}

/** A realistic Patient from Đồng Nai: name, CCCD and BHYT identifiers, address, phone. */
export function makePatient(seed: string, index: number): Patient {
  const f = patientFacts(seed, index);
  const rng = new Random(`${seed}/patient-detail/${index}`);
  const [district, wards] = rng.pick(DISTRICTS);
  return {
    resourceType: 'Patient',
    identifier: [
      {
        use: 'official',
        type: {
          coding: [{ system: V2_0203, code: 'NI', display: 'National unique individual identifier' }],
          text: 'CCCD',
        },
        system: CCCD_SYSTEM,
        value: f.cccd,
      },
      {
        use: 'secondary',
        type: { coding: [{ system: V2_0203, code: 'SB', display: 'Social Beneficiary Identifier' }], text: 'BHYT' },
        system: BHYT_SYSTEM,
        value: f.bhyt,
        period: { start: '2025-01-01', end: '2025-12-31' },
        assigner: { display: 'Bảo hiểm xã hội tỉnh Đồng Nai' },
      },
    ],
    active: true,
    name: [{ use: 'official', text: f.fullName, family: f.family, given: [f.middle, f.given] }],
    telecom: [{ system: 'phone', value: `${rng.pick(MOBILE_PREFIXES)}${rng.digits(7)}`, use: 'mobile' }],
    gender: f.gender,
    birthDate: f.birthDate,
    address: [
      {
        use: 'home',
        type: 'physical',
        line: [`${rng.int(1, 450)} ${rng.pick(STREETS)}`, rng.pick(wards)],
        district,
        state: 'Tỉnh Đồng Nai',
        country: 'VN',
      },
    ],
    maritalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus', code: rng.pick(['M', 'S']) }],
    },
    communication: [
      { language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'vi' }], text: 'Tiếng Việt' }, preferred: true },
    ],
  };
}

export interface ChartShape {
  encounters: number;
  observationsPerEncounter: number;
  conditions: number;
}

/** 1 + 9 + 81 + 9 = 100 entries: the transaction benchmark's bundle. */
export const BUNDLE_SHAPE: ChartShape = { encounters: 9, observationsPerEncounter: 9, conditions: 9 };
/** 1 + 2 + 6 + 1 = 10 resources per patient: the search store (100,000 patients → 1,000,000 resources). */
export const STORE_SHAPE: ChartShape = { encounters: 2, observationsPerEncounter: 3, conditions: 1 };

export function chartSize(shape: ChartShape): number {
  return 1 + shape.encounters * (1 + shape.observationsPerEncounter) + shape.conditions;
}

/** A chart entry: the resource and the key other entries reference it by. */
export interface ChartEntry {
  key: string;
  resource: Resource;
}

/**
 * One patient's chart. `ref(key)` says how entries point at each other:
 * `urn:uuid:…` inside a transaction bundle, `Type/id` in the store.
 * Keys: "Patient", "Encounter/k", "Observation/k/j", "Condition/c".
 */
export function makeChart(seed: string, index: number, shape: ChartShape, ref: (key: string) => string): ChartEntry[] {
  const rng = new Random(`${seed}/chart/${index}`);
  const patient = makePatient(seed, index);
  const out: ChartEntry[] = [{ key: 'Patient', resource: patient }];
  const subject = { reference: ref('Patient'), display: patient.name![0]!.text! };
  // Visits spread over 2015–2024, in time order.
  const starts: number[] = [];
  for (let k = 0; k < shape.encounters; k++) starts.push(Date.UTC(2015, 0, 1) + rng.next() * 10 * 365.25 * 86_400_000);
  starts.sort((a, b) => a - b);
  for (let k = 0; k < shape.encounters; k++) {
    const start = new Date(Math.floor(starts[k]! / 60_000) * 60_000);
    const end = new Date(start.getTime() + rng.int(10, 90) * 60_000);
    const encKey = `Encounter/${k}`;
    const encounter: Encounter = {
      resourceType: 'Encounter',
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: 'ambulatory' },
      type: [
        {
          coding: [{ system: 'http://snomed.info/sct', code: '185349003', display: 'Encounter for check up' }],
          text: 'Khám bệnh',
        },
      ],
      subject,
      period: { start: start.toISOString(), end: end.toISOString() },
      serviceProvider: { display: 'Bệnh viện Đa khoa Đồng Nai' },
    };
    out.push({ key: encKey, resource: encounter });
    const first = rng.int(1, OBS_KINDS.length - 1);
    for (let j = 0; j < shape.observationsPerEncounter; j++) {
      // Heart rate at every visit, then a rotating choice of the others.
      const kind = j === 0 ? OBS_KINDS[0]! : OBS_KINDS[1 + ((first - 1 + j - 1) % (OBS_KINDS.length - 1))]!;
      const at = new Date(start.getTime() + (j + 1) * 60_000).toISOString();
      out.push({ key: `Observation/${k}/${j}`, resource: observation(rng, kind, subject, ref(encKey), at) });
    }
  }
  for (let c = 0; c < shape.conditions; c++) {
    const [code, display] = rng.pick(CONDITIONS);
    const k = shape.encounters > 0 ? c % shape.encounters : -1;
    const condition: Condition = {
      resourceType: 'Condition',
      clinicalStatus: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
      },
      verificationStatus: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }],
      },
      category: [
        {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'encounter-diagnosis' }],
        },
      ],
      code: { coding: [{ system: ICD10, code, display }], text: display },
      subject,
      ...(k >= 0 ? { encounter: { reference: ref(`Encounter/${k}`) } } : {}),
      onsetDateTime: new Date(starts[Math.max(k, 0)] ?? Date.UTC(2020, 0, 1)).toISOString().slice(0, 10),
      recordedDate: new Date(starts[Math.max(k, 0)] ?? Date.UTC(2020, 0, 1)).toISOString(),
    };
    out.push({ key: `Condition/${c}`, resource: condition });
  }
  return out;
}

function observation(
  rng: Random,
  kind: ObsKind,
  subject: { reference: string; display: string },
  encounter: string,
  at: string,
): Observation {
  const obs: Observation = {
    resourceType: 'Observation',
    status: 'final',
    category: [
      {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: kind.category }],
      },
    ],
    code: { coding: [{ system: LOINC, code: kind.code, display: kind.display }], text: kind.text },
    subject,
    encounter: { reference: encounter },
    effectiveDateTime: at,
    issued: at,
  };
  if (kind.code === '85354-9') {
    const systolic = Math.round(rng.normal(125, 15));
    const component: ObservationComponent[] = [
      bp('8480-6', 'Systolic blood pressure', systolic),
      bp('8462-4', 'Diastolic blood pressure', Math.round(Math.min(systolic - 20, rng.normal(80, 9)))),
    ];
    obs.component = component;
  } else {
    const f = 10 ** (kind.decimals ?? 0);
    const value = Math.round(Math.max(0.1, rng.normal(kind.mean!, kind.sd!)) * f) / f;
    obs.valueQuantity = { value, unit: kind.unit, system: UCUM, code: kind.unit };
  }
  return obs;
}

function bp(code: string, display: string, value: number): ObservationComponent {
  return {
    code: { coding: [{ system: LOINC, code, display }] },
    valueQuantity: { value, unit: 'mm[Hg]', system: UCUM, code: 'mm[Hg]' },
  };
}

/** The store's ids for patient `index`'s chart: stable, so searches can name them. */
export function storeId(seed: string, index: number, key: string): string {
  return stableUuid(`${seed}/${index}/${key}`);
}

/** The chart with `Type/id` references and stable ids, ready to store. */
export function storeChart(seed: string, index: number, shape: ChartShape = STORE_SHAPE): Resource[] {
  const typed = (key: string): string => `${key.split('/')[0]}/${storeId(seed, index, key)}`;
  return makeChart(seed, index, shape, typed).map(({ key, resource }) => ({
    ...resource,
    id: storeId(seed, index, key),
  }));
}

/** A transaction Bundle of one chart: POST entries joined by urn:uuid references. */
export function transactionBundle(seed: string, index: number, shape: ChartShape = BUNDLE_SHAPE): Bundle {
  const urn = (key: string): string => `urn:uuid:${stableUuid(`${seed}/bundle/${index}/${key}`)}`;
  const entry: BundleEntry[] = makeChart(seed, index, shape, urn).map(({ key, resource }) => ({
    fullUrl: urn(key),
    resource,
    request: { method: 'POST', url: resource.resourceType },
  }));
  return { resourceType: 'Bundle', type: 'transaction', entry };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
