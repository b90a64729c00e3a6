import { availableParallelism } from 'node:os';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { inChunks, inParallel } from '@lienthong/core';
import { createApp, handleFhir, importXml130Files, loadConfig, SYSTEM_CALLER, type App } from '@lienthong/server';
import { buildProvince, residentParts, visitXml130 } from '@lienthong/synth';
import { readXml130File, visitBundle } from '@lienthong/xml130';
import { figure, type BenchContext, type BenchResult, type Benchmark, type Figure } from '../lib/bench.js';
import { PostgresProcessesMeter } from '../lib/cpu.js';
import { openRaw } from '../lib/raw-db.js';
import { insertMany, makeTemplate, type RawTemplate } from '../lib/raw-sql.js';
import { log } from '../lib/report.js';
import { freshTarget, serverDbEnv, type DbKind, type Target } from '../lib/target.js';
import { inProcessRegistry, schemaTarget } from './baseline.js';

/**
 * Importing XML 130 files (issue 6). Dataset: the XML 130 file of every visit
 * of the synthetic province's first `--residents` residents (pass a few
 * thousand), one visit per file as HIS send them, in the order the visits
 * ended. Two runs on fresh databases of the
 * same kind, in this process with jobs off, `--tx-concurrency` imports in
 * flight on PostgreSQL (facilities send at the same time):
 * - import: `importXml130Files` on fifty files at a time, as the CLI does —
 *   read, check, map, skip what is unchanged, and write through the one
 *   write path, up to ten visits per FHIR transaction;
 * - the FHIR transaction ingest of the same visits: the mapped bundles sent
 *   straight to the transaction interaction (what a HIS speaking FHIR would
 *   send) — the ratio shows what the XML layer costs;
 * - the database floor: the same visits' rows (resources, history, outbox,
 *   index rows, computed before the clock starts) inserted by a minimal
 *   script, one statement per visit and ten visits per transaction as the
 *   importer commits them — what the database alone can take on this machine.
 */

const GOAL_VISITS_PER_SECOND = 300;
/** As `lienthong import xml130` reads them (packages/cli/src/commands/import-xml130.ts). */
const FILES_PER_IMPORT = 50;
/** As the importer commits them (packages/server/src/modules/xml130/import-visits.ts). */
const VISITS_PER_TRANSACTION = 10;

async function withTarget<T>(purpose: string, work: (app: App) => Promise<T>): Promise<T> {
  const target: Target = await freshTarget(purpose);
  const app = await createApp(
    loadConfig(
      {
        ...serverDbEnv(target),
        LIENTHONG_JOBS: 'false',
        LIENTHONG_AUTH: 'off',
        HOST: '127.0.0.1',
        LIENTHONG_LOG_LEVEL: 'warn',
      },
      target.dataDir ? { dataDir: target.dataDir } : {},
    ),
  );
  try {
    return await work(app);
  } finally {
    await app.close();
    await target.release();
  }
}

interface Timed<T> {
  seconds: number;
  result: T;
  /** CPU seconds over the run: this process (importer and its validation threads), and PostgreSQL's processes. */
  cpu: { process: number; postgres?: number };
}

function timed<T>(
  label: string,
  total: number,
  kind: DbKind,
  run: (tick: () => void) => Promise<T>,
): Promise<Timed<T>> {
  const postgres = kind === 'postgres' ? new PostgresProcessesMeter() : undefined;
  postgres?.start();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let done = 0;
  let last = t0;
  const tick = (): void => {
    done++;
    const now = performance.now();
    if (now - last > 10_000) {
      last = now;
      log(`${label}: ${done}/${total} visits, ${(done / ((now - t0) / 1000)).toFixed(1)}/s`);
    }
  };
  return run(tick).then((result) => {
    const seconds = (performance.now() - t0) / 1000;
    const own = process.cpuUsage(cpu0);
    const pg = postgres?.stop();
    return {
      seconds,
      result,
      cpu: { process: (own.user + own.system) / 1e6, ...(pg ? { postgres: pg.user + pg.sys } : {}) },
    };
  });
}

/** A visit's resources as the store would hold them: `urn:uuid:` references made `Type/id`. */
function visitTemplates(bundle: Bundle): RawTemplate[] {
  const entries = bundle.entry ?? [];
  const local = new Map(
    entries.flatMap((e) =>
      e.fullUrl?.startsWith('urn:uuid:') ? [[e.fullUrl, `${e.resource!.resourceType}/${e.fullUrl.slice(9)}`]] : [],
    ),
  );
  return entries.map((e) => {
    const json = JSON.stringify(e.resource).replace(/"(urn:uuid:[0-9a-f-]{36})"/g, (m, url: string) =>
      local.has(url) ? `"${local.get(url)}"` : m,
    );
    return makeTemplate(JSON.parse(json) as Resource, inProcessRegistry());
  });
}

/** The visits' rows written straight to a fresh database, as the importer groups them into transactions. */
async function databaseFloor(bundles: Bundle[], inFlight: number, kind: DbKind): Promise<Timed<void>> {
  const visits = bundles.map(visitTemplates);
  const target = await schemaTarget('xml130raw');
  const raw = await openRaw(target, inFlight);
  try {
    // At most inFlight groups run at once, each on a connection of its own.
    const free = [...raw.lanes];
    return await timed('database floor', visits.length, kind, (tick) =>
      inParallel(inChunks(visits, VISITS_PER_TRANSACTION), inFlight, async (group) => {
        const conn = free.pop()!;
        try {
          await conn.transaction(async (tx) => {
            for (const visit of group) {
              await insertMany(tx, visit);
              tick();
            }
          });
        } finally {
          free.push(conn);
        }
      }),
    );
  } finally {
    await raw.close();
    await target.release();
  }
}

