import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Db } from '../storage/types.js';

/**
 * The OAuth server's signing key (ID tokens, JWT introspection). Made on first
 * start and kept in the database, so restarts and other instances agree.
 */
export async function loadSigningKeys(db: Db): Promise<JWK[]> {
  const { rows } = await db.query<{ jwk: JWK | string }>('SELECT jwk FROM signing_key ORDER BY created_at DESC');
  if (rows.length) return rows.map((r) => (typeof r.jwk === 'string' ? (JSON.parse(r.jwk) as JWK) : r.jwk));
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: `k-${Date.now().toString(36)}` };
  // Two instances starting at once: the first insert wins, both then read it.
  await db.query('INSERT INTO signing_key (kid, jwk) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
    jwk.kid,
    JSON.stringify(jwk),
  ]);
  return loadSigningKeys(db);
}
