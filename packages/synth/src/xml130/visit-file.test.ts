import { test } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Visit } from '../model.js';
import {
  card,
  drugLine,
  drugs,
  duplicate,
  lab,
  life,
  oldCard,
  outpatientVisit,
  province,
  resident,
} from './fixtures.js';
import { readXml130Envelope, readXml130Rows } from '@lienthong/xml130';
import { visitXml130, xml130FileName } from './visit-file.js';

const prov = province();

function tablesOf(visit: Visit, l = life([visit])) {
  const xml = visitXml130(prov, l, visit);
  const envelope = readXml130Envelope(xml);
  const rows = (name: 'XML1' | 'XML2' | 'XML3' | 'XML4' | 'XML5') => {
    const table = envelope.tables[name];
    return table ? readXml130Rows(table) : [];
  };
  return { xml, envelope, rows, summary: rows('XML1')[0]! };
}

const DATE_TIME_FIELDS = [
  'NGAY_SINH',
  'NGAY_VAO',
  'NGAY_VAO_NOI_TRU',
  'NGAY_RA',
  'NGAY_TTOAN',
  'NGAY_YL',
  'NGAY_TH_YL',
  'NGAY_KQ',
  'THOI_DIEM_DBLS',
];
const DATE_FIELDS = ['GT_THE_TU', 'GT_THE_DEN', 'NGAY_TAI_KHAM'];

function assertCalendar(value: string, field: string) {
  const [y, mo, d, h, mi] = [
    value.slice(0, 4),
    value.slice(4, 6),
    value.slice(6, 8),
    value.slice(8, 10),
    value.slice(10, 12),
  ].map(Number);
  // NGAY_SINH may carry 00 for an unknown day or month; a visit's dates may not.
  const unknownAllowed = field === 'NGAY_SINH';
  assert.ok(y! >= 1900 && y! <= 2100, `${field} year ${value}`);
  assert.ok((unknownAllowed && mo === 0) || (mo! >= 1 && mo! <= 12), `${field} month ${value}`);
  assert.ok((unknownAllowed && d === 0) || (d! >= 1 && d! <= 31), `${field} day ${value}`);
  if (value.length === 12) assert.ok(h! <= 23 && mi! <= 59, `${field} time ${value}`);
}

function assertDateFields(row: Record<string, string>) {
  for (const [field, value] of Object.entries(row)) {
    if (value === '') continue;
    if (DATE_TIME_FIELDS.includes(field)) {
      assert.match(value, /^\d{12}$/, `${field} must be yyyymmddHHMM`);
      assertCalendar(value, field);
    }
    if (DATE_FIELDS.includes(field)) {
      assert.match(value, /^\d{8}$/, `${field} must be yyyymmdd`);
      assertCalendar(value, field);
    }
  }
}

test('the envelope parses and every NOIDUNGFILE is base64 of a well-formed table', () => {
  const visit = outpatientVisit();
  const { xml, envelope } = tablesOf(visit);
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<GIAMDINHHS>'));
  assert.equal(XMLValidator.validate(xml), true);
  const doc = new XMLParser({ parseTagValue: false }).parse(xml);
  const root = doc.GIAMDINHHS;
  assert.equal(root.THONGTINDONVI.MACSKCB, '75001');
  assert.equal(root.THONGTINHOSO.NGAYLAP, '20260314', 'NGAYLAP is the visit end date, not today');
  assert.equal(root.THONGTINHOSO.SOLUONGHOSO, '1');
  assert.equal(root.CHUKYDONVI, '', 'an empty signature element: the file is unsigned');
  const files = root.THONGTINHOSO.DANHSACHHOSO.HOSO.FILEHOSO;
  assert.deepEqual(
    files.map((f: any) => f.LOAIHOSO),
    ['XML1', 'XML2', 'XML3', 'XML4', 'XML5'],
  );
  const roots = [
    'TONG_HOP',
    'CHITIEU_CHITIET_THUOC',
    'CHITIEU_CHITIET_DVKT_VTYT',
    'CHITIEU_CHITIET_DICHVUCANLAMSANG',
    'CHITIEU_CHITIET_DIENBIENLAMSANG',
  ];
  files.forEach((file: any, i: number) => {
    assert.match(file.NOIDUNGFILE, /^[A-Za-z0-9+/]+={0,2}$/, `${file.LOAIHOSO} is base64`);
    const inner = Buffer.from(file.NOIDUNGFILE, 'base64').toString('utf8');
    assert.equal(XMLValidator.validate(inner), true, `${file.LOAIHOSO} is well-formed`);
    assert.ok(inner.startsWith(`<?xml version="1.0" encoding="utf-8"?>\n<${roots[i]}>`), file.LOAIHOSO);
    assert.equal(envelope.tables[file.LOAIHOSO as 'XML1'], inner);
  });
  assert.equal(envelope.facilityCode, '75001');
  assert.equal(envelope.createdOn, '20260314');
});

