import { useMemo, useRef } from 'react';
import { useAuth } from '../auth/auth-context';
import { FhirHttpError, NetworkError } from '../fhir/client';

/**
 * The administration API (/api/admin, docs/operations/administration.md)
 * with the signed-in administrator's token. Errors come back as
 * FhirHttpError (status and the server's message), so the app's error
 * states read them like any other refusal.
 */
export interface AdminApi {
  get<T>(path: string): Promise<T>;
  send<T>(method: 'POST' | 'PATCH' | 'PUT', path: string, body?: unknown): Promise<T>;
}

export function useAdminApi(): AdminApi {
  const { session, fhir } = useAuth();
  // Requests read the latest token: a refresh replaces the session while a page is open.
  const token = useRef(session?.accessToken);
  token.current = session?.accessToken;
  return useMemo(() => {
    const request = async <T>(method: string, path: string, body?: unknown, retried = false): Promise<T> => {
      let res: Response;
      try {
        res = await fetch(`/api/admin${path}`, {
          method,
          headers: {
            accept: 'application/json',
            ...(token.current ? { authorization: `Bearer ${token.current}` } : {}),
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        });
      } catch {
        throw new NetworkError('network');
      }
      if (res.status === 401 && !retried) {
        // An expired token: any FHIR request refreshes the session (auth-context); then try once more.
        await fhir.search('Organization?_count=0&_summary=count').catch(() => undefined);
        return request<T>(method, path, body, true);
      }
      const text = await res.text();
      const json = text ? (JSON.parse(text) as { message?: string }) : undefined;
      if (!res.ok) {
        throw new FhirHttpError(
          res.status,
          json?.message ?? res.statusText,
          res.headers.get('x-request-id') ?? undefined,
        );
      }
      return json as T;
    };
    return {
      get: <T>(path: string) => request<T>('GET', path),
      send: <T>(method: 'POST' | 'PATCH' | 'PUT', path: string, body?: unknown) => request<T>(method, path, body),
    };
  }, [fhir]);
}
