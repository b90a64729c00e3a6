// Dataset loader: fills a database with deterministic synthetic charts through
// the server's own write path (validate → extract index rows → one CTE
// statement per resource), many resources per transaction, in-process. Loading
// a million resources over HTTP would take far longer than the benchmark.
//
// Resumable: every committed batch is recorded in `bench_dataset_batch` in the
// same transaction, so an interrupted load continues where it stopped.
import { createApp, loadConfig, type App } from '@lienthong/server';
import { DATA_VERSION, chartSize, storeChart, type ChartShape } from './lib/fhir-data.js';
import { fmt } from './lib/stats.js';
import { log } from './lib/report.js';
import type { Target } from './lib/target.js';
import { createStatement } from './lib/write-path.js';

export interface DatasetOptions {
  seed: string;
  patients: number;
  shape: ChartShape;
  /** Patients per transaction. */
  batchPatients: number;
  /** Batches in flight at once (one computes while another waits on the database). */
  parallel: number;
  /** Seconds between progress lines. */
  progressSeconds?: number;
}

export interface DatasetResult {
  patients: number;
  resources: number;
  /** Resources written by this run (0 when the dataset was already complete). */
  loadedThisRun: number;
  loadSeconds: number;
  resourcesPerSecond: number;
  indexRowsThisRun: number;
  /** Total load time over all runs of the loader for this dataset. */
  totalLoadSeconds: number;
  databaseBytes?: number;
}

/** Opens the target in-process with the server's own wiring (migrations, registry), jobs off. */
export async function openInProcess(target: Target): Promise<App> {
  const config = loadConfig(
    {
      DATABASE_URL: target.databaseUrl ?? '',
      LIENTHONG_DATA_DIR: target.dataDir ?? '/nonexistent',
      LIENTHONG_LOG_LEVEL: 'silent',
      LIENTHONG_JOBS: 'false',
      LIENTHONG_AUTH: 'off',
      HOST: '127.0.0.1',
    },
    { host: '127.0.0.1' },
  );
  return createApp(config);
}

export async function loadDataset(target: Target, options: DatasetOptions): Promise<DatasetResult> {
  const app = await openInProcess(target);
  try {
    return await load(app, target, options);
  } finally {
    await app.close();
  }
}

