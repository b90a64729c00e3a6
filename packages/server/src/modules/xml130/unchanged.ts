import type { Resource } from '@medplum/fhirtypes';

/**
 * Whether stored content already says what a new write would: the same
 * resource apart from meta (version, time) — but with the same meta.tag,
 * which says which table of the file the resource came from and so whether
 * an amended file may delete it — whatever the key order. The
 * import leaves such resources out of its transaction, so re-importing a
 * file makes no new versions (docs/integrators/xml130.md, "Idempotency").
 */
export function sameContent(stored: Resource | undefined, next: Resource): boolean {
  if (!stored) return false;
  const { meta: metaA, ...a } = stored;
  const { meta: metaB, ...b } = next;
  return canonical(a) === canonical(b) && canonical(metaA?.tag) === canonical(metaB?.tag);
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
