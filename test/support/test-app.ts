import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createApp, loadConfig, migrate, openDb, type App } from '@lienthong/server';

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
  const fresh = process.env.DATABASE_URL ? await freshPostgres(process.env.DATABASE_URL) : undefined;
  const databaseUrl = fresh?.url;
  const dropDatabase = fresh?.drop;
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
  const pglite = databaseUrl ? undefined : await pgliteCopy();
  const config = loadConfig(env, { dataDir: pglite?.dir ?? ':memory:', host: '127.0.0.1' });
  let app: App;
  try {
    app = await createApp(config);
  } catch (err) {
    pglite?.remove();
    throw err;
  }
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
      pglite?.remove();
    },
  });
}

/** A new, empty database on the PostgreSQL server of `adminUrl`, and how to drop it. */
export async function freshPostgres(adminUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `lienthong_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
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

/**
 * A fresh PGlite data directory for one test app. Creating an in-memory
 * PGlite runs initdb and every migration, 3 to 8 s of CPU per test file;
 * copying a directory made once (per set of migrations) takes well under a
 * second. The copies live in /dev/shm (memory) when there is one.
 * LIENTHONG_TEST_PGLITE=memory goes back to a plain in-memory database.
 */
async function pgliteCopy(): Promise<{ dir: string; remove: () => void } | undefined> {
  if (process.env.LIENTHONG_TEST_PGLITE === 'memory') return undefined;
  const root = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const template = join(root, `lienthong-test-template-${migrationsKey()}`);
  if (!existsSync(join(template, 'ready'))) {
    // Built aside and renamed into place, so parallel test processes never see half a template.
    const building = `${template}.${process.pid}.${randomBytes(4).toString('hex')}`;
    const db = await openDb({ dataDir: building });
    try {
      await migrate(db);
    } finally {
      await db.close();
    }
    writeFileSync(join(building, 'ready'), '');
    try {
      renameSync(building, template);
    } catch {
      rmSync(building, { recursive: true, force: true }); // another process won the race
    }
  }
  removeOrphans(root);
  const dir = join(root, `lienthong-test-${process.pid}-${randomBytes(6).toString('hex')}`);
  cpSync(template, dir, { recursive: true });
  const remove = (): void => {
    rmSync(dir, { recursive: true, force: true });
    process.off('exit', remove);
  };
  process.on('exit', remove);
  return { dir, remove };
}

/** Copies left by test processes that were killed before they could clean up. */
function removeOrphans(root: string): void {
  for (const name of readdirSync(root)) {
    const m = /^lienthong-test-(\d+)-[0-9a-f]+$/.exec(name);
    if (!m || isAlive(Number(m[1]))) continue;
    rmSync(join(root, name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Changes whenever a migration file is added or edited. */
function migrationsKey(): string {
  const dir = fileURLToPath(new URL('../../packages/server/src/storage/migrations/', import.meta.url));
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) hash.update(name).update(readFileSync(join(dir, name)));
  return hash.digest('hex').slice(0, 16);
}
