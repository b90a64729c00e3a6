import { statementOf, type Combine } from './deferred.js';
import type { Queryable } from './types.js';

/** Rows per statement at most: one INSERT stays a few hundred kilobytes. */
const MAX_ROWS = 500;

/**
 * Group commit for rows written outside any transaction (audit rows of
 * reads): a row is inserted at once when nothing is being written; rows that
 * arrive while a statement runs wait for it and then go together in the next
 * one. Each caller's promise settles when its own row is committed, so a read
 * still returns only after its audit row is stored — with one commit for
 * many reads under load instead of one each, and no delay when idle.
 */
export class GroupInsert<T> {
  private queue: { item: T; resolve: () => void; reject: (err: unknown) => void }[] = [];
  private writing = false;

  constructor(
    private readonly db: Queryable,
    private readonly combine: Combine<T>,
  ) {}

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_ROWS);
      try {
        const { sql, params, name } = statementOf(
          this.combine,
          batch.map((b) => b.item),
        );
        await this.db.query(sql, params, name);
        for (const b of batch) b.resolve();
      } catch (err) {
        for (const b of batch) b.reject(err);
      }
    }
    this.writing = false;
  }
}
