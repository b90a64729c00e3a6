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
  try {
    // A reviver makes parsing several times slower, so it runs only when a key
    // could spell __proto__: literally, or through a \u escape.
    value = mayHideProto(text)
      ? JSON.parse(text, (key, v: unknown) => (key === '__proto__' ? undefined : v))
      : JSON.parse(text);
  } catch (err) {
    // The reviver recurses, so absurd nesting overflows the stack before our own check runs.
    if (err instanceof RangeError) throw tooDeep();
    throw badRequest(`The body is not valid JSON: ${(err as Error).message}`);
  }
  checkShape(value);
  return value;
}

function tooDeep(): FhirError {
  return badRequest(`The body is nested more than ${MAX_JSON_DEPTH} levels deep`);
}

function checkShape(root: unknown): void {
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
    for (const child of Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
}

function mayHideProto(text: string): boolean {
  return text.includes('__proto__') || text.includes('\\u');
}
