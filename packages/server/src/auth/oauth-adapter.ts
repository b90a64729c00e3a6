import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Db } from '../storage/types.js';

/**
 * Persists the OAuth server's models (sessions, grants, codes, tokens) in
 * PostgreSQL, so tokens survive a restart and work across server instances.
 * Clients are not stored here: they come from the oauth_client table.
 */
export class DbOAuthAdapter implements Adapter {
  constructor(
    private readonly kind: string,
    private readonly db: Db,
    private readonly clientMetadata: (clientId: string) => Promise<AdapterPayload | undefined>,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    await this.db.query(
      `INSERT INTO oauth_model (kind, id, payload, grant_id, user_code, uid, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7::int > 0 THEN now() + make_interval(secs => $7::int) END)
       ON CONFLICT (kind, id) DO UPDATE SET payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id,
         user_code = EXCLUDED.user_code, uid = EXCLUDED.uid, expires_at = EXCLUDED.expires_at`,
      [
        this.kind,
        id,
        JSON.stringify(payload),
        payload.grantId ?? null,
        payload.userCode ?? null,
        payload.uid ?? null,
        Math.ceil(expiresIn ?? 0),
      ],
    );
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    if (this.kind === 'Client') return this.clientMetadata(id);
    return this.one('id = $2', id);
  }

  findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.one('user_code = $2', userCode);
  }

  findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.one('uid = $2', uid);
  }

  async consume(id: string): Promise<void> {
    await this.db.query(
      `UPDATE oauth_model SET consumed_at = now(),
         payload = jsonb_set(payload, '{consumed}', to_jsonb(extract(epoch FROM now())::bigint))
       WHERE kind = $1 AND id = $2`,
      [this.kind, id],
    );
  }

  async destroy(id: string): Promise<void> {
    await this.db.query('DELETE FROM oauth_model WHERE kind = $1 AND id = $2', [this.kind, id]);
  }

  /**
   * Drops this kind's models of a grant. Only this kind: an adapter serves one
   * model, and an Interaction also carries the grant of the session it started
   * in — deleting it with the tokens broke the sign-in of the next person
   * after a sign-out ("interaction session not found").
   */
  async revokeByGrantId(grantId: string): Promise<void> {
    await this.db.query('DELETE FROM oauth_model WHERE kind = $1 AND grant_id = $2', [this.kind, grantId]);
  }

  private async one(condition: string, value: string): Promise<AdapterPayload | undefined> {
    const { rows } = await this.db.query<{ payload: AdapterPayload | string }>(
      `SELECT payload FROM oauth_model WHERE kind = $1 AND ${condition}
         AND (expires_at IS NULL OR expires_at > now())`,
      [this.kind, value],
    );
    const p = rows[0]?.payload;
    return typeof p === 'string' ? (JSON.parse(p) as AdapterPayload) : p;
  }
}
