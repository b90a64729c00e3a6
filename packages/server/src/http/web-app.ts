import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm run build` puts the web app (packages/web/dist), from src/http or dist/http alike. */
export const WEB_DIST = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

/** Paths the app never answers, even when nothing else does: the API's 404 stays an OperationOutcome. */
const RESERVED = /^\/(fhir|oauth2|healthz|metrics)(\/|$)/;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json', '.webmanifest', '.txt']);

/**
 * The app's own Content-Security-Policy, for its pages: scripts, styles and
 * API calls from this origin only, no inline script or style (React sets
 * styles through the DOM, which CSP allows). Unlike the default one it adds
 * `upgrade-insecure-requests` only behind HTTPS: on plain HTTP (a tablet on
 * the ward network reaching the server by its address) that directive would
 * send the browser to an HTTPS port that does not exist.
 */
export function webCsp(https: boolean): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/**
 * Serves the web app at `/`: files from its dist/ folder, and index.html for
 * every other path without a file extension that a browser loads as a page
 * (Accept: text/html) — the app's own routes, such as /person/{id}, so a
 * reload or a shared link lands in the app, which shows its own "no such
 * page". Programs asking for an unknown path still get the API's 404. Routes
 * registered elsewhere (/fhir, /oauth2, /healthz, /metrics) are more specific
 * and keep priority. Hashed files under /assets/ are cached for a year;
 * everything else is revalidated on each use (ETag), so a new release is
 * picked up at once.
 */
export function registerWebApp(app: FastifyInstance, options: { dir?: string; https: boolean }): void {
  const dir = resolve(options.dir ?? WEB_DIST);
  const csp = webCsp(options.https);
  const gzipped = new Map<string, Buffer>();

  const send = async (req: FastifyRequest, reply: FastifyReply, file: string, size: number, mtimeMs: number) => {
    const ext = extname(file);
    const immutable = file.startsWith(join(dir, 'assets') + sep);
    const etag = `W/"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`;
    void reply
      .header('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .header('ETag', etag)
      .header('Vary', 'Accept-Encoding')
      .type(TYPES[ext] ?? 'application/octet-stream');
    if (ext === '.html') void reply.header('Content-Security-Policy', csp);
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    let body: Buffer = await readFile(file);
    if (COMPRESSIBLE.has(ext) && body.length > 1024 && /\bgzip\b/.test(String(req.headers['accept-encoding']))) {
      const key = `${file}:${etag}`;
      let zipped = gzipped.get(key);
      if (!zipped) {
        zipped = gzipSync(body);
        if (immutable) gzipped.set(key, zipped);
      }
      body = zipped;
      void reply.header('Content-Encoding', 'gzip');
    }
    return reply.send(body);
  };

  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const path = safeDecode(req.url.split('?')[0]!);
    if (path === undefined || RESERVED.test(path)) return reply.callNotFound();
    const file = resolve(dir, '.' + path);
    if (file.startsWith(dir + sep)) {
      const found = await stat(file).catch(() => undefined);
      if (found?.isFile()) return send(req, reply, file, found.size, found.mtimeMs);
    }
    // A missing file (a script of an older release, a typo) is a 404, not the app; so is
    // any other path asked for by a program: only a browser's page load gets the app.
    if (extname(path) !== '' || (path !== '/' && !wantsHtml(req.headers.accept))) return reply.callNotFound();
    const index = join(dir, 'index.html');
    const found = await stat(index).catch(() => undefined);
    if (!found) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('Ứng dụng web chưa được build: chạy `npm run build`. · The web app is not built: run `npm run build`.\n');
    }
    return send(req, reply, index, found.size, found.mtimeMs);
  };
  app.get('/', handler);
  app.get('/*', handler);
}

/** A browser navigating asks for text/html; fetch() and API clients do not. */
function wantsHtml(accept: string | undefined): boolean {
  return /\btext\/html\b/.test(accept ?? '');
}

function safeDecode(path: string): string | undefined {
  try {
    const decoded = decodeURIComponent(path);
    return decoded.includes('\0') ? undefined : decoded;
  } catch {
    return undefined;
  }
}
