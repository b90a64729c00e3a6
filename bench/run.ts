// npm run bench -- <name> [options]   (npm run bench -- --help)
// Benchmarks run against the PostgreSQL server of DATABASE_URL (each in its
// own database) or, without it, embedded PGlite. Never part of `npm test`.
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { figure, type BenchOptions, type BenchResult, type Benchmark } from './lib/bench.js';
import { LoadWatch, environment, log, printTable, writeResult } from './lib/report.js';
import { fmt } from './lib/stats.js';
import { dbKind, namedTarget } from './lib/target.js';
import { baseline } from './benchmarks/baseline.js';
import { create } from './benchmarks/create.js';
import { read } from './benchmarks/read.js';
import { search } from './benchmarks/search.js';
import { transaction } from './benchmarks/transaction.js';
import { security } from './benchmarks/security.js';
import { synth } from './benchmarks/synth.js';
import { mpi } from './benchmarks/mpi.js';
import { xml130Import } from './benchmarks/xml130-import.js';
import { webTti } from './benchmarks/web-tti.js';
import { loadDataset } from './dataset.js';
import { STORE_SHAPE, chartSize } from './lib/fhir-data.js';
import { profileSummary } from './profile.js';
import { summary } from './summary.js';

const kind = dbKind();

const dataset: Benchmark = {
  name: 'dataset',
  summary: 'only load (or finish loading) the search store; reports load time and rate',
  async run(ctx) {
    const o = ctx.options;
    const resources = o.patients * chartSize(STORE_SHAPE);
    const name = resources % 1_000_000 === 0 ? `${resources / 1_000_000}m` : `${resources / 1000}k`;
    const target = await namedTarget(name, o.fresh);
    const r = await loadDataset(target, {
      seed: o.seed,
      patients: o.patients,
      shape: STORE_SHAPE,
      batchPatients: 500,
      parallel: ctx.kind === 'postgres' ? o.loadParallel : 1,
    });
    return {
      figures: [
        { name: 'store size', unit: 'resources', value: r.resources },
        { name: 'loaded by this run', unit: 'resources', value: r.loadedThisRun },
        { name: 'load rate (this run)', unit: 'resources/s', value: r.resourcesPerSecond },
        { name: 'load time (all runs)', unit: 's', value: r.totalLoadSeconds },
      ],
      details: { target: target.name, ...r },
      notes: [],
    };
  },
};

const BENCHMARKS: Benchmark[] = [
  create,
  transaction,
  read,
  search,
  baseline,
  dataset,
  security,
  synth,
  mpi,
  xml130Import,
  webTti,
];
const ALL = ['create', 'transaction', 'read', 'search'];

const HELP = `Liên Thông benchmarks

Usage: npm run bench -- <name>… [options]

Benchmarks:
${BENCHMARKS.map((b) => `  ${b.name.padEnd(12)} ${b.summary}`).join('\n')}
  ${'all'.padEnd(12)} ${ALL.join(', ')} (each with its raw baseline)
  ${'summary'.padEnd(12)} print the figures of bench/results/*.json as Markdown tables
  ${'profile'.padEnd(12)} profile <file|dir> [--from S --to S]: hot spots of a server CPU profile (--profile)

Database: the PostgreSQL server of DATABASE_URL when set (each benchmark creates
and drops its own database; the search store is kept as lienthong_bench_1m),
else embedded PGlite (data under bench/data/). The server runs as a separate
process (bench/server.ts); load comes from this process over keep-alive HTTP.

Options:
  --seconds N          measured seconds per load run (default 20)
  --warmup N           warm-up seconds before measuring (default 5)
  --concurrency N      clients for create and read (default 16)
  --tx-concurrency N   bundles in flight for transaction (default 4)
  --patients N         patients in the search store, 10 resources each
                       (default 100000 on PostgreSQL = 1,000,000 resources; 20000 on PGlite)
  --read-patients N    patients stored for the read benchmark (default 10000)
  --samples N          calls per search query (default 200)
  --residents N        residents of the synthetic province for synth and mpi (default 100000; 2000 for a quick run)
  --load-parallel N    dataset loader batches in flight on PostgreSQL (default 2)
  --fresh              rebuild the kept search store
  --no-baseline        skip the raw baseline (no ratios)
  --profile            write a V8 CPU profile of the server to bench/results/profiles/
  --log-level L        server log level (default warn; production default is info)
  --server source|cli  bench/server.ts via tsx (default) or the built 'lienthong serve'
  --no-jobs            run the server without its outbox dispatcher
  --seed S             data seed (default lienthong-bench)
  --quiet-load L       before each benchmark, wait for the 1-minute load average to fall below L
  --quiet-wait S       …but no longer than S seconds (default 900)
  --repeat N           run each benchmark N times; every figure is the median of the runs
  --workers N          LIENTHONG_WORKERS: server processes sharing the port (PostgreSQL only; default 1)

Results: a table on stdout, JSON in bench/results/<name>-<postgres|pglite>.json.
`;

