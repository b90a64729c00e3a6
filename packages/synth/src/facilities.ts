import type { Commune, Facility, FacilityKind } from './model.js';
import { WeightedTable, type Random } from './random.js';
import { drawListedPair } from './names.js';
import { isFormerBinhPhuoc, PROVINCE_RESIDENTS } from './places.js';

/*
 * The health facilities of the synthetic province.
 *
 * Real (public knowledge, Department of Health figures of August 2025 in
 * vn-standards.md §7): the names of the public hospitals and of the CDC,
 * that there are 22 regional medical centres named after the former
 * districts, one health station per commune or ward, about 12 private
 * hospitals, 111 private general clinics and over 4,000 pharmacies for
 * 4.4 million residents, and the code 75001 of Đồng Nai General Hospital.
 *
 * Synthetic: every other code (5 characters, "75" + 3; fixed per facility
 * so they are the same for every seed), the communes where hospitals stand
 * (the district seat or the ward we believe holds the hospital; marked
 * "guess" where unsure), which former district each commune belonged to
 * (inferred from codes and names), the sizes (approximate bed numbers for
 * named hospitals, drawn for private ones; they are only relative weights
 * for where visits go), the names of private hospitals, clinics and
 * pharmacies, and where those stand.
 *
 * Codes: 750xx named hospitals and the CDC, 751xx medical centres, 752xx
 * health stations (in commune-code order), 753xx private hospitals, 754xx
 * onward private clinics. There are too many pharmacies for three digits,
 * so theirs are "75" + a letter + two base-36 characters ("75A0K"): still 5
 * characters starting with 75, and visibly not a MA_CSKCB (pharmacies have
 * no insurance contract).
 */

interface NamedFacility {
  code: string;
  name: string;
  kind: FacilityKind;
  specialty?: string;
  communeCode: string;
  /** Approximate beds (a relative size). */
  size: number;
}

const NAMED: readonly NamedFacility[] = [
  // Provincial general hospitals.
  { code: '75001', name: 'Bệnh viện Đa khoa Đồng Nai', kind: 'provincial-general', communeCode: '26017', size: 1400 }, // Tam Hiệp (guess)
  { code: '75002', name: 'Bệnh viện Đa khoa Thống Nhất', kind: 'provincial-general', communeCode: '26005', size: 1000 }, // Hố Nai (guess)
  {
    code: '75003',
    name: 'Bệnh viện Đa khoa tỉnh Bình Phước',
    kind: 'provincial-general',
    communeCode: '25210',
    size: 900,
  }, // Đồng Xoài
  // Regional general hospitals.
  {
    code: '75004',
    name: 'Bệnh viện Đa khoa khu vực Long Thành',
    kind: 'regional-general',
    communeCode: '26368',
    size: 600,
  },
  {
    code: '75005',
    name: 'Bệnh viện Đa khoa khu vực Định Quán',
    kind: 'regional-general',
    communeCode: '26206',
    size: 500,
  },
  {
    code: '75006',
    name: 'Bệnh viện Đa khoa khu vực Long Khánh',
    kind: 'regional-general',
    communeCode: '26080',
    size: 800,
  }, // guess
  {
    code: '75007',
    name: 'Bệnh viện Đa khoa khu vực Phước Long',
    kind: 'regional-general',
    communeCode: '25217',
    size: 300,
  }, // guess
  // Specialist hospitals.
  {
    code: '75008',
    name: 'Bệnh viện Nhi đồng Đồng Nai',
    kind: 'specialist-hospital',
    specialty: 'children',
    communeCode: '26017',
    size: 700,
  }, // guess
  {
    code: '75009',
    name: 'Bệnh viện Phổi Đồng Nai',
    kind: 'specialist-hospital',
    specialty: 'lung',
    communeCode: '26299',
    size: 300,
  }, // guess
  {
    code: '75010',
    name: 'Bệnh viện Da liễu Đồng Nai',
    kind: 'specialist-hospital',
    specialty: 'dermatology',
    communeCode: '26041',
    size: 60,
  }, // guess
  {
    code: '75011',
    name: 'Bệnh viện Y dược cổ truyền Đồng Nai',
    kind: 'specialist-hospital',
    specialty: 'traditional-medicine',
    communeCode: '26068',
    size: 300,
  }, // guess
  // A central (Ministry of Health) hospital in Biên Hòa; level 2 is the highest the model has.
  {
    code: '75012',
    name: 'Bệnh viện Tâm thần Trung ương 2',
    kind: 'specialist-hospital',
    specialty: 'mental-health',
    communeCode: '26041',
    size: 400,
  }, // guess
  // Provincial centre with clinics (vaccination, infectious diseases).
  {
    code: '75013',
    name: 'Trung tâm Kiểm soát bệnh tật tỉnh Đồng Nai',
    kind: 'provincial-centre',
    communeCode: '26041',
    size: 50,
  }, // guess
];

