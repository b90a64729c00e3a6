import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { serverDbEnv, type Target } from './target.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

export interface ServerOptions {
  /** `source`: bench/server.ts through tsx; `cli`: the built `lienthong serve` (run `npm run build` first). */
  mode: 'source' | 'cli';
  logLevel: string;
  /** Write a V8 CPU profile of the server to this directory on exit. */
  cpuProfDir?: string;
  /** LIENTHONG_JOBS: run the outbox dispatcher in the server, as in production. */
  jobs: boolean;
  /** LIENTHONG_WORKERS: server processes sharing the port (PostgreSQL only). */
  workers?: number;
  env?: Record<string, string>;
}

export interface ServerHandle {
  url: string;
  fhirUrl: string;
  pid: number;
  /** performance.now() when the process was spawned (to place the measured window in its CPU profile). */
  spawnedAt: number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

/** Starts the server as its own process on loopback and waits until /healthz answers. */
export async function startServer(target: Target, options: ServerOptions): Promise<ServerHandle> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const nodeArgs: string[] = [];
  if (options.cpuProfDir) {
    rmSync(options.cpuProfDir, { recursive: true, force: true });
    mkdirSync(options.cpuProfDir, { recursive: true });
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`);
  }
  const entry =
    options.mode === 'cli'
      ? [join(ROOT, 'packages/cli/bin/lienthong.js'), 'serve']
      : ['--conditions=development', '--import', 'tsx', join(ROOT, 'bench/server.ts')];
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, ...entry], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...serverDbEnv(target),
      PORT: String(port),
      HOST: '127.0.0.1',
      LIENTHONG_BASE_URL: url,
      LIENTHONG_LOG_LEVEL: options.logLevel,
      LIENTHONG_JOBS: String(options.jobs),
      ...(options.workers && options.workers > 1 ? { LIENTHONG_WORKERS: String(options.workers) } : {}),
      // Loopback only: authorization off (token verification is not measured; see docs/benchmarks.md).
      LIENTHONG_AUTH: 'off',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (b: Buffer): void => {
    output = (output + b.toString()).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not become healthy in 120 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    fhirUrl: `${url}/fhir`,
    pid: child.pid!,
    spawnedAt,
    stop: () => stopChild(child, exited),
  };
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}
