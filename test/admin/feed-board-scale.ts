/*
 * How fast the data-feed board answers over a large feed_log: 200,000 visits
 * from 400 facilities over 90 days (a few refused), then GET /api/admin/feeds
 * timed 40 times; prints the median (p50) and p95. Not part of `npm test`;
 * run it by hand (docs/benchmarks.md "Data-feed board"):
 *
 *   node --conditions=development --import tsx test/admin/feed-board-scale.ts [rows]
 *
 * With DATABASE_URL set it uses a fresh database on that server, else PGlite.
 */
import { startTestApp } from '../support/test-app.js';

const ROWS = Number(process.argv[2] ?? 200_000);
const FACILITIES = 400;
const DAYS = 90;
const REQUESTS = 40;

const app = await startTestApp({ listen: true });
try {
  const started = performance.now();
  const batch = 10_000;
  for (let from = 0; from < ROWS; from += batch) {
    const n = Math.min(batch, ROWS - from);
    // Facility codes 75000–75399; half of them known as Organizations (organization_id set).
    await app.db.query(
      `INSERT INTO feed_log (facility_code, organization_id, source, ma_lk, received_at, outcome, problems)
       SELECT lpad((75000 + (i % $2))::text, 5, '0'),
              CASE WHEN i % 2 = 0 THEN 'org-' || (75000 + (i % $2)) END,
              'xml130', 'LK' || i,
              now() - make_interval(secs => (i::bigint * 7919 % ($3 * 86400))::double precision),
              CASE WHEN i % 97 = 0 THEN 'failed' ELSE 'imported' END,
              CASE WHEN i % 97 = 0 THEN '[{"rule":"x","message":{"vi":"lỗi","en":"error"}}]'::jsonb ELSE '[]'::jsonb END
         FROM generate_series($1::int, $1::int + $4 - 1) AS i`,
      [from, FACILITIES, DAYS, n],
    );
  }
  // What autovacuum does on a table at rest: statistics, and the visibility map that lets counts read only the index.
  await app.db.query('VACUUM ANALYZE feed_log');
  console.log(`inserted ${ROWS} feed rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const times: number[] = [];
  let facilities = 0;
  for (let i = 0; i < REQUESTS + 3; i++) {
    const t = performance.now();
    const res = await fetch(`${app.url}/api/admin/feeds?limit=100`);
    const body = (await res.json()) as { total: number };
    if (res.status !== 200) throw new Error(`GET /api/admin/feeds: ${res.status} ${JSON.stringify(body)}`);
    facilities = body.total;
    if (i >= 3) times.push(performance.now() - t); // the first three warm caches up
  }
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!.toFixed(1);
  console.log(
    `GET /api/admin/feeds over ${ROWS} rows, ${facilities} facilities (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}): p50 ${pct(50)} ms, p95 ${pct(95)} ms`,
  );
} finally {
  await app.close();
}
