import { createHash } from 'node:crypto';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/**
 * A seeded source of randomness. Every part of the province draws from its
 * own stream, derived from the seed and a label (`random.stream('resident', 42)`),
 * so resident 42 is the same person whatever was generated before it: output
 * is deterministic, streaming needs no shared state and a change in one part
 * does not reshuffle the others.
 */
export class Random {
  private constructor(
    private readonly rng: RandomGenerator,
    private readonly key: string,
  ) {}

  static seeded(seed: string | number): Random {
    return Random.fromKey(`lienthong-synth:${seed}`);
  }

  private static fromKey(key: string): Random {
    const digest = createHash('sha256').update(key).digest();
    const state = [0, 4, 8, 12].map((offset) => digest.readInt32BE(offset));
    return new Random(xoroshiro128plusFromState(state), key);
  }

  /** An independent stream for one labelled part (a resident, a facility list…). */
  stream(...labels: (string | number)[]): Random {
    return Random.fromKey(`${this.key}/${labels.join('/')}`);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return uniformFloat64(this.rng);
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return uniformInt(this.rng, min, max);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(0, items.length - 1)]!;
  }

  /** One of a few items by their `weight` (for long tables built once, use WeightedTable). */
  weighted<T extends { weight: number }>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('weighted pick from an empty list');
    let target = this.next() * items.reduce((sum, item) => sum + item.weight, 0);
    for (const item of items) {
      target -= item.weight;
      if (target < 0) return item;
    }
    return items[items.length - 1]!;
  }

  /** A digit string of the given length (leading zeros kept). */
  digits(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += String(this.int(0, 9));
    return out;
  }

  /** Standard normal deviate (Box–Muller). */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Poisson-distributed count with the given mean (Knuth; means here are small). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(this.normal(mean, Math.sqrt(mean))));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** A deterministic UUID (version-4 layout) drawn from this stream. */
  uuid(): string {
    const hex = Array.from({ length: 4 }, () => (this.int(0, 0xffffffff) >>> 0).toString(16).padStart(8, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
}

/**
 * Draws items by weight. Built once per table (names, ages, diagnoses) and
 * sampled millions of times, so it keeps cumulative weights and searches them.
 */
export class WeightedTable<T> {
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(
    readonly items: readonly T[],
    weight: (item: T) => number,
  ) {
    if (items.length === 0) throw new Error('a weighted table needs items');
    let sum = 0;
    for (const item of items) {
      const w = weight(item);
      if (!(w >= 0)) throw new Error(`negative or missing weight in a weighted table: ${String(w)}`);
      sum += w;
      this.cumulative.push(sum);
    }
    if (sum <= 0) throw new Error('a weighted table needs a positive total weight');
    this.total = sum;
  }

  draw(random: Random): T {
    const target = random.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}
