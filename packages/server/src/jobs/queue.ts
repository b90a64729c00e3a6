import { inParallel } from '@lienthong/core';
import type { Db, Queryable } from '../storage/db.js';

/** A committed change, as delivered to subscribers. */
export interface ChangeEvent {
  seq: string;
  resourceType: string;
  id: string;
  versionId: string;
  action: string;
}

export type JobHandler = (payload: ChangeEvent, attempt: number) => Promise<void>;

export interface QueueStats {
  ready: number;
  failed: number;
  outbox: number;
  processed: number;
  retried: number;
}

const BATCH = 50;
/** Outbox rows moved into jobs per dispatch. */
const DISPATCH_BATCH = 500;
/**
 * Jobs of a batch run at once, each in its own transaction. A job (a match
 * by the master patient index) is mostly round trips to the database: run
 * one after another, the worker waits more than it works.
 */
const CONCURRENCY = 4;
const LOCK_SECONDS = 300;
/**
 * While the server is busy with requests, jobs yield to them: a batch runs
 * only this long after the last one ended, so matching slows under a burst
 * and never stops.
 */
const BUSY_PACE_MS = 1000;

/**
 * A PostgreSQL-based job queue with a transactional outbox
 * (docs/decisions/0004-job-queue.md). Writes insert an outbox row in their
 * own transaction; `dispatch` turns each committed row into one job per
 * subscriber; `work` runs jobs with SKIP LOCKED, retrying with exponential
 * back-off, and parks a job in job_failed after its last attempt.
 * Delivery is at-least-once: handlers must be idempotent.
 */
interface Subscriber {
  handler: JobHandler;
  /** Only changes of these resource types become jobs; all when absent. */
  types?: ReadonlySet<string>;
}

export class JobQueue {
  private readonly handlers = new Map<string, Subscriber>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private processed = 0;
  private retried = 0;
  private lastBatchAt = 0;

  constructor(
    private readonly db: Db,
    private readonly options: {
      pollMs?: number;
      maxAttempts?: number;
      backoffSeconds?: (attempt: number) => number;
    } = {},
  ) {}

  /**
   * Delivers committed changes to `handler`. With `types`, only changes of
   * those resource types make jobs: a bulk load of observations costs a
   * Patient-only subscriber nothing.
   */
  subscribe(name: string, handler: JobHandler, types?: readonly string[]): void {
    this.handlers.set(name, { handler, ...(types ? { types: new Set(types) } : {}) });
  }

