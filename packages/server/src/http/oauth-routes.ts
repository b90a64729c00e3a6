import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import { CHANGE_PASSWORD_ERRORS, LOGIN_ERRORS, changePasswordPage, loginPage } from '../auth/login-page.js';
import { ROLE_SCOPES } from '../auth/roles.js';
import { expandAllowedScopes } from '../auth/scopes.js';
import type { User, UserStore } from '../auth/users.js';
import { recordAudit } from '../audit/audit-log.js';
import type { Db } from '../storage/types.js';

export interface OAuthRouteDeps {
  provider: Provider;
  db: Db;
  users: UserStore;
  fhirAudience: string;
  resourceTypes: ReadonlySet<string>;
  /** Sign-in and token requests allowed per client address per minute. */
  rateLimitPerMinute: number;
}

const OIDC_SCOPES = new Set(['openid', 'profile', 'fhirUser', 'offline_access', 'launch', 'launch/patient']);

/** Mounts the OAuth server at /oauth2 and serves its sign-in pages. */
export async function registerOAuthRoutes(app: FastifyInstance, deps: OAuthRouteDeps): Promise<void> {
  const { provider } = deps;
  const callback = provider.callback();
  const limit = { rateLimit: { max: deps.rateLimitPerMinute, timeWindow: '1 minute' } };

  // The OAuth server reads its own request bodies: leave the stream untouched.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, _payload, done) => done(null));
    const forward = (req: FastifyRequest, reply: FastifyReply): void => {
      reply.hijack();
      const raw = req.raw as typeof req.raw & { originalUrl?: string };
      raw.originalUrl = raw.url;
      raw.url = raw.url!.slice('/oauth2'.length) || '/';
      void callback(raw, reply.raw);
    };
    scope.route({ method: ['GET', 'POST'], url: '/oauth2/token', config: limit, handler: forward });
    scope.route({ method: ['GET', 'POST', 'OPTIONS'], url: '/oauth2/*', handler: forward });
  });

  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    scope.get<{ Params: { uid: string } }>('/oauth2/interaction/:uid', async (req, reply) => {
      const details = await provider.interactionDetails(req.raw, reply.raw);
      const client = await provider.Client.find(String(details.params.client_id));
      return reply
        .type('text/html; charset=utf-8')
        .send(loginPage({ uid: details.uid, clientName: client?.clientName ?? String(details.params.client_id) }));
    });
    scope.post<{ Params: { uid: string }; Body: { username?: string; password?: string } }>(
      '/oauth2/interaction/:uid/login',
      { config: limit },
      async (req, reply) => {
        const details = await provider.interactionDetails(req.raw, reply.raw);
        const username = String(req.body?.username ?? '').trim();
        const result = await deps.users.login(username, String(req.body?.password ?? ''));
        await recordAudit(deps.db, {
          action: 'E',
          subtype: 'login',
          outcome: result.ok ? '0' : '4',
          who: result.ok ? result.user.id : username,
          entities: [],
          patientIds: [],
          detail: result.ok ? `sign-in of ${username}` : `failed sign-in of ${username}: ${result.reason}`,
          address: req.ip,
        });
        if (!result.ok) {
          const client = await provider.Client.find(String(details.params.client_id));
          return reply
            .code(401)
            .type('text/html; charset=utf-8')
            .send(
              loginPage({
                uid: details.uid,
                clientName: client?.clientName ?? '',
                error: LOGIN_ERRORS[result.reason],
                username,
              }),
            );
        }
        if (result.user.mustChangePassword) {
          // No token yet: the interaction remembers who passed the temporary password,
          // and only its /password step can finish it (after a new password is set).
          details.result = { passwordChange: { accountId: result.user.id } };
          await details.persist();
          return reply
            .type('text/html; charset=utf-8')
            .send(changePasswordPage({ uid: details.uid, username: result.user.username }));
        }
        await finish(req, reply, details, result.user);
      },
    );
    scope.post<{ Params: { uid: string }; Body: { newPassword?: string; confirmPassword?: string } }>(
      '/oauth2/interaction/:uid/password',
      { config: limit },
      async (req, reply) => {
        const details = await provider.interactionDetails(req.raw, reply.raw);
        const pending = (details.result as { passwordChange?: { accountId?: string } } | undefined)?.passwordChange;
        const user = pending?.accountId ? await deps.users.byId(pending.accountId) : undefined;
        if (!user?.mustChangePassword) {
          return reply
            .code(400)
            .type('text/html; charset=utf-8')
            .send(loginPage({ uid: details.uid, clientName: '', error: CHANGE_PASSWORD_ERRORS.expired }));
        }
        const again = (error: string) =>
          reply
            .code(400)
            .type('text/html; charset=utf-8')
            .send(changePasswordPage({ uid: details.uid, username: user.username, error }));
        const next = String(req.body?.newPassword ?? '');
        if (next !== String(req.body?.confirmPassword ?? '')) return again(CHANGE_PASSWORD_ERRORS.mismatch);
        const changed = await deps.users.replaceTemporaryPassword(user.id, next);
        await recordAudit(deps.db, {
          action: 'E',
          subtype: 'password-change',
          outcome: changed.ok ? '0' : '4',
          who: user.id,
          entities: [],
          patientIds: [],
          detail: changed.ok
            ? `${user.username} replaced a temporary password`
            : `${user.username}: new password refused (${changed.reason})`,
          address: req.ip,
        });
        if (!changed.ok) return again(CHANGE_PASSWORD_ERRORS[changed.reason]);
        await finish(req, reply, details, user);
      },
    );

    /** Grants what the person asked for within their role, and hands the browser back to the OAuth server. */
    async function finish(
      req: FastifyRequest,
      reply: FastifyReply,
      details: Awaited<ReturnType<Provider['interactionDetails']>>,
      user: User,
    ): Promise<void> {
      const requested = (typeof details.params.scope === 'string' ? details.params.scope : '')
        .split(/\s+/)
        .filter(Boolean);
      // The OAuth server issues only requested scopes that the grant holds, so a
      // request wider than the role cannot be narrowed here: it is not granted.
      const allowed = new Set(expandAllowedScopes(ROLE_SCOPES[user.role], deps.resourceTypes));
      const grant = new provider.Grant({ accountId: user.id, clientId: String(details.params.client_id) });
      grant.addOIDCScope(requested.filter((s) => OIDC_SCOPES.has(s)).join(' '));
      grant.addResourceScope(deps.fhirAudience, requested.filter((s) => allowed.has(s)).join(' '));
      const grantId = await grant.save();
      reply.hijack();
      await provider.interactionFinished(
        req.raw,
        reply.raw,
        { login: { accountId: user.id }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      );
    }
  });
}
