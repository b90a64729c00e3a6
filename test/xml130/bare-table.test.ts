import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Bundle, Encounter, MedicationRequest, Resource } from '@medplum/fhirtypes';
import { readXml130File, visitResources } from '@lienthong/xml130';
import { handleFhir, importXml130File, SYSTEM_CALLER } from '@lienthong/server';
import { change, goodVisit, tableXml, visitFile, type TableSet } from '../../packages/xml130/src/test-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/*
 * A bare table (one table's file, no envelope) adds to the stored visit its
 * rows name by MA_LK: it changes what that table made and nothing else. A
 * bare XML1 once deleted every drug, service, result and note of the visit.
 */

let app: TestApp;

before(async () => {
  app = await startTestApp({ env: { LIENTHONG_JOBS: 'false' } });
});

after(async () => {
  await app.close();
});

const get = (path: string, query: [string, string][] = []) =>
  handleFhir(app.services, { method: 'GET', caller: SYSTEM_CALLER, path, query, headers: {} });

/** The hand-written visit under its own MA_LK. */
function visitNamed(maLk: string): Required<TableSet> {
  const tables = change(goodVisit(), { XML1: { MA_LK: maLk } });
  for (const t of ['XML2', 'XML3', 'XML4', 'XML5', 'XML13', 'XML14'] as const) {
    for (const row of tables[t]) row.MA_LK = maLk;
  }
  return tables;
}

const encounterIdOf = (tables: TableSet): string => {
  const [visit] = [...readXml130File(visitFile(tables)).visits()];
  return visitResources(visit!).find((r) => r.resourceType === 'Encounter')!.id!;
};

/** The visit as the server exports it, table by table. */
async function exported(encounterId: string) {
  const r = await get(`Encounter/${encounterId}/$export-xml130`);
  const xml = Buffer.from((r.body as { data: string }).data, 'base64').toString('utf8');
  return [...readXml130File(xml).visits()][0]!.tables;
}

async function drugsOf(encounterId: string): Promise<MedicationRequest[]> {
  const r = await get('MedicationRequest', [['encounter', `Encounter/${encounterId}`]]);
  return ((r.body as Bundle).entry ?? []).map((e) => e.resource as MedicationRequest);
}

test('a bare XML1 of a stored visit changes its summary and keeps every other table', async () => {
  const tables = visitNamed('LK-BARE-1');
  const first = await importXml130File(app.services, SYSTEM_CALLER, visitFile(tables));
  assert.equal(first.visits[0]!.status, 'imported', JSON.stringify(first.visits[0]!.problems));
  const encounterId = encounterIdOf(tables);
  const before = await exported(encounterId);
  const participants = ((await get(`Encounter/${encounterId}`)).body as Encounter).participant?.length ?? 0;
  assert.ok(participants > 0, 'the rows name clinicians');

  const summary = { ...tables.XML1, LY_DO_VV: 'Sốt cao, ho 3 ngày' };
  const bare = await importXml130File(app.services, SYSTEM_CALLER, tableXml('XML1', summary));
  const result = bare.visits[0]!;
  assert.equal(result.status, 'imported', JSON.stringify(result.problems));
  assert.equal(result.removed, undefined, 'nothing the other tables made is deleted');

  const after = await exported(encounterId);
  assert.equal(after.XML1?.LY_DO_VV, 'Sốt cao, ho 3 ngày');
  for (const t of ['XML2', 'XML3', 'XML4', 'XML5', 'XML13', 'XML14'] as const) {
    assert.deepEqual(after[t], before[t], `${t} is as the whole file left it`);
  }
  const encounter = (await get(`Encounter/${encounterId}`)).body as Encounter;
  assert.equal(encounter.participant?.length, participants, 'the clinicians the other tables named stay');
});

test('a bare XML2 amends the stored visit’s drug lines only; again it changes nothing', async () => {
  const tables = visitNamed('LK-BARE-2');
  await importXml130File(app.services, SYSTEM_CALLER, visitFile(tables));
  const encounterId = encounterIdOf(tables);
  const before = await exported(encounterId);
  assert.equal((await drugsOf(encounterId)).length, 2);

  // The facility re-sends its drug table with the first line only, its dose corrected.
  const line = { ...tables.XML2[0]!, LIEU_DUNG: '1 viên x 3 lần/ngày' };
  const bare = await importXml130File(app.services, SYSTEM_CALLER, tableXml('XML2', [line]));
  const result = bare.visits[0]!;
  assert.equal(result.status, 'imported', JSON.stringify(result.problems));
  assert.equal(result.encounter, `Encounter/${encounterId}`);
  assert.equal(result.removed, 1, 'the drug line the table no longer has');

  const after = await exported(encounterId);
  assert.equal(after.XML2?.length, 1);
  assert.equal(after.XML2?.[0]?.LIEU_DUNG, '1 viên x 3 lần/ngày');
  assert.deepEqual(after.XML1, before.XML1, 'the summary is untouched');
  for (const t of ['XML3', 'XML4', 'XML5'] as const) assert.deepEqual(after[t], before[t], t);

  const again = await importXml130File(app.services, SYSTEM_CALLER, tableXml('XML2', [line]));
  assert.equal(again.visits[0]!.status, 'unchanged', JSON.stringify(again.visits[0]));
});

test('a bare XML2 of a visit never stored is refused, saying what to send first, and leaves nothing', async () => {
  const tables = visitNamed('LK-BARE-NONE');
  const bare = await importXml130File(app.services, SYSTEM_CALLER, tableXml('XML2', tables.XML2));
  const result = bare.visits[0]!;
  assert.equal(result.status, 'failed');
  assert.equal(result.problems[0]?.rule, 'visit.missing-summary');
  assert.match(result.problems[0]!.message.en, /no visit with MA_LK LK-BARE-NONE is stored yet: send the visit's XML1/);
  const found = (await get('MedicationRequest', [['identifier', 'LK-BARE-NONE']])).body as Bundle;
  assert.equal(found.total ?? found.entry?.length ?? 0, 0);
  const any = (await get('Encounter', [['identifier', 'LK-BARE-NONE']])).body as Bundle;
  assert.equal((any.entry ?? []).map((e) => e.resource as Resource).length, 0);
});
