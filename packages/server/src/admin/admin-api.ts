import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import type { ClientStore } from '../auth/clients.js';
import type { UserStore } from '../auth/users.js';
import type { TokenVerifier } from '../auth/verify-token.js';
import type { ResourceStore } from '../fhir/store.js';
import type { Db } from '../storage/types.js';
import { auditAdmin, type AdminContext } from './admin-audit.js';
import { objectBody, onlyFields, stringField } from './body.js';
import { ClientAdmin } from './client-admin.js';
import { AdminError, adminErrorReply, invalid } from './errors.js';
import { feedBoard, type FeedStatus } from './feed-board.js';
import { adminCaller, adminGuard } from './guard.js';
import { UserAdmin } from './user-admin.js';

export interface AdminApiDeps {
  db: Db;
  users: UserStore;
  clients: ClientStore;
  store: ResourceStore;
  /** Absent when authorization is off (local development): then the API is open, like the FHIR API. */
  verifier?: TokenVerifier;
  /** The OAuth server, told when tokens are revoked so every verifier forgets them at once. */
  provider?: Provider;
}

const MAX_PAGE = 500;

/**
 * The administration API at /api/admin (docs/operations/administration.md):
 * accounts, client systems and the data-feed board, for administrators
 * only. JSON in and out; errors are `{ error, message, field? }`.
 */
