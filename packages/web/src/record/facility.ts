import type { Reference, Resource } from '@medplum/fhirtypes';

/** A facility an item came from: its Organization id, and its name when known. */
export interface FacilityRef {
  id?: string;
  name?: string;
}

export function orgRef(ref: Reference | undefined): FacilityRef | undefined {
  const m = /^Organization\/([^/]+)$/.exec(ref?.reference ?? '');
  if (!m && !ref?.display) return undefined;
  return { ...(m ? { id: m[1] } : {}), ...(ref?.display ? { name: ref.display } : {}) };
}

/** Organization ids referenced by the resources whose names no reference carries. */
export function unnamedFacilities(resources: Resource[], named: ReadonlyMap<string, string>): string[] {
  const ids = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (value && typeof value === 'object') {
      const ref = (value as Reference).reference;
      if (typeof ref === 'string') {
        const f = orgRef(value);
        if (f?.id && !f.name && !named.has(f.id)) ids.add(f.id);
      }
      Object.values(value).forEach(visit);
    }
  };
  resources.forEach(visit);
  return [...ids].sort();
}

/** Names given beside references (`display`), so most facilities need no extra request. */
export function namesFromDisplays(resources: Resource[]): Map<string, string> {
  const names = new Map<string, string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (value && typeof value === 'object') {
      const f = orgRef(value);
      if (f?.id && f.name && typeof (value as Reference).reference === 'string') names.set(f.id, f.name);
      Object.values(value).forEach(visit);
    }
  };
  resources.forEach(visit);
  return names;
}
