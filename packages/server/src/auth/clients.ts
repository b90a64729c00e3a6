import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { badRequest, conflict } from '@lienthong/core';
import type { Db } from '../storage/types.js';
import { ROLE_SCOPES, isRole, type Role } from './roles.js';
import { narrowScopes, parseScopes } from './scopes.js';

export type ClientAuthMethod = 'private_key_jwt' | 'client_secret_basic' | 'none';

export interface Client {
  clientId: string;
  name: string;
  role: Role;
  organizationId?: string;
  authMethod: ClientAuthMethod;
  jwks?: { keys: object[] };
  redirectUris: string[];
  scope: string;
  disabled: boolean;
  demo: boolean;
}

export interface NewClient {
  clientId?: string;
  name: string;
  role: string;
  organizationId?: string;
  authMethod: ClientAuthMethod;
  jwks?: { keys: object[] };
  redirectUris?: string[];
  scope: string;
  demo?: boolean;
}

interface ClientRow {
  client_id: string;
  name: string;
  role: string;
  organization_id: string | null;
  auth_method: string;
  jwks: { keys: object[] } | string | null;
  secret_salt: string | null;
  redirect_uris: string[];
  scope: string;
  disabled: boolean;
  demo: boolean;
}

/**
 * Client systems (facility HIS/LIS/PACS, the web app, third-party apps).
 * A client secret is never stored: it is derived from the server's secret key
 * and a per-client salt, so a copy of the database alone reveals no secret,
 * and rotating the salt revokes the old secret.
 */
export class ClientStore {
  constructor(
    private readonly db: Db,
    private readonly secretKey: Buffer,
  ) {}

