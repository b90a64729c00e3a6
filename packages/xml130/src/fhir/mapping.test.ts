import { test } from 'node:test';
import assert from 'node:assert/strict';
import type {
  Bundle,
  ChargeItem,
  MedicationRequest,
  Procedure,
  Condition,
  DocumentReference,
  Encounter,
  Observation,
  Patient,
  Resource,
} from '@medplum/fhirtypes';
import { CS, EXT, SID } from '@lienthong/core';
import { readXml130File } from '../read/read-file.js';
import { envelope, files, goodVisit, visitFile, change, MA_LK } from '../test-fixtures.js';
import { visitBundle, visitResources } from './visit-bundle.js';
import { visitTablesFromFhir } from './export/export-visit.js';
import { fhirBirthDate, fieldsOf } from './values.js';
import { xml130Origin } from './origin.js';
import { checkXml130Visit } from '../check/check-visit.js';
import { parseVitalSigns } from './vital-signs.js';
import { vietnameseName } from './patient.js';

function visitOf(xml: string) {
  const [visit] = [...readXml130File(xml).visits()];
  return visit!;
}
const byType = (all: Resource[], type: string) => all.filter((r) => r.resourceType === type);

test('birth dates keep their precision; names split family / middle / given', () => {
  assert.deepEqual(fhirBirthDate('198500000000'), { date: '1985' });
  assert.deepEqual(fhirBirthDate('198507000000'), { date: '1985-07' });
  assert.deepEqual(fhirBirthDate('198507140000'), { date: '1985-07-14' });
  assert.equal(fhirBirthDate('198507141230').time, '1985-07-14T12:30:00+07:00');
  assert.deepEqual(vietnameseName('Nguyễn  Thị Minh Khai'), {
    use: 'official',
    text: 'Nguyễn Thị Minh Khai',
    family: 'Nguyễn',
    given: ['Thị Minh', 'Khai'],
  });
});

test('CSST<…> vital signs parse; unknown items are skipped', () => {
  assert.deepEqual(parseVitalSigns('Lý do: sốt. CSST<M88_T38.2_HA130/85_NT20_HL5>'), [
    { kind: 'pulse', values: [88] },
    { kind: 'temperature', values: [38.2] },
    { kind: 'blood-pressure', values: [130, 85] },
    { kind: 'respiratory-rate', values: [20] },
  ]);
  assert.deepEqual(parseVitalSigns('no notation'), []);
});

test('XML1 → Patient, Encounter, Conditions, Coverage, Claim', () => {
  const tables = goodVisit();
  const all = visitResources(visitOf(visitFile(tables)));
  const xml1 = tables.XML1;
  const patient = all[0] as Patient;
  const facility = xml1.MA_CSKCB!;
  assert.equal(patient.identifier?.find((i) => i.system === SID.maBn(facility))?.value, xml1.MA_BN);
  assert.equal(patient.name?.[0]?.text, xml1.HO_TEN);
  const encounter = byType(all, 'Encounter')[0] as Encounter;
  assert.equal(encounter.identifier?.[0]?.value, MA_LK);
  assert.equal(encounter.serviceProvider?.reference, `Organization/cs-${facility}`);
  const conditions = byType(all, 'Condition') as Condition[];
  assert.equal(conditions[0]!.code?.coding?.[0]?.code, xml1.MA_BENH_CHINH);
  assert.equal(encounter.diagnosis?.length, conditions.length);
  assert.equal(byType(all, 'Claim').length, 1);
  assert.ok(byType(all, 'Coverage').length >= 1);
  assert.ok(encounter.extension?.some((e) => e.url === EXT.treatmentResult) || !xml1.KET_QUA_DTRI);
});

test('one resource per row of XML2, XML3, XML4 (and a report per service), XML5, XML13, XML14', () => {
  const tables = goodVisit();
  const all = visitResources(visitOf(visitFile(tables)));
  assert.equal(byType(all, 'MedicationRequest').length, tables.XML2.length);
  assert.equal(byType(all, 'ChargeItem').length, tables.XML3.length);
  const labs = byType(all, 'Observation').filter((o) =>
    (o as Observation).category?.[0]?.coding?.some((c) => c.code === 'laboratory'),
  );
  assert.equal(labs.length, tables.XML4.length);
  assert.equal(byType(all, 'DiagnosticReport').length, new Set(tables.XML4.map((r) => r.MA_DICH_VU)).size);
  assert.equal(byType(all, 'ClinicalImpression').length, tables.XML5.length);
  assert.equal(byType(all, 'ServiceRequest').length, tables.XML13.length);
  assert.equal(byType(all, 'Appointment').length, tables.XML14.length);
});