function parse(argv: string[]): { names: string[]; options: BenchOptions; help: boolean } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      seconds: { type: 'string' },
      warmup: { type: 'string' },
      concurrency: { type: 'string' },
      'tx-concurrency': { type: 'string' },
      patients: { type: 'string' },
      'read-patients': { type: 'string' },
      samples: { type: 'string' },
      residents: { type: 'string' },
      'load-parallel': { type: 'string' },
      fresh: { type: 'boolean' },
      'no-baseline': { type: 'boolean' },
      profile: { type: 'boolean' },
      'log-level': { type: 'string' },
      server: { type: 'string' },
      'no-jobs': { type: 'boolean' },
      seed: { type: 'string' },
      from: { type: 'string' },
      'quiet-load': { type: 'string' },
      repeat: { type: 'string' },
      workers: { type: 'string' },
      'quiet-wait': { type: 'string' },
      to: { type: 'string' },
    },
  });
  const int = (key: keyof typeof values, fallback: number): number => {
    const raw = values[key];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${key} must be a whole number`);
    return n;
  };
  const server = values.server ?? 'source';
  if (server !== 'source' && server !== 'cli') throw new Error('--server must be source or cli');
  return {
    names: positionals,
    help: values.help === true,
    options: {
      seconds: int('seconds', 20),
      warmup: int('warmup', 5),
      concurrency: int('concurrency', 16),
      txConcurrency: int('tx-concurrency', 4),
      patients: int('patients', kind === 'postgres' ? 100_000 : 20_000),
      readPatients: int('read-patients', 10_000),
      samples: int('samples', 200),
      residents: int('residents', 100_000),
      loadParallel: int('load-parallel', 2),
      fresh: values.fresh === true,
      baseline: values['no-baseline'] !== true,
      profile: values.profile === true,
      logLevel: values['log-level'] ?? 'warn',
      server,
      jobs: values['no-jobs'] !== true,
      seed: values.seed ?? 'lienthong-bench',
      quietLoad: Number(values['quiet-load'] ?? 0),
      quietWait: int('quiet-wait', 900),
      repeat: Math.max(1, int('repeat', 1)),
      workers: Math.max(1, int('workers', 1)),
      profileFrom: Number(values.from ?? 0),
      profileTo: Number(values.to ?? Infinity),
    },
  };
}

function print(name: string, r: BenchResult): void {
  const goal = (f: BenchResult['figures'][number]): string => (f.goal ? `${f.goal.op} ${fmt(f.goal.value)}` : '');
  const met = (f: BenchResult['figures'][number]): string => {
    if (!f.goal) return '';
    const ok = f.goal.op === '>=' ? f.value >= f.goal.value : f.value <= f.goal.value;
    return ok ? 'yes' : 'NO';
  };
  printTable(
    `${name} on ${kind}`,
    ['figure', 'value', 'unit', 'raw baseline', 'ratio', 'goal', 'met'],
    r.figures.map((f) => [
      f.name,
      fmt(f.value),
      f.unit,
      fmt(f.baseline),
      f.ratio === undefined ? '' : `${f.ratio.toFixed(2)}×`,
      goal(f),
      met(f),
    ]),
  );
  const withNotes = r.figures.filter((f) => f.note);
  for (const f of withNotes) process.stdout.write(`  ${f.name}: ${f.note}\n`);
  for (const n of r.notes) process.stdout.write(`  note: ${n}\n`);
}

/**
 * Several runs of one benchmark: each figure (and its baseline) is the median
 * of the runs, so one burst of someone else's work does not decide the result.
 */
function medianOf(runs: BenchResult[]): BenchResult {
  const median = (xs: (number | undefined)[]): number | undefined => {
    const v = xs.filter((x): x is number => x !== undefined && !Number.isNaN(x)).sort((a, b) => a - b);
    if (v.length === 0) return undefined;
    const m = Math.floor(v.length / 2);
    return v.length % 2 ? v[m] : (v[m - 1]! + v[m]!) / 2;
  };
  const first = runs[0]!;
  const figures = first.figures.map((f, i) => {
    const all = runs.map((r) => r.figures[i]);
    const value = median(all.map((x) => x?.value)) ?? NaN;
    const baseline = median(all.map((x) => x?.baseline));
    const { ratio: _r, baseline: _b, ...rest } = f;
    return figure({
      ...rest,
      value,
      ...(baseline !== undefined ? { baseline } : {}),
      note: `${f.note ? `${f.note}; ` : ''}median of ${runs.length} runs: ${all.map((x) => fmt(x?.value)).join(', ')}`,
    });
  });
  return {
    figures,
    details: first.details,
    notes: runs.flatMap((r) => r.notes).filter((n, i, a) => a.indexOf(n) === i),
  };
}

/** The machine is shared: wait a while for others' work to calm down. */
async function waitForQuiet(threshold: number, maxSeconds: number): Promise<void> {
  const until = Date.now() + maxSeconds * 1000;
  let said = false;
  while (loadavg()[0]! >= threshold && Date.now() < until) {
    if (!said)
      log(
        `waiting up to ${maxSeconds} s for the load average (${loadavg()[0]!.toFixed(2)}) to fall below ${threshold}`,
      );
    said = true;
    await new Promise((r) => setTimeout(r, 10_000));
  }
  if (said) log(`load average now ${loadavg()[0]!.toFixed(2)}`);
}

async function main(): Promise<void> {
  const { names, options, help } = parse(process.argv.slice(2));
  if (help || names.length === 0) {
    process.stdout.write(HELP);
    return;
  }
  if (names[0] === 'summary') {
    summary();
    return;
  }
  if (names[0] === 'profile') {
    if (!names[1]) throw new Error('usage: npm run bench -- profile <file.cpuprofile | directory>');
    profileSummary(names[1], options.profileFrom, options.profileTo);
    return;
  }
  const expanded = names.flatMap((n) => (n === 'all' ? ALL : [n]));
  const chosen = expanded.map((n) => {
    const b = BENCHMARKS.find((x) => x.name === n);
    if (!b) throw new Error(`Unknown benchmark "${n}"; see npm run bench -- --help`);
    return b;
  });
  for (const b of chosen) {
    if (options.quietLoad > 0) await waitForQuiet(options.quietLoad, options.quietWait);
    const env = await environment(kind);
    const watch = new LoadWatch();
    log(`${b.name} on ${kind} (load average ${watch.atStart.map((x) => x.toFixed(2)).join(' ')})`);
    const started = performance.now();
    const runs: BenchResult[] = [];
    for (let i = 0; i < options.repeat; i++) {
      if (i > 0 && options.quietLoad > 0) await waitForQuiet(options.quietLoad, options.quietWait);
      if (options.repeat > 1) log(`${b.name}: run ${i + 1} of ${options.repeat}`);
      runs.push(await b.run({ kind, options }));
    }
    const result = runs.length === 1 ? runs[0]! : medianOf(runs);
    const load = watch.stop();
    print(options.workers > 1 ? `${b.name} (${options.workers} server workers)` : b.name, result);
    process.stdout.write(
      `  load average (1 min) during the run: ${load.min1}–${load.max1}, mean ${load.mean1}; ` +
        `${((performance.now() - started) / 1000).toFixed(0)} s in all\n`,
    );
    const file = writeResult(b.name, options.workers > 1 ? `${kind}-w${options.workers}` : kind, {
      benchmark: b.name,
      database: kind,
      options,
      environment: env,
      loadAverage: load,
      figures: result.figures,
      notes: result.notes,
      details: result.details,
      ...(runs.length > 1 ? { runs: runs.map((r) => ({ figures: r.figures, details: r.details })) } : {}),
    });
    log(`wrote ${file}`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
