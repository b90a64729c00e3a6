import type { InsuranceCard, Sex } from './model.js';
import { WeightedTable, type Random } from './random.js';
import { ageOn, parseYmd } from './ymd.js';

/*
 * Vietnamese personal identifiers: the citizen ID (CCCD), BHYT health-
 * insurance card numbers, mobile phone numbers. Formats follow
 * /work/shared/reference/vn-standards.md §2; what is not stated there is
 * marked (unverified).
 */

// ── Province codes ──

/**
 * Province codes of the 63 provinces before the 2025 merger, as the first
 * three digits of a CCCD (province where the birth was registered). Cards
 * issued before the merger keep them, so Bình Phước's 070 lives on.
 */
export const CCCD_PROVINCES: Readonly<Record<string, string>> = {
  '001': 'Hà Nội',
  '002': 'Hà Giang',
  '004': 'Cao Bằng',
  '006': 'Bắc Kạn',
  '008': 'Tuyên Quang',
  '010': 'Lào Cai',
  '011': 'Điện Biên',
  '012': 'Lai Châu',
  '014': 'Sơn La',
  '015': 'Yên Bái',
  '017': 'Hòa Bình',
  '019': 'Thái Nguyên',
  '020': 'Lạng Sơn',
  '022': 'Quảng Ninh',
  '024': 'Bắc Giang',
  '025': 'Phú Thọ',
  '026': 'Vĩnh Phúc',
  '027': 'Bắc Ninh',
  '030': 'Hải Dương',
  '031': 'Hải Phòng',
  '033': 'Hưng Yên',
  '034': 'Thái Bình',
  '035': 'Hà Nam',
  '036': 'Nam Định',
  '037': 'Ninh Bình',
  '038': 'Thanh Hóa',
  '040': 'Nghệ An',
  '042': 'Hà Tĩnh',
  '044': 'Quảng Bình',
  '045': 'Quảng Trị',
  '046': 'Thừa Thiên Huế',
  '048': 'Đà Nẵng',
  '049': 'Quảng Nam',
  '051': 'Quảng Ngãi',
  '052': 'Bình Định',
  '054': 'Phú Yên',
  '056': 'Khánh Hòa',
  '058': 'Ninh Thuận',
  '060': 'Bình Thuận',
  '062': 'Kon Tum',
  '064': 'Gia Lai',
  '066': 'Đắk Lắk',
  '067': 'Đắk Nông',
  '068': 'Lâm Đồng',
  '070': 'Bình Phước',
  '072': 'Tây Ninh',
  '074': 'Bình Dương',
  '075': 'Đồng Nai',
  '077': 'Bà Rịa - Vũng Tàu',
  '079': 'Hồ Chí Minh',
  '080': 'Long An',
  '082': 'Tiền Giang',
  '083': 'Bến Tre',
  '084': 'Trà Vinh',
  '086': 'Vĩnh Long',
  '087': 'Đồng Tháp',
  '089': 'An Giang',
  '091': 'Kiên Giang',
  '092': 'Cần Thơ',
  '093': 'Hậu Giang',
  '094': 'Sóc Trăng',
  '095': 'Bạc Liêu',
  '096': 'Cà Mau',
};

/**
 * Where migrants living in Đồng Nai were born, by rough weight: the
 * north-central coast, the Red River delta, the Mekong delta and the
 * neighbouring south-east (a guess shaped by known migration flows).
 */
const MIGRANT_ORIGINS = new WeightedTable<[string, number]>(
  [
    ['038', 10],
    ['040', 10],
    ['042', 6],
    ['034', 6],
    ['036', 5],
    ['037', 3],
    ['044', 3],
    ['045', 3],
    ['046', 3],
    ['049', 4],
    ['051', 4],
    ['052', 4],
    ['054', 2],
    ['066', 3],
    ['068', 3],
    ['060', 3],
    ['058', 1],
    ['079', 6],
    ['074', 3],
    ['077', 3],
    ['072', 2],
    ['080', 3],
    ['087', 3],
    ['089', 3],
    ['083', 2],
    ['086', 2],
    ['084', 2],
    ['092', 2],
    ['094', 2],
    ['091', 2],
    ['096', 1],
    ['001', 3],
    ['031', 2],
    ['030', 2],
    ['024', 1],
    ['027', 1],
    ['017', 1],
  ],
  ([, w]) => w,
);

/**
 * The province where a resident's birth was registered: Đồng Nai (075) or,
 * for those of the former Bình Phước, 070 — about 78% of residents —
 * otherwise another province (Đồng Nai's industry draws many migrants).
 */
export function drawBirthProvince(random: Random, formerBinhPhuoc: boolean): string {
  if (random.chance(0.78)) return formerBinhPhuoc ? '070' : '075';
  return MIGRANT_ORIGINS.draw(random)[0];
}

// ── Unique serial numbers ──

