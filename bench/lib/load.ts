import { Agent, request as httpRequest } from 'node:http';
import type { CpuMeter, CpuUse } from './cpu.js';
import { Latencies, type LatencySummary } from './stats.js';

/**
 * A closed-loop HTTP load generator: `concurrency` clients, each sending its
 * next request as soon as the previous answer is read, over keep-alive
 * connections (one socket per client). Runs for a fixed time, so it always
 * stops by itself. node:http rather than fetch: on a 2-core machine the load
 * generator's own CPU is taken from the server, and node:http costs less per
 * request.
 */
export interface HttpCall {
  method: 'GET' | 'POST' | 'PUT';
  /** Path and query, e.g. /fhir/Patient/123 */
  path: string;
  body?: string;
  /** The status codes that count as success (default: 200 and 201). */
  expect?: number[];
  /** Extra request headers (e.g. Authorization). */
  headers?: Record<string, string>;
}

export interface LoadOptions {
  baseUrl: string;
  concurrency: number;
  seconds: number;
  /** Seconds of load before measuring starts (JIT, connection and cache warm-up). */
  warmupSeconds: number;
  /** The next call of client `client`; `n` counts its calls. */
  next: (client: number, n: number) => HttpCall;
  /** Reads each successful answer (e.g. to count entries); runs in the load generator. */
  onResponse?: (call: HttpCall, status: number, body: string) => void;
  /** Measures CPU use over the measured window. */
  cpu?: CpuMeter;
}

export interface LoadResult {
  /** The measured window, in performance.now() milliseconds. */
  window: { start: number; end: number };
  requests: number;
  errors: number;
  seconds: number;
  requestsPerSecond: number;
  latencyMs: LatencySummary;
  firstErrors: string[];
  cpu?: CpuUse;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { hostname, port } = new URL(options.baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency, maxFreeSockets: options.concurrency });
  const send = (call: HttpCall): Promise<{ status: number; body: string }> =>
    new Promise((ok, fail) => {
      const body = call.body === undefined ? undefined : Buffer.from(call.body);
      const req = httpRequest(
        {
          host: hostname,
          port,
          agent,
          method: call.method,
          path: call.path,
          headers: {
            ...call.headers,
            accept: 'application/fhir+json',
            ...(body ? { 'content-type': 'application/fhir+json', 'content-length': body.length } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => ok({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
          res.on('error', fail);
        },
      );
      req.on('error', fail);
      req.end(body);
    });

  try {
    return await runLoop({
      concurrency: options.concurrency,
      seconds: options.seconds,
      warmupSeconds: options.warmupSeconds,
      ...(options.cpu ? { cpu: options.cpu } : {}),
      op: async (c, n) => {
        const call = options.next(c, n);
        const res = await send(call).catch((err: Error) => {
          throw new Error(`${call.method} ${call.path} → ${err.message}`);
        });
        if (!(call.expect ?? [200, 201]).includes(res.status)) {
          throw new Error(`${call.method} ${call.path} → ${res.status} ${res.body.slice(0, 300)}`);
        }
        options.onResponse?.(call, res.status, res.body);
      },
    });
  } finally {
    agent.destroy();
  }
}

/**
 * The closed loop over any async operation (HTTP calls above; SQL in the raw
 * baseline). Only operations wholly inside the measured window count.
 */
export async function runLoop(options: {
  concurrency: number;
  seconds: number;
  warmupSeconds: number;
  op: (client: number, n: number) => Promise<void>;
  cpu?: CpuMeter;
}): Promise<LoadResult> {
  let cpuStarted: Promise<void> | undefined;
  const latencies = new Latencies();
  const firstErrors: string[] = [];
  let requests = 0;
  let errors = 0;
  let measuring = false;
  const start = performance.now();
  const warmEnd = start + options.warmupSeconds * 1000;
  const end = warmEnd + options.seconds * 1000;
  let measureStart = warmEnd;
  const client = async (c: number): Promise<void> => {
    for (let n = 0; ; n++) {
      const now = performance.now();
      if (now >= end) return;
      if (!measuring && now >= warmEnd) {
        measuring = true;
        measureStart = now;
        cpuStarted = options.cpu?.start();
      }
      const t0 = performance.now();
      let ok = true;
      let detail = '';
      try {
        await options.op(c, n);
      } catch (err) {
        ok = false;
        detail = (err as Error).message;
      }
      const t1 = performance.now();
      if (t0 < measureStart || t1 > end) continue;
      requests++;
      latencies.add(t1 - t0);
      if (!ok) {
        errors++;
        if (firstErrors.length < 5) firstErrors.push(detail);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, c) => client(c)));
  await cpuStarted;
  const cpu = await options.cpu?.stop();
  const seconds = (end - measureStart) / 1000;
  return {
    ...(cpu ? { cpu } : {}),
    window: { start: measureStart, end },
    requests,
    errors,
    seconds,
    requestsPerSecond: (requests - errors) / seconds,
    latencyMs: latencies.summary(),
    firstErrors,
  };
}
