import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, loadConfig } from '@lienthong/server';
import { buildProvince, generateProvince, TruthSink, type ProvincePart, type Sink } from '@lienthong/synth';
import { StoreSink } from '../../packages/cli/src/commands/synth-load.js';
import { figure, type BenchContext, type BenchResult, type Benchmark } from '../lib/bench.js';
import { backendPids, CpuMeter, processCpu } from '../lib/cpu.js';
import { openRaw } from '../lib/raw-db.js';
import { insertMany, makeTemplate } from '../lib/raw-sql.js';
import { log } from '../lib/report.js';
import { fmt } from '../lib/stats.js';
import { freshTarget, serverDbEnv, type Target } from '../lib/target.js';
import { inProcessRegistry, schemaTarget } from './baseline.js';
import { profileDir } from './common.js';

/**
 * The synthetic province, generated and loaded the way `lienthong synth
 * --load` does it — in this process, `createApp` with jobs off, `StoreSink`
 * (one FHIR transaction of ~1,000 resources at a time) fed by
 * `generateProvince` — after generating it alone, and against a raw script
 * writing the same rows.
 */

const GOAL_RESIDENTS = 100_000;
const GOAL_SECONDS = 600;
const PROVINCE = 4_400_000;
const MB = 2 ** 20;

interface Phase {
  seconds: number;
  resources: number;
  /** Peak resident set of this process during the phase, MB. */
  peakRssMb: number;
  /** CPU seconds of this process. */
  cpu: number;
  /** CPU seconds of the PostgreSQL backends of the target. */
  postgresCpu?: number;
  /** Resources/s over each tenth of the residents (does the rate hold as the database grows?). */
  ratePerTenth: number[];
}

/**
 * Watches one phase: progress lines every 10 s, the rate per tenth of the
 * residents, this process's peak RSS, and the CPU of every PostgreSQL backend
 * seen on the target (the pool may open and close connections on the way).
 */
class PhaseWatch {
  private readonly t0 = performance.now();
  private readonly cpu0 = process.cpuUsage();
  private readonly maxRss0 = process.resourceUsage().maxRSS;
  private peakRss = process.memoryUsage.rss();
  private lastLog = this.t0;
  private readonly tenths: { t: number; resources: number }[] = [{ t: this.t0, resources: 0 }];
  private readonly pgStart = new Map<number, number>();
  private readonly pgLast = new Map<number, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly label: string,
    private readonly residents: number,
    private readonly target?: Target,
  ) {
    this.timer = setInterval(() => void this.sample(), 2000);
  }

  /** Called once before the phase so backends already open count from now, not from their start. */
  async begin(): Promise<this> {
    if (this.target) for (const pid of await backendPids(this.target)) this.pgStart.set(pid, cpuOf(pid));
    return this;
  }

  private async sample(): Promise<void> {
    this.peakRss = Math.max(this.peakRss, process.memoryUsage.rss());
    if (!this.target) return;
    for (const pid of await backendPids(this.target).catch(() => [])) this.pgLast.set(pid, cpuOf(pid));
  }

  progress = (residentsDone: number, resources: number): void => {
    const now = performance.now();
    while (this.tenths.length <= 10 && residentsDone >= (this.residents * this.tenths.length) / 10) {
      this.tenths.push({ t: now, resources });
    }
    if (now - this.lastLog < 10_000) return;
    this.lastLog = now;
    const s = (now - this.t0) / 1000;
    const left = ((this.residents - residentsDone) / Math.max(1, residentsDone)) * s;
    log(
      `  ${this.label}: ${fmt(residentsDone)}/${fmt(this.residents)} residents, ${fmt(resources)} resources, ` +
        `${fmt(resources / s)}/s, RSS ${fmt(process.memoryUsage.rss() / MB)} MB, ~${fmt(left)} s left`,
    );
  };

  async end(resources: number): Promise<Phase> {
    await this.sample();
    clearInterval(this.timer);
    const seconds = (performance.now() - this.t0) / 1000;
    const cpu = process.cpuUsage(this.cpu0);
    const maxRss = process.resourceUsage().maxRSS;
    // maxRSS is exact but lifelong: it is this phase's peak only when the phase raised it.
    const peak = maxRss > this.maxRss0 ? maxRss * 1024 : this.peakRss;
    let postgresCpu: number | undefined;
    if (this.target?.kind === 'postgres') {
      postgresCpu = 0;
      for (const [pid, last] of this.pgLast) postgresCpu += Math.max(0, last - (this.pgStart.get(pid) ?? 0));
    }
    return {
      seconds,
      resources,
      peakRssMb: peak / MB,
      cpu: (cpu.user + cpu.system) / 1e6,
      ...(postgresCpu !== undefined ? { postgresCpu } : {}),
      ratePerTenth: this.tenths
        .slice(1)
        .map((x, i) => Math.round((x.resources - this.tenths[i]!.resources) / ((x.t - this.tenths[i]!.t) / 1000))),
    };
  }
}