test('ids are deterministic and the Patient goes by conditional update', () => {
  const xml = visitFile(goodVisit());
  const a = visitBundle(visitOf(xml)) as Bundle;
  const b = visitBundle(visitOf(xml)) as Bundle;
  assert.deepEqual(a, b);
  assert.match(a.entry![0]!.request!.url, /^Patient\?identifier=/);
  assert.ok(a.entry!.slice(1).every((e) => e.request?.url === `${e.resource!.resourceType}/${e.resource!.id}`));
  const ids = a.entry!.slice(1).map((e) => `${e.resource!.resourceType}/${e.resource!.id}`);
  assert.equal(new Set(ids).size, ids.length);
  const other = visitBundle(visitOf(visitFile(change(goodVisit(), { XML1: { MA_LK: 'LK-OTHER' } }))));
  const encounterId = (bundle: Bundle) =>
    bundle.entry!.find((e) => e.resource?.resourceType === 'Encounter')!.resource!.id;
  assert.notEqual(encounterId(other), encounterId(a));
});

test('export gives back the fields of XML1–XML5, XML13 and XML14', () => {
  const tables = goodVisit();
  const all = visitResources(visitOf(visitFile(tables)));
  const encounter = byType(all, 'Encounter')[0] as Encounter;
  const out = visitTablesFromFhir(encounter, all);
  const nonEmpty = (row: Record<string, string | undefined>) =>
    Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined && v !== ''));
  assert.deepEqual(out.XML1, nonEmpty(tables.XML1));
  for (const t of ['XML2', 'XML3', 'XML4', 'XML5', 'XML13', 'XML14'] as const) {
    assert.deepEqual(out[t], tables[t].map(nonEmpty), t);
  }
  assert.equal(CS.icd10, 'http://hl7.org/fhir/sid/icd-10');
});

test('XML4 round trip: a unit beside a value that is no number, and a row with no indicator name', () => {
  const tables = change(goodVisit(), {
    'XML4#1': { GIA_TRI: '<0.5', DON_VI_DO: 'mmol/L' },
    'XML4#2': { GIA_TRI: '', DON_VI_DO: 'g/L', MA_CHI_SO: '', TEN_CHI_SO: '' },
  });
  const all = visitResources(visitOf(visitFile(tables)));
  const out = visitTablesFromFhir(byType(all, 'Encounter')[0] as Encounter, all);
  assert.equal(out.XML4[0]!.GIA_TRI, '<0.5');
  assert.equal(out.XML4[0]!.DON_VI_DO, 'mmol/L');
  assert.equal(out.XML4[1]!.DON_VI_DO, 'g/L');
  assert.equal(out.XML4[1]!.TEN_CHI_SO, undefined, 'no name is made up from the service code');
  assert.equal(out.XML4[1]!.MA_DICH_VU, tables.XML4[1]!.MA_DICH_VU);
});

test('rows without STT come back in the file’s order, whatever order the record gives them in', () => {
  const tables = goodVisit();
  for (const t of ['XML2', 'XML3', 'XML4', 'XML5'] as const) for (const row of tables[t]) delete row.STT;
  const all = visitResources(visitOf(visitFile(tables))).reverse();
  const out = visitTablesFromFhir(byType(all, 'Encounter')[0] as Encounter, all);
  for (const t of ['XML2', 'XML3', 'XML4'] as const) {
    assert.ok(tables[t].length > 1, t);
    assert.deepEqual(
      out[t].map((r) => r.MA_LK + (r.MA_THUOC ?? r.MA_DICH_VU ?? '') + (r.MA_CHI_SO ?? '')),
      tables[t].map((r) => r.MA_LK! + (r.MA_THUOC ?? r.MA_DICH_VU ?? '') + (r.MA_CHI_SO ?? '')),
      t,
    );
  }
});

