import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Resource } from '@medplum/fhirtypes';
import { FhirError } from '@lienthong/core';
import { base64ValueAt, isR4Base64 } from './validate-base64.js';
import { validate } from './validate.js';

test('R4 base64Binary allows whitespace between groups of four', () => {
  assert.ok(isR4Base64('SGVs bG8='));
  assert.ok(isR4Base64('SGVs\nbG8=\n'));
  assert.ok(isR4Base64('  SGVsbG8gd29y bGQ= '));
  assert.ok(isR4Base64('AAAA'));
  assert.ok(isR4Base64('AA=='));
  assert.ok(isR4Base64('a+/b'));
});

test('R4 base64Binary rejects what the regex rejects, and misplaced padding', () => {
  assert.ok(!isR4Base64('SGV sbG8=')); // whitespace inside a group of four
  assert.ok(!isR4Base64('SGVsbG8')); // not a multiple of four
  assert.ok(!isR4Base64('SGVsbG8*'));
  assert.ok(!isR4Base64('AA==AAAA')); // padding in the middle
  assert.ok(!isR4Base64('A==='));
  assert.ok(!isR4Base64('   '));
  assert.ok(!isR4Base64(''));
});

test('finds the value medplum names, including choices', () => {
  const params = { resourceType: 'Parameters', parameter: [{ name: 'a' }, { name: 'b', valueBase64Binary: 'AAAA' }] };
  assert.equal(base64ValueAt(params, 'Parameters.parameter[1].value[x]'), 'AAAA');
  assert.equal(base64ValueAt({ resourceType: 'Binary', data: 'x' }, 'Binary.data'), 'x');
  assert.equal(base64ValueAt({ resourceType: 'Binary' }, 'Binary.data.more'), undefined);
});

test('validate() accepts line-wrapped base64 and still rejects broken base64', () => {
  const binary = (data: string) => ({ resourceType: 'Binary', contentType: 'text/plain', data }) as Resource;
  validate(binary('SGVsbG8g\nd29ybGQ='));
  validate({
    resourceType: 'DocumentReference',
    status: 'current',
    content: [{ attachment: { contentType: 'text/plain', data: 'SGVs bG8=' } }],
  } as Resource);
  assert.throws(
    () => validate(binary('SGVsbG8gd29ybGQ')),
    (err: unknown) =>
      err instanceof FhirError &&
      err.status === 400 &&
      err.outcome.issue.some((i) => i.expression?.[0] === 'Binary.data' && /base64Binary/.test(i.details!.text)),
  );
  assert.throws(() => validate(binary('SGV sbG8=')), FhirError);
});
