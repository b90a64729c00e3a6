import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Db } from './types.js';
import { timestampToIso } from './timestamps.js';

/**
 * Embedded PostgreSQL (WASM). One connection: PGlite serialises queries and
 * transactions itself, so a transaction here is as isolated as on a server.
 * `dataDir` ':memory:' keeps everything in memory (tests).
 */
export async function openPglite(dataDir: string): Promise<Db> {
  let location: string | undefined;
  if (dataDir !== ':memory:') {
    location = join(dataDir, 'pglite');
    mkdirSync(location, { recursive: true });
  }
  const db = await PGlite.create(location, {
    parsers: { 1184: timestampToIso, 20: (v: string) => v },
  });
  return {
    kind: 'pglite',
    query: (sql, params) => db.query(sql, params) as never,
    // PGlite prepares every statement itself; the name is not needed.
    transaction: (work) => db.transaction((tx) => work({ query: (sql, params) => tx.query(sql, params) as never })),
    async exec(sql) {
      await db.exec(sql);
    },
    poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
    close: async () => {
      if (!db.closed) await db.close();
    },
  };
}
