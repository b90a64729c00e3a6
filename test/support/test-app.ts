import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import pg from 'pg';
import { createApp, loadConfig, type App } from '@lienthong/server';

/**
 * Starts a real server for a test file: embedded PGlite in memory by default,
 * or a fresh database on the PostgreSQL server named by DATABASE_URL (dropped
 * again on close). `listen: true` binds a real port for HTTP clients.
 */
export interface TestApp extends App {
  /** http://127.0.0.1:port when listening, else '' (use app.http.inject). */
  url: string;
  fhirUrl: string;
}

export async function startTestApp(
  options: { listen?: boolean; env?: Record<string, string>; auth?: boolean } = {},
): Promise<TestApp> {
  const adminUrl = process.env.DATABASE_URL;
  let databaseUrl: string | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;
  if (adminUrl) {
    const name = `lienthong_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  // A real port chosen up front, so links and the OAuth issuer carry it.
  const port = options.listen ? await freePort() : 0;
  const env: Record<string, string | undefined> = {
    LIENTHONG_LOG_LEVEL: 'silent',
    PORT: String(port),
    ...(options.listen ? { LIENTHONG_BASE_URL: `http://127.0.0.1:${port}` } : {}),
    // FHIR conformance tests talk to the API directly; authorization has its own tests.
    LIENTHONG_AUTH: options.auth ? 'on' : 'off',
    ...options.env,
    DATABASE_URL: databaseUrl ?? '',
  };
  const config = loadConfig(env, { dataDir: ':memory:', host: '127.0.0.1' });
  const app = await createApp(config);
  let url = '';
  if (options.listen) {
    await app.listen();
    url = `http://127.0.0.1:${port}`;
  }
  const close = app.close.bind(app);
  return Object.assign(app, {
    url,
    fhirUrl: url ? `${url}/fhir` : `${app.config.baseUrl}/fhir`,
    async close() {
      await close();
      await dropDatabase?.();
    },
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