function cpuOf(pid: number): number {
  const c = processCpu(pid);
  return c.user + c.sys;
}

/** 1. Generation alone, no output. */
async function generateOnly(seed: string, residents: number): Promise<Phase> {
  log(`synth: generating ${fmt(residents)} residents, no output`);
  const watch = await new PhaseWatch('generate', residents).begin();
  const province = buildProvince({ seed, residents });
  const summary = await generateProvince(province, [], {
    onProgress: (p) => watch.progress(p.residentsDone, p.resources),
  });
  return watch.end(summary.resources);
}

/** 2. Generate and load as `lienthong synth --load` does (truth files to a temporary directory). */
async function generateAndLoad(
  seed: string,
  residents: number,
  target: Target,
  profile: string | undefined,
): Promise<
  Phase & {
    loaded: number;
    dbMb: number; /** pg_stat_database counters per 1,000 resources. */
    database?: Record<string, number>;
    byType: object;
  }
> {
  log(`synth: generating ${fmt(residents)} residents and loading them through the FHIR transaction path`);
  const out = mkdtempSync(join(tmpdir(), 'lienthong-bench-synth-'));
  const session = profile ? new Session() : undefined;
  const watch = new PhaseWatch('load', residents, target);
  try {
    const province = buildProvince({ seed, residents });
    const app = await createApp(
      loadConfig({ ...process.env, ...serverDbEnv(target) }, { jobs: false, logLevel: 'warn' }),
    );
    try {
      const meter = new CpuMeter(target);
      await meter.start();
      await watch.begin();
      if (session) {
        session.connect();
        await session.post('Profiler.enable');
        await session.post('Profiler.start');
      }
      const store = new StoreSink(app);
      const summary = await generateProvince(province, [new TruthSink(join(out, 'truth')), store], {
        onProgress: (p) => watch.progress(p.residentsDone, p.resources),
      });
      if (session && profile) {
        const { profile: p } = await session.post('Profiler.stop');
        rmSync(profile, { recursive: true, force: true });
        mkdirSync(profile, { recursive: true });
        writeFileSync(join(profile, 'synth-load.cpuprofile'), JSON.stringify(p));
      }
      const use = await meter.stop();
      const phase = await watch.end(summary.resources);
      const { rows } = await app.db.query<{ n: string }>('SELECT pg_database_size(current_database()) AS n');
      return {
        ...phase,
        loaded: store.loaded,
        dbMb: Number(rows[0]!.n) / MB,
        byType: summary.byType,
        ...(use.database
          ? {
              database: Object.fromEntries(
                Object.entries(use.database).map(([k, v]) => [
                  k,
                  Math.round((((v ?? 0) * use.seconds) / summary.resources) * 1000),
                ]),
              ),
            }
          : {}),
      };
    } finally {
      await app.close();
    }
  } finally {
    session?.disconnect();
    rmSync(out, { recursive: true, force: true });
  }
}

/**
 * 3. The raw baseline: the same resources, in the same ~1,000-resource
 * batches, written by a minimal script as one multi-row statement per batch
 * (`insertMany`: resource, resource_history, outbox and the index rows, via
 * unnest). Index rows are computed off the clock: `databaseSeconds` is the
 * database alone (the limit), `seconds` the whole script with generation.
 */
async function rawLoad(seed: string, residents: number): Promise<Phase & { databaseSeconds: number; dbMb: number }> {
  log(`synth baseline: the same resources as raw multi-row inserts (insertMany), ~1,000 per statement`);
  const target = await schemaTarget('synthraw');
  try {
    const raw = await openRaw(target, 1);
    try {
      const conn = raw.lanes[0]!;
      const watch = await new PhaseWatch('raw', residents, target).begin();
      let pending: ProvincePart['resources'] = [];
      let databaseSeconds = 0;
      const flush = async (): Promise<void> => {
        if (pending.length === 0) return;
        const templates = pending.map((r) => makeTemplate(r, inProcessRegistry()));
        pending = [];
        const t = performance.now();
        await insertMany(conn, templates);
        databaseSeconds += (performance.now() - t) / 1000;
      };
      const sink: Sink = {
        write: async (part) => {
          pending.push(...part.resources);
          if (pending.length >= 1000) await flush();
        },
        close: flush,
      };
      const summary = await generateProvince(buildProvince({ seed, residents }), [sink], {
        onProgress: (p) => watch.progress(p.residentsDone, p.resources),
      });
      const phase = await watch.end(summary.resources);
      const { rows } = await conn.query<{ n: string }>('SELECT pg_database_size(current_database()) AS n');
      return { ...phase, databaseSeconds, dbMb: Number(rows[0]!.n) / MB };
    } finally {
      await raw.close();
    }
  } finally {
    await target.release();
  }
}

