import { request as httpRequest, Agent } from 'node:http';
import { foldText, parseDateRange } from '@lienthong/core';
import type { Bundle } from '@medplum/fhirtypes';
import type { Queryable } from '@lienthong/server';
import type { BenchContext, BenchResult, Benchmark, Figure } from '../lib/bench.js';
import { figure } from '../lib/bench.js';
import { CCCD_SYSTEM, STORE_SHAPE, chartSize, patientFacts, storeId } from '../lib/fhir-data.js';
import { Random } from '../lib/random.js';
import { openRaw, type RawConn } from '../lib/raw-db.js';
import { log } from '../lib/report.js';
import { startServer } from '../lib/server-process.js';
import { Latencies, fmt, type LatencySummary } from '../lib/stats.js';
import { namedTarget, type Target } from '../lib/target.js';
import { executeSearch, parseSearch } from '../lib/write-path.js';
import { loadDataset, openInProcess, type DatasetResult } from '../dataset.js';
import { profileDir } from './common.js';

/**
 * Search latency over a large store (100,000 patients × 10 resources =
 * 1,000,000 by default on PostgreSQL). One client, calls one after another:
 * this measures latency, not throughput. Each call names a different patient.
 *
 * Every query is measured three ways: over HTTP against the server process;
 * the server's own SQL (executeSearch in-process, database time only); and a
 * hand-written SQL query for the same answer (the raw baseline).
 */

const LOINC = 'http://loinc.org';
const LIMIT = 20; // the server's default page size

interface SearchCase {
  name: string;
  /** Counted against the goal (p95 ≤ 30 ms). */
  goal: boolean;
  /** Path and query of the FHIR search for sample patient `i`, k-th sample. */
  url(i: number, k: number): string;
  /** A hand-written SQL query for the same answer. */
  raw(i: number, k: number): { sql: string; params: unknown[] };
}