test('tables appear only when the visit has their content', () => {
  const bare = outpatientVisit({ drugs: [], labs: [], services: [], vitals: undefined });
  assert.deepEqual(Object.keys(tablesOf(bare).envelope.tables), ['XML1', 'XML5']);
  const onlyDrugs = outpatientVisit({ labs: [], services: [] });
  assert.deepEqual(Object.keys(tablesOf(onlyDrugs).envelope.tables), ['XML1', 'XML2', 'XML5']);
});

test('every date field matches its pattern and the visit times are Vietnam local', () => {
  const inpatient = outpatientVisit({
    type: 'inpatient',
    start: '2026-02-27T21:40:00+07:00',
    end: '2026-03-03T09:15:00+07:00',
    services: [
      {
        code: '15.1',
        name: 'Giường Nội khoa loại 1',
        group: '15',
        quantity: 4,
        unitPrice: 233_000,
        at: '2026-02-27T21:40:00+07:00',
      },
    ],
  });
  for (const visit of [outpatientVisit(), inpatient]) {
    const { rows, summary } = tablesOf(visit);
    for (const name of ['XML1', 'XML2', 'XML3', 'XML4', 'XML5'] as const) rows(name).forEach(assertDateFields);
    assert.equal(summary.NGAY_SINH, '199007090000');
    assert.equal(summary.GT_THE_TU, '20260101');
    assert.equal(summary.GT_THE_DEN, '20261231');
  }
  const { summary, rows } = tablesOf(inpatient);
  assert.equal(summary.NGAY_VAO, '202602272140');
  assert.equal(summary.NGAY_VAO_NOI_TRU, '202602272140');
  assert.equal(summary.NGAY_RA, '202603030915');
  assert.equal(summary.NGAY_TTOAN, '202603030915');
  assert.equal(summary.MA_LOAI_KCB, '03');
  assert.equal(summary.SO_NGAY_DTRI, '5', '27 Feb to 3 Mar, both days counted');
  assert.equal(summary.LY_DO_VNT, inpatient.reason);
  assert.equal(summary.NAM_QT, '2026');
  assert.equal(summary.THANG_QT, '3');
  assert.equal(rows('XML3')[0]!.NGAY_KQ, '202603030915', 'a bed-day ends with the stay');
  assert.equal(rows('XML3')[0]!.DON_VI_TINH, 'Ngày');
  assert.equal(rows('XML5').length, 2, 'admission and discharge notes');
  assert.match(rows('XML5')[1]!.DIEN_BIEN_LS!, /^Ra viện: Đỡ\./);
});