export const synth: Benchmark = {
  name: 'synth',
  summary: `generate the synthetic province (--residents, default 100,000) alone, then load it like 'lienthong synth --load' → resources/s, total time (goal ≤ 10 min for 100,000 on PostgreSQL), peak RSS`,
  async run(ctx: BenchContext): Promise<BenchResult> {
    const o = ctx.options;
    const n = o.residents;
    const gen = await generateOnly(o.seed, n);
    const target = await freshTarget('synth');
    let load;
    try {
      load = await generateAndLoad(o.seed, n, target, o.profile ? profileDir('synth', ctx.kind) : undefined);
    } finally {
      await target.release();
    }
    const raw = o.baseline ? await rawLoad(o.seed, n) : undefined;
    const perResource = (cpu: number | undefined, p: Phase): number | undefined =>
      cpu === undefined ? undefined : (cpu * 1000) / p.resources;
    const scaled = (residents: number): number => (load.seconds * residents) / n;
    const goal = ctx.kind === 'postgres' ? { goal: { op: '<=' as const, value: GOAL_SECONDS } } : {};
    const first = load.ratePerTenth[0];
    const last = load.ratePerTenth[load.ratePerTenth.length - 1];
    return {
      figures: [
        figure({ name: 'generation alone', unit: 'residents/s', value: n / gen.seconds }),
        figure({ name: 'generation alone', unit: 'resources/s', value: gen.resources / gen.seconds }),
        figure({ name: 'generation alone: peak RSS', unit: 'MB', value: gen.peakRssMb }),
        figure({
          name: 'generate + load (synth --load)',
          unit: 'resources/s',
          value: load.resources / load.seconds,
          baseline: raw && raw.resources / raw.seconds,
        }),
        figure({ name: 'generate + load: total time', unit: 's', value: load.seconds, baseline: raw?.seconds }),
        figure({
          name: `time for ${fmt(GOAL_RESIDENTS)} residents`,
          unit: 's',
          value: scaled(GOAL_RESIDENTS),
          ...goal,
          note: n === GOAL_RESIDENTS ? 'measured' : `projected linearly from ${fmt(n)} residents`,
        }),
        figure({
          name: `projected time for ${fmt(PROVINCE)} residents`,
          unit: 'h',
          value: scaled(PROVINCE) / 3600,
          baseline: raw && (raw.seconds * PROVINCE) / n / 3600,
          note: `linear at this run's rate (${fmt(first)}/s over the first tenth of the residents, ${fmt(last)}/s over the last)`,
        }),
        figure({ name: 'generate + load: peak RSS', unit: 'MB', value: load.peakRssMb, baseline: raw?.peakRssMb }),
        figure({
          name: 'raw insert alone (database time: the limit)',
          unit: 'resources/s',
          value: raw ? raw.resources / raw.databaseSeconds : NaN,
        }),
        figure({ name: 'CPU per resource: generation alone', unit: 'ms', value: perResource(gen.cpu, gen)! }),
        figure({
          name: 'CPU per resource: this process (generation + write path)',
          unit: 'ms',
          value: perResource(load.cpu, load)!,
          baseline: raw && perResource(raw.cpu, raw),
        }),
        ...(load.postgresCpu !== undefined
          ? [
              figure({
                name: 'CPU per resource: PostgreSQL backends',
                unit: 'ms',
                value: perResource(load.postgresCpu, load)!,
                baseline: raw && perResource(raw.postgresCpu, raw),
              }),
            ]
          : []),
        figure({ name: 'database size', unit: 'MB', value: load.dbMb, baseline: raw?.dbMb }),
      ],
      details: {
        residents: n,
        seed: o.seed,
        generate: gen,
        load,
        ...(raw ? { raw } : {}),
        ...(o.profile ? { profile: `npm run bench -- profile ${profileDir('synth', ctx.kind)}` } : {}),
      },
      notes: [
        `${fmt(load.resources)} resources (${(load.resources / n).toFixed(1)} per resident); loaded ${fmt(load.loaded)}`,
        `load rate per tenth of the residents: ${load.ratePerTenth.map((x) => fmt(x)).join(', ')} resources/s`,
        ...(load.database
          ? [
              `database work per 1,000 resources (pg_stat_database): ${Object.entries(load.database)
                .map(([k, v]) => `${k} ${v}`)
                .join(', ')}`,
            ]
          : []),
        raw
          ? `raw baseline: the same resources in the same ~1,000-resource batches as one multi-row INSERT … unnest statement per batch into resource, resource_history, outbox and the index tables (bench/lib/raw-sql.ts insertMany), one connection; no validation, no audit, new ids; its "total time" includes generation and index-row extraction, the "raw insert alone" figure only the statements`
          : 'no raw baseline (--no-baseline)',
        ...(o.profile ? [`CPU profile of the load: npm run bench -- profile ${profileDir('synth', ctx.kind)}`] : []),
      ],
    };
  },
};
