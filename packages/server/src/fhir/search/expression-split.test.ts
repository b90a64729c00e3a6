import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expressionForType, splitTopLevelUnion } from './expression-split.js';

const TYPES = new Set(['Patient', 'Person', 'Practitioner', 'Observation']);

test('keeps only the branches for the resource type', () => {
  assert.equal(
    expressionForType("Patient.telecom.where(system='phone') | Person.telecom.where(system='phone')", 'Patient', TYPES),
    "Patient.telecom.where(system='phone')",
  );
  assert.equal(expressionForType('Person.name | Practitioner.name', 'Patient', TYPES), undefined);
});

test('keeps branches that start with parentheses or generic heads', () => {
  assert.equal(
    expressionForType('(Observation.value as Quantity) | (Patient.x as Quantity)', 'Observation', TYPES),
    '(Observation.value as Quantity)',
  );
  assert.equal(expressionForType('Resource.meta.tag', 'Patient', TYPES), 'Patient.meta.tag');
  assert.equal(expressionForType('DomainResource.text', 'Observation', TYPES), 'Observation.text');
});

test('does not split inside parentheses or strings', () => {
  assert.deepEqual(splitTopLevelUnion("a.where(b | c) | d.where(e = '|')"), ['a.where(b | c)', "d.where(e = '|')"]);
});