  /** Moves committed outbox rows into jobs, one per subscriber. Returns rows moved. */
  async dispatch(): Promise<number> {
    const subscribers = [...this.handlers.entries()];
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{
        seq: string;
        resource_type: string;
        id: string;
        version_id: string;
        action: string;
      }>(
        `DELETE FROM outbox WHERE seq IN (SELECT seq FROM outbox ORDER BY seq LIMIT ${DISPATCH_BATCH} FOR UPDATE SKIP LOCKED)
         RETURNING seq, resource_type, id, version_id, action`,
      );
      // One job per change and interested subscriber, in the order of the changes.
      const queues: string[] = [];
      const payloads: string[] = [];
      for (const r of rows.sort((a, b) => Number(a.seq) - Number(b.seq))) {
        for (const [name, { types }] of subscribers) {
          if (types && !types.has(r.resource_type)) continue;
          queues.push(name);
          payloads.push(
            JSON.stringify({
              seq: String(r.seq),
              resourceType: r.resource_type,
              id: r.id,
              versionId: String(r.version_id),
              action: r.action,
            }),
          );
        }
      }
      if (queues.length === 0) return rows.length;
      await tx.query(
        `INSERT INTO job (queue, payload, max_attempts)
         SELECT q, p::jsonb, $3 FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS e(q, p, n)
         ORDER BY n`,
        [queues, payloads, this.options.maxAttempts ?? 10],
      );
      return rows.length;
    });
  }

  /** Claims and runs one batch of due jobs. Returns the number run. */
  async work(): Promise<number> {
    const { rows } = await this.db.query<{ id: string; queue: string; payload: ChangeEvent; attempts: number }>(
      `UPDATE job SET attempts = attempts + 1, locked_until = now() + make_interval(secs => ${LOCK_SECONDS})
        WHERE id IN (SELECT id FROM job WHERE run_at <= now() AND attempts < max_attempts
                       AND (locked_until IS NULL OR locked_until < now())
                     ORDER BY run_at, id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
        RETURNING id, queue, payload, attempts`,
    );
    const done: string[] = [];
    await inParallel(rows, CONCURRENCY, async (job) => {
      if (await this.runOne(job)) done.push(job.id);
    });
    // One DELETE for the batch: a crash before it only runs those jobs again (delivery is at-least-once).
    if (done.length > 0) {
      await this.db.query('DELETE FROM job WHERE id = ANY($1::bigint[])', [done]);
      this.processed += done.length;
    }
    return rows.length;
  }

  /** True when the handler succeeded (the caller deletes the job). */
  private async runOne(job: { id: string; queue: string; payload: ChangeEvent; attempts: number }): Promise<boolean> {
    const handler = this.handlers.get(job.queue)?.handler;
    try {
      if (!handler) throw new Error(`No subscriber "${job.queue}" in this process`);
      const payload = typeof job.payload === 'string' ? (JSON.parse(job.payload) as ChangeEvent) : job.payload;
      await handler(payload, job.attempts);
      return true;
    } catch (err) {
      this.retried++;
      await this.db.transaction(async (tx) =>
        this.fail(tx, job.id, job.attempts, (err as Error).message ?? String(err)),
      );
      return false;
    }
  }

  private async fail(tx: Queryable, id: string, attempts: number, message: string): Promise<void> {
    const backoffSeconds = this.options.backoffSeconds?.(attempts) ?? Math.min(3600, 2 ** attempts);
    const { rows } = await tx.query<{ exhausted: boolean }>(
      `UPDATE job SET last_error = $2, locked_until = NULL, run_at = now() + make_interval(secs => $3)
        WHERE id = $1 RETURNING attempts >= max_attempts AS exhausted`,
      [id, message.slice(0, 2000), backoffSeconds],
    );
    if (rows[0]?.exhausted) {
      await tx.query(
        `WITH gone AS (DELETE FROM job WHERE id = $1 RETURNING id, queue, payload, attempts, last_error)
         INSERT INTO job_failed (id, queue, payload, attempts, last_error) SELECT * FROM gone`,
        [id],
      );
    }
  }

  /**
   * Drains the outbox and all due jobs (tests, CLI), including those the
   * background worker (start) has claimed: their rows are locked, so work()
   * skips them, and they are done only when that worker has run them.
   */
  async drain(): Promise<void> {
    for (;;) {
      while ((await this.dispatch()) > 0 || (await this.work()) > 0) {
        // keep going until both are empty
      }
      await this.running;
      const { rows } = await this.db.query<{ due: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM outbox) OR EXISTS (SELECT 1 FROM job WHERE run_at <= now() AND attempts < max_attempts) AS due`,
      );
      if (!rows[0]?.due) return;
      // Claimed by a worker (perhaps another process's): wait for it to finish them.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /**
   * Runs the queue in the background: dispatches the outbox and works off
   * due jobs every poll. `busy` tells when requests are waiting for the
   * machine: jobs are background work (a match can wait a few seconds; a
   * clinician's request cannot), so then each batch waits a second after
   * the last one ended, and the backlog is worked off when the load drops
   * (decision 0004).
   */
  start(busy: () => boolean = () => false): void {
    const tick = async (): Promise<void> => {
      try {
        // Dispatch between batches too: under load, changes keep coming while jobs run.
        // A stop (timer cleared) ends the round after its batch: shutdown does not wait for the backlog.
        while (this.timer !== undefined) {
          let moved = await this.dispatch();
          if (busy() && Date.now() - this.lastBatchAt < BUSY_PACE_MS) {
            while (moved === DISPATCH_BATCH && this.timer !== undefined) moved = await this.dispatch();
            break;
          }
          const ran = await this.work();
          // Paced from the batch's end: a batch slower than the pace still leaves the requests a pause.
          this.lastBatchAt = Date.now();
          if (ran < BATCH && moved === 0) break;
          // Let requests in between batches: the embedded database answers without I/O,
          // so a loop of queries alone would never give the event loop back.
          await new Promise((resolve) => setImmediate(resolve));
        }
      } catch {
        // The database may be briefly unavailable; the next tick retries.
      }
    };
    const loop = (): void => {
      this.running = tick().finally(() => {
        if (this.timer !== undefined) this.timer = setTimeout(loop, this.options.pollMs ?? 250);
      });
    };
    this.timer = setTimeout(loop, 0);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  async stats(): Promise<QueueStats> {
    const { rows } = await this.db.query<{ ready: string; failed: string; outbox: string }>(
      `SELECT (SELECT count(*) FROM job) AS ready, (SELECT count(*) FROM job_failed) AS failed,
              (SELECT count(*) FROM outbox) AS outbox`,
    );
    const r = rows[0]!;
    return {
      ready: Number(r.ready),
      failed: Number(r.failed),
      outbox: Number(r.outbox),
      processed: this.processed,
      retried: this.retried,
    };
  }
}
