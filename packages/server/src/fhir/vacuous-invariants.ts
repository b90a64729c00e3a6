/**
 * Many R4 invariants hold trivially when an element is absent: dom-2
 * `contained.contained.empty()` on every resource without `contained`,
 * con-4 `abatement.empty() or …` on every Condition not abated,
 * `duration.exists() implies duration >= 0`. Recognising these shapes once,
 * from the expression text, lets the validator skip a FHIRPath evaluation
 * whose answer is already known — the commonest case by far.
 *
 * The shapes (each one true whenever the named elements are missing, since a
 * path from a missing element is the empty collection):
 *   `a.b.where(…).empty()`                      — `a` missing
 *   `P and Q`                                    — each part's element missing
 *   `P or Q`                                     — some part's elements missing
 *   `a.b.exists() implies …`                     — `a` missing
 * Anything else is evaluated as usual.
 */

/** Alternatives, each a list of element names that, all missing, make the invariant true. */
export type VacuousWhen = string[][];

const EMPTY_PATH = /^([a-z][A-Za-z0-9]*)(?:\.[a-z][A-Za-z0-9]*|\.where\((?:[^()]|\([^()]*\))*\))*\.empty\(\)$/;
const EXISTS_PATH = /^([a-z][A-Za-z0-9]*)(?:\.[a-z][A-Za-z0-9]*)*\.exists\(\)$/;

export function vacuousWhen(expression: string): VacuousWhen | undefined {
  const implication = splitTopLevel(expression, ' implies ');
  if (implication.length > 2) return undefined;
  if (implication.length === 2) {
    const head = EXISTS_PATH.exec(unwrap(implication[0]!))?.[1];
    return head ? [[head]] : undefined;
  }
  const alternatives: VacuousWhen = [];
  for (const alternative of splitTopLevel(expression, ' or ')) {
    const heads = splitTopLevel(unwrap(alternative), ' and ').map((part) => EMPTY_PATH.exec(unwrap(part))?.[1]);
    if (heads.every((h) => h !== undefined)) alternatives.push(heads);
  }
  return alternatives.length > 0 ? alternatives : undefined;
}

/** True when some alternative's elements are all missing from `value` (a plain JSON object). */
export function holdsVacuously(when: VacuousWhen, value: Record<string, unknown>): boolean {
  return when.some((names) => names.every((name) => missing(value, name)));
}

/**
 * No key is `name`, `_name`, or a choice of it (`nameDateTime`, …). Cautious:
 * any key that merely starts with `name` and a capital counts as present.
 */
function missing(value: Record<string, unknown>, name: string): boolean {
  for (const key in value) {
    const bare = key.charCodeAt(0) === 95 /* _ */ ? key.slice(1) : key;
    if (bare.startsWith(name) && (bare.length === name.length || isUpper(bare.charCodeAt(name.length)))) return false;
  }
  return true;
}

function isUpper(code: number): boolean {
  return code >= 65 && code <= 90;
}

/** Removes one pair of parentheses around the whole text, if there is one. */
function unwrap(text: string): string {
  const t = text.trim();
  return t.startsWith('(') && closingParen(t, 0) === t.length - 1 ? t.slice(1, -1).trim() : t;
}

/** Where the parenthesis opened at `open` closes (quotes respected); -1 if it does not. */
function closingParen(text: string, open: number): number {
  let depth = 0;
  let quoted = false;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === "'" && text[i - 1] !== '\\') quoted = !quoted;
    if (quoted) continue;
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

/** Splits at `separator` where it is outside parentheses and quotes. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'" && text[i - 1] !== '\\') quoted = !quoted;
    if (quoted) continue;
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && text.startsWith(separator, i)) {
      parts.push(text.slice(start, i));
      start = i + separator.length;
      i = start - 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}
