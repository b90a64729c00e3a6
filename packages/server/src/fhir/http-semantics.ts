import type { Resource } from '@medplum/fhirtypes';
import { FhirError, badRequest, informational, issue, outcome, preconditionFailed } from '@lienthong/core';
import type { FhirRequest, FhirResponse, FhirServices } from './context.js';

export const ID_PATTERN = /^[A-Za-z0-9\-.]{1,64}$/;

export function etag(versionId: string): string {
  return `W/"${versionId}"`;
}

/** Accepts W/"3", "3" and 3 (clients differ); returns the version id. */
export function parseIfMatch(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const m = /^(?:W\/)?"?([^"]+)"?$/.exec(value.trim());
  if (!m) throw preconditionFailed(`If-Match "${value}" is not an ETag like W/"3"`);
  return m[1];
}

/**
 * If-None-Match on a write (RFC 9110 §13.1.2): `*` (the write must not
 * replace a current resource, e.g. a PUT that may only create) or the
 * version ids of the listed ETags. Undefined when absent.
 */
export function parseIfNoneMatch(value: string | undefined): '*' | string[] | undefined {
  if (value === undefined) return undefined;
  const tags = entityTags(value);
  return tags.includes('*') ? '*' : tags;
}

/** The version ids of a list of ETags (`W/"3", "4"`), or `*`. */
function entityTags(value: string): string[] {
  return value
    .split(',')
    .map((tag) =>
      tag
        .trim()
        .replace(/^W\//, '')
        .replace(/^"(.*)"$/, '$1'),
    )
    .filter((tag) => tag.length > 0);
}

/**
 * 405 Method Not Allowed, with the methods the path does take: the reply
 * carries them in `Allow` (RFC 9110 §15.5.6), which http/server.ts sets.
 */
export class MethodNotAllowed extends FhirError {
  constructor(
    readonly allow: readonly string[],
    text: string,
  ) {
    super(405, outcome([issue('error', 'not-supported', text)]));
  }
}

/**
 * Conditional read (FHIR R4 §3.1.0.2, RFC 9110 §13.1.2–3): true when the
 * client's copy is current. If-None-Match takes a list of ETags or "*" and,
 * when present, decides alone; otherwise If-Modified-Since compares at the
 * one-second precision of HTTP dates. Malformed values are ignored, never an error.
 */
export function notModified(req: FhirRequest, versionId: string, lastUpdated: string): boolean {
  const inm = req.headers.ifNoneMatch;
  if (inm !== undefined) return entityTags(inm).some((tag) => tag === '*' || tag === versionId);
  const ims = req.headers.ifModifiedSince;
  if (ims === undefined) return false;
  const since = Date.parse(ims);
  if (Number.isNaN(since)) return false;
  return Math.floor(Date.parse(lastUpdated) / 1000) * 1000 <= since;
}

export function lastModified(instant: string): string {
  return new Date(instant).toUTCString();
}

type PreferReturn = 'minimal' | 'representation' | 'OperationOutcome';

export function preferReturn(req: FhirRequest): PreferReturn {
  const m = /return=(minimal|representation|OperationOutcome)/.exec(req.headers.prefer ?? '');
  return (m?.[1] as PreferReturn | undefined) ?? 'representation';
}

export function preferLenient(req: FhirRequest): boolean {
  return /handling=lenient/.test(req.headers.prefer ?? '');
}

/** The reply to a successful write, honouring Prefer: return=… (FHIR R4 §3.1.0.8). */
export function writeResponse(
  services: FhirServices,
  req: FhirRequest,
  status: number,
  resource: Resource,
  message: string,
): FhirResponse {
  const versionId = resource.meta!.versionId!;
  const headers: Record<string, string> = {
    ETag: etag(versionId),
    'Last-Modified': lastModified(resource.meta!.lastUpdated!),
    Location: `${services.baseUrl}/${resource.resourceType}/${resource.id}/_history/${versionId}`,
  };
  const prefer = preferReturn(req);
  const body = prefer === 'minimal' ? undefined : prefer === 'OperationOutcome' ? informational(message) : resource;
  return { status, headers, body, resource };
}

/** Checks a request body is a resource of the type in the URL. */
export function bodyResource(req: FhirRequest, resourceType: string): Resource {
  const body = req.body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('The request body must be a FHIR resource (a JSON object)');
  }
  const type = (body as { resourceType?: unknown }).resourceType;
  if (type !== resourceType) {
    throw badRequest(
      `The body is a ${typeof type === 'string' ? type : 'object without resourceType'}, but the URL is for ${resourceType}`,
      'resourceType',
    );
  }
  return body as Resource;
}
