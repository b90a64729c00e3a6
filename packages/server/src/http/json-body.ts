import { badRequest } from '@lienthong/core';

export const MAX_JSON_DEPTH = 64;

/**
 * Parses a JSON body and refuses nesting deeper than any FHIR resource needs,
 * so hostile input cannot exhaust the stack of the code that walks it.
 * `__proto__` keys are dropped (prototype-poisoning guard).
 */
export function parseJsonBody(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text, (key, v: unknown) => (key === '__proto__' ? undefined : v));
  } catch (err) {
    throw badRequest(`The body is not valid JSON: ${(err as Error).message}`);
  }
  if (depthExceeds(value, MAX_JSON_DEPTH)) {
    throw badRequest(`The body is nested more than ${MAX_JSON_DEPTH} levels deep`);
  }
  return value;
}

function depthExceeds(root: unknown, limit: number): boolean {
  // Iterative, so the check itself cannot overflow the stack.
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}
