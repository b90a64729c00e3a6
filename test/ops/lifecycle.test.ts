import { test } from 'node:test';
import assert from 'node:assert/strict';
import { migrate, openDb } from '@lienthong/server';
import { startTestApp } from '../support/test-app.js';

test('two migrations started at once apply each migration exactly once', async () => {
  const app = await startTestApp({ env: { LIENTHONG_JOBS: 'false' } });
  try {
    // A second connection pool to the same database, as a second server would have.
    const second = app.config.databaseUrl
      ? await openDb({ databaseUrl: app.config.databaseUrl, dataDir: ':memory:' })
      : app.db;
    try {
      const [a, b] = await Promise.all([migrate(app.db), migrate(second)]);
      assert.deepEqual([...a, ...b], [], 'the app already migrated on start');
      const { rows } = await app.db.query<{ n: string }>('SELECT count(*) AS n FROM schema_migration');
      const { rows: files } = await app.db.query<{ name: string }>(
        'SELECT name FROM schema_migration ORDER BY version',
      );
      assert.equal(Number(rows[0]!.n), files.length);
      assert.match(files[0]!.name, /^0001_/);
    } finally {
      if (second !== app.db) await second.close();
    }
  } finally {
    await app.close();
  }
});

test('graceful shutdown finishes the request in flight, then refuses new ones', async () => {
  const app = await startTestApp({ listen: true, env: { LIENTHONG_JOBS: 'false' } });
  const bundle = {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: Array.from({ length: 300 }, (_, i) => ({
      resource: { resourceType: 'Patient', name: [{ family: 'Lê', given: [`Khách ${i}`] }] },
      request: { method: 'POST', url: 'Patient' },
    })),
  };
  const inFlight = fetch(`${app.fhirUrl}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/fhir+json' },
    body: JSON.stringify(bundle),
  });
  await new Promise((r) => setTimeout(r, 50));
  const closing = app.close();
  const res = await inFlight;
  assert.equal(res.status, 200);
  const body = (await res.json()) as { entry: unknown[] };
  assert.equal(body.entry.length, 300);
  await closing;
  await assert.rejects(fetch(`${app.fhirUrl}/metadata`), 'the port is closed after shutdown');
});
