import type { Resource } from '@medplum/fhirtypes';

const PATIENT_REF = /^Patient\/([A-Za-z0-9\-.]{1,64})$/;

/**
 * The patients whose record a resource belongs to, for the audit trail: the
 * Patient itself, or every "Patient/…" reference in it (subject, patient,
 * beneficiary, performer …), which is what the patient compartment holds.
 */
export function patientsOf(resource: Resource, out = new Set<string>()): Set<string> {
  if (resource.resourceType === 'Patient' && resource.id) out.add(resource.id);
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (!node || typeof node !== 'object') return;
    // for…in, not Object.entries: no array per object (JSON objects inherit no enumerable keys).
    for (const key in node) {
      const value = (node as Record<string, unknown>)[key];
      if (key === 'reference' && typeof value === 'string') {
        const m = PATIENT_REF.exec(value);
        if (m) out.add(m[1]!);
      } else if (typeof value === 'object' && key !== 'contained') {
        walk(value);
      }
    }
  };
  walk(resource);
  return out;
}