function cases(seed: string): SearchCase[] {
  const id = (i: number, key = 'Patient'): string => storeId(seed, i, key);
  const qs = (pairs: [string, string][]): string => new URLSearchParams(pairs).toString();
  const since = parseDateRange('2017-01-01')!;
  const broadDate = (k: number): string => `2024-${String((k % 12) + 1).padStart(2, '0')}-01`;
  return [
    {
      name: 'Patient?identifier=',
      goal: true,
      url: (i) => `/fhir/Patient?${qs([['identifier', `${CCCD_SYSTEM}|${patientFacts(seed, i).cccd}`]])}`,
      raw: (i) => ({
        sql: `SELECT r.id, r.content FROM sp_token t
                JOIN resource r ON r.resource_type = t.resource_type AND r.id = t.id AND NOT r.deleted
               WHERE t.resource_type = 'Patient' AND t.code = 'identifier' AND t.value = $1 AND t.system = $2
               ORDER BY r.last_updated, r.id LIMIT ${LIMIT}`,
        params: [patientFacts(seed, i).cccd, CCCD_SYSTEM],
      }),
    },
    {
      name: 'Patient?name=&birthdate=',
      goal: true,
      url: (i) => {
        const f = patientFacts(seed, i);
        return `/fhir/Patient?${qs([
          ['name', f.fullName],
          ['birthdate', f.birthDate],
        ])}`;
      },
      raw: (i) => {
        const f = patientFacts(seed, i);
        const day = parseDateRange(f.birthDate)!;
        return {
          sql: `SELECT r.id, r.content FROM resource r
                 WHERE r.resource_type = 'Patient' AND NOT r.deleted
                   AND r.id IN (SELECT s.id FROM sp_string s WHERE s.resource_type = 'Patient' AND s.code = 'name' AND s.norm LIKE $1)
                   AND r.id IN (SELECT d.id FROM sp_date d WHERE d.resource_type = 'Patient' AND d.code = 'birthdate'
                                   AND d.low >= $2 AND d.high <= $3)
                 ORDER BY r.last_updated, r.id LIMIT ${LIMIT}`,
          params: [`${foldText(f.fullName)}%`, day.low, day.high],
        };
      },
    },
    {
      name: 'Observation?subject=&code=&date=ge',
      goal: true,
      url: (i) =>
        `/fhir/Observation?${qs([
          ['subject', `Patient/${id(i)}`],
          ['code', `${LOINC}|8867-4`],
          ['date', 'ge2017-01-01'],
        ])}`,
      raw: (i) => ({
        sql: `SELECT r.id, r.content FROM sp_reference x
                JOIN resource r ON r.resource_type = x.resource_type AND r.id = x.id AND NOT r.deleted
               WHERE x.resource_type = 'Observation' AND x.code = 'subject' AND x.target_type = 'Patient' AND x.target_id = $1
                 AND EXISTS (SELECT 1 FROM sp_token t WHERE t.resource_type = 'Observation' AND t.id = x.id
                               AND t.code = 'code' AND t.value = '8867-4' AND t.system = '${LOINC}')
                 AND EXISTS (SELECT 1 FROM sp_date d WHERE d.resource_type = 'Observation' AND d.id = x.id AND d.code = 'date'
                               AND (d.high > $3 OR (d.low >= $2 AND d.high <= $3)))
               ORDER BY r.last_updated, r.id LIMIT ${LIMIT}`,
        params: [id(i), since.low, since.high],
      }),
    },
    {
      name: 'Patient?_id=&_revinclude=Observation:subject',
      goal: true,
      url: (i) =>
        `/fhir/Patient?${qs([
          ['_id', id(i)],
          ['_revinclude', 'Observation:subject'],
        ])}`,
      raw: (i) => ({
        sql: `SELECT r.resource_type, r.id, r.content FROM resource r
               WHERE r.resource_type = 'Patient' AND r.id = $1 AND NOT r.deleted
              UNION ALL
              SELECT s.resource_type, s.id, s.content FROM sp_reference x
                JOIN resource s ON s.resource_type = x.resource_type AND s.id = x.id AND NOT s.deleted
               WHERE x.resource_type = 'Observation' AND x.code = 'subject' AND x.target_type = 'Patient' AND x.target_id = $1`,
        params: [id(i)],
      }),
    },
    {
      name: 'Observation?subject:Patient.identifier=',
      goal: true,
      url: (i) =>
        `/fhir/Observation?${qs([['subject:Patient.identifier', `${CCCD_SYSTEM}|${patientFacts(seed, i).cccd}`]])}`,
      raw: (i) => ({
        sql: `SELECT r.id, r.content FROM sp_token t
                JOIN sp_reference x ON x.resource_type = 'Observation' AND x.code = 'subject'
                                   AND x.target_type = 'Patient' AND x.target_id = t.id
                JOIN resource r ON r.resource_type = x.resource_type AND r.id = x.id AND NOT r.deleted
               WHERE t.resource_type = 'Patient' AND t.code = 'identifier' AND t.value = $1 AND t.system = $2
               ORDER BY r.last_updated, r.id LIMIT ${LIMIT}`,
        params: [patientFacts(seed, i).cccd, CCCD_SYSTEM],
      }),
    },
    {
      // Not in the issue's list: a population query (every heart rate since a date), first page.
      name: 'Observation?code=&date=ge (broad, first page)',
      goal: false,
      url: (_i, k) =>
        `/fhir/Observation?${qs([
          ['code', `${LOINC}|8867-4`],
          ['date', `ge${broadDate(k)}`],
        ])}`,
      raw: (_i, k) => {
        const day = parseDateRange(broadDate(k))!;
        return {
          sql: `SELECT r.id, r.content FROM resource r
                 WHERE r.resource_type = 'Observation' AND NOT r.deleted
                   AND r.id IN (SELECT t.id FROM sp_token t WHERE t.resource_type = 'Observation' AND t.code = 'code'
                                   AND t.value = '8867-4' AND t.system = '${LOINC}')
                   AND r.id IN (SELECT d.id FROM sp_date d WHERE d.resource_type = 'Observation' AND d.code = 'date'
                                   AND (d.high > $2 OR (d.low >= $1 AND d.high <= $2)))
                 ORDER BY r.last_updated, r.id LIMIT ${LIMIT}`,
          params: [day.low, day.high],
        };
      },
    },
  ];
}

/** The sample patients: the same for every way of measuring. */
function samplePatients(ctx: BenchContext, patients: number, n: number): number[] {
  const rng = new Random(`${ctx.options.seed}/search-samples`);
  return Array.from({ length: n }, () => rng.int(0, patients - 1));
}

const WARMUP_CALLS = 20;

interface Measured {
  latency: LatencySummary;
  /** Mean resources returned (matches + included). */
  meanReturned: number;
  /** Calls that found nothing (a sign the query or the data is wrong). */
  empty: number;
}

