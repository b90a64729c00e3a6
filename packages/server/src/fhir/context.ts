import type { Caller } from '../auth/caller.js';
import type { AccessPolicy } from '../auth/policy.js';
import type { Db, Queryable } from '../storage/db.js';
import type { Definitions } from './definitions.js';
import type { SearchRegistry } from './search/registry.js';
import type { ResourceStore } from './store.js';

/** What every FHIR interaction needs; built once in app.ts. */
export interface FhirServices {
  db: Db;
  store: ResourceStore;
  registry: SearchRegistry;
  defs: Definitions;
  baseUrl: string;
  /** PUT to an absent id creates it (FHIR "update as create"). */
  allowUpdateCreate: boolean;
}

/** A FHIR request independent of HTTP: REST calls and bundle entries alike. */
export interface FhirRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  /** Who asks; every interaction is authorised for this caller. */
  caller: Caller;
  /** The caller's network address, for the audit trail. */
  address?: string;
  /** The path below the FHIR base, without leading slash: "Patient/1/_history". */
  path: string;
  query: [string, string][];
  headers: {
    ifMatch?: string;
    ifNoneMatch?: string;
    ifNoneExist?: string;
    ifModifiedSince?: string;
    prefer?: string;
    contentType?: string;
  };
  body?: unknown;
  /** Inside a transaction bundle: the id given to a POST entry in advance. */
  assignedId?: string;
}

export interface FhirResponse {
  status: number;
  body?: unknown;
  headers: Record<string, string>;
  /** The resource written or read, for bundle entry responses. */
  resource?: { resourceType: string; id?: string; meta?: { versionId?: string; lastUpdated?: string } };
}

/** The transaction to run in: a bundle's, or none (each write makes its own). */
export interface InteractionScope {
  tx?: Queryable;
  /** The caller's access policy, set once per request by the router. */
  policy?: AccessPolicy;
}
