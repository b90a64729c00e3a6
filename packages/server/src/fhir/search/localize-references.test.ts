import { test } from 'node:test';
import assert from 'node:assert/strict';
import { localizeReferences } from './localize-references.js';

const BASE = 'https://lienthong.example/fhir/';

test('absolute references on our base become Type/id; nothing else changes', () => {
  const resource = {
    resourceType: 'Observation',
    subject: { reference: `${BASE}Patient/1` },
    performer: [{ reference: 'Practitioner/2' }, { reference: 'https://other.example/fhir/Practitioner/3' }],
    basedOn: [{ reference: `${BASE}metadata` }],
    code: { text: 'x' },
  };
  const local = localizeReferences(resource, BASE);
  assert.equal(local.subject.reference, 'Patient/1');
  assert.deepEqual(local.performer, resource.performer);
  assert.equal(local.basedOn[0]!.reference, `${BASE}metadata`);
  // Copy on write: the input is untouched and unchanged branches are shared.
  assert.equal(resource.subject.reference, `${BASE}Patient/1`);
  assert.equal(local.performer, resource.performer);
  assert.equal(local.code, resource.code);
  const plain = { resourceType: 'Patient', name: [{ family: 'A' }] };
  assert.equal(localizeReferences(plain, BASE), plain);
});
