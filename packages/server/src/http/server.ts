import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { FhirError, notAcceptable, unsupportedMediaType, outcome, issue, type OperationOutcome } from '@lienthong/core';
import type { Config } from '../config/config.js';
import type { FhirRequest, FhirServices } from '../fhir/context.js';
import { handle } from '../fhir/router.js';
import type { Metrics } from '../ops/metrics.js';
import { SYSTEM_CALLER, type Caller } from '../auth/caller.js';
import type { TokenVerifier } from '../auth/verify-token.js';
import { interactionOf } from '../fhir/interaction.js';
import { MethodNotAllowed } from '../fhir/http-semantics.js';
import { registerOAuthRoutes, type OAuthRouteDeps } from './oauth-routes.js';
import { registerSecurity } from './security.js';
import { smartConfiguration } from './smart-config.js';
import { parseJsonBody } from './json-body.js';
import { registerWebApp } from './web-app.js';

const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const JSON_TYPES = ['application/fhir+json', 'application/json', 'application/json-patch+json'];

export interface HttpDeps {
  config: Config;
  services: FhirServices;
  metrics: Metrics;
  checkHealth: () => Promise<{ database: string }>;
  /** Absent when authorization is off (LIENTHONG_AUTH=off, local development only). */
  oauth?: OAuthRouteDeps & { verifier: TokenVerifier };
}