/**
 * The former districts (before July 2025), each now served by a "Trung tâm
 * Y tế khu vực": the commune of its seat and the communes it covered.
 */
export const FORMER_DISTRICTS: readonly { name: string; seat: string; communes: readonly string[] }[] = [
  {
    name: 'Biên Hòa',
    seat: '26068',
    communes: ['25993', '26005', '26017', '26020', '26041', '26068', '26374', '26377', '26380'],
  },
  { name: 'Long Khánh', seat: '26080', communes: ['26080', '26089', '26098', '26104', '26113'] },
  { name: 'Tân Phú', seat: '26116', communes: ['26116', '26119', '26122', '26134', '26158'] },
  { name: 'Vĩnh Cửu', seat: '26170', communes: ['26170', '26173', '26179', '26188'] },
  { name: 'Định Quán', seat: '26206', communes: ['26206', '26209', '26215', '26221', '26227'] },
  { name: 'Trảng Bom', seat: '26248', communes: ['26248', '26254', '26278', '26281', '26296'] },
  { name: 'Thống Nhất', seat: '26326', communes: ['26299', '26311', '26326'] },
  { name: 'Cẩm Mỹ', seat: '26341', communes: ['26332', '26341', '26347', '26359', '26362'] },
  { name: 'Long Thành', seat: '26368', communes: ['26368', '26383', '26389', '26413', '26422'] },
  { name: 'Xuân Lộc', seat: '26425', communes: ['26425', '26428', '26434', '26446', '26458', '26461'] },
  { name: 'Nhơn Trạch', seat: '26485', communes: ['26485', '26491', '26503'] },
  { name: 'Đồng Xoài', seat: '25210', communes: ['25195', '25210'] },
  { name: 'Phước Long', seat: '25217', communes: ['25217', '25220'] },
  { name: 'Bù Gia Mập', seat: '25267', communes: ['25222', '25225', '25231', '25267'] },
  { name: 'Phú Riềng', seat: '25252', communes: ['25246', '25252', '25255', '25261'] },
  { name: 'Lộc Ninh', seat: '25270', communes: ['25270', '25279', '25280', '25292', '25294', '25303'] },
  { name: 'Bù Đốp', seat: '25308', communes: ['25308', '25309', '25318'] },
  { name: 'Bình Long', seat: '25333', communes: ['25326', '25333'] },
  { name: 'Hớn Quản', seat: '25357', communes: ['25345', '25349', '25351', '25357'] },
  { name: 'Đồng Phú', seat: '25363', communes: ['25363', '25378', '25387', '25390'] },
  { name: 'Bù Đăng', seat: '25396', communes: ['25396', '25399', '25402', '25405', '25417', '25420'] },
  { name: 'Chơn Thành', seat: '25432', communes: ['25432', '25441', '25450'] },
];

/** Synthetic brand names for private hospitals and clinics (any likeness to a real one is chance). */
const BRANDS = [
  'An Phúc',
  'Tâm An',
  'Phúc Khang',
  'Thiện Nhân',
  'Minh Đức',
  'Hưng Thịnh',
  'Bình An',
  'Nhân Ái',
  'Thành Tâm',
  'Vạn Phúc',
  'Đại Nam',
  'Hòa An',
  'Phước Thiện',
  'Khang Thịnh',
  'Nhân Hòa',
  'An Khang',
  'Tâm Phúc',
  'Sài Gòn Miền Đông',
  'Thái Bình Dương',
  'Mỹ Phước',
  'Hồng Đức',
  'Gia An',
  'Thịnh An',
  'Tín Đức',
];

export const PRIVATE_HOSPITALS_FULL_SCALE = 12;
export const CLINICS_FULL_SCALE = 111;
export const RESIDENTS_PER_PHARMACY = 1_100;

function clinicCode(i: number): string {
  const n = 401 + i;
  if (n > 999) throw new RangeError('too many clinics for 3-digit codes');
  return `75${n}`;
}

const BASE36 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function pharmacyCode(i: number): string {
  const letter = Math.floor(i / 1296);
  if (letter >= 26) throw new RangeError('too many pharmacies for 5-character codes');
  const rest = i % 1296;
  return `75${String.fromCharCode(65 + letter)}${BASE36[Math.floor(rest / 36)]}${BASE36[rest % 36]}`;
}

/** How many of a kind a province of `residents` has: the full-scale count scaled, at least `min`. */
function scaled(fullScale: number, residents: number, min: number): number {
  return Math.max(min, Math.round((fullScale * residents) / PROVINCE_RESIDENTS));
}

/**
 * All facilities, sorted by code: the named hospitals and the CDC, 22
 * medical centres, one health station per commune, and private hospitals,
 * clinics and pharmacies in numbers that grow with `residents`.
 */
