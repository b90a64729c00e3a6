import type { MatchFeatures } from './features.js';

/**
 * Blocking keys: two records are compared only if they share one, so the
 * cost of matching grows with the size of the blocks, not of the province.
 * Each key is chosen to survive the registration errors the others do not:
 * - c: CCCD, s: social-insurance number, p: phone — exact identifiers;
 * - n: family + given name + birth year — survives lost diacritics, a
 *   dropped middle name, a swapped day and month, a partial birth date;
 * - d: birth date (day and month in either order) + commune — survives a
 *   typo in any part of the name;
 * - g: given name + birth date (either order) — survives a typo in the family
 *   name together with a move to another commune.
 */
export function blockingKeys(f: MatchFeatures): string[] {
  const keys = new Set<string>();
  if (f.cccd) keys.add(`c:${f.cccd}`);
  for (const ssn of f.ssns) keys.add(`s:${ssn}`);
  for (const phone of f.phones) keys.add(`p:${phone}`);
  const b = f.birthDate;
  const dayMonth = b?.day !== undefined ? [b.day, b.month!].sort((x, y) => x - y).join('.') : undefined;
  for (const name of f.names) {
    if (b) keys.add(`n:${name.family} ${name.given}|${b.year}`);
    if (dayMonth) keys.add(`g:${name.given}|${b!.year}.${dayMonth}`);
  }
  if (dayMonth) for (const commune of f.communes) keys.add(`d:${b!.year}.${dayMonth}|${commune}`);
  return [...keys];
}
