import type { Resource } from '@medplum/fhirtypes';
import fastJsonPatch from 'fast-json-patch';
import { badRequest, multipleMatches, notFound, unsupportedMediaType } from '@lienthong/core';
import type { FhirRequest, FhirResponse, FhirServices, InteractionScope } from './context.js';
import {
  bodyResource,
  etag,
  lastModified,
  parseIfMatch,
  preferLenient,
  writeResponse,
  ID_PATTERN,
} from './http-semantics.js';
import { executeSearch } from './search/execute.js';
import { parseSearch } from './search/request.js';

/** Finds the ids matching a conditional query (If-None-Exist, conditional update/delete). */
export async function conditionalMatches(
  services: FhirServices,
  scope: InteractionScope,
  resourceType: string,
  query: [string, string][],
  lenient = false,
): Promise<Resource[]> {
  if (query.length === 0) throw badRequest('A conditional interaction needs search parameters');
  const req = parseSearch(services.registry, resourceType, query, lenient);
  req.count = 2; // we only need to know: none, one, or several
  req.offset = 0;
  const bundle = await executeSearch(
    { db: scope.tx ?? services.db, defs: services.defs, baseUrl: services.baseUrl },
    req,
  );
  return (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
}

export function parseQueryString(q: string): [string, string][] {
  return [...new URLSearchParams(q.startsWith('?') ? q.slice(1) : q)];
}

export async function create(
  services: FhirServices,
  scope: InteractionScope,
  req: FhirRequest,
  resourceType: string,
): Promise<FhirResponse> {
  const resource = bodyResource(req, resourceType);
  if (req.headers.ifNoneExist) {
    const found = await conditionalMatches(services, scope, resourceType, parseQueryString(req.headers.ifNoneExist));
    if (found.length > 1)
      throw multipleMatches(`If-None-Exist matched ${found.length} or more ${resourceType} resources`);
    if (found.length === 1) return writeResponse(services, req, 200, found[0]!, 'Already exists; nothing created');
  }
  const { id: _ignored, ...content } = resource; // a client id on POST is ignored (FHIR R4 §3.1.0.6)
  const result = await services.store.write(
    { resourceType, id: req.assignedId, resource: content as Resource, method: 'POST' },
    scope.tx,
  );
  return writeResponse(services, req, 201, result.resource, `Created ${resourceType}/${result.resource.id}`);
}

export async function read(
  services: FhirServices,
  scope: InteractionScope,
  req: FhirRequest,
  resourceType: string,
  id: string,
): Promise<FhirResponse> {
  const resource = await services.store.read(resourceType, id, scope.tx);
  const versionId = resource.meta!.versionId!;
  const headers = { ETag: etag(versionId), 'Last-Modified': lastModified(resource.meta!.lastUpdated!) };
  if (req.headers.ifNoneMatch && parseIfMatch(req.headers.ifNoneMatch) === versionId) {
    return { status: 304, headers };
  }
  return { status: 200, headers, body: resource, resource };
}

export async function vread(
  services: FhirServices,
  scope: InteractionScope,
  resourceType: string,
  id: string,
  versionId: string,
): Promise<FhirResponse> {
  const resource = await services.store.vread(resourceType, id, versionId, scope.tx);
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
  if (!services.allowUpdateCreate && ifMatch === undefined) {
    await services.store.read(resourceType, id, scope.tx).catch((err: unknown) => {
      if ((err as { status?: number }).status === 404) {
        throw notFound(`${resourceType}/${id} does not exist and this server does not create on update`);
      }
    });
  }
  const result = await services.store.write({ resourceType, id, resource, method: 'PUT', ifMatch }, scope.tx);
  return writeResponse(services, req, result.created ? 201 : 200, result.resource, `Updated ${resourceType}/${id}`);
}

export async function conditionalUpdate(
  services: FhirServices,
  scope: InteractionScope,
  req: FhirRequest,
  resourceType: string,
): Promise<FhirResponse> {
  const resource = bodyResource(req, resourceType);
  const found = await conditionalMatches(services, scope, resourceType, req.query, preferLenient(req));
  if (found.length > 1)
    throw multipleMatches(`The condition matched ${found.length} or more ${resourceType} resources`);
  const match = found[0];
  if (match) {
    if (resource.id && resource.id !== match.id) {
      throw badRequest(`The body's id "${resource.id}" differs from the matched ${resourceType}/${match.id}`, 'id');
    }
    return update(services, scope, { ...req, body: { ...resource, id: match.id } }, resourceType, match.id!);
  }
  if (resource.id) {
    if (!ID_PATTERN.test(resource.id)) throw badRequest(`"${resource.id}" is not a valid id`, 'id');
    return update(services, scope, req, resourceType, resource.id);
  }
  return create(services, scope, { ...req, headers: { ...req.headers, ifNoneExist: undefined } }, resourceType);
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
  const current = await services.store.read(resourceType, id, scope.tx);
  const ifMatch = parseIfMatch(req.headers.ifMatch) ?? current.meta?.versionId;
  const validation = fastJsonPatch.validate(req.body as fastJsonPatch.Operation[], current);
  if (validation)
    throw badRequest(`JSON Patch operation ${validation.index}: ${validation.message}`, `patch[${validation.index}]`);
  let patched: Resource;
  try {
    patched = fastJsonPatch.applyPatch(
      structuredClone(current),
      req.body as fastJsonPatch.Operation[],
      true,
      false,
    ).newDocument;
  } catch (err) {
    throw badRequest(`JSON Patch failed: ${(err as Error).message}`);
  }
  if (patched.resourceType !== resourceType || patched.id !== id) {
    throw badRequest('A patch may not change resourceType or id');
  }
  const result = await services.store.write(
    { resourceType, id, resource: patched, method: 'PATCH', ifMatch },
    scope.tx,
  );
  return writeResponse(services, req, 200, result.resource, `Patched ${resourceType}/${id}`);
}

export async function remove(
  services: FhirServices,
  scope: InteractionScope,
  req: FhirRequest,
  resourceType: string,
  id: string,
): Promise<FhirResponse> {
  const ifMatch = parseIfMatch(req.headers.ifMatch);
  const result = await services.store.write({ resourceType, id, method: 'DELETE', ifMatch }, scope.tx);
  const headers: Record<string, string> = result.changed ? { ETag: etag(result.versionId) } : {};
  return { status: 204, headers };
}

export async function conditionalDelete(
  services: FhirServices,
  scope: InteractionScope,
  req: FhirRequest,
  resourceType: string,
): Promise<FhirResponse> {
  const found = await conditionalMatches(services, scope, resourceType, req.query, preferLenient(req));
  if (found.length > 1)
    throw multipleMatches(`The condition matched ${found.length} or more ${resourceType} resources`);
  if (found.length === 0) return { status: 204, headers: {} };
  return remove(services, scope, req, resourceType, found[0]!.id!);
}
