/** Type/id or Type/id/_history/v after the base. */
const LOCAL_REFERENCE = /^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

/**
 * A reference written as an absolute URL on our own base names a local
 * resource (https://hl7.org/fhir/R4/references.html#literal): it is indexed as
 * Type/id, so that search, chains, compartments and `resolve() is Patient`
 * treat it like one. Copies only the objects on the way to a changed reference.
 */
export function localizeReferences<T>(node: T, base: string): T {
  return localize(node, base) as T;
}

function localize(node: unknown, base: string): unknown {
  if (Array.isArray(node)) {
    let out: unknown[] | undefined;
    (node as unknown[]).forEach((item, i) => {
      const local = localize(item, base);
      if (local !== item) (out ??= [...(node as unknown[])])[i] = local;
    });
    return out ?? node;
  }
  if (!node || typeof node !== 'object') return node;
  let out: Record<string, unknown> | undefined;
  // for…in, not Object.entries: no array per object (JSON objects inherit no enumerable keys).
  for (const key in node) {
    const value = (node as Record<string, unknown>)[key];
    let local: unknown = value;
    if (key === 'reference' && typeof value === 'string') {
      if (value.startsWith(base) && LOCAL_REFERENCE.test(value.slice(base.length))) local = value.slice(base.length);
    } else if (value && typeof value === 'object') {
      local = localize(value, base);
    }
    if (local !== value) (out ??= { ...(node as Record<string, unknown>) })[key] = local;
  }
  return out ?? node;
}
