import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Bundle, ChargeItem, Encounter, Observation, Procedure, Resource } from '@medplum/fhirtypes';
import { readXml130File, visitResources } from '@lienthong/xml130';
import { handleFhir, importXml130File, SYSTEM_CALLER, type Caller } from '@lienthong/server';
import { change, goodVisit, rebalance, visitFile, type TableSet } from '../../packages/xml130/src/test-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/*
 * The hand-written visit through the server: an amended file that drops a
 * row deletes what the row made (and nothing another client wrote), a
 * procedure row becomes a Procedure, and the export gives back XML13/XML14,
 * numbers as written ("10.000", "12.40") and several licences in one field.
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

async function versions(): Promise<number> {
  const { rows } = await app.db.query<{ n: string }>('SELECT count(*) AS n FROM resource_history');
  return Number(rows[0]!.n);
}

function resourcesOf(tables: TableSet): Resource[] {
  const [visit] = [...readXml130File(visitFile(tables)).visits()];
  return visitResources(visit!);
}

const encounterIdOf = (tables: TableSet) => resourcesOf(tables).find((r) => r.resourceType === 'Encounter')!.id!;

async function search(type: string, encounterId: string): Promise<Resource[]> {
  // ChargeItem names its visit `context`; the others `encounter`.
  const param = type === 'ChargeItem' ? 'context' : 'encounter';
  const r = await get(type, [[param, `Encounter/${encounterId}`]]);
  return ((r.body as Bundle).entry ?? []).map((e) => e.resource!);
}

/** The visit exported by the server, read back as tables (every field's text as the file has it). */
async function exported(encounterId: string) {
  const r = await get(`Encounter/${encounterId}/$export-xml130`);
  const xml = Buffer.from((r.body as { data: string }).data, 'base64').toString('utf8');
  const [visit] = [...readXml130File(xml).visits()];
  return visit!;
}

const nonEmpty = (rows: Record<string, string>[] | Record<string, string> | undefined) =>
  (rows === undefined ? [] : Array.isArray(rows) ? rows : [rows]).map((row) =>
    Object.fromEntries(Object.entries(row).filter(([, v]) => v !== '')),
  );

test('an amended file without a drug line deletes that line’s MedicationRequest, in history; again changes nothing', async () => {
  const tables = change(goodVisit(), { XML1: { MA_LK: 'LK-AMEND-1' } });
  for (const t of ['XML2', 'XML3', 'XML4', 'XML5', 'XML13', 'XML14'] as const) {
    for (const row of tables[t]) row.MA_LK = 'LK-AMEND-1';
  }
  const first = await importXml130File(app.services, SYSTEM_CALLER, visitFile(tables));
  assert.equal(first.visits[0]!.status, 'imported', JSON.stringify(first.visits[0]!.problems));
  const encounterId = encounterIdOf(tables);
  const drugs = await search('MedicationRequest', encounterId);
  assert.equal(drugs.length, 2);

  // Another client's note on the same visit: no file made it, so no file removes it.
  const note = await handleFhir(app.services, {
    method: 'POST',
    caller: SYSTEM_CALLER,
    path: 'Observation',
    query: [],
    headers: {},
    body: {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'Ghi chú của điều dưỡng' },
      subject: (drugs[0] as { subject: { reference: string } }).subject,
      encounter: { reference: `Encounter/${encounterId}` },
      valueString: 'Nằm nghỉ',
    },
  });
  const noteId = (note.body as Resource).id!;

  const amended = rebalance({ ...tables, XML2: tables.XML2.slice(0, 1) });
  const removed = resourcesOf(tables).find(
    (r) => r.resourceType === 'MedicationRequest' && !resourcesOf(amended).some((a) => a.id === r.id),
  )!;
  const before = await versions();
  const second = await importXml130File(app.services, SYSTEM_CALLER, visitFile(amended));
  assert.equal(second.visits[0]!.status, 'imported', JSON.stringify(second.visits[0]!.problems));
  assert.equal(second.visits[0]!.removed, 1);

  const left = await search('MedicationRequest', encounterId);
  assert.deepEqual(
    left.map((r) => r.id),
    drugs.filter((d) => d.id !== removed.id).map((d) => d.id),
  );
  await assert.rejects(get(`MedicationRequest/${removed.id}`), (err: { status?: number }) => err.status === 410);
  const history = (await get(`MedicationRequest/${removed.id}/_history`)).body as Bundle;
  assert.equal(history.entry?.length, 2);
  assert.equal(history.entry?.[0]?.request?.method, 'DELETE');
  assert.equal(((await get(`Observation/${noteId}`)).body as Observation).valueString, 'Nằm nghỉ');
  assert.ok((await versions()) > before);

  // The same amended file again: nothing to write, nothing to remove.
  const again = await importXml130File(app.services, SYSTEM_CALLER, visitFile(amended));
  const unchangedAt = await versions();
  assert.equal(again.visits[0]!.status, 'unchanged');
  const third = await importXml130File(app.services, SYSTEM_CALLER, visitFile(amended));
  assert.equal(third.visits[0]!.status, 'unchanged');
  assert.equal(await versions(), unchangedAt);

  // The export follows the record: one drug line.
  assert.equal((await exported(encounterId)).tables.XML2?.length, 1);
});

