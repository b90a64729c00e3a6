import { createApp, loadConfig } from '@lienthong/server';
import type { BenchContext, BenchResult, Benchmark } from '../lib/bench.js';
import { figure } from '../lib/bench.js';
import { makePatient } from '../lib/fhir-data.js';
import { runLoad, type LoadResult } from '../lib/load.js';
import { log } from '../lib/report.js';
import { startServer } from '../lib/server-process.js';
import { serverDbEnv } from '../lib/target.js';
import { prepareReadTarget, readIds } from './read.js';

const POOL = 5_000;

/**
 * The cost of security: read by id and create, first with authorization off,
 * then with every request carrying a bearer token — verified, scope-checked,
 * policy-filtered and audited (one audit row per request, in the write's
 * transaction for creates). Goal: ≤ 15 % fewer requests per second.
 * The caller is an administrator client, so the policy adds no row filter:
 * this measures token verification and the audit trail.
 */
export const security: Benchmark = {
  name: 'security',
  summary: 'read and create with authorization + audit off vs on → cost of security in % (goal ≤ 15 %)',
  async run(ctx: BenchContext): Promise<BenchResult> {
    const o = ctx.options;
    const ids = readIds(o);
    const bodies = Array.from({ length: POOL }, (_, i) => JSON.stringify(makePatient(`${o.seed}/security`, i)));
    const target = await prepareReadTarget(ctx);
    const results: Record<string, { read: LoadResult; create: LoadResult }> = {};
    try {
      const secret = await registerBenchClient(serverDbEnv(target));
      for (const auth of ['off', 'on'] as const) {
        const server = await startServer(target, {
          mode: o.server,
          logLevel: o.logLevel,
          jobs: o.jobs,
          env: { LIENTHONG_AUTH: auth },
        });
        try {
          const headers = auth === 'on' ? { authorization: `Bearer ${await token(server.url, secret)}` } : undefined;
          log(`security (auth ${auth}): read, then create, ${o.concurrency} clients × ${o.seconds} s`);
          const read = await runLoad({
            baseUrl: server.url,
            concurrency: o.concurrency,
            seconds: o.seconds,
            warmupSeconds: o.warmup,
            next: (c, n) => ({
              method: 'GET',
              path: `/fhir/Patient/${ids[(c * 7_919 + n) % ids.length]}`,
              expect: [200],
              ...(headers ? { headers } : {}),
            }),
          });
          const create = await runLoad({
            baseUrl: server.url,
            concurrency: o.concurrency,
            seconds: o.seconds,
            warmupSeconds: o.warmup,
            next: (c, n) => ({
              method: 'POST',
              path: '/fhir/Patient',
              body: bodies[(c * 7_919 + n) % POOL]!,
              expect: [201],
              ...(headers ? { headers } : {}),
            }),
          });
          results[auth] = { read, create };
        } finally {
          await server.stop();
        }
      }
    } finally {
      await target.release();
    }
    const off = results.off!;
    const on = results.on!;
    const cost = (a: number, b: number): number => (1 - b / a) * 100;
    return {
      figures: [
        figure({ name: 'read, security off', unit: 'requests/s', value: off.read.requestsPerSecond }),
        figure({ name: 'read, security on', unit: 'requests/s', value: on.read.requestsPerSecond }),
        figure({
          name: 'read: cost of security',
          unit: '%',
          value: cost(off.read.requestsPerSecond, on.read.requestsPerSecond),
          goal: { op: '<=', value: 15 },
        }),
        figure({ name: 'create, security off', unit: 'resources/s', value: off.create.requestsPerSecond }),
        figure({ name: 'create, security on', unit: 'resources/s', value: on.create.requestsPerSecond }),
        figure({
          name: 'create: cost of security',
          unit: '%',
          value: cost(off.create.requestsPerSecond, on.create.requestsPerSecond),
          goal: { op: '<=', value: 15 },
        }),
      ],
      details: { errors: { off: [off.read.errors, off.create.errors], on: [on.read.errors, on.create.errors] } },
      notes: ['caller: an administrator client (token verification + audit; no policy row filter)'],
    };
  },
};

/** Registers a full-access machine client in the benchmark's database; returns its secret. */
async function registerBenchClient(dbEnv: Record<string, string>): Promise<string> {
  const app = await createApp(
    loadConfig({ ...process.env, ...dbEnv, LIENTHONG_LOG_LEVEL: 'warn', LIENTHONG_JOBS: 'false' }),
  );
  try {
    const existing = await app.clients.currentSecret('bench-admin');
    if (existing) return existing;
    const { secret } = await app.clients.register({
      clientId: 'bench-admin',
      name: 'benchmark',
      role: 'administrator',
      authMethod: 'client_secret_basic',
      scope: 'system/*.cruds',
    });
    return secret!;
  } finally {
    await app.close();
  }
}

async function token(baseUrl: string, secret: string): Promise<string> {
  const res = await fetch(`${baseUrl}/oauth2/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: 'Basic ' + Buffer.from(`bench-admin:${secret}`).toString('base64'),
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'system/*.cruds' }),
  });
  const body = (await res.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`no token: ${JSON.stringify(body)}`);
  return body.access_token;
}
