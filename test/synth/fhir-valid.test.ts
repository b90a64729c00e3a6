import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Resource } from '@medplum/fhirtypes';
import { FhirError } from '@lienthong/core';
import {
  facilityResources,
  lifeResources,
  receiptResources,
  workerResources,
} from '../../packages/synth/src/fhir/index.js';
import { LIFE, PROVINCE, RECEIPT } from '../../packages/synth/src/fhir/fixtures.js';
import { validate } from '../../packages/server/src/fhir/validate.js';

/*
 * Everything the synthetic province sends the server must pass the server's
 * own validation (structure, cardinality, invariants, required bindings,
 * reference targets): a resource it refuses is a resident missing from the
 * demo. The synth package does not depend on the server, so the check lives
 * here.
 */

function problems(resource: Resource): string[] {
  try {
    validate(resource);
    return [];
  } catch (err) {
    if (!(err instanceof FhirError)) throw err;
    return (err.outcome.issue ?? [])
      .filter((i) => i.severity === 'error' || i.severity === 'fatal')
      .map((i) => `${resource.resourceType}/${resource.id}: ${i.expression?.join(',') ?? ''} ${i.details?.text ?? ''}`);
  }
}

function all(): Resource[] {
  return [
    ...PROVINCE.facilities.flatMap((f) => facilityResources(PROVINCE, f)),
    ...PROVINCE.workers.flatMap((w) => workerResources(PROVINCE, w)),
    ...receiptResources(PROVINCE, RECEIPT),
    ...lifeResources(PROVINCE, LIFE, { vitalSigns: true }),
  ];
}

test('every resource of the FHIR mapping passes the server validation', () => {
  const resources = all();
  const types = new Set(resources.map((r) => r.resourceType));
  // The fixtures reach every resource type the mapping makes.
  assert.deepEqual([...types].sort(), [
    'Condition',
    'DiagnosticReport',
    'Encounter',
    'Immunization',
    'Location',
    'MedicationDispense',
    'MedicationRequest',
    'Observation',
    'Organization',
    'Patient',
    'Practitioner',
    'PractitionerRole',
    'Procedure',
    'ServiceRequest',
    'SupplyDelivery',
  ]);
  assert.deepEqual(resources.flatMap(problems), []);
});

test('the validation would catch a broken resource (the check can fail)', () => {
  const [encounter] = lifeResources(PROVINCE, LIFE).filter((r) => r.resourceType === 'Encounter');
  const broken = { ...encounter!, status: 'done' } as unknown as Resource;
  assert.notDeepEqual(problems(broken), []);
});
