import type { DbKind } from './target.js';

/** Options shared by every benchmark (see `npm run bench -- --help`). */
export interface BenchOptions {
  seconds: number;
  warmup: number;
  concurrency: number;
  /** Concurrency of the transaction benchmark (bundles in flight). */
  txConcurrency: number;
  seed: string;
  logLevel: string;
  server: 'source' | 'cli';
  jobs: boolean;
  profile: boolean;
  baseline: boolean;
  fresh: boolean;
  /** Patients in the search store (10 resources each). */
  patients: number;
  /** Patients stored for the read benchmark. */
  readPatients: number;
  /** Residents of the synthetic province (synth). */
  residents: number;
  /** Timed calls per search query. */
  samples: number;
  /** Batches in flight in the dataset loader. */
  loadParallel: number;
  /** `profile`: the window of the profile to summarise, in seconds since the server started. */
  profileFrom: number;
  /** Wait (up to quietWait seconds) for the 1-minute load average to fall below this before each benchmark; 0: don't. */
  quietLoad: number;
  quietWait: number;
  /** LIENTHONG_WORKERS of the server under test. */
  workers: number;
  /** Runs per benchmark; figures are the medians. */
  repeat: number;
  profileTo: number;
}

/** One reported number, with its raw-baseline counterpart when there is one. */
export interface Figure {
  name: string;
  unit: string;
  value: number;
  /** The same measure from the raw baseline ("the limit"). */
  baseline?: number;
  /** value / baseline. */
  ratio?: number;
  goal?: { op: '>=' | '<='; value: number };
  /** Extra context for the table (e.g. matches per call). */
  note?: string;
}

export interface BenchResult {
  figures: Figure[];
  details: Record<string, unknown>;
  notes: string[];
}

export interface BenchContext {
  kind: DbKind;
  options: BenchOptions;
}

export interface Benchmark {
  name: string;
  summary: string;
  run(ctx: BenchContext): Promise<BenchResult>;
}

export function figure(f: Figure): Figure {
  if (f.baseline !== undefined && f.baseline !== 0) f.ratio = f.value / f.baseline;
  return f;
}
