// npm run bench -- web-tti: time to interactive of the clinician's record
// page for a patient with five years of history (issue 7), and the size of
// the JavaScript and CSS the app ships. See docs/benchmarks.md.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { figure, type BenchContext, type BenchResult, type Benchmark } from '../lib/bench.js';
import { log } from '../lib/report.js';
import { startServer } from '../lib/server-process.js';
import { Latencies, type LatencySummary } from '../lib/stats.js';
import { freshTarget } from '../lib/target.js';
import { openInProcess } from '../dataset.js';
import { QUIET_MS, RecordPageDriver, type LoadTiming } from './web-tti-browser.js';
import { loadTtiDataset } from './web-tti-data.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const DIST = join(ROOT, 'packages/web/dist');
const USERNAME = 'bacsi.bench';
const PASSWORD = 'mật khẩu đo hiệu năng 2026';
/** Fresh browser profiles (empty cache, signed in anew), each followed by warm reloads. */
const COLD_LOADS = 10;
const WARM_PER_COLD = 2;
/** The issue's goal for the record page, in ms. */
const GOAL_MS = 1500;

export const webTti: Benchmark = {
  name: 'web-tti',
  summary: `record page of a 5-year history in Chromium: time to interactive, cold and warm (goal ≤ ${GOAL_MS} ms); JS/CSS shipped`,
  async run(ctx: BenchContext): Promise<BenchResult> {
    log('web-tti: building the web app (packages/web/dist)');
    execFileSync('npm', ['run', 'build', '--workspace', 'packages/web'], { cwd: ROOT, stdio: 'ignore' });
    const shipped = bundleSizes();

    const target = await freshTarget('webtti');
    try {
      const app = await openInProcess(target);
      let data;
      let personId: string;
      try {
        data = await loadTtiDataset(app, ctx.options.seed);
        await app.users.create({
          username: USERNAME,
          role: 'clinician',
          displayName: 'BS. Đo Hiệu Năng',
          password: PASSWORD,
          organizationId: data.facilityId,
        });
        const { rows } = await app.db.query<{ person_id: string }>(
          'SELECT person_id FROM mpi_record WHERE patient_id = $1',
          [data.patientId],
        );
        if (!rows[0]) throw new Error(`Patient/${data.patientId} has no master record`);
        personId = rows[0].person_id;
      } finally {
        await app.close();
      }

      const server = await startServer(target, {
        mode: ctx.options.server,
        logLevel: ctx.options.logLevel,
        jobs: false,
        env: { LIENTHONG_AUTH: 'on' },
      });
      const cold: LoadTiming[] = [];
      const warm: LoadTiming[] = [];
      let driver: RecordPageDriver | undefined;
      let received = 0;
      try {
        driver = await RecordPageDriver.launch(server.url, USERNAME, PASSWORD);
        const path = `/person/${encodeURIComponent(personId)}`;
        // One unmeasured load: the server's first $everything plans its queries and fills its caches.
        {
          const { context, page } = await driver.signedIn();
          await driver.warm(page, path);
          received = await driver.everythingCount(page, data.patientId);
          await context.close();
        }
        for (let i = 0; i < COLD_LOADS; i++) {
          const { context, page } = await driver.signedIn();
          cold.push(await driver.cold(page, path));
          for (let j = 0; j < WARM_PER_COLD; j++) warm.push(await driver.warm(page, path));
          await context.close();
          log(
            `web-tti: ${i + 1}/${COLD_LOADS} cold ${Math.round(cold.at(-1)!.tti)} ms, warm ${warm
              .slice(-WARM_PER_COLD)
              .map((w) => Math.round(w.tti))
              .join(', ')} ms`,
          );
        }
      } finally {
        await driver?.close();
        await server.stop();
      }

      const c = summary(cold, (t) => t.tti);
      const w = summary(warm, (t) => t.tti);
      const resources = Object.values(data.history).reduce((s, n) => s + n, 0);
      return {
        figures: [
          figure({
            name: 'record page TTI, cold, median',
            unit: 'ms',
            value: c.p50,
            goal: { op: '<=', value: GOAL_MS },
          }),
          figure({ name: 'record page TTI, cold, p95', unit: 'ms', value: c.p95 }),
          figure({
            name: 'record page TTI, warm, median',
            unit: 'ms',
            value: w.p50,
            goal: { op: '<=', value: GOAL_MS },
          }),
          figure({ name: 'record page TTI, warm, p95', unit: 'ms', value: w.p95 }),
          figure({ name: 'first contentful paint, cold, median', unit: 'ms', value: summary(cold, (t) => t.fcp).p50 }),
          figure({ name: 'record rendered, cold, median', unit: 'ms', value: summary(cold, (t) => t.rendered).p50 }),
          figure({
            name: '$everything (all pages), cold, median',
            unit: 'ms',
            value: summary(cold, (t) => t.everythingMs).p50,
          }),
          figure({ name: 'long tasks, cold, median total', unit: 'ms', value: summary(cold, (t) => t.longTaskMs).p50 }),
          figure({ name: 'resources in the history', unit: 'resources', value: resources }),
          figure({ name: 'resources the page receives ($everything)', unit: 'resources', value: received }),
          figure({ name: 'JavaScript shipped', unit: 'bytes', value: shipped.js.raw, note: `${shipped.js.gzip} gzip` }),
          figure({ name: 'JavaScript shipped, gzip', unit: 'bytes', value: shipped.js.gzip }),
          figure({ name: 'CSS shipped', unit: 'bytes', value: shipped.css.raw, note: `${shipped.css.gzip} gzip` }),
          figure({ name: 'CSS shipped, gzip', unit: 'bytes', value: shipped.css.gzip }),
        ],
        details: {
          definition:
            `time to interactive = from navigation start to the later of (a) the frame after every part of the record ` +
            `is in the DOM and (b) the end of the last long task (> 50 ms) before ${QUIET_MS} ms without one`,
          patient: data.patientId,
          person: personId,
          history: data.history,
          historySpan: data.span,
          demoResources: data.demoResources,
          received,
          cold: { tti: c, loads: cold.map(rounded) },
          warm: { tti: w, loads: warm.map(rounded) },
          shipped,
        },
        notes: [
          `${COLD_LOADS} cold loads (new browser profile, HTTP cache cleared, signed in first) and ${warm.length} warm reloads; Chromium ${ctx.kind === 'postgres' ? 'against PostgreSQL' : 'against embedded PGlite'}`,
          `history of ${resources} resources from ${data.span.from} to ${data.span.to}: ${Object.entries(data.history)
            .map(([k, n]) => `${n} ${k}`)
            .join(', ')}`,
          `JS/CSS bytes that crossed the network on a cold load: ${Math.round(summary(cold, (t) => t.transferredBytes).p50)}`,
        ],
      };
    } finally {
      await target.release();
    }
  },
};

function summary(loads: LoadTiming[], of: (t: LoadTiming) => number): LatencySummary {
  const l = new Latencies();
  for (const t of loads) l.add(of(t));
  return l.summary();
}

function rounded(t: LoadTiming): Record<string, number> {
  return Object.fromEntries(Object.entries(t).map(([k, v]: [string, number]) => [k, Math.round(v)]));
}

/** The app's JavaScript and CSS as built: raw bytes, and gzip-compressed as the server sends them. */
function bundleSizes(): { js: { raw: number; gzip: number }; css: { raw: number; gzip: number }; files: string[] } {
  const files = readdirSync(join(DIST, 'assets')).filter((f) => /\.(js|css)$/.test(f));
  const sum = (ext: string) =>
    files
      .filter((f) => f.endsWith(ext))
      .map((f) => readFileSync(join(DIST, 'assets', f)))
      .reduce((s, b) => ({ raw: s.raw + b.length, gzip: s.gzip + gzipSync(b).length }), { raw: 0, gzip: 0 });
  return { js: sum('.js'), css: sum('.css'), files };
}