/** FNV-1a: a 32-bit key from a seed string (for the permutations below). */
export function keyOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function mix(x: number, key: number, round: number): number {
  let h = Math.imul(x ^ key, 0x9e3779b1) ^ Math.imul(round + 1, 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h >>> 0;
}

/**
 * A keyed permutation of [0, 10^digits) for an even number of digits
 * (a four-round Feistel network on the two halves): distinct inputs give
 * distinct outputs, which look random. Used to hand out serial numbers that
 * never repeat without remembering which were given.
 */
export function permute(value: number, digits: number, key: number): number {
  if (digits % 2 !== 0) throw new RangeError('permute needs an even number of digits');
  const half = 10 ** (digits / 2);
  if (!(value >= 0 && value < half * half)) throw new RangeError(`value out of range: ${value}`);
  let left = Math.floor(value / half);
  let right = value % half;
  for (let round = 0; round < 4; round++) {
    const next = (left + (mix(right, key, round) % half)) % half;
    left = right;
    right = next;
  }
  return left * half + right;
}

// ── CCCD ──

/** The century-and-sex digit: 0/1 for 1900s male/female, 2/3 for 2000s, 4/5 for 2100s… */
export function cccdCenturySexDigit(birthYear: number, sex: Sex): number {
  const century = Math.floor(birthYear / 100) - 19;
  if (century < 0 || century > 4) throw new RangeError(`no CCCD century digit for ${birthYear}`);
  return century * 2 + (sex === 'female' ? 1 : 0);
}

/**
 * The 12-digit CCCD of a resident. The last six digits are a keyed
 * permutation of the resident's index, so two residents with the same
 * province, sex and birth year never share a number among the first
 * million residents (beyond that the six digits must repeat; real numbers
 * are unique, ours collide for about 1% of residents past the millionth).
 */
export function cccdOf(provinceCode: string, birthDate: string, sex: Sex, index: number, key: number): string {
  const year = parseYmd(birthDate).year;
  const block = Math.floor(index / 1_000_000);
  const serial = permute(index % 1_000_000, 6, (key + Math.imul(block, 0x27d4eb2d)) >>> 0);
  return `${provinceCode}${cccdCenturySexDigit(year, sex)}${String(year % 100).padStart(2, '0')}${String(serial).padStart(6, '0')}`;
}

/**
 * A well-formed CCCD: 12 digits, a known province code, a century digit
 * 0–5; with `birthDate` and `sex`, consistent with them.
 */
export function isValidCccd(cccd: string, birthDate?: string, sex?: Sex): boolean {
  if (!/^\d{12}$/.test(cccd)) return false;
  if (!(cccd.slice(0, 3) in CCCD_PROVINCES)) return false;
  const centurySex = Number(cccd[3]);
  if (centurySex > 5) return false;
  if (birthDate !== undefined) {
    const year = parseYmd(birthDate).year;
    if (Math.floor(year / 100) - 19 !== Math.floor(centurySex / 2)) return false;
    if (cccd.slice(4, 6) !== String(year % 100).padStart(2, '0')) return false;
  }
  if (sex !== undefined && (centurySex % 2 === 1) !== (sex === 'female')) return false;
  return true;
}

// ── BHYT ──

export interface BhytGroup {
  code: string;
  /** Benefit level printed after the group (1 = 100% without ceilings … 4 = 80%, 5 = 100% incl. off-list). */
  level: 1 | 2 | 3 | 4 | 5;
  name: string;
}

/**
 * Beneficiary groups and their benefit levels, after Decision 1351/QĐ-BHXH
 * (2015) on card numbers (levels of the groups used here are unverified
 * against the latest amendments). Only the groups the generator draws and a
 * few common others are listed.
 */
export const BHYT_GROUPS: Readonly<Record<string, BhytGroup>> = Object.fromEntries(
  (
    [
      ['CC', 1, 'Người có công với cách mạng'],
      ['TE', 1, 'Trẻ em dưới 6 tuổi'],
      ['CK', 2, 'Người tham gia kháng chiến'],
      ['CB', 2, 'Cựu chiến binh'],
      ['HN', 2, 'Người thuộc hộ gia đình nghèo'],
      ['DT', 2, 'Người dân tộc thiểu số vùng khó khăn'],
      ['BT', 2, 'Người hưởng trợ cấp bảo trợ xã hội'],
      ['TS', 2, 'Thân nhân liệt sĩ'],
      ['HT', 3, 'Người hưởng lương hưu'],
      ['TC', 3, 'Người hưởng trợ cấp mất sức lao động'],
      ['CN', 3, 'Người thuộc hộ gia đình cận nghèo'],
      ['DN', 4, 'Người lao động trong doanh nghiệp'],
      ['HC', 4, 'Cán bộ, công chức, viên chức'],
      ['HX', 4, 'Người lao động trong hợp tác xã'],
      ['NN', 4, 'Người lao động trong tổ chức nước ngoài'],
      ['HS', 4, 'Học sinh'],
      ['SV', 4, 'Sinh viên'],
      ['GD', 4, 'Người tham gia theo hộ gia đình'],
      ['QN', 5, 'Quân nhân'],
      ['CA', 5, 'Công an nhân dân'],
    ] as const
  ).map(([code, level, name]) => [code, { code, level, name }]),
);

/**
 * Whether a card group fits a holder's age: TE only under 6, and under 6
 * only TE (the law gives every young child a TE card); pupils 6–19;
 * students 17–30; employees and civil servants 15–70; retirees from 40
 * (soldiers and miners retire early); merit people from 18; the other
 * groups (households, the poor, social protection) at any age from 6.
 */
export function isGroupPlausibleForAge(group: string, age: number): boolean {
  if (age < 0) return false;
  if (group === 'TE') return age < 6;
  if (age < 6) return false;
  switch (group) {
    case 'HS':
      return age <= 19;
    case 'SV':
      return age >= 17 && age <= 30;
    case 'DN':
    case 'HC':
    case 'HX':
    case 'NN':
    case 'QN':
    case 'CA':
      return age >= 15 && age <= 70;
    case 'HT':
    case 'TC':
      return age >= 40;
    case 'CC':
    case 'CK':
    case 'CB':
      return age >= 18;
    default:
      return group in BHYT_GROUPS;
  }
}

/** Two-digit province codes as printed on BHYT cards (the last two digits of the CCCD codes). */
const CARD_PROVINCES = new Set(Object.keys(CCCD_PROVINCES).map((c) => c.slice(1)));

/** A card number: group, its benefit level, province 75, 10-digit social-insurance number. */
export function bhytNumber(group: string, socialInsuranceNumber: string): string {
  const g = BHYT_GROUPS[group];
  if (!g) throw new RangeError(`unknown BHYT group ${group}`);
  if (!/^\d{10}$/.test(socialInsuranceNumber)) throw new RangeError(`not a 10-digit number: ${socialInsuranceNumber}`);
  return `${group}${g.level}75${socialInsuranceNumber}`;
}

/**
 * The resident's 10-digit social-insurance number (mã số BHXH): two digits
 * of the province that issued it (75, or 70 for the former Bình Phước) and
 * eight that are a keyed permutation of the resident's index, so numbers
 * never repeat. Real numbers end with a check digit whose rule is not
 * public (unverified); ours do not carry one.
 */
export function socialInsuranceNumber(index: number, key: number, formerBinhPhuoc: boolean): string {
  return `${formerBinhPhuoc ? '70' : '75'}${String(permute(index, 8, key)).padStart(8, '0')}`;
}

/** A well-formed BHYT card number: known group, the group's benefit level, a province code, 10 digits. */
export function isValidBhytNumber(n: string): boolean {
  const match = /^([A-Z]{2})([1-5])(\d{2})(\d{10})$/.exec(n);
  if (!match) return false;
  const group = BHYT_GROUPS[match[1]!];
  return group !== undefined && group.level === Number(match[2]) && CARD_PROVINCES.has(match[3]!);
}

/** The 10-digit social-insurance number inside a card number (the part that survives a change of group). */
export function socialInsuranceNumberOf(cardNumber: string): string {
  return cardNumber.slice(5);
}

/** Whether a card is valid on a date (both ends included). */
export function isCardValidOn(card: InsuranceCard, date: string): boolean {
  return card.validFrom <= date && date <= card.validTo;
}

/** Age of a card holder when the card took effect (for plausibility checks). */
export function ageAtCardStart(birthDate: string, card: InsuranceCard): number {
  return ageOn(birthDate, card.validFrom);
}

// ── Phones ──

/**
 * Mobile prefixes after the 2018 move from 11 to 10 digits, by carrier,
 * weighted by rough market share (Viettel about half, VinaPhone and
 * MobiFone a fifth each).
 */
const MOBILE_PREFIXES: Readonly<Record<string, { weight: number; prefixes: readonly string[] }>> = {
  Viettel: {
    weight: 54,
    prefixes: ['086', '096', '097', '098', '032', '033', '034', '035', '036', '037', '038', '039'],
  },
  VinaPhone: { weight: 21, prefixes: ['088', '091', '094', '081', '082', '083', '084', '085'] },
  MobiFone: { weight: 20, prefixes: ['089', '090', '093', '070', '076', '077', '078', '079'] },
  Vietnamobile: { weight: 3, prefixes: ['092', '056', '058'] },
  Gmobile: { weight: 1, prefixes: ['099', '059'] },
  Itel: { weight: 1, prefixes: ['087'] },
};

const PREFIX_TABLE = new WeightedTable(
  Object.values(MOBILE_PREFIXES).flatMap(({ weight, prefixes }) =>
    prefixes.map((p) => ({ p, w: weight / prefixes.length })),
  ),
  (x) => x.w,
);

const ALL_PREFIXES = new Set(Object.values(MOBILE_PREFIXES).flatMap((c) => c.prefixes));

/** A Vietnamese mobile number, 10 digits: a carrier prefix and seven digits. */
export function drawPhone(random: Random): string {
  return PREFIX_TABLE.draw(random).p + random.digits(7);
}

/** 10 digits starting with a known mobile prefix (03x, 05x, 07x, 08x, 09x). */
export function isValidVnMobile(phone: string): boolean {
  return /^0[35789]\d{8}$/.test(phone) && ALL_PREFIXES.has(phone.slice(0, 3));
}
