import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { JobQueue, type ChangeEvent } from '@lienthong/server';
import { startTestApp, type TestApp } from '../support/test-app.js';

let app: TestApp;
before(async () => {
  // The app's own workers are off: this test drives its own queue.
  app = await startTestApp({ listen: true, env: { LIENTHONG_JOBS: 'false' } });
});
after(async () => {
  await app.close();
});

async function post(body: object): Promise<{ status: number; id?: string }> {
  const res = await app.http.inject({
    method: 'POST',
    url: '/fhir/Patient',
    headers: { 'content-type': 'application/fhir+json' },
    payload: JSON.stringify(body),
  });
  return { status: res.statusCode, id: (res.json() as { id?: string }).id };
}

test('every committed write reaches every subscriber once, taken in the order of the changes', async () => {
  const queue = new JobQueue(app.db, { backoffSeconds: () => 0 });
  const seenA: ChangeEvent[] = [];
  const seenB: ChangeEvent[] = [];
  queue.subscribe('a', async (e) => void seenA.push(e));
  queue.subscribe('b', async (e) => void seenB.push(e));
  const { id } = await post({ resourceType: 'Patient', gender: 'female' });
  await app.http.inject({
    method: 'PUT',
    url: `/fhir/Patient/${id}`,
    headers: { 'content-type': 'application/fhir+json' },
    payload: JSON.stringify({ resourceType: 'Patient', id, gender: 'male' }),
  });
  await app.http.inject({ method: 'DELETE', url: `/fhir/Patient/${id}` });
  await queue.drain();
  const mine = (events: ChangeEvent[]): string[] =>
    events.filter((e) => e.id === id).map((e) => `${e.action}:${e.versionId}`);
  assert.deepEqual(mine(seenA), ['POST:1', 'PUT:2', 'DELETE:3']);
  assert.deepEqual(mine(seenB), ['POST:1', 'PUT:2', 'DELETE:3']);
  assert.deepEqual(await queue.stats().then((s) => [s.outbox, s.ready]), [0, 0]);
});

test('the jobs of a batch run at once, so a slow job does not hold up the others', async () => {
  const queue = new JobQueue(app.db, { backoffSeconds: () => 0 });
  await queue.drain();
  // Each job waits until the other has started: run one after another, neither could finish.
  let started = 0;
  let bothStarted: () => void = () => undefined;
  const together = new Promise<void>((resolve) => (bothStarted = resolve));
  queue.subscribe('slow', async () => {
    if (++started === 2) bothStarted();
    await together;
  });
  await post({ resourceType: 'Patient', gender: 'female' });
  await post({ resourceType: 'Patient', gender: 'male' });
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error('the second job never started while the first ran')), 5000).unref(),
  );
  await Promise.race([queue.drain(), timeout]);
  assert.equal(started, 2);
  assert.equal((await queue.stats()).processed, 2);
});

test('stopping the worker ends its round after the current batch, not after the whole backlog', async () => {
  const queue = new JobQueue(app.db, { backoffSeconds: () => 0 });
  await queue.drain();
  for (let i = 0; i < 120; i++) await post({ resourceType: 'Patient', gender: 'unknown' });
  let ran = 0;
  let firstRan: () => void = () => undefined;
  const first = new Promise<void>((resolve) => (firstRan = resolve));
  queue.subscribe('slow', async () => {
    ran++;
    firstRan();
    await new Promise((resolve) => setTimeout(resolve, 20));
  });
  queue.start();
  await first;
  await queue.stop();
  assert.ok(ran > 0 && ran <= 50, `one batch at most ran before the stop returned (${ran} of 120)`);
  await queue.drain();
  assert.equal(ran, 120, 'the rest is run later');
});

test('the server answers requests while the worker works off a backlog', async () => {
  const queue = new JobQueue(app.db, { backoffSeconds: () => 0 });
  await queue.drain();
  for (let i = 0; i < 200; i++) await post({ resourceType: 'Patient', gender: 'unknown' });
  // Each job is 5 ms of database work. The embedded database answers without I/O:
  // a worker that never gave the event loop back starved HTTP until the backlog was gone.
  queue.subscribe('busy', async () => void (await app.db.query('SELECT pg_sleep(0.005)')));
  queue.start();
  try {
    const started = Date.now();
    const res = await fetch(`${app.url}/healthz`, { signal: AbortSignal.timeout(20_000) });
    assert.equal(res.status, 200);
    const { ready, outbox } = await queue.stats();
    assert.ok(ready + outbox > 0, `answered in ${Date.now() - started} ms, before the backlog was worked off`);
  } finally {
    await queue.stop();
  }
  await queue.drain();
});

