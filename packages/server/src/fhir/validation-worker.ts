import { parentPort } from 'node:worker_threads';
import type { Resource } from '@medplum/fhirtypes';
import { loadElementIndex } from './validate-bindings.js';
import { problemsOf } from './validate.js';

/** A validation thread (validation-threads.ts): resources in, their problems out. */
export interface ValidationRequest {
  id: number;
  resources: Resource[];
}

export type ValidationReply = { id: number; problems: ReturnType<typeof problemsOf>[] } | { id: number; error: string };

const port = parentPort;
if (port) {
  loadElementIndex(); // the definitions, before the first request rather than during it
  port.on('message', ({ id, resources }: ValidationRequest) => {
    let reply: ValidationReply;
    try {
      reply = { id, problems: resources.map(problemsOf) };
    } catch (err) {
      reply = { id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
    }
    port.postMessage(reply);
  });
}
