import type { Resource } from '@medplum/fhirtypes';
import fastJsonPatch from 'fast-json-patch';
import {
  badRequest,
  conflict,
  FhirError,
  issue,
  multipleMatches,
  notFound,
  outcome,
  preconditionFailed,
  unsupportedMediaType,
} from '@lienthong/core';
import type { FhirRequest, FhirResponse, FhirServices, InteractionScope } from './context.js';
import {
  bodyResource,
  etag,
  lastModified,
  notModified,
  parseIfMatch,
  parseIfNoneMatch,
  writeResponse,
  ID_PATTERN,
} from './http-semantics.js';
import { executeSearch } from './search/execute.js';
import { parseSearch } from './search/request.js';
import { ResourceStore } from './store.js';

/** Runs `work` in the caller's transaction (a bundle's), else in a new one. */
export async function inTransaction<T>(
  services: FhirServices,
  scope: InteractionScope,
  work: (scope: TxScope) => Promise<T>,
): Promise<T> {
  if (scope.tx) return work({ ...scope, tx: scope.tx });
  return services.db.transaction((tx) => work({ ...scope, tx }));
}

/** A scope with a transaction. */
export type TxScope = InteractionScope & { tx: NonNullable<InteractionScope['tx']> };

/** The lock key of a condition: the same parameters in any order give the same key. */
export function conditionKey(resourceType: string, query: [string, string][]): string {
  const sorted = [...query].sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : x > y ? 1 : 0) : a < b ? -1 : 1));
  return `conditional:${resourceType}?${new URLSearchParams(sorted).toString()}`;
}

/**
 * Finds the resources matching a conditional query (If-None-Exist,
 * conditional update/delete, conditional references in bundles). With
 * `lockTx`, the condition is locked first and stays locked until that
 * transaction ends: otherwise two clients sending the same conditional
 * create at once (a HIS retrying) would both find nothing and both create.
 * The second waits, then its search (a new snapshot) sees the first one's
 * resource.
 *
 * The query must hold at least one criterion: parameters with empty values
 * are ignored by search, and `Prefer: handling=lenient` never applies here
 * (an unknown parameter is a 400), since a condition that selects everything
 * would make a conditional delete or update act on an arbitrary resource.
 */