/** CPU milliseconds per visit, by side, and how many cores the goal's rate would keep busy. */
function cpuPerVisit(run: Timed<unknown>, visits: number): Figure[] {
  const perVisit = (seconds: number): number => (seconds * 1000) / visits;
  const total = run.cpu.process + (run.cpu.postgres ?? 0);
  return [
    figure({ name: 'importer CPU per visit', unit: 'ms', value: perVisit(run.cpu.process) }),
    ...(run.cpu.postgres !== undefined
      ? [
          figure({ name: 'PostgreSQL CPU per visit', unit: 'ms', value: perVisit(run.cpu.postgres) }),
          figure({
            name: `cores busy at ${GOAL_VISITS_PER_SECOND} visits/s`,
            unit: 'cores',
            value: (perVisit(total) * GOAL_VISITS_PER_SECOND) / 1000,
            note: `this machine has ${availableParallelism()}`,
          }),
        ]
      : []),
  ];
}

export const xml130Import: Benchmark = {
  name: 'xml130-import',
  summary:
    'XML 130 import: visits/s through check, mapping and the write path, vs. FHIR transactions of the same visits (--residents, a few thousand)',
  async run(ctx: BenchContext): Promise<BenchResult> {
    const residents = ctx.options.residents;
    if (residents > 20_000) log(`xml130-import: ${residents} residents is hours of visits; try --residents 2000`);
    const province = buildProvince({ seed: ctx.options.seed, residents });
    // In the order the visits ended, as the province's facilities send them (not resident by resident).
    const visits: { end: string; xml: string }[] = [];
    for (const part of residentParts(province)) {
      if (part.kind === 'resident')
        for (const visit of part.life.visits)
          visits.push({ end: visit.end, xml: visitXml130(province, part.life, visit) });
    }
    const files = visits.sort((a, b) => (a.end < b.end ? -1 : a.end > b.end ? 1 : 0)).map((v) => v.xml);
    const megabytes = files.reduce((n, f) => n + f.length, 0) / 2 ** 20;
    log(`xml130-import: ${files.length} visit files (${megabytes.toFixed(1)} MB) from ${residents} residents`);
    const rss0 = process.resourceUsage().maxRSS;
    // PGlite runs one transaction at a time whatever we do.
    const inFlight = ctx.kind === 'postgres' ? ctx.options.txConcurrency : 1;
    log(`xml130-import: ${inFlight} import(s) of ${FILES_PER_IMPORT} files in flight`);

    const xml = await withTarget('xml130', (app) =>
      timed('import', files.length, ctx.kind, async (tick) => {
        let resources = 0;
        let failed = 0;
        await inParallel(inChunks(files, FILES_PER_IMPORT), inFlight, async (chunk) => {
          for (const r of await importXml130Files(app.services, SYSTEM_CALLER, chunk)) {
            for (const v of r.visits) {
              resources += v.written;
              if (v.status === 'failed') failed++;
            }
            tick();
          }
        });
        return { resources, failed };
      }),
    );
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    const bundles: Bundle[] = files.flatMap((f) => [...readXml130File(f).visits()].map(visitBundle));
    const fhir = await withTarget('xml130fhir', (app) =>
      timed('fhir transactions', bundles.length, ctx.kind, async (tick) => {
        await inParallel(bundles, inFlight, async (body) => {
          await handleFhir(app.services, {
            method: 'POST',
            caller: SYSTEM_CALLER,
            path: '',
            query: [],
            headers: { prefer: 'return=minimal' },
            body,
          });
          tick();
        });
      }),
    );
    const floor = await databaseFloor(bundles, inFlight, ctx.kind);
    const visitsPerSecond = files.length / xml.seconds;
    const fhirPerSecond = bundles.length / fhir.seconds;
    const floorPerSecond = bundles.length / floor.seconds;
    return {
      figures: [
        figure({
          name: 'visits',
          unit: 'visits',
          value: files.length,
          note: `${(xml.result.resources / files.length).toFixed(1)} resources per visit`,
        }),
        figure({
          name: 'import',
          unit: 'visits/s',
          value: visitsPerSecond,
          baseline: fhirPerSecond,
          goal: { op: '>=', value: GOAL_VISITS_PER_SECOND },
        }),
        figure({ name: 'import', unit: 'resources/s', value: xml.result.resources / xml.seconds }),
        ...cpuPerVisit(xml, files.length),
        figure({
          name: 'database alone',
          unit: 'visits/s',
          value: floorPerSecond,
          goal: { op: '>=', value: GOAL_VISITS_PER_SECOND },
          note: 'the same rows by a minimal script: the ceiling for any importer on this machine',
        }),
        ...(floor.cpu.postgres !== undefined
          ? [
              figure({
                name: 'database alone: PostgreSQL CPU per visit',
                unit: 'ms',
                value: (floor.cpu.postgres * 1000) / bundles.length,
              }),
            ]
          : []),
        figure({ name: 'failed visits', unit: 'visits', value: xml.result.failed }),
        figure({ name: 'peak RSS', unit: 'MB', value: peakRssMb, note: `${Math.round(rss0 / 1024)} MB before` }),
      ],
      details: {
        residents,
        visits: files.length,
        megabytes,
        xml,
        fhir: { seconds: fhir.seconds, visitsPerSecond: fhirPerSecond, cpu: fhir.cpu },
        databaseAlone: { seconds: floor.seconds, visitsPerSecond: floorPerSecond, cpu: floor.cpu },
      },
      notes: [
        'raw baseline column = the same visits as FHIR transaction bundles, sent straight to the transaction interaction',
      ],
    };
  },
};
