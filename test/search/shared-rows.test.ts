import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Resource } from '@medplum/fhirtypes';
import { loadDefinitions } from '../../packages/server/src/fhir/definitions.js';
import { SearchRegistry, type SearchParamDef } from '../../packages/server/src/fhir/search/registry.js';
import { extractIndexRows, type IndexRows } from '../../packages/server/src/fhir/search/extract.js';
import { EXAMPLES_DIR, SYNTHEA_DIR } from '../data/helpers.js';

/**
 * Parameters answered from other parameters' rows (shared-rows.ts) must
 * find exactly what their own rows would have: for every official example
 * and Synthea record, the rows a shared parameter would index are compared
 * with the rows its search reads.
 */
const defs = loadDefinitions();
const registry = new SearchRegistry(defs.resourceTypes, defs.searchParameters);

function resources(): Resource[] {
  const out: Resource[] = [];
  const add = (r: Resource): void => {
    out.push(r);
    if (r.resourceType === 'Bundle') for (const e of r.entry ?? []) if (e.resource) add(e.resource);
  };
  for (const f of readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.json'))) {
    add(JSON.parse(readFileSync(join(EXAMPLES_DIR, f), 'utf8')) as Resource);
  }
  for (const f of readdirSync(SYNTHEA_DIR).filter((f) => f.endsWith('.ndjson'))) {
    for (const line of readFileSync(join(SYNTHEA_DIR, f), 'utf8').split('\n')) {
      if (line.trim()) add(JSON.parse(line) as Resource);
    }
  }
  return out;
}

/** The rows `param` would index on its own, as sorted value keys (code left out). */
function ownRows(resource: Resource, param: SearchParamDef): string[] {
  const alone = { localBase: () => undefined, indexedForType: () => [{ ...param, sharedRows: undefined }] };
  const rows = extractIndexRows(resource, alone as unknown as SearchRegistry);
  return keys(rows, param.type, () => true);
}

/** The rows a search on `param` reads from the full index. */
function sharedRows(all: IndexRows, param: SearchParamDef): string[] {
  const { codes, targetType } = param.sharedRows!;
  const pointsAt = (row: (string | null)[]): boolean =>
    !targetType || row[1] === targetType || (row[1] === null && !!row[3]?.startsWith(`${targetType}?`));
  return keys(all, param.type, (row) => codes.includes(row[0]!) && pointsAt(row));
}

function keys(rows: IndexRows, type: string, pick: (row: (string | null)[]) => boolean): string[] {
  const list = (rows as unknown as Record<string, (string | null)[][]>)[type] ?? [];
  return [...new Set(list.filter(pick).map((r) => JSON.stringify(r.slice(1))))].sort();
}

test('the official parameters that repeat others are found, and runtime ones are left alone', () => {
  const shared = (type: string, code: string) => registry.get(type, code)?.sharedRows;
  assert.deepEqual(shared('Observation', 'combo-code'), { codes: ['code', 'component-code'] });
  assert.deepEqual(shared('Observation', 'patient'), { codes: ['subject'], targetType: 'Patient' });
  assert.deepEqual(shared('Patient', 'phonetic'), { codes: ['name'] });
  assert.equal(shared('Observation', 'code'), undefined, 'the parameters others read keep their rows');
  assert.equal(shared('Immunization', 'patient'), undefined, 'Immunization.patient repeats nothing');
  const indexed = registry.indexedForType('Observation').map((p) => p.code);
  assert.ok(indexed.includes('subject') && !indexed.includes('patient') && !indexed.includes('combo-code'));

  const local = new SearchRegistry(defs.resourceTypes, defs.searchParameters);
  local.add({
    resourceType: 'SearchParameter',
    url: 'http://example.org/sp/ten-goi',
    name: 'ten-goi',
    description: 'Tên gọi (the names again, under a local code)',
    status: 'active',
    code: 'ten-goi',
    base: ['Patient'],
    type: 'string',
    expression: 'Patient.name',
  });
  assert.equal(local.get('Patient', 'ten-goi')?.sharedRows, undefined, 'a stored parameter is indexed as it says');
});

test('a shared parameter reads exactly the rows it would have indexed, on every example', () => {
  let compared = 0;
  for (const resource of resources()) {
    const shared = registry.forType(resource.resourceType).filter((p) => p.sharedRows);
    if (shared.length === 0) continue;
    const all = extractIndexRows(resource, registry);
    for (const param of shared) {
      const where = `${resource.resourceType}/${resource.id ?? '?'} ${param.code}`;
      assert.deepEqual(sharedRows(all, param), ownRows(resource, param), where);
      compared++;
    }
  }
  assert.ok(compared > 500, `compared ${compared} parameter values`);
});