export function registerAdminApi(app: FastifyInstance, deps: AdminApiDeps): void {
  const revoke = async (column: 'accountId' | 'clientId', id: string): Promise<void> => {
    // Access, refresh and client-credentials tokens, grants and sign-in sessions of the account or client.
    await deps.db.query(`DELETE FROM oauth_model WHERE payload->>'${column}' = $1`, [id]);
    // The verifier remembers tokens for 10 s; this event empties its cache on this instance.
    deps.provider?.emit('grant.revoked', undefined, undefined);
  };
  const userAdmin = new UserAdmin(deps.db, deps.users, deps.store, (id) => revoke('accountId', id));
  const clientAdmin = new ClientAdmin(deps.db, deps.clients, (id) => revoke('clientId', id));

  void app.register(
    async (api) => {
      api.setErrorHandler((err, req, reply) => {
        const { status, body } = adminErrorReply(err);
        if (status >= 500) req.log.error({ err }, 'admin request failed');
        if (status === 401) void reply.header('WWW-Authenticate', 'Bearer realm="lienthong"');
        void reply.code(status).type('application/json; charset=utf-8').send(body);
      });
      api.addHook('onRequest', async (_req, reply) => {
        // Accounts and one-time secrets: never cached by a browser or a proxy.
        void reply.header('Cache-Control', 'no-store');
      });
      // Before the body is read: a caller without the right token learns nothing from our parser.
      api.addHook('onRequest', adminGuard(deps.verifier, deps.db));
      const ctx = (req: FastifyRequest): AdminContext => ({ caller: adminCaller(req), address: req.ip });
      /** Reads are audited too: the lists name staff and the board quotes refused visits. */
      const audited = (subtype: string, req: FastifyRequest) =>
        auditAdmin(deps.db, { ...ctx(req), action: 'R', subtype, entities: [] });

      // Users
      api.get('/users', async (req) => {
        const q = query(req);
        await audited('user-list', req);
        return userAdmin.list({ ...page(q), ...(q.q ? { q: q.q } : {}), ...(q.role ? { role: q.role } : {}) });
      });
      api.post('/users', async (req, reply) => {
        const body = objectBody(req.body);
        onlyFields(body, ['username', 'displayName', 'role', 'organizationId', 'patientId']);
        const organizationId = stringField(body, 'organizationId', { max: 64 });
        const patientId = stringField(body, 'patientId', { max: 64 });
        const created = await userAdmin.create(ctx(req), {
          username: stringField(body, 'username', { required: true, max: 64 })!,
          displayName: stringField(body, 'displayName', { required: true })!,
          role: stringField(body, 'role', { required: true, max: 64 })!,
          ...(organizationId ? { organizationId } : {}),
          ...(patientId ? { patientId } : {}),
        });
        return reply.code(201).send(created);
      });
      api.patch('/users/:username', async (req) => {
        const body = objectBody(req.body);
        onlyFields(body, ['displayName', 'role', 'organizationId']);
        const displayName = stringField(body, 'displayName');
        const role = stringField(body, 'role', { max: 64 });
        // null (or "") takes the facility away; absent leaves it.
        const organizationId =
          body.organizationId === null || body.organizationId === ''
            ? null
            : stringField(body, 'organizationId', { max: 64 });
        return userAdmin.update(ctx(req), param(req, 'username'), {
          ...(displayName ? { displayName } : {}),
          ...(role ? { role } : {}),
          ...(organizationId !== undefined ? { organizationId } : {}),
        });
      });
      api.post('/users/:username/disable', async (req) =>
        userAdmin.setDisabled(ctx(req), param(req, 'username'), true),
      );
      api.post('/users/:username/enable', async (req) =>
        userAdmin.setDisabled(ctx(req), param(req, 'username'), false),
      );
      api.post('/users/:username/reset-password', async (req) =>
        userAdmin.resetPassword(ctx(req), param(req, 'username')),
      );
      api.post('/users/:username/unlock', async (req) => userAdmin.unlock(ctx(req), param(req, 'username')));

      // Client systems
      api.get('/clients', async (req) => {
        const q = query(req);
        await audited('client-list', req);
        return clientAdmin.list({ ...page(q), ...(q.q ? { q: q.q } : {}), ...(q.role ? { role: q.role } : {}) });
      });
      api.post('/clients', async (req, reply) => {
        const body = objectBody(req.body);
        onlyFields(body, ['clientId', 'name', 'role', 'organizationId', 'authMethod', 'jwks', 'scope', 'redirectUris']);
        const clientId = stringField(body, 'clientId', { max: 64 });
        const organizationId = stringField(body, 'organizationId', { max: 64 });
        const scope = stringField(body, 'scope', { max: 2000 });
        const created = await clientAdmin.register(ctx(req), {
          ...(clientId ? { clientId } : {}),
          name: stringField(body, 'name', { required: true })!,
          role: stringField(body, 'role', { required: true, max: 64 })!,
          ...(organizationId ? { organizationId } : {}),
          authMethod: stringField(body, 'authMethod', { required: true, max: 64 })!,
          ...(body.jwks !== undefined ? { jwks: body.jwks } : {}),
          ...(scope ? { scope } : {}),
          ...(body.redirectUris !== undefined ? { redirectUris: body.redirectUris } : {}),
        });
        return reply.code(201).send(created);
      });
      api.post('/clients/:clientId/rotate-secret', async (req) =>
        clientAdmin.rotateSecret(ctx(req), param(req, 'clientId')),
      );
      api.put('/clients/:clientId/keys', async (req) => {
        const body = objectBody(req.body);
        onlyFields(body, ['jwks']);
        return clientAdmin.replaceKeys(ctx(req), param(req, 'clientId'), body.jwks);
      });
      api.post('/clients/:clientId/disable', async (req) =>
        clientAdmin.setDisabled(ctx(req), param(req, 'clientId'), true),
      );
      api.post('/clients/:clientId/enable', async (req) =>
        clientAdmin.setDisabled(ctx(req), param(req, 'clientId'), false),
      );

      // The data-feed board
      api.get('/feeds', async (req) => {
        const q = query(req);
        await audited('feed-board', req);
        return feedBoard(deps.db, {
          ...page(q),
          ...(q.q ? { q: q.q } : {}),
          ...(q.status ? { status: q.status as FeedStatus | 'all' } : {}),
          ...(q.organization ? { organization: q.organization } : {}),
        });
      });

      api.all('/*', async (req: FastifyRequest, _reply: FastifyReply) => {
        throw new AdminError('not-found', `No endpoint at ${req.method} ${req.url.split('?')[0]}`);
      });
    },
    { prefix: '/api/admin' },
  );
}

function query(req: FastifyRequest): Record<string, string | undefined> {
  const q = req.query as Record<string, unknown>;
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(q ?? {})) {
    if (typeof v !== 'string') throw invalid(`${k} may be given once`, k);
    out[k] = v.trim() || undefined;
  }
  return out;
}

function page(q: Record<string, string | undefined>): { limit: number; offset: number } {
  const number = (name: string, fallback: number, max: number): number => {
    const v = q[name];
    if (v === undefined) return fallback;
    if (!/^\d{1,7}$/.test(v) || Number(v) > max) throw invalid(`${name} must be a whole number up to ${max}`, name);
    return Number(v);
  };
  return { limit: Math.max(1, number('limit', 100, MAX_PAGE)), offset: number('offset', 0, 1_000_000) };
}

function param(req: FastifyRequest, name: string): string {
  return (req.params as Record<string, string>)[name] ?? '';
}
