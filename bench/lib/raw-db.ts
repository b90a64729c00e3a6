import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Target } from './target.js';

/** A connection of the raw baseline: plain SQL, no server code in between. */
export interface RawConn {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  transaction<T>(work: (c: RawConn) => Promise<T>): Promise<T>;
}

export interface RawDb {
  /** One connection per concurrent client (PostgreSQL); the one shared connection on PGlite. */
  lanes: RawConn[];
  close(): Promise<void>;
}

/** Opens `lanes` connections to the target, the way a minimal `pg` script would. */
export async function openRaw(target: Target, lanes: number): Promise<RawDb> {
  if (target.kind === 'postgres') {
    const clients: pg.Client[] = [];
    for (let i = 0; i < lanes; i++) {
      const c = new pg.Client({ connectionString: target.databaseUrl });
      await c.connect();
      clients.push(c);
    }
    const conn = (c: pg.Client): RawConn => {
      const self: RawConn = {
        query: (sql, params) => c.query(sql, params) as never,
        async transaction(work) {
          await c.query('BEGIN');
          try {
            const out = await work(self);
            await c.query('COMMIT');
            return out;
          } catch (err) {
            await c.query('ROLLBACK');
            throw err;
          }
        },
      };
      return self;
    };
    return { lanes: clients.map(conn), close: async () => void (await Promise.all(clients.map((c) => c.end()))) };
  }
  // PGlite is one connection in this process: every lane shares it, as the server's requests do.
  const db = await PGlite.create(join(target.dataDir!, 'pglite'));
  const shared: RawConn = {
    query: (sql, params) => db.query(sql, params) as never,
    transaction: (work) =>
      db.transaction((tx) => {
        const inner: RawConn = {
          query: (sql, params) => tx.query(sql, params) as never,
          transaction: (w) => w(inner),
        };
        return work(inner);
      }),
  };
  return { lanes: Array.from({ length: lanes }, () => shared), close: () => db.close() };
}