test('while the server is busy, the worker runs one batch a second, and catches up when the load drops', async () => {
  const queue = new JobQueue(app.db, { backoffSeconds: () => 0, pollMs: 20 });
  await queue.drain();
  for (let i = 0; i < 200; i++) await post({ resourceType: 'Patient', gender: 'unknown' });
  const ranAt: number[] = [];
  queue.subscribe('background', async () => void ranAt.push(Date.now()));
  let busy = true;
  queue.start(() => busy);
  try {
    await new Promise((resolve) => setTimeout(resolve, 2500));
    assert.ok(ranAt.length > 0, 'work goes on under load');
    const first = ranAt[0]!;
    const inFirstSecond = ranAt.filter((t) => t - first < 950).length;
    assert.ok(inFirstSecond <= 50, `one batch (50 jobs) in the first second of load, not ${inFirstSecond}`);
    assert.ok(ranAt.length > 50, `a second batch a second later (${ranAt.length} ran in 2.5 s)`);
    assert.ok(ranAt.length <= 150, `three batches at most in 2.5 s of load, not ${ranAt.length} jobs`);
    busy = false;
    const deadline = Date.now() + 10_000;
    while (ranAt.length < 200 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(ranAt.length, 200, 'the load dropped: the rest ran');
  } finally {
    await queue.stop();
  }
});

test('a subscriber to some resource types gets only their changes', async () => {
  const queue = new JobQueue(app.db, { backoffSeconds: () => 0 });
  const patients: ChangeEvent[] = [];
  const everything: ChangeEvent[] = [];
  queue.subscribe('patients', async (e) => void patients.push(e), ['Patient']);
  queue.subscribe('all', async (e) => void everything.push(e));
  await queue.drain();
  [patients.length, everything.length] = [0, 0];
  const { id } = await post({ resourceType: 'Patient', gender: 'female' });
  const obs = await app.http.inject({
    method: 'POST',
    url: '/fhir/Observation',
    headers: { 'content-type': 'application/fhir+json' },
    payload: JSON.stringify({ resourceType: 'Observation', status: 'final', code: { text: 'x' } }),
  });
  assert.equal(obs.statusCode, 201);
  await queue.drain();
  assert.deepEqual(
    patients.map((e) => `${e.resourceType}/${e.id}`),
    [`Patient/${id}`],
  );
  assert.deepEqual(
    everything.map((e) => e.resourceType),
    ['Patient', 'Observation'],
  );
});

test('a rejected write emits no event', async () => {
  const queue = new JobQueue(app.db, { backoffSeconds: () => 0 });
  const seen: ChangeEvent[] = [];
  queue.subscribe('a', async (e) => void seen.push(e));
  await queue.drain();
  seen.length = 0;
  const bad = await post({ resourceType: 'Patient', birthDate: 'not a date' });
  assert.equal(bad.status, 400);
  await queue.drain();
  assert.equal(seen.length, 0);
});

test('a failing subscriber is retried, then parked in job_failed', async () => {
  const queue = new JobQueue(app.db, { backoffSeconds: () => 0, maxAttempts: 3 });
  let calls = 0;
  let flakyOk = 0;
  queue.subscribe('always-fails', async () => {
    calls++;
    throw new Error('downstream unavailable');
  });
  queue.subscribe('fails-once', async (_e, attempt) => {
    if (attempt === 1) throw new Error('first try fails');
    flakyOk++;
  });
  await post({ resourceType: 'Patient', gender: 'other' });
  await queue.drain();
  assert.equal(calls, 3, 'three attempts');
  assert.equal(flakyOk, 1, 'the flaky subscriber succeeded on its second attempt');
  const { rows } = await app.db.query<{ queue: string; attempts: number; last_error: string }>(
    'SELECT queue, attempts, last_error FROM job_failed',
  );
  assert.deepEqual(
    rows.map((r) => [r.queue, Number(r.attempts), r.last_error]),
    [['always-fails', 3, 'downstream unavailable']],
  );
  const stats = await queue.stats();
  assert.equal(stats.failed, 1);
  assert.equal(stats.ready, 0);
});
