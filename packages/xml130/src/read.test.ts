import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readXml130File, type Xml130Visit } from './read/read-file.js';
import { change, ENTITY_BOMB, envelope, files, goodVisit, MA_LK, tableXml, visitFile } from './test-fixtures.js';

const bytes = (s: string): Uint8Array => Buffer.from(s, 'utf8');
const visitsOf = (input: string | Uint8Array) => [...readXml130File(input).visits()];

test('an envelope visit: every mapped table as rows, every table as received', () => {
  const [visit, more] = visitsOf(bytes(visitFile()));
  assert.equal(more, undefined);
  assert.equal(visit!.index, 1);
  assert.equal(visit!.source, 'envelope');
  assert.equal(visit!.tables.XML1!.HO_TEN, 'Trần Thị Mai');
  assert.equal(visit!.tables.XML2!.length, 2);
  assert.equal(visit!.tables.XML3![2]!.TEN_VAT_TU, 'Bơm tiêm 5ml');
  assert.equal(visit!.tables.XML4![0]!.DON_VI_DO, '10*9/L');
  assert.equal(
    visit!.tables.XML5![0]!.DIEN_BIEN_LS,
    'Sốt, ho 3 ngày. CSST<M90_T38.5_HA120/80_NT20>',
    'markup restored',
  );
  assert.equal(visit!.tables.XML13![0]!.GIAY_CHUYEN_TUYEN, '75001/2026/12', 'XML13 field named like its row');
  assert.equal(visit!.tables.XML14![0]!.NGAY_HEN_KL, '20260321');
  assert.equal(visit!.received.XML1, tableXml('XML1', goodVisit().XML1), 'kept byte for byte');
  assert.deepEqual(visit!.problems, []);
});

test('NOIDUNGFILE as plain XML, as CDATA, or escaped, reads the same as base64', () => {
  const expected = visitsOf(visitFile())[0]!.tables;
  for (const carrier of ['plain', 'cdata'] as const) {
    const [visit] = visitsOf(envelope([files(goodVisit(), carrier)]));
    assert.deepEqual(visit!.tables, expected, carrier);
    assert.deepEqual(visit!.problems, [], carrier);
  }
  const escaped = files(goodVisit(), 'plain').map((e) => ({
    ...e,
    content: e.content.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
  }));
  assert.deepEqual(visitsOf(envelope([escaped]))[0]!.tables, expected, 'escaped');
});

test('UTF-8 with a byte-order mark is read; other encodings are refused with the reason', () => {
  const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(visitFile(), 'utf8')]);
  assert.equal(visitsOf(withBom)[0]!.tables.XML1!.HO_TEN, 'Trần Thị Mai');
  // A Windows-1252/Latin-1 export: "é" is one byte 0xE9, not UTF-8.
  const latin1 = Buffer.from(visitFile().replace('<CHUKYDONVI/>', '<CHUKYDONVI>Café</CHUKYDONVI>'), 'latin1');
  const refused = readXml130File(latin1);
  assert.equal(refused.kind, 'unreadable');
  assert.equal(refused.problems[0]!.rule, 'input.encoding');
  assert.match(refused.problems[0]!.message.en, /not valid UTF-8 \(at byte \d+\)/);
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(visitFile(), 'utf16le')]);
  assert.match(readXml130File(utf16).problems[0]!.message.en, /UTF-16/);
  // Without a byte-order mark, declaring itself UTF-16: the bytes are valid UTF-8 (ASCII and zeros).
  const declaredUtf16 = visitFile().replace('encoding="utf-8"', 'encoding="UTF-16"');
  for (const noBom of [Buffer.from(declaredUtf16, 'utf16le'), Buffer.from(declaredUtf16, 'utf16le').swap16()]) {
    const read = readXml130File(noBom);
    assert.deepEqual(
      read.problems.map((p) => p.rule),
      ['input.encoding'],
    );
    assert.match(read.problems[0]!.message.en, /UTF-16/);
  }
  const declared = readXml130File(visitFile().replace('encoding="utf-8"', "encoding='TCVN3'"));
  assert.match(declared.problems[0]!.message.vi, /TCVN3/);
  // A table whose base64 decodes to bytes that are not UTF-8 is refused on its own; the rest of the visit is read.
  const entries = files(goodVisit()).map((e) =>
    e.type === 'XML5'
      ? { ...e, content: Buffer.from(tableXml('XML5', goodVisit().XML5), 'latin1').toString('base64') }
      : e,
  );
  const [visit] = visitsOf(envelope([entries]));
  assert.deepEqual(
    visit!.problems.map((p) => [p.rule, p.table]),
    [['input.encoding', 'XML5']],
  );
  assert.equal(visit!.tables.XML5, undefined);
  assert.ok(visit!.tables.XML1);
});

