import type { PersonName, Sex } from './model.js';
import { WeightedTable, type Random } from './random.js';
import { readCounts, readDataFile } from './data-files.js';

/*
 * Vietnamese names: family name, middle name (tên đệm, may be empty) and
 * given name, drawn from the counts in data/ (family-, middle- and
 * given-name-counts.tsv, a sample of about 8,600 people) and made
 * consistent with sex using the lists of boys' and girls' names (boy.txt,
 * girl.txt: "middle given" pairs):
 *
 * - a given name is drawn for a sex only when at least two pairs of that
 *   sex's list end with it; a name in both lists (Anh, Linh, Minh…) is
 *   unisex and its count is split by the squared share of each list, so
 *   that a name seen in 34 girls' pairs and 4 boys' pairs is mostly female;
 * - middle names likewise from the first word of the pairs, except "Văn"
 *   (men only) and "Thị" (women only), whose shares are set outright
 *   because the sample under-represents older people, among whom they
 *   are the rule;
 * - the sample's share of Nguyễn (32%) is raised to the commonly cited
 *   national 38%; other family names keep their relative frequencies.
 *
 * Entries that are not Vietnamese names (a "Student" placeholder, text
 * garbled by the legacy VNI encoding such as "Buøi" or "Khaùnh", a misplaced
 * tone in "Hùynh", the Ê Đê personal prefix "Y") are dropped. Some lists
 * write Đ with the look-alike Ð (U+00D0); it is read as Đ.
 */

const NOT_A_NAME = new Set(['Student', 'Hùynh', 'Khaùnh', 'Tuaán', 'Vieät', 'Y']);

const LOWER = 'aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ';
const SYLLABLE = new RegExp(`^[${LOWER.toUpperCase()}][${LOWER}]*$`, 'u');

/** True for one or more capitalised syllables made only of Vietnamese letters. */
export function isVietnameseNameText(text: string): boolean {
  const words = text.split(' ');
  return words.every((w) => SYLLABLE.test(w));
}

function clean(text: string): string {
  return text.replace(/Ð/g, 'Đ').replace(/ð/g, 'đ').normalize('NFC').trim();
}

const NATIONAL_NGUYEN_SHARE = 0.38;
const FEMALE_THI_SHARE = 0.4;
const FEMALE_THI_COMPOUND_SHARE = 0.08;
const MALE_VAN_SHARE = 0.3;
const NO_MIDDLE_SHARE = 0.03;
/** Pairs of a sex's list a name must appear in before it is drawn for that sex. */
const MIN_PAIRS = 2;

interface Weighted {
  text: string;
  weight: number;
}

interface NameTables {
  family: WeightedTable<Weighted>;
  middle: Record<Sex, WeightedTable<Weighted>>;
  given: Record<Sex, WeightedTable<Weighted>>;
  givenNames: Record<Sex, ReadonlySet<string>>;
  pairs: Record<Sex, readonly string[]>;
}

let tables: NameTables | undefined;

function load(): NameTables {
  tables ??= build();
  return tables;
}

function readPairs(file: string): string[] {
  return readDataFile(file)
    .split('\n')
    .map(clean)
    .filter((line) => line.split(' ').length === 2 && isVietnameseNameText(line));
}

function countBy(items: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of items) out.set(item, (out.get(item) ?? 0) + 1);
  return out;
}

function goodCounts(file: string): [string, number][] {
  return readCounts(file)
    .map(([text, count]): [string, number] => [clean(text), count])
    .filter(([text, count]) => count > 0 && !NOT_A_NAME.has(text) && isVietnameseNameText(text));
}

/** Weight of a name for one sex from how often each list uses it; 0 when it is not that sex's name. */
function sexShare(boys: number, girls: number, sex: Sex): number {
  const own = sex === 'male' ? boys : girls;
  if (own < MIN_PAIRS) return 0;
  return (own * own) / (boys * boys + girls * girls);
}

function table(entries: Weighted[]): WeightedTable<Weighted> {
  return new WeightedTable(
    entries.filter((e) => e.weight > 0),
    (e) => e.weight,
  );
}

