import { randomBytes } from 'node:crypto';
import type { Db } from '../storage/types.js';

/**
 * The key that derives client secrets and cookie keys: LIENTHONG_SECRET_KEY
 * when configured, else one generated on first start and kept in the database.
 */
export async function resolveSecretKey(db: Db, configured: string | undefined): Promise<Buffer> {
  if (configured) return Buffer.from(configured, 'utf8');
  await db.query(`INSERT INTO server_secret (name, value) VALUES ('main', $1) ON CONFLICT DO NOTHING`, [
    randomBytes(32).toString('base64url'),
  ]);
  const { rows } = await db.query<{ value: string }>(`SELECT value FROM server_secret WHERE name = 'main'`);
  return Buffer.from(rows[0]!.value, 'utf8');
}
