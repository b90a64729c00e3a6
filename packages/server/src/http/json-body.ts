import { FhirError, badRequest, issue, outcome } from '@lienthong/core';

export const MAX_JSON_DEPTH = 64;
/**
 * The longest array we accept anywhere in a body. FHIR content never needs
 * more in one array (a bundle holds at most 10,000 entries, see bundle.ts),
 * and validating and indexing a 500,000-element array takes a minute of CPU
 * that every other request would wait for.
 */
export const MAX_ARRAY_LENGTH = 10_000;

/**
 * Parses a JSON body and refuses nesting deeper than any FHIR resource needs,
 * so hostile input cannot exhaust the stack of the code that walks it, and
 * arrays longer than MAX_ARRAY_LENGTH. `__proto__` keys are dropped
 * (prototype-poisoning guard).
 */
export function parseJsonBody(text: string): unknown {
  let value: unknown;
  let dropped = 0;
  try {
    // A reviver makes parsing several times slower, so it runs only when a key
    // could spell __proto__: literally, or through a \u escape.
    value = mayHideProto(text)
      ? JSON.parse(text, (key, v: unknown) => (key === '__proto__' ? ((dropped += 1 + membersOf(v)), undefined) : v))
      : JSON.parse(text);
  } catch (err) {
    // The reviver recurses, so absurd nesting overflows the stack before our own check runs.
    if (err instanceof RangeError) throw tooDeep();
    throw badRequest(`The body is not valid JSON: ${(err as Error).message}`);
  }
  // JSON.parse keeps the last of two members with one name ({"gender":"male","gender":"female"}),
  // which R4 JSON forbids (https://hl7.org/fhir/R4/json.html): then the text has more members than
  // the parsed objects have keys. Counting both is cheap; naming the member is done only then.
  if (checkShape(value) + dropped !== memberCount(text)) {
    const name = duplicateName(text);
    throw badRequest(`The body has the property "${name}" twice in one object; JSON for FHIR allows it once`);
  }
  return value;
}

function tooDeep(): FhirError {
  return badRequest(`The body is nested more than ${MAX_JSON_DEPTH} levels deep`);
}

/** Checks depth and array lengths; returns the number of object members (keys of every object). */
function checkShape(root: unknown): number {
  let members = 0;
  // Iterative, so the check itself cannot overflow the stack.
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) throw tooDeep();
    if (Array.isArray(node) && node.length > MAX_ARRAY_LENGTH) {
      throw new FhirError(
        400,
        outcome([
          issue(
            'error',
            'too-long',
            `An array in the body has ${node.length} items; at most ${MAX_ARRAY_LENGTH} are accepted`,
          ),
        ]),
      );
    }
    const children = Object.values(node);
    if (!Array.isArray(node)) members += children.length;
    for (const child of children) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return members;
}

/** The object members in a parsed value, nested ones included (for a dropped `__proto__`). */
function membersOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  let members = Array.isArray(value) ? 0 : Object.keys(value).length;
  for (const child of Object.values(value)) members += membersOf(child);
  return members;
}

/**
 * The object members in JSON text (already parsed, so valid): the strings
 * followed by a colon. Jumps from quote to quote, so it costs little more
 * than a search for each string's ends.
 */
function memberCount(text: string): number {
  let members = 0;
  for (let open = text.indexOf('"'); open >= 0;) {
    let next = closingQuote(text, open) + 1;
    while (text.charCodeAt(next) <= 32 /* whitespace */) next++;
    if (text.charCodeAt(next) === 58 /* : */) members++;
    open = text.indexOf('"', next);
  }
  return members;
}

/** Where the string opened at `open` ends: the next quote not escaped by an odd run of backslashes. */
function closingQuote(text: string, open: number): number {
  let end = text.indexOf('"', open + 1);
  for (;;) {
    let backslashes = 0;
    while (text.charCodeAt(end - 1 - backslashes) === 92 /* \\ */) backslashes++;
    if (backslashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
}

/** The first member name that occurs twice in one object (only called when there is one). */
function duplicateName(text: string): string {
  const objects: (Set<string> | null)[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{') objects.push(new Set());
    else if (c === '[') objects.push(null);
    else if (c === '}' || c === ']') objects.pop();
    else if (c === '"') {
      const end = closingQuote(text, i);
      const raw = text.slice(i, end + 1);
      i = end;
      let next = end + 1;
      while (/\s/.test(text[next] ?? '')) next++;
      const names = objects[objects.length - 1];
      if (text[next] !== ':' || !names) continue;
      const name = JSON.parse(raw) as string;
      if (names.has(name)) return name;
      names.add(name);
    }
  }
  return '?';
}

function mayHideProto(text: string): boolean {
  return text.includes('__proto__') || text.includes('\\u');
}
