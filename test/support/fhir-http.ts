import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

/**
 * A tiny FHIR-over-HTTP client for the conformance tests: real fetch, the raw
 * status and headers kept, the body parsed when it is JSON. Deliberately
 * dumb, so the tests see exactly what a client on the wire would see.
 */
/** What a FHIR JSON reply may hold; tests narrow further with `as` where they need more. */
export interface FhirBody {
  resourceType?: string;
  id?: string;
  meta?: { versionId?: string; lastUpdated?: string };
  issue?: {
    severity: string;
    code: string;
    details?: { text?: string };
    diagnostics?: string;
    expression?: string[];
  }[];
  type?: string;
  total?: number;
  link?: { relation: string; url: string }[];
  entry?: Entry[];
  [key: string]: unknown;
}

export interface Entry {
  fullUrl?: string;
  resource?: FhirBody;
  request?: { method: string; url: string };
  response?: { status: string; location?: string; etag?: string; lastModified?: string; outcome?: FhirBody };
}

export interface Reply<T = FhirBody> {
  status: number;
  headers: Headers;
  /** Parsed JSON body, or undefined when the body is empty. */
  body: T;
  text: string;
}

export interface Call {
  body?: unknown;
  /** Sent as-is when a string, else JSON-encoded. */
  raw?: string;
  headers?: Record<string, string>;
}

export type Fhir = ReturnType<typeof fhirClient>;
export type Stored<T> = T & { id: string; meta: { versionId: string; lastUpdated: string } };

export function fhirClient(fhirUrl: string) {
  const send = async <T = FhirBody>(method: string, path: string, call: Call = {}): Promise<Reply<T>> => {
    const headers: Record<string, string> = { ...call.headers };
    let payload: string | undefined = call.raw;
    if (call.body !== undefined) {
      payload = JSON.stringify(call.body);
      headers['content-type'] ??= method === 'PATCH' ? 'application/json-patch+json' : 'application/fhir+json';
    }
    const url = path.startsWith('http') ? path : `${fhirUrl}${path ? '/' + path : ''}`;
    const res = await fetch(url, { method, headers, body: payload });
    const text = await res.text();
    let body: unknown;
    if (text.length > 0) {
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
    }
    return { status: res.status, headers: res.headers, body: body as T, text };
  };
  return {
    url: fhirUrl,
    send,
    get: <T = FhirBody>(path: string, headers?: Record<string, string>) => send<T>('GET', path, { headers }),
    post: <T = FhirBody>(path: string, body: unknown, headers?: Record<string, string>) =>
      send<T>('POST', path, { body, headers }),
    put: <T = FhirBody>(path: string, body: unknown, headers?: Record<string, string>) =>
      send<T>('PUT', path, { body, headers }),
    patch: <T = FhirBody>(path: string, body: unknown, headers?: Record<string, string>) =>
      send<T>('PATCH', path, { body, headers }),
    delete: <T = FhirBody>(path: string, headers?: Record<string, string>) => send<T>('DELETE', path, { headers }),
    /** Creates a resource and returns it as stored (asserting 201). */
    async create<T extends { resourceType: string; id?: string }>(resource: T): Promise<Stored<T>> {
      const r = await send('POST', resource.resourceType, { body: resource });
      assert.equal(r.status, 201, `create ${resource.resourceType}: ${r.text}`);
      return r.body as unknown as Stored<T>;
    },
    /** Ids found by a search (asserting 200); `total` checked against the entries. */
    async searchIds(query: string): Promise<string[]> {
      const r = await send('GET', query);
      assert.equal(r.status, 200, `search ${query}: ${r.text}`);
      return (r.body.entry ?? []).map((e) => e.resource!.id!).sort();
    },
  };
}

/** Asserts a reply is a FHIR OperationOutcome error with the given status. */
export function assertOutcome(reply: Reply, status: number, textPattern?: RegExp): void {
  assert.equal(reply.status, status, `expected ${status}, got ${reply.status}: ${reply.text}`);
  assert.match(reply.headers.get('content-type') ?? '', /^application\/fhir\+json/);
  assert.equal(reply.body?.resourceType, 'OperationOutcome', reply.text);
  const issues = reply.body.issue ?? [];
  assert.ok(issues.length > 0, 'an OperationOutcome has at least one issue');
  assert.ok(
    issues.some((i) => i.severity === 'error' || i.severity === 'fatal'),
    `an error outcome has an error issue: ${reply.text}`,
  );
  if (textPattern) assert.match(outcomeText(reply.body), textPattern);
}

/** All the human-readable text of an OperationOutcome, for matching. */
export function outcomeText(body: FhirBody | undefined): string {
  return (body?.issue ?? []).map((i) => `${i.details?.text ?? ''} ${i.diagnostics ?? ''}`).join(' | ');
}

/** A unique token, so tests in one database never see each other's data. */
export function unique(prefix = 't'): string {
  return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

export const CCCD = 'https://lienthong.vn/sid/cccd';

// Bodies the conformance tests build again and again.

/** A new `urn:uuid:` full URL for a bundle entry. */
export const urn = (): string => `urn:uuid:${randomUUID()}`;

/** A Patient known by a CCCD `value` (make it unique per test), with any other elements. */
export const patient = (value: string, extra: Record<string, unknown> = {}) => ({
  resourceType: 'Patient',
  identifier: [{ system: CCCD, value }],
  ...extra,
});

/** A final Observation of `subject` (a reference), coded only by text. */
export const observation = (subject: string, text: string) => ({
  resourceType: 'Observation',
  status: 'final',
  code: { text },
  subject: { reference: subject },
});
