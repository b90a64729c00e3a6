export { createApp, type App } from './app.js';
export { loadConfig, ConfigError, type Config } from './config/config.js';
export { openDb, type Db, type Queryable } from './storage/db.js';
export { migrate } from './storage/migrate.js';
export type { FhirServices } from './fhir/context.js';
export type { ChangeEvent } from './jobs/queue.js';
export { JobQueue } from './jobs/queue.js';