export function buildFacilities(random: Random, communes: Commune[], residents: number): Facility[] {
  const byCode = new Map(communes.map((c) => [c.code, c]));
  const commune = (code: string): Commune => {
    const c = byCode.get(code);
    if (!c) throw new Error(`unknown commune ${code}`);
    return c;
  };
  // Readable and the same for every seed: `Organization/cs-75001` is Đồng Nai General Hospital ("cơ sở").
  const idOf = (code: string): string => `cs-${code}`;
  const out: Facility[] = [];

  for (const f of NAMED) {
    out.push({
      id: idOf(f.code),
      code: f.code,
      name: f.name,
      kind: f.kind,
      level: 2,
      communeCode: commune(f.communeCode).code,
      ...(f.specialty ? { specialty: f.specialty } : {}),
      size: f.size,
    });
  }

  const centreOf = new Map<string, string>();
  FORMER_DISTRICTS.forEach((district, i) => {
    const code = `75${101 + i}`;
    const covered = district.communes.reduce((sum, c) => sum + commune(c).weight, 0);
    for (const c of district.communes) centreOf.set(c, code);
    out.push({
      id: idOf(code),
      code,
      name: `Trung tâm Y tế khu vực ${district.name}`,
      kind: 'medical-centre',
      level: 3,
      communeCode: commune(district.seat).code,
      size: Math.max(1, Math.round(covered / 1000)),
    });
  });

  [...communes]
    .sort((a, b) => a.code.localeCompare(b.code))
    .forEach((c, i) => {
      const code = `75${201 + i}`;
      const partOf = centreOf.get(c.code);
      if (!partOf) throw new Error(`commune ${c.code} belongs to no former district`);
      out.push({
        id: idOf(code),
        code,
        name: `Trạm Y tế ${c.kind === 'ward' ? 'phường' : 'xã'} ${c.name}`,
        kind: 'health-station',
        level: 4,
        communeCode: c.code,
        partOf,
        size: Math.max(1, Math.round(c.weight / 1000)),
      });
    });

  // Private facilities stand mostly in towns: wards weigh more.
  const urban = new WeightedTable(communes, (c) => c.weight * (c.kind === 'ward' ? 3 : 1));
  const anywhere = new WeightedTable(communes, (c) => c.weight);
  const names = new Set(out.map((f) => f.name));
  const unique = (name: string): string => {
    let candidate = name;
    for (let n = 2; names.has(candidate); n++) candidate = `${name} - Cơ sở ${n}`;
    names.add(candidate);
    return candidate;
  };

  const privateHospitals = Math.min(PRIVATE_HOSPITALS_FULL_SCALE, scaled(PRIVATE_HOSPITALS_FULL_SCALE, residents, 2));
  for (let i = 0; i < privateHospitals; i++) {
    const r = random.stream('private-hospital', i);
    const code = `75${301 + i}`;
    const place = urban.draw(r);
    out.push({
      id: idOf(code),
      code,
      name: unique(`Bệnh viện Đa khoa ${BRANDS[i % BRANDS.length]!}`),
      kind: 'private-hospital',
      level: 3,
      communeCode: place.code,
      size: r.int(50, 300),
    });
  }

  const clinics = scaled(CLINICS_FULL_SCALE, residents, 3);
  for (let i = 0; i < clinics; i++) {
    const r = random.stream('clinic', i);
    const code = clinicCode(i);
    const place = urban.draw(r);
    out.push({
      id: idOf(code),
      code,
      name: unique(`Phòng khám Đa khoa ${r.pick(BRANDS)} ${place.name}`),
      kind: 'private-clinic',
      level: 3,
      communeCode: place.code,
      size: r.int(5, 40),
    });
  }

  const pharmacies = Math.max(5, Math.round(residents / RESIDENTS_PER_PHARMACY));
  for (let i = 0; i < pharmacies; i++) {
    const r = random.stream('pharmacy', i);
    const code = pharmacyCode(i);
    const place = anywhere.draw(r);
    const owner = drawListedPair(r, r.chance(0.6) ? 'female' : 'male');
    out.push({
      id: idOf(code),
      code,
      name: unique(`Nhà thuốc ${owner}`),
      kind: 'pharmacy',
      level: 4,
      communeCode: place.code,
      size: Math.max(1, Math.round(10 * Math.exp(r.normal(0, 0.6)))),
    });
  }

  return out.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** True for the kinds that see patients on insurance (everything but pharmacies). */
export function isCareFacility(kind: FacilityKind): boolean {
  return kind !== 'pharmacy';
}

/** Hospitals of any kind (public general, specialist, private). */
export function isHospital(kind: FacilityKind): boolean {
  return (
    kind === 'provincial-general' ||
    kind === 'regional-general' ||
    kind === 'specialist-hospital' ||
    kind === 'private-hospital'
  );
}

/** Whether a facility stands in the former Bình Phước (for choosing facilities near a resident). */
export function inFormerBinhPhuoc(facility: Facility): boolean {
  return isFormerBinhPhuoc(facility.communeCode);
}
