import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { startTestApp, type TestApp } from '../support/test-app.js';

let app: TestApp;
before(async () => {
  app = await startTestApp({ listen: true, auth: true });
});
after(async () => {
  await app.close();
});

const tokenUrl = (): string => `${app.url}/oauth2/token`;

async function clientCredentials(headers: Record<string, string>, body: Record<string, string>): Promise<Response> {
  return fetch(tokenUrl(), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ grant_type: 'client_credentials', ...body }),
  });
}

test('the FHIR API refuses a request without a token (401) but shows its metadata', async () => {
  const res = await fetch(`${app.fhirUrl}/Patient`);
  assert.equal(res.status, 401);
  assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
  const body = (await res.json()) as { resourceType: string };
  assert.equal(body.resourceType, 'OperationOutcome');
  assert.equal((await fetch(`${app.fhirUrl}/metadata`)).status, 200);
  const smart = (await (await fetch(`${app.fhirUrl}/.well-known/smart-configuration`)).json()) as {
    token_endpoint: string;
    capabilities: string[];
  };
  assert.equal(smart.token_endpoint, tokenUrl());
  assert.ok(smart.capabilities.includes('client-confidential-asymmetric'));
});

test('SMART Backend Services: a private_key_jwt assertion signed with jose gets a token that works', async () => {
  const { publicKey, privateKey } = await generateKeyPair('ES384');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'hospital-key-1', alg: 'ES384' };
  await app.clients.register({
    clientId: 'bv-dongnai-his',
    name: 'HIS Bệnh viện Đa khoa Đồng Nai',
    role: 'facility-system',
    organizationId: 'bv-dk-dong-nai',
    authMethod: 'private_key_jwt',
    jwks: { keys: [jwk] },
    scope: 'system/*.cruds',
  });
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: 'ES384', kid: 'hospital-key-1' })
    .setIssuer('bv-dongnai-his')
    .setSubject('bv-dongnai-his')
    .setAudience(tokenUrl())
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(privateKey);
  const res = await clientCredentials(
    {},
    {
      scope: 'system/Patient.cruds system/Observation.rs',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    },
  );
  const token = (await res.json()) as { access_token: string; scope: string; token_type: string; expires_in: number };
  assert.equal(res.status, 200, JSON.stringify(token));
  assert.equal(token.token_type, 'Bearer');
  assert.deepEqual(token.scope.split(' ').sort(), ['system/Observation.rs', 'system/Patient.cruds']);
  const auth = { authorization: `Bearer ${token.access_token}` };
  const created = await fetch(`${app.fhirUrl}/Patient`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/fhir+json' },
    body: JSON.stringify({ resourceType: 'Patient', name: [{ family: 'Phạm' }] }),
  });
  assert.equal(created.status, 201);
  // Read-only on Observation: a write is refused with 403.
  const denied = await fetch(`${app.fhirUrl}/Observation`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/fhir+json' },
    body: JSON.stringify({ resourceType: 'Observation', status: 'final', code: { text: 'x' } }),
  });
  assert.equal(denied.status, 403);
  assert.match(JSON.stringify(await denied.json()), /do not allow create/);
  // No scope on Encounter at all.
  assert.equal((await fetch(`${app.fhirUrl}/Encounter`, { headers: auth })).status, 403);

  // The same assertion cannot be replayed.
  const replay = await clientCredentials(
    {},
    {
      scope: 'system/Patient.rs',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    },
  );
  assert.equal(replay.status, 401);
});

test('forged, wrong-audience and unknown tokens are refused', async () => {
  const { privateKey } = await generateKeyPair('ES384');
  const forged = await new SignJWT({})
    .setProtectedHeader({ alg: 'ES384', kid: 'hospital-key-1' })
    .setIssuer('bv-dongnai-his')
    .setSubject('bv-dongnai-his')
    .setAudience(tokenUrl())
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(privateKey);
  const res = await clientCredentials(
    {},
    {
      scope: 'system/Patient.rs',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: forged,
    },
  );
  assert.equal(res.status, 401, 'an assertion signed with another key');
  const bogus = await fetch(`${app.fhirUrl}/Patient`, {
    headers: { authorization: `Bearer ${randomBytes(32).toString('base64url')}` },
  });
  assert.equal(bogus.status, 401);
  const wrongAudience = await clientCredentials(
    { authorization: 'Basic ' + Buffer.from('nobody:secret').toString('base64') },
    { scope: 'system/Patient.rs', resource: 'https://elsewhere.example/fhir' },
  );
  assert.equal(wrongAudience.status, 401);
});

