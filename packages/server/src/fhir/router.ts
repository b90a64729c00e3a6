import { FhirError, badRequest, issue, notFound, outcome, unsupportedMediaType } from '@lienthong/core';
import type { FhirRequest, FhirResponse, FhirServices, InteractionScope, Operation } from './context.js';
import * as crud from './crud.js';
import { ID_PATTERN, MethodNotAllowed, preferLenient } from './http-semantics.js';
import { history } from './history.js';
import { capabilityStatement } from './capability.js';
import { processBundle } from './bundle.js';
import { everything } from './operations/everything.js';
import { reindex } from './operations/reindex.js';
import { breakGlass, breakGlassByIdentifier } from './operations/break-glass.js';
import { searchAudit } from './operations/audit-search.js';
import { executeSearch } from './search/execute.js';
import { authorizeRequest, withoutUnreadable } from './authorize.js';
import { policyFor } from '../auth/policy.js';
import { runAudited } from './audit-trail.js';
import type { Bundle } from '@medplum/fhirtypes';
import { parseSearch } from './search/request.js';

/**
 * Routes a FHIR request (REST call or bundle entry) to its interaction
 * (https://hl7.org/fhir/R4/http.html). Knows nothing of HTTP itself.
 */
export async function handle(
  services: FhirServices,
  req: FhirRequest,
  scope: InteractionScope = {},
): Promise<FhirResponse> {
  authorizeRequest(req.caller, req);
  // One policy per request; bundle entries inherit their bundle's.
  const withPolicy = scope.policy ? scope : { ...scope, policy: policyFor(req.caller) };
  return runAudited(services, req, withPolicy, async (sc) => readableOnly(req, await route(services, req, sc)));
}

/** Search and history bundles keep only the types the caller's scopes let it read. */
function readableOnly(req: FhirRequest, response: FhirResponse): FhirResponse {
  const body = response.body as Bundle | undefined;
  if (body?.resourceType === 'Bundle' && (body.type === 'searchset' || body.type === 'history')) {
    return { ...response, body: withoutUnreadable(req.caller, body) };
  }
  return response;
}

async function route(services: FhirServices, req: FhirRequest, scope: InteractionScope): Promise<FhirResponse> {
  const parts = req.path.split('/').filter((p) => p.length > 0);
  const [first, second, third, fourth] = parts;
  if (parts.length > 4) throw notFound(`No FHIR endpoint at /${req.path}`);
  if (req.body instanceof Uint8Array) acceptRawBody(services, req, parts);
  if (req.method !== 'PATCH' && req.body !== undefined && isJsonPatch(req.headers.contentType)) {
    // A JSON Patch document is no resource: only PATCH takes it.
    throw unsupportedMediaType(`${req.method} does not take application/json-patch+json; send application/fhir+json`);
  }

  if (!first) {
    if (req.method === 'POST') return processBundle(services, req, scope, handle);
    throw new MethodNotAllowed(['POST'], 'The FHIR base takes POST of a batch or transaction Bundle');
  }
  if (first === 'metadata' && parts.length === 1) {
    return only(req, 'GET', () => ({ status: 200, headers: {}, body: capabilityStatement(services) }));
  }
  if (first === '_history' && parts.length === 1) return only(req, 'GET', () => history(services, scope, req));
  if (first === '$reindex' && parts.length === 1) return only(req, 'POST', () => reindex(services, req));

  const type = first;
  if (!services.defs.resourceTypes.has(type)) {
    throw new FhirError(404, {
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'not-supported', details: { text: `Unknown resource type "${type}"` } }],
    });
  }

  if (type === 'AuditEvent') {
    // The audit trail is written by the server alone and read from its own table.
    if (parts.length === 1 && (req.method === 'GET' || req.method === 'HEAD')) return searchAudit(services, req);
    throw new MethodNotAllowed(
      parts.length === 1 ? GET : [],
      'The audit trail is append-only and written by the server; search it with GET AuditEvent?…',
    );
  }

  if (parts.length === 1) {
    switch (req.method) {
      case 'GET':
      case 'HEAD':
        return search(services, scope, req, type, req.query);
      case 'POST':
        return crud.create(services, scope, req, type);
      case 'PUT':
        return crud.conditionalUpdate(services, scope, req, type);
      case 'DELETE':
        return crud.conditionalDelete(services, scope, req, type);
      default:
        throw new MethodNotAllowed(TYPE_METHODS, `${req.method} is not allowed on /${type}`);
    }
  }

  if (second === '_search' && parts.length === 2) {
    return only(req, 'POST', () => search(services, scope, req, type, [...req.query, ...formParams(req.body)]));
  }
  if (second === '_history' && parts.length === 2) return only(req, 'GET', () => history(services, scope, req, type));
  if (second === '$reindex' && parts.length === 2) return only(req, 'POST', () => reindex(services, req, type));
  if (type === 'Patient' && second === '$break-glass' && parts.length === 2) {
    return only(req, 'POST', () => breakGlassByIdentifier(services, scope, req));
  }

  if (second?.startsWith('$') && parts.length === 2) {
    const op = findOperation(services, type, second, 'type');
    if (op) return only(req, op.method, () => op.run(services, scope, req));
  }
  if (second?.startsWith('$')) {
    // An operation we do not implement, not a malformed id.
    throw new FhirError(
      404,
      outcome([issue('error', 'not-supported', `Operation ${second} is not supported on ${type}`)]),
    );
  }
  const id = second!;
  if (!ID_PATTERN.test(id)) throw badRequest(`"${id}" is not a valid resource id ([A-Za-z0-9-.], 1 to 64 characters)`);

  if (parts.length === 2) {
    switch (req.method) {
      case 'GET':
      case 'HEAD':
        return crud.read(services, scope, req, type, id);
      case 'PUT':
        return crud.update(services, scope, req, type, id);
      case 'PATCH':
        return crud.patch(services, scope, req, type, id);
      case 'DELETE':
        return crud.remove(services, scope, req, type, id);
      default:
        throw new MethodNotAllowed(INSTANCE_METHODS, `${req.method} is not allowed on /${type}/${id}`);
    }
  }
  if (third === '_history') {
    if (fourth) return only(req, 'GET', () => crud.vread(services, scope, type, id, fourth));
    return only(req, 'GET', () => history(services, scope, req, type, id));
  }
  if (type === 'Patient' && third === '$break-glass' && parts.length === 3) {
    return only(req, 'POST', () => breakGlass(services, scope, req, id));
  }
  if (type === 'Patient' && third === '$everything' && parts.length === 3) {
    return only(req, 'GET', () => everything(services, scope, req, id));
  }
  if (third?.startsWith('$') && parts.length === 3) {
    const op = findOperation(services, type, third, 'instance');
    if (op) return only(req, op.method, () => op.run(services, scope, req, id));
  }
  if (type === 'Patient' && third && parts.length === 3 && services.defs.resourceTypes.has(third)) {
    // Compartment search: Patient/{id}/{type} (https://hl7.org/fhir/R4/compartmentdefinition.html)
    return only(req, 'GET', () => search(services, scope, req, third, req.query, id));
  }
  throw notFound(`No FHIR endpoint at /${req.path}`);
}

