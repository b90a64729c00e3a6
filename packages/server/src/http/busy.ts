import type { Server } from 'node:http';

/**
 * Requests in flight from which the server counts as busy. Under a light
 * load a request or two are in flight now and then; from four on, requests
 * are queueing for the machine's cores (two on the reference machine), and
 * background work should wait.
 */
const BUSY_REQUESTS = 4;

/**
 * Counts the requests `server` is serving and tells when it is busy, for
 * background work that should yield (the job queue). Counted on the Node
 * server itself: a response's `close` comes exactly once, also when the
 * client goes away.
 */
export function busyWithRequests(server: Server): () => boolean {
  let inFlight = 0;
  server.on('request', (_req, res) => {
    inFlight++;
    res.once('close', () => inFlight--);
  });
  return () => inFlight >= BUSY_REQUESTS;
}
