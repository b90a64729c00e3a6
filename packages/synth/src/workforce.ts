import type { Facility, FacilityKind, HealthWorker, Sex, WorkerRole } from './model.js';
import { WeightedTable, type Random } from './random.js';
import { drawName } from './names.js';
import { keyOf, permute } from './identifiers.js';
import { addDays, addYears } from './ymd.js';

/*
 * Health workers: doctors, nurses and pharmacists at the facilities, in the
 * province's ratios (vn-standards.md §7: 10 doctors, 16.5 nurses and 4.6
 * pharmacists per 10,000 residents).
 *
 * - Every hospital and centre has at least one doctor; every facility that
 *   sees patients (but clinics) one nurse; each hospital and medical centre
 *   at least one pharmacist. Health stations and clinics get doctors from
 *   the province's share only, so the ratio holds from about 50,000
 *   residents up; a station without one is served by its medical centre's.
 * - The rest is shared by kind (hospitals most, stations fewer) and, within
 *   a kind, by size, with largest-remainder rounding so totals are exact.
 * - The 4.6 pharmacists per 10,000 are those employed by hospitals and
 *   centres; each retail pharmacy has in addition its own responsible
 *   pharmacist (dược sĩ phụ trách chuyên môn), about 9 per 10,000.
 * - Licence numbers are six digits, unique, "/ĐNAI-CCHN" (issued by the
 *   province) or "/BYT-CCHN" at the central hospital.
 */

export interface Department {
  /** MA_KHOA */
  code: string;
  name: string;
}

/**
 * The departments used, with their MA_KHOA codes from the department table
 * of Decision 4210/QĐ-BYT (K03–K30 as published in hospital systems' code
 * lists). K01, K02 and K45 are unverified.
 */
export const DEPARTMENTS: readonly Department[] = [
  { code: 'K01', name: 'Khoa Khám bệnh' },
  { code: 'K02', name: 'Khoa Hồi sức cấp cứu' },
  { code: 'K03', name: 'Khoa Nội tổng hợp' },
  { code: 'K04', name: 'Khoa Nội tim mạch' },
  { code: 'K08', name: 'Khoa Nội tiết' },
  { code: 'K11', name: 'Khoa Truyền nhiễm' },
  { code: 'K12', name: 'Khoa Lao' },
  { code: 'K13', name: 'Khoa Da liễu' },
  { code: 'K15', name: 'Khoa Tâm thần' },
  { code: 'K16', name: 'Khoa Y học cổ truyền' },
  { code: 'K18', name: 'Khoa Nhi' },
  { code: 'K19', name: 'Khoa Ngoại tổng hợp' },
  { code: 'K24', name: 'Khoa Chấn thương chỉnh hình' },
  { code: 'K27', name: 'Khoa Phụ sản' },
  { code: 'K28', name: 'Khoa Tai - Mũi - Họng' },
  { code: 'K30', name: 'Khoa Mắt' },
  { code: 'K45', name: 'Khoa Dược' },
];

export const DEPARTMENT_NAMES: ReadonlyMap<string, string> = new Map(DEPARTMENTS.map((d) => [d.code, d.name]));

type Mix = readonly (readonly [code: string, weight: number])[];

const GENERAL_HOSPITAL: Mix = [
  ['K01', 14],
  ['K02', 10],
  ['K03', 16],
  ['K04', 8],
  ['K08', 4],
  ['K11', 5],
  ['K18', 12],
  ['K19', 11],
  ['K24', 6],
  ['K27', 9],
  ['K28', 3],
  ['K30', 2],
];
const MEDICAL_CENTRE: Mix = [
  ['K01', 25],
  ['K02', 10],
  ['K03', 18],
  ['K11', 6],
  ['K16', 6],
  ['K18', 12],
  ['K19', 10],
  ['K27', 13],
];
const PRIVATE_HOSPITAL: Mix = [
  ['K01', 30],
  ['K03', 20],
  ['K18', 15],
  ['K19', 15],
  ['K27', 15],
  ['K28', 5],
];
const BY_SPECIALTY: Readonly<Record<string, Mix>> = {
  children: [
    ['K01', 30],
    ['K02', 15],
    ['K18', 45],
    ['K11', 10],
  ],
  lung: [
    ['K01', 30],
    ['K12', 50],
    ['K03', 20],
  ],
  dermatology: [
    ['K01', 40],
    ['K13', 60],
  ],
  'traditional-medicine': [
    ['K01', 30],
    ['K16', 70],
  ],
  'mental-health': [
    ['K01', 30],
    ['K15', 70],
  ],
};
const OUTPATIENT_ONLY: Mix = [['K01', 1]];
const CDC: Mix = [
  ['K01', 50],
  ['K11', 50],
];

