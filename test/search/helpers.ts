import assert from 'node:assert/strict';
import type { Bundle, OperationOutcome, Resource } from '@medplum/fhirtypes';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Shared plumbing for the search conformance suite: every request goes
 * through the real Fastify server (app.http.inject, no socket needed), and
 * every assertion is on what a client would see.
 */
export interface Reply<T = unknown> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | number | undefined>;
}

export async function startSearchApp(): Promise<TestApp> {
  // The job queue is not needed to search; leaving it off keeps the suite quick.
  // Seeding PUTs resources under fixed ids, so update-as-create must be on.
  return startTestApp({ env: { LIENTHONG_JOBS: 'false', LIENTHONG_UPDATE_CREATE: 'true' } });
}

export async function request<T = unknown>(
  app: TestApp,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply<T>> {
  const isForm = typeof options.body === 'string';
  const res = await app.http.inject({
    method,
    url: `/fhir/${path}`,
    headers: {
      ...(options.body !== undefined
        ? { 'content-type': isForm ? 'application/x-www-form-urlencoded' : 'application/fhir+json' }
        : {}),
      ...options.headers,
    },
    ...(options.body !== undefined
      ? { payload: isForm ? (options.body as string) : JSON.stringify(options.body) }
      : {}),
  });
  return { status: res.statusCode, body: (res.body ? JSON.parse(res.body) : undefined) as T, headers: res.headers };
}

/** Stores resources under their own ids (PUT as create), in order. */
export async function seed(app: TestApp, resources: Resource[]): Promise<void> {
  for (const r of resources) {
    const res = await request(app, 'PUT', `${r.resourceType}/${r.id}`, { body: r });
    assert.ok(
      res.status === 200 || res.status === 201,
      `seeding ${r.resourceType}/${r.id}: ${JSON.stringify(res.body)}`,
    );
  }
}

/** GET a search; fails the test unless the server answers 200 with a searchset. */
export async function search(app: TestApp, path: string, headers?: Record<string, string>): Promise<Bundle> {
  const res = await request<Bundle>(app, 'GET', path, headers ? { headers } : {});
  assert.equal(res.status, 200, `GET ${path} -> ${res.status} ${JSON.stringify(res.body)}`);
  assert.equal(res.body.resourceType, 'Bundle');
  assert.equal(res.body.type, 'searchset');
  return res.body;
}

/** Ids of the entries with the given search mode, sorted, so tests can compare sets. */
export function ids(bundle: Bundle, mode: 'match' | 'include' = 'match'): string[] {
  return (bundle.entry ?? [])
    .filter((e) => e.search?.mode === mode)
    .map((e) => e.resource!.id!)
    .sort();
}

/** Type/id of the entries with the given search mode, in bundle order. */
export function refs(bundle: Bundle, mode: 'match' | 'include' = 'match'): string[] {
  return (bundle.entry ?? [])
    .filter((e) => e.search?.mode === mode)
    .map((e) => `${e.resource!.resourceType}/${e.resource!.id}`);
}

/** The sorted ids a search returns. */
export async function searchIds(app: TestApp, path: string, headers?: Record<string, string>): Promise<string[]> {
  return ids(await search(app, path, headers));
}

/** Expects an error reply carrying an OperationOutcome (never a 500). */
export async function expectError(
  app: TestApp,
  path: string,
  status = 400,
  method: 'GET' | 'POST' = 'GET',
  body?: string,
): Promise<OperationOutcome> {
  const res = await request<OperationOutcome>(app, method, path, body !== undefined ? { body } : {});
  assert.equal(res.status, status, `${method} ${path} -> ${res.status} ${JSON.stringify(res.body)}`);
  assert.equal(res.body.resourceType, 'OperationOutcome');
  assert.ok(
    res.body.issue?.some((i) => i.severity === 'error'),
    'the outcome carries an error issue',
  );
  return res.body;
}

/** The path part after /fhir/ of a link the server handed out. */
export function linkPath(app: TestApp, bundle: Bundle, relation: string): string | undefined {
  const url = bundle.link?.find((l) => l.relation === relation)?.url;
  if (!url) return undefined;
  const base = app.services.baseUrl + '/';
  assert.ok(url.startsWith(base), `${relation} link ${url} is under ${base}`);
  return url.slice(base.length);
}
