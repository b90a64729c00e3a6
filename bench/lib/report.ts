import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import type { DbKind } from './target.js';

export const RESULTS_DIR = resolve(import.meta.dirname, '..', 'results');

/** Samples the 1-minute load average while a benchmark runs (the machine is shared). */
export class LoadWatch {
  private readonly samples: number[] = [];
  private readonly timer: NodeJS.Timeout;
  readonly atStart = loadavg();

  constructor() {
    this.samples.push(this.atStart[0]!);
    this.timer = setInterval(() => this.samples.push(loadavg()[0]!), 5_000);
    this.timer.unref();
  }

  stop(): { atStart: number[]; atEnd: number[]; min1: number; max1: number; mean1: number } {
    clearInterval(this.timer);
    const atEnd = loadavg();
    this.samples.push(atEnd[0]!);
    const r = (x: number): number => Math.round(x * 100) / 100;
    return {
      atStart: this.atStart.map(r),
      atEnd: atEnd.map(r),
      min1: r(Math.min(...this.samples)),
      max1: r(Math.max(...this.samples)),
      mean1: r(this.samples.reduce((s, x) => s + x, 0) / this.samples.length),
    };
  }
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, {
      cwd: resolve(import.meta.dirname, '..', '..'),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return '';
  }
}

/** The commit measured: git's, or the one bench/snapshot.sh copied. */
function commit(): string {
  const fromGit = git(['rev-parse', '--short', 'HEAD']);
  if (fromGit) return fromGit;
  try {
    return `${readFileSync(resolve(import.meta.dirname, '..', '.snapshot-commit'), 'utf8').trim()} (snapshot)`;
  } catch {
    return 'unknown';
  }
}

/** What the figures were measured on: code, machine, database settings. */
export async function environment(kind: DbKind): Promise<Record<string, unknown>> {
  const env: Record<string, unknown> = {
    date: new Date().toISOString(),
    commit: commit(),
    // Others edit the tree while benchmarks run: record what differed from the commit.
    uncommittedServerFiles: git(['status', '--porcelain', '--', 'packages'])
      .split('\n')
      .filter(Boolean)
      .map((l) => l.slice(3)),
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    database: kind,
  };
  if (kind === 'postgres') {
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    try {
      const { rows } = await c.query<{ name: string; setting: string; unit: string | null }>(
        `SELECT name, setting, unit FROM pg_settings WHERE name IN
          ('server_version', 'shared_buffers', 'synchronous_commit', 'fsync', 'wal_level', 'max_connections',
           'work_mem', 'effective_cache_size', 'random_page_cost', 'jit')`,
      );
      env.postgres = Object.fromEntries(rows.map((r) => [r.name, r.unit ? `${r.setting} ${r.unit}` : r.setting]));
    } finally {
      await c.end();
    }
  } else {
    const file = resolve(import.meta.dirname, '..', '..', 'node_modules/@electric-sql/pglite/package.json');
    env.pglite = (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  }
  return env;
}

/** Prints a small aligned table. */
export function printTable(title: string, header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  process.stdout.write(`\n${title}\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const r of rows) process.stdout.write(`${line(r)}\n`);
}

/** bench/results/<name>-<label>.json; label is the database kind (plus -wN for N server workers). */
export function writeResult(name: string, label: string, data: unknown): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${name}-${label}.json`);
  writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
  return file;
}

export function log(message: string): void {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