function build(): NameTables {
  const boyPairs = readPairs('boy.txt');
  const girlPairs = readPairs('girl.txt');
  const boyGiven = countBy(boyPairs.map((p) => p.split(' ')[1]!));
  const girlGiven = countBy(girlPairs.map((p) => p.split(' ')[1]!));
  const boyMiddle = countBy(boyPairs.map((p) => p.split(' ')[0]!));
  const girlMiddle = countBy(girlPairs.map((p) => p.split(' ')[0]!));

  const familyCounts = goodCounts('family-name-counts.tsv').filter(([text]) => !text.includes(' '));
  const nguyen = familyCounts.find(([text]) => text === 'Nguyễn')?.[1] ?? 0;
  const others = familyCounts.reduce((sum, [text, count]) => (text === 'Nguyễn' ? sum : sum + count), 0);
  // Nguyễn's weight w such that w / (w + others) is the national share.
  const nguyenWeight = nguyen > 0 ? (NATIONAL_NGUYEN_SHARE * others) / (1 - NATIONAL_NGUYEN_SHARE) : 0;
  const family = table(
    familyCounts.map(([text, count]) => ({ text, weight: text === 'Nguyễn' ? nguyenWeight : count })),
  );

  const middleCounts = goodCounts('middle-name-counts.tsv');
  const singleMiddles = middleCounts.filter(([text]) => !text.includes(' ') && text !== 'Văn' && text !== 'Thị');
  const middleFor = (sex: Sex): Weighted[] =>
    singleMiddles.map(([text, count]) => ({
      text,
      weight: count * sexShare(boyMiddle.get(text) ?? 0, girlMiddle.get(text) ?? 0, sex),
    }));
  const withShare = (entries: Weighted[], share: number): Weighted[] => {
    const total = entries.reduce((sum, e) => sum + e.weight, 0);
    return entries.map((e) => ({ text: e.text, weight: total > 0 ? (e.weight / total) * share : 0 }));
  };
  // "Thị Thu", "Thị Ngọc"…: compound middle names of women, as counted.
  const thiCompounds = middleCounts
    .filter(([text]) => text.startsWith('Thị ') && text.split(' ').length === 2)
    .map(([text, count]) => ({ text, weight: count }));
  const maleMiddle = [
    { text: 'Văn', weight: MALE_VAN_SHARE },
    { text: '', weight: NO_MIDDLE_SHARE },
    ...withShare(middleFor('male'), 1 - MALE_VAN_SHARE - NO_MIDDLE_SHARE),
  ];
  const femaleMiddle = [
    { text: 'Thị', weight: FEMALE_THI_SHARE },
    { text: '', weight: NO_MIDDLE_SHARE },
    ...withShare(thiCompounds, FEMALE_THI_COMPOUND_SHARE),
    ...withShare(middleFor('female'), 1 - FEMALE_THI_SHARE - FEMALE_THI_COMPOUND_SHARE - NO_MIDDLE_SHARE),
  ];

  const givenCounts = goodCounts('given-name-counts.tsv').filter(([text]) => !text.includes(' '));
  const givenFor = (sex: Sex): Weighted[] =>
    givenCounts.map(([text, count]) => ({
      text,
      weight: count * sexShare(boyGiven.get(text) ?? 0, girlGiven.get(text) ?? 0, sex),
    }));
  const maleGiven = table(givenFor('male'));
  const femaleGiven = table(givenFor('female'));

  return {
    family,
    middle: { male: table(maleMiddle), female: table(femaleMiddle) },
    given: { male: maleGiven, female: femaleGiven },
    givenNames: {
      male: new Set([...boyGiven.entries()].filter(([, n]) => n >= MIN_PAIRS).map(([name]) => name)),
      female: new Set([...girlGiven.entries()].filter(([, n]) => n >= MIN_PAIRS).map(([name]) => name)),
    },
    pairs: { male: boyPairs, female: girlPairs },
  };
}

/** A name for a person of the given sex, NFC. */
export function drawName(random: Random, sex: Sex): PersonName {
  const t = load();
  const family = t.family.draw(random).text;
  const middle = t.middle[sex].draw(random).text;
  const given = t.given[sex].draw(random).text;
  return { family, middle, given };
}

/** A family name by national frequency (for a name drawn outside `drawName`). */
export function drawFamilyName(random: Random): string {
  return load().family.draw(random).text;
}

/** The given names the boys' (male) or girls' (female) list allows for that sex. */
export function givenNamesOf(sex: Sex): ReadonlySet<string> {
  return load().givenNames[sex];
}

/** A "middle given" pair from the boys' or girls' list, e.g. "Minh Châu" (for shop names). */
export function drawListedPair(random: Random, sex: Sex): string {
  return random.pick(load().pairs[sex]);
}
