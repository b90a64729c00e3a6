import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Resource } from '@medplum/fhirtypes';
import type { TestApp } from '../support/test-app.js';
import { expectError, searchIds, seed, startSearchApp } from './helpers.js';

// Number and quantity search (https://hl7.org/fhir/R4/search.html#number,
// #quantity): a value without a prefix carries its implicit precision, so
// "100" means [99.5, 100.5); quantities may add |system|code.
const UCUM = 'http://unitsofmeasure.org';
const MMHG = encodeURIComponent('mm[Hg]');

// ChargeItem.factorOverride is a plain decimal with no range invariant.
const risk = (id: string, factor: number): Resource =>
  ({
    resourceType: 'ChargeItem',
    id,
    status: 'billable',
    code: { text: 'khám bệnh' },
    subject: { reference: 'Patient/p' },
    factorOverride: factor,
  }) as Resource;
const quantity = (id: string, valueQuantity: object): Resource =>
  ({ resourceType: 'Observation', id, status: 'final', code: { text: 'x' }, valueQuantity }) as Resource;

let app: TestApp;
before(async () => {
  app = await startSearchApp();
  await seed(app, [
    { resourceType: 'Patient', id: 'p' },
    risk('r99-4', 99.4),
    risk('r99-7', 99.7),
    risk('r100', 100),
    risk('r100-6', 100.6),
    risk('r50', 50),
    risk('r0-25', 0.25),
    quantity('q99-7', { value: 99.7, system: UCUM, code: 'mm[Hg]', unit: 'mmHg' }),
    quantity('q100', { value: 100, system: UCUM, code: 'mm[Hg]', unit: 'mmHg' }),
    quantity('q100-6', { value: 100.6, system: UCUM, code: 'mm[Hg]', unit: 'mmHg' }),
    quantity('q100kg', { value: 100, system: UCUM, code: 'kg', unit: 'kg' }),
    quantity('q-unit-only', { value: 5.4, unit: 'mmol/L' }),
    quantity('q-other-system', { value: 120, system: 'http://example.org/units', code: 'mm[Hg]' }),
    { resourceType: 'Observation', id: 'q-none', status: 'final', code: { text: 'x' }, valueString: 'n/a' },
  ]);
});
after(async () => {
  await app.close();
});

test('a number without a prefix matches within its implicit precision', async () => {
  assert.deepEqual(await searchIds(app, 'ChargeItem?factor-override=100'), ['r100', 'r99-7']);
  assert.deepEqual(await searchIds(app, 'ChargeItem?factor-override=eq100'), ['r100', 'r99-7']);
  assert.deepEqual(await searchIds(app, 'ChargeItem?factor-override=100.0'), ['r100']);
  assert.deepEqual(await searchIds(app, 'ChargeItem?factor-override=99.7'), ['r99-7']);
  assert.deepEqual(await searchIds(app, 'ChargeItem?factor-override=0.25'), ['r0-25']);
  assert.deepEqual(await searchIds(app, 'ChargeItem?factor-override=0.3'), ['r0-25']);
  assert.deepEqual(await searchIds(app, 'ChargeItem?factor-override=0.35'), []);
  assert.deepEqual(await searchIds(app, 'ChargeItem?factor-override=100,50'), ['r100', 'r50', 'r99-7']);
});

test('number prefixes', async () => {
  assert.deepEqual(await searchIds(app, 'ChargeItem?factor-override=gt100'), ['r100-6']);
  assert.deepEqual(await searchIds(app, 'ChargeItem?factor-override=ge100'), ['r100', 'r100-6']);
  assert.deepEqual(await searchIds(app, 'ChargeItem?factor-override=lt100'), ['r0-25', 'r50', 'r99-4', 'r99-7']);
  assert.deepEqual(await searchIds(app, 'ChargeItem?factor-override=le100'), [
    'r0-25',
    'r100',
    'r50',
    'r99-4',
    'r99-7',
  ]);
  assert.deepEqual(await searchIds(app, 'ChargeItem?factor-override=ne100'), ['r0-25', 'r100-6', 'r50', 'r99-4']);
  assert.deepEqual(await searchIds(app, 'ChargeItem?factor-override=sa100'), ['r100-6']);
  assert.deepEqual(await searchIds(app, 'ChargeItem?factor-override=eb50'), ['r0-25']);
  assert.deepEqual(await searchIds(app, 'ChargeItem?factor-override=ap100'), ['r100', 'r100-6', 'r99-4', 'r99-7']);
  assert.deepEqual(await searchIds(app, 'ChargeItem?factor-override=gt49&factor-override=lt99.5'), ['r50', 'r99-4']);
  assert.deepEqual(await searchIds(app, 'ChargeItem?factor-override=lt-1'), []);
});

