import type { Bundle } from '@medplum/fhirtypes';
import { forbidden } from '@lienthong/core';
import type { Caller } from '../auth/caller.js';
import { contextsAllowing, type Permission } from '../auth/scopes.js';
import type { FhirRequest } from './context.js';

/**
 * Scope checks (SMART v2 permissions c r u d s) for one request, from its
 * method and path alone, before any data is touched. Bundle entries pass
 * through here one by one. What a permitted caller may then see of which
 * patient is the access policy's business (auth/policy.ts).
 */
export function authorizeRequest(caller: Caller, req: FhirRequest): void {
  const parts = req.path.split('/').filter(Boolean);
  const [first, second, third] = parts;
  if (!first) return; // a bundle: each entry is checked on its own
  if (first === 'metadata') return;
  if (first === '$reindex' || second === '$reindex') {
    if (caller.role !== 'administrator') throw forbidden('Only an administrator may reindex');
    return;
  }
  if (first === '_history') return require(caller, '*', 's');
  // Role checks of their own: searchAudit and breakGlass.
  if (first === 'AuditEvent' || second === '$break-glass' || third === '$break-glass') return;
  const type = first;
  const conditional = req.query.length > 0;
  if (parts.length === 1) {
    switch (req.method) {
      case 'GET':
      case 'HEAD':
        return require(caller, type, 's');
      case 'POST':
        require(caller, type, 'c');
        if (req.headers.ifNoneExist) require(caller, type, 's');
        return;
      case 'PUT':
        require(caller, type, 'u');
        return require(caller, type, 's');
      case 'DELETE':
        require(caller, type, 'd');
        if (conditional) require(caller, type, 's');
        return;
      case 'PATCH':
        return;
    }
  }
  if (second === '_search' || second === '_history') return require(caller, type, 's');
  if (parts.length === 2) {
    switch (req.method) {
      case 'GET':
      case 'HEAD':
        return require(caller, type, 'r');
      case 'PUT':
      case 'PATCH':
        return require(caller, type, 'u');
      case 'DELETE':
        return require(caller, type, 'd');
      case 'POST':
        return;
    }
  }
  if (third === '_history' || third === '$everything') return require(caller, type, 'r');
  // Patient/{id}/{type}: a search of that type.
  if (third) return require(caller, third, 's');
}

function require(caller: Caller, type: string, permission: Permission): void {
  if (contextsAllowing(caller.scopes, type, permission).size === 0) {
    const verb = { c: 'create', r: 'read', u: 'update', d: 'delete', s: 'search' }[permission];
    throw forbidden(
      `The access token's scopes do not allow ${verb} (${permission}) on ${type === '*' ? 'all types' : type}`,
    );
  }
}

/** Whether the caller's scopes let it read resources of this type. */
export function mayRead(caller: Caller, type: string): boolean {
  return contextsAllowing(caller.scopes, type, 'r').size > 0 || contextsAllowing(caller.scopes, type, 's').size > 0;
}

/** Drops entries of types the caller may not read (includes, $everything, history). */
export function withoutUnreadable(caller: Caller, bundle: Bundle): Bundle {
  if (!bundle.entry) return bundle;
  const entry = bundle.entry.filter((e) => !e.resource || mayRead(caller, e.resource.resourceType));
  return entry.length === bundle.entry.length ? bundle : { ...bundle, entry };
}