test('an expired token is refused', async () => {
  const { secret } = await app.clients.register({
    clientId: 'expiring',
    name: 'expiring',
    role: 'facility-system',
    organizationId: 'org-x',
    authMethod: 'client_secret_basic',
    scope: 'system/*.rs',
  });
  const res = await clientCredentials(
    { authorization: 'Basic ' + Buffer.from(`expiring:${secret}`).toString('base64') },
    { scope: 'system/Patient.rs' },
  );
  const { access_token } = (await res.json()) as { access_token: string };
  // Five minutes later, as far as the token store is concerned.
  await app.db.query(
    `UPDATE oauth_model SET expires_at = now() - interval '1 second',
       payload = jsonb_set(payload, '{exp}', to_jsonb(extract(epoch FROM now())::bigint - 1)) WHERE id = $1`,
    [access_token],
  );
  const used = await fetch(`${app.fhirUrl}/Patient`, { headers: { authorization: `Bearer ${access_token}` } });
  assert.equal(used.status, 401);
  assert.match(JSON.stringify(await used.json()), /invalid, expired or revoked/);
});

test('client_secret_basic: the secret shown once works, rotation retires it, revocation ends the token', async () => {
  const { secret } = await app.clients.register({
    clientId: 'lab-dongnai',
    name: 'LIS',
    role: 'facility-system',
    authMethod: 'client_secret_basic',
    scope: 'system/*.rs',
  });
  assert.ok(secret && secret.length >= 32);
  const basic = (s: string): Record<string, string> => ({
    authorization: 'Basic ' + Buffer.from(`lab-dongnai:${s}`).toString('base64'),
  });
  const res = await clientCredentials(basic(secret), { scope: 'system/Patient.rs' });
  assert.equal(res.status, 200);
  const { access_token } = (await res.json()) as { access_token: string };
  assert.equal(
    (await fetch(`${app.fhirUrl}/Patient`, { headers: { authorization: `Bearer ${access_token}` } })).status,
    200,
  );

  // Asking for more than the client was registered for is not granted.
  const greedy = await clientCredentials(basic(secret), { scope: 'system/Patient.c system/Patient.r' });
  const greedyToken = (await greedy.json()) as { scope?: string };
  assert.equal(greedyToken.scope, 'system/Patient.r');

  // Introspection says active, revocation ends it.
  const introspect = async (): Promise<{ active: boolean }> =>
    (await (
      await fetch(`${app.url}/oauth2/introspect`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...basic(secret) },
        body: new URLSearchParams({ token: access_token }),
      })
    ).json()) as { active: boolean };
  assert.equal((await introspect()).active, true);
  const revoked = await fetch(`${app.url}/oauth2/revoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...basic(secret) },
    body: new URLSearchParams({ token: access_token }),
  });
  assert.equal(revoked.status, 200);
  assert.equal((await introspect()).active, false);
  assert.equal(
    (await fetch(`${app.fhirUrl}/Patient`, { headers: { authorization: `Bearer ${access_token}` } })).status,
    401,
  );

  const { secret: newSecret } = await app.clients.rotate('lab-dongnai');
  assert.equal((await clientCredentials(basic(secret), { scope: 'system/Patient.rs' })).status, 401);
  assert.equal((await clientCredentials(basic(newSecret!), { scope: 'system/Patient.rs' })).status, 200);
});

test('authorization code with PKCE: sign in as a resident, get a patient-context token with a refresh token', async () => {
  const patient = await app.services.store.write({
    resourceType: 'Patient',
    method: 'POST',
    resource: { resourceType: 'Patient', name: [{ family: 'Võ', given: ['Thị', 'Mai'] }] },
  });
  await app.users.create({
    username: 'mai.vo',
    displayName: 'Võ Thị Mai',
    role: 'resident',
    password: 'sổ sức khỏe của tôi',
    patientId: patient.resource.id!,
  });
  await app.clients.register({
    clientId: 'so-suc-khoe',
    name: 'Sổ sức khỏe điện tử',
    role: 'resident',
    authMethod: 'none',
    redirectUris: ['http://127.0.0.1:5999/callback'],
    scope: 'patient/*.rs',
  });
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const authorize = new URL(`${app.url}/oauth2/authorize`);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: 'so-suc-khoe',
    redirect_uri: 'http://127.0.0.1:5999/callback',
    scope: 'openid fhirUser launch/patient offline_access patient/*.rs',
    state: 'st-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();

  const jar = new Map<string, string>();
  const remember = (res: Response): void => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, v] = pair!.split('=');
      jar.set(k!, v ?? '');
    }
  };
  const cookies = (): string => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const step = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers ?? {}), cookie: cookies() },
    });
    remember(res);
    return res;
  };

  let res = await step(authorize.toString());
  assert.equal(res.status, 303);
  const loginUrl = new URL(res.headers.get('location')!, app.url).toString();
  res = await step(loginUrl);
  assert.equal(res.status, 200);
  const page = await res.text();
  assert.match(page, /Đăng nhập/);
  const action = /action="([^"]+)"/.exec(page)![1]!;

  // A wrong password shows the form again with the reason.
  res = await step(new URL(action, app.url).toString(), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: 'mai.vo', password: 'sai mật khẩu rồi' }).toString(),
  });
  assert.equal(res.status, 401);
  assert.match(await res.text(), /Sai tên đăng nhập hoặc mật khẩu/);
  const failed = await app.db.query<{ outcome: string }>(
    `SELECT outcome FROM audit_event WHERE content LIKE '%failed sign-in of mai.vo%'`,
  );
  assert.deepEqual(
    failed.rows.map((r) => r.outcome),
    ['4'],
    'the failed sign-in is audited',
  );

  res = await step(new URL(action, app.url).toString(), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: 'mai.vo', password: 'sổ sức khỏe của tôi' }).toString(),
  });
  assert.equal(res.status, 303);
  // Follow the redirects back through the authorization endpoint to the app.
  let location = res.headers.get('location')!;
  while (!location.startsWith('http://127.0.0.1:5999/callback')) {
    res = await step(new URL(location, app.url).toString());
    assert.ok([302, 303].includes(res.status), `unexpected ${res.status} at ${location}`);
    location = res.headers.get('location')!;
  }
  const callback = new URL(location);
  assert.equal(callback.searchParams.get('state'), 'st-1');
  const code = callback.searchParams.get('code')!;

  const tokenRes = await fetch(tokenUrl(), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'http://127.0.0.1:5999/callback',
      client_id: 'so-suc-khoe',
      code_verifier: verifier,
    }),
  });
  const token = (await tokenRes.json()) as {
    access_token: string;
    refresh_token?: string;
    patient?: string;
    scope: string;
  };
  assert.equal(tokenRes.status, 200, JSON.stringify(token));
  assert.equal(token.patient, patient.resource.id);
  assert.ok(token.refresh_token, 'offline_access gives a refresh token');
  assert.ok(token.scope.includes('patient/*.rs'));
  const read = await fetch(`${app.fhirUrl}/Patient/${patient.resource.id}`, {
    headers: { authorization: `Bearer ${token.access_token}` },
  });
  assert.equal(read.status, 200);

  const refreshed = await fetch(tokenUrl(), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: token.refresh_token!,
      client_id: 'so-suc-khoe',
    }),
  });
  assert.equal(refreshed.status, 200);

  // A code cannot be used twice, and PKCE is required.
  const again = await fetch(tokenUrl(), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'http://127.0.0.1:5999/callback',
      client_id: 'so-suc-khoe',
      code_verifier: verifier,
    }),
  });
  assert.equal(again.status, 400);
});
