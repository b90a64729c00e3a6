import { randomUUID } from 'node:crypto';
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import { FhirError, badRequest, multipleMatches, type OperationOutcome } from '@lienthong/core';
import type { FhirRequest, FhirResponse, FhirServices, InteractionScope } from './context.js';
import { conditionKey, conditionalMatches, parseQueryString, type TxScope } from './crud.js';
import { ID_PATTERN } from './http-semantics.js';
import { authorizeRequest } from './authorize.js';
import { ResourceStore } from './store.js';
import { recordAudit, type AuditEntry } from '../audit/audit-log.js';
import { combineEntries } from '../audit/combine.js';
import { DeferringTx } from '../storage/deferred.js';
import type { Queryable } from '../storage/types.js';
import { unitOfWork } from '../storage/unit-of-work.js';

/** Runs one entry; the router passes itself in (bundles route entries like REST calls). */
export type Dispatch = (services: FhirServices, req: FhirRequest, scope: InteractionScope) => Promise<FhirResponse>;

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']);
// Transaction processing order (https://hl7.org/fhir/R4/http.html#trules).
const ORDER: Record<string, number> = { DELETE: 0, POST: 1, PUT: 2, PATCH: 2, GET: 3, HEAD: 3 };
const MAX_ENTRIES = 10_000;

/** POST [base] with a batch or transaction Bundle. */
export async function processBundle(
  services: FhirServices,
  req: FhirRequest,
  scope: InteractionScope,
  handle: Dispatch,
): Promise<FhirResponse> {
  const bundle = req.body as Bundle | undefined;
  if (!bundle || typeof bundle !== 'object' || bundle.resourceType !== 'Bundle') {
    throw badRequest('POST to the FHIR base takes a Bundle', 'resourceType');
  }
  if (bundle.type !== 'batch' && bundle.type !== 'transaction') {
    throw badRequest('Bundle.type must be batch or transaction', 'Bundle.type');
  }
  const entries = bundle.entry ?? [];
  if (entries.length > MAX_ENTRIES)
    throw badRequest(`A bundle may hold at most ${MAX_ENTRIES} entries`, 'Bundle.entry');
  refuseDuplicateFullUrls(entries);
  if (bundle.type === 'batch') return batch(services, entries, req, scope, handle);
  const requests = entries.map((e, i) => entryRequest(services, e, i, req));
  const inTx = async (tx: Queryable): Promise<BundleEntry[]> => {
    // The entries' audit events are collected, combined and written here, before the commit.
    const audit: AuditEntry[] = [];
    const responses = await transaction(services, requests, entries, { ...scope, tx, audit }, handle);
    for (const entry of combineEntries(audit)) await recordAudit(tx, entry);
    return responses;
  };
  const responses = scope.tx ? await inTx(scope.tx) : await unitOfWork(services.db, inTx);
  return { status: 200, headers: {}, body: responseBundle('transaction-response', responses) };
}

/**
 * bdl-7: "FullUrl must be unique in a bundle, or else entries with the same
 * fullUrl must have different meta.versionId". Otherwise references to that
 * fullUrl would silently go to one of them.
 */
