import type { AuditEntry } from '../audit/audit-log.js';
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
  /** Operations modules add (Patient/$match…), routed and listed in /metadata. */
  operations: Operation[];
  /**
   * The other records of the same person (master patient index): a
   * patient's $everything gathers their data too. Given a Person id, its records.
   */
  recordsOf?: (tx: Queryable, patientId: string) => Promise<string[]>;
}

/** A FHIR operation (https://hl7.org/fhir/R4/operations.html) that a module provides. */
export interface Operation {
  /** The resource type it runs on. */
  type: string;
  /** With the $: "$match". */
  name: string;
  /** type: Patient/$match; instance: Patient/{id}/$mpi-history. */
  level: 'type' | 'instance';
  method: 'GET' | 'POST';
  /** Canonical URL of its OperationDefinition, listed in the CapabilityStatement. */
  definition: string;
  /**
   * Media types it takes as a raw body besides FHIR JSON (an XML 130 file);
   * any other endpoint refuses such a body with 415.
   */
  accepts?: readonly string[];
  /** Checks its own authorization (roles), like $break-glass. */
  run(services: FhirServices, scope: InteractionScope, req: FhirRequest, id?: string): Promise<FhirResponse>;
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
  /** A transaction bundle's audit entries, written together before it commits. */
  audit?: AuditEntry[];
}
