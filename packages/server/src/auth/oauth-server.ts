import { createHmac } from 'node:crypto';
import Provider, { errors, type AdapterPayload, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Db } from '../storage/types.js';
import { DbOAuthAdapter } from './oauth-adapter.js';
import type { ClientStore } from './clients.js';
import type { UserStore } from './users.js';
import { ROLE_SCOPES } from './roles.js';
import { expandAllowedScopes } from './scopes.js';
import { loadSigningKeys } from './signing-keys.js';
import { escapeHtml } from './html.js';
import { logoutSource, postLogoutSuccessSource } from './logout-pages.js';
import { recordAudit } from '../audit/audit-log.js';

export interface OAuthServerOptions {
  db: Db;
  users: UserStore;
  clients: ClientStore;
  /** Public base URL of the server (LIENTHONG_BASE_URL). */
  baseUrl: string;
  secretKey: Buffer;
  resourceTypes: ReadonlySet<string>;
  /** Demo clients and accounts are honoured only in demo mode. */
  allowDemo: boolean;
  trustProxy: boolean;
}

export const ACCESS_TOKEN_TTL = 900;
const OIDC_SCOPES = ['openid', 'profile', 'fhirUser', 'offline_access', 'launch', 'launch/patient'];

/**
 * The OAuth 2.0 / OpenID Connect authorization server, on oidc-provider
 * (docs/decisions/0008-oauth-server.md), shaped as SMART on FHIR v2:
 * client-credentials with private_key_jwt (SMART Backend Services) or
 * client_secret_basic, authorization code with PKCE, refresh tokens,
 * introspection and revocation. Access tokens are opaque and stored, so they
 * can be introspected and revoked.
 */
