import { SqlParams } from './sql-params.js';
import type { Queryable } from './types.js';

/**
 * Turns items deferred so far into data-modifying CTEs ("name AS (…)"),
 * their parameters taken from `p`. Several combines may share one
 * statement, so each one's CTE names must be its own; `name` must change
 * whenever the text can (it names the prepared statement).
 */
export type Combine<T> = (items: T[], p: SqlParams) => { ctes: string[]; name: string };

/** The items of one kind deferred so far, with the combine that writes them. */
export type Batch = [Combine<never>, unknown[]];

/** One statement holding every batch: all of it is written, or none of it. */
export function combinedStatement(batches: readonly Batch[]): { sql: string; params: unknown[]; name: string } {
  const p = new SqlParams();
  const ctes: string[] = [];
  const names: string[] = [];
  for (const [combine, items] of batches) {
    const part = (combine as Combine<unknown>)(items, p);
    ctes.push(...part.ctes);
    names.push(part.name);
  }
  return { sql: `WITH ${ctes.join(',\n')} SELECT 1`, params: p.values, name: names.join('+') };
}

/** The statement writing `items` of one kind. */
export function statementOf<T>(combine: Combine<T>, items: T[]): { sql: string; params: unknown[]; name: string } {
  return combinedStatement([[combine, items]]);
}

/**
 * A transaction that holds back writes until something reads, then sends
 * all of them as one statement. A transaction bundle of a thousand entries
 * thus costs a handful of round trips instead of thousands — which on
 * embedded PGlite, where every statement is parsed and planned anew, is most
 * of the time, and on a server is most of the system calls. Any `query`
 * flushes first, so what the transaction reads always includes what it
 * wrote. The CTEs of one statement see the same snapshot, so deferred writes
 * of different kinds must not depend on each other (they touch different
 * tables); writes of one kind keep their order.
 */
export class DeferringTx implements Queryable {
  private pending = new Map<Combine<never>, unknown[]>();
  /** Facts this transaction has established (rows it read under lock), for the code that owns them. */
  readonly memo = new Map<string, unknown>();

  constructor(private readonly inner: Queryable) {}

  defer<T>(combine: Combine<T>, item: T): void {
    const key = combine as Combine<never>;
    const items = this.pending.get(key);
    if (items) items.push(item);
    else this.pending.set(key, [item]);
  }

  get hasPending(): boolean {
    return this.pending.size > 0;
  }

  async query<R = Record<string, unknown>>(sql: string, params?: unknown[], name?: string): Promise<{ rows: R[] }> {
    await this.flush();
    return this.inner.query<R>(sql, params, name);
  }

  /** Hands over everything deferred so far, to be written by the caller (unit-of-work.ts). */
  takePending(): Batch[] {
    const batches = [...this.pending];
    this.pending = new Map();
    return batches;
  }

  /** Sends everything deferred to the transaction. Call before it commits. */
  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const { sql, params, name } = combinedStatement(this.takePending());
    await this.inner.query(sql, params, name);
  }
}

/** Writes `item` now, or later together with others when `q` defers. */
export async function deferOrRun<T>(q: Queryable, combine: Combine<T>, item: T): Promise<void> {
  if (q instanceof DeferringTx) {
    q.defer(combine, item);
    return;
  }
  const { sql, params, name } = statementOf(combine, [item]);
  await q.query(sql, params, name);
}
