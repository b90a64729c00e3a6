import { foldText } from '../text-fold.js';
import { editDistanceAtMost } from './edit-distance.js';

/**
 * A Vietnamese personal name as matching sees it: folded tokens in the order
 * the name is said — family name, middle names (tên đệm), given name.
 */
export interface NameTokens {
  family: string;
  middle: string[];
  given: string;
  /** The name as written (NFC, lower case, single spaces), to tell exact from folded agreement. */
  written: string;
}

/** Whether a written name carries Vietnamese marks (a name typed without them cannot be compared on them). */
function hasMarks(n: NameTokens): boolean {
  return n.written !== [n.family, ...n.middle, n.given].join(' ');
}

/** The parts of a FHIR HumanName that carry the name. */
export interface NameParts {
  family?: string;
  given?: string[];
  text?: string;
}

/**
 * Tokens of a name. FHIR parts are used when present (family, then given
 * holding middle names before the given name, as our profiles and most HIS
 * write them); otherwise `text`, read family-first. A single token is a
 * given name only.
 */
export function nameTokens(name: NameParts): NameTokens | undefined {
  const parts = name.family || name.given?.length ? [name.family ?? '', ...(name.given ?? [])] : [name.text ?? ''];
  const whole = parts.join(' ');
  const tokens = foldText(whole).split(' ').filter(Boolean);
  if (tokens.length === 0) return undefined;
  const written = whole.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
  if (tokens.length === 1) return { family: '', middle: [], given: tokens[0]!, written };
  return { family: tokens[0]!, middle: tokens.slice(1, -1), given: tokens.at(-1)!, written };
}

/**
 * How two names agree, best first. The levels are the comparison vector's
 * values for the name field in the Fellegi–Sunter model (weights.ts).
 * - exact: the same name as written;
 * - folded: the same once case, diacritics and đ are folded ("NGUYEN VAN AN");
 * - middle: same family and given name, one middle name list contained in the
 *   other (a dropped or added tên đệm: "Nguyễn Thị Ngọc Ánh" / "Nguyễn Ngọc Ánh");
 * - typo: family and given name each at most one edit apart, middle names
 *   equal or contained (a slip of the keyboard: "Nguyễn Văn Nam" / "Nguyễn Văn Mam");
 * - reordered: the same tokens in another order (given name written first);
 * - given-only: same given name, a different family name;
 * - different: anything else.
 */
export type NameAgreement = 'exact' | 'folded' | 'middle' | 'typo' | 'reordered' | 'given-only' | 'different';

export const NAME_LEVELS: readonly NameAgreement[] = [
  'exact',
  'folded',
  'middle',
  'typo',
  'reordered',
  'given-only',
  'different',
];

function contained(a: readonly string[], b: readonly string[]): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  let k = 0;
  for (const token of long) if (k < short.length && token === short[k]) k++;
  return k === short.length;
}

function near(a: string, b: string): boolean {
  return editDistanceAtMost(a, b, 1) !== undefined;
}

/**
 * Family and given name each at most one letter apart. When both names are
 * written with their marks the letters are compared with them: "Hùng" and
 * "Dũng" are one letter apart once folded but two as written, and are two
 * different names; "Nam" and "Mam" are one slip of the keyboard.
 */
function oneSlipApart(a: NameTokens, b: NameTokens): boolean {
  if (!near(a.family, b.family) || !near(a.given, b.given)) return false;
  if (!hasMarks(a) || !hasMarks(b)) return true;
  const wa = a.written.split(' ');
  const wb = b.written.split(' ');
  return near(wa[0]!, wb[0]!) && near(wa.at(-1)!, wb.at(-1)!);
}

export function compareNames(a: NameTokens, b: NameTokens): NameAgreement {
  if (a.written === b.written) return 'exact';
  const sameFamily = a.family === b.family;
  const sameGiven = a.given === b.given;
  const sameMiddle = a.middle.join(' ') === b.middle.join(' ');
  if (sameFamily && sameGiven && sameMiddle) return 'folded';
  if (sameFamily && sameGiven && contained(a.middle, b.middle)) return 'middle';
  if (oneSlipApart(a, b) && (sameMiddle || contained(a.middle, b.middle))) {
    return 'typo';
  }
  // One typo inside a middle name, family and given equal.
  if (
    sameFamily &&
    sameGiven &&
    a.middle.length === b.middle.length &&
    a.middle.every((t, i) => near(t, b.middle[i]!))
  ) {
    return 'typo';
  }
  const sorted = (n: NameTokens): string => [n.family, ...n.middle, n.given].sort().join(' ');
  if (sorted(a) === sorted(b)) return 'reordered';
  if (sameGiven) return 'given-only';
  return 'different';
}

/** The best agreement between any name of one record and any name of the other. */
export function bestNameAgreement(a: readonly NameTokens[], b: readonly NameTokens[]): NameAgreement | undefined {
  let best: number | undefined;
  for (const x of a) {
    for (const y of b) {
      const level = NAME_LEVELS.indexOf(compareNames(x, y));
      if (best === undefined || level < best) best = level;
    }
  }
  return best === undefined ? undefined : NAME_LEVELS[best];
}