async function load(app: App, target: Target, o: DatasetOptions): Promise<DatasetResult> {
  const db = app.db;
  const spec = JSON.stringify({ data: DATA_VERSION, seed: o.seed, shape: o.shape, batchPatients: o.batchPatients });
  await db.exec(`CREATE TABLE IF NOT EXISTS bench_dataset (spec text NOT NULL, load_seconds double precision NOT NULL DEFAULT 0);
    CREATE TABLE IF NOT EXISTS bench_dataset_batch (first_patient integer PRIMARY KEY, resources integer NOT NULL)`);
  const { rows: meta } = await db.query<{ spec: string; load_seconds: number }>(
    'SELECT spec, load_seconds FROM bench_dataset',
  );
  if (meta[0] && meta[0].spec !== spec) {
    throw new Error(`${target.name} holds a different dataset (${meta[0].spec}); run with --fresh to rebuild it`);
  }
  if (!meta[0]) await db.query('INSERT INTO bench_dataset (spec) VALUES ($1)', [spec]);
  const { rows: done } = await db.query<{ first_patient: number }>('SELECT first_patient FROM bench_dataset_batch');
  const doneSet = new Set(done.map((r) => Number(r.first_patient)));
  const todo: number[] = [];
  for (let first = 0; first < o.patients; first += o.batchPatients) if (!doneSet.has(first)) todo.push(first);

  const perPatient = chartSize(o.shape);
  const totalResources = o.patients * perPatient;
  const { rows: sum } = await db.query<{ n: string | null }>('SELECT sum(resources) AS n FROM bench_dataset_batch');
  const already = Number(sum[0]?.n ?? 0);
  if (todo.length === 0) {
    log(`dataset ${target.name}: complete (${fmt(o.patients)} patients, ${fmt(totalResources)} resources)`);
    return finish(app, target, o, 0, 0, 0, Number(meta[0]?.load_seconds ?? 0), false);
  }
  log(
    `dataset ${target.name}: loading ${fmt(todo.length * o.batchPatients * perPatient)} resources ` +
      `(${todo.length} batches of ${o.batchPatients} patients × ${perPatient}); ${fmt(already)} already there`,
  );

  const started = performance.now();
  let written = 0;
  let indexRows = 0;
  let lastReport = started;
  let lastWritten = 0;
  const progressMs = (o.progressSeconds ?? 10) * 1000;
  const report = (force = false): void => {
    const now = performance.now();
    if (now - lastReport < (force ? 1000 : progressMs)) return;
    const rate = written / ((now - started) / 1000);
    const recent = (written - lastWritten) / ((now - lastReport) / 1000);
    const left = todo.length * o.batchPatients * perPatient - written;
    log(
      `  ${fmt(already + written)} / ${fmt(totalResources)} resources (${((100 * (already + written)) / totalResources).toFixed(1)}%)` +
        ` · ${fmt(recent)}/s now, ${fmt(rate)}/s average · ${formatDuration(left / rate)} left`,
    );
    lastReport = now;
    lastWritten = written;
  };

  const runBatch = async (first: number): Promise<void> => {
    const last = Math.min(first + o.batchPatients, o.patients);
    const lastUpdated = new Date().toISOString();
    const statements: { sql: string; params: unknown[] }[] = [];
    for (let i = first; i < last; i++) {
      for (const resource of storeChart(o.seed, i, o.shape)) {
        const s = createStatement(resource, app.services.registry, lastUpdated);
        indexRows += (Object.values(s.rows) as unknown[][]).reduce((n, r) => n + r.length, 0);
        statements.push(s);
      }
    }
    await db.transaction(async (tx) => {
      for (const s of statements) await tx.query(s.sql, s.params);
      await tx.query('INSERT INTO bench_dataset_batch (first_patient, resources) VALUES ($1, $2)', [
        first,
        statements.length,
      ]);
    });
    written += statements.length;
    report();
  };

  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < todo.length) await runBatch(todo[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, o.parallel) }, lane));
  report(true);
  const seconds = (performance.now() - started) / 1000;
  const total = Number(meta[0]?.load_seconds ?? 0) + seconds;
  await db.query('UPDATE bench_dataset SET load_seconds = $1', [total]);
  return finish(app, target, o, written, seconds, indexRows, total, true);
}

async function finish(
  app: App,
  target: Target,
  o: DatasetOptions,
  written: number,
  seconds: number,
  indexRows: number,
  totalSeconds: number,
  changed: boolean,
): Promise<DatasetResult> {
  if (changed) {
    // The outbox rows were written like any write's; a dispatcher with no
    // subscribers would delete them. Do it now so the server under test does
    // not spend the benchmark draining a million of them.
    await app.db.query('DELETE FROM outbox');
    log(`dataset ${target.name}: VACUUM ANALYZE …`);
    const t = performance.now();
    await app.db.exec('VACUUM ANALYZE');
    log(`  done in ${formatDuration((performance.now() - t) / 1000)}`);
  }
  const { rows: counts } = await app.db.query<{ patients: string; resources: string }>(
    `SELECT (SELECT count(*) FROM resource WHERE resource_type = 'Patient') AS patients,
            (SELECT coalesce(sum(resources), 0) FROM bench_dataset_batch) AS resources`,
  );
  let databaseBytes: number | undefined;
  if (target.kind === 'postgres') {
    const { rows } = await app.db.query<{ n: string }>('SELECT pg_database_size(current_database()) AS n');
    databaseBytes = Number(rows[0]!.n);
  }
  return {
    patients: Number(counts[0]!.patients),
    resources: Number(counts[0]!.resources),
    loadedThisRun: written,
    loadSeconds: seconds,
    resourcesPerSecond: seconds > 0 ? written / seconds : 0,
    indexRowsThisRun: indexRows,
    totalLoadSeconds: totalSeconds,
    ...(databaseBytes !== undefined ? { databaseBytes } : {}),
  };
}

export function formatDuration(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 90) return `${s.toFixed(0)} s`;
  if (s < 5400) return `${(s / 60).toFixed(1)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}