async function measure(samples: number[], call: (i: number, k: number) => Promise<number>): Promise<Measured> {
  for (let k = 0; k < Math.min(WARMUP_CALLS, samples.length); k++) await call(samples[k]!, k);
  const lat = new Latencies();
  let returned = 0;
  let empty = 0;
  for (const [k, i] of samples.entries()) {
    const t0 = performance.now();
    const n = await call(i, k);
    lat.add(performance.now() - t0);
    returned += n;
    if (n === 0) empty++;
  }
  return { latency: lat.summary(), meanReturned: returned / samples.length, empty };
}

/** The search store: kept between runs as lienthong_bench_1m (PostgreSQL) or bench/data/pglite-… */
export async function searchTarget(ctx: BenchContext): Promise<{ target: Target; dataset: DatasetResult }> {
  const o = ctx.options;
  const resources = o.patients * chartSize(STORE_SHAPE);
  const name = resources % 1_000_000 === 0 ? `${resources / 1_000_000}m` : `${resources / 1000}k`;
  const target = await namedTarget(name, o.fresh);
  const dataset = await loadDataset(target, {
    seed: o.seed,
    patients: o.patients,
    shape: STORE_SHAPE,
    batchPatients: 500,
    parallel: ctx.kind === 'postgres' ? o.loadParallel : 1,
  });
  return { target, dataset };
}

async function httpSearch(ctx: BenchContext, target: Target, list: SearchCase[], samples: number[]) {
  const o = ctx.options;
  const server = await startServer(target, {
    mode: o.server,
    logLevel: o.logLevel,
    jobs: o.jobs,
    workers: o.workers,
    ...(o.profile ? { cpuProfDir: profileDir('search', ctx.kind) } : {}),
  });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const get = (path: string): Promise<string> =>
    new Promise((ok, fail) => {
      const req = httpRequest(
        `${server.url}${path}`,
        { agent, headers: { accept: 'application/fhir+json' } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const body = Buffer.concat(chunks).toString();
            if (res.statusCode !== 200) fail(new Error(`GET ${path} → ${res.statusCode} ${body.slice(0, 300)}`));
            else ok(body);
          });
        },
      );
      req.on('error', fail);
      req.end();
    });
  const out = new Map<string, Measured>();
  try {
    for (const c of list) {
      log(`search over HTTP: ${c.name} × ${samples.length}`);
      out.set(
        c.name,
        await measure(samples, async (i, k) => ((JSON.parse(await get(c.url(i, k))) as Bundle).entry ?? []).length),
      );
    }
  } finally {
    agent.destroy();
    await server.stop();
  }
  return out;
}

/** The server's SQL for each call, run in-process: the database time of the server's own queries. */
async function serverSql(target: Target, list: SearchCase[], samples: number[]) {
  const app = await openInProcess(target);
  const out = new Map<string, Measured & { queriesPerCall: number; plan: string }>();
  try {
    for (const c of list) {
      log(`server SQL in-process: ${c.name}`);
      let dbMs = 0;
      let queries = 0;
      let captured: { sql: string; params: unknown[] } | undefined;
      const timed: Queryable = {
        async query<T>(sql: string, params?: unknown[]) {
          captured ??= { sql, params: params ?? [] };
          const t0 = performance.now();
          const r = await app.db.query<T>(sql, params);
          dbMs += performance.now() - t0;
          queries++;
          return r;
        },
      };
      const lat = new Latencies();
      let returned = 0;
      let empty = 0;
      const run = async (i: number, k: number): Promise<number> => {
        const url = new URL(c.url(i, k), 'http://x');
        const type = url.pathname.split('/').pop()!;
        const req = parseSearch(app.services.registry, type, [...url.searchParams], false);
        const bundle = await executeSearch({ db: timed, defs: app.services.defs, baseUrl: 'http://x/fhir' }, req);
        return (bundle.entry ?? []).length;
      };
      for (let k = 0; k < Math.min(WARMUP_CALLS, samples.length); k++) await run(samples[k]!, k);
      queries = 0;
      for (const [k, i] of samples.entries()) {
        dbMs = 0;
        const n = await run(i, k);
        lat.add(dbMs);
        returned += n;
        if (n === 0) empty++;
      }
      const plan = captured ? await explain(app.db, captured.sql, captured.params) : '';
      out.set(c.name, {
        latency: lat.summary(),
        meanReturned: returned / samples.length,
        empty,
        queriesPerCall: queries / samples.length,
        plan,
      });
    }
  } finally {
    await app.close();
  }
  return out;
}