function refuseDuplicateFullUrls(entries: BundleEntry[]): void {
  const seen = new Map<string, number>();
  for (const [i, entry] of entries.entries()) {
    if (typeof entry.fullUrl !== 'string') continue;
    const key = `${entry.fullUrl}\u0000${entry.resource?.meta?.versionId ?? ''}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, i);
      continue;
    }
    throw new FhirError(400, {
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'error',
          code: 'invariant',
          details: {
            text:
              `Bundle.entry[${first}] and Bundle.entry[${i}] have the same fullUrl "${entry.fullUrl}"; ` +
              'fullUrl must be unique in a bundle (bdl-7)',
          },
          expression: [`Bundle.entry[${i}].fullUrl`, `Bundle.entry[${first}].fullUrl`],
        },
      ],
    });
  }
}

function entryRequest(services: FhirServices, entry: BundleEntry, index: number, outer: FhirRequest): FhirRequest {
  const at = `Bundle.entry[${index}]`;
  const r = entry.request;
  if (!r?.method || !METHODS.has(r.method) || !r.url) {
    throw badRequest(`${at}.request must have a method and a url`, `${at}.request`);
  }
  // request.url is relative to the base; some clients send it absolute, which is fine when it is our base.
  let url = r.url;
  if (url.startsWith(`${services.baseUrl}/`)) url = url.slice(services.baseUrl.length + 1);
  else if (/^[a-z][a-z0-9+.-]*:/i.test(url)) {
    throw badRequest(`${at}.request.url "${url}" is not on this server (${services.baseUrl})`, `${at}.request.url`);
  }
  const [path, query] = splitUrl(url);
  return {
    method: r.method,
    caller: outer.caller,
    ...(outer.address ? { address: outer.address } : {}),
    path,
    query: query ? parseQueryString(query) : [],
    headers: {
      ...(r.ifMatch ? { ifMatch: r.ifMatch } : {}),
      ...(r.ifNoneMatch ? { ifNoneMatch: r.ifNoneMatch } : {}),
      ...(r.ifNoneExist !== undefined ? { ifNoneExist: r.ifNoneExist } : {}),
      ...(outer.headers.prefer ? { prefer: outer.headers.prefer } : {}),
      ...(r.method === 'PATCH' ? { contentType: 'application/json-patch+json' } : {}),
    },
    body: r.method === 'PATCH' ? patchBody(entry.resource, at) : entry.resource,
  };
}

/** In a bundle, a PATCH carries its JSON Patch as a Binary (FHIR R4 §3.1.0.7.1). */
function patchBody(resource: Resource | undefined, at: string): unknown {
  if (resource?.resourceType === 'Binary' && resource.data) {
    try {
      return JSON.parse(Buffer.from(resource.data, 'base64').toString('utf8'));
    } catch {
      throw badRequest(`${at}.resource: the Binary does not hold a JSON Patch`, `${at}.resource`);
    }
  }
  if (resource?.resourceType === 'Parameters') {
    throw badRequest(`${at}: FHIRPath Patch is not supported; send JSON Patch in a Binary`, `${at}.resource`);
  }
  throw badRequest(`${at}: a PATCH entry needs a Binary holding a JSON Patch`, `${at}.resource`);
}

function splitUrl(url: string): [string, string | undefined] {
  const q = url.indexOf('?');
  const path = (q < 0 ? url : url.slice(0, q)).replace(/^\/+/, '');
  return [path, q < 0 ? undefined : url.slice(q + 1)];
}

/**
 * Each entry on its own (its own database transaction): a failed entry gets
 * its own outcome and the others still commit (FHIR R4 §3.1.0.11.1) — even
 * when the entry itself is malformed.
 */
async function batch(
  services: FhirServices,
  entries: BundleEntry[],
  outer: FhirRequest,
  scope: InteractionScope,
  handle: Dispatch,
): Promise<FhirResponse> {
  const fullUrls = new Set(entries.flatMap((e) => (e.fullUrl?.startsWith('urn:') ? [e.fullUrl] : [])));
  const responses: BundleEntry[] = [];
  for (const [i, entry] of entries.entries()) {
    try {
      const request = entryRequest(services, entry, i, outer);
      if (request.body && typeof request.body === 'object') {
        refuseEntryReferences(request.body, fullUrls, i);
        await resolveConditionalReferences(services, scope, request.body);
      }
      responses.push(entryResponse(await handle(services, request, scope), request.method));
    } catch (err) {
      if (!(err instanceof FhirError)) throw err;
      responses.push({ response: { status: statusText(err.status), outcome: err.outcome } });
    }
  }
  return { status: 200, headers: {}, body: responseBundle('batch-response', responses) };
}

/**
 * Batch entries are independent, so one may not point to another's urn:
 * fullUrl (R4 §3.1.0.11.1); stored as-is, the reference would dangle forever.
 */
function refuseEntryReferences(node: unknown, fullUrls: Set<string>, index: number): void {
  if (fullUrls.size === 0) return;
  forEachReference(node, (_, reference) => {
    if (fullUrls.has(reference)) {
      throw badRequest(
        `Bundle.entry[${index}]: "${reference}" is another entry of this batch; batch entries are independent (use a transaction)`,
        `Bundle.entry[${index}].resource`,
      );
    }
  });
}

/**
 * All entries in one database transaction: the first failure rolls back
 * everything, and the error names the entry. `urn:uuid:` and conditional
 * references are resolved before any entry runs.
 *
 * Entries run in the order of R4 §3.1.0.11.2 (DELETE, POST, PUT/PATCH, GET),
 * but conditions (If-None-Exist, conditional update and delete, conditional
 * references) are resolved against the store as it was before the
 * transaction: the urn:uuid references need the identities up front. The
 * two orders agree because no two entries may touch the same resource ("If
 * any resource identities (including resolved identities from conditional
 * update/delete) overlap in steps 1-3, then the transaction SHALL fail"):
 * that is checked before anything runs, on the identities known then, and
 * again on what each entry really wrote.
 */
async function transaction(
  services: FhirServices,
  requests: FhirRequest[],
  entries: BundleEntry[],
  scope: TxScope,
  handle: Dispatch,
): Promise<BundleEntry[]> {
  const idMap = new Map<string, string>();
  const preResolved = new Map<number, FhirResponse>();
  const planned = new Map<number, Claim>();
  await lockUpFront(services, scope, requests);
  for (const [i, request] of requests.entries()) {
    const c = await assignIdentity(services, scope, request, entries[i]!, i, idMap, preResolved);
    if (c) planned.set(i, c);
  }
  const order = requests
    .map((_, i) => i)
    .sort((a, b) => ORDER[requests[a]!.method]! - ORDER[requests[b]!.method]! || a - b);
  const deleted = refuseOverlaps(order, planned);
  for (const [i, request] of requests.entries()) {
    if (request.body && typeof request.body === 'object' && !Array.isArray(request.body)) {
      let resolved: [string, string][];
      try {
        rewriteReferences(request.body, idMap);
        resolved = await resolveConditionalReferences(services, scope, request.body);
      } catch (err) {
        throw atEntry(err, i);
      }
      for (const [reference, target] of resolved) {
        const by = deleted.get(target);
        if (by !== undefined) throw deletedTarget(reference, target, i, by);
      }
    }
  }
  // Every entry's content is final now: validate them all at once (on the validation threads, when busy).
  services.store.validator.prevalidate(
    requests.flatMap((r) =>
      (r.method === 'POST' || r.method === 'PUT') && isResourceBody(r.body) && !hasClientIdOnCreate(r) ? [r.body] : [],
    ),
  );
  const responses = new Array<BundleEntry>(requests.length);
  // What each entry really wrote (or, for a conditional create, found), to catch
  // overlaps the plan could not foresee: a conditional update or create whose
  // condition matches what an earlier entry of this transaction created.
  const written = new Map<string, [number, Claim]>();
  for (const i of order) {
    const request = requests[i]!;
    try {
      const reused = preResolved.get(i);
      const response = reused ?? (await handle(services, request, scope));
      const r = response.resource;
      if (ORDER[request.method]! < ORDER.GET! && r?.id) {
        const c = claim(request, `${r.resourceType}/${r.id}`, request.method === 'POST' && response.status === 200);
        const earlier = written.get(c.identity);
        if (earlier) throw overlap(c.identity, earlier[0], earlier[1], i, c);
        written.set(c.identity, [i, c]);
      }
      responses[i] = entryResponse(response, request.method);
    } catch (err) {
      throw atEntry(err, i);
    }
  }
  return responses;
}

/** A resource an entry of steps 1–3 changes, or (a conditional create that found it) relies on. */
interface Claim {
  identity: string;
  /** What the entry does to it, for the error text: "deletes it", "updates it (PUT Patient?…)". */
  role: string;
  deletes: boolean;
}

function claim(request: FhirRequest, identity: string, matched = false): Claim {
  return { identity, role: roleOf(request, matched), deletes: request.method === 'DELETE' };
}

function roleOf(request: FhirRequest, matched: boolean): string {
  const conditional =
    request.query.length > 0 ? ` (${request.method} ${request.path}?${queryText(request.query)})` : '';
  switch (request.method) {
    case 'DELETE':
      return `deletes it${conditional}`;
    case 'POST':
      return matched ? `reuses it (If-None-Exist: ${request.headers.ifNoneExist ?? ''})` : 'creates it';
    case 'PATCH':
      return 'patches it';
    default:
      return `updates it${conditional}`;
  }
}

function queryText(query: [string, string][]): string {
  return query.map(([n, v]) => `${n}=${v}`).join('&');
}

/**
 * Fails when two entries claim the same resource (in processing order, so
 * the first named is the one that would have run first); returns the
 * resources DELETE entries remove, by entry.
 */
function refuseOverlaps(order: number[], planned: Map<number, Claim>): Map<string, number> {
  const claimed = new Map<string, number>();
  for (const i of order) {
    const c = planned.get(i);
    if (!c) continue;
    const earlier = claimed.get(c.identity);
    if (earlier !== undefined) throw overlap(c.identity, earlier, planned.get(earlier)!, i, c);
    claimed.set(c.identity, i);
  }
  const deleted = new Map<string, number>();
  for (const [i, c] of planned) if (c.deletes) deleted.set(c.identity, i);
  return deleted;
}

function overlap(identity: string, first: number, firstClaim: Claim, second: number, secondClaim: Claim): FhirError {
  return entriesError(
    `Bundle.entry[${second}] and Bundle.entry[${first}] both involve ${identity}: ` +
      `Bundle.entry[${first}] ${firstClaim.role}, Bundle.entry[${second}] ${secondClaim.role}. ` +
      'The entries of a transaction may not overlap, resolved conditions included (FHIR R4 §3.1.0.11.2); ' +
      'nothing was done',
    second,
    first,
  );
}

function deletedTarget(reference: string, target: string, index: number, by: number): FhirError {
  return entriesError(
    `Bundle.entry[${index}]: the conditional reference "${reference}" resolves to ${target}, which ` +
      `Bundle.entry[${by}] of this transaction deletes; a transaction may not refer to what it deletes`,
    index,
    by,
  );
}

/** A 400 about two entries of one transaction, both named as its locations. */
function entriesError(text: string, ...entries: number[]): FhirError {
  return new FhirError(400, {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: 'error',
        code: 'invalid',
        details: { text },
        expression: entries.map((i) => `Bundle.entry[${i}]`),
      },
    ],
  });
}

/**
 * Takes, up front and in one sorted order, the lock of every resource this
 * transaction names and of every condition it evaluates. Two bundles that
 * update A then B and B then A (or run the same conditional creates in a
 * different order) would otherwise deadlock on PostgreSQL; sorted, the second
 * simply waits. Held to commit (see conditionalMatches, ResourceStore.lockCurrent).
 */
async function lockUpFront(services: FhirServices, scope: TxScope, requests: FhirRequest[]): Promise<void> {
  const keys: string[] = [];
  const named: [string, string][] = [];
  for (const r of requests) {
    const [type, id, more] = r.path.split('/');
    if (!type || more !== undefined || r.method === 'GET' || r.method === 'HEAD') continue;
    if (id !== undefined) {
      if (r.method !== 'POST') {
        keys.push(ResourceStore.resourceKey(type, id));
        named.push([type, id]);
      }
    } else if (r.method === 'POST' && r.headers.ifNoneExist) {
      keys.push(conditionKey(type, parseQueryString(r.headers.ifNoneExist)));
    } else if ((r.method === 'PUT' || r.method === 'DELETE') && r.query.length > 0) {
      keys.push(conditionKey(type, r.query));
    }
  }
  await services.store.lockAll(scope.tx, keys);
  // With the keys held, read what the named resources are now, all at once.
  if (scope.tx instanceof DeferringTx) await services.store.lockCurrentAll(scope.tx, named);
}

/**
 * Gives each POST entry its id in advance, so urn:uuid references can point
 * to it; a conditional create that matches, or a conditional update, makes
 * its fullUrl point to the matched resource. Returns the resource the entry
 * will change (or, for a conditional create that matched, rely on), as far
 * as it is known before anything runs, for the overlap check.
 */
async function assignIdentity(
  services: FhirServices,
  scope: TxScope,
  request: FhirRequest,
  entry: BundleEntry,
  index: number,
  idMap: Map<string, string>,
  preResolved: Map<number, FhirResponse>,
): Promise<Claim | undefined> {
  const fullUrl = entry.fullUrl;
  const parts = request.path.split('/');
  const [type, id] = parts;
  // Operations, _search, _history and the like change no resource we could name; unknown
  // types and malformed ids fail when the entry runs.
  if (!type || parts.length > 2 || !services.defs.resourceTypes.has(type)) return undefined;
  if (id !== undefined && !ID_PATTERN.test(id)) return undefined;
  const matches = async (query: [string, string][]): Promise<Resource | undefined> => {
    try {
      // The search is the entry's: its scopes must allow it before anything is looked up.
      authorizeRequest(request.caller, request);
      const found = await conditionalMatches(services, scope, type, query);
      if (found.length > 1) throw multipleMatches(`The condition matched several ${type} resources`);
      return found[0];
    } catch (err) {
      throw atEntry(err, index);
    }
  };
  switch (request.method) {
    case 'POST': {
      if (id !== undefined) return undefined;
      if (request.headers.ifNoneExist !== undefined) {
        const existing = await matches(parseQueryString(request.headers.ifNoneExist));
        if (existing) {
          if (fullUrl) idMap.set(fullUrl, `${type}/${existing.id}`);
          preResolved.set(index, { status: 200, headers: {}, resource: existing });
          return claim(request, `${type}/${existing.id}`, true);
        }
      }
      request.assignedId = randomUUID();
      if (fullUrl) idMap.set(fullUrl, `${type}/${request.assignedId}`);
      return undefined;
    }
    case 'PUT': {
      if (id !== undefined) {
        if (fullUrl?.startsWith('urn:')) idMap.set(fullUrl, request.path);
        return claim(request, request.path);
      }
      // Conditional update: the match, else the body's id, else the id the create will get.
      const match = await matches(request.query);
      const bodyId = (request.body as Resource | undefined)?.id;
      const target = match?.id ?? bodyId;
      if (target === undefined) request.assignedId = randomUUID();
      if (fullUrl?.startsWith('urn:')) idMap.set(fullUrl, `${type}/${target ?? request.assignedId}`);
      return target === undefined ? undefined : claim(request, `${type}/${target}`);
    }
    case 'PATCH':
      return id === undefined ? undefined : claim(request, request.path);
    case 'DELETE': {
      if (id !== undefined) return claim(request, request.path);
      const match = await matches(request.query);
      return match ? claim(request, `${type}/${match.id}`) : undefined;
    }
    default:
      return undefined;
  }
}

/** Replaces every reference to a bundle-local fullUrl with the assigned Type/id. */
function rewriteReferences(node: unknown, idMap: Map<string, string>): void {
  forEachReference(node, (holder, reference) => {
    const target = idMap.get(reference);
    if (target) holder.reference = target;
    else if (reference.startsWith('urn:uuid:') || reference.startsWith('urn:oid:')) {
      throw badRequest(`Reference "${reference}" points to no entry of this bundle`);
    }
  });
}

/**
 * Calls `visit` with every object of the tree that has a string `reference`,
 * in document order (depth first). Synchronous: resources are walked on
 * every write, and conditional references, the only ones needing the
 * database, are rare.
 */
function forEachReference(node: unknown, visit: (holder: Record<string, unknown>, reference: string) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) forEachReference(item, visit);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const obj = node as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    const value = obj[key];
    if (key === 'reference' && typeof value === 'string') visit(obj, value);
    else if (typeof value === 'object') forEachReference(value, visit);
  }
}

const CONDITIONAL_REFERENCE = /^([A-Z][A-Za-z]+)\?(.+)$/;

/** Replaces references like "Patient?identifier=…" with the one match (FHIR R4 §3.1.0.8.2). */
async function resolveConditionalReferences(
  services: FhirServices,
  scope: InteractionScope,
  node: unknown,
): Promise<[string, string][]> {
  // Found first without awaiting anything: most resources have none.
  const holders: Record<string, unknown>[] = [];
  forEachReference(node, (holder, reference) => {
    if (CONDITIONAL_REFERENCE.test(reference)) holders.push(holder);
  });
  const resolved: [string, string][] = [];
  for (const holder of holders) {
    const value = holder.reference as string;
    const m = CONDITIONAL_REFERENCE.exec(value)!;
    const found = await conditionalMatches(services, scope, m[1]!, parseQueryString(m[2]!));
    if (found.length !== 1) {
      throw new FhirError(found.length === 0 ? 404 : 412, {
        resourceType: 'OperationOutcome',
        issue: [
          {
            severity: 'error',
            code: found.length === 0 ? 'not-found' : 'multiple-matches',
            details: {
              text: `Conditional reference "${value}" matched ${found.length === 0 ? 'nothing' : 'several resources'}; it must match exactly one`,
            },
          },
        ],
      });
    }
    const target = `${m[1]}/${found[0]!.id}`;
    holder.reference = target;
    resolved.push([value, target]);
  }
  return resolved;
}

function isResourceBody(body: unknown): body is Resource {
  return !!body && typeof body === 'object' && !Array.isArray(body) && 'resourceType' in body;
}

/** A create drops a client's id (crud.ts) and validates the copy: nothing to start ahead. */
function hasClientIdOnCreate(r: FhirRequest): boolean {
  return r.method === 'POST' && (r.body as { id?: unknown }).id !== undefined;
}

function atEntry(err: unknown, index: number): unknown {
  if (!(err instanceof FhirError)) return err;
  const outcome: OperationOutcome = {
    ...err.outcome,
    issue: err.outcome.issue.map((i) => ({
      ...i,
      details: { text: `Bundle.entry[${index}]: ${i.details?.text ?? i.code}` },
      expression: (i.expression ?? ['']).map((e) =>
        e ? `Bundle.entry[${index}].resource.${e.replace(/^[A-Z][A-Za-z]+\./, '')}` : `Bundle.entry[${index}]`,
      ),
    })),
  };
  return new FhirError(err.status, outcome);
}

/** A HEAD entry answers like GET without the body (RFC 9110 §9.3.2), as HEAD does over HTTP. */
function entryResponse(response: FhirResponse, method: FhirRequest['method']): BundleEntry {
  const r = response.resource;
  const version = r?.meta?.versionId;
  const body = method === 'HEAD' ? undefined : response.body;
  return {
    ...(body && typeof body === 'object' ? { resource: body as Resource } : {}),
    response: {
      status: statusText(response.status),
      ...(r?.id && version
        ? { location: `${r.resourceType}/${r.id}/_history/${version}`, etag: `W/"${version}"` }
        : {}),
      ...(r?.meta?.lastUpdated ? { lastModified: r.meta.lastUpdated } : {}),
    },
  };
}

const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
};

function statusText(status: number): string {
  return `${status} ${REASONS[status] ?? ''}`.trim();
}

/** JSON FHIR has no empty arrays: an empty bundle has no `entry`. */
function responseBundle(type: 'batch-response' | 'transaction-response', entry: BundleEntry[]): Bundle {
  return { resourceType: 'Bundle', type, ...(entry.length > 0 ? { entry } : {}) };
}
