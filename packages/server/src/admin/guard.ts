import type { FastifyRequest } from 'fastify';
import { SYSTEM_CALLER, type Caller } from '../auth/caller.js';
import type { TokenVerifier } from '../auth/verify-token.js';
import type { Queryable } from '../storage/types.js';
import { auditAdmin } from './admin-audit.js';
import { AdminError } from './errors.js';

const callers = new WeakMap<FastifyRequest, Caller>();

/**
 * Lets only an administrator through: the bearer token is verified exactly
 * as for the FHIR API (TokenVerifier: revoked, expired, disabled user or
 * client → 401), then the role must be administrator (else 403, audited).
 * Without a verifier authorization is off (local development): the server
 * itself is the caller, as on the FHIR API.
 */
export function adminGuard(verifier: TokenVerifier | undefined, db: Queryable) {
  return async (req: FastifyRequest): Promise<void> => {
    if (!verifier) {
      callers.set(req, SYSTEM_CALLER);
      return;
    }
    let caller: Caller;
    try {
      caller = await verifier.verify(req.headers.authorization);
    } catch (err) {
      throw new AdminError('unauthorized', (err as Error).message);
    }
    if (caller.role !== 'administrator') {
      await auditAdmin(db, {
        caller,
        action: req.method === 'GET' ? 'R' : 'U',
        subtype: 'admin-api',
        entities: [],
        detail: `${req.method} ${req.url.split('?')[0]}`,
        address: req.ip,
        refused: true,
      });
      throw new AdminError('forbidden', 'Only an administrator may use the administration API');
    }
    callers.set(req, caller);
  };
}

/** The administrator the guard let through. */
export function adminCaller(req: FastifyRequest): Caller {
  const caller = callers.get(req);
  if (!caller) throw new AdminError('unauthorized', 'An access token is required');
  return caller;
}