test('field lengths stay within the decision limits', () => {
  const longName = { family: 'Tôn Thất', middle: 'Công Tằng Tôn Nữ '.repeat(20), given: 'Ánh' };
  const many = Array.from({ length: 16 }, (_, i) => ({ icd10: `B${String(10 + i)}.${i % 10}`, display: `Bệnh ${i}` }));
  const visit = outpatientVisit({ diagnoses: many, referredFrom: '75010' });
  const l = life([visit], {
    resident: { ...resident, name: longName, address: { communeCode: '26068', line: 'Ấp 3, '.repeat(400) } },
  });
  const { summary, rows } = tablesOf(visit, l);
  const len = (s: string | undefined) => Array.from(s ?? '').length;
  assert.equal(len(summary.HO_TEN), 255, 'a 300+ character name is cut to 255');
  assert.ok(len(summary.DIA_CHI) <= 1024);
  assert.ok(len(summary.MA_LK) <= 100 && len(summary.MA_BN) <= 100 && len(summary.MA_HSBA) <= 100);
  assert.ok(len(summary.SO_CCCD) <= 15 && /^\d*$/.test(summary.SO_CCCD!));
  assert.ok(len(summary.DIEN_THOAI) <= 15);
  for (const number of summary.MA_THE_BHYT!.split(';')) assert.match(number, /^[A-Z]{2}[1-5]\d{12}$/);
  assert.equal(len(summary.MA_CSKCB), 5);
  assert.equal(len(summary.MA_DKBD), 5);
  assert.equal(len(summary.MA_NOI_DI), 5);
  assert.ok(len(summary.MA_BENH_CHINH) <= 7);
  const secondary = summary.MA_BENH_KT!.split(';');
  assert.ok(secondary.length <= 12 && len(summary.MA_BENH_KT) <= 100, summary.MA_BENH_KT);
  assert.ok(!secondary.includes(summary.MA_BENH_CHINH!));
  assert.ok(len(summary.GIAY_CHUYEN_TUYEN) > 0 && len(summary.GIAY_CHUYEN_TUYEN) <= 50);
  for (const row of rows('XML2')) {
    assert.ok(len(row.DUONG_DUNG) <= 4);
    assert.ok(len(row.MA_BAC_SI) <= 255);
  }
  for (const row of rows('XML4'))
    assert.ok(len(row.TEN_CHI_SO) <= 255 && len(row.GIA_TRI) <= 50 && len(row.MA_DICH_VU) <= 15);
});

test('a self-paying visit carries no card and no insurance money', () => {
  const visit = outpatientVisit({ insured: false });
  const { summary, rows } = tablesOf(visit);
  for (const field of ['MA_THE_BHYT', 'MA_DKBD', 'GT_THE_TU', 'GT_THE_DEN', 'MA_DOITUONG_KCB'])
    assert.equal(summary[field], '', field);
  assert.equal(summary.T_TONGCHI_BH, '0');
  assert.equal(summary.T_BHTT, '0');
  assert.equal(summary.T_BNCCT, '0');
  assert.equal(summary.T_BNTT, summary.T_TONGCHI_BV);
  for (const row of [...rows('XML2'), ...rows('XML3')]) {
    assert.equal(row.MUC_HUONG, '0');
    assert.equal(row.THANH_TIEN_BH, '0');
    assert.equal(row.T_BNTT, row.THANH_TIEN_BV);
    assert.equal(row.PHAM_VI, '1', 'the item is still on the fund list');
  }
  assert.equal(rows('XML2')[0]!.NGUON_CTRA, '');
});

test('an insured visit without any card on file is refused', () => {
  const visit = outpatientVisit();
  assert.throws(
    () => visitXml130(prov, life([visit], { resident: { ...resident, card: undefined } }), visit),
    /no card/,
  );
});

