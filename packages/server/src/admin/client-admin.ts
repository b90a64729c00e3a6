import type { ClientAuthMethod, ClientStore } from '../auth/clients.js';
import { ROLE_LABELS, ROLE_SCOPES, isRole, type Role } from '../auth/roles.js';
import { WEB_CLIENT_ID } from '../auth/web-client.js';
import type { Db } from '../storage/types.js';
import { auditAdmin, by, clientEntity, type AdminContext } from './admin-audit.js';
import { conflictWith, invalid, notFound } from './errors.js';
import { checkOrganization, organizationNames } from './organizations.js';
import { checkPublicJwks } from './public-keys.js';

/** A client system as the administration API shows it: never its secret (only once, when made). */
export interface ClientView {
  clientId: string;
  name: string;
  role: Role;
  roleLabel: { vi: string; en: string };
  organizationId?: string;
  organizationName?: string;
  authMethod: ClientAuthMethod;
  scope: string;
  redirectUris: string[];
  /** The key ids of a private_key_jwt client's public keys. */
  keyIds: string[];
  disabled: boolean;
  demo: boolean;
  createdAt: string;
  rotatedAt?: string;
}

interface Row {
  client_id: string;
  name: string;
  role: string;
  organization_id: string | null;
  auth_method: string;
  jwks: { keys?: { kid?: string }[] } | string | null;
  redirect_uris: string[] | null;
  scope: string;
  disabled: boolean;
  demo: boolean;
  created_at: Date | string;
  rotated_at: Date | string | null;
}

// Every column but the secret's salt.
const COLUMNS = `client_id, name, role, organization_id, auth_method, jwks, redirect_uris, scope, disabled, demo, created_at, rotated_at`;
const METHODS = new Set<ClientAuthMethod>(['client_secret_basic', 'private_key_jwt', 'none']);

export interface NewClientInput {
  clientId?: string;
  name: string;
  role: string;
  organizationId?: string;
  authMethod: string;
  jwks?: unknown;
  scope?: string;
  redirectUris?: unknown;
}

/**
 * What an administrator does with client systems (facility HIS/LIS/PACS,
 * apps): register, rotate a secret, replace public keys, disable. The
 * secret is derived, never stored (auth/clients.ts); it is returned only by
 * register and rotate.
 */
export class ClientAdmin {
  constructor(
    private readonly db: Db,
    private readonly clients: ClientStore,
    /** Ends the client's tokens at once when it is disabled or its secret rotated. */
    private readonly revokeTokens: (clientId: string) => Promise<void>,
  ) {}

