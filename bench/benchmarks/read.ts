import type { BenchContext, BenchOptions, BenchResult, Benchmark } from '../lib/bench.js';
import { figure } from '../lib/bench.js';
import { storeId, type ChartShape } from '../lib/fhir-data.js';
import { CpuMeter } from '../lib/cpu.js';
import { runLoad } from '../lib/load.js';
import { log } from '../lib/report.js';
import { startServer } from '../lib/server-process.js';
import { freshTarget, type Target } from '../lib/target.js';
import { loadDataset } from '../dataset.js';
import { baselineRead } from './baseline.js';
import { cpuFigures, dbNote, profileDir, profileInfo, resultsOf } from './common.js';

const PATIENTS_ONLY: ChartShape = { encounters: 0, observationsPerEncounter: 0, conditions: 0 };

export function readIds(o: BenchOptions): string[] {
  return Array.from({ length: o.readPatients }, (_, i) => storeId(`${o.seed}/read`, i, 'Patient'));
}

/** A fresh database holding --read-patients patients, loaded through the write path in-process. */
export async function prepareReadTarget(ctx: BenchContext): Promise<Target> {
  const o = ctx.options;
  const target = await freshTarget('read');
  try {
    await loadDataset(target, {
      seed: `${o.seed}/read`,
      patients: o.readPatients,
      shape: PATIENTS_ONLY,
      batchPatients: 1000,
      parallel: ctx.kind === 'postgres' ? o.loadParallel : 1,
    });
  } catch (err) {
    await target.release();
    throw err;
  }
  return target;
}

export const read: Benchmark = {
  name: 'read',
  summary:
    'GET /fhir/Patient/{id} at --concurrency clients over --read-patients patients → requests/s (goal ≥ 4,000/s)',
  async run(ctx: BenchContext): Promise<BenchResult> {
    const o = ctx.options;
    const ids = readIds(o);
    const target = await prepareReadTarget(ctx);
    let result;
    let profile: Record<string, unknown> | undefined;
    let base;
    try {
      const server = await startServer(target, {
        mode: o.server,
        logLevel: o.logLevel,
        jobs: o.jobs,
        workers: o.workers,
        ...(o.profile ? { cpuProfDir: profileDir('read', ctx.kind) } : {}),
      });
      try {
        log(`read: ${o.concurrency} clients × ${o.seconds} s (+${o.warmup} s warm-up) over ${ids.length} patients`);
        result = await runLoad({
          baseUrl: server.url,
          cpu: new CpuMeter(target, server.pid),
          concurrency: o.concurrency,
          seconds: o.seconds,
          warmupSeconds: o.warmup,
          next: (c, n) => ({
            method: 'GET',
            path: `/fhir/Patient/${ids[(c * 7_919 + n * 31) % ids.length]}`,
            expect: [200],
          }),
        });
        if (o.profile) profile = profileInfo(profileDir('read', ctx.kind), server.spawnedAt, result);
      } finally {
        await server.stop();
      }
      if (o.baseline) base = await baselineRead(ctx, target);
    } finally {
      await target.release();
    }
    return {
      figures: [
        figure({
          name: 'read Patient by id',
          unit: 'requests/s',
          value: result.requestsPerSecond,
          baseline: base?.requestsPerSecond,
          goal: { op: '>=', value: 4000 },
        }),
        figure({ name: 'read latency p50', unit: 'ms', value: result.latencyMs.p50, baseline: base?.latencyMs.p50 }),
        figure({ name: 'read latency p95', unit: 'ms', value: result.latencyMs.p95, baseline: base?.latencyMs.p95 }),
        ...cpuFigures('read', result, base, 1, 4000),
      ],
      details: {
        ...(profile ? { profile } : {}),
        patients: ids.length,
        server: resultsOf(result),
        ...(base ? { baseline: resultsOf(base) } : {}),
      },
      notes: [
        ...dbNote('read', result, base, 1),
        ...(profile ? [`CPU profile of the server: ${String(profile.command)}`] : []),
      ],
    };
  },
};
