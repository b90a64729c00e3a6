import type { DuplicateRegistration, Facility, PersonName, Province, Resident } from './model.js';
import { WeightedTable, type Random } from './random.js';
import { drawPhone } from './identifiers.js';
import { isFormerBinhPhuoc } from './places.js';
import { ageOn, parseYmd, formatYmd } from './ymd.js';

/*
 * The same resident registered a second (or third) time at another
 * facility, usually a hospital, with the mistakes registration desks make.
 * These are the labelled duplicates that patient matching must find.
 */

/** The variations a duplicate registration can carry (exactly these strings). */
export const VARIATIONS = [
  'no-diacritics',
  'dropped-middle-name',
  'typo',
  'missing-cccd',
  'old-card',
  'day-month-swap',
  'phone-changed',
] as const;

export type Variation = (typeof VARIATIONS)[number];

/** How often each variation is chosen among those that apply to the person. */
const VARIATION_WEIGHT: Readonly<Record<Variation, number>> = {
  'no-diacritics': 30,
  'dropped-middle-name': 15,
  typo: 25,
  'missing-cccd': 20,
  'old-card': 15,
  'day-month-swap': 10,
  'phone-changed': 10,
};

export const DUPLICATE_SHARE = 0.03;

// ── Text changes ──

const COMBINING = /[\u0300-\u036f]/g;

