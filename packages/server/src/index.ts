export { createApp, type App } from './app.js';
export { loadConfig, ConfigError, type Config } from './config/config.js';
export { openDb, type Db, type Queryable } from './storage/db.js';
export { migrate } from './storage/migrate.js';
export type { FhirServices } from './fhir/context.js';
export type { ChangeEvent } from './jobs/queue.js';
export { JobQueue } from './jobs/queue.js';
export { ROLES, ROLE_LABELS, type Role } from './auth/roles.js';
export type { User } from './auth/users.js';
export type { Client } from './auth/clients.js';
export { sealAudit } from './audit/seal.js';
export { verifyAudit, type AuditVerification } from './audit/verify.js';
export { FhirError } from '@lienthong/core';
export { handle as handleFhir } from './fhir/router.js';
export type { FhirRequest, FhirResponse } from './fhir/context.js';
export { SYSTEM_CALLER, type Caller } from './auth/caller.js';
export { dedupPass, matchPersons, mpiStore, recordFeatures, type DedupSummary } from './modules/mpi/index.js';
export {
  importXml130File,
  importXml130Files,
  type FileImportResult,
  type VisitImportResult,
} from './modules/xml130/index.js';