/** A surgery row (MA_NHOM 8) added to the fixture, its money and XML1's totals made to add up. */
function withSurgery(tables: Required<TableSet>): Required<TableSet> {
  const row = {
    ...tables.XML3[0]!,
    STT: '4',
    MA_DICH_VU: '10.0562.0472',
    MA_PTTT_QT: '86.22',
    MA_NHOM: '8',
    TEN_DICH_VU: 'Cắt lọc, khâu vết thương phần mềm',
    SO_LUONG: '1',
    DON_GIA_BV: '200000',
    DON_GIA_BH: '200000',
    THANH_TIEN_BV: '200000',
    THANH_TIEN_BH: '200000',
    T_BHTT: '160000',
    T_BNCCT: '40000',
    NGAY_YL: '202603140900',
    NGAY_TH_YL: '202603140910',
    NGAY_KQ: '202603140950',
    NGUOI_THUC_HIEN: '004252/ĐNAI-CCHN;001234/ĐNAI-CCHN',
    MA_BENH: 'J06.9',
  };
  return rebalance({ ...tables, XML3: [...tables.XML3, row] });
}

test('a surgery row is a Procedure too; numbers, several licences, XML13 and XML14 come back as written', async () => {
  const base = change(goodVisit(), {
    XML1: { MA_LK: 'LK-ROUND-1' },
    'XML2#1': { SO_LUONG: '10.000', DON_GIA: '1500.00', MA_BAC_SI: '004252/ĐNAI-CCHN;000777/ĐNAI-CCHN' },
    'XML4#1': { GIA_TRI: '12.40', MA_BS_DOC_KQ: '004252/ĐNAI-CCHN;000888/ĐNAI-CCHN' },
    'XML5#1': { NGUOI_THUC_HIEN: '004252/ĐNAI-CCHN;000999/ĐNAI-CCHN' },
  });
  const tables = withSurgery(base);
  for (const t of ['XML2', 'XML3', 'XML4', 'XML5', 'XML13', 'XML14'] as const) {
    for (const row of tables[t]) row.MA_LK = 'LK-ROUND-1';
  }
  const result = await importXml130File(app.services, SYSTEM_CALLER, visitFile(tables));
  assert.equal(result.visits[0]!.status, 'imported', JSON.stringify(result.visits[0]!.problems));
  const encounterId = encounterIdOf(tables);

  const [procedure, ...more] = (await search('Procedure', encounterId)) as Procedure[];
  assert.equal(more.length, 0, 'only the MA_NHOM 8 row is a procedure');
  assert.deepEqual(
    procedure!.code?.coding?.map((c) => c.code),
    ['10.0562.0472', '86.22'],
  );
  assert.deepEqual(procedure!.performedPeriod, {
    start: '2026-03-14T09:10:00+07:00',
    end: '2026-03-14T09:50:00+07:00',
  });
  assert.deepEqual(
    procedure!.performer?.map((p) => p.actor.identifier?.value),
    ['004252/ĐNAI-CCHN', '001234/ĐNAI-CCHN'],
  );
  assert.equal(procedure!.encounter?.reference, `Encounter/${encounterId}`);

  // Every clinician the rows name takes part in the visit.
  const encounter = (await get(`Encounter/${encounterId}`)).body as Encounter;
  const participants = encounter.participant?.map((p) => p.individual?.identifier?.value) ?? [];
  for (const licence of ['000777/ĐNAI-CCHN', '000888/ĐNAI-CCHN', '000999/ĐNAI-CCHN', '001234/ĐNAI-CCHN']) {
    assert.ok(participants.includes(licence), `${licence} in ${participants.join(', ')}`);
  }

  const back = await exported(encounterId);
  const [sent] = [...readXml130File(visitFile(tables)).visits()];
  for (const t of ['XML1', 'XML2', 'XML3', 'XML4', 'XML5', 'XML13', 'XML14'] as const) {
    assert.deepEqual(nonEmpty(back.tables[t]), nonEmpty(sent!.tables[t]), t);
  }
  assert.equal(back.tables.XML2?.[0]?.SO_LUONG, '10.000');
  assert.equal(back.tables.XML4?.[0]?.GIA_TRI, '12.40');
});

test('a facility system amending its own visit: the dropped supply row’s ChargeItem goes, with its own rights', async () => {
  const facilitySystem: Caller = {
    ...SYSTEM_CALLER,
    kind: 'client',
    id: 'his-75001',
    clientId: 'his-75001',
    role: 'facility-system',
    organizationId: 'cs-75001',
  };
  const tables = change(goodVisit(), { XML1: { MA_LK: 'LK-AMEND-2' } });
  for (const t of ['XML2', 'XML3', 'XML4', 'XML5', 'XML13', 'XML14'] as const) {
    for (const row of tables[t]) row.MA_LK = 'LK-AMEND-2';
  }
  const first = await importXml130File(app.services, facilitySystem, visitFile(tables));
  assert.equal(first.visits[0]!.status, 'imported', JSON.stringify(first.visits[0]!.problems));
  const encounterId = encounterIdOf(tables);
  assert.equal((await search('ChargeItem', encounterId)).length, 3);
  const amended = rebalance({ ...tables, XML3: tables.XML3.slice(0, 2) });
  const second = await importXml130File(app.services, facilitySystem, visitFile(amended));
  assert.equal(second.visits[0]!.status, 'imported', JSON.stringify(second.visits[0]!.problems));
  assert.equal(second.visits[0]!.removed, 1);
  const left = (await search('ChargeItem', encounterId)) as ChargeItem[];
  assert.deepEqual(
    left.map((c) => c.code?.coding?.[0]?.code).sort(),
    [tables.XML3[0]!.MA_DICH_VU, tables.XML3[1]!.MA_DICH_VU].sort(),
  );
});
