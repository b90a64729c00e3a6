import type { Resource } from '@medplum/fhirtypes';

/**
 * Whether stored content already says what a new write would: the same
 * resource apart from meta (version, time), whatever the key order. The
 * import leaves such resources out of its transaction, so re-importing a
 * file makes no new versions (docs/integrators/xml130.md, "Idempotency").
 */
export function sameContent(stored: Resource | undefined, next: Resource): boolean {
  if (!stored) return false;
  const { meta: _a, ...a } = stored;
  const { meta: _b, ...b } = next;
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Replaces every reference equal to `from` by `to`, in place. */
export function replaceReference(node: unknown, from: string, to: string): void {
  if (Array.isArray(node)) {
    for (const item of node) replaceReference(item, from, to);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const obj = node as Record<string, unknown>;
  for (const [key, value] of Object.entries(obj)) {
    if (key === 'reference' && value === from) obj[key] = to;
    else if (value && typeof value === 'object') replaceReference(value, from, to);
  }
}
