export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Collects latencies (ms) and summarises them with nearest-rank percentiles. */
export class Latencies {
  private values: number[] = [];

  add(ms: number): void {
    this.values.push(ms);
  }

  summary(): LatencySummary {
    const v = [...this.values].sort((a, b) => a - b);
    const at = (q: number): number => (v.length === 0 ? NaN : v[Math.min(v.length - 1, Math.ceil(q * v.length) - 1)]!);
    const mean = v.length === 0 ? NaN : v.reduce((s, x) => s + x, 0) / v.length;
    return { count: v.length, mean, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: v[v.length - 1] ?? NaN };
  }
}

/** Rounds for display: 3 significant digits, thousands separated. */
export function fmt(x: number | undefined, digits = 3): string {
  if (x === undefined || Number.isNaN(x)) return '—';
  if (!Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  const decimals = abs >= 100 ? 0 : abs >= 10 ? Math.max(0, digits - 2) : abs >= 1 ? digits - 1 : digits;
  return x.toLocaleString('en-US', { maximumFractionDigits: decimals, minimumFractionDigits: 0 });
}

export function ratio(value: number | undefined, base: number | undefined): number | undefined {
  if (value === undefined || base === undefined || !base) return undefined;
  return value / base;
}
