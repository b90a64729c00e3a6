import { Counter, Histogram, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from '../storage/db.js';
import type { JobQueue } from '../jobs/queue.js';

/** Prometheus metrics of one server instance (served at /metrics). */
export class Metrics {
  readonly registry = new Registry();
  readonly requests: Counter<'interaction' | 'status'>;
  readonly duration: Histogram<'interaction'>;

  constructor(db: Db, queue: JobQueue) {
    collectDefaultMetrics({ register: this.registry, prefix: 'lienthong_' });
    this.requests = new Counter({
      name: 'lienthong_http_requests_total',
      help: 'HTTP requests by FHIR interaction and status code',
      labelNames: ['interaction', 'status'],
      registers: [this.registry],
    });
    this.duration = new Histogram({
      name: 'lienthong_http_request_duration_seconds',
      help: 'HTTP request latency by FHIR interaction',
      labelNames: ['interaction'],
      buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    const pool = new Gauge({
      name: 'lienthong_db_pool_connections',
      help: 'Database connections by state',
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        const s = db.poolStats();
        this.set({ state: 'total' }, s.total);
        this.set({ state: 'idle' }, s.idle);
        this.set({ state: 'waiting' }, s.waiting);
      },
    });
    void pool;
    const depth = new Gauge({
      name: 'lienthong_queue_depth',
      help: 'Events waiting: outbox rows not yet dispatched, jobs pending, jobs failed for good',
      labelNames: ['stage'],
      registers: [this.registry],
      async collect() {
        const s = await queue.stats();
        this.set({ stage: 'outbox' }, s.outbox);
        this.set({ stage: 'ready' }, s.ready);
        this.set({ stage: 'failed' }, s.failed);
      },
    });
    void depth;
    const jobs = new Gauge({
      name: 'lienthong_jobs_processed',
      help: 'Jobs run by this process since start, by result',
      labelNames: ['result'],
      registers: [this.registry],
      async collect() {
        const s = await queue.stats();
        this.set({ result: 'succeeded' }, s.processed);
        this.set({ result: 'retried' }, s.retried);
      },
    });
    void jobs;
  }
}
