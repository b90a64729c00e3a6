import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Resource } from '@medplum/fhirtypes';
import { FhirError } from '@lienthong/core';
import { buildProvince, residentParts, sharedParts, stockParts } from '@lienthong/synth';
import { validate } from '../../packages/server/src/fhir/validate.js';

/*
 * A whole generated province — not hand-made fixtures — as the server would
 * receive it: every resource passes the server's validation, and every
 * reference points to something the province holds.
 */
test('every resource of a generated province is valid and every reference resolves', () => {
  const province = buildProvince({ seed: 'validity', residents: 400 });
  const resources: Resource[] = [];
  for (const part of [...sharedParts(province), ...stockParts(province), ...residentParts(province)]) {
    resources.push(...part.resources);
  }
  const ids = new Set(resources.map((r) => `${r.resourceType}/${r.id!}`));
  assert.equal(ids.size, resources.length, 'no two resources share an id');

  const invalid: string[] = [];
  const dangling = new Set<string>();
  const types = new Set<string>();
  for (const resource of resources) {
    types.add(resource.resourceType);
    try {
      validate(resource);
    } catch (err) {
      if (!(err instanceof FhirError)) throw err;
      invalid.push(`${resource.resourceType}/${resource.id!}: ${err.message}`);
    }
    for (const ref of references(resource)) if (!ids.has(ref)) dangling.add(ref);
  }
  assert.deepEqual(invalid.slice(0, 5), []);
  assert.deepEqual([...dangling].slice(0, 5), []);
  for (const type of ['Patient', 'Encounter', 'Condition', 'Observation', 'MedicationRequest', 'Immunization']) {
    assert.ok(types.has(type), `the province has ${type} resources`);
  }
});

/** Every literal `Type/id` reference in a resource (contained `#…` and identifier-only ones aside). */
function references(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) references(item, out);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'reference' && typeof value === 'string' && /^[A-Z][A-Za-z]+\/[^/]+$/.test(value)) out.push(value);
      else if (typeof value === 'object') references(value, out);
    }
  }
  return out;
}