/** Vietnamese without its marks, case kept: "Nguyễn Thị Đào" → "Nguyen Thi Dao". */
export function stripDiacritics(text: string): string {
  return text.normalize('NFD').replace(COMBINING, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFC');
}

const TONES = ['\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
const BASE_VOWELS = 'aeiouy';
const NEIGHBOUR: Readonly<Record<string, string>> = {
  n: 'm',
  m: 'n',
  s: 'x',
  x: 's',
  d: 'đ',
  đ: 'd',
  c: 'k',
  k: 'c',
  g: 'h',
  h: 'g',
  t: 'r',
  r: 't',
  l: 'n',
  v: 'b',
  b: 'v',
  p: 'o',
  q: 'g',
};

/** One letter of the word changed: another tone on a vowel, or a neighbouring consonant. */
function typoOf(random: Random, word: string): string {
  const letters = [...word.normalize('NFC')];
  const start = random.int(0, letters.length - 1);
  for (let k = 0; k < letters.length; k++) {
    const i = (start + k) % letters.length;
    const original = letters[i]!;
    const lower = original.toLowerCase();
    const upper = original !== lower;
    const decomposed = lower.normalize('NFD');
    const base = decomposed.replace(COMBINING, '');
    const marks = [...decomposed.slice(1)];
    let changed: string | undefined;
    if (BASE_VOWELS.includes(base)) {
      // Keep the vowel's shape marks (breve, circumflex, horn); swap or add the tone.
      const shape = marks.filter((m) => !TONES.includes(m));
      const tone = marks.find((m) => TONES.includes(m));
      const others = TONES.filter((t) => t !== tone);
      const newTone = tone && random.chance(0.3) ? '' : random.pick(others);
      changed = (base + shape.join('') + newTone).normalize('NFC');
    } else if (NEIGHBOUR[lower]) {
      changed = NEIGHBOUR[lower];
    }
    if (changed && changed !== lower) {
      letters[i] = upper ? changed.toUpperCase() : changed;
      return letters.join('').normalize('NFC');
    }
  }
  return word;
}

function typoName(random: Random, name: PersonName): PersonName {
  const parts: (keyof PersonName)[] = name.middle ? ['given', 'given', 'family', 'middle'] : ['given', 'family'];
  const part = random.pick(parts);
  return { ...name, [part]: typoOf(random, name[part]) };
}

// ── Where duplicates are registered ──

interface Context {
  places: { bp: WeightedTable<Facility>; dn: WeightedTable<Facility> };
  children: Facility[];
}

const contexts = new WeakMap<Province, Context>();

/** Kind weights: hospitals mostly, then medical centres, a few private clinics. */
const KIND_WEIGHT: Partial<Record<Facility['kind'], number>> = {
  'provincial-general': 3,
  'regional-general': 3,
  'specialist-hospital': 1,
  'private-hospital': 2,
  'medical-centre': 1,
  'private-clinic': 0.5,
};

function contextOf(province: Province): Context {
  let context = contexts.get(province);
  if (context) return context;
  const totals = new Map<string, number>();
  for (const f of province.facilities) totals.set(f.kind, (totals.get(f.kind) ?? 0) + f.size);
  const candidates = province.facilities.filter((f) => KIND_WEIGHT[f.kind] !== undefined && f.specialty !== 'children');
  const weight = (f: Facility): number => ((KIND_WEIGHT[f.kind] ?? 0) * f.size) / (totals.get(f.kind) ?? 1);
  const near = (bp: boolean): WeightedTable<Facility> => {
    const local = candidates.filter((f) => isFormerBinhPhuoc(f.communeCode) === bp);
    return new WeightedTable(local.length > 0 ? local : candidates, weight);
  };
  context = {
    places: { bp: near(true), dn: near(false) },
    children: province.facilities.filter((f) => f.specialty === 'children'),
  };
  contexts.set(province, context);
  return context;
}

function drawFacility(
  random: Random,
  context: Context,
  resident: Resident,
  age: number,
  taken: Set<string>,
): Facility | undefined {
  for (let attempt = 0; attempt < 20; attempt++) {
    let f: Facility;
    if (age < 16 && context.children.length > 0 && random.chance(0.5)) f = random.pick(context.children);
    else {
      // Mostly a facility of the resident's own former province.
      const bp = random.chance(0.8) === isFormerBinhPhuoc(resident.address.communeCode);
      f = context.places[bp ? 'bp' : 'dn'].draw(random);
    }
    if (!taken.has(f.code)) return f;
  }
  return undefined;
}

// ── Variations ──

function applicable(resident: Resident): Variation[] {
  const { day, month } = parseYmd(resident.birthDate);
  const fullName = `${resident.name.family} ${resident.name.middle} ${resident.name.given}`;
  return VARIATIONS.filter((v) => {
    switch (v) {
      case 'no-diacritics':
        return stripDiacritics(fullName) !== fullName;
      case 'dropped-middle-name':
        return resident.name.middle !== '';
      case 'typo':
      case 'missing-cccd':
        return true;
      case 'old-card':
        return resident.previousCards.length > 0;
      case 'day-month-swap':
        return day <= 12 && day !== month;
      case 'phone-changed':
        return resident.phone !== undefined;
    }
  });
}

/** 1–3 distinct variations among those that apply, by weight, in the order of VARIATIONS. */
function drawVariations(random: Random, resident: Resident): Variation[] {
  const pool = applicable(resident);
  const want = Math.min(pool.length, random.chance(0.55) ? 1 : random.chance(0.73) ? 2 : 3);
  const chosen = new Set<Variation>();
  while (chosen.size < want) {
    const left = pool.filter((v) => !chosen.has(v));
    chosen.add(new WeightedTable(left, (v) => VARIATION_WEIGHT[v]).draw(random));
  }
  return VARIATIONS.filter((v) => chosen.has(v));
}

function registration(
  random: Random,
  resident: Resident,
  facility: Facility,
  variations: Variation[],
): DuplicateRegistration {
  const id = random.uuid();
  const has = (v: Variation): boolean => variations.includes(v);
  let name: PersonName = { ...resident.name };
  let line = resident.address.line;
  if (has('dropped-middle-name')) name = { ...name, middle: '' };
  if (has('typo')) name = typoName(random, name);
  if (has('no-diacritics')) {
    name = {
      family: stripDiacritics(name.family),
      middle: stripDiacritics(name.middle),
      given: stripDiacritics(name.given),
    };
    line = stripDiacritics(line);
  }
  let birthDate = resident.birthDate;
  if (has('day-month-swap')) {
    const { year, month, day } = parseYmd(birthDate);
    birthDate = formatYmd(year, day, month);
  }
  const card = has('old-card') ? random.pick(resident.previousCards) : resident.card;
  const phone = has('phone-changed') ? drawPhone(random) : resident.phone;
  return {
    id,
    residentId: resident.id,
    facilityCode: facility.code,
    variations,
    name,
    birthDate,
    ...(has('missing-cccd') ? {} : { cccd: resident.cccd }),
    ...(card ? { card } : {}),
    ...(phone ? { phone } : {}),
    address: { communeCode: resident.address.communeCode, line },
  };
}

/**
 * About 3% of residents are registered again at one or two other
 * facilities (usually a hospital), each registration with 1–3 variations.
 */
export function drawDuplicates(province: Province, random: Random, resident: Resident): DuplicateRegistration[] {
  if (!random.chance(DUPLICATE_SHARE)) return [];
  const context = contextOf(province);
  const age = ageOn(resident.birthDate, province.period.from);
  const taken = new Set([resident.primaryCare]);
  const count = random.chance(0.8) ? 1 : 2;
  const out: DuplicateRegistration[] = [];
  for (let i = 0; i < count; i++) {
    const facility = drawFacility(random, context, resident, age, taken);
    if (!facility) break;
    taken.add(facility.code);
    out.push(registration(random, resident, facility, drawVariations(random, resident)));
  }
  return out;
}
