// Validation on worker threads (packages/server/src/fhir/validation-threads.ts):
// under a sustained write load a transaction's entries are validated off the main thread,
// with exactly the verdicts and messages of inline validation, and a
// transaction with an invalid entry still writes nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Resource } from '@medplum/fhirtypes';
import { FhirError } from '@lienthong/core';
import { problemsOf } from '../../packages/server/src/fhir/validate.js';
import { Validator } from '../../packages/server/src/fhir/validation-threads.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { CCCD, assertOutcome, fhirClient, unique, type Fhir } from '../support/fhir-http.js';

const valid = { resourceType: 'Patient', gender: 'female', birthDate: '1990-02-03' } as Resource;
const invalid = {
  resourceType: 'Patient',
  gender: 'woman',
  birthDate: '03/02/1990',
  name: 'Lan',
} as unknown as Resource;

async function rejection(p: Promise<void>): Promise<FhirError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof FhirError, String(err));
    return err;
  }
  assert.fail('expected the resource to be rejected');
}

describe('a validator with a thread', () => {
  const threaded = new Validator(1, 0);
  after(() => threaded.close());

  test('gives the same verdict and the same problems as inline validation', async () => {
    const good = structuredClone(valid);
    const bad = structuredClone(invalid);
    threaded.prevalidate([good, bad]);
    await threaded.check(good);
    const err = await rejection(threaded.check(bad));
    assert.equal(err.status, 400);
    assert.deepEqual(err.outcome.issue, problemsOf(structuredClone(invalid)));
    const texts = err.outcome.issue.map((i) => i.details?.text ?? '').join(' | ');
    assert.match(texts, /gender|woman/i, texts);
  });

  test('validates a transaction ahead, and each check then takes its own result', async () => {
    const a = structuredClone(valid);
    const b = structuredClone(invalid);
    const c = structuredClone(valid);
    threaded.prevalidate([a, b, c]);
    await threaded.check(a);
    await rejection(threaded.check(b));
    await threaded.check(c);
    // Prevalidated results nobody collects (the transaction failed first) are simply dropped.
    threaded.prevalidate([structuredClone(invalid)]);
    await new Promise((r) => setTimeout(r, 200));
  });

  test('many resources at once all come back', async () => {
    const all = Array.from({ length: 200 }, (_, i) =>
      i % 10 === 0 ? structuredClone(invalid) : structuredClone(valid),
    );
    threaded.prevalidate(all);
    const outcomes = await Promise.allSettled(all.map((r) => threaded.check(r)));
    assert.equal(outcomes.filter((o) => o.status === 'rejected').length, 20);
  });
});

describe('over HTTP, with the threads started by a large transaction', () => {
  let app: TestApp;
  let fhir: Fhir;
  before(async () => {
    app = await startTestApp({ listen: true, env: { LIENTHONG_VALIDATION_THREADS: '1', LIENTHONG_JOBS: 'false' } });
    fhir = fhirClient(app.fhirUrl);
  });
  after(() => app.close());

  const entries = (tag: string, n: number, bad?: number) =>
    Array.from({ length: n }, (_, i) => {
      const fullUrl = `urn:uuid:${randomUUID()}`;
      const resource =
        i === bad
          ? { ...invalid, identifier: [{ system: CCCD, value: `${tag}-${i}` }] }
          : { resourceType: 'Patient', identifier: [{ system: CCCD, value: `${tag}-${i}` }], gender: 'male' };
      return { fullUrl, resource, request: { method: 'POST', url: 'Patient' } };
    });
  /** How many of the first, middle and last entries' Patients are stored. */
  const stored = async (tag: string): Promise<number> => {
    const ids = [0, 416, 599].map((i) => encodeURIComponent(`${CCCD}|${tag}-${i}`)).join(',');
    const r = await fhir.get(`Patient?identifier=${ids}&_summary=count`);
    assert.equal(r.status, 200, r.text);
    return r.body.total ?? -1;
  };

  test('a valid transaction of 600 entries is written whole', async () => {
    const tag = unique('vt');
    const r = await fhir.post('', { resourceType: 'Bundle', type: 'transaction', entry: entries(tag, 600) });
    assert.equal(r.status, 200, r.text.slice(0, 500));
    assert.equal(app.services.store.validator.threadCount, 1);
    assert.equal(await stored(tag), 3);
  });

  test('one invalid entry among 600 rejects the transaction, names the entry, and writes nothing', async () => {
    const tag = unique('vt');
    const r = await fhir.post('', { resourceType: 'Bundle', type: 'transaction', entry: entries(tag, 600, 417) });
    assertOutcome(r, 400);
    const issue = r.body.issue!.find((i) => i.severity === 'error')!;
    assert.match(issue.details?.text ?? '', /^Bundle\.entry\[417\]/, r.text);
    assert.equal(await stored(tag), 0);
  });
});