  /** Registers a client; returns its secret once when it uses client_secret_basic. */
  async register(input: NewClient): Promise<{ client: Client; secret?: string }> {
    if (!isRole(input.role)) throw badRequest(`role "${input.role}" is not one of the roles`, 'role');
    const clientId = input.clientId ?? `lt-${randomBytes(9).toString('base64url')}`;
    if (!/^[A-Za-z0-9._-]{3,64}$/.test(clientId)) throw badRequest('client id: 3–64 of A-Z a-z 0-9 . _ -', 'clientId');
    if (input.authMethod === 'private_key_jwt' && !input.jwks?.keys?.length) {
      throw badRequest('private_key_jwt needs the public keys (JWKS) of the client', 'jwks');
    }
    if (input.authMethod === 'none' && !input.redirectUris?.length) {
      throw badRequest('a public (browser or mobile) client needs at least one redirect URI', 'redirectUris');
    }
    const beyond = scopesBeyond(input.scope, input.role);
    if (beyond.length > 0) {
      throw badRequest(`scope: the role ${input.role} may not hold ${beyond.join(', ')} (see ROLE_SCOPES)`, 'scope');
    }
    const salt = input.authMethod === 'client_secret_basic' ? randomBytes(16).toString('base64url') : null;
    const { rows: existing } = await this.db.query('SELECT 1 FROM oauth_client WHERE client_id = $1', [clientId]);
    if (existing.length) throw conflict(`The client id "${clientId}" is taken`);
    await this.db.query(
      `INSERT INTO oauth_client (client_id, name, role, organization_id, auth_method, jwks, secret_salt, redirect_uris, scope, demo)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        clientId,
        input.name,
        input.role,
        input.organizationId ?? null,
        input.authMethod,
        input.jwks ? JSON.stringify(input.jwks) : null,
        salt,
        input.redirectUris ?? [],
        input.scope,
        input.demo ?? false,
      ],
    );
    const client = (await this.get(clientId))!;
    return salt ? { client, secret: this.secretFor(clientId, salt) } : { client };
  }

  async get(clientId: string): Promise<Client | undefined> {
    const { rows } = await this.db.query<ClientRow>('SELECT * FROM oauth_client WHERE client_id = $1', [clientId]);
    return rows[0] ? toClient(rows[0]) : undefined;
  }

  async list(): Promise<Client[]> {
    const { rows } = await this.db.query<ClientRow>('SELECT * FROM oauth_client ORDER BY client_id');
    return rows.map(toClient);
  }

  /** The current secret of a client_secret_basic client, for the OAuth server to compare. */
  async currentSecret(clientId: string): Promise<string | undefined> {
    const { rows } = await this.db.query<{ secret_salt: string | null }>(
      'SELECT secret_salt FROM oauth_client WHERE client_id = $1',
      [clientId],
    );
    const salt = rows[0]?.secret_salt;
    return salt ? this.secretFor(clientId, salt) : undefined;
  }

  async checkSecret(clientId: string, secret: string): Promise<boolean> {
    const expected = await this.currentSecret(clientId);
    if (!expected) return false;
    const a = Buffer.from(expected);
    const b = Buffer.from(secret);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** New secret (the old one stops working) or new public keys. */
  async rotate(clientId: string, jwks?: { keys: object[] }): Promise<{ secret?: string }> {
    const client = await this.get(clientId);
    if (!client) throw badRequest(`No client "${clientId}"`);
    if (client.authMethod === 'client_secret_basic') {
      const salt = randomBytes(16).toString('base64url');
      await this.db.query('UPDATE oauth_client SET secret_salt = $2, rotated_at = now() WHERE client_id = $1', [
        clientId,
        salt,
      ]);
      return { secret: this.secretFor(clientId, salt) };
    }
    if (client.authMethod === 'private_key_jwt') {
      if (!jwks?.keys?.length) throw badRequest('Rotating a private_key_jwt client takes its new JWKS', 'jwks');
      await this.db.query('UPDATE oauth_client SET jwks = $2, rotated_at = now() WHERE client_id = $1', [
        clientId,
        JSON.stringify(jwks),
      ]);
      return {};
    }
    throw badRequest('A public client has nothing to rotate');
  }

  async setRedirectUris(clientId: string, redirectUris: string[]): Promise<void> {
    const { rows } = await this.db.query(
      'UPDATE oauth_client SET redirect_uris = $2 WHERE client_id = $1 RETURNING 1',
      [clientId, redirectUris],
    );
    if (!rows.length) throw badRequest(`No client "${clientId}"`);
  }

  async setDisabled(clientId: string, disabled: boolean): Promise<void> {
    const { rows } = await this.db.query('UPDATE oauth_client SET disabled = $2 WHERE client_id = $1 RETURNING 1', [
      clientId,
      disabled,
    ]);
    if (!rows.length) throw badRequest(`No client "${clientId}"`);
  }

  private secretFor(clientId: string, salt: string): string {
    return createHmac('sha256', this.secretKey).update(`${clientId}:${salt}`).digest('base64url');
  }
}

function toClient(r: ClientRow): Client {
  const jwks = typeof r.jwks === 'string' ? (JSON.parse(r.jwks) as { keys: object[] }) : r.jwks;
  return {
    clientId: r.client_id,
    name: r.name,
    role: r.role as Role,
    ...(r.organization_id ? { organizationId: r.organization_id } : {}),
    authMethod: r.auth_method as ClientAuthMethod,
    ...(jwks ? { jwks } : {}),
    redirectUris: r.redirect_uris ?? [],
    scope: r.scope,
    disabled: r.disabled,
    demo: r.demo,
  };
}

/** The registered scopes that the role's ceiling does not cover. */
function scopesBeyond(scope: string, role: Role): string[] {
  return scope
    .split(/\s+/)
    .filter((s) => parseScopes(s).length > 0)
    .filter((s) => {
      const narrowed = narrowScopes([s], ROLE_SCOPES[role]);
      const wanted = parseScopes(s)[0]!;
      // Covered when narrowing keeps the whole request: same type and every permission.
      return !narrowed.some((n) => {
        const got = parseScopes(n)[0]!;
        return got.type === wanted.type && [...wanted.permissions].every((p) => got.permissions.has(p));
      });
    });
}
