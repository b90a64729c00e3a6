import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { validateResource, OperationOutcomeError } from '@medplum/core';
import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { buildProvince, residentParts, sharedParts, stockParts, visitXml130 } from '@lienthong/synth';
import { readXml130File, visitBundle } from '@lienthong/xml130';
import { structureIssues } from '../../packages/server/src/fhir/structure-validator.js';
import { loadElementIndex } from '../../packages/server/src/fhir/validate-bindings.js';
import { EXAMPLES_DIR, SYNTHEA_DIR } from '../data/helpers.js';

/*
 * Our compiled structural validator must say exactly what medplum's
 * validateResource says — same problems, words, locations and order — on
 * real, synthetic and deliberately broken resources.
 */

loadElementIndex(); // loads the R4 definitions both validators use

/** medplum's answer; undefined where it fails with a plain Error instead (a `_name` that is not an object). */
function medplumIssues(resource: Resource): OperationOutcomeIssue[] | undefined {
  let issues: OperationOutcomeIssue[];
  try {
    issues = validateResource(resource);
  } catch (err) {
    // It fails on some `_name` values that are not one object (a string, an array where one belongs).
    if (!(err instanceof OperationOutcomeError) && resource && JSON.stringify(resource).includes('"_'))
      return undefined;
    if (!(err instanceof OperationOutcomeError)) throw err;
    issues = err.outcome.issue ?? [];
  }
  // Reference-target warnings are not ours to mirror: validate.ts drops them and checks targets itself.
  return issues.filter((i) => !(i.severity === 'warning' && i.details?.text?.startsWith('Invalid reference: got ')));
}

/**
 * The one difference allowed: an invariant that holds because the elements
 * it tests are absent is not evaluated (vacuous-invariants.ts), so where
 * medplum's evaluation of its other half fails on malformed data (reported
 * as a processing error, then as the invariant unmet), we report only the
 * malformed data itself — which is an error still.
 */
function withoutSkippedFailures(
  expected: OperationOutcomeIssue[],
  actual: OperationOutcomeIssue[],
): OperationOutcomeIssue[] {
  const failed = new Set(
    expected.filter((i) => i.code === 'processing').map((i) => `${i.expression?.[0]} ${fhirpathOf(i)}`),
  );
  if (failed.size === 0 || !actual.some((i) => i.severity === 'error')) return expected;
  const ours = new Set(actual.map((i) => JSON.stringify(i)));
  return expected.filter(
    (i) =>
      ours.has(JSON.stringify(i)) ||
      !(i.code === 'processing' || i.code === 'invariant') ||
      !failed.has(`${i.expression?.[0]} ${fhirpathOf(i)}`),
  );
}

function fhirpathOf(issue: OperationOutcomeIssue): string {
  return (JSON.parse(issue.diagnostics ?? '{}') as { fhirpath?: string }).fhirpath ?? '';
}

function compare(resources: Iterable<Resource>, label: string): number {
  let n = 0;
  const differences: string[] = [];
  for (const resource of resources) {
    n++;
    const copy = structuredClone(resource);
    const expected = medplumIssues(structuredClone(resource));
    const actual = structureIssues(copy);
    assert.deepEqual(copy, resource, 'the validator leaves the resource as it was');
    try {
      if (expected) assert.deepEqual(actual, withoutSkippedFailures(expected, actual));
      else
        assert.ok(
          actual.some((i) => i.severity === 'error' && i.details?.text === 'Primitive extension must be an object'),
        );
    } catch {
      differences.push(
        `${label} ${resource.resourceType}/${resource.id ?? '?'}:\n  medplum ${JSON.stringify(expected)}\n  ours    ${JSON.stringify(actual)}`,
      );
    }
  }
  assert.deepEqual(differences.slice(0, 3), [], `${differences.length} of ${n} differ`);
  return n;
}

function examples(dir: string): Resource[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(dir + f, 'utf8')) as Resource);
}

function synthea(): Resource[] {
  return readdirSync(SYNTHEA_DIR)
    .filter((f) => f.endsWith('.ndjson'))
    .flatMap((f) =>
      readFileSync(SYNTHEA_DIR + f, 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as Resource),
    );
}

function province(): Resource[] {
  const p = buildProvince({ seed: 'structure-validator', residents: 60 });
  const resources: Resource[] = [];
  const parts = [...sharedParts(p), ...stockParts(p), ...residentParts(p)];
  for (const part of parts) resources.push(...part.resources);
  // The same residents' visits as hospitals send them (XML 130), mapped to FHIR.
  for (const part of residentParts(p)) {
    if (part.kind !== 'resident') continue;
    for (const visit of part.life.visits) {
      for (const v of readXml130File(visitXml130(p, part.life, visit)).visits()) {
        for (const e of visitBundle(v).entry ?? []) if (e.resource) resources.push(e.resource);
      }
    }
  }
  return resources;
}

