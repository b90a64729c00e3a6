import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { FhirClient } from '../fhir/client';
import { endServerSession, refreshSession, revokeSession } from './oauth';
import { loadSession, saveSession, type Session } from './session';

/** Why the person is on the sign-in screen, to tell them. */
export type SignedOutReason = 'signed-out' | 'expired' | undefined;

export interface Auth {
  session: Session | undefined;
  fhir: FhirClient;
  signedIn: (session: Session) => void;
  signOut: () => Promise<void>;
  signedOutReason: SignedOutReason;
}

const AuthContext = createContext<Auth | undefined>(undefined);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | undefined>(loadSession);
  const [reason, setReason] = useState<SignedOutReason>();
  // The client reads the latest session through a ref: it outlives renders.
  const current = useRef(session);
  const renewing = useRef<Promise<string | undefined> | undefined>(undefined);

  const update = useCallback((next: Session | undefined) => {
    current.current = next;
    saveSession(next);
    setSession(next);
  }, []);

  const fhir = useMemo(
    () =>
      new FhirClient({
        token: () => current.current?.accessToken,
        renew: () => {
          // Several requests may fail at once when the token expires: refresh once.
          renewing.current ??= (async () => {
            const old = current.current;
            const next = old ? await refreshSession(old) : undefined;
            update(next);
            if (!next) setReason('expired');
            renewing.current = undefined;
            return next?.accessToken;
          })();
          return renewing.current;
        },
      }),
    [update],
  );

  const value = useMemo<Auth>(
    () => ({
      session,
      fhir,
      signedOutReason: reason,
      signedIn: (s) => {
        setReason(undefined);
        update(s);
      },
      signOut: async () => {
        const old = current.current;
        update(undefined);
        setReason('signed-out');
        if (old) await revokeSession(old);
        await endServerSession();
      },
    }),
    [session, fhir, reason, update],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}
