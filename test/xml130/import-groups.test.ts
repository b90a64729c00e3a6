import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Patient } from '@medplum/fhirtypes';
import { buildProvince, residentParts, visitXml130 } from '@lienthong/synth';
import { SID } from '@lienthong/core';
import { readXml130File } from '@lienthong/xml130';
import { handleFhir, importXml130Files, SYSTEM_CALLER } from '@lienthong/server';
import { startTestApp, type TestApp } from '../support/test-app.js';

/*
 * Visits of several files share database transactions (what makes a
 * directory of one-visit files import fast), yet a visit the store refuses
 * still fails alone: the others of its group are written, it leaves nothing.
 */

let app: TestApp;
/** One-visit files of different patients, in the order the province gives them. */
const files: { xml: string; facility: string; maBn: string; maLk: string }[] = [];

before(async () => {
  app = await startTestApp({ env: { LIENTHONG_JOBS: 'false' } });
  const province = buildProvince({ seed: 'xml130-groups', residents: 60 });
  const patients = new Set<string>();
  for (const part of residentParts(province)) {
    if (part.kind !== 'resident') continue;
    for (const visit of part.life.visits) {
      const xml = visitXml130(province, part.life, visit);
      const [read] = [...readXml130File(xml).visits()];
      const maBn = read!.tables.XML1!.MA_BN!;
      if (patients.has(`${visit.facilityCode}|${maBn}`)) continue;
      patients.add(`${visit.facilityCode}|${maBn}`);
      files.push({ xml, facility: visit.facilityCode, maBn, maLk: read!.maLk });
    }
  }
  assert.ok(files.length >= 8, `${files.length} files`);
});

after(async () => {
  await app.close();
});

/** The transaction that last wrote the visit's Encounter (its xmin). */
async function transactionOf(maLk: string): Promise<string | undefined> {
  const { rows } = await app.db.query<{ tx: string }>(
    `SELECT r.xmin::text AS tx FROM resource r JOIN sp_token t ON t.resource_type = r.resource_type AND t.id = r.id
      WHERE r.resource_type = 'Encounter' AND t.code = 'identifier' AND t.value = $1`,
    [maLk],
  );
  return rows[0]?.tx;
}

test('the visits of several files are written in one transaction', async () => {
  const batch = files.slice(0, 4);
  const results = await importXml130Files(
    app.services,
    SYSTEM_CALLER,
    batch.map((f) => f.xml),
  );
  assert.deepEqual(
    results.map((r) => r.visits.map((v) => v.status)),
    batch.map(() => ['imported']),
  );
  const transactions = new Set(await Promise.all(batch.map((f) => transactionOf(f.maLk))));
  assert.equal(transactions.size, 1, 'one transaction for the four visits');
  assert.ok([...transactions][0], 'the visits were written');
});

test('a visit the store refuses fails alone: the rest of its group is written, it leaves nothing', async () => {
  const batch = files.slice(4, 8);
  const refused = batch[1]!;
  // Two records holding the facility's MA_BN: the visit's conditional update of its Patient matches both (412).
  for (const given of ['Một', 'Hai']) {
    const patient: Patient = {
      resourceType: 'Patient',
      identifier: [{ system: SID.maBn(refused.facility), value: refused.maBn }],
      name: [{ family: 'Trùng', given: [given] }],
    };
    const created = await handleFhir(app.services, {
      method: 'POST',
      caller: SYSTEM_CALLER,
      path: 'Patient',
      query: [],
      headers: {},
      body: patient,
    });
    assert.equal(created.status, 201);
  }
  const results = await importXml130Files(
    app.services,
    SYSTEM_CALLER,
    batch.map((f) => f.xml),
  );
  const visits = results.map((r) => r.visits[0]!);
  assert.deepEqual(
    visits.map((v) => v.status),
    ['imported', 'failed', 'imported', 'imported'],
  );
  assert.equal(visits[1]!.httpStatus, 412);
  assert.equal(visits[1]!.problems[0]!.rule, 'store.refused');
  assert.match(visits[1]!.problems[0]!.message.en, /several Patient/);
  assert.equal(await transactionOf(refused.maLk), undefined, 'the refused visit left no Encounter');
  for (const f of [batch[0]!, batch[2]!, batch[3]!]) assert.ok(await transactionOf(f.maLk), `visit ${f.maLk} written`);
});

test(
  'a visit whose patient another import is writing waits its turn; the visits of other patients do not wait for it',
  {
    skip: process.env.DATABASE_URL
      ? false
      : 'needs a second connection: the embedded database runs one transaction at a time',
  },
  async () => {
    const batch = files.slice(8, 11);
    const held = batch[1]!;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    // Another import writing a visit of the same patient: it holds the patient's lock until it commits.
    const other = app.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`xml130:${held.facility}:${held.maBn}`]);
      locked();
      await released;
    });
    await isLocked;
    const importing = importXml130Files(
      app.services,
      SYSTEM_CALLER,
      batch.map((f) => f.xml),
    );
    try {
      // The two other patients' visits are written while the third waits for its patient.
      for (let tries = 0; !(await transactionOf(batch[2]!.maLk)) && tries < 200; tries++) {
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.ok(await transactionOf(batch[0]!.maLk), 'first visit written');
      assert.ok(await transactionOf(batch[2]!.maLk), 'third visit written');
      assert.equal(await transactionOf(held.maLk), undefined, 'the held patient’s visit waits');
    } finally {
      release();
      await other;
    }
    const results = await importing;
    assert.deepEqual(
      results.map((r) => r.visits[0]!.status),
      ['imported', 'imported', 'imported'],
    );
    assert.ok(await transactionOf(held.maLk), 'then it is written');
  },
);
