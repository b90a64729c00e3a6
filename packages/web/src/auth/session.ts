/**
 * The signed-in session, kept in sessionStorage: it ends when the tab closes,
 * is not shared with other tabs, and is never written to localStorage or a
 * cookie readable by other pages (a shared ward computer is the usual case).
 */
export interface Session {
  accessToken: string;
  refreshToken?: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  name: string;
  /** Practitioner/… or Patient/… of the signed-in person, when the server names one. */
  fhirUser?: string;
  /** A resident's own Patient id (the token response's SMART `patient`): the app shows them their health book. */
  patientId?: string;
  scope: string;
}

const KEY = 'lienthong.session';
const PENDING = 'lienthong.signin';

export function loadSession(): Session | undefined {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(session: Session | undefined): void {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
}

/** What the app remembers between leaving for the sign-in page and coming back. */
export interface PendingSignIn {
  state: string;
  verifier: string;
  /** Where to go after signing in. */
  returnTo: string;
}

export function savePending(pending: PendingSignIn): void {
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
}

export function takePending(): PendingSignIn | undefined {
  const raw = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  return raw ? (JSON.parse(raw) as PendingSignIn) : undefined;
}
