import type { FastifyInstance } from 'fastify';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import helmet from 'helmet';
import type { Config } from '../config/config.js';

/**
 * Hardening for every response: security headers (helmet), CORS for the
 * configured origins only, and rate limits on the routes that ask for them
 * (sign-in and token endpoints; docs/security/operators-guide.md).
 */
export async function registerSecurity(app: FastifyInstance, config: Config): Promise<void> {
  // Built once: @fastify/helmet builds helmet's middleware (parsing the
  // CSP directives) on every request, 3 % of the server's time on a create.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
      },
    },
    // Browsers follow the OAuth redirects cross-origin; keep the referrer short.
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: config.baseUrl.startsWith('https://'),
  });
  // Set on the raw response, so a route's own headers (the web app's CSP) still win.
  // Helmet throws its errors (since 8.1) and calls back with none.
  app.addHook('onRequest', (req, reply, done) => securityHeaders(req.raw, reply.raw, () => done()));
  await app.register(cors, {
    origin: config.corsOrigins.length > 0 ? config.corsOrigins : false,
    exposedHeaders: ['Location', 'ETag', 'Last-Modified', 'X-Request-Id'],
    allowedHeaders: [
      'Authorization',
      'Content-Type',
      'If-Match',
      'If-None-Exist',
      'If-None-Match',
      'Prefer',
      'X-Request-Id',
    ],
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, context) => ({
      statusCode: 429,
      error: 'Too Many Requests',
      message: `Quá nhiều yêu cầu; thử lại sau ${context.after}. · Too many requests; retry after ${context.after}.`,
    }),
  });
}
