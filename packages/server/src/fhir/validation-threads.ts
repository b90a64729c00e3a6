import { Worker } from 'node:worker_threads';
import type { Resource } from '@medplum/fhirtypes';
import type { Issue } from '@lienthong/core';
import { problemsOf, throwIfInvalid } from './validate.js';
import type { ValidationReply, ValidationRequest } from './validation-worker.js';

/**
 * Validation needs nothing but the resource, so the entries of a transaction
 * are validated on worker threads, all at once, while the main thread goes
 * on with references, SQL and indexing; a single write validates inline
 * (cheaper than the round trip to a thread). The first writes of a process validate
 * inline: a thread spends a second loading the definitions, which a small
 * workload (a test, a short CLI command) would never win back. Either way the
 * result is the same function's (validate.ts `problemsOf`).
 */
export class Validator {
  private readonly threads: ValidationThread[] = [];
  private validated = 0;
  /** Validations started ahead by prevalidate(), by resource object. */
  private readonly ahead = new WeakMap<object, Promise<Issue[]>>();

  /**
   * @param threadCount worker threads (0: always inline)
   * @param inlineFirst resources validated inline before the threads start
   */
  constructor(
    readonly threadCount: number,
    private readonly inlineFirst = 500,
  ) {}

  /** Validates; throws the 400 OperationOutcome listing every problem when the resource is invalid. */
  async check(resource: Resource): Promise<void> {
    const started = this.ahead.get(resource);
    if (started) {
      this.ahead.delete(resource);
      throwIfInvalid(await started);
      return;
    }
    // One resource alone is validated inline: since decision 0015 that takes
    // tens of microseconds, less than sending it to a thread and back.
    throwIfInvalid(problemsOf(resource));
  }

  /**
   * Starts validating resources that are about to be written (a transaction's
   * entries, spread over the threads); check() on the same object then awaits
   * the result instead of validating again. Does nothing while inline.
   */
  prevalidate(resources: Resource[]): void {
    if (resources.length === 0 || !this.useThreads(resources.length)) return;
    const size = Math.ceil(resources.length / this.threads.length);
    for (let start = 0; start < resources.length; start += size) {
      const chunk = resources.slice(start, start + size);
      const all = this.leastBusy().run(chunk);
      chunk.forEach((resource, i) => {
        const one = all.then((problems) => problems[i]!);
        one.catch(() => undefined); // a result nobody awaits (the transaction failed first) must not crash the process
        this.ahead.set(resource, one);
      });
    }
  }

  /** Stops the threads (they never keep a process alive while idle, so this is for tidy shutdowns and tests). */
  async close(): Promise<void> {
    await Promise.all(this.threads.splice(0).map((t) => t.stop()));
  }

  private useThreads(count: number): boolean {
    if (this.threadCount === 0) return false;
    if (this.threads.length > 0) return true;
    this.validated += count;
    if (this.validated <= this.inlineFirst) return false;
    for (let i = 0; i < this.threadCount; i++) this.threads.push(new ValidationThread());
    return true;
  }

  private leastBusy(): ValidationThread {
    return this.threads.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
  }
}

const SOURCE = import.meta.url.endsWith('.ts');
const WORKER_SCRIPT = new URL(SOURCE ? './validation-worker.ts' : './validation-worker.js', import.meta.url);

/** From the compiled build, the worker's script; from TypeScript sources (tests, benchmarks), through tsx. */
function startWorker(): Worker {
  if (!SOURCE) return new Worker(WORKER_SCRIPT);
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_SCRIPT.href)}); });`;
  return new Worker(bootstrap, { eval: true });
}

/** One worker thread; it holds the process open only while it has work. */
class ValidationThread {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (p: Issue[][]) => void; reject: (e: Error) => void }>();

  get inFlight(): number {
    return this.waiting.size;
  }

  run(resources: Resource[]): Promise<Issue[][]> {
    const worker = this.started();
    const id = this.nextId++;
    return new Promise<Issue[][]>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      if (this.waiting.size === 1) worker.ref();
      worker.postMessage({ id, resources } satisfies ValidationRequest);
    });
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker();
    worker.unref();
    worker.on('message', (reply: ValidationReply) => {
      const waiter = this.waiting.get(reply.id);
      if (!waiter) return;
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) worker.unref();
      if ('error' in reply) waiter.reject(new Error(`validation thread: ${reply.error}`));
      else waiter.resolve(reply.problems);
    });
    // A thread that dies fails what it held; the next request starts a new one.
    const fail = (err: Error): void => {
      if (this.worker === worker) this.worker = undefined;
      for (const waiter of this.waiting.values()) waiter.reject(err);
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`validation thread exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }
}

const perProcess = new Map<number, Validator>();

/** One Validator per process and thread count: apps created in one process (tests, the demo) share its threads. */
export function processValidator(threadCount: number): Validator {
  let validator = perProcess.get(threadCount);
  if (!validator) perProcess.set(threadCount, (validator = new Validator(threadCount)));
  return validator;
}