test('Vietnamese names and text round-trip through base64 intact', () => {
  const names = [
    { family: 'Đặng', middle: 'Thị Ngọc', given: 'Ánh' },
    { family: 'Nguyễn', middle: 'Hữu', given: 'Phước' },
    { family: 'Huỳnh', middle: '', given: 'Tấn Phát' },
    { family: 'Lê', middle: 'Quỳnh', given: 'Như' },
    // Decomposed input (base letters + combining marks) must come out NFC.
    { family: 'Trương'.normalize('NFD'), middle: 'Thị'.normalize('NFD'), given: 'Diễm'.normalize('NFD') },
  ];
  const expected = ['Đặng Thị Ngọc Ánh', 'Nguyễn Hữu Phước', 'Huỳnh Tấn Phát', 'Lê Quỳnh Như', 'Trương Thị Diễm'];
  names.forEach((name, i) => {
    const visit = outpatientVisit({ reason: 'Đau bụng & nôn <3 lần> "cấp"' });
    const { summary, rows } = tablesOf(visit, life([visit], { resident: { ...resident, name } }));
    assert.equal(summary.HO_TEN, expected[i]);
    assert.ok(summary.HO_TEN === summary.HO_TEN!.normalize('NFC'));
    assert.equal(summary.LY_DO_VV, 'Đau bụng & nôn <3 lần> "cấp"', 'markup characters are escaped and restored');
    assert.equal(summary.DIA_CHI, 'Số 12, đường Phạm Văn Thuận, Phường Trấn Biên, Tỉnh Đồng Nai');
    assert.equal(rows('XML2')[0]!.DON_VI_TINH, 'Viên');
    assert.equal(rows('XML2')[0]!.MA_BAC_SI, '004252/ĐNAI-CCHN');
  });
});

test("a duplicate registration's visit carries what that desk registered", () => {
  const visit = outpatientVisit({ patientId: duplicate.id });
  const { summary } = tablesOf(visit);
  assert.equal(summary.MA_BN, duplicate.id);
  assert.equal(summary.HO_TEN, 'Nguyen Thi Ngoc Anh');
  assert.equal(summary.SO_CCCD, '', 'the duplicate was registered without CCCD');
  assert.equal(summary.MA_THE_BHYT, oldCard.number, 'and with the old card');
  assert.equal(summary.GT_THE_DEN, '20251231');
  assert.match(summary.DIA_CHI!, /^So 12, duong Pham Van Thuan/);
  assert.equal(summary.GIOI_TINH, '2');
  // A visit of someone neither the resident nor a duplicate is an input error.
  assert.throws(() => tablesOf(outpatientVisit({ patientId: 'someone-else' })), /neither resident/);
});

test('why the patient came: registered facility, emergency, referral', () => {
  const code = (extra: Partial<Visit>) => tablesOf(outpatientVisit(extra)).summary.MA_DOITUONG_KCB;
  assert.equal(code({ facilityCode: card.registeredFacility }), '1.1');
  assert.equal(code({ type: 'emergency' }), '2');
  assert.equal(code({ referredFrom: '75010' }), '1.3');
  assert.equal(code({}), '3');
  const referred = tablesOf(outpatientVisit({ referredTo: '75001', facilityCode: '75010', dischargeType: 2 })).summary;
  assert.equal(referred.MA_NOI_DEN, '75001');
  assert.equal(referred.MA_LOAI_RV, '2');
});

test('lab results, vital signs and the doctor', () => {
  const { rows, summary } = tablesOf(outpatientVisit());
  const result = rows('XML4')[0]!;
  assert.equal(result.MA_DICH_VU, lab.serviceCode);
  assert.equal(result.MA_CHI_SO, 'WBC');
  assert.equal(result.GIA_TRI, '12.4');
  assert.equal(result.DON_VI_DO, '10*9/L');
  assert.equal(result.KET_LUAN, 'Cao');
  assert.equal(result.MO_TA, 'Khoảng tham chiếu: 4 - 10 10*9/L');
  assert.equal(result.NGAY_KQ, '202603140940');
  assert.equal(result.MA_BS_DOC_KQ, '004252/ĐNAI-CCHN');
  const test = rows('XML3').find((r) => r.MA_DICH_VU === lab.serviceCode)!;
  assert.equal(test.NGAY_KQ, '202603140940', 'a test is done when its result comes');
  assert.equal(rows('XML5')[0]!.DIEN_BIEN_LS, 'Lý do: Sốt, ho 3 ngày. CSST<M88_T38.2_HA130/85_NT20>');
  assert.equal(summary.CAN_NANG, '52.50');
  assert.equal(summary.MA_BENH_CHINH, 'J06.9');
  const noVitals = tablesOf(outpatientVisit({ vitals: undefined }));
  assert.ok(!noVitals.rows('XML5')[0]!.DIEN_BIEN_LS!.includes('CSST'));
  assert.equal(noVitals.summary.CAN_NANG, '');
});