/** The departments of a facility with the share of its clinical staff in each; the first is where visits start. */
export function departmentsOf(facility: Facility): Mix {
  switch (facility.kind) {
    case 'provincial-general':
    case 'regional-general':
      return GENERAL_HOSPITAL;
    case 'specialist-hospital':
      return BY_SPECIALTY[facility.specialty ?? ''] ?? GENERAL_HOSPITAL;
    case 'medical-centre':
      return MEDICAL_CENTRE;
    case 'private-hospital':
      return PRIVATE_HOSPITAL;
    case 'provincial-centre':
      return CDC;
    case 'health-station':
    case 'private-clinic':
    case 'pharmacy':
      return OUTPATIENT_ONLY;
  }
}

export const PER_10K: Readonly<Record<WorkerRole, number>> = { doctor: 10, nurse: 16.5, pharmacist: 4.6 };

/** Share of each role's staff by kind of facility (full-scale estimates; renormalised over the kinds present). */
const KIND_SHARE: Readonly<Record<WorkerRole, Partial<Record<FacilityKind, number>>>> = {
  doctor: {
    'provincial-general': 18,
    'regional-general': 10,
    'specialist-hospital': 9,
    'provincial-centre': 1,
    'medical-centre': 22,
    'health-station': 12,
    'private-hospital': 14,
    'private-clinic': 14,
  },
  nurse: {
    'provincial-general': 22,
    'regional-general': 13,
    'specialist-hospital': 10,
    'provincial-centre': 1,
    'medical-centre': 22,
    'health-station': 12,
    'private-hospital': 12,
    'private-clinic': 8,
  },
  pharmacist: {
    'provincial-general': 20,
    'regional-general': 12,
    'specialist-hospital': 8,
    'provincial-centre': 2,
    'medical-centre': 30,
    'health-station': 10,
    'private-hospital': 12,
    'private-clinic': 6,
  },
};

function minimum(role: WorkerRole, kind: FacilityKind): number {
  if (kind === 'pharmacy') return role === 'pharmacist' ? 1 : 0;
  // A station or clinic without a doctor of its own is served by visiting
  // doctors of its medical centre (bác sĩ luân phiên), as in life.
  if (role === 'doctor') return kind === 'health-station' || kind === 'private-clinic' ? 0 : 1;
  if (role === 'nurse') return kind === 'private-clinic' ? 0 : 1;
  return kind === 'health-station' || kind === 'private-clinic' ? 0 : 1;
}

/**
 * How many workers of a role each facility gets: its minimum, plus a share
 * of what the ratio leaves by kind and size (largest remainders; ties by
 * code, so the result is the same every time).
 */
