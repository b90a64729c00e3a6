import { useCallback, useEffect, useState } from 'react';
import type { Bundle, Organization, Person, Resource } from '@medplum/fhirtypes';
import { useAuth } from '../auth/auth-context';
import { FhirHttpError, type FhirClient } from '../fhir/client';
import { fetchEverything } from '../fhir/everything';
import { buildRecord, type LongitudinalRecord } from './build-record';
import { namesFromDisplays, unnamedFacilities } from './facility';
import { linkedPatientIds } from './person';

export type RecordState =
  | { phase: 'loading'; count: number }
  | { phase: 'ready'; record: LongitudinalRecord; names: ReadonlyMap<string, string> }
  | { phase: 'forbidden'; message: string; person: Person; patientIds: string[] }
  | { phase: 'not-found' }
  /** Even the master record is outside what the caller may see: no record ids to open. */
  | { phase: 'person-forbidden' }
  | { phase: 'error'; error: unknown };

/**
 * Loads the record of a master Person: `Patient/{id}/$everything` on one of
 * its linked records returns every record's data the caller may see. A 403
 * on every record means no care relationship: the page offers break-glass.
 */
export function useRecord(personId: string): { state: RecordState; reload: () => void } {
  const { fhir } = useAuth();
  const [state, setState] = useState<RecordState>({ phase: 'loading', count: 0 });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    let live = true;
    setState({ phase: 'loading', count: 0 });
    const progress = (count: number) => live && setState({ phase: 'loading', count });
    load(fhir, personId, progress)
      .then((s) => live && setState(s))
      .catch((error: unknown) => live && setState({ phase: 'error', error }));
    return () => {
      live = false;
    };
  }, [fhir, personId, generation]);
  return { state, reload };
}

async function load(fhir: FhirClient, personId: string, progress: (n: number) => void): Promise<RecordState> {
  let person: Person;
  try {
    person = await fhir.get<Person>(`Person/${encodeURIComponent(personId)}`);
  } catch (err) {
    if (err instanceof FhirHttpError && (err.status === 404 || err.status === 410)) return { phase: 'not-found' };
    if (err instanceof FhirHttpError && err.status === 403) return { phase: 'person-forbidden' };
    throw err;
  }
  const patientIds = linkedPatientIds(person);
  if (patientIds.length === 0) return { phase: 'not-found' };
  let refusal: FhirHttpError | undefined;
  for (const id of patientIds) {
    try {
      const resources = await fetchEverything(fhir, id, progress);
      if (!resources.some((r) => r.resourceType === 'Person')) resources.push(person);
      return { phase: 'ready', record: buildRecord(resources), names: await facilityNames(fhir, resources) };
    } catch (err) {
      // Another record of the same person may be one the caller's facility holds.
      if (err instanceof FhirHttpError && err.status === 403) refusal = err;
      else throw err;
    }
  }
  return { phase: 'forbidden', message: refusal?.message ?? '', person, patientIds };
}

/** Names of the facilities that references name only by id (shared reference data, readable by all). */
export async function facilityNames(fhir: FhirClient, resources: Resource[]): Promise<Map<string, string>> {
  const names = namesFromDisplays(resources);
  const missing = unnamedFacilities(resources, names);
  for (let i = 0; i < missing.length; i += 50) {
    const ids = missing.slice(i, i + 50).join(',');
    try {
      const bundle: Bundle<Organization> = await fhir.search<Organization>(
        `Organization?_id=${encodeURIComponent(ids)}&_elements=name&_count=50`,
      );
      for (const e of bundle.entry ?? [])
        if (e.resource?.id && e.resource.name) names.set(e.resource.id, e.resource.name);
    } catch {
      // Names are a help, not the record: ids are shown instead.
    }
  }
  return names;
}