export async function conditionalMatches(
  services: FhirServices,
  scope: InteractionScope,
  resourceType: string,
  query: [string, string][],
  lockTx?: InteractionScope['tx'],
): Promise<Resource[]> {
  const req = parseSearch(services.registry, resourceType, query, false);
  if (req.filters.length === 0) {
    const given = new URLSearchParams(query).toString();
    throw badRequest(
      `A conditional interaction needs search parameters; ${given ? `"${resourceType}?${given}" has no criterion (parameters with empty values and result parameters such as _count do not count)` : 'none were given'}`,
    );
  }
  if (lockTx) await services.store.lock(lockTx, conditionKey(resourceType, query));
  req.count = 2; // we only need to know: none, one, or several
  req.offset = 0;
  const bundle = await executeSearch(
    {
      db: scope.tx ?? services.db,
      defs: services.defs,
      baseUrl: services.baseUrl,
      ...(scope.policy ? { policy: scope.policy } : {}),
    },
    req,
  );
  return (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
}

/** Clients send If-None-Exist as "identifier=x", "?identifier=x" or "Patient?identifier=x". */
export function parseQueryString(q: string): [string, string][] {
  const prefix = /^(?:[A-Z][A-Za-z]*)?\?/.exec(q);
  return [...new URLSearchParams(prefix ? q.slice(prefix[0].length) : q)];
}

export async function create(
  services: FhirServices,
  scope: InteractionScope,
  req: FhirRequest,
  resourceType: string,
): Promise<FhirResponse> {
  const resource = bodyResource(req, resourceType);
  // A client id on POST is ignored (FHIR R4 §3.1.0.6). Without one, the body itself is written: a
  // transaction may have started validating that very object (validation-threads.ts).
  const content = resource.id === undefined ? resource : withoutId(resource);
  const write = async (tx: InteractionScope['tx']): Promise<FhirResponse> => {
    const result = await services.store.write(
      {
        resourceType,
        id: req.assignedId,
        freshId: req.assignedId !== undefined,
        resource: content,
        method: 'POST',
        policy: scope.policy,
      },
      tx,
    );
    return writeResponse(services, req, 201, result.resource, `Created ${resourceType}/${result.resource.id}`);
  };
  const ifNoneExist = req.headers.ifNoneExist;
  // An empty If-None-Exist is a condition without criteria (400 below), not a plain create.
  if (ifNoneExist === undefined) return write(scope.tx);
  // Search and create in one transaction, under the condition's lock.
  return inTransaction(services, scope, async (txScope) => {
    const { tx } = txScope;
    const found = await conditionalMatches(services, txScope, resourceType, parseQueryString(ifNoneExist), tx);
    if (found.length > 1)
      throw multipleMatches(`If-None-Exist matched ${found.length} or more ${resourceType} resources`);
    if (found.length === 1) return writeResponse(services, req, 200, found[0]!, 'Already exists; nothing created');
    return write(tx);
  });
}

export async function read(
  services: FhirServices,
  scope: InteractionScope,
  req: FhirRequest,
  resourceType: string,
  id: string,
): Promise<FhirResponse> {
  scope.policy?.checkRead(resourceType);
  const stored = await services.store.read(resourceType, id, scope.tx, false, scope.policy);
  const resource = scope.policy ? scope.policy.shape(stored) : stored;
  const versionId = resource.meta!.versionId!;
  const headers = { ETag: etag(versionId), 'Last-Modified': lastModified(resource.meta!.lastUpdated!) };
  if (notModified(req, versionId, resource.meta!.lastUpdated!)) return { status: 304, headers };
  return { status: 200, headers, body: resource, resource };
}

export async function vread(
  services: FhirServices,
  scope: InteractionScope,
  resourceType: string,
  id: string,
  versionId: string,
): Promise<FhirResponse> {
  // The current version decides whether the caller may see this record at all.
  scope.policy?.checkRead(resourceType);
  await services.store.read(resourceType, id, scope.tx, false, scope.policy).catch((err: unknown) => {
    if ((err as { status?: number }).status === 403) throw err;
  });
  const stored = await services.store.vread(resourceType, id, versionId, scope.tx);
  const resource = scope.policy ? scope.policy.shape(stored) : stored;
  return {
    status: 200,
    headers: { ETag: etag(versionId), 'Last-Modified': lastModified(resource.meta!.lastUpdated!) },
    body: resource,
    resource,
  };
}

export async function update(
  services: FhirServices,
  scope: InteractionScope,
  req: FhirRequest,
  resourceType: string,
  id: string,
): Promise<FhirResponse> {
  const resource = bodyResource(req, resourceType);
  if (resource.id !== id) {
    throw badRequest(
      resource.id
        ? `The body's id "${resource.id}" differs from the URL's "${id}"`
        : 'The body must carry the id of the URL',
      'id',
    );
  }
  const ifMatch = parseIfMatch(req.headers.ifMatch);
  const ifNoneMatch = parseIfNoneMatch(req.headers.ifNoneMatch);
  if (!services.allowUpdateCreate && ifMatch === undefined) {
    await services.store.read(resourceType, id, scope.tx, false, scope.policy).catch((err: unknown) => {
      const status = (err as { status?: number }).status;
      // A deleted resource would be re-created by this update: refused as well.
      if (status === 404 || status === 410) {
        throw notFound(`${resourceType}/${id} does not exist and this server does not create on update`);
      }
      throw err;
    });
  }
  const result = await services.store.write(
    { resourceType, id, resource, method: 'PUT', ifMatch, ifNoneMatch, policy: scope.policy },
    scope.tx,
  );
  return writeResponse(services, req, result.created ? 201 : 200, result.resource, `Updated ${resourceType}/${id}`);
}

export async function conditionalUpdate(
  services: FhirServices,
  scope: InteractionScope,
  req: FhirRequest,
  resourceType: string,
): Promise<FhirResponse> {
  const resource = bodyResource(req, resourceType);
  // Match and write in one transaction, under the condition's lock (see conditionalMatches).
  return inTransaction(services, scope, async (s) => {
    const found = await conditionalMatches(services, s, resourceType, req.query, s.tx);
    if (found.length > 1)
      throw multipleMatches(`The condition matched ${found.length} or more ${resourceType} resources`);
    const match = found[0];
    if (match) {
      if (resource.id && resource.id !== match.id) {
        throw badRequest(`The body's id "${resource.id}" differs from the matched ${resourceType}/${match.id}`, 'id');
      }
      return update(services, s, { ...req, body: { ...resource, id: match.id } }, resourceType, match.id!);
    }
    if (resource.id) {
      if (!ID_PATTERN.test(resource.id)) throw badRequest(`"${resource.id}" is not a valid id`, 'id');
      await refuseExisting(services, s, resourceType, resource.id);
      return update(services, s, req, resourceType, resource.id);
    }
    return create(services, s, { ...req, headers: { ...req.headers, ifNoneExist: undefined } }, resourceType);
  });
}

/**
 * A conditional update that matched nothing may create the resource with the
 * body's id, but not overwrite another resource that happens to have that id
 * and does not match the condition: 409 (FHIR R4 §3.1.0.4.3, "no matches, id
 * provided and already exist"). A deleted resource does not exist any more
 * and may come back. The id's lock is held to the end of the transaction, so
 * nobody creates it between this check and the write.
 */
async function refuseExisting(services: FhirServices, scope: TxScope, resourceType: string, id: string): Promise<void> {
  await services.store.lock(scope.tx, ResourceStore.resourceKey(resourceType, id));
  const exists = await services.store.read(resourceType, id, scope.tx).then(
    () => true,
    (err: unknown) => {
      const status = (err as { status?: number }).status;
      if (status === 404 || status === 410) return false;
      throw err;
    },
  );
  if (exists) {
    throw conflict(
      `No ${resourceType} matches the condition, and ${resourceType}/${id} (the body's id) already exists; ` +
        'a conditional update does not overwrite a resource its condition does not match',
    );
  }
}

export async function patch(
  services: FhirServices,
  scope: InteractionScope,
  req: FhirRequest,
  resourceType: string,
  id: string,
): Promise<FhirResponse> {
  if (req.headers.contentType && !req.headers.contentType.startsWith('application/json-patch+json')) {
    throw unsupportedMediaType('PATCH takes a JSON Patch document (Content-Type: application/json-patch+json)');
  }
  if (!Array.isArray(req.body)) throw badRequest('A JSON Patch body is an array of operations');
  const operations = req.body as fastJsonPatch.Operation[];
  const ifMatch = parseIfMatch(req.headers.ifMatch);
  const ifNoneMatch = parseIfNoneMatch(req.headers.ifNoneMatch);
  // Read, patch and write under the row lock: without If-Match the patch
  // applies to whatever version is current, so concurrent patches all land.
  return inTransaction(services, scope, async ({ tx }) => {
    const current = await services.store.read(resourceType, id, tx, true, scope.policy);
    const versionId = current.meta!.versionId!;
    if (ifMatch !== undefined && ifMatch !== versionId) {
      throw preconditionFailed(`${resourceType}/${id} is at version ${versionId}, not ${ifMatch}`);
    }
    // Applies to a copy, one operation at a time (the library's validator reports
    // every failure as operation 0), all of them or none: the first failure is reported.
    let patched: Resource = structuredClone(current);
    for (const [index, operation] of operations.entries()) {
      try {
        patched = fastJsonPatch.applyOperation(patched, operation, true, true, true, index).newDocument;
      } catch (err) {
        if (err instanceof fastJsonPatch.JsonPatchError) throw patchFailure(err.name, index, operation);
        throw badRequest(`JSON Patch operation ${index} could not be applied`, `patch[${index}]`);
      }
    }
    if (patched.resourceType !== resourceType || patched.id !== id) {
      throw badRequest('A patch may not change resourceType or id');
    }
    const result = await services.store.write(
      {
        resourceType,
        id,
        resource: patched,
        method: 'PATCH',
        ifMatch: versionId,
        ifNoneMatch,
        policy: scope.policy,
      },
      tx,
    );
    return writeResponse(services, req, 200, result.resource, `Patched ${resourceType}/${id}`);
  });
}

const PATCH_REASONS: Record<string, string> = {
  SEQUENCE_NOT_AN_ARRAY: 'the patch is not an array of operations',
  OPERATION_NOT_AN_OBJECT: 'the operation is not a JSON object',
  OPERATION_OP_INVALID: '"op" is not one of add, remove, replace, move, copy, test',
  OPERATION_PATH_INVALID: '"path" must be a JSON Pointer string starting with "/"',
  OPERATION_FROM_REQUIRED: '"from" is required for move and copy',
  OPERATION_VALUE_REQUIRED: '"value" is required for add, replace and test',
  OPERATION_VALUE_CANNOT_CONTAIN_UNDEFINED: '"value" cannot contain undefined',
  OPERATION_PATH_CANNOT_ADD: 'the parent of "path" does not exist in the resource',
  OPERATION_PATH_UNRESOLVABLE: '"path" does not exist in the resource',
  OPERATION_FROM_UNRESOLVABLE: '"from" does not exist in the resource',
  OPERATION_PATH_ILLEGAL_ARRAY_INDEX: 'an array index in "path" is not a number',
  OPERATION_VALUE_OUT_OF_BOUNDS: 'an array index in "path" is beyond the end of the array',
  TEST_OPERATION_FAILED: 'the value at "path" is not the expected value',
};

/**
 * The reply to a JSON Patch that cannot be applied: which operation (index,
 * op, path) failed and why, never the stored resource (fast-json-patch's own
 * message embeds the whole document). A failed `test` is 422 (FHIR R4
 * §3.1.0.7.1, RFC 5789 §2.2); a malformed operation, or a path the resource
 * does not have, 400.
 */
function patchFailure(name: string, index: number, operation: unknown): FhirError {
  const field = (key: string): string | undefined => {
    const v = operation && typeof operation === 'object' ? (operation as Record<string, unknown>)[key] : undefined;
    return typeof v === 'string' ? JSON.stringify(v.length > 200 ? `${v.slice(0, 200)}…` : v) : undefined;
  };
  const op = field('op');
  const path = field('path');
  const what = [op, path && `at ${path}`].filter(Boolean).join(' ');
  const reason = PATCH_REASONS[name] ?? 'it cannot be applied';
  const text = `JSON Patch operation ${index}${what ? ` (${what})` : ''} failed: ${reason}`;
  const testFailed = name === 'TEST_OPERATION_FAILED';
  return new FhirError(
    testFailed ? 422 : 400,
    outcome([issue('error', testFailed ? 'processing' : 'invalid', text, `patch[${index}]`)]),
  );
}

export async function remove(
  services: FhirServices,
  scope: InteractionScope,
  req: FhirRequest,
  resourceType: string,
  id: string,
): Promise<FhirResponse> {
  const ifMatch = parseIfMatch(req.headers.ifMatch);
  const ifNoneMatch = parseIfNoneMatch(req.headers.ifNoneMatch);
  const result = await services.store.write(
    { resourceType, id, method: 'DELETE', ifMatch, ifNoneMatch, policy: scope.policy },
    scope.tx,
  );
  const headers: Record<string, string> = result.changed ? { ETag: etag(result.versionId) } : {};
  // The identity (without a version) lets a transaction see which resource was deleted.
  return { status: 204, headers, resource: { resourceType, id } };
}

export async function conditionalDelete(
  services: FhirServices,
  scope: InteractionScope,
  req: FhirRequest,
  resourceType: string,
): Promise<FhirResponse> {
  return inTransaction(services, scope, async (s) => {
    const found = await conditionalMatches(services, s, resourceType, req.query, s.tx);
    if (found.length > 1)
      throw multipleMatches(`The condition matched ${found.length} or more ${resourceType} resources`);
    if (found.length === 0) return { status: 204, headers: {} };
    return remove(services, s, req, resourceType, found[0]!.id!);
  });
}

function withoutId(resource: Resource): Resource {
  const { id: _ignored, ...content } = resource;
  return content;
}
