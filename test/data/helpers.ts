import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestApp } from '../support/test-app.js';

/** Shared by the data tests: fixture paths and a thin FHIR-over-inject client. */
export const EXAMPLES_DIR = fileURLToPath(new URL('../fixtures/fhir-r4-examples/', import.meta.url));
export const SYNTHEA_DIR = fileURLToPath(new URL('../fixtures/synthea-10-patients/', import.meta.url));

export interface FhirResource {
  resourceType: string;
  id?: string;
  meta?: { versionId?: string; lastUpdated?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export interface OutcomeIssue {
  severity: string;
  code: string;
  details?: { text?: string };
  expression?: string[];
}

export interface Reply {
  status: number;
  body: FhirResource & {
    issue?: OutcomeIssue[];
    total?: number;
    entry?: { resource?: FhirResource; response?: { status: string; location?: string } }[];
    link?: { relation: string; url: string }[];
  };
}

/** One FHIR call through Fastify's inject (no socket): JSON in, parsed JSON out. */
export async function call(app: TestApp, method: string, path: string, body?: unknown): Promise<Reply> {
  const res = await app.http.inject({
    method: method as 'GET',
    url: `/fhir${path ? `/${path}` : ''}`,
    headers: {
      accept: 'application/fhir+json',
      ...(body === undefined ? {} : { 'content-type': 'application/fhir+json' }),
    },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  return { status: res.statusCode, body: (res.body ? JSON.parse(res.body) : {}) as Reply['body'] };
}

/** The official examples, by file name. */
export function readExamples(): Map<string, FhirResource> {
  const out = new Map<string, FhirResource>();
  for (const file of readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    out.set(file, JSON.parse(readFileSync(EXAMPLES_DIR + file, 'utf8')) as FhirResource);
  }
  return out;
}

/** Every resource of every Synthea NDJSON file, by resource type. */
export function readSynthea(): Map<string, FhirResource[]> {
  const out = new Map<string, FhirResource[]>();
  for (const file of readdirSync(SYNTHEA_DIR)
    .filter((f) => f.endsWith('.ndjson'))
    .sort()) {
    for (const line of readFileSync(SYNTHEA_DIR + file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const r = JSON.parse(line) as FhirResource;
      const list = out.get(r.resourceType) ?? [];
      list.push(r);
      out.set(r.resourceType, list);
    }
  }
  return out;
}

/** Calls `visit` with every `reference` string in a resource. */
export function eachReference(
  node: unknown,
  visit: (reference: string, holder: Record<string, unknown>) => void,
): void {
  if (Array.isArray(node)) {
    for (const item of node) eachReference(item, visit);
  } else if (node && typeof node === 'object') {
    const obj = node as Record<string, unknown>;
    for (const [key, value] of Object.entries(obj)) {
      if (key === 'reference' && typeof value === 'string') visit(value, obj);
      else if (typeof value === 'object') eachReference(value, visit);
    }
  }
}
