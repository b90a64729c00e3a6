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
  const signIn = await startSignIn(app, scope);
  await signIn.login(username, password);
  const token = await signIn.token();
  if (!token) throw new Error(`sign-in of ${username} failed`);
  return token;
}

/**
 * The sign-in of the authorization-code flow a step at a time, as a browser
 * does it (cookies kept): so a test sees each page the person sees — the
 * sign-in form, the "choose a new password" form — and the token at the end.
 */
export async function startSignIn(app: TestApp, scope = 'user/Patient.rs') {
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
      headers: { ...init.headers, cookie },
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
  let page = { status: res.status, html: await res.text() };
  let last = res;
  const submit = async (fields: Record<string, string>, to?: (action: string) => string) => {
    let action = /<form method="post" action="([^"]+)"/.exec(page.html)?.[1];
    if (action && to) action = to(action);
    if (!action) throw new Error(`no form on the page: ${page.html.slice(0, 300)}`);
    last = await step(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    page = { status: last.status, html: last.headers.get('location') ? '' : await last.text() };
    return page;
  };
  return {
    login: (username: string, password: string) => submit({ username, password }),
    changePassword: (newPassword: string, confirmPassword = newPassword) => submit({ newPassword, confirmPassword }),
    /** Posts a new password straight to the step after the sign-in form, as if the password had been checked. */
    skipToPasswordStep: (newPassword: string) =>
      submit({ newPassword, confirmPassword: newPassword }, (action) => action.replace(/\/login$/, '/password')),
    /** Follows the redirects to the app and trades the code for a token; undefined when no code came. */
    async token(): Promise<string | undefined> {
      let location = last.headers.get('location') ?? '';
      while (location && !location.startsWith(REDIRECT)) {
        last = await step(location);
        location = last.headers.get('location') ?? '';
      }
      const code = location ? new URL(location).searchParams.get('code') : null;
      if (!code) return undefined;
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
      return ((await token.json()) as { access_token?: string }).access_token;
    },
  };
}
