/**
 * One database interface over two engines: a PostgreSQL server (through `pg`)
 * when DATABASE_URL is set, embedded PGlite otherwise. Both run the same SQL;
 * nothing above this file knows which one it is talking to.
 */
export type { Db, Queryable } from './types.js';
import type { Db } from './types.js';

export interface DbOptions {
  databaseUrl?: string;
  dataDir: string;
  poolSize?: number;
}

export async function openDb(options: DbOptions): Promise<Db> {
  if (options.databaseUrl) {
    const { openPostgres } = await import('./postgres.js');
    return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  }
  const { openPglite } = await import('./pglite.js');
  return openPglite(options.dataDir);
}
