import { DeferringTx } from './deferred.js';
import { groupCommitFor } from './group-commit.js';
import type { Db, Queryable } from './types.js';

/**
 * A transaction that begins only when its work first reads (or writes
 * something it cannot defer). Until then nothing has touched the database.
 */
class LazyTransaction implements Queryable {
  private opened?: Promise<Queryable>;
  private finish?: (error?: Error) => void;
  private finished?: Promise<unknown>;

  constructor(private readonly db: Db) {}

  get begun(): boolean {
    return this.opened !== undefined;
  }

  query<R = Record<string, unknown>>(sql: string, params?: unknown[], name?: string): Promise<{ rows: R[] }> {
    this.opened ??= this.begin();
    return this.opened.then((tx) => tx.query<R>(sql, params, name));
  }

  /** Opens `db.transaction` and keeps it open until `end` is called. */
  private begin(): Promise<Queryable> {
    return new Promise<Queryable>((resolve, reject) => {
      const ended = new Promise<void>((endOk, endFailed) => {
        this.finish = (error) => (error === undefined ? endOk() : endFailed(error));
      });
      this.finished = this.db.transaction(async (tx) => {
        resolve(tx);
        await ended;
      });
      // A failed BEGIN (no connection) fails the first query.
      this.finished.catch(reject);
    });
  }

  /** Commits, or rolls back when given the error that ended the work. */
  async end(error?: Error): Promise<void> {
    if (!this.finished) return;
    this.finish!(error);
    if (error === undefined) await this.finished;
    else await this.finished.catch(() => undefined);
  }
}

/**
 * Runs `work` as one all-or-nothing unit. Its writes are deferred; a unit
 * that only writes (a plain create, most transaction bundles) then costs the
 * database exactly one statement, atomic by itself, with no BEGIN or COMMIT
 * round trips. As soon as the work reads, a real transaction begins and the
 * unit behaves as `db.transaction` would. Statements of units that never
 * read are sent by the database's group commit (group-commit.ts), shared with
 * other such units that wait at the same moment.
 */
export async function unitOfWork<T>(db: Db, work: (tx: DeferringTx) => Promise<T>): Promise<T> {
  const lazy = new LazyTransaction(db);
  const tx = new DeferringTx(lazy);
  let result: T;
  try {
    result = await work(tx);
    if (lazy.begun) await tx.flush();
    else if (tx.hasPending) await groupCommitFor(db).write(tx.takePending());
  } catch (err) {
    await lazy.end(err instanceof Error ? err : new Error(String(err)));
    throw err;
  }
  await lazy.end();
  return result;
}
