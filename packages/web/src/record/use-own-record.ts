import { useCallback, useEffect, useState } from 'react';
import { useAuth } from '../auth/auth-context';
import { fetchEverything } from '../fhir/everything';
import { buildRecord, type LongitudinalRecord } from './build-record';
import { facilityNames } from './use-record';

export type OwnRecordState =
  | { phase: 'loading'; count: number }
  | { phase: 'ready'; record: LongitudinalRecord; names: ReadonlyMap<string, string> }
  | { phase: 'error'; error: unknown };

/**
 * A resident's own record: `Patient/{id}/$everything` on the Patient their
 * account belongs to. The server's resident rule returns only that Patient's
 * compartment; the app asks for nothing else.
 */
export function useOwnRecord(patientId: string): { state: OwnRecordState; reload: () => void } {
  const { fhir } = useAuth();
  const [state, setState] = useState<OwnRecordState>({ phase: 'loading', count: 0 });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    let live = true;
    setState({ phase: 'loading', count: 0 });
    (async () => {
      const resources = await fetchEverything(
        fhir,
        patientId,
        (count) => live && setState({ phase: 'loading', count }),
      );
      const names = await facilityNames(fhir, resources);
      if (live) setState({ phase: 'ready', record: buildRecord(resources), names });
    })().catch((error: unknown) => live && setState({ phase: 'error', error }));
    return () => {
      live = false;
    };
  }, [fhir, patientId, generation]);
  return { state, reload };
}