export function staffCounts(facilities: readonly Facility[], role: WorkerRole, residents: number): Map<string, number> {
  const counts = new Map<string, number>();
  let assigned = 0;
  for (const f of facilities) {
    const n = minimum(role, f.kind);
    counts.set(f.code, n);
    if (f.kind !== 'pharmacy') assigned += n;
  }
  const target = Math.round((PER_10K[role] * residents) / 10_000);
  const rest = Math.max(0, target - assigned);
  if (rest === 0) return counts;

  const shares = KIND_SHARE[role];
  const sizeByKind = new Map<FacilityKind, number>();
  for (const f of facilities) {
    if (shares[f.kind] !== undefined) sizeByKind.set(f.kind, (sizeByKind.get(f.kind) ?? 0) + f.size);
  }
  const shareTotal = [...sizeByKind.keys()].reduce((sum, kind) => sum + (shares[kind] ?? 0), 0);
  const exact = facilities
    .filter((f) => sizeByKind.has(f.kind))
    .map((f) => ({
      code: f.code,
      value: (rest * (shares[f.kind] ?? 0) * f.size) / (shareTotal * (sizeByKind.get(f.kind) ?? 1)),
    }));
  let given = 0;
  for (const e of exact) {
    const whole = Math.floor(e.value);
    counts.set(e.code, (counts.get(e.code) ?? 0) + whole);
    given += whole;
  }
  exact
    .sort((a, b) => b.value - Math.floor(b.value) - (a.value - Math.floor(a.value)) || a.code.localeCompare(b.code))
    .slice(0, rest - given)
    .forEach((e) => counts.set(e.code, (counts.get(e.code) ?? 0) + 1));
  return counts;
}

const FEMALE_SHARE: Readonly<Record<WorkerRole, number>> = { doctor: 0.45, nurse: 0.8, pharmacist: 0.7 };
const ROLES: readonly WorkerRole[] = ['doctor', 'nurse', 'pharmacist'];
/** Workers' birth dates are drawn for their age on this day (ages 24–60). */
const STAFF_AGE_DATE = '2025-07-01';

/**
 * Where a worker works: pharmacists in the pharmacy department, a
 * facility's first doctor and nurse in its first (outpatient) department,
 * the others spread by the facility's mix.
 */
function departmentOf(
  role: WorkerRole,
  facility: Facility,
  rank: number,
  mix: Mix,
  clinical: WeightedTable<Mix[number]>,
  random: Random,
): string {
  if (role === 'pharmacist') return 'K45';
  if (rank === 0 || facility.kind === 'pharmacy') return mix[0]![0];
  return clinical.draw(random)[0];
}

/**
 * The workforce: for each facility (in code order) its doctors, nurses and
 * pharmacists. Each worker draws from a stream labelled by facility, role
 * and rank, so a facility's staff stay the same people whatever is added
 * elsewhere; licence numbers are a keyed permutation of the position in
 * the list, hence unique.
 */
export function buildWorkforce(random: Random, facilities: Facility[], residents: number): HealthWorker[] {
  const counts = new Map(ROLES.map((role) => [role, staffCounts(facilities, role, residents)]));
  const key = keyOf(String(random.stream('licences').int(0, 0x7fffffff)));
  const workers: HealthWorker[] = [];
  const sorted = [...facilities].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  for (const facility of sorted) {
    const mix = departmentsOf(facility);
    const clinical = new WeightedTable(mix, ([, w]) => w);
    for (const role of ROLES) {
      const n = counts.get(role)?.get(facility.code) ?? 0;
      for (let rank = 0; rank < n; rank++) {
        const r = random.stream('worker', facility.code, role, rank);
        const id = r.uuid();
        const sex: Sex = r.chance(FEMALE_SHARE[role]) ? 'female' : 'male';
        const name = drawName(r, sex);
        // Ages 24–60, fewer at the top: density falls linearly with age.
        const age = 24 + Math.floor(37 * (1 - Math.sqrt(1 - r.next())));
        const birthDate = addDays(addYears(STAFF_AGE_DATE, -(age + 1)), r.int(1, 365));
        const serial = permute(workers.length + 1, 6, key);
        const issuer = facility.specialty === 'mental-health' ? 'BYT' : 'ĐNAI';
        workers.push({
          id,
          name,
          sex,
          birthDate,
          role,
          licence: `${String(serial).padStart(6, '0')}/${issuer}-CCHN`,
          facilityCode: facility.code,
          department: departmentOf(role, facility, rank, mix, clinical, r),
        });
      }
    }
  }
  return workers;
}
