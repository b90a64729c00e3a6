import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readXml130File } from '@lienthong/xml130';
import { handleFhir, importXml130File, SYSTEM_CALLER } from '@lienthong/server';
import { goodVisit, rebalance, visitFile, type TableSet } from '../../packages/xml130/src/test-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/*
 * A patient who moved between two visits: the record says where they live
 * now, and each visit's export still says what its own file said.
 */

let app: TestApp;

before(async () => {
  app = await startTestApp({ env: { LIENTHONG_JOBS: 'false' } });
});

after(async () => {
  await app.close();
});

/** A visit of the fixture's patient with only its summary (XML1), on other days and at another address. */
function visit(maLk: string, day: string, address: string): TableSet {
  return rebalance({
    XML1: {
      ...goodVisit().XML1,
      MA_LK: maLk,
      DIA_CHI: address,
      NGAY_VAO: `${day}0800`,
      NGAY_RA: `${day}0900`,
      NGAY_TTOAN: `${day}0910`,
      NGAY_TAI_KHAM: '',
    },
  });
}

async function importedEncounter(tables: TableSet): Promise<string> {
  const result = await importXml130File(app.services, SYSTEM_CALLER, visitFile(tables));
  const v = result.visits[0]!;
  assert.equal(v.status, 'imported', JSON.stringify(v.problems));
  return v.encounter!;
}

async function exportedAddress(encounter: string): Promise<string | undefined> {
  const r = await handleFhir(app.services, {
    method: 'GET',
    caller: SYSTEM_CALLER,
    path: `${encounter}/$export-xml130`,
    query: [],
    headers: {},
  });
  const xml = Buffer.from((r.body as { data: string }).data, 'base64').toString('utf8');
  return [...readXml130File(xml).visits()][0]!.tables.XML1?.DIA_CHI;
}

test('an older visit exports the address its own file gave, the newer one the new address', async () => {
  const older = await importedEncounter(visit('LK-MOVED-1', '20260310', 'Số 1, đường Cũ, Phường Trấn Biên'));
  const newer = await importedEncounter(visit('LK-MOVED-2', '20260412', 'Số 9, đường Mới, Phường Long Hưng'));
  assert.equal(await exportedAddress(older), 'Số 1, đường Cũ, Phường Trấn Biên');
  assert.equal(await exportedAddress(newer), 'Số 9, đường Mới, Phường Long Hưng');
});

test('an older visit imported after a newer one keeps the newer address on the record, and its own in its export', async () => {
  const newer = await importedEncounter(visit('LK-LATE-2', '20260520', 'Số 5, đường Sau, Phường Tam Hiệp'));
  const older = await importedEncounter(visit('LK-LATE-1', '20260502', 'Số 4, đường Trước, Phường Tam Hiệp'));
  assert.equal(await exportedAddress(newer), 'Số 5, đường Sau, Phường Tam Hiệp');
  // The older file did not change the record (a newer visit had spoken): its export falls back to the
  // version current when it was written, which is the newer visit's.
  assert.equal(await exportedAddress(older), 'Số 5, đường Sau, Phường Tam Hiệp');
});
