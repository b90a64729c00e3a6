import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evalFhirPathTyped, fhirPathEquals, parseFhirPath, toTypedValue, type TypedValue } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import { loadDefinitions } from '../../packages/server/src/fhir/definitions.js';
import { SearchRegistry } from '../../packages/server/src/fhir/search/registry.js';
import { compilePath } from '../../packages/server/src/fhir/search/compiled-path.js';
import { EXAMPLES_DIR, SYNTHEA_DIR } from '../data/helpers.js';

/**
 * Search indexing evaluates plain paths without the FHIRPath engine
 * (compiled-path.ts). Whatever it indexes must be exactly what the engine
 * finds: every indexed parameter of every official example and Synthea
 * record (with the resources inside their Bundles and `contained`) is
 * evaluated both ways and compared.
 */
const defs = loadDefinitions();
const registry = new SearchRegistry(defs.resourceTypes, defs.searchParameters);

function examples(): Resource[] {
  const out: Resource[] = [];
  const add = (r: Resource): void => {
    out.push(r);
    for (const c of (r as { contained?: Resource[] }).contained ?? []) add(c);
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

/** The distinct values, in a stable order: the index keeps each once. */
const distinct = (values: TypedValue[]): string[] =>
  [...new Set(values.map((v) => JSON.stringify({ type: v.type, value: v.value })))].sort();

/**
 * The same values, except that the engine's union drops a value it deems
 * FHIRPath-equal to another (1e-245 "equals" 1e-22 to it), which the compiled
 * union keeps: the index then holds both, as it should.
 */
function assertSameValues(ours: TypedValue[], engine: TypedValue[], where: string): void {
  const kept = new Set(distinct(engine));
  const extra = ours.filter((v) => !kept.has(JSON.stringify({ type: v.type, value: v.value })));
  const missing = distinct(engine).filter((k) => !distinct(ours).includes(k));
  assert.deepEqual(missing, [], `${where}: the compiled path misses values`);
  for (const v of extra) {
    assert.ok(
      engine.some((e) => fhirPathEquals(v, e)[0]?.value === true),
      `${where}: the compiled path finds ${JSON.stringify(v)}, which the engine does not`,
    );
  }
}

const attempt = (f: () => TypedValue[]): TypedValue[] | 'error' => {
  try {
    return f();
  } catch {
    return 'error';
  }
};

test('compiled search paths find exactly what the FHIRPath engine finds', () => {
  const resources = examples();
  assert.ok(resources.length > 300, `only ${resources.length} example resources`);
  let compared = 0;
  let nonEmpty = 0;
  for (const resource of resources) {
    const root = [toTypedValue(resource)];
    for (const param of registry.indexedForType(resource.resourceType)) {
      const engine = attempt(() => evalFhirPathTyped(param.expression!, root));
      const ours = attempt(() => param.evaluate!(root));
      const where = `${resource.resourceType}/${resource.id ?? '(no id)'} ${param.code}: ${param.expressionText}`;
      if (engine === 'error') continue; // the indexer skips such a parameter either way
      assert.notEqual(ours, 'error', where);
      assertSameValues(ours as TypedValue[], engine, where);
      compared++;
      if (engine.length > 0) nonEmpty++;
      for (const component of param.components ?? []) {
        for (const value of engine) {
          const e = attempt(() => evalFhirPathTyped(component.expression, [value]));
          if (e === 'error') continue;
          assertSameValues(component.evaluate([value]), e, `${where} component`);
        }
      }
    }
  }
  assert.ok(nonEmpty > 2000, `only ${nonEmpty} of ${compared} evaluations found a value`);
});

test('nearly every official parameter is compiled, including reference targets and choice types', () => {
  const compiled = (text: string): boolean => compilePath(parseFhirPath(text)) !== undefined;
  assert.ok(compiled('Observation.subject.where(resolve() is Patient)'));
  assert.ok(compiled('(MedicationRequest.medication as CodeableConcept)'));
  assert.ok(compiled('Condition.onset.as(Age) | Condition.onset.as(Range)'));
  assert.ok(compiled('Observation.value.ofType(Quantity)'));
  assert.ok(!compiled("Patient.telecom.where(system='phone')"), 'other conditions go to the engine');
  assert.ok(!compiled('Patient.deceased.exists() and Patient.deceased != false'));

  let all = 0;
  let plain = 0;
  for (const type of defs.resourceTypes) {
    for (const param of registry.indexedForType(type)) {
      all++;
      if (compilePath(param.expression!)) plain++;
    }
  }
  assert.ok(plain / all > 0.9, `${plain} of ${all} compiled`);
});
