import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/test-app.js';

let app: TestApp;
before(async () => {
  app = await startTestApp({ listen: true });
});
after(async () => {
  await app.close();
});

test('create, read and find a Vietnamese name without diacritics', async () => {
  const created = await fetch(`${app.fhirUrl}/Patient`, {
    method: 'POST',
    headers: { 'content-type': 'application/fhir+json' },
    body: JSON.stringify({
      resourceType: 'Patient',
      name: [{ family: 'Nguyễn', given: ['Văn', 'An'], text: 'Nguyễn Văn An' }],
      birthDate: '1980-05-02',
    }),
  });
  assert.equal(created.status, 201);
  const location = created.headers.get('location')!;
  assert.match(location, /\/fhir\/Patient\/[\w-]+\/_history\/1$/);
  const patient = (await created.json()) as { id: string };
  const read = await fetch(`${app.fhirUrl}/Patient/${patient.id}`);
  assert.equal(read.status, 200);
  assert.equal(read.headers.get('etag'), 'W/"1"');
  const found = (await (await fetch(`${app.fhirUrl}/Patient?name=nguyen%20van%20an&birthdate=1980`)).json()) as {
    total: number;
    entry: { resource: { id: string } }[];
  };
  assert.equal(found.total, 1);
  assert.equal(found.entry[0]!.resource.id, patient.id);
});

test('health check answers from the database', async () => {
  const res = await fetch(`${app.url}/healthz`);
  assert.equal(res.status, 200);
  const body = (await res.json()) as { database: string };
  assert.equal(body.database, process.env.DATABASE_URL ? 'postgres' : 'pglite');
});

test('API answers carry the security headers', async () => {
  const res = await fetch(`${app.fhirUrl}/metadata`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
  assert.equal(res.headers.get('x-frame-options'), 'SAMEORIGIN');
  assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
  assert.match(res.headers.get('content-security-policy') ?? '', /style-src 'self' 'unsafe-inline'/);
  // Plain HTTP in tests: no HSTS, which would pin browsers to an HTTPS port that is not there.
  assert.equal(res.headers.get('strict-transport-security'), null);
  assert.equal(res.headers.get('x-powered-by'), null);
});
