import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contextsAllowing, expandAllowedScopes, narrowScopes, parseScopes } from './scopes.js';

test('v2 and v1 scopes parse to the same permissions', () => {
  const v2 = parseScopes('system/Observation.rs openid');
  const v1 = parseScopes('system/Observation.read');
  assert.deepEqual([...v2[0]!.permissions].sort(), ['r', 's']);
  assert.deepEqual([...v1[0]!.permissions].sort(), ['r', 's']);
  assert.deepEqual([...parseScopes('user/*.write')[0]!.permissions].sort(), ['c', 'd', 'u']);
  assert.equal(parseScopes('patient/Observation.sr').length, 0, 'v2 letters must be in cruds order');
  assert.equal(parseScopes('patient/Observation.rs?category=laboratory').length, 0);
});

test('permission checks respect type and context', () => {
  const grants = parseScopes('patient/Observation.rs user/Patient.r');
  assert.deepEqual([...contextsAllowing(grants, 'Observation', 's')], ['patient']);
  assert.deepEqual([...contextsAllowing(grants, 'Patient', 'r')], ['user']);
  assert.equal(contextsAllowing(grants, 'Patient', 's').size, 0);
  assert.equal(contextsAllowing(grants, 'Observation', 'c').size, 0);
});

test('allowed scope lists cover every narrower request', () => {
  const list = new Set(expandAllowedScopes('system/*.rs', ['Patient', 'Observation']));
  for (const s of ['system/*.rs', 'system/Patient.r', 'system/Observation.s', 'system/Patient.read'])
    assert.ok(list.has(s), s);
  for (const s of ['system/Patient.c', 'system/*.cruds', 'system/Patient.write', 'user/Patient.r'])
    assert.ok(!list.has(s), s);
});

test('a request wider than the role is narrowed, not dropped', () => {
  assert.deepEqual(narrowScopes(['user/*.cruds'], 'user/MedicationRequest.rs user/MedicationDispense.cruds'), [
    'user/MedicationRequest.rs',
    'user/MedicationDispense.cruds',
  ]);
  assert.deepEqual(narrowScopes(['user/Patient.read'], 'user/*.rs'), ['user/Patient.rs']);
  assert.deepEqual(narrowScopes(['system/*.rs'], 'user/*.cruds'), []);
});
