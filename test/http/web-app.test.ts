import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { WEB_DIST } from '../../packages/server/src/http/web-app.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/*
 * The web app is served by the server itself at / (no browser needed here;
 * test/web drives one): files from packages/web/dist, index.html for the
 * app's routes, caching and security headers, and the API's paths untouched.
 */

let app: TestApp;
before(async () => {
  assert.ok(existsSync(join(WEB_DIST, 'index.html')), 'the web app is built (npm run build)');
  app = await startTestApp({ listen: true, auth: true });
});
after(async () => app?.close());

test('/ and the app routes answer index.html to a browser, revalidated on every use, under the app CSP', async () => {
  for (const path of ['/', '/person/some-id', '/auth/callback?code=x&state=y']) {
    const res = await fetch(`${app.url}${path}`, { headers: { accept: 'text/html,application/xhtml+xml' } });
    assert.equal(res.status, 200, path);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    // Plain HTTP here: upgrading would send a tablet on the ward network to an HTTPS port that is not there.
    assert.doesNotMatch(csp, /upgrade-insecure-requests/);
    assert.match(await res.text(), /<div id="root">/);
  }
});

test('hashed assets are cached for a year and sent compressed; a stale ETag gets a 304', async () => {
  const html = await (await fetch(`${app.url}/`)).text();
  const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
  const res = await fetch(`${app.url}${script}`, { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.equal(res.headers.get('content-encoding'), 'gzip');
  assert.match(res.headers.get('content-type') ?? '', /javascript/);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  await res.arrayBuffer();
  const again = await fetch(`${app.url}${script}`, { headers: { 'if-none-match': res.headers.get('etag')! } });
  assert.equal(again.status, 304);
});

test('a missing file is a 404, not the app; paths outside the folder are never read', async () => {
  assert.equal((await fetch(`${app.url}/assets/missing.js`)).status, 404);
  // A program (no text/html in Accept) asking for an unknown path gets the API's 404.
  const unknown = await fetch(`${app.url}/nothing/here`);
  assert.equal(unknown.status, 404);
  assert.match(unknown.headers.get('content-type') ?? '', /fhir\+json/);
  const escape = await fetch(`${app.url}/..%2f..%2fpackage.json`);
  assert.notEqual(escape.status, 200);
});

test('the API, OAuth and operations paths keep priority', async () => {
  const fhir = await fetch(`${app.url}/fhir/NoSuchType`);
  assert.equal(fhir.status, 401); // the token check comes first
  assert.match(fhir.headers.get('content-type') ?? '', /fhir\+json/);
  assert.equal((await fetch(`${app.url}/healthz`)).status, 200);
  assert.equal((await fetch(`${app.url}/metrics`)).status, 200);
  const oauth = await fetch(`${app.url}/oauth2/nothing-here`);
  assert.doesNotMatch(await oauth.text(), /id="root"/);
  const fhirx = await fetch(`${app.url}/fhir`);
  assert.doesNotMatch(await fhirx.text(), /id="root"/);
});

test('the server registers its web app as a public client, on its base URL and the 127.0.0.1/localhost twin', async () => {
  const client = await app.clients.get('lienthong-web');
  assert.ok(client);
  assert.equal(client.authMethod, 'none');
  assert.deepEqual(client.redirectUris.sort(), [
    `${app.url}/auth/callback`,
    `${app.url.replace('127.0.0.1', 'localhost')}/auth/callback`,
  ]);
});
