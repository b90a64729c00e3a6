import type { InsuranceCard, Sex } from './model.js';
import { WeightedTable, type Random } from './random.js';
import { BHYT_GROUPS, cccdCenturySexDigit } from '@lienthong/core';
import { ageOn, parseYmd } from './ymd.js';

// The structure checks live in core (patient matching and XML checking use them too).
export {
  BHYT_GROUPS,
  CCCD_PROVINCES,
  cccdCenturySexDigit,
  isValidBhytNumber,
  isValidCccd,
  socialInsuranceNumberOf,
  type BhytGroup,
} from '@lienthong/core';

/*
 * Vietnamese personal identifiers: the citizen ID (CCCD), BHYT health-
 * insurance card numbers, mobile phone numbers. Formats follow
 * /work/shared/reference/vn-standards.md §2; what is not stated there is
 * marked (unverified).
 */

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

// ── BHYT ──

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