/** The Fastify adapter: HTTP in, FhirRequest to the router, FhirResponse out. */
export async function buildHttp(deps: HttpDeps): Promise<FastifyInstance> {
  const { config, services, metrics } = deps;
  const app = Fastify({
    bodyLimit: config.maxBodyBytes,
    logger: {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie'],
    },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    return503OnClosing: true,
    // One log line per request, written below without the query string:
    // search values (names, CCCD numbers) are personal data and stay out of logs.
    logController: new LogController({ disableRequestLogging: true }),
    // Only behind a proxy that sets X-Forwarded-For itself; otherwise callers could fake their address.
    trustProxy: config.trustProxy,
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser(JSON_TYPES, { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );
  // An XML 130 file for Bundle/$import-xml130, as bytes: its reader checks the encoding itself.
  app.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'buffer' }, (_req, body, done) =>
    done(null, body),
  );
  app.addContentTypeParser('*', (req, _payload, done) => {
    done(
      unsupportedMediaType(
        `Content-Type "${req.headers['content-type'] ?? ''}" is not accepted; send application/fhir+json`,
      ),
      undefined,
    );
  });

  app.addHook('onSend', async (req, reply) => {
    reply.header('X-Request-Id', req.id);
  });
  app.addHook('onResponse', async (req, reply) => {
    const path = req.url.split('?')[0]!;
    const ms = Math.round(reply.elapsedTime * 10) / 10;
    req.log.info({ method: req.method, path, status: reply.statusCode, ms }, 'request');
    if (!path.startsWith('/fhir')) return;
    const interaction = interactionOf(req.method, fhirPath(req));
    metrics.requests.inc({ interaction, status: String(reply.statusCode) });
    metrics.duration.observe({ interaction }, reply.elapsedTime / 1000);
  });

  await registerSecurity(app, config);
  if (deps.oauth) await registerOAuthRoutes(app, deps.oauth);

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    const { status, body } = errorReply(err);
    if (status >= 500) req.log.error({ err }, 'request failed');
    // RFC 6750 §3: tell the client how to authenticate.
    if (status === 401) void reply.header('WWW-Authenticate', 'Bearer realm="lienthong"');
    // RFC 9110 §15.5.6: a 405 says which methods the path does take.
    if (err instanceof MethodNotAllowed) void reply.header('Allow', err.allow.join(', '));
    void reply.code(status).type(FHIR_JSON).send(JSON.stringify(body));
  });
  app.setNotFoundHandler((req, reply) => {
    void reply
      .code(404)
      .type(FHIR_JSON)
      .send(
        JSON.stringify(outcome([issue('error', 'not-found', `No endpoint at ${req.method} ${req.url.split('?')[0]}`)])),
      );
  });

  app.get('/healthz', async (req, reply) => {
    try {
      const health = await deps.checkHealth();
      return reply.send({ status: 'ok', ...health });
    } catch (err) {
      // The database's own message stays in the log: it may name hosts and users.
      req.log.error({ err }, 'health check failed');
      return reply.code(503).send({ status: 'unavailable', database: 'unreachable' });
    }
  });
  app.get('/metrics', async (_req, reply) => {
    const text = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(text);
  });

  app.get('/fhir/.well-known/smart-configuration', async (_req, reply) =>
    reply.type('application/json').send(smartConfiguration(config.baseUrl)),
  );

  const verifier = deps.oauth?.verifier;
  const callerOf = async (req: FastifyRequest, path: string): Promise<Caller> => {
    if (!verifier) return SYSTEM_CALLER;
    // The CapabilityStatement is public (FHIR R4 §3.1.0.9; SMART discovery).
    if (path === 'metadata') return SYSTEM_CALLER;
    return verifier.verify(req.headers.authorization);
  };

  const fhirHandler = async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const query = rawQuery(req.url);
    const path = fhirPath(req);
    const caller = await callerOf(req, path);
    negotiate(req.headers.accept, query);
    const method = req.method as FhirRequest['method'];
    const header = (name: string): string | undefined => {
      const v = req.headers[name];
      return typeof v === 'string' ? v : undefined;
    };
    const response = await handle(services, {
      method,
      path,
      caller,
      address: req.ip,
      query: query.filter(([n]) => n !== '_format' && n !== '_pretty'),
      headers: {
        ifMatch: header('if-match'),
        ifNoneMatch: header('if-none-match'),
        ifModifiedSince: header('if-modified-since'),
        ifNoneExist: header('if-none-exist'),
        prefer: header('prefer'),
        contentType: header('content-type'),
      },
      body: req.body,
    });
    reply.code(response.status).headers(response.headers);
    // HEAD carries the headers GET would, Content-Type included (RFC 9110 §9.3.2).
    if (method === 'HEAD' && response.body !== undefined) void reply.type(FHIR_JSON);
    if (response.body === undefined || response.status === 304 || method === 'HEAD') {
      await reply.send();
      return;
    }
    const pretty = query.some(([n, v]) => n === '_pretty' && v === 'true');
    await reply.type(FHIR_JSON).send(JSON.stringify(response.body, null, pretty ? 2 : undefined));
  };
  app.route({ method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'], url: '/fhir', handler: fhirHandler });
  app.route({ method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'], url: '/fhir/*', handler: fhirHandler });
  // The web app at / (packages/web); the routes above are more specific and win.
  registerWebApp(app, { https: config.baseUrl.startsWith('https://') });
  return app;
}

function fhirPath(req: FastifyRequest): string {
  const path = req.url.split('?')[0]!.replace(/^\/fhir\/?/, '');
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function rawQuery(url: string): [string, string][] {
  const q = url.indexOf('?');
  return q < 0 ? [] : [...new URLSearchParams(url.slice(q + 1))];
}

/** JSON only: FHIR XML and other formats are refused with 406 (not claimed in /metadata). */
function negotiate(accept: string | undefined, query: [string, string][]): void {
  const format = query.find(([n]) => n === '_format')?.[1];
  if (format && !['json', 'application/json', 'application/fhir+json'].includes(format.split(';')[0]!.trim())) {
    throw notAcceptable(`_format=${format} is not supported; this server speaks FHIR JSON`);
  }
  if (!accept) return;
  const ok = accept
    .split(',')
    .map((t) => t.split(';')[0]!.trim())
    .some((t) => t === '*/*' || t === 'application/*' || t === 'application/json' || t === 'application/fhir+json');
  if (!ok) throw notAcceptable(`Accept "${accept}" cannot be met; this server answers application/fhir+json`);
}

function errorReply(err: Error & { statusCode?: number; code?: string }): { status: number; body: OperationOutcome } {
  if (err instanceof FhirError) return { status: err.status, body: err.outcome };
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return {
      status: 413,
      body: outcome([issue('error', 'too-long', 'The request body is larger than this server accepts')]),
    };
  }
  if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return { status: 400, body: outcome([issue('error', 'invalid', 'The request body is empty')]) };
  }
  if (typeof err.code === 'string' && /^22/.test(err.code)) {
    // PostgreSQL data exceptions (e.g. a number out of range in a search value).
    return {
      status: 400,
      body: outcome([issue('error', 'invalid', 'A value in the request is out of range or malformed')]),
    };
  }
  if (err.code === '40P01' || err.code === '40001' || err.code === '23505') {
    // Deadlock, serialization failure or a lost insert race: another request
    // changed the same resources at the same moment; nothing was written and
    // the client may retry (FHIR R4 §3.1.0.2: 409 Conflict).
    return {
      status: 409,
      body: outcome([issue('error', 'conflict', 'A concurrent change to the same resources won; retry the request')]),
    };
  }
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return { status: err.statusCode, body: outcome([issue('error', 'invalid', err.message)]) };
  }
  return {
    status: 500,
    body: outcome([
      issue('error', 'exception', 'Internal error; the request id in X-Request-Id identifies it in the logs'),
    ]),
  };
}
