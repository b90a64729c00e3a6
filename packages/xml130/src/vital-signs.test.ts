import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseVitalSigns } from './index.js';

test('CSST vital signs: a decimal comma (T37,5, as Vietnamese writes it) reads as a decimal point', () => {
  assert.deepEqual(parseVitalSigns('CSST<M80_T37,5_HA120/70_NT18_CN52,5>'), [
    { kind: 'pulse', values: [80] },
    { kind: 'temperature', values: [37.5] },
    { kind: 'blood-pressure', values: [120, 70] },
    { kind: 'respiratory-rate', values: [18] },
    { kind: 'weight', values: [52.5] },
  ]);
});