test('malformed numbers are 400 with an OperationOutcome', async () => {
  for (const bad of ['abc', '1,2x', 'gt', '--1', 'NaN', 'Infinity', '1e99999', '0x10', '%27%20OR%201%3D1%20--']) {
    await expectError(app, `ChargeItem?factor-override=${bad}`);
  }
  // Large but well-formed numbers are compared exactly, not rounded to a double.
  assert.deepEqual(await searchIds(app, 'ChargeItem?factor-override=1e400'), []);
  assert.deepEqual(await searchIds(app, 'ChargeItem?factor-override=lt1e400'), [
    'r0-25',
    'r100',
    'r100-6',
    'r50',
    'r99-4',
    'r99-7',
  ]);
  assert.deepEqual(await searchIds(app, 'ChargeItem?factor-override=100.00000000000000001'), []);
  assert.deepEqual(await searchIds(app, 'ChargeItem?factor-override=%2B100'), ['r100', 'r99-7']);
});

test('a quantity without system or code compares the number only', async () => {
  assert.deepEqual(await searchIds(app, 'Observation?value-quantity=100'), ['q100', 'q100kg', 'q99-7']);
  assert.deepEqual(await searchIds(app, 'Observation?value-quantity=ap100'), ['q100', 'q100-6', 'q100kg', 'q99-7']);
  assert.deepEqual(await searchIds(app, 'Observation?value-quantity=5.4'), ['q-unit-only']);
});

test('a quantity with system and code', async () => {
  assert.deepEqual(await searchIds(app, `Observation?value-quantity=100|${UCUM}|${MMHG}`), ['q100', 'q99-7']);
  assert.deepEqual(await searchIds(app, `Observation?value-quantity=gt100|${UCUM}|${MMHG}`), ['q100-6']);
  assert.deepEqual(await searchIds(app, `Observation?value-quantity=le100|${UCUM}|kg`), ['q100kg']);
  assert.deepEqual(await searchIds(app, `Observation?value-quantity=100|${UCUM}|g`), []);
  // ||code: any system.
  assert.deepEqual(await searchIds(app, `Observation?value-quantity=gt100||${MMHG}`), ['q-other-system', 'q100-6']);
  // ||code matches either the coded unit or the human-readable one.
  assert.deepEqual(await searchIds(app, 'Observation?value-quantity=100||mmHg'), ['q100', 'q99-7']);
  assert.deepEqual(await searchIds(app, `Observation?value-quantity=100|${UCUM}|mmHg`), []);
  // A quantity with only a unit is found by that unit.
  assert.deepEqual(await searchIds(app, 'Observation?value-quantity=5.4||mmol%2FL'), ['q-unit-only']);
  // system| with no code: any code of that system.
  assert.deepEqual(await searchIds(app, `Observation?value-quantity=100|${UCUM}|`), ['q100', 'q100kg', 'q99-7']);
});

test(':missing on a quantity, and malformed quantities', async () => {
  assert.deepEqual(await searchIds(app, 'Observation?value-quantity:missing=true'), ['q-none']);
  await expectError(app, 'Observation?value-quantity=abc|x|y');
  await expectError(app, 'Observation?value-quantity=100|only-two');
  await expectError(app, 'Observation?value-quantity=1e99999');
  await expectError(app, 'Observation?value-quantity=100|a|b|c');
});
