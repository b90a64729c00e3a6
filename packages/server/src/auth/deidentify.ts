import type { Resource } from '@medplum/fhirtypes';

const PERSON_TYPES = new Set(['Patient', 'Person', 'RelatedPerson']);
const PERSON_DROP = new Set(['name', 'identifier', 'telecom', 'photo', 'contact', 'link', 'text']);

/**
 * De-identification for Department analysts (REQUIREMENTS R12; personal-data
 * law): no name, CCCD, BHYT number, phone, or address below commune; birth
 * date reduced to the year; narrative text and reference displays dropped
 * everywhere, since they may carry names.
 */
export function deidentify(resource: Resource): Resource {
  const copy = structuredClone(resource) as unknown as Record<string, unknown>;
  if (PERSON_TYPES.has(resource.resourceType)) {
    for (const key of PERSON_DROP) delete copy[key];
    if (typeof copy.birthDate === 'string') copy.birthDate = copy.birthDate.slice(0, 4);
    if (Array.isArray(copy.address)) {
      copy.address = (copy.address as Record<string, unknown>[]).map((a) => {
        const kept: Record<string, unknown> = {};
        for (const k of ['use', 'city', 'state', 'country']) if (a[k] !== undefined) kept[k] = a[k];
        return kept;
      });
    }
  }
  scrub(copy, true);
  return copy as unknown as Resource;
}

function scrub(node: unknown, top: boolean): void {
  // `top` is the resource itself: its narrative goes too.
  if (Array.isArray(node)) {
    for (const item of node) scrub(item, false);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const obj = node as Record<string, unknown>;
  if (top) delete obj.text;
  if (typeof obj.reference === 'string' || obj.identifier !== undefined) delete obj.display;
  for (const [key, value] of Object.entries(obj)) {
    // Business identifiers (prescription, visit, card numbers) link back to a
    // person in other systems: analysts get none.
    if (key === 'identifier') {
      delete obj.identifier;
      continue;
    }
    if (key === 'subscriberId' || key === 'policyHolder') {
      delete obj[key];
      continue;
    }
    scrub(value, false);
  }
}
