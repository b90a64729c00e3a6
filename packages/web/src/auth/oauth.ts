import { challengeOf, randomToken } from './pkce';
import { savePending, takePending, type Session } from './session';

/**
 * Sign-in through the platform's own OAuth server: authorization code with
 * PKCE, as the public client `lienthong-web` that the server registers for
 * itself (packages/server/src/auth/web-client.ts). Same origin, so no CORS.
 */
export const CLIENT_ID = 'lienthong-web';
export const CALLBACK_PATH = '/auth/callback';

/**
 * Every scope the app's screens may use. The server keeps, per scope, only
 * what the person's role allows and drops the rest (docs/security/access-policy.md),
 * so one request serves every role: staff keep `user/…`, a resident keeps
 * `patient/*.rs patient/Consent.cruds`, and their token response then names
 * their Patient.
 */
const SCOPE = [
  'openid',
  'fhirUser',
  'profile',
  'offline_access',
  'user/*.cruds',
  'user/*.rs',
  'patient/*.rs',
  'patient/Consent.cruds',
].join(' ');

function redirectUri(): string {
  return `${location.origin}${CALLBACK_PATH}`;
}

export async function startSignIn(returnTo: string, lang: string): Promise<void> {
  const state = randomToken(16);
  const verifier = randomToken(32);
  savePending({ state, verifier, returnTo });
  const url = new URL('/oauth2/authorize', location.origin);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: redirectUri(),
    scope: SCOPE,
    state,
    code_challenge: await challengeOf(verifier),
    code_challenge_method: 'S256',
    // After a sign-out the server's sign-in cookie would let the next person
    // in without a password: always ask for it.
    prompt: 'login',
    ui_locales: lang,
  }).toString();
  location.assign(url.toString());
}

export class SignInError extends Error {}

/** The callback: checks the state, exchanges the code for tokens. */
export async function completeSignIn(search: string): Promise<{ session: Session; returnTo: string }> {
  const params = new URLSearchParams(search);
  const pending = takePending();
  const error = params.get('error');
  if (error) throw new SignInError(params.get('error_description') ?? error);
  if (!pending || pending.state !== params.get('state')) throw new SignInError('state');
  const code = params.get('code');
  if (!code) throw new SignInError('no code');
  const session = await tokenRequest({
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri(),
    client_id: CLIENT_ID,
    code_verifier: pending.verifier,
  });
  return { session, returnTo: pending.returnTo };
}

/** A new access token from the refresh token (access tokens live 15 minutes). */
export async function refreshSession(session: Session): Promise<Session | undefined> {
  if (!session.refreshToken) return undefined;
  try {
    const next = await tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: session.refreshToken,
      client_id: CLIENT_ID,
    });
    return {
      ...next,
      name: next.name || session.name,
      ...(session.fhirUser ? { fhirUser: session.fhirUser } : {}),
      ...(session.patientId && !next.patientId ? { patientId: session.patientId } : {}),
    };
  } catch {
    return undefined;
  }
}

/** Revokes both tokens, so a copy left anywhere stops working at once. */
export async function revokeSession(session: Session): Promise<void> {
  const revoke = (token: string) =>
    fetch('/oauth2/revoke', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, client_id: CLIENT_ID }),
    }).catch(() => undefined);
  await Promise.all([revoke(session.accessToken), ...(session.refreshToken ? [revoke(session.refreshToken)] : [])]);
}

/**
 * Ends the OAuth server's own sign-in session (its cookie), so that no app —
 * this one without `prompt=login`, or another on the same browser — gets in
 * as the person who signed out. The server's sign-out page (RP-initiated
 * logout) is fetched for its form's anti-forgery token and submitted, without
 * showing it: same origin, so the session cookie goes with both requests.
 */
export async function endServerSession(): Promise<void> {
  try {
    const res = await fetch(`/oauth2/logout?${new URLSearchParams({ client_id: CLIENT_ID }).toString()}`);
    // The form as the OAuth server writes it (oidc-provider's end_session); read with
    // patterns, because parsing the whole page would apply its inline style under the app's CSP.
    const html = await res.text();
    const form = /<form id="op\.logoutForm"[^>]*action="([^"]+)"[^>]*>[\s\S]*?<\/form>/.exec(html);
    const xsrf = form ? /name="xsrf" value="([^"]+)"/.exec(form[0])?.[1] : undefined;
    // The action is absolute, on the server's configured base; the app may be reached by
    // another name (localhost, 127.0.0.1), so only its path is followed, on this origin.
    const action = new URL(form?.[1] ?? '', location.origin).pathname;
    if (!xsrf || !action.startsWith('/oauth2/')) return;
    await fetch(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf, logout: 'yes' }),
    });
  } catch {
    // The tokens are revoked already, and the next sign-in asks for a password (prompt=login).
  }
}

interface TokenResponse {
  access_token?: string;
  refresh_token?: string;
  expires_in?: number;
  id_token?: string;
  scope?: string;
  /** SMART launch context: a resident's own Patient. */
  patient?: string;
  error?: string;
  error_description?: string;
}

async function tokenRequest(form: Record<string, string>): Promise<Session> {
  const res = await fetch('/oauth2/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  const body = (await res.json()) as TokenResponse;
  if (!res.ok || !body.access_token) throw new SignInError(body.error_description ?? body.error ?? String(res.status));
  const claims = body.id_token ? idTokenClaims(body.id_token) : {};
  return {
    accessToken: body.access_token,
    ...(body.refresh_token ? { refreshToken: body.refresh_token } : {}),
    expiresAt: Date.now() + (body.expires_in ?? 900) * 1000,
    name: typeof claims.name === 'string' ? claims.name : '',
    ...(typeof claims.fhirUser === 'string' ? { fhirUser: claims.fhirUser } : {}),
    ...(body.patient ? { patientId: body.patient } : {}),
    scope: body.scope ?? '',
  };
}

/**
 * The ID token's claims, for showing who is signed in. Not verified: the
 * token came straight from our own server over the same origin, and nothing
 * is granted on its strength (the server checks the access token).
 */
function idTokenClaims(idToken: string): Record<string, unknown> {
  try {
    const payload = idToken.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    return {};
  }
}
