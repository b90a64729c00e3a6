import type Provider from 'oidc-provider';
import { unauthorized } from '@lienthong/core';
import type { Caller } from './caller.js';
import type { ClientStore } from './clients.js';
import type { UserStore } from './users.js';
import { parseScopes } from './scopes.js';

const CACHE_MS = 10_000;
const CACHE_MAX = 10_000;

/**
 * Turns a bearer token into a Caller. Tokens are opaque and looked up in the
 * OAuth server's store; a verified token is remembered for 10 seconds, so a
 * revocation takes effect on every instance within that time (at once on the
 * instance that revoked it).
 */
export class TokenVerifier {
  private readonly cache = new Map<string, { caller: Caller; until: number }>();

  constructor(
    private readonly provider: Provider,
    private readonly users: UserStore,
    private readonly clients: ClientStore,
    private readonly audience: string,
    private readonly allowDemo: boolean,
  ) {
    // Any revocation here empties the cache, so this instance honours it at once.
    provider.on('grant.revoked', () => this.cache.clear());
    provider.on('access_token.destroyed', () => this.cache.clear());
    provider.on('client_credentials.destroyed', () => this.cache.clear());
  }

  async verify(authorization: string | undefined): Promise<Caller> {
    const m = /^Bearer\s+([A-Za-z0-9\-._~+/]+=*)$/i.exec(authorization ?? '');
    if (!m)
      throw unauthorized(
        'An access token is required: Authorization: Bearer <token> (see /fhir/.well-known/smart-configuration)',
      );
    const value = m[1]!;
    const now = Date.now();
    const hit = this.cache.get(value);
    if (hit && hit.until > now) return hit.caller;
    // User tokens are AccessTokens; client-credentials tokens have their own model.
    const token = (await this.provider.AccessToken.find(value)) ?? (await this.provider.ClientCredentials.find(value));
    if (!token || token.isExpired) throw unauthorized('The access token is invalid, expired or revoked');
    const aud = ([] as unknown[]).concat(token.aud ?? []);
    if (!aud.includes(this.audience)) throw unauthorized('The access token was not issued for this FHIR server');
    const accountId = 'accountId' in token ? token.accountId : undefined;
    const caller = await this.callerFor(accountId, token.clientId ?? '', token.scope ?? '');
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    const expiresAt = (token.exp ?? 0) * 1000;
    this.cache.set(value, { caller, until: Math.min(now + CACHE_MS, expiresAt || now + CACHE_MS) });
    return caller;
  }

  private async callerFor(accountId: string | undefined, clientId: string, scope: string): Promise<Caller> {
    const client = await this.clients.get(clientId);
    if (!client || client.disabled || (client.demo && !this.allowDemo)) {
      throw unauthorized('The client of this token is disabled or unknown');
    }
    const base = { clientId, scope, scopes: parseScopes(scope) };
    if (accountId) {
      const user = await this.users.byId(accountId);
      if (!user || user.disabled || (user.demo && !this.allowDemo))
        throw unauthorized('The user of this token is disabled');
      return {
        ...base,
        kind: 'user',
        id: user.id,
        role: user.role,
        ...(user.organizationId ? { organizationId: user.organizationId } : {}),
        ...(user.practitionerId ? { practitionerId: user.practitionerId } : {}),
        ...(user.patientId ? { patientId: user.patientId } : {}),
      };
    }
    return {
      ...base,
      kind: 'client',
      id: client.clientId,
      role: client.role,
      ...(client.organizationId ? { organizationId: client.organizationId } : {}),
    };
  }
}