  async list(filter: {
    q?: string;
    role?: string;
    limit: number;
    offset: number;
  }): Promise<{ total: number; clients: ClientView[] }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.q) {
      params.push(`%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(
        `(client_id ILIKE $${params.length} OR name ILIKE $${params.length} OR organization_id ILIKE $${params.length})`,
      );
    }
    if (filter.role) {
      params.push(filter.role);
      where.push(`role = $${params.length}`);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const { rows: count } = await this.db.query<{ n: string | number }>(
      `SELECT count(*) AS n FROM oauth_client ${clause}`,
      params,
    );
    const { rows } = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM oauth_client ${clause} ORDER BY client_id LIMIT ${filter.limit} OFFSET ${filter.offset}`,
      params,
    );
    return { total: Number(count[0]?.n ?? 0), clients: await this.views(rows) };
  }

  async get(clientId: string): Promise<ClientView> {
    const { rows } = await this.db.query<Row>(`SELECT ${COLUMNS} FROM oauth_client WHERE client_id = $1`, [clientId]);
    if (!rows[0]) throw notFound(`No client "${clientId}"`);
    return (await this.views(rows))[0]!;
  }

  async register(ctx: AdminContext, input: NewClientInput): Promise<{ client: ClientView; secret?: string }> {
    if (!isRole(input.role)) throw invalid(`role "${input.role}" is not one of the roles`, 'role');
    if (input.role === 'resident') throw invalid('A client system cannot have the resident role', 'role');
    const method = input.authMethod as ClientAuthMethod;
    if (!METHODS.has(method)) throw invalid('authMethod: client_secret_basic, private_key_jwt or none', 'authMethod');
    if (input.role === 'facility-system' && !input.organizationId)
      throw invalid('A facility system belongs to a facility: give its organizationId', 'organizationId');
    await checkOrganization(this.db, input.organizationId);
    const jwks = method === 'private_key_jwt' ? await checkPublicJwks(input.jwks) : undefined;
    if (method !== 'private_key_jwt' && input.jwks !== undefined)
      throw invalid('jwks is only for a private_key_jwt client', 'jwks');
    const redirectUris = urls(input.redirectUris);
    const { client, secret } = await this.clients.register({
      ...(input.clientId ? { clientId: input.clientId } : {}),
      name: input.name,
      role: input.role,
      ...(input.organizationId ? { organizationId: input.organizationId } : {}),
      authMethod: method,
      ...(jwks ? { jwks } : {}),
      redirectUris,
      // A machine client gets its role's whole ceiling unless it asks for less.
      scope: input.scope ?? ROLE_SCOPES[input.role],
    });
    await auditAdmin(this.db, {
      ...by(ctx),
      action: 'C',
      subtype: 'client-register',
      entities: [clientEntity(client.clientId)],
      detail: `role ${client.role}, ${client.authMethod}${client.organizationId ? `, Organization/${client.organizationId}` : ''}`,
    });
    return { client: await this.get(client.clientId), ...(secret ? { secret } : {}) };
  }

  /** A new secret for a client_secret_basic client: the old one stops working at once. */
  async rotateSecret(ctx: AdminContext, clientId: string): Promise<{ client: ClientView; secret: string }> {
    const client = await this.get(clientId);
    keepWebClient(clientId, 'credentials');
    if (client.authMethod !== 'client_secret_basic')
      throw invalid(`${clientId} signs in with ${client.authMethod}, not a secret: replace its keys instead`);
    const { secret } = await this.clients.rotate(clientId);
    await auditAdmin(this.db, {
      ...by(ctx),
      action: 'U',
      subtype: 'client-rotate-secret',
      entities: [clientEntity(clientId)],
    });
    await this.revokeTokens(clientId);
    return { client: await this.get(clientId), secret: secret! };
  }

  /** New public keys for a private_key_jwt client: assertions signed with the old keys are refused. */
  async replaceKeys(ctx: AdminContext, clientId: string, value: unknown): Promise<ClientView> {
    const client = await this.get(clientId);
    keepWebClient(clientId, 'credentials');
    if (client.authMethod !== 'private_key_jwt')
      throw invalid(
        `${clientId} signs in with ${client.authMethod}, not keys${client.authMethod === 'client_secret_basic' ? ': rotate its secret instead' : ''}`,
      );
    const jwks = await checkPublicJwks(value);
    await this.clients.rotate(clientId, jwks);
    await auditAdmin(this.db, {
      ...by(ctx),
      action: 'U',
      subtype: 'client-replace-keys',
      entities: [clientEntity(clientId)],
      detail: `kids ${client.keyIds.join(', ') || '—'} → ${jwks.keys.map((k) => k.kid).join(', ')}`,
    });
    return this.get(clientId);
  }

  async setDisabled(ctx: AdminContext, clientId: string, disabled: boolean): Promise<ClientView> {
    await this.get(clientId);
    if (disabled) keepWebClient(clientId, 'disable');
    await this.db.transaction(async (tx) => {
      await tx.query('UPDATE oauth_client SET disabled = $2 WHERE client_id = $1', [clientId, disabled]);
      await auditAdmin(tx, {
        ...by(ctx),
        action: 'U',
        subtype: disabled ? 'client-disable' : 'client-enable',
        entities: [clientEntity(clientId)],
      });
    });
    if (disabled) await this.revokeTokens(clientId);
    return this.get(clientId);
  }

  private async views(rows: Row[]): Promise<ClientView[]> {
    const names = await organizationNames(
      this.db,
      rows.map((r) => r.organization_id ?? ''),
    );
    return rows.map((r) => {
      const role = r.role as Role;
      const jwks = typeof r.jwks === 'string' ? (JSON.parse(r.jwks) as { keys?: { kid?: string }[] }) : r.jwks;
      return {
        clientId: r.client_id,
        name: r.name,
        role,
        roleLabel: ROLE_LABELS[role] ?? { vi: r.role, en: r.role },
        ...(r.organization_id ? { organizationId: r.organization_id } : {}),
        ...(r.organization_id && names.has(r.organization_id)
          ? { organizationName: names.get(r.organization_id)! }
          : {}),
        authMethod: r.auth_method as ClientAuthMethod,
        scope: r.scope,
        redirectUris: r.redirect_uris ?? [],
        keyIds: (jwks?.keys ?? []).map((k) => k.kid ?? '?'),
        disabled: r.disabled,
        demo: r.demo,
        createdAt: new Date(r.created_at).toISOString(),
        ...(r.rotated_at ? { rotatedAt: new Date(r.rotated_at).toISOString() } : {}),
      };
    });
  }
}

/**
 * The web app's own client (auth/web-client.ts) is how every person signs
 * in, administrators included: disabling it would lock them all out, with
 * no screen left to undo it; and as a public client it has no secret or keys.
 */
function keepWebClient(clientId: string, change: 'disable' | 'credentials'): void {
  if (clientId !== WEB_CLIENT_ID) return;
  throw conflictWith(
    change === 'disable'
      ? `Không thể vô hiệu hóa ${WEB_CLIENT_ID}: mọi người (kể cả quản trị viên) đăng nhập ứng dụng web qua client này. · ${WEB_CLIENT_ID} cannot be disabled: everyone, administrators included, signs in to the web app through it.`
      : `Không thể đổi thông tin xác thực của ${WEB_CLIENT_ID}: đây là client công khai của ứng dụng web, không có khóa bí mật hay khóa công khai. · The credentials of ${WEB_CLIENT_ID} cannot be changed: it is the web app's public client, with no secret or keys.`,
  );
}

/** redirectUris: absolute http(s) addresses, for a browser or mobile client. */
function urls(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    throw invalid('redirectUris must be a list of addresses', 'redirectUris');
  for (const v of value as string[]) {
    let url: URL;
    try {
      url = new URL(v);
    } catch {
      throw invalid(`redirectUris: "${v}" is not an address`, 'redirectUris');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw invalid(`redirectUris: "${v}" is not http(s)`, 'redirectUris');
  }
  return value as string[];
}
