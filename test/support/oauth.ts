import { createHash, randomBytes } from 'node:crypto';
import type { TestApp } from './test-app.js';

/** A client-credentials token, as a facility system gets one. */
export async function clientToken(app: TestApp, clientId: string, secret: string, scope: string): Promise<string> {
  const res = await fetch(`${app.url}/oauth2/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: 'Basic ' + Buffer.from(`${clientId}:${secret}`).toString('base64'),
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope }),
  });
  const body = (await res.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`no token for ${clientId}: ${JSON.stringify(body)}`);
  return body.access_token;
}

const REDIRECT = 'http://127.0.0.1:5999/callback';

/** Registers the public test app (authorization code + PKCE) once. */
export async function ensureTestWebClient(app: TestApp): Promise<string> {
  if (!(await app.clients.get('test-web'))) {
    await app.clients.register({
      clientId: 'test-web',
      name: 'Test web app',
      role: 'clinician',
      authMethod: 'none',
      redirectUris: [REDIRECT],
      scope: 'user/*.cruds',
    });
  }
  return 'test-web';
}

/** Signs a person in through the real sign-in page (authorization code + PKCE). */
export async function userToken(app: TestApp, username: string, password: string, scope: string): Promise<string> {
  const clientId = await ensureTestWebClient(app);
  const verifier = randomBytes(32).toString('base64url');
  const authorize = new URL(`${app.url}/oauth2/authorize`);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: REDIRECT,
    scope: `openid ${scope}`,
    state: 's',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  const jar = new Map<string, string>();
  const step = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(new URL(url, app.url), {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers ?? {}), cookie },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    return res;
  };
  let res = await step(authorize.toString());
  res = await step(res.headers.get('location')!);
  const action = /action="([^"]+)"/.exec(await res.text())![1]!;
  res = await step(action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }).toString(),
  });
  let location = res.headers.get('location') ?? '';
  while (location && !location.startsWith(REDIRECT)) {
    res = await step(location);
    location = res.headers.get('location') ?? '';
  }
  const code = new URL(location).searchParams.get('code');
  if (!code) throw new Error(`sign-in of ${username} failed (${res.status})`);
  const token = await fetch(`${app.url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      client_id: clientId,
      code_verifier: verifier,
    }),
  });
  const body = (await token.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`no token for ${username}: ${JSON.stringify(body)}`);
  return body.access_token;
}
