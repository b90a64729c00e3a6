import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bundle, Encounter, Resource } from '@medplum/fhirtypes';
import { buildProvince, residentParts, visitXml130, xml130FileName } from '@lienthong/synth';
import { SID } from '@lienthong/core';
import { readXml130File, visitResources, visitTablesFromFhir, type Xml130TableName } from '@lienthong/xml130';
import { handleFhir, importXml130File, SYSTEM_CALLER, type Caller } from '@lienthong/server';
import { importXml130Paths } from '../../packages/cli/src/commands/import-xml130.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/*
 * A small synthetic province's XML 130 files imported through the one write
 * path: the FHIR that results (counts per type = rows of the files), the
 * patients matched to master records, idempotent re-import, amended files,
 * a broken visit failing alone, and a facility system kept to its own files.
 */

let app: TestApp;
let dir: string;
let amendedMaLk = '';
const files: { path: string; xml: string; facility: string; maLk: string }[] = [];

before(async () => {
  app = await startTestApp({ env: { LIENTHONG_JOBS: 'false' } });
  dir = mkdtempSync(join(tmpdir(), 'xml130-import-'));
  const province = buildProvince({ seed: 'xml130-import', residents: 200 });
  for (const part of residentParts(province)) {
    if (part.kind !== 'resident') continue;
    for (const visit of part.life.visits) {
      const folder = join(dir, visit.facilityCode);
      mkdirSync(folder, { recursive: true });
      const path = join(folder, xml130FileName(visit));
      const xml = visitXml130(province, part.life, visit);
      writeFileSync(path, xml);
      files.push({ path, xml, facility: visit.facilityCode, maLk: visit.id });
    }
  }
});

