import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Figure } from './lib/bench.js';
import { RESULTS_DIR } from './lib/report.js';
import { fmt } from './lib/stats.js';

interface Saved {
  benchmark: string;
  database: string;
  environment: { date: string; commit: string };
  loadAverage: { min1: number; max1: number; mean1: number };
  figures: Figure[];
  notes: string[];
}

/** Prints every saved result as a Markdown table (for docs/benchmarks.md). */
export function summary(): void {
  if (!existsSync(RESULTS_DIR)) {
    process.stdout.write('No results yet: run a benchmark first.\n');
    return;
  }
  const files = readdirSync(RESULTS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();
  for (const f of files) {
    const r = JSON.parse(readFileSync(join(RESULTS_DIR, f), 'utf8')) as Saved;
    const l = r.loadAverage;
    process.stdout.write(
      `\n### ${r.benchmark} — ${r.database}\n\n` +
        `${r.environment.date.slice(0, 16).replace('T', ' ')} UTC, commit ${r.environment.commit}, ` +
        `load average ${l.min1}–${l.max1} (mean ${l.mean1})\n\n` +
        '| figure | value | unit | raw baseline | ratio | goal |\n|---|--:|---|--:|--:|---|\n',
    );
    for (const x of r.figures) {
      const goal = x.goal
        ? `${x.goal.op === '>=' ? '≥' : '≤'} ${fmt(x.goal.value)} ${(x.goal.op === '>=' ? x.value >= x.goal.value : x.value <= x.goal.value) ? '✓' : '✗'}`
        : '';
      const ratio = x.ratio === undefined ? '' : `${x.ratio.toFixed(2)}×`;
      process.stdout.write(
        `| ${x.name.trim()} | ${fmt(x.value)} | ${x.unit} | ${fmt(x.baseline)} | ${ratio} | ${goal} |\n`,
      );
    }
    for (const n of r.notes) process.stdout.write(`\n- ${n}`);
    process.stdout.write('\n');
  }
}