test('the R4 examples: the same answers as medplum', () => {
  assert.ok(compare(examples(EXAMPLES_DIR), 'example') > 50);
});

test('every R4 example of the specification, when ../shared has them', (t) => {
  const dir = new URL('../../../shared/data/fhir-r4-examples/', import.meta.url).pathname;
  if (!existsSync(dir)) return t.skip('../shared/data/fhir-r4-examples is not beside this clone');
  compare(examples(dir), 'spec example');
});

test('Synthea and the synthetic province (FHIR and XML 130 mapped): the same answers as medplum', () => {
  assert.ok(compare(synthea(), 'synthea') > 1000);
  assert.ok(compare(province(), 'province') > 1000);
});

/** A small deterministic generator, so a failure names a case that can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Node = Record<string, unknown>;

/** Every object inside a resource, with the key that holds it. */
function objects(node: unknown, out: Node[] = []): Node[] {
  if (Array.isArray(node)) for (const item of node) objects(item, out);
  else if (node && typeof node === 'object') {
    out.push(node as Node);
    for (const value of Object.values(node)) objects(value, out);
  }
  return out;
}

const BAD_VALUES: unknown[] = [
  null,
  '',
  '  ',
  'not a date',
  '2024-13-45',
  '2024-02-03T10:00',
  -1,
  0,
  1.5,
  Number.NaN,
  true,
  {},
  [],
  [null],
  [{}],
  { extension: [{ url: 'http://example.org/x', valueString: 'x' }] },
  'with  two spaces',
  'urn:uuid:NOT-A-UUID',
  { reference: 'Patient/1' },
  ['a', 'b'],
];

function mutate(resource: Resource, next: () => number): Resource {
  const copy = structuredClone(resource) as unknown as Node;
  const all = objects(copy);
  const target = all[Math.floor(next() * all.length)]!;
  const keys = Object.keys(target).filter((k) => k !== 'resourceType');
  const key = keys[Math.floor(next() * keys.length)];
  const pick = next();
  if (!key || pick < 0.15) {
    target[['unknownProperty', 'valueFoo', '_valueString', 'valueString', 'extension'][Math.floor(next() * 5)]!] =
      BAD_VALUES[Math.floor(next() * BAD_VALUES.length)];
  } else if (pick < 0.3) {
    delete target[key];
  } else if (pick < 0.45) {
    const value = target[key];
    target[key] = Array.isArray(value) ? value[0] : [value];
  } else if (pick < 0.55) {
    target[`_${key}`] = { extension: [{ url: 'http://example.org/x', valueBoolean: true }] };
  } else {
    target[key] = BAD_VALUES[Math.floor(next() * BAD_VALUES.length)];
  }
  return copy as unknown as Resource;
}

test('broken resources (missing, wrong-typed, null, empty, unknown and doubled elements): the same answers as medplum', () => {
  const next = random(Number(process.env.MUTATION_SEED ?? 20261126));
  const sources = [...examples(EXAMPLES_DIR), ...synthea().slice(0, 400), ...province().slice(0, 400)];
  const broken: Resource[] = [];
  const count = Number(process.env.MUTATIONS ?? 3000);
  for (let i = 0; i < count; i++) {
    let r = sources[Math.floor(next() * sources.length)]!;
    const times = 1 + Math.floor(next() * 3);
    for (let k = 0; k < times; k++) r = mutate(r, next);
    broken.push(r);
  }
  const withErrors = broken.filter((r) => medplumIssues(r)?.some((i) => i.severity === 'error') ?? true).length;
  assert.ok(withErrors > count / 2, `most mutations break the resource (${withErrors} of ${count})`);
  compare(broken, 'mutated');
});

test('extensions with a value, nested extensions, both, neither or empty ones: the same answers as medplum (ext-1)', () => {
  const url = 'http://example.org/x';
  const shapes: Record<string, unknown>[] = [
    { url, valueString: 'x' },
    { url, extension: [{ url, valueBoolean: true }] },
    { url, valueString: 'x', extension: [{ url, valueBoolean: true }] },
    { url },
    { url, valueString: '' },
    { url, extension: [] },
    { url, extension: [{}] },
    { url, valueCode: 'a', extension: [{}] },
    { url, valueInteger: 0 },
    { url, valueBoolean: false, extension: [{ url }] },
    { url, valueCodeableConcept: {} },
    { url, _valueString: { extension: [{ url, valueString: 'y' }] } },
    { url, valueQuantity: { value: 1 }, valueString: 'x' },
  ];
  const patients = shapes.map((extension, i) => ({ resourceType: 'Patient', id: `ext${i}`, extension: [extension] }));
  compare(patients as Resource[], 'extension');
  const broken = patients.filter((p) => structureIssues(p as Resource).some((i) => i.details?.text?.includes('ext-1')));
  assert.ok(broken.length >= 3, `ext-1 is reported where an extension has both or neither (${broken.length})`);
});