after(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

async function count(type: string): Promise<number> {
  const r = await handleFhir(app.services, {
    method: 'GET',
    caller: SYSTEM_CALLER,
    path: type,
    query: [['_summary', 'count']],
    headers: {},
  });
  return (r.body as Bundle).total ?? -1;
}

async function versions(): Promise<number> {
  const { rows } = await app.db.query<{ n: string }>('SELECT count(*) AS n FROM resource_history');
  return Number(rows[0]!.n);
}

/** What the files say there should be, from the same mapping. */
function expectedCounts(): Map<string, Set<string>> {
  const byType = new Map<string, Set<string>>();
  for (const f of files) {
    for (const visit of readXml130File(f.xml).visits()) {
      for (const r of visitResources(visit)) {
        const key = r.resourceType === 'Patient' ? `${f.facility}|${visit.tables.XML1!.MA_BN}` : r.id!;
        byType.set(r.resourceType, (byType.get(r.resourceType) ?? new Set()).add(key));
      }
    }
  }
  return byType;
}

test('a province imports: every visit, resources per type as the files say, patients matched', async () => {
  assert.ok(files.length > 200, `${files.length} files`);
  const summary = await importXml130Paths(app, [dir]);
  assert.deepEqual(summary.errors.slice(0, 5), []);
  assert.equal(summary.files, files.length);
  assert.equal(summary.imported, files.length);
  for (const [type, ids] of expectedCounts()) assert.equal(await count(type), ids.size, type);

  // A visit's Encounter has its diagnoses and its results.
  const withLabs = files.find((f) => f.xml.includes('<LOAIHOSO>XML4</LOAIHOSO>'))!;
  const found = await handleFhir(app.services, {
    method: 'GET',
    caller: SYSTEM_CALLER,
    path: 'Encounter',
    query: [
      ['identifier', `${SID.maLk(withLabs.facility)}|${withLabs.maLk}`],
      ['_revinclude', 'Observation:encounter'],
      ['_revinclude', 'Condition:encounter'],
    ],
    headers: {},
  });
  const entries = ((found.body as Bundle).entry ?? []).map((e) => e.resource!);
  assert.equal(entries.filter((r) => r.resourceType === 'Encounter').length, 1);
  const encounter = entries.find((r) => r.resourceType === 'Encounter') as Encounter;
  assert.equal(entries.filter((r) => r.resourceType === 'Condition').length, encounter.diagnosis?.length);
  assert.ok(entries.some((r) => r.resourceType === 'Observation'));

  // The patient index matched the imported patients to master records.
  await app.queue.drain();
  const patientId = encounter.subject!.reference!.slice('Patient/'.length);
  const persons = await handleFhir(app.services, {
    method: 'GET',
    caller: SYSTEM_CALLER,
    path: 'Person',
    query: [['patient', patientId]],
    headers: {},
  });
  assert.equal((persons.body as Bundle).entry?.length, 1);
});

test('re-importing the same files changes nothing', async () => {
  const before = await versions();
  const summary = await importXml130Paths(app, [dir]);
  assert.equal(summary.unchanged, files.length);
  assert.equal(summary.imported, 0);
  assert.equal(await versions(), before);
});

test('an amended file gives new versions, not duplicates', async () => {
  const f = files.find((x) => x.xml.includes('<LOAIHOSO>XML2</LOAIHOSO>'))!;
  amendedMaLk = f.maLk;
  const encounters = await count('Encounter');
  const before = await versions();
  const amended = f.xml.replace(/<NOIDUNGFILE>([^<]*)<\/NOIDUNGFILE>/, (_m, b64: string) => {
    const xml1 = Buffer.from(b64, 'base64')
      .toString('utf8')
      .replace(/<LY_DO_VV>[^<]*<\/LY_DO_VV>/, '<LY_DO_VV>Sửa: đau đầu</LY_DO_VV>');
    return `<NOIDUNGFILE>${Buffer.from(xml1, 'utf8').toString('base64')}</NOIDUNGFILE>`;
  });
  const result = await importXml130File(app.services, SYSTEM_CALLER, amended);
  assert.equal(result.visits[0]!.status, 'imported');
  assert.equal(await count('Encounter'), encounters);
  assert.ok((await versions()) > before);
  const encounter = await app.services.store.read('Encounter', result.visits[0]!.encounter!.split('/')[1]!);
  assert.equal((encounter as Encounter).reasonCode?.[0]?.text, 'Sửa: đau đầu');
  assert.equal(encounter.meta?.versionId, '2');
});

test('a broken visit fails alone and leaves no trace', async () => {
  const [good, bad] = files.slice(-2); // not the file amended above
  const broken = bad!.xml.replace(/<NOIDUNGFILE>([^<]*)<\/NOIDUNGFILE>/, (_m, b64: string) => {
    const xml1 = Buffer.from(b64, 'base64')
      .toString('utf8')
      .replace(/<MA_LK>[^<]*<\/MA_LK>/, '<MA_LK>LK-NEW-BROKEN</MA_LK>')
      .replace(/<NGAY_VAO>[^<]*<\/NGAY_VAO>/, '<NGAY_VAO>2025-13-45</NGAY_VAO>');
    return `<NOIDUNGFILE>${Buffer.from(xml1, 'utf8').toString('base64')}</NOIDUNGFILE>`;
  });
  const batchDir = mkdtempSync(join(tmpdir(), 'xml130-batch-'));
  writeFileSync(join(batchDir, 'a.xml'), broken);
  writeFileSync(join(batchDir, 'b.xml'), readFileSync(good!.path));
  const before = await versions();
  const summary = await importXml130Paths(app, [batchDir]);
  rmSync(batchDir, { recursive: true, force: true });
  assert.equal(summary.failed, 1);
  assert.equal(summary.unchanged, 1);
  assert.match(summary.errors.join('\n'), /a\.xml · MA_LK LK-NEW-BROKEN · XML1\[1\]\.NGAY_VAO/);
  assert.equal(await versions(), before);
});

test('a facility system cannot import another facility’s file (403); its own it can', async () => {
  const f = files[0]!;
  const other: Caller = {
    ...SYSTEM_CALLER,
    kind: 'client',
    id: 'sys-x',
    clientId: 'sys-x',
    role: 'facility-system',
    organizationId: 'cs-99999',
  };
  await assert.rejects(
    handleFhir(app.services, {
      method: 'POST',
      caller: other,
      path: 'Bundle/$import-xml130',
      query: [],
      headers: { contentType: 'application/xml' },
      body: Buffer.from(f.xml),
    }),
    (err: { status?: number }) => err.status === 403,
  );
  const own: Caller = { ...other, id: 'sys-own', clientId: 'sys-own', organizationId: `cs-${f.facility}` };
  const r = await handleFhir(app.services, {
    method: 'POST',
    caller: own,
    path: 'Bundle/$import-xml130',
    query: [],
    headers: { contentType: 'application/xml' },
    body: Buffer.from(f.xml),
  });
  assert.equal(r.status, 200);
  assert.equal((r.body as Bundle).entry?.length, 1);
});

test('round trip: import → export gives back every table of every visit, field text exactly as written', async () => {
  let compared = 0;
  for (const f of files.filter((x) => x.maLk !== amendedMaLk)) {
    const [visit] = [...readXml130File(f.xml).visits()];
    const encounterId = (visitResources(visit!).find((r) => r.resourceType === 'Encounter') as Resource).id!;
    const r = await handleFhir(app.services, {
      method: 'GET',
      caller: SYSTEM_CALLER,
      path: `Encounter/${encounterId}/$export-xml130`,
      query: [],
      headers: {},
    });
    const xml = Buffer.from((r.body as { data: string }).data, 'base64').toString('utf8');
    const [back] = [...readXml130File(xml).visits()];
    // Each inner table as text: every field, in order, empty ones included ("5.60" stays "5.60").
    assert.deepEqual(Object.keys(back!.received).sort(), Object.keys(visit!.received).sort(), f.maLk);
    for (const [table, text] of Object.entries(visit!.received)) {
      assert.equal(back!.received[table as Xml130TableName], text, `${f.maLk} ${table}`);
    }
    compared++;
  }
  assert.equal(compared, files.length - 1);
  void visitTablesFromFhir;
});

test('$check-xml130 reports a file visit by visit without writing anything', async () => {
  const bad = files[1]!.xml.replace(/<NOIDUNGFILE>([^<]*)<\/NOIDUNGFILE>/, (_m, b64: string) => {
    const xml1 = Buffer.from(b64, 'base64')
      .toString('utf8')
      .replace(/<NGAY_VAO>[^<]*<\/NGAY_VAO>/, '<NGAY_VAO>2025-13-45</NGAY_VAO>');
    return `<NOIDUNGFILE>${Buffer.from(xml1, 'utf8').toString('base64')}</NOIDUNGFILE>`;
  });
  const before = await versions();
  const check = (xml: string) =>
    handleFhir(app.services, {
      method: 'POST',
      caller: SYSTEM_CALLER,
      path: 'Bundle/$check-xml130',
      query: [],
      headers: { contentType: 'application/xml' },
      body: Buffer.from(xml),
    });
  const good = (await check(files[0]!.xml)).body as Bundle;
  assert.equal(good.entry?.[0]?.response?.status, '200 OK');
  const r = (await check(bad)).body as Bundle;
  const response = r.entry?.[0]?.response;
  assert.equal(response?.status, '422 Unprocessable Entity');
  const issues = (response?.outcome as { issue: { severity: string; expression?: string[] }[] }).issue;
  assert.ok(
    issues.some((i) => i.severity === 'error' && i.expression?.[0] === 'XML1[1].NGAY_VAO'),
    JSON.stringify(issues),
  );
  assert.equal(await versions(), before, 'checking writes nothing');
});
