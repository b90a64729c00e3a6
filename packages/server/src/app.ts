import type { FastifyInstance } from 'fastify';
import { fhirBase, type Config } from './config/config.js';
import { loadDefinitions } from './fhir/definitions.js';
import type { FhirServices } from './fhir/context.js';
import { loadStoredSearchParameters } from './fhir/operations/reindex.js';
import { SearchRegistry } from './fhir/search/registry.js';
import { ResourceStore } from './fhir/store.js';
import { processValidator } from './fhir/validation-threads.js';
import { ClientStore } from './auth/clients.js';
import { resolveSecretKey } from './auth/secret-key.js';
import { UserStore } from './auth/users.js';
import { ensureWebClient } from './auth/web-client.js';
import { relationshipHook } from './auth/relationships.js';
import { sealAudit } from './audit/seal.js';
import { TokenVerifier } from './auth/verify-token.js';
import { buildHttp, type HttpDeps } from './http/server.js';
import { JobQueue } from './jobs/queue.js';
import { Metrics } from './ops/metrics.js';
import { openDb, type Db } from './storage/db.js';
import { migrate } from './storage/migrate.js';
import { registerMpi, type MpiService } from './modules/mpi/index.js';
import { registerXml130 } from './modules/xml130/index.js';
import { registerAdminApi } from './admin/admin-api.js';
import { feedWriteHook } from './admin/feed-log.js';
import { busyWithRequests } from './http/busy.js';

export interface App {
  config: Config;
  db: Db;
  services: FhirServices;
  users: UserStore;
  clients: ClientStore;
  queue: JobQueue;
  mpi: MpiService;
  http: FastifyInstance;
  /** Listens on config.port; resolves with the address. */
  listen(): Promise<string>;
  /** Starts the background job worker (on at start when config.jobs), yielding to requests. */
  startJobs(): void;
  /** Finishes in-flight requests, stops the workers, closes the database. */
  close(): Promise<void>;
}

/** The only place that wires dependencies together. */
export async function createApp(config: Config): Promise<App> {
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.dbPoolSize });
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  const defs = loadDefinitions();
  const registry = new SearchRegistry(defs.resourceTypes, defs.searchParameters);
  const store = new ResourceStore(db, registry, processValidator(config.validationThreads));
  const services: FhirServices = {
    db,
    store,
    registry,
    defs,
    baseUrl: fhirBase(config),
    allowUpdateCreate: config.allowUpdateCreate,
    operations: [],
  };
  // Absolute references to our own base are indexed as local ones.
  registry.localBase = () => services.baseUrl;
  // A stored SearchParameter is used for new writes at once; $reindex covers older data.
  store.onWrite(relationshipHook(config.careWindowDays));
  store.onWrite(async (_tx, result, request) => {
    if (result.resource.resourceType !== 'SearchParameter') return;
    const sp = result.resource;
    if (request.method === 'DELETE') registry.removeStored(sp.id!);
    else if (sp.status === 'active') registry.add(sp);
    else registry.remove(sp);
  });
  await loadStoredSearchParameters(services);
  // Encounters created by a facility count as visits received on the data-feed board.
  store.onWrite(feedWriteHook);

  const users = new UserStore(db, store, { allowDemo: config.demo });
  const secretKey = await resolveSecretKey(db, config.secretKey);
  const clients = new ClientStore(db, secretKey);
  if (config.auth === 'on') await ensureWebClient(clients, config.baseUrl);
  const oauth =
    config.auth === 'on' ? await createOAuth(config, db, users, clients, secretKey, defs.resourceTypes) : undefined;

  const queue = new JobQueue(db);
  const mpi = registerMpi(services, queue, { link: config.mpiLinkThreshold, review: config.mpiReviewThreshold });
  registerXml130(services, () => config.maxBodyBytes);
  const metrics = new Metrics(db, queue);
  const http = await buildHttp({
    config,
    services,
    metrics,
    checkHealth: async () => {
      await db.query('SELECT 1');
      return { database: db.kind };
    },
    ...(oauth ? { oauth } : {}),
  });
  registerAdminApi(http, {
    db,
    users,
    clients,
    store,
    ...(oauth ? { verifier: oauth.verifier, provider: oauth.provider } : {}),
  });
  const busy = busyWithRequests(http.server);
  const startJobs = (): void => queue.start(busy);
  if (config.jobs) startJobs();
  // Seal committed audit rows into the hash chain every second (audit/seal.ts).
  const sealer = config.jobs
    ? setInterval(
        () => void sealAudit(db).catch((err: unknown) => http.log.error({ err }, 'audit sealing failed')),
        1000,
      )
    : undefined;

  let closed = false;
  return {
    config,
    db,
    services,
    users,
    clients,
    queue,
    mpi,
    http,
    async listen() {
      return http.listen({ port: config.port, host: config.host });
    },
    startJobs,
    async close() {
      if (closed) return;
      closed = true;
      if (sealer) clearInterval(sealer);
      await http.close();
      await queue.stop();
      await db.close();
    },
  };
}

async function createOAuth(
  config: Config,
  db: Db,
  users: UserStore,
  clients: ClientStore,
  secretKey: Buffer,
  resourceTypes: ReadonlySet<string>,
): Promise<NonNullable<HttpDeps['oauth']>> {
  const fhirAudience = fhirBase(config);
  // Loaded only when authorization is on: commands that need no OAuth server
  // (migrate, audit verify, --help) start without it.
  const { createOAuthServer } = await import('./auth/oauth-server.js');
  const provider = await createOAuthServer({
    db,
    users,
    clients,
    baseUrl: config.baseUrl,
    secretKey,
    resourceTypes,
    allowDemo: config.demo,
    trustProxy: config.trustProxy,
  });
  return {
    provider,
    db,
    users,
    fhirAudience,
    resourceTypes,
    rateLimitPerMinute: config.authRateLimit,
    verifier: new TokenVerifier(provider, users, clients, fhirAudience, config.demo),
  };
}