async function explain(db: Queryable, sql: string, params: unknown[]): Promise<string> {
  const { rows } = await db.query<Record<string, string>>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
  return rows.map((r) => Object.values(r)[0]).join('\n');
}

async function rawSql(target: Target, list: SearchCase[], samples: number[]): Promise<Map<string, Measured>> {
  const raw = await openRaw(target, 1);
  const conn: RawConn = raw.lanes[0]!;
  const out = new Map<string, Measured>();
  try {
    for (const c of list) {
      log(`raw SQL: ${c.name}`);
      out.set(
        c.name,
        await measure(samples, async (i, k) => {
          const { sql, params } = c.raw(i, k);
          return (await conn.query(sql, params)).rows.length;
        }),
      );
    }
  } finally {
    await raw.close();
  }
  return out;
}

function goalNote(kind: BenchContext['kind'], dataset: DatasetResult): string {
  return `store: ${fmt(dataset.resources)} resources, ${fmt(dataset.patients)} patients (${kind})`;
}

/** The raw baseline's search figures alone (used by `baseline`). */
export async function rawSearchFigures(
  ctx: BenchContext,
  target: Target,
): Promise<{ figures: Figure[]; details: Record<string, unknown>; notes: string[] }> {
  const list = cases(ctx.options.seed);
  const { rows } = await (async () => {
    const raw = await openRaw(target, 1);
    try {
      return await raw.lanes[0]!.query<{ n: string }>(
        `SELECT count(*) AS n FROM resource WHERE resource_type = 'Patient'`,
      );
    } finally {
      await raw.close();
    }
  })();
  const samples = samplePatients(ctx, Number(rows[0]!.n), ctx.options.samples);
  const raw = await rawSql(target, list, samples);
  const figures: Figure[] = [];
  for (const c of list) {
    const m = raw.get(c.name)!;
    figures.push(figure({ name: `raw ${c.name} p50`, unit: 'ms', value: m.latency.p50 }));
    figures.push(figure({ name: `raw ${c.name} p95`, unit: 'ms', value: m.latency.p95 }));
  }
  return { figures, details: Object.fromEntries(raw), notes: [] };
}

export const search: Benchmark = {
  name: 'search',
  summary:
    'search latency p50/p95 over a store of --patients × 10 resources (1,000,000 by default on PostgreSQL; goal p95 ≤ 30 ms)',
  async run(ctx: BenchContext): Promise<BenchResult> {
    const o = ctx.options;
    const { target, dataset } = await searchTarget(ctx);
    const list = cases(o.seed);
    const samples = samplePatients(ctx, dataset.patients, o.samples);
    // One untimed pass over every sample first, so that no way of measuring
    // pays for reading the store into the cache while the others find it warm.
    log('search: warming the cache with one raw pass over the samples');
    await rawSql(target, list, samples);
    const http = await httpSearch(ctx, target, list, samples);
    const sql = await serverSql(target, list, samples);
    const raw = o.baseline ? await rawSql(target, list, samples) : undefined;
    const figures: Figure[] = [];
    const notes: string[] = [goalNote(ctx.kind, dataset)];
    for (const c of list) {
      const h = http.get(c.name)!;
      const s = sql.get(c.name)!;
      const r = raw?.get(c.name);
      const returned = `${fmt(h.meanReturned)} returned/call; server SQL p95 ${fmt(s.latency.p95)} ms in ${fmt(s.queriesPerCall)} queries`;
      figures.push(figure({ name: `${c.name} p50`, unit: 'ms', value: h.latency.p50, baseline: r?.latency.p50 }));
      figures.push(
        figure({
          name: `${c.name} p95`,
          unit: 'ms',
          value: h.latency.p95,
          baseline: r?.latency.p95,
          ...(c.goal ? { goal: { op: '<=' as const, value: 30 } } : {}),
          note: returned,
        }),
      );
      if (h.empty > 0) notes.push(`${c.name}: ${h.empty} of ${samples.length} calls found nothing`);
      if (r && Math.round(r.meanReturned) !== Math.round(h.meanReturned)) {
        notes.push(`${c.name}: raw SQL returned ${fmt(r.meanReturned)}/call, the server ${fmt(h.meanReturned)}/call`);
      }
    }
    return {
      figures,
      details: {
        dataset,
        samples: samples.length,
        http: Object.fromEntries(http),
        serverSql: Object.fromEntries(sql),
        ...(raw ? { raw: Object.fromEntries(raw) } : {}),
      },
      notes,
    };
  },
};