test('drug lines: dose notation, registration and route codes', () => {
  const visit = outpatientVisit({
    drugs: [
      drugLine(drugs[1]!, 14, '2026-03-14T09:55:00+07:00', { days: 7 }),
      drugLine(drugs[2]!, 2, '2026-03-14T09:55:00+07:00', { dosage: 'Tiêm tĩnh mạch chậm', days: 2 }),
    ],
  });
  const [amox, ceftriaxone] = tablesOf(visit).rows('XML2');
  assert.equal(amox!.LIEU_DUNG, '1 viên/lần * 2 lần/ngày * 7 ngày [2 viên/ngày]');
  assert.equal(amox!.SO_DANG_KY, 'VD1234520', 'registration numbers carry no spaces');
  assert.equal(amox!.DUONG_DUNG, '1.01');
  assert.equal(amox!.STT, '1');
  assert.equal(ceftriaxone!.STT, '2');
  assert.equal(ceftriaxone!.DUONG_DUNG, '2.01');
  assert.equal(ceftriaxone!.LIEU_DUNG, 'Tiêm tĩnh mạch chậm * 2 ngày');
  assert.equal(ceftriaxone!.THANH_TIEN_BV, '55800');
  assert.match(ceftriaxone!.TT_THAU!, /^[^;]+;G\d+;N\d;\d{4}$/);
});

test('the same records give the same bytes', () => {
  const visit = outpatientVisit();
  const first = visitXml130(prov, life([visit]), visit);
  const copy = structuredClone(visit);
  const again = visitXml130(province(), life([copy]), copy);
  assert.equal(again, first);
  assert.equal(Buffer.compare(Buffer.from(again, 'utf8'), Buffer.from(first, 'utf8')), 0);
});

test('file names are the facility code and visit key, in safe characters', () => {
  assert.equal(xml130FileName(outpatientVisit()), '75001_b7e2c4d6-1a3f-4c5e-8d7a-6b5c4d3e2f1a.xml');
  assert.equal(
    xml130FileName(outpatientVisit({ id: '../a/b c?.x', facilityCode: '75 001' })),
    '75_001___a_b_c_.x.xml',
    'no part starts with a dot',
  );
  assert.match(xml130FileName(outpatientVisit({ id: 'Mã/lượt' })), /^[A-Za-z0-9._-]+$/);
});

test('the reader accepts tables carried as plain XML and refuses garbage', () => {
  const table = '<TONG_HOP><MA_LK>x</MA_LK><HO_TEN>Lê Văn Tám</HO_TEN></TONG_HOP>';
  const plain = `<GIAMDINHHS><THONGTINDONVI><MACSKCB>75001</MACSKCB></THONGTINDONVI><THONGTINHOSO><NGAYLAP>20260314</NGAYLAP><SOLUONGHOSO>1</SOLUONGHOSO><DANHSACHHOSO><HOSO><FILEHOSO><LOAIHOSO>XML1</LOAIHOSO><NOIDUNGFILE>${table}</NOIDUNGFILE></FILEHOSO></HOSO></DANHSACHHOSO></THONGTINHOSO><CHUKYDONVI/></GIAMDINHHS>`;
  const envelope = readXml130Envelope(plain);
  assert.deepEqual(readXml130Rows(envelope.tables.XML1!), [{ MA_LK: 'x', HO_TEN: 'Lê Văn Tám' }]);
  const garbage = plain.replace(table, Buffer.from('not xml at all').toString('base64'));
  assert.throws(() => readXml130Envelope(garbage), /neither XML nor valid base64/);
  assert.throws(() => readXml130Envelope(plain.replace('>XML1<', '>XML99<')), /LOAIHOSO/);
  assert.throws(() => readXml130Envelope('<other/>'), /GIAMDINHHS/);
});
