import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { figure, type Figure } from '../lib/bench.js';
import type { LoadResult } from '../lib/load.js';
import { RESULTS_DIR } from '../lib/report.js';
import type { DbKind } from '../lib/target.js';

export function profileDir(name: string, kind: DbKind): string {
  return join(RESULTS_DIR, 'profiles', `${name}-${kind}`);
}

/** A load result for the JSON file, numbers rounded to what they can carry. */
export function resultsOf(r: LoadResult): Record<string, unknown> {
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  return {
    requests: r.requests,
    errors: r.errors,
    seconds: round(r.seconds),
    perSecond: round(r.requestsPerSecond),
    latencyMs: Object.fromEntries((Object.entries(r.latencyMs) as [string, number][]).map(([k, v]) => [k, round(v)])),
    ...(r.firstErrors.length > 0 ? { firstErrors: r.firstErrors } : {}),
    ...(r.cpu ? { cpu: r.cpu, cpuMsPerOperation: cpuPerOperation(r), databasePerOperation: dbPerOperation(r) } : {}),
  };
}

/** CPU milliseconds (user + sys) per successful operation, by process group. */
export function cpuPerOperation(
  r: LoadResult,
  unitsPerOperation = 1,
): { server?: number; postgres?: number; loadGenerator?: number } {
  if (!r.cpu || r.requestsPerSecond === 0) return {};
  const per = (t?: { user: number; sys: number }): number | undefined =>
    t ? Math.round(((t.user + t.sys) * 1000 * 1000) / (r.requestsPerSecond * unitsPerOperation)) / 1000 : undefined;
  const out: { server?: number; postgres?: number; loadGenerator?: number } = {};
  const s = per(r.cpu.server);
  const p = per(r.cpu.postgres);
  const l = per(r.cpu.loadGenerator);
  if (s !== undefined) out.server = s;
  if (p !== undefined) out.postgres = p;
  if (l !== undefined) out.loadGenerator = l;
  return out;
}

/** Where the profile is and which part of it is the measured window (seconds since the server started). */
export function profileInfo(dir: string, spawnedAt: number, r: LoadResult): Record<string, unknown> {
  const from = Math.max(0, (r.window.start - spawnedAt) / 1000);
  const to = (r.window.end - spawnedAt) / 1000;
  return {
    dir,
    fromSeconds: Math.round(from * 10) / 10,
    toSeconds: Math.round(to * 10) / 10,
    command: `npm run bench -- profile ${dir} --from ${from.toFixed(1)} --to ${to.toFixed(1)}`,
  };
}

/**
 * CPU per unit of work. PostgreSQL: the server process, and the database
 * backends against the raw baseline's. PGlite: the server process (which
 * holds the database) against the raw script's process (which holds it too).
 * With `goal` (units per second) on PostgreSQL, also how many cores server
 * and database together would keep busy at that rate — against the raw
 * script and its backends at the same rate: the machine's own limit.
 */
export function cpuFigures(
  what: string,
  r: LoadResult,
  base: LoadResult | undefined,
  units = 1,
  goal?: number,
): Figure[] {
  const s = cpuPerOperation(r, units);
  const b = base ? cpuPerOperation(base, units) : {};
  if (s.postgres !== undefined) {
    const cores = (ms: number | undefined): number | undefined =>
      goal !== undefined && ms !== undefined ? (ms * goal) / 1000 : undefined;
    const rawMs = b.postgres !== undefined ? b.postgres + (b.loadGenerator ?? 0) : undefined;
    const atGoal = cores((s.server ?? NaN) + s.postgres);
    return [
      figure({ name: `server CPU per ${what}`, unit: 'ms', value: s.server ?? NaN }),
      figure({ name: `PostgreSQL CPU per ${what}`, unit: 'ms', value: s.postgres, baseline: b.postgres }),
      ...(atGoal !== undefined
        ? [
            figure({
              name: `cores busy at ${goal!.toLocaleString('en')}/s`,
              unit: 'cores',
              value: atGoal,
              baseline: cores(rawMs),
              note: `server + PostgreSQL (raw: script + PostgreSQL); this machine has ${availableParallelism()}`,
            }),
          ]
        : []),
    ];
  }
  return [
    figure({
      name: `CPU per ${what} (process incl. PGlite)`,
      unit: 'ms',
      value: s.server ?? NaN,
      baseline: b.loadGenerator,
    }),
  ];
}

/** pg_stat_database counters per successful operation (transactions, rows inserted, buffers touched…). */
export function dbPerOperation(r: LoadResult): Record<string, number> | undefined {
  const d = r.cpu?.database;
  if (!d || r.requestsPerSecond === 0) return undefined;
  return Object.fromEntries(
    Object.entries(d).map(([k, v]) => [k, Math.round((100 * (v ?? 0)) / r.requestsPerSecond) / 100]),
  );
}

/** "per read: 2 commits, 1 row inserted, … (raw: …)" from pg_stat_database. */
export function dbNote(what: string, r: LoadResult, base?: LoadResult, units = 1): string[] {
  const fmtOne = (x: LoadResult): string | undefined => {
    const d = dbPerOperation(x);
    if (!d) return undefined;
    const u = (k: string): string => String(Math.round((100 * (d[k] ?? 0)) / units) / 100);
    return `${u('xact_commit')} commits, ${u('tup_inserted')} rows inserted, ${u('tup_updated')} updated, ${u('tup_deleted')} deleted, ${u('blks_hit')} buffer hits`;
  };
  const s = fmtOne(r);
  if (!s) return [];
  const b = base ? fmtOne(base) : undefined;
  return [`database work per ${what}: server ${s}${b ? `; raw baseline ${b}` : ''}`];
}

/** The server's queue depths (outbox, ready, failed) and jobs run (`succeeded`), from its /metrics. */
async function queueState(serverUrl: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${serverUrl}/metrics`)).text();
  const state: Record<string, number> = {};
  for (const [, stage, n] of text.matchAll(/^lienthong_(?:queue_depth|jobs_processed)\{\w+="(\w+)"\} (\d+)/gm))
    state[stage!] = Number(n);
  return state;
}

/**
 * Background work a run left waiting, from the server's /metrics: outbox
 * events not yet dispatched and jobs not yet run (each Patient created
 * queues a match by the master patient index, done after the answer).
 * Then waits (up to `catchUpSeconds`) for the server to finish it, with no
 * load, and says how fast it did: the rate the index keeps up with.
 */
export async function backlogNote(serverUrl: string, catchUpSeconds = 180): Promise<string[]> {
  const depth = await queueState(serverUrl);
  if (depth.outbox === undefined) return [];
  const left = depth.outbox + (depth.ready ?? 0);
  const notes = [
    `left waiting at the end of the run: ${depth.outbox} outbox events, ${depth.ready} jobs ` +
      `(the master patient index matches each Patient created), ${depth.failed} failed`,
  ];
  if (left === 0) return notes;
  const t0 = performance.now();
  let now = depth;
  while (now.outbox! + (now.ready ?? 0) > 0 && performance.now() - t0 < catchUpSeconds * 1000) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    now = await queueState(serverUrl);
  }
  const seconds = (performance.now() - t0) / 1000;
  const rest = now.outbox! + (now.ready ?? 0);
  const done = (now.succeeded ?? 0) - (depth.succeeded ?? 0);
  notes.push(
    `after the run, with no load, the server ran ${done} jobs in ${seconds.toFixed(1)} s ` +
      `(${Math.round(done / seconds)}/s)${rest > 0 ? `; ${rest} events and jobs still waiting` : ''}`,
  );
  return notes;
}
