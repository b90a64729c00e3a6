import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Bundle } from '@medplum/fhirtypes';
import { handleFhir, importXml130File, SYSTEM_CALLER } from '@lienthong/server';
import {
  change,
  envelope,
  files,
  goodVisit,
  tableXml,
  type TableSet,
} from '../../packages/xml130/src/test-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/*
 * Files the checker refuses are refused by the import too, visit by visit,
 * leaving nothing behind: two visits under one MA_LK (the second used to
 * overwrite the first), a repeated STT (used to fail the transaction with
 * an unreadable error) and two referral papers (used to make the export
 * crash later).
 */

let app: TestApp;

before(async () => {
  app = await startTestApp({ env: { LIENTHONG_JOBS: 'false' } });
});

after(async () => {
  await app.close();
});

/** The hand-written visit under its own MA_LK, in every table. */
function visitAs(maLk: string, edits: Record<string, Record<string, string>> = {}): Required<TableSet> {
  const tables = change(goodVisit(), { XML1: { MA_LK: maLk } });
  for (const t of ['XML2', 'XML3', 'XML4', 'XML5', 'XML13', 'XML14'] as const)
    for (const row of tables[t]) row.MA_LK = maLk;
  return change(tables, edits);
}

async function encounters(maLk: string): Promise<number> {
  const r = await handleFhir(app.services, {
    method: 'GET',
    caller: SYSTEM_CALLER,
    path: 'Encounter',
    query: [['identifier', maLk]],
    headers: {},
  });
  return (r.body as Bundle).total ?? (r.body as Bundle).entry?.length ?? 0;
}

test('two HOSO with one MA_LK: both visits are refused, naming the key and the positions', async () => {
  const first = visitAs('LK-DUP');
  const second = visitAs('LK-DUP', { XML1: { HO_TEN: 'Nguyễn Văn Bình', SO_CCCD: '' } });
  const result = await importXml130File(app.services, SYSTEM_CALLER, envelope([files(first), files(second)]));
  assert.deepEqual(
    result.visits.map((v) => [v.status, v.httpStatus, v.problems.map((p) => p.rule)]),
    [
      ['failed', 422, ['visit.duplicate-ma-lk']],
      ['failed', 422, ['visit.duplicate-ma-lk']],
    ],
  );
  assert.match(result.visits[0]!.problems[0]!.message.en, /MA_LK "LK-DUP" is shared by HOSO 1, 2/);
  assert.equal(await encounters('LK-DUP'), 0);
  // The same visit alone imports (and is found by the count above).
  const alone = await importXml130File(app.services, SYSTEM_CALLER, envelope([files(first)]));
  assert.deepEqual(
    alone.visits.map((v) => v.status),
    ['imported'],
  );
  assert.equal(await encounters('LK-DUP'), 1);
});

test('a repeated STT and a second referral paper are refused with the checker’s error, not a store failure', async () => {
  const stt = await importXml130File(
    app.services,
    SYSTEM_CALLER,
    envelope([files(visitAs('LK-DUPSTT', { 'XML2#2': { STT: '1' } }))]),
  );
  assert.deepEqual(
    stt.visits.map((v) => [v.status, v.httpStatus, v.problems.map((p) => [p.rule, p.table, p.row, p.field])]),
    [['failed', 422, [['field.duplicate-stt', 'XML2', 2, 'STT']]]],
  );
  const tables = visitAs('LK-2REF');
  const paper = tableXml('XML13', tables.XML13).replace(/^<\?xml[^>]*>\n/, '');
  const twoPapers = `<CHI_TIEU_GIAYCHUYENTUYEN><DSACH_GIAY_CHUYEN_TUYEN>${paper}${paper}</DSACH_GIAY_CHUYEN_TUYEN></CHI_TIEU_GIAYCHUYENTUYEN>`;
  const entries = files(tables).map((e) =>
    e.type === 'XML13' ? { type: 'XML13', content: Buffer.from(twoPapers).toString('base64') } : e,
  );
  const referrals = await importXml130File(app.services, SYSTEM_CALLER, envelope([entries]));
  assert.deepEqual(
    referrals.visits.map((v) => [v.status, v.httpStatus, v.problems.map((p) => [p.rule, p.table, p.row])]),
    [['failed', 422, [['visit.single-row', 'XML13', 2]]]],
  );
  assert.equal(await encounters('LK-DUPSTT'), 0);
  assert.equal(await encounters('LK-2REF'), 0);
});
