import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';
import type { Target } from './target.js';

/**
 * CPU time actually used during a measured window, per process group: the
 * server process, the PostgreSQL backends serving the benchmark's database,
 * and the load generator itself. On a shared 2-core machine this says where
 * the cycles went, independent of what else was running.
 */
const TICK = 100; // USER_HZ on Linux

export interface CpuTimes {
  user: number;
  sys: number;
}

/** utime and stime of a process, in seconds (0 when it is gone). */
export function processCpu(pid: number): CpuTimes {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: Number(fields[11]) / TICK, sys: Number(fields[12]) / TICK };
  } catch {
    return { user: 0, sys: 0 };
  }
}

/** The process and all its descendants (cluster workers). */
export function processTree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    try {
      const children = readFileSync(`/proc/${out[i]}/task/${out[i]}/children`, 'utf8').trim();
      if (children) out.push(...children.split(/\s+/).map(Number));
    } catch {
      // gone, or no children file
    }
  }
  return out;
}

/**
 * CPU used by every PostgreSQL process on this machine (backends, WAL writer,
 * checkpointer, autovacuum) between `start` and `stop`: for in-process
 * benchmarks whose pool opens connections as it goes. Run nothing else
 * against the server meanwhile.
 */
export class PostgresProcessesMeter {
  private before = new Map<number, CpuTimes>();

  start(): void {
    this.before = new Map(postgresPids().map((pid) => [pid, processCpu(pid)]));
  }

  /** CPU seconds since start, of the processes alive now (a backend started meanwhile counts from zero). */
  stop(): CpuTimes {
    const total = { user: 0, sys: 0 };
    for (const pid of postgresPids()) {
      const now = processCpu(pid);
      const then = this.before.get(pid) ?? { user: 0, sys: 0 };
      total.user += now.user - then.user;
      total.sys += now.sys - then.sys;
    }
    return total;
  }
}

function postgresPids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
      } catch {
        return false;
      }
    });
}

function sum(pids: number[]): CpuTimes {
  return pids.map(processCpu).reduce((a, b) => ({ user: a.user + b.user, sys: a.sys + b.sys }), { user: 0, sys: 0 });
}

/** Backend pids connected to the target database (PostgreSQL only). */
export async function backendPids(target: Target): Promise<number[]> {
  if (target.kind !== 'postgres') return [];
  const c = new pg.Client({ connectionString: target.databaseUrl });
  await c.connect();
  try {
    const { rows } = await c.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    return rows.map((r) => r.pid);
  } finally {
    await c.end();
  }
}

const DB_COUNTERS = [
  'xact_commit',
  'xact_rollback',
  'tup_inserted',
  'tup_updated',
  'tup_deleted',
  'tup_fetched',
  'tup_returned',
  'blks_hit',
  'blks_read',
] as const;
type DbCounters = Record<(typeof DB_COUNTERS)[number], number>;

/** pg_stat_database counters of the target database (PostgreSQL only). */
async function dbCounters(target: Target): Promise<DbCounters | undefined> {
  if (target.kind !== 'postgres') return undefined;
  const c = new pg.Client({ connectionString: target.databaseUrl });
  await c.connect();
  try {
    // Counters are flushed by backends at most once a second; ask for a fresh snapshot.
    await c.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await c.query<Record<string, string>>(
      `SELECT ${DB_COUNTERS.join(', ')} FROM pg_stat_database WHERE datname = current_database()`,
    );
    return Object.fromEntries(DB_COUNTERS.map((k) => [k, Number(rows[0]![k])])) as DbCounters;
  } finally {
    await c.end();
  }
}

export interface CpuUse {
  /** pg_stat_database counters over the window, per second (divide by the rate for per-operation figures). */
  database?: Partial<DbCounters>;
  /** CPU seconds per second of the window, by group (1.0 = one core busy). */
  server?: CpuTimes;
  postgres?: CpuTimes;
  loadGenerator: CpuTimes;
  seconds: number;
}

export class CpuMeter {
  private serverStart?: CpuTimes;
  private pgStart?: CpuTimes;
  private pgPids: number[] = [];
  private serverPids: number[] = [];
  private selfStart = process.cpuUsage();
  private t0 = performance.now();
  private dbStart?: DbCounters;

  constructor(
    private readonly target: Target,
    private readonly serverPid?: number,
  ) {}

  /** Call when the measured window opens. */
  async start(): Promise<void> {
    this.pgPids = await backendPids(this.target);
    this.dbStart = await dbCounters(this.target);
    this.t0 = performance.now();
    this.selfStart = process.cpuUsage();
    if (this.serverPid) {
      this.serverPids = processTree(this.serverPid);
      this.serverStart = sum(this.serverPids);
    }
    this.pgStart = sum(this.pgPids);
  }

  async stop(): Promise<CpuUse> {
    const seconds = (performance.now() - this.t0) / 1000;
    const self = process.cpuUsage(this.selfStart);
    const rate = (a: CpuTimes, b: CpuTimes): CpuTimes => ({
      user: round((a.user - b.user) / seconds),
      sys: round((a.sys - b.sys) / seconds),
    });
    // Backends report their counters at transaction end, at most once a second.
    await new Promise((r) => setTimeout(r, this.dbStart ? 1100 : 0));
    const dbEnd = this.dbStart ? await dbCounters(this.target) : undefined;
    const database =
      this.dbStart && dbEnd
        ? Object.fromEntries(DB_COUNTERS.map((k) => [k, round((dbEnd[k] - this.dbStart![k]) / seconds)]))
        : undefined;
    return {
      ...(database ? { database } : {}),
      ...(this.serverPid && this.serverStart ? { server: rate(sum(this.serverPids), this.serverStart) } : {}),
      ...(this.pgPids.length > 0 && this.pgStart ? { postgres: rate(sum(this.pgPids), this.pgStart) } : {}),
      loadGenerator: { user: round(self.user / 1e6 / seconds), sys: round(self.system / 1e6 / seconds) },
      seconds: round(seconds),
    };
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
