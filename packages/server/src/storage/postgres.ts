import pg from 'pg';
import type { Db, Queryable } from './types.js';
import { timestampToIso } from './timestamps.js';

// Return timestamps and bigints as strings: we format instants ourselves and
// never want a JavaScript Date's local-time surprises.
pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, timestampToIso);
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);

export function openPostgres(connectionString: string, max: number): Db {
  const pool = new pg.Pool({ connectionString, max });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it on next use.
  });
  return {
    kind: 'postgres',
    query: (sql, params, name) =>
      (name ? pool.query({ name, text: sql, values: params }) : pool.query(sql, params)) as never,
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const tx: Queryable = {
          query: (sql, params, name) =>
            (name ? client.query({ name, text: sql, values: params }) : client.query(sql, params)) as never,
        };
        const result = await work(tx);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async exec(sql) {
      await pool.query(sql);
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: async () => {
      if (!pool.ended) await pool.end();
    },
  };
}
