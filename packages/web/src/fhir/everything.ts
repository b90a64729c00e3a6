import type { Bundle, Resource } from '@medplum/fhirtypes';
import { FhirClient } from './client';

const PAGE = 500;

/**
 * Every resource of a person, through `Patient/{id}/$everything` (all the
 * records linked to the same person), page after page. `onProgress` tells
 * how many have arrived, for the loading message of a long history.
 */
export async function fetchEverything(
  fhir: FhirClient,
  patientId: string,
  onProgress?: (count: number) => void,
): Promise<Resource[]> {
  const out: Resource[] = [];
  let path: string | undefined = `Patient/${encodeURIComponent(patientId)}/$everything?_count=${PAGE}`;
  // A bound on pages, in case a server's next link never ends.
  for (let page = 0; path && page < 200; page++) {
    const bundle: Bundle = await fhir.search(path);
    for (const entry of bundle.entry ?? []) if (entry.resource) out.push(entry.resource);
    onProgress?.(out.length);
    const next = bundle.link?.find((l) => l.relation === 'next')?.url;
    path = next ? FhirClient.relative(next) : undefined;
  }
  return out;
}
