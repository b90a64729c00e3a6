import type { BenchContext, BenchResult, Benchmark } from '../lib/bench.js';
import { figure } from '../lib/bench.js';
import { BUNDLE_SHAPE, chartSize, transactionBundle } from '../lib/fhir-data.js';
import { CpuMeter } from '../lib/cpu.js';
import { runLoad } from '../lib/load.js';
import { log } from '../lib/report.js';
import { startServer } from '../lib/server-process.js';
import { freshTarget } from '../lib/target.js';
import { baselineTransaction } from './baseline.js';
import { cpuFigures, dbNote, profileDir, profileInfo, resultsOf } from './common.js';

/** Distinct bundles prepared before the clock starts. */
const POOL = 200;

export const transaction: Benchmark = {
  name: 'transaction',
  summary:
    'POST /fhir transaction bundles of 100 entries (Patient + Encounters + Observations + Conditions, urn:uuid references) → resources/s (goal ≥ 5,000/s)',
  async run(ctx: BenchContext): Promise<BenchResult> {
    const o = ctx.options;
    const perBundle = chartSize(BUNDLE_SHAPE);
    const bodies = Array.from({ length: POOL }, (_, i) => JSON.stringify(transactionBundle(o.seed, i)));
    const target = await freshTarget('tx');
    let result;
    let profile: Record<string, unknown> | undefined;
    try {
      const server = await startServer(target, {
        mode: o.server,
        logLevel: o.logLevel,
        jobs: o.jobs,
        workers: o.workers,
        ...(o.profile ? { cpuProfDir: profileDir('transaction', ctx.kind) } : {}),
      });
      try {
        log(
          `transaction: ${o.txConcurrency} clients × ${o.seconds} s (+${o.warmup} s warm-up), ${perBundle} entries per bundle`,
        );
        result = await runLoad({
          baseUrl: server.url,
          cpu: new CpuMeter(target, server.pid),
          concurrency: o.txConcurrency,
          seconds: o.seconds,
          warmupSeconds: o.warmup,
          next: (c, n) => ({ method: 'POST', path: '/fhir', body: bodies[(c * 53 + n) % POOL]!, expect: [200] }),
          onResponse: (_call, _status, body) => {
            if (!body.includes('"transaction-response"')) throw new Error('not a transaction-response');
          },
        });
        if (o.profile) profile = profileInfo(profileDir('transaction', ctx.kind), server.spawnedAt, result);
      } finally {
        await server.stop();
      }
    } finally {
      await target.release();
    }
    const statements = o.baseline ? await baselineTransaction(ctx, 'statements') : undefined;
    const bulk = o.baseline ? await baselineTransaction(ctx, 'bulk') : undefined;
    const perSecond = (r: { requestsPerSecond: number } | undefined): number | undefined =>
      r ? r.requestsPerSecond * perBundle : undefined;
    return {
      figures: [
        figure({
          name: 'transaction (100 entries)',
          unit: 'resources/s',
          value: result.requestsPerSecond * perBundle,
          baseline: perSecond(statements),
          goal: { op: '>=', value: 5000 },
        }),
        figure({
          name: '  vs raw bulk insert (1 statement/bundle)',
          unit: 'resources/s',
          value: result.requestsPerSecond * perBundle,
          baseline: perSecond(bulk),
        }),
        figure({
          name: 'bundle latency p50',
          unit: 'ms',
          value: result.latencyMs.p50,
          baseline: statements?.latencyMs.p50,
        }),
        figure({
          name: 'bundle latency p95',
          unit: 'ms',
          value: result.latencyMs.p95,
          baseline: statements?.latencyMs.p95,
        }),
        ...cpuFigures('resource', result, bulk ?? statements, perBundle, 5000),
      ],
      details: {
        ...(profile ? { profile } : {}),
        entriesPerBundle: perBundle,
        concurrency: o.txConcurrency,
        server: resultsOf(result),
        ...(statements ? { baselineStatements: resultsOf(statements) } : {}),
        ...(bulk ? { baselineBulk: resultsOf(bulk) } : {}),
      },
      notes: [
        ...dbNote('resource', result, statements, perBundle),
        ...(profile ? [`CPU profile of the server: ${String(profile.command)}`] : []),
      ],
    };
  },
};
