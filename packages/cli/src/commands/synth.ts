import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '@lienthong/server';
import {
  buildProvince,
  generateProvince,
  NdjsonSink,
  TransactionBundleSink,
  TruthSink,
  Xml130Sink,
  type GenerateOptions,
  type GenerateSummary,
  type Province,
  type Sink,
} from '@lienthong/synth';
import { withApp } from './open-app.js';
import { StoreSink } from './synth-load.js';
import { ProgressBar } from './progress-bar.js';

const HELP = `lienthong synth — generate the synthetic Đồng Nai province (no real patient data)

  lienthong synth [--residents N] [--seed S] [--from yyyy-mm-dd] [--to yyyy-mm-dd]
                  [--out DIR] [--ndjson] [--bundles] [--xml130] [--load]

  --residents N   how many residents, 1 … 4,400,000 (default 1000)
  --seed S        the same seed gives the same province, byte for byte (default 75)
  --from, --to    the period life histories cover (default 2025-11-01 … 2026-10-31)
  --out DIR       where files go (default ./data/synth); the labelled truth
                  (outbreaks, duplicate patients, pharmacy violations) and
                  manifest.json are always written there
  --ndjson        FHIR NDJSON, one file per resource type (DIR/fhir)
  --bundles       FHIR transaction bundles to POST to /fhir in order (DIR/bundles)
  --xml130        one XML 130 file per visit (DIR/xml130/<facility>/<month>/)
  --load          load into the configured database (DATABASE_URL, else the
                  embedded one in LIENTHONG_DATA_DIR) through the FHIR write path
  With no output named: --ndjson --xml130.
`;

export async function synth(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      residents: { type: 'string', default: '1000' },
      seed: { type: 'string', default: '75' },
      from: { type: 'string' },
      to: { type: 'string' },
      out: { type: 'string', default: './data/synth' },
      ndjson: { type: 'boolean' },
      bundles: { type: 'boolean' },
      xml130: { type: 'boolean' },
      load: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const province = provinceFrom(values);
  const out = resolve(values.out);
  const nothingNamed = !values.ndjson && !values.bundles && !values.xml130 && !values.load;
  const sinks: Sink[] = [new TruthSink(join(out, 'truth'))];
  if (values.ndjson || nothingNamed) sinks.push(new NdjsonSink(join(out, 'fhir')));
  if (values.bundles) sinks.push(new TransactionBundleSink(join(out, 'bundles')));
  if (values.xml130 || nothingNamed) sinks.push(new Xml130Sink(join(out, 'xml130')));
  const run = (extra: Sink[]): Promise<GenerateSummary> => runSynth(province, [...sinks, ...extra], out);
  if (values.load) await withApp((app) => run([new StoreSink(app)]));
  else await run([]);
}

function provinceFrom(values: { residents: string; seed: string; from?: string; to?: string }): Province {
  const residents = Number(values.residents.replaceAll(/[_,]/g, ''));
  if (!Number.isInteger(residents) || residents < 1) {
    throw new ConfigError([`--residents must be a whole number (1 … 4400000), not "${values.residents}"`]);
  }
  if ((values.from === undefined) !== (values.to === undefined)) {
    throw new ConfigError(['--from and --to go together']);
  }
  try {
    return buildProvince({
      seed: values.seed,
      residents,
      ...(values.from && values.to ? { period: { from: values.from, to: values.to } } : {}),
    });
  } catch (err) {
    if (err instanceof RangeError) throw new ConfigError([err.message]);
    throw err;
  }
}

/**
 * Generates the province into the sinks with a progress bar on stderr, then
 * writes manifest.json and prints a summary.
 */
export async function runSynth(
  province: Province,
  sinks: Sink[],
  out: string,
  options: Pick<GenerateOptions, 'stage'> = {},
): Promise<GenerateSummary> {
  const started = performance.now();
  const bar = new ProgressBar(province.residents);
  let summary: GenerateSummary;
  try {
    summary = await generateProvince(province, sinks, {
      ...options,
      onProgress: (p) => bar.update(p.residentsDone, p.resources),
    });
  } finally {
    bar.stop();
  }
  const seconds = (performance.now() - started) / 1000;
  const truth = sinks.find((s): s is TruthSink => s instanceof TruthSink);
  mkdirSync(out, { recursive: true });
  // No clock time in the manifest: same seed, same bytes.
  writeFileSync(
    join(out, 'manifest.json'),
    JSON.stringify(
      {
        generator: 'lienthong synth',
        seed: province.seed,
        period: province.period,
        facilities: province.facilities.length,
        healthWorkers: province.workers.length,
        ...summary,
        truth: truth?.counts,
      },
      null,
      2,
    ) + '\n',
  );
  printSummary(province, summary, truth, sinks, seconds, out);
  return summary;
}

function printSummary(
  province: Province,
  summary: GenerateSummary,
  truth: TruthSink | undefined,
  sinks: Sink[],
  seconds: number,
  out: string,
): void {
  const n = (x: number): string => x.toLocaleString('en-US');
  const xml = sinks.find((s): s is Xml130Sink => s instanceof Xml130Sink);
  const loaded = sinks.find((s): s is StoreSink => s instanceof StoreSink);
  const lines = [
    `Tỉnh tổng hợp · Synthetic province (seed ${province.seed}, ${province.period.from} … ${province.period.to})`,
    `  residents ${n(summary.residents)} · facilities ${n(province.facilities.length)} · health workers ${n(province.workers.length)}`,
    `  visits ${n(summary.visits)} · vaccinations ${n(summary.vaccinations)} · pharmacy sales ${n(summary.pharmacySales)}`,
    `  FHIR resources ${n(summary.resources)}: ${Object.entries(summary.byType)
      .map(([t, c]) => `${t} ${n(c)}`)
      .join(', ')}`,
    ...(xml ? [`  XML 130 files ${n(xml.files)}`] : []),
    ...(loaded ? [`  loaded into the database: ${n(loaded.loaded)} resources`] : []),
    ...(truth
      ? [
          `  truth: ${truth.counts.outbreaks} outbreaks, ${n(truth.counts.duplicatePairs)} duplicate pairs, ${n(truth.counts.pharmacyViolations)} pharmacy violations`,
        ]
      : []),
    `  ${seconds.toFixed(1)} s, ${n(Math.round(summary.resources / seconds))} resources/s, peak memory ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
    `  files in ${out}`,
    '',
  ];
  process.stderr.write(lines.join('\n'));
}
