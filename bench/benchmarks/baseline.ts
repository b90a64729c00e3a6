import type { BenchContext, BenchResult, Benchmark } from '../lib/bench.js';
import { figure } from '../lib/bench.js';
import { BUNDLE_SHAPE, chartSize, makeChart, makePatient, storeId } from '../lib/fhir-data.js';
import { CpuMeter } from '../lib/cpu.js';
import { runLoop, type LoadResult } from '../lib/load.js';
import { openRaw } from '../lib/raw-db.js';
import { insertMany, insertOne, makeTemplate, type RawTemplate } from '../lib/raw-sql.js';
import { log } from '../lib/report.js';
import { freshTarget, type Target } from '../lib/target.js';
import { loadDefinitions, SearchRegistry } from '../lib/write-path.js';
import { openInProcess } from '../dataset.js';
import { resultsOf } from './common.js';
import { prepareReadTarget, readIds } from './read.js';
import { rawSearchFigures, searchTarget } from './search.js';

/**
 * "The limit": the same rows the server writes, and the same reads and
 * searches, sent straight to the database by a minimal script (`pg`, or
 * PGlite in-process) at the same concurrency. Index rows are computed before
 * the clock starts; only database work is timed.
 */

let registry: SearchRegistry | undefined;
export function inProcessRegistry(): SearchRegistry {
  if (!registry) {
    const defs = loadDefinitions();
    registry = new SearchRegistry(defs.resourceTypes, defs.searchParameters);
  }
  return registry;
}

/** A fresh database with the server's schema (migrations run in-process, then closed). */
export async function schemaTarget(purpose: string): Promise<Target> {
  const target = await freshTarget(purpose);
  const app = await openInProcess(target);
  await app.close();
  return target;
}

export async function baselineCreate(ctx: BenchContext): Promise<LoadResult> {
  const o = ctx.options;
  const templates = Array.from({ length: 2000 }, (_, i) => makeTemplate(makePatient(o.seed, i), inProcessRegistry()));
  const target = await schemaTarget('rawcreate');
  try {
    const raw = await openRaw(target, o.concurrency);
    try {
      log(`baseline create: raw inserts, ${o.concurrency} connections × ${o.seconds} s`);
      return await runLoop({
        cpu: new CpuMeter(target),
        concurrency: o.concurrency,
        seconds: o.seconds,
        warmupSeconds: o.warmup,
        op: (c, n) => insertOne(raw.lanes[c]!, templates[(c * 7_919 + n) % templates.length]!),
      });
    } finally {
      await raw.close();
    }
  } finally {
    await target.release();
  }
}

/**
 * A 100-resource bundle's rows. `statements`: one transaction, one statement
 * per resource (the server's shape); `bulk`: one statement for the whole
 * bundle (what batching the write path could approach).
 */
export async function baselineTransaction(ctx: BenchContext, mode: 'statements' | 'bulk'): Promise<LoadResult> {
  const o = ctx.options;
  const bundles: RawTemplate[][] = Array.from({ length: 20 }, (_, b) =>
    makeChart(o.seed, 1_000_000 + b, BUNDLE_SHAPE, (key) => `${key.split('/')[0]}/${storeId(o.seed, b, key)}`).map(
      (e) => makeTemplate(e.resource, inProcessRegistry()),
    ),
  );
  const target = await schemaTarget('rawtx');
  try {
    const raw = await openRaw(target, o.txConcurrency);
    try {
      log(`baseline transaction (${mode}): ${o.txConcurrency} connections × ${o.seconds} s`);
      return await runLoop({
        cpu: new CpuMeter(target),
        concurrency: o.txConcurrency,
        seconds: o.seconds,
        warmupSeconds: o.warmup,
        op: async (c, n) => {
          const bundle = bundles[(c * 7 + n) % bundles.length]!;
          if (mode === 'bulk') await insertMany(raw.lanes[c]!, bundle);
          else
            await raw.lanes[c]!.transaction(async (tx) => {
              for (const t of bundle) await insertOne(tx, t);
            });
        },
      });
    } finally {
      await raw.close();
    }
  } finally {
    await target.release();
  }
}

/** Primary-key reads of the same patients as the read benchmark, over the same target. */
export async function baselineRead(ctx: BenchContext, target: Target): Promise<LoadResult> {
  const o = ctx.options;
  const ids = readIds(o);
  const raw = await openRaw(target, o.concurrency);
  try {
    log(`baseline read: raw SELECT by primary key, ${o.concurrency} connections × ${o.seconds} s`);
    return await runLoop({
      cpu: new CpuMeter(target),
      concurrency: o.concurrency,
      seconds: o.seconds,
      warmupSeconds: o.warmup,
      op: async (c, n) => {
        const { rows } = await raw.lanes[c]!.query<{ content: string; deleted: boolean }>(
          'SELECT content, deleted FROM resource WHERE resource_type = $1 AND id = $2',
          ['Patient', ids[(c * 7_919 + n * 31) % ids.length]],
        );
        if (rows.length !== 1) throw new Error('patient not found');
      },
    });
  } finally {
    await raw.close();
  }
}

export const baseline: Benchmark = {
  name: 'baseline',
  summary: 'the limit: the same rows, reads and searches as raw SQL (pg / PGlite in-process), no server',
  async run(ctx: BenchContext): Promise<BenchResult> {
    const o = ctx.options;
    const created = await baselineCreate(ctx);
    const statements = await baselineTransaction(ctx, 'statements');
    const bulk = await baselineTransaction(ctx, 'bulk');
    const readTarget = await prepareReadTarget(ctx);
    let read: LoadResult;
    try {
      read = await baselineRead(ctx, readTarget);
    } finally {
      await readTarget.release();
    }
    const { target, dataset } = await searchTarget(ctx);
    const search = await rawSearchFigures(ctx, target);
    const perBundle = chartSize(BUNDLE_SHAPE);
    return {
      figures: [
        figure({ name: 'raw create (1 statement/resource)', unit: 'resources/s', value: created.requestsPerSecond }),
        figure({
          name: 'raw transaction (1 statement/resource)',
          unit: 'resources/s',
          value: statements.requestsPerSecond * perBundle,
        }),
        figure({
          name: 'raw transaction (1 statement/bundle)',
          unit: 'resources/s',
          value: bulk.requestsPerSecond * perBundle,
        }),
        figure({ name: 'raw read by primary key', unit: 'requests/s', value: read.requestsPerSecond }),
        ...search.figures,
      ],
      details: {
        create: resultsOf(created),
        transactionStatements: resultsOf(statements),
        transactionBulk: resultsOf(bulk),
        read: resultsOf(read),
        search: search.details,
        dataset,
        concurrency: o.concurrency,
        txConcurrency: o.txConcurrency,
      },
      notes: search.notes,
    };
  },
};