export async function createOAuthServer(options: OAuthServerOptions): Promise<Provider> {
  const { db, users, clients, baseUrl, secretKey } = options;
  const fhirAudience = `${baseUrl}/fhir`;
  const scopeCache = new Map<string, string>();
  const allowedFor = (key: string, allowed: string): string => {
    let expanded = scopeCache.get(key);
    if (!expanded) scopeCache.set(key, (expanded = expandAllowedScopes(allowed, options.resourceTypes).join(' ')));
    return expanded;
  };

  const clientMetadata = async (clientId: string): Promise<AdapterPayload | undefined> => {
    const c = await clients.get(clientId);
    if (!c || c.disabled || (c.demo && !options.allowDemo)) return undefined;
    const machine = c.authMethod !== 'none';
    return {
      client_id: c.clientId,
      client_name: c.name,
      token_endpoint_auth_method: c.authMethod,
      ...(c.jwks ? { jwks: c.jwks } : {}),
      ...(c.authMethod === 'client_secret_basic' ? { client_secret: await clients.currentSecret(c.clientId) } : {}),
      grant_types:
        machine && c.redirectUris.length === 0 ? ['client_credentials'] : ['authorization_code', 'refresh_token'],
      response_types: machine && c.redirectUris.length === 0 ? [] : ['code'],
      redirect_uris: c.redirectUris,
      scope: [...OIDC_SCOPES].join(' '),
      'urn:lienthong:role': c.role,
      'urn:lienthong:organization': c.organizationId,
      'urn:lienthong:allowed': c.scope,
    };
  };

  const configuration: Configuration = {
    adapter: (name: string) => new DbOAuthAdapter(name, db, clientMetadata),
    jwks: { keys: await loadSigningKeys(db) },
    cookies: { keys: [createHmac('sha256', secretKey).update('cookies').digest('base64url')] },
    extraClientMetadata: { properties: ['urn:lienthong:role', 'urn:lienthong:organization', 'urn:lienthong:allowed'] },
    clientAuthMethods: ['private_key_jwt', 'client_secret_basic', 'none'],
    scopes: OIDC_SCOPES,
    claims: { openid: ['sub'], profile: ['name'], fhirUser: ['fhirUser'] },
    findAccount: async (_ctx, sub) => {
      const user = await users.byId(sub);
      if (!user) return undefined;
      const fhirUser = user.practitionerId
        ? `${fhirAudience}/Practitioner/${user.practitionerId}`
        : user.patientId
          ? `${fhirAudience}/Patient/${user.patientId}`
          : undefined;
      return {
        accountId: sub,
        claims: () => ({ sub, name: user.displayName, ...(fhirUser ? { fhirUser } : {}) }),
      };
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      // Sign-out ends the server's own session too, not only the tokens (the web app does it on sign-out).
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => fhirAudience,
        useGrantedResource: () => true,
        getResourceServerInfo: async (ctx, resource, client) => {
          if (resource !== fhirAudience) throw new errors.InvalidTarget();
          // Machines: what the operator registered. People: what their role allows.
          const accountId = accountIdOf(ctx);
          const user = accountId ? await users.byId(accountId) : undefined;
          const allowed = user ? ROLE_SCOPES[user.role] : (client.metadata()['urn:lienthong:allowed'] as string);
          return {
            scope: allowedFor(user ? `role:${user.role}` : `client:${client.clientId}:${allowed}`, allowed),
            audience: fhirAudience,
            accessTokenFormat: 'opaque',
            accessTokenTTL: ACCESS_TOKEN_TTL,
          };
        },
      },
    },
    pkce: { required: () => true },
    enabledJWA: { clientAuthSigningAlgValues: ['RS256', 'RS384', 'ES256', 'ES384'] },
    ttl: {
      AccessToken: ACCESS_TOKEN_TTL,
      ClientCredentials: 300,
      AuthorizationCode: 60,
      RefreshToken: 30 * 24 * 3600,
      Interaction: 600,
      Session: 8 * 3600,
      Grant: 30 * 24 * 3600,
      IdToken: 3600,
    },
    // OpenID Connect drops offline_access unless prompt=consent, which SMART apps
    // rarely send; a client registered for refresh tokens gets them.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    interactions: { url: (_ctx, interaction) => `/oauth2/interaction/${interaction.uid}` },
    routes: {
      authorization: '/authorize',
      token: '/token',
      introspection: '/introspect',
      revocation: '/revoke',
      jwks: '/jwks',
      userinfo: '/userinfo',
      end_session: '/logout',
    },
    renderError: (ctx: KoaContextWithOIDC, out) => {
      ctx.type = 'html';
      ctx.body = `<!doctype html><meta charset="utf-8"><title>Lỗi / Error</title><h1>Lỗi đăng nhập / Sign-in error</h1><p>${escapeHtml(String(out.error))}: ${escapeHtml(String(out.error_description ?? ''))}</p>`;
    },
  };
  const provider = new Provider(`${baseUrl}/oauth2`, configuration);
  // X-Forwarded-* are believed only behind a proxy that sets them (LIENTHONG_TRUST_PROXY).
  provider.proxy = options.trustProxy;
  // Every token issued or refused is in the audit trail (who, which client, which grant).
  const auditGrant = (ctx: KoaContextWithOIDC, outcome: '0' | '4', detail: string): void => {
    const clientId = ctx.oidc?.client?.clientId ?? param(ctx.oidc?.params?.client_id) ?? 'unknown';
    void recordAudit(db, {
      action: 'E',
      subtype: 'token',
      outcome,
      who: clientId,
      entities: [],
      patientIds: [],
      detail: `${param(ctx.oidc?.params?.grant_type) ?? ''} ${detail}`.trim(),
      address: ctx.ip,
    }).catch(() => undefined);
  };
  provider.on('grant.success', (ctx: KoaContextWithOIDC) => auditGrant(ctx, '0', 'token issued'));
  provider.on('grant.error', (ctx: KoaContextWithOIDC, err: Error) => auditGrant(ctx, '4', `refused: ${err.message}`));

  // SMART launch context: a resident's token response names their Patient.
  provider.use(async (ctx, next) => {
    await next();
    const oidcCtx = ctx as unknown as KoaContextWithOIDC;
    const body = oidcCtx.body as Record<string, unknown> | undefined;
    if (oidcCtx.oidc?.route !== 'token' || !body || typeof body.access_token !== 'string') return;
    const accountId = accountIdOf(oidcCtx);
    const user = accountId ? await users.byId(accountId) : undefined;
    if (user?.patientId && /(^|\s)(launch\/patient|patient\/)/.test(param(body.scope) ?? '')) {
      body.patient = user.patientId;
    }
  });
  return provider;
}

/** The person behind the current OAuth request, whichever step of which flow it is. */
function accountIdOf(ctx: KoaContextWithOIDC): string | undefined {
  const e = ctx.oidc.entities as Record<string, { accountId?: string } | undefined>;
  return (
    e.AuthorizationCode?.accountId ?? e.RefreshToken?.accountId ?? e.Grant?.accountId ?? ctx.oidc.session?.accountId
  );
}

/** A request or response parameter as text (they are strings when present). */
function param(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
