import type { Patient } from '@medplum/fhirtypes';
import { blockingKeys, DEFAULT_THRESHOLDS } from '@lienthong/core';
import { dedupPass, matchPersons, migrate, openDb, recordFeatures, type Db } from '@lienthong/server';
import { buildProvince, residentParts } from '@lienthong/synth';
import { pairQuality } from '../../test/support/mpi-quality.js';
import { figure, type BenchContext, type BenchResult, type Benchmark } from '../lib/bench.js';
import { log } from '../lib/report.js';
import { Latencies } from '../lib/stats.js';
import { freshTarget } from '../lib/target.js';

/**
 * The master patient index at province scale. Dataset: the synthetic
 * province's residents and their labelled duplicate registrations (about 3%
 * of residents registered again at 1–2 facilities with desk errors),
 * `--residents` of them (default 100,000; the 1 M goal with --residents
 * 1000000). The index is built straight into mpi_record/mpi_key from the
 * generated Patients (features and keys computed by the server's own code):
 * loading a million Patients through the FHIR path is the synth benchmark's
 * subject, not this one's. Then:
 * - a full de-duplication pass over the index (goal ≤ 10 min at 1 M);
 * - its quality against the truth (auto-link precision ≥ 0.995, link +
 *   review recall ≥ 0.98);
 * - the latency of matching one record against the index, as every Patient
 *   write does (goal p95 ≤ 20 ms at 1 M), over 1,000 sampled records.
 */

const SAMPLES = 1000;

async function buildIndex(
  db: Db,
  residents: number,
  seed: string,
): Promise<{ truth: string[][]; records: number; probes: Patient[] }> {
  const province = buildProvince({ seed, residents });
  const truth: string[][] = [];
  const probes: Patient[] = [];
  const every = Math.max(1, Math.floor(residents / SAMPLES));
  let rows: { id: string; features: string; keys: string[] }[] = [];
  let records = 0;
  const flush = async (): Promise<void> => {
    if (rows.length === 0) return;
    await db.query(
      `INSERT INTO mpi_record (patient_id, person_id, link_kind, features)
       SELECT id, id, 'new', f::jsonb FROM unnest($1::text[], $2::text[]) AS r(id, f)`,
      [rows.map((r) => r.id), rows.map((r) => r.features)],
    );
    const keyIds = rows.flatMap((r) => r.keys.map(() => r.id));
    await db.query(
      'INSERT INTO mpi_key (key, patient_id) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING',
      [rows.flatMap((r) => r.keys), keyIds],
    );
    records += rows.length;
    rows = [];
  };
  const t0 = performance.now();
  for (const part of residentParts(province, 0, residents, 'people')) {
    if (part.kind !== 'resident') continue;
    const { resident, duplicates } = part.life;
    truth.push([resident.id, ...duplicates.map((d) => d.id)]);
    for (const resource of part.resources) {
      if (resource.resourceType !== 'Patient') continue;
      const { features } = recordFeatures(resource);
      rows.push({ id: resource.id!, features: JSON.stringify(features), keys: blockingKeys(features) });
      if (resident.index % every === 0 && probes.length < SAMPLES) probes.push(resource);
    }
    if (rows.length >= 5000) await flush();
    if (resident.index % 100_000 === 0 && resident.index > 0) {
      log(
        `mpi: indexed ${resident.index.toLocaleString('en')} residents (${Math.round(performance.now() - t0) / 1000} s)`,
      );
    }
  }
  await flush();
  await db.query('ANALYZE mpi_record');
  await db.query('ANALYZE mpi_key');
  return { truth, records, probes };
}

export const mpi: Benchmark = {
  name: 'mpi',
  summary: 'patient matching: index build, de-duplication pass and its quality, match latency (--residents)',
  async run(ctx: BenchContext): Promise<BenchResult> {
    const residents = ctx.options.residents;
    const target = await freshTarget('mpi');
    const db = await openDb({
      ...(target.databaseUrl ? { databaseUrl: target.databaseUrl } : {}),
      dataDir: target.dataDir ?? ':memory:',
      poolSize: 4,
    });
    try {
      await migrate(db);
      const t0 = performance.now();
      const { truth, records, probes } = await buildIndex(db, residents, ctx.options.seed);
      const buildSeconds = (performance.now() - t0) / 1000;
      log(`mpi: index of ${records.toLocaleString('en')} records built in ${buildSeconds.toFixed(1)} s`);

      const t1 = performance.now();
      const summary = await dedupPass(db, DEFAULT_THRESHOLDS, (stage, n) => {
        if (n > 0 && n % 500_000 < 50_000) log(`mpi: dedup ${stage} ${n.toLocaleString('en')}`);
      });
      const dedupSeconds = (performance.now() - t1) / 1000;
      const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
      log(
        `mpi: dedup pass ${dedupSeconds.toFixed(1)} s: ${JSON.stringify({ ...summary, changedPersons: summary.changedPersons.length, retired: summary.retired.size })}`,
      );

      const { rows: members } = await db.query<{ patient_id: string; person_id: string }>(
        'SELECT patient_id, person_id FROM mpi_record',
      );
      const { rows: reviews } = await db.query<{ patient_id: string; candidate_id: string }>(
        `SELECT patient_id, candidate_id FROM mpi_review WHERE status = 'open'`,
      );
      const quality = pairQuality(
        truth,
        members.map((m) => [m.patient_id, m.person_id]),
        reviews.map((r) => [r.patient_id, r.candidate_id]),
      );
      log(`mpi: quality ${JSON.stringify(quality)}`);

      const times = new Latencies();
      for (const probe of probes) {
        const { features } = recordFeatures(probe);
        const start = performance.now();
        await matchPersons(db, features, DEFAULT_THRESHOLDS, { patientId: probe.id!, distinct: new Set() });
        times.add(performance.now() - start);
      }
      const latency = times.summary();
      return {
        figures: [
          figure({ name: 'records indexed', unit: 'records', value: records }),
          figure({ name: 'index build', unit: 's', value: buildSeconds }),
          figure({
            name: 'de-duplication pass',
            unit: 's',
            value: dedupSeconds,
            goal: { op: '<=', value: 600 },
            note: `${summary.pairsScored.toLocaleString('en')} pairs scored`,
          }),
          figure({ name: 'pairs per record', unit: 'pairs', value: summary.pairsScored / records }),
          figure({
            name: 'auto-link precision',
            unit: '',
            value: quality.linkPrecision,
            goal: { op: '>=', value: 0.995 },
          }),
          figure({ name: 'auto-link recall', unit: '', value: quality.linkRecall }),
          figure({
            name: 'link + review recall',
            unit: '',
            value: quality.linkOrReviewRecall,
            goal: { op: '>=', value: 0.98 },
          }),
          figure({ name: 'match latency p50', unit: 'ms', value: latency.p50 }),
          figure({
            name: 'match latency p95',
            unit: 'ms',
            value: latency.p95,
            goal: { op: '<=', value: 20 },
          }),
          figure({ name: 'peak RSS', unit: 'MB', value: peakRssMb }),
        ],
        details: {
          target: target.name,
          residents,
          records,
          summary: { ...summary, changedPersons: summary.changedPersons.length, retired: summary.retired.size },
          quality,
        },
        notes: [],
      };
    } finally {
      await db.close();
      await target.release();
    }
  },
};