test('entity declarations are refused before parsing, fast, even inside a table', () => {
  const started = performance.now();
  const file = readXml130File(ENTITY_BOMB);
  assert.ok(performance.now() - started < 500);
  assert.deepEqual(
    file.problems.map((p) => p.rule),
    ['input.doctype'],
  );
  assert.deepEqual([...file.visits()], []);
  const inner = envelope([
    [
      ...files(goodVisit()).filter((e) => e.type !== 'XML7'),
      { type: 'XML7', content: Buffer.from(ENTITY_BOMB).toString('base64') },
    ],
  ]);
  const [visit] = visitsOf(inner);
  assert.deepEqual(
    visit!.problems.map((p) => [p.rule, p.table]),
    [['input.doctype', 'XML7']],
  );
  // External entities are declarations too.
  const external = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><TONG_HOP><HO_TEN>&xxe;</HO_TEN></TONG_HOP>`;
  assert.equal(readXml130File(external).problems[0]!.rule, 'input.doctype');
});

/** The hand-written visit under another MA_LK, in every table. */
function withKey(maLk: string) {
  const tables = change(goodVisit(), { XML1: { MA_LK: maLk } });
  for (const t of ['XML2', 'XML3', 'XML4', 'XML5', 'XML13', 'XML14'] as const)
    for (const row of tables[t]) row.MA_LK = maLk;
  return tables;
}

test('many HOSO in one file: a broken visit does not hide the others', () => {
  const broken = files(withKey('LK-TEST-0002')).map((e) => (e.type === 'XML2' ? { ...e, content: '%%%' } : e));
  const file = readXml130File(envelope([files(goodVisit()), broken, files(withKey('LK-TEST-0003'))]));
  assert.deepEqual(file.problems, []);
  const visits = [...file.visits()];
  assert.deepEqual(
    visits.map((v) => [v.index, v.maLk, v.problems.map((p) => p.rule)]),
    [
      [1, MA_LK, []],
      [2, 'LK-TEST-0002', ['envelope.bad-base64']],
      [3, 'LK-TEST-0003', []],
    ],
  );
  assert.equal(visits[1]!.tables.XML2, undefined, 'the bad table is skipped');
});

test('the same MA_LK in two HOSO: both visits carry the error, naming the positions', () => {
  const file = readXml130File(envelope([files(goodVisit()), files(withKey('LK-TEST-0002')), files(goodVisit())]));
  const visits = [...file.visits()];
  assert.deepEqual(
    visits.map((v) => v.problems.map((p) => [p.rule, p.table, p.field, p.value])),
    [[['visit.duplicate-ma-lk', 'XML1', 'MA_LK', MA_LK]], [], [['visit.duplicate-ma-lk', 'XML1', 'MA_LK', MA_LK]]],
  );
  assert.match(visits[0]!.problems[0]!.message.en, /MA_LK "LK-TEST-0001" is shared by HOSO 1, 3 of the file/);
});

test('a table skipped for its root does not count as received: the real one after it is read', () => {
  const visit = goodVisit();
  const mislabelled = { type: 'XML3', content: Buffer.from(tableXml('XML2', visit.XML2)).toString('base64') };
  const entries = files(visit).flatMap((e) => (e.type === 'XML3' ? [mislabelled, e] : [e]));
  const [read] = visitsOf(envelope([entries]));
  assert.deepEqual(
    read!.problems.map((p) => [p.rule, p.table]),
    [['envelope.table-root', 'XML3']],
  );
  assert.equal(read!.tables.XML3!.length, 3, 'the real XML3 is read');
  assert.equal(read!.received.XML3, tableXml('XML3', visit.XML3));
  assert.equal(read!.unreadTables, undefined);
});

test('visits are decoded one at a time, as they are asked for', () => {
  const broken = files(withKey('LK-TEST-0002')).map((e) => (e.type === 'XML1' ? { ...e, content: '%%%' } : e));
  const file = readXml130File(envelope([files(goodVisit()), broken]));
  const iterator = file.visits();
  const first = iterator.next();
  assert.equal(first.done, false);
  assert.deepEqual((first.value as Xml130Visit).problems, []);
  const second = iterator.next().value as Xml130Visit;
  assert.deepEqual(
    second.problems.map((p) => p.rule),
    ['envelope.bad-base64'],
    'XML1 was sent, so the visit is not said to lack it',
  );
  assert.deepEqual(second.unreadTables, ['XML1']);
  assert.equal(iterator.next().done, true);
});

test('a bare table file: its rows become visits by MA_LK', () => {
  const summary = visitsOf(tableXml('XML1', goodVisit().XML1));
  assert.equal(summary.length, 1);
  assert.equal(summary[0]!.source, 'table');
  assert.equal(summary[0]!.maLk, MA_LK);
  assert.equal(summary[0]!.facilityCode, '75001');
  const rows = goodVisit().XML4;
  rows.push({ ...rows[0]!, MA_LK: 'LK-TEST-0002', STT: '1' });
  const results = visitsOf(tableXml('XML4', rows));
  assert.deepEqual(
    results.map((v) => [v.maLk, v.tables.XML4!.length]),
    [
      [MA_LK, 2],
      ['LK-TEST-0002', 1],
    ],
  );
  // XML13 under a CHI_TIEU_… root, as some exports write it.
  const wrapped = `<CHI_TIEU_GIAYCHUYENTUYEN>${tableXml('XML13', goodVisit().XML13).replace(/^<\?xml[^>]*>/, '')}</CHI_TIEU_GIAYCHUYENTUYEN>`;
  const [referral] = visitsOf(wrapped);
  assert.equal(referral!.tables.XML13![0]!.MA_NOI_DEN, '79010');
  // A table we do not map yields no visit, and says so.
  const discharge = readXml130File(
    `<CHI_TIEU_DU_LIEU_GIAY_RA_VIEN><MA_LK>${MA_LK}</MA_LK></CHI_TIEU_DU_LIEU_GIAY_RA_VIEN>`,
  );
  assert.deepEqual(
    discharge.problems.map((p) => [p.rule, p.severity]),
    [['envelope.not-mapped', 'warning']],
  );
  assert.deepEqual([...discharge.visits()], []);
});

test('the size limit is checked before the file is decoded', () => {
  const big = bytes(visitFile());
  const file = readXml130File(big, { maxBytes: big.length - 1 });
  assert.deepEqual(
    file.problems.map((p) => p.rule),
    ['input.too-large'],
  );
  assert.equal(readXml130File(big, { maxBytes: big.length }).problems.length, 0);
});
