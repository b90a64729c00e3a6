import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_THRESHOLDS } from '@lienthong/core';
import { dedupPass } from '@lienthong/server';
import { buildProvince, residentParts } from '@lienthong/synth';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { fhirClient } from '../support/fhir-http.js';
import { pairQuality, type Quality } from '../support/mpi-quality.js';

/*
 * The quality floors of patient matching, end to end: a synthetic province's
 * residents and their labelled duplicate registrations are posted as
 * transaction bundles, matched in the background, and the links and
 * reviews the index made are compared with the truth.
 */

const RESIDENTS = 2500;
let app: TestApp;
let quality: Quality;

before(async () => {
  app = await startTestApp({ listen: true, env: { LIENTHONG_JOBS: 'false' } });
  const fhir = fhirClient(app.fhirUrl);
  const province = buildProvince({ seed: 'mpi-quality', residents: RESIDENTS });
  const truth: string[][] = [];
  let batch: unknown[] = [];
  const flush = async (): Promise<void> => {
    const r = await fhir.post('', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: batch.map((resource) => {
        const { id } = resource as { id: string };
        return { resource, request: { method: 'PUT', url: `Patient/${id}` } };
      }),
    });
    assert.equal(r.status, 200, r.text.slice(0, 500));
    batch = [];
  };
  for (const part of residentParts(province, 0, RESIDENTS, 'people')) {
    if (part.kind !== 'resident') continue;
    const { resident, duplicates } = part.life;
    truth.push([resident.id, ...duplicates.map((d) => d.id)]);
    batch.push(...part.resources.filter((r) => r.resourceType === 'Patient'));
    if (batch.length >= 500) await flush();
  }
  await flush();
  await app.queue.drain();
  const { rows: records } = await app.db.query<{ patient_id: string; person_id: string }>(
    'SELECT patient_id, person_id FROM mpi_record',
  );
  const { rows: reviews } = await app.db.query<{ patient_id: string; candidate_id: string }>(
    `SELECT patient_id, candidate_id FROM mpi_review WHERE status = 'open'`,
  );
  quality = pairQuality(
    truth,
    records.map((r) => [r.patient_id, r.person_id]),
    reviews.map((r) => [r.patient_id, r.candidate_id]),
  );
  console.log(`# mpi quality on ${RESIDENTS} residents: ${JSON.stringify(quality)}`);
});
after(async () => app?.close());

test('the province has labelled duplicates to find', () => {
  assert.ok(quality.truePairs > RESIDENTS * 0.02, `${quality.truePairs} true pairs`);
});

test('automatic links are precise: wrongly merging two people is the worst error (≥ 0.995)', () => {
  assert.ok(quality.linkPrecision >= 0.995, `precision ${quality.linkPrecision}: ${quality.falseLinks.join(', ')}`);
});

test('link + review recall ≥ 0.98: almost no duplicate goes unnoticed', () => {
  assert.ok(
    quality.linkOrReviewRecall >= 0.98,
    `recall ${quality.linkOrReviewRecall}: missed ${quality.missed.join(', ')}`,
  );
});

test('a full de-duplication pass agrees with the matching done on each write', async () => {
  const summary = await dedupPass(app.db, DEFAULT_THRESHOLDS);
  assert.ok(summary.records > RESIDENTS, `${summary.records} records indexed`);
  assert.equal(summary.moved, 0, `records the pass would move: ${summary.changedPersons.slice(0, 5).join(', ')}`);
  assert.ok(summary.pairsScored < summary.records * 5, `blocking keeps pairs near-linear: ${summary.pairsScored}`);
});
