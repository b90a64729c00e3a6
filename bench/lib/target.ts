import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';

/**
 * Where a benchmark's data lives: a database on the PostgreSQL server named
 * by DATABASE_URL (created for the run, or a named one kept between runs), or
 * an embedded PGlite directory. The server process and the raw baseline are
 * both pointed at it.
 */
export type DbKind = 'postgres' | 'pglite';

export interface Target {
  kind: DbKind;
  /** Database name (PostgreSQL) or data directory (PGlite), for the report. */
  name: string;
  /** postgres://… of this database; undefined on PGlite. */
  databaseUrl?: string;
  /** LIENTHONG_DATA_DIR for the server (it keeps PGlite in <dataDir>/pglite). */
  dataDir?: string;
  /** True when the database existed before (a kept dataset). */
  existed: boolean;
  /** Drops a fresh database / removes a temporary directory; keeps named ones. */
  release(): Promise<void>;
}

export const BENCH_DATA_DIR = resolve(import.meta.dirname, '..', 'data');

export function dbKind(): DbKind {
  return process.env.DATABASE_URL ? 'postgres' : 'pglite';
}

function adminUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  return url;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: adminUrl() });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

/** A new, empty database for one run, dropped on release. */
export async function freshTarget(purpose: string): Promise<Target> {
  const suffix = randomBytes(4).toString('hex');
  if (dbKind() === 'postgres') {
    const name = `lienthong_bench_${purpose}_${suffix}`;
    await admin((c) => c.query(`CREATE DATABASE ${name}`));
    return {
      kind: 'postgres',
      name,
      databaseUrl: withDatabase(adminUrl(), name),
      existed: false,
      release: () => dropDatabase(name),
    };
  }
  const dir = join(BENCH_DATA_DIR, `tmp-${purpose}-${suffix}`);
  mkdirSync(dir, { recursive: true });
  return {
    kind: 'pglite',
    name: dir,
    dataDir: dir,
    existed: false,
    release: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * A database kept between runs under a fixed name (the search dataset):
 * `lienthong_bench_<name>` on the server, bench/data/pglite-<name> on PGlite.
 * `fresh` drops it first.
 */
export async function namedTarget(name: string, fresh: boolean): Promise<Target> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad dataset name "${name}"`);
  if (dbKind() === 'postgres') {
    const db = `lienthong_bench_${name}`;
    if (fresh) await dropDatabase(db);
    const existed = await admin(async (c) => {
      const { rows } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [db]);
      if (rows.length === 0) await c.query(`CREATE DATABASE ${db}`);
      return rows.length > 0;
    });
    return { kind: 'postgres', name: db, databaseUrl: withDatabase(adminUrl(), db), existed, release: async () => {} };
  }
  const dir = join(BENCH_DATA_DIR, `pglite-${name}`);
  if (fresh) rmSync(dir, { recursive: true, force: true });
  const existed = existsSync(join(dir, 'pglite'));
  mkdirSync(dir, { recursive: true });
  return { kind: 'pglite', name: dir, dataDir: dir, existed, release: async () => {} };
}

export async function dropDatabase(name: string): Promise<void> {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/** The environment for a server process on this target. */
export function serverDbEnv(target: Target): Record<string, string> {
  return target.kind === 'postgres'
    ? { DATABASE_URL: target.databaseUrl!, LIENTHONG_DATA_DIR: join(BENCH_DATA_DIR, 'unused') }
    : { DATABASE_URL: '', LIENTHONG_DATA_DIR: target.dataDir! };
}