// What each kind of path takes, for the Allow header of a 405.
const GET = ['GET', 'HEAD'];
const TYPE_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'];
const INSTANCE_METHODS = ['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE'];

function isJsonPatch(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase() === 'application/json-patch+json';
}

/** A raw (non-JSON) body is for the operations that declare its media type, and 415 anywhere else. */
function acceptRawBody(services: FhirServices, req: FhirRequest, parts: string[]): void {
  const type = (req.headers.contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const [resourceType, second, third] = parts;
  const op =
    parts.length === 2 && second?.startsWith('$')
      ? findOperation(services, resourceType!, second, 'type')
      : parts.length === 3 && third?.startsWith('$')
        ? findOperation(services, resourceType!, third, 'instance')
        : undefined;
  if (!op?.accepts?.includes(type)) {
    throw unsupportedMediaType(`Content-Type "${type}" is not accepted here; send application/fhir+json`);
  }
}

function findOperation(services: FhirServices, type: string, name: string, level: Operation['level']) {
  return services.operations.find((o) => o.type === type && o.name === name && o.level === level);
}

async function only(
  req: FhirRequest,
  method: 'GET' | 'POST',
  run: () => FhirResponse | Promise<FhirResponse>,
): Promise<FhirResponse> {
  if (req.method !== method && !(method === 'GET' && req.method === 'HEAD')) {
    throw new MethodNotAllowed(method === 'GET' ? GET : ['POST'], `Only ${method} is allowed on /${req.path}`);
  }
  return run();
}

async function search(
  services: FhirServices,
  scope: InteractionScope,
  req: FhirRequest,
  type: string,
  query: [string, string][],
  compartment?: string,
): Promise<FhirResponse> {
  const request = parseSearch(services.registry, type, query, preferLenient(req));
  if (compartment) request.compartment = compartment;
  const bundle = await executeSearch(
    {
      db: scope.tx ?? services.db,
      defs: services.defs,
      baseUrl: services.baseUrl,
      ...(scope.policy ? { policy: scope.policy } : {}),
    },
    request,
  );
  return { status: 200, headers: {}, body: bundle };
}

/** POST _search sends its parameters form-encoded; the HTTP layer passes them as a string. */
function formParams(body: unknown): [string, string][] {
  if (body === undefined || body === null || body === '') return [];
  if (typeof body !== 'string') {
    throw badRequest('POST _search takes application/x-www-form-urlencoded parameters');
  }
  return [...new URLSearchParams(body)];
}
