import { recordAudit, type AuditAction } from '../audit/audit-log.js';
import type { Caller } from '../auth/caller.js';
import type { Queryable } from '../storage/types.js';

/** Whom an administration call was about, as AuditEvent.entity references. */
export const userEntity = (username: string): string => `urn:lienthong:user:${username}`;
export const clientEntity = (clientId: string): string => `urn:lienthong:client:${clientId}`;

/** Who is acting in an administration call, and from where. */
export interface AdminContext {
  caller: Caller;
  address?: string;
}

/** The caller and address of an audit entry, from the call's context. */
export function by(ctx: AdminContext): { caller: Caller; address?: string } {
  return { caller: ctx.caller, ...(ctx.address ? { address: ctx.address } : {}) };
}

export interface AdminAuditEntry {
  caller: Caller;
  action: AuditAction;
  /** Our subtype code, e.g. user-create, client-rotate-secret (CodeSystem audit-subtype). */
  subtype: string;
  entities: string[];
  /** What changed, in words (never a password or a secret). */
  detail?: string;
  address?: string;
  refused?: boolean;
}

/**
 * Records an administration call in the same tamper-evident audit log as
 * every FHIR interaction (audit/audit-log.ts). Changes are recorded inside
 * their transaction; a refusal is recorded as a minor failure (outcome 4).
 */
export function auditAdmin(db: Queryable, entry: AdminAuditEntry): Promise<void> {
  return recordAudit(db, {
    action: entry.action,
    subtype: entry.subtype,
    outcome: entry.refused ? '4' : '0',
    caller: entry.caller,
    entities: entry.entities,
    patientIds: [],
    ...(entry.detail ? { detail: entry.detail } : {}),
    ...(entry.address ? { address: entry.address } : {}),
  });
}
