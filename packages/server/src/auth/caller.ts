import type { Role } from './roles.js';
import { parseScopes, type ScopeGrant } from './scopes.js';

/** Who is asking: derived from a verified access token, never from the request body. */
export interface Caller {
  kind: 'user' | 'client' | 'system';
  /** The user id (people) or client id (machines). */
  id: string;
  clientId: string;
  role: Role;
  organizationId?: string;
  practitionerId?: string;
  /** For residents: the Patient they are. For patient-context app tokens: the patient in context. */
  patientId?: string;
  scopes: ScopeGrant[];
  /** Raw scope string, for audit. */
  scope: string;
}

/**
 * The server itself (CLI, migrations, imports run by an operator, and the
 * API when authorization is switched off for local development).
 */
export const SYSTEM_CALLER: Caller = {
  kind: 'system',
  id: 'lienthong',
  clientId: 'lienthong',
  role: 'administrator',
  scopes: parseScopes('system/*.cruds'),
  scope: 'system/*.cruds',
};
