import { useCallback, useEffect, useState } from 'react';
import { FhirHttpError } from '../fhir/client';

export type Load<T> =
  { phase: 'loading' } | { phase: 'ready'; data: T } | { phase: 'forbidden' } | { phase: 'error'; error: unknown };

/**
 * Loads what a screen shows, again whenever `key` changes or `reload` is
 * called; a 403 is its own state (the server decides who is an
 * administrator; the screen says so in words).
 */
export function useAdminLoad<T>(load: () => Promise<T>, key: string): { state: Load<T>; reload: () => void } {
  const [state, setState] = useState<Load<T>>({ phase: 'loading' });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  useEffect(() => {
    let live = true;
    setState((s) => (s.phase === 'ready' ? s : { phase: 'loading' }));
    load()
      .then((data) => live && setState({ phase: 'ready', data }))
      .catch((error: unknown) => {
        if (!live) return;
        setState(
          error instanceof FhirHttpError && error.status === 403 ? { phase: 'forbidden' } : { phase: 'error', error },
        );
      });
    return () => {
      live = false;
    };
    // `load` is rebuilt every render; `key` says when what it loads has changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, generation]);
  return { state, reload };
}
