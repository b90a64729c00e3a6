import type { Queryable } from './types.js';

/** Turns the items deferred so far into one statement. */
export type Combine<T> = (items: T[]) => { sql: string; params: unknown[]; name?: string };

/**
 * A transaction that holds back writes until something reads, then sends
 * each kind of write as one statement. A transaction bundle of a thousand
 * entries thus costs a handful of round trips instead of thousands — which on
 * embedded PGlite, where every statement is parsed and planned anew, is most
 * of the time. Any `query` flushes first, so what the transaction reads
 * always includes what it wrote. Deferred writes of different kinds must not
 * depend on each other (they touch different tables); writes of one kind
 * keep their order.
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

  async query<R = Record<string, unknown>>(sql: string, params?: unknown[], name?: string): Promise<{ rows: R[] }> {
    await this.flush();
    return this.inner.query<R>(sql, params, name);
  }

  /** Sends everything deferred; call before the transaction commits. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) {
      const batches = [...this.pending];
      this.pending = new Map();
      for (const [combine, items] of batches) {
        const { sql, params, name } = (combine as Combine<unknown>)(items);
        await this.inner.query(sql, params, name);
      }
    }
  }
}

/** Writes `item` now, or later together with others when `q` defers. */
export async function deferOrRun<T>(q: Queryable, combine: Combine<T>, item: T): Promise<void> {
  if (q instanceof DeferringTx) {
    q.defer(combine, item);
    return;
  }
  const { sql, params, name } = combine([item]);
  await q.query(sql, params, name);
}