test('a table not mapped yet is kept as received, with the visit', () => {
  const xml7 = `<?xml version="1.0" encoding="utf-8"?>\n<CHI_TIEU_DU_LIEU_GIAY_RA_VIEN><MA_LK>${MA_LK}</MA_LK><PP_DIEUTRI>Nội khoa</PP_DIEUTRI></CHI_TIEU_DU_LIEU_GIAY_RA_VIEN>\n`;
  const entries = [...files(goodVisit()), { type: 'XML7', content: Buffer.from(xml7, 'utf8').toString('base64') }];
  const visit = visitOf(envelope([entries]));
  assert.ok(visit.problems.some((p) => p.rule === 'envelope.not-mapped' && p.table === 'XML7'));
  const kept = byType(visitResources(visit), 'DocumentReference') as DocumentReference[];
  assert.equal(kept.length, 1);
  assert.equal(kept[0]!.type?.coding?.[0]?.code, 'XML7');
  assert.equal(Buffer.from(kept[0]!.content[0]!.attachment.data!, 'base64').toString('utf8'), xml7);
  const encounter = byType(visitResources(visit), 'Encounter')[0]!;
  assert.equal(kept[0]!.context?.encounter?.[0]?.reference, `Encounter/${encounter.id}`);
});

test('a procedure row (MA_NHOM 8 or 18) is a Procedure beside its ChargeItem; other groups are charges only', () => {
  const eighteen = change(goodVisit(), { 'XML3#1': { MA_NHOM: '18' } });
  assert.equal(byType(visitResources(visitOf(visitFile(eighteen))), 'Procedure').length, 1);
  const tables = change(goodVisit(), { 'XML3#1': { MA_NHOM: '8', NGUOI_THUC_HIEN: 'A-1;B-2' } });
  const all = visitResources(visitOf(visitFile(tables)));
  const procedures = byType(all, 'Procedure') as Procedure[];
  assert.equal(procedures.length, 1);
  assert.equal(procedures[0]!.code?.coding?.[0]?.code, tables.XML3[0]!.MA_DICH_VU);
  assert.deepEqual(
    procedures[0]!.performer?.map((p) => p.actor.identifier?.value),
    ['A-1', 'B-2'],
  );
  const charge = (byType(all, 'ChargeItem') as ChargeItem[])[0]!;
  assert.equal(charge.service?.[0]?.reference, `Procedure/${procedures[0]!.id}`);
  assert.equal(byType(visitResources(visitOf(visitFile(goodVisit()))), 'Procedure').length, 0);
});

test('every resource but Patient and Coverage names the table it came from', () => {
  const all = visitResources(visitOf(visitFile(goodVisit())));
  for (const r of all) {
    const tagged = xml130Origin(r) !== undefined;
    assert.equal(tagged, r.resourceType !== 'Patient' && r.resourceType !== 'Coverage', r.resourceType);
  }
  const drug = byType(all, 'MedicationRequest')[0]!;
  assert.equal(drug.meta?.tag?.[0]?.code, 'XML2');
});

test('a field whose FHIR value would not give its text back is kept verbatim too, and only then', () => {
  const plain = visitResources(visitOf(visitFile(goodVisit())));
  assert.equal(fieldsOf(byType(plain, 'MedicationRequest')[0] as MedicationRequest).SO_LUONG, undefined);
  const odd = change(goodVisit(), { 'XML2#1': { SO_LUONG: '10.0', MA_BAC_SI: 'A-1;B-2' } });
  const fields = fieldsOf(byType(visitResources(visitOf(visitFile(odd))), 'MedicationRequest')[0] as MedicationRequest);
  assert.equal(fields.SO_LUONG, '10.0');
  assert.equal(fields.MA_BAC_SI, 'A-1;B-2');
});

test('NGAY_HEN_KL as a day or with its time: both accepted, both given back as written', () => {
  for (const written of ['20260321', '202603210800']) {
    const tables = change(goodVisit(), { 'XML14#1': { NGAY_HEN_KL: written } });
    const visit = visitOf(visitFile(tables));
    assert.deepEqual(
      checkXml130Visit(visit).filter((p) => p.severity === 'error'),
      [],
    );
    const all = visitResources(visit);
    const out = visitTablesFromFhir(byType(all, 'Encounter')[0] as Encounter, all);
    assert.equal(out.XML14[0]!.NGAY_HEN_KL, written);
  }
  const bad = visitOf(visitFile(change(goodVisit(), { 'XML14#1': { NGAY_HEN_KL: '2026032' } })));
  assert.ok(checkXml130Visit(bad).some((p) => p.rule === 'field.date' && p.field === 'NGAY_HEN_KL'));
});
