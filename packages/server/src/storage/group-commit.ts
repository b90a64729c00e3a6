import { combinedStatement, type Batch } from './deferred.js';
import type { Queryable } from './types.js';

/** Items (resources, audit rows, …) per statement at most: one statement stays a few megabytes. */
const MAX_ITEMS = 1000;
/**
 * Group statements running at once. One did at least as well as two, four
 * or eight on two cores (decision 0018): waiting units make bigger groups,
 * and a bigger group costs PostgreSQL less per row.
 */
const IN_FLIGHT = 1;
/** A unit this big (a transaction bundle) is a bulk statement already: it goes at once, beside the groups. */
const BULK_UNIT = 50;

interface Waiting {
  batches: Batch[];
  size: number;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit for writes that need no transaction of their own: the one
 * statement of a unit of work that never read (a plain create, a bundle of
 * plain creates) and the audit rows of reads. A unit goes at once while
 * fewer than `IN_FLIGHT` statements run; units that arrive meanwhile wait
 * and then go together, as one statement (a big unit goes alone, at once).
 * Each caller's promise settles when its own rows are committed, so nothing
 * is acknowledged before it is stored, and under load many requests share
 * one statement and one commit instead of paying one each — PostgreSQL's
 * cost per statement, not per row, is what limits single creates.
 *
 * A statement carrying several units is all or nothing for all of them;
 * when it fails, each unit is retried alone, so one unit's error (a
 * constraint, a bad value) fails only that unit.
 */
export class GroupCommit {
  private queue: Waiting[] = [];
  private running = 0;

  constructor(private readonly db: Queryable) {}

  write(batches: Batch[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const size = batches.reduce((n, [, items]) => n + items.length, 0);
      if (size >= BULK_UNIT) {
        this.run(batches).then(resolve, reject);
        return;
      }
      this.queue.push({ batches, size, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < IN_FLIGHT && this.queue.length > 0) {
      const group = this.takeGroup();
      this.running++;
      void this.send(group);
    }
  }

  /** The waiting units, in arrival order, up to MAX_ITEMS (at least one unit). */
  private takeGroup(): Waiting[] {
    let items = 0;
    let n = 0;
    while (n < this.queue.length && (n === 0 || items + this.queue[n]!.size <= MAX_ITEMS))
      items += this.queue[n++]!.size;
    return this.queue.splice(0, n);
  }

  /** Writes a group; the slot is free again before its callers resume. */
  private async send(group: Waiting[]): Promise<void> {
    const settle: (() => void)[] = [];
    try {
      await this.run(group.length === 1 ? group[0]!.batches : merged(group));
      for (const unit of group) settle.push(unit.resolve);
    } catch (err) {
      if (group.length === 1) settle.push(() => group[0]!.reject(err));
      else {
        for (const unit of group) {
          const retried = await this.run(unit.batches).then(
            () => unit.resolve,
            (e: unknown) => () => unit.reject(e),
          );
          settle.push(retried);
        }
      }
    }
    this.running--;
    this.pump();
    for (const s of settle) s();
  }

  private async run(batches: Batch[]): Promise<void> {
    const { sql, params, name } = combinedStatement(batches);
    await this.db.query(sql, params, name);
  }
}

/** The units' items of each kind, in order: the batches of one statement. */
function merged(group: Waiting[]): Batch[] {
  const byKind = new Map<Batch[0], unknown[]>();
  for (const unit of group) {
    for (const [combine, items] of unit.batches) {
      const all = byKind.get(combine);
      if (all) all.push(...items);
      else byKind.set(combine, [...items]);
    }
  }
  return [...byKind];
}

const perDatabase = new WeakMap<Queryable, GroupCommit>();

/** The group commit of a database (one per connection pool). */
export function groupCommitFor(db: Queryable): GroupCommit {
  let group = perDatabase.get(db);
  if (!group) perDatabase.set(db, (group = new GroupCommit(db)));
  return group;
}
