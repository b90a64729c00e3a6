import type { Resource } from '@medplum/fhirtypes';
import type { Definitions } from '../definitions.js';

/**
 * Trims a resource for `_summary` and `_elements`
 * (https://hl7.org/fhir/R4/search.html#summary). Trimmed resources are tagged
 * SUBSETTED so nobody mistakes them for the whole record.
 */
export function shapeResource(
  resource: Resource,
  defs: Definitions,
  summary: string | undefined,
  elements: string[] | undefined,
): Resource {
  if ((!summary || summary === 'false') && !elements) return resource;
  const type = resource.resourceType;
  const mandatory = defs.mandatoryElements.get(type) ?? new Set<string>();
  let keep: (name: string) => boolean;
  if (elements) {
    // "gender", "Patient.gender" and "name.family" all keep a top-level element
    // (the type prefix goes first, then anything below the top level).
    const wanted = new Set(elements.map((e) => e.replace(/^[A-Z][A-Za-z]+\./, '').split('.')[0]!));
    keep = (name) => wanted.has(name) || mandatory.has(name) || matchesChoice(wanted, name);
  } else if (summary === 'true') {
    const s = defs.summaryElements.get(type) ?? new Set<string>();
    keep = (name) => s.has(name) || matchesChoice(s, name);
  } else if (summary === 'text') {
    keep = (name) => name === 'text' || mandatory.has(name);
  } else if (summary === 'data') {
    keep = (name) => name !== 'text';
  } else {
    return resource;
  }
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(resource)) {
    if (name === 'resourceType' || name === 'id' || name === 'meta' || keep(name)) out[name] = value;
  }
  const meta = { ...(resource.meta ?? {}) };
  meta.tag = [
    ...(meta.tag ?? []),
    { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'SUBSETTED' },
  ];
  out.meta = meta;
  return out as unknown as Resource;
}

/** valueQuantity is kept when `value[x]` (or `value`) is wanted. */
function matchesChoice(wanted: ReadonlySet<string>, name: string): boolean {
  for (const w of wanted) {
    const base = w.endsWith('[x]') ? w.slice(0, -3) : w;
    if (base !== name && name.startsWith(base) && /^[A-Z]/.test(name.slice(base.length))) return true;
  }
  return false;
}
