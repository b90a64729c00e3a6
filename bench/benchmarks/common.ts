import { join } from 'node:path';
import type { LoadResult } from '../lib/load.js';
import { RESULTS_DIR } from '../lib/report.js';
import type { DbKind } from '../lib/target.js';

export function profileDir(name: string, kind: DbKind): string {
  return join(RESULTS_DIR, 'profiles', `${name}-${kind}`);
}

/** A load result for the JSON file, numbers rounded to what they can carry. */
export function resultsOf(r: LoadResult): Record<string, unknown> {
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  return {
    requests: r.requests,
    errors: r.errors,
    seconds: round(r.seconds),
    perSecond: round(r.requestsPerSecond),
    latencyMs: Object.fromEntries((Object.entries(r.latencyMs) as [string, number][]).map(([k, v]) => [k, round(v)])),
    ...(r.firstErrors.length > 0 ? { firstErrors: r.firstErrors } : {}),
  };
}

/** Where the profile is and which part of it is the measured window (seconds since the server started). */
export function profileInfo(dir: string, spawnedAt: number, r: LoadResult): Record<string, unknown> {
  const from = Math.max(0, (r.window.start - spawnedAt) / 1000);
  const to = (r.window.end - spawnedAt) / 1000;
  return {
    dir,
    fromSeconds: Math.round(from * 10) / 10,
    toSeconds: Math.round(to * 10) / 10,
    command: `npm run bench -- profile ${dir} --from ${from.toFixed(1)} --to ${to.toFixed(1)}`,
  };
}
