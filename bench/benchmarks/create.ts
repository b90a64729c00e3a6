import type { BenchContext, BenchResult, Benchmark } from '../lib/bench.js';
import { figure } from '../lib/bench.js';
import { makePatient } from '../lib/fhir-data.js';
import { CpuMeter } from '../lib/cpu.js';
import { runLoad } from '../lib/load.js';
import { log } from '../lib/report.js';
import { startServer } from '../lib/server-process.js';
import { freshTarget } from '../lib/target.js';
import { backlogNote, cpuFigures, dbNote, profileDir, profileInfo, resultsOf } from './common.js';
import { baselineCreate } from './baseline.js';

/** Distinct Patient bodies, prepared before the clock starts so the load generator stays cheap. */
const POOL = 20_000;

export const create: Benchmark = {
  name: 'create',
  summary: 'POST /fhir/Patient (Vietnamese patient) at --concurrency clients → resources/s (goal ≥ 1,500/s)',
  async run(ctx: BenchContext): Promise<BenchResult> {
    const o = ctx.options;
    const bodies = Array.from({ length: POOL }, (_, i) => JSON.stringify(makePatient(o.seed, i)));
    const target = await freshTarget('create');
    let result;
    let profile: Record<string, unknown> | undefined;
    let backlog: string[] = [];
    try {
      const server = await startServer(target, {
        mode: o.server,
        logLevel: o.logLevel,
        jobs: o.jobs,
        workers: o.workers,
        ...(o.profile ? { cpuProfDir: profileDir('create', ctx.kind) } : {}),
      });
      try {
        log(`create: ${o.concurrency} clients × ${o.seconds} s (+${o.warmup} s warm-up) against ${target.name}`);
        result = await runLoad({
          baseUrl: server.url,
          cpu: new CpuMeter(target, server.pid),
          concurrency: o.concurrency,
          seconds: o.seconds,
          warmupSeconds: o.warmup,
          next: (c, n) => ({
            method: 'POST',
            path: '/fhir/Patient',
            body: bodies[(c * 7_919 + n) % POOL]!,
            expect: [201],
          }),
        });
        backlog = await backlogNote(server.url);
        if (o.profile) profile = profileInfo(profileDir('create', ctx.kind), server.spawnedAt, result);
      } finally {
        await server.stop();
      }
    } finally {
      await target.release();
    }
    const base = o.baseline ? await baselineCreate(ctx) : undefined;
    return {
      figures: [
        figure({
          name: 'create Patient',
          unit: 'resources/s',
          value: result.requestsPerSecond,
          baseline: base?.requestsPerSecond,
          goal: { op: '>=', value: 1500 },
        }),
        figure({ name: 'create latency p50', unit: 'ms', value: result.latencyMs.p50, baseline: base?.latencyMs.p50 }),
        figure({ name: 'create latency p95', unit: 'ms', value: result.latencyMs.p95, baseline: base?.latencyMs.p95 }),
        ...cpuFigures('create', result, base, 1, 1500),
      ],
      details: {
        ...(profile ? { profile } : {}),
        server: resultsOf(result),
        ...(base ? { baseline: resultsOf(base) } : {}),
      },
      notes: [
        ...dbNote('create', result, base, 1),
        ...backlog,
        ...(profile ? [`CPU profile of the server: ${String(profile.command)}`] : []),
      ],
    };
  },
};
