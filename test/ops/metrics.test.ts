import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/test-app.js';

let app: TestApp;
before(async () => {
  app = await startTestApp({ env: { LIENTHONG_JOBS: 'false' } });
});
after(async () => {
  await app.close();
});

function sample(text: string, name: string, labels: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line ? Number(line.split(' ').pop()) : undefined;
}

test('/metrics counts requests by interaction and status, with latency and queue depth', async () => {
  const created = await app.http.inject({
    method: 'POST',
    url: '/fhir/Patient',
    headers: { 'content-type': 'application/fhir+json' },
    payload: '{"resourceType":"Patient"}',
  });
  assert.equal(created.statusCode, 201);
  const id = (created.json() as { id: string }).id;
  await app.http.inject({ method: 'GET', url: `/fhir/Patient/${id}` });
  await app.http.inject({ method: 'GET', url: `/fhir/Patient/${id}` });
  await app.http.inject({ method: 'GET', url: '/fhir/Patient/does-not-exist' });
  await app.http.inject({ method: 'GET', url: '/fhir/Patient?gender=female' });

  const res = await app.http.inject({ method: 'GET', url: '/metrics' });
  assert.equal(res.statusCode, 200);
  assert.match(res.headers['content-type'] as string, /text\/plain/);
  const text = res.body;
  assert.equal(sample(text, 'lienthong_http_requests_total', 'interaction="create",status="201"'), 1);
  assert.equal(sample(text, 'lienthong_http_requests_total', 'interaction="read",status="200"'), 2);
  assert.equal(sample(text, 'lienthong_http_requests_total', 'interaction="read",status="404"'), 1);
  assert.equal(sample(text, 'lienthong_http_requests_total', 'interaction="search",status="200"'), 1);
  assert.equal(sample(text, 'lienthong_http_request_duration_seconds_count', 'interaction="read"'), 3);
  // The app's workers are off, so the create is still waiting in the outbox.
  assert.equal(sample(text, 'lienthong_queue_depth', 'stage="outbox"'), 1);
  assert.ok(sample(text, 'lienthong_db_pool_connections', 'state="total"')! >= 1);
});

test('/healthz answers 503 when the database is gone', async () => {
  const other = await startTestApp({ env: { LIENTHONG_JOBS: 'false' } });
  try {
    assert.equal((await other.http.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
    await other.db.close();
    const down = await other.http.inject({ method: 'GET', url: '/healthz' });
    assert.equal(down.statusCode, 503);
    assert.equal((down.json() as { status: string }).status, 'unavailable');
  } finally {
    await other.close();
  }
});
