import type { Bundle, Resource } from '@medplum/fhirtypes';
import { FhirClient } from './client';

const PAGE = 500;

/**
 * Every resource of a person, through `Patient/{id}/$everything` (all the
 * records linked to the same person, and what they refer to in support),
 * page after page. `onProgress` tells
 * how many have arrived, for the loading message of a long history.
 */
export async function fetchEverything(
  fhir: FhirClient,
  patientId: string,
  onProgress?: (count: number) => void,
): Promise<Resource[]> {
  const out: Resource[] = [];
  // A supporting resource (the facility, a doctor) comes with every page whose records name it: keep it once.
  const seen = new Set<string>();
  let path: string | undefined = `Patient/${encodeURIComponent(patientId)}/$everything?_count=${PAGE}`;
  // A bound on pages, in case a server's next link never ends.
  for (let page = 0; path && page < 200; page++) {
    const bundle: Bundle = await fhir.search(path);
    for (const { resource } of bundle.entry ?? []) {
      const key = resource ? `${resource.resourceType}/${resource.id}` : '';
      if (resource && !seen.has(key)) {
        seen.add(key);
        out.push(resource);
      }
    }
    onProgress?.(out.length);
    const next = bundle.link?.find((l) => l.relation === 'next')?.url;
    path = next ? FhirClient.relative(next) : undefined;
  }
  return out;
}
