import { test } from 'node:test';
import assert from 'node:assert/strict';
import { derivedId, FHIR_ID } from './ids.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const parent = '3f1e2d4c-5b6a-4978-8a1b-2c3d4e5f6a7b';

test('derived ids are UUIDs (version 8 layout) and valid FHIR ids', () => {
  for (let n = 0; n < 200; n++) {
    const id = derivedId(parent, 'condition', n);
    assert.match(id, UUID);
    assert.match(id, FHIR_ID);
  }
});

test('derived ids are the same for the same parent, kind and position, and differ otherwise', () => {
  assert.equal(derivedId(parent, 'lab', 2), derivedId(parent, 'lab', 2));
  // A known value: a change of the recipe would silently re-key every loaded resource.
  assert.equal(derivedId(parent, 'lab', 2), '0d383eb1-1114-8e9f-889c-68d3fdfde36d');
  const seen = new Set<string>();
  for (const kind of ['condition', 'lab', 'medication-request']) {
    for (let n = 0; n < 100; n++) seen.add(derivedId(parent, kind, n));
  }
  seen.add(derivedId('another-parent', 'condition', 0));
  assert.equal(seen.size, 301);
});

test('the FHIR id pattern refuses what R4 refuses', () => {
  assert.doesNotMatch('a'.repeat(65), FHIR_ID);
  assert.doesNotMatch('', FHIR_ID);
  assert.doesNotMatch('abc_def', FHIR_ID);
  assert.match('a'.repeat(64), FHIR_ID);
});
