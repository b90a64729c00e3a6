import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkXml130File } from './report/check-file.js';
import type { Xml130ReadOptions } from './read/read-file.js';
import { RULE_IDS, type RuleId } from './rules.js';
import {
  change,
  ENTITY_BOMB,
  envelope,
  files,
  goodVisit,
  MA_LK,
  rebalance,
  tableXml,
  visitFile,
  type TableSet,
} from './test-fixtures.js';

/** Every problem of a file, its own and its visits'. */
function problemsOf(input: string | Uint8Array, options?: Xml130ReadOptions) {
  const report = checkXml130File('fixture.xml', input, options);
  return [...report.problems, ...report.visits.flatMap((v) => v.problems)];
}

const rulesOf = (input: string | Uint8Array, options?: Xml130ReadOptions): string[] =>
  [...new Set(problemsOf(input, options).map((p) => p.rule))].sort();

const edited = (edits: Record<string, Record<string, string>>, tables: TableSet = goodVisit()): string =>
  visitFile(change(tables, edits));

const withEntry = (type: string, content: string): string => envelope([[...files(goodVisit()), { type, content }]]);

/** Two referral papers of the visit, in the wrapped form some HIS export (CHI_TIEU_…/DSACH_…/GIAY_CHUYEN_TUYEN). */
function twoReferrals(): string {
  const paper = tableXml('XML13', goodVisit().XML13).replace(/^<\?xml[^>]*>\n/, '');
  return `<CHI_TIEU_GIAYCHUYENTUYEN><DSACH_GIAY_CHUYEN_TUYEN>\n${paper}${paper}</DSACH_GIAY_CHUYEN_TUYEN></CHI_TIEU_GIAYCHUYENTUYEN>`;
}

/** The hand-written visit with one table replaced by the given XML. */
const withTable = (type: string, xml: string): string =>
  envelope([
    files(goodVisit()).map((e) => (e.type === type ? { type, content: Buffer.from(xml).toString('base64') } : e)),
  ]);

/**
 * One fixture per rule, each breaking that rule alone: the checker must
 * report exactly that rule for it (a rule that fires too widely, or not at
 * all, fails here).
 */
const CASES: Record<
  RuleId,
  () => {
    input: string | Uint8Array;
    options?: Xml130ReadOptions;
    /** A rule that only comes with another. */ also?: RuleId;
  }
> = {
  'input.too-large': () => ({ input: visitFile(), options: { maxBytes: 1000 } }),
  'input.encoding': () => ({ input: visitFile().replace('encoding="utf-8"', 'encoding="windows-1258"') }),
  'input.doctype': () => ({ input: ENTITY_BOMB }),
  'input.malformed': () => ({ input: visitFile().replace('<CHUKYDONVI/>', '<CHUKYDONVI>') }),
  'input.empty': () => ({ input: '' }),
  'input.truncated': () => ({ input: visitFile().slice(0, 500) }),
  'input.several-roots': () => ({ input: visitFile() + '<GIAMDINHHS/>\n' }),
  'input.not-xml130': () => ({ input: '<?xml version="1.0" encoding="utf-8"?>\n<HOADON><SO>1</SO></HOADON>\n' }),
  'envelope.no-records': () => ({ input: envelope([]) }),
  'envelope.count': () => ({ input: envelope([files(goodVisit())], { count: '2' }) }),
  'envelope.unknown-table': () => ({ input: withEntry('XML99', Buffer.from('<X/>').toString('base64')) }),
  'envelope.duplicate-table': () => ({ input: withEntry('XML5', files({ XML5: goodVisit().XML5 })[0]!.content) }),
  'envelope.bad-base64': () => ({ input: withEntry('XML7', 'PEdJQVlf@@UkFfVklFTj4=') }),
  'envelope.table-root': () => {
    const entries = files(goodVisit()).map((e) =>
      e.type === 'XML5'
        ? { type: 'XML5', content: Buffer.from(tableXml('XML4', goodVisit().XML4)).toString('base64') }
        : e,
    );
    return { input: envelope([entries]) };
  },
  'envelope.not-mapped': () => ({
    input: withEntry(
      'XML7',
      Buffer.from(`<CHI_TIEU_DU_LIEU_GIAY_RA_VIEN><MA_LK>${MA_LK}</MA_LK></CHI_TIEU_DU_LIEU_GIAY_RA_VIEN>`).toString(
        'base64',
      ),
    ),
  }),
  'envelope.facility': () => ({ input: envelope([files(goodVisit())], { facility: '75002' }) }),
  'visit.missing-summary': () => {
    const { XML1: _summary, ...rest } = goodVisit();
    return { input: envelope([files(rest)]) };
  },
  'visit.missing-ma-lk': () => ({ input: edited({ XML1: { MA_LK: '' } }) }),
  'visit.ma-lk': () => ({ input: edited({ 'XML4#2': { MA_LK: 'LK-TEST-0002' } }) }),
  'visit.duplicate-ma-lk': () => ({ input: envelope([files(goodVisit()), files(goodVisit())]) }),
  'visit.single-row': () => ({ input: withTable('XML13', twoReferrals()) }),
  'field.unknown': () => ({ input: edited({ XML1: { HO_TEN_KHAC: 'Mai' } }) }),
  'field.required': () => ({ input: edited({ XML1: { HO_TEN: '' } }) }),
  'field.max-length': () => ({ input: edited({ XML1: { HO_TEN: 'Tôn Nữ '.repeat(40) + 'Mai' } }) }),
  'field.number': () => ({ input: edited({ XML1: { CAN_NANG: '52,5' } }) }),
  'field.decimals': () => ({ input: edited({ XML1: { CAN_NANG: '52.555' } }) }),
  'field.date': () => ({ input: edited({ XML1: { NGAY_TAI_KHAM: '21/03/2026' } }) }),
  'field.birth-date': () => ({ input: edited({ XML1: { NGAY_SINH: '198500120000' } }) }),
  'field.duplicate-stt': () => ({ input: edited({ 'XML2#2': { STT: '1' } }) }),
  'field.settlement-period': () => ({ input: edited({ XML1: { THANG_QT: '13' } }) }),
  'code.sex': () => ({ input: edited({ XML1: { GIOI_TINH: '4' } }) }),
  'code.visit-type': () => ({ input: edited({ XML1: { MA_LOAI_KCB: '1' } }) }),
  'code.discharge-type': () => ({ input: edited({ XML1: { MA_LOAI_RV: '6' } }) }),
  'code.treatment-result': () => ({ input: edited({ XML1: { KET_QUA_DTRI: '8' } }) }),
  'code.icd10': () => ({ input: edited({ XML1: { MA_BENH_KT: 'R50.9;E119X' } }) }),
  'code.icd10-count': () => ({
    input: edited({ XML1: { MA_BENH_KT: 'A01;A02;A03;A04;A05;A06;A07;A08;A09;B01;B02;B03;B04' } }),
  }),
  'code.facility': () => ({ input: edited({ XML1: { MA_NOI_DEN: '7901' } }) }),
  'id.cccd': () => ({ input: edited({ XML1: { SO_CCCD: '099185004321' } }) }),
  'id.cccd-mismatch': () => ({ input: edited({ XML1: { SO_CCCD: '075085004321' } }) }),
  'id.bhyt': () => ({ input: edited({ XML1: { MA_THE_BHYT: 'GD47501234567' } }) }),
  'id.bhyt-group': () => ({ input: edited({ XML1: { MA_THE_BHYT: 'ZZ4750123456789' } }) }),
  'id.card-lists': () => ({ input: edited({ XML1: { MA_DKBD: '75001;75010' } }) }),
  'money.line-total': () => ({ input: edited({ 'XML2#1': { DON_GIA: '1550' } }) }),
  'money.line-rounding': () => ({
    input: visitFile(
      rebalance(change(goodVisit(), { 'XML2#2': { THANH_TIEN_BV: '17283.93', THANH_TIEN_BH: '17283.93' } })),
    ),
  }),
  'money.rate': () => ({ input: edited({ 'XML2#1': { TYLE_TT_BH: '120' } }) }),
  'money.benefit-level': () => ({ input: edited({ 'XML2#1': { MUC_HUONG: '70' } }) }),
  'money.line-insured': () => ({ input: edited({ 'XML2#1': { TYLE_TT_BH: '50' } }) }),
  'money.insured-over': () => ({
    input: visitFile(rebalance(change(goodVisit(), { 'XML3#1': { THANH_TIEN_BH: '50700' } }))),
  }),
  // The fund's share raised without lowering the co-payment: 12500 + 3000 ≠ 15000.
  'money.line-split': () => ({ input: visitFile(rebalance(change(goodVisit(), { 'XML2#1': { T_BHTT: '12500' } }))) }),
  'money.total': () => ({ input: edited({ XML1: { T_TONGCHI_BV: '131184.95' } }) }),
  'money.drugs': () => ({ input: edited({ XML1: { T_THUOC: '32283' } }) }),
  'money.supplies': () => ({ input: edited({ XML1: { T_VTYT: '0' } }) }),
  'money.sum': () => ({ input: edited({ XML1: { T_BHTT: '104947' } }) }),
  'money.sums-skipped': () => ({
    input: envelope([files(goodVisit()).map((e) => (e.type === 'XML2' ? { ...e, content: '%%%' } : e))]),
    also: 'envelope.bad-base64',
  }),
  'date.visit-order': () => ({ input: edited({ XML1: { NGAY_RA: '202603140700' } }) }),
  'date.birth-after-visit': () => ({ input: edited({ XML1: { NGAY_SINH: '202604010000', SO_CCCD: '' } }) }),
  'date.card-order': () => ({ input: edited({ XML1: { GT_THE_TU: '20261231', GT_THE_DEN: '20260101' } }) }),
  'date.card-validity': () => ({ input: edited({ XML1: { GT_THE_TU: '20260401' } }) }),
  'date.payment': () => ({ input: edited({ XML1: { NGAY_TTOAN: '202603141000' } }) }),
  'date.order-outside-visit': () => ({
    input: edited({ 'XML2#1': { NGAY_YL: '202603141100', NGAY_TH_YL: '202603141100' } }),
  }),
  'date.done-before-ordered': () => ({ input: edited({ 'XML3#2': { NGAY_TH_YL: '202603140835' } }) }),
  'date.result-outside-visit': () => ({ input: edited({ 'XML4#1': { NGAY_KQ: '202603141200' } }) }),
  'date.course-outside-visit': () => ({ input: edited({ 'XML5#1': { THOI_DIEM_DBLS: '202603131000' } }) }),
};

test('the hand-written visit breaks no rule, in every table', () => {
  const report = checkXml130File('good.xml', visitFile());
  assert.deepEqual(problemsOf(visitFile()), []);
  assert.equal(report.visits.length, 1);
  assert.deepEqual(report.visits[0]!.tables, ['XML1', 'XML2', 'XML3', 'XML4', 'XML5', 'XML13', 'XML14']);
  assert.equal(report.visits[0]!.maLk, MA_LK);
  assert.equal(report.visits[0]!.facilityCode, '75001');
});

test('every rule of the catalogue has a fixture', () => {
  assert.deepEqual(Object.keys(CASES).sort(), [...RULE_IDS].sort());
});

for (const rule of RULE_IDS) {
  test(`${rule}: its fixture reports exactly that rule`, () => {
    const { input, options, also } = CASES[rule]();
    assert.deepEqual(rulesOf(input, options), [rule, ...(also ? [also] : [])].sort());
    for (const p of problemsOf(input, options)) {
      assert.ok(p.message.vi.length > 10 && p.message.en.length > 10, `${rule} has both messages`);
      assert.ok(!/undefined/.test(p.message.vi + p.message.en), `${rule}: ${p.message.en}`);
    }
  });
}

test('a problem says where: table, 1-based row, field and value', () => {
  const [p] = problemsOf(edited({ 'XML3#2': { NGAY_TH_YL: '202603140835' } }));
  assert.deepEqual(
    { table: p!.table, row: p!.row, field: p!.field, value: p!.value, severity: p!.severity },
    { table: 'XML3', row: 2, field: 'NGAY_TH_YL', value: '202603140835', severity: 'error' },
  );
  assert.match(p!.message.vi, /NGAY_TH_YL/);
  assert.match(p!.message.en, /NGAY_TH_YL/);
});

test('NGAY_SINH: unknown parts are zeros, in order', () => {
  const birth = (value: string): string[] => rulesOf(edited({ XML1: { NGAY_SINH: value, SO_CCCD: '' } }));
  assert.deepEqual(birth('198500000000'), [], 'only the year known');
  assert.deepEqual(birth('198503000000'), [], 'year and month known');
  assert.deepEqual(birth('198503121430'), [], 'down to the minute');
  for (const bad of ['19850312', '198513000000', '198502300000', '198500000830', '198503001200', '19850312143a'])
    assert.deepEqual(birth(bad), ['field.birth-date'], bad);
});

test('the CCCD is checked against a year-only birth date too', () => {
  assert.deepEqual(rulesOf(edited({ XML1: { NGAY_SINH: '198500000000' } })), []);
  assert.deepEqual(rulesOf(edited({ XML1: { NGAY_SINH: '198600000000' } })), ['id.cccd-mismatch']);
  assert.deepEqual(rulesOf(edited({ XML1: { SO_CCCD: 'B1234567' } })), [], 'a passport number is left alone');
});

test('several cards: each checked, and the lists must line up', () => {
  const two = { MA_THE_BHYT: 'GD4750123456789;HN2750123456789', MA_DKBD: '75001;75010' };
  assert.deepEqual(
    rulesOf(edited({ XML1: { ...two, GT_THE_TU: '20260101;20250101', GT_THE_DEN: '20261231;20251231' } })),
    [],
  );
  assert.deepEqual(rulesOf(edited({ XML1: { ...two, GT_THE_TU: '20260101', GT_THE_DEN: '20261231;20251231' } })), [
    'id.card-lists',
  ]);
  assert.deepEqual(rulesOf(edited({ XML1: { MA_THE_BHYT: 'GD4750123456789;GD47' } })).sort(), [
    'id.bhyt',
    'id.card-lists',
  ]);
});

test('a malformed value is reported once, not again by the rules that use it', () => {
  assert.deepEqual(rulesOf(edited({ XML1: { GIOI_TINH: 'nữ' } })), ['field.number']);
  assert.deepEqual(rulesOf(edited({ 'XML2#1': { THANH_TIEN_BV: '15.000,00' } })), ['field.number']);
  assert.deepEqual(rulesOf(edited({ XML1: { NGAY_VAO: '2026-03-14 08:15' } })), ['field.date']);
});

test('XML3 lines are priced with TYLE_TT_DV, and amounts round half up', () => {
  const half = change(goodVisit(), {
    'XML3#1': { TYLE_TT_DV: '50', THANH_TIEN_BV: '25300', THANH_TIEN_BH: '25300', T_BHTT: '20240', T_BNCCT: '5060' },
  });
  assert.deepEqual(rulesOf(visitFile(rebalance(half))), []);
  // 3 × 0.335 = 1.005 → 1.01 (half up), not 1.00.
  const tiny = {
    SO_LUONG: '3',
    DON_GIA: '0.335',
    THANH_TIEN_BV: '1.01',
    THANH_TIEN_BH: '1.01',
    T_BHTT: '0.81',
    T_BNCCT: '0.2',
  };
  assert.deepEqual(rulesOf(visitFile(rebalance(change(goodVisit(), { 'XML2#1': tiny })))), []);
  const truncated = rebalance(change(goodVisit(), { 'XML2#1': { ...tiny, THANH_TIEN_BV: '1', THANH_TIEN_BH: '1' } }));
  assert.deepEqual(rulesOf(visitFile(truncated)), ['money.line-rounding']);
});

test('rules across tables wait for a whole visit: a bare table file is checked row by row', () => {
  const bare = tableXml('XML2', change(goodVisit(), { 'XML2#1': { NGAY_YL: '202612310000' } }).XML2);
  assert.deepEqual(rulesOf(bare), [], 'no XML1: no period to compare with');
  assert.deepEqual(rulesOf(tableXml('XML2', change(goodVisit(), { 'XML2#1': { DON_GIA: '1' } }).XML2)), [
    'money.line-total',
  ]);
});

test('STT is unique within each table; XML13 and XML14 hold one row; the problem names the row', () => {
  const [stt] = problemsOf(edited({ 'XML2#2': { STT: '1' } }));
  assert.deepEqual([stt!.table, stt!.row, stt!.field, stt!.value], ['XML2', 2, 'STT', '1']);
  assert.match(stt!.message.en, /STT must be unique in the table/);
  assert.deepEqual(rulesOf(edited({ 'XML4#2': { STT: '01' } })), ['field.duplicate-stt'], '01 is the number 1');
  assert.deepEqual(rulesOf(edited({ 'XML2#2': { STT: '' }, 'XML2#1': { STT: '' } })), [], 'no STT: nothing to compare');
  assert.deepEqual(rulesOf(edited({ 'XML3#1': { STT: '2' } })), ['field.duplicate-stt']);
  const [referral] = problemsOf(withTable('XML13', twoReferrals()));
  assert.deepEqual([referral!.rule, referral!.table, referral!.row], ['visit.single-row', 'XML13', 2]);
});

test('a row without MA_LK is told so, naming its table and row', () => {
  const problems = problemsOf(edited({ 'XML3#2': { MA_LK: '' } }));
  assert.deepEqual(
    problems.map((p) => [p.rule, p.table, p.row, p.field]),
    [['field.required', 'XML3', 2, 'MA_LK']],
  );
  assert.equal(problems[0]!.message.en, 'MA_LK is missing: the field is required in XML3.');
});

test('the settlement period and the envelope facility code are checked', () => {
  assert.deepEqual(rulesOf(edited({ XML1: { NAM_QT: '0000' } })), ['field.settlement-period']);
  assert.deepEqual(rulesOf(edited({ XML1: { THANG_QT: '0' } })), ['field.settlement-period']);
  assert.deepEqual(rulesOf(edited({ XML1: { THANG_QT: '12', NAM_QT: '2026' } })), []);
  const bad = problemsOf(envelope([files(goodVisit())], { facility: '75-01' }));
  assert.deepEqual(
    bad.map((p) => [p.rule, p.field]),
    [
      ['code.facility', 'MACSKCB'],
      ['envelope.facility', 'MA_CSKCB'],
    ],
  );
});

test('line money: rates, benefit level, and THANH_TIEN_BH from THANH_TIEN_BV × TYLE_TT_BH / 100', () => {
  // 14 × 1234.567 = 17283.938 → 17283.94; at 80 %: 17283.94 × 0.8 = 13827.152 → 13827.15,
  // 17283.938 × 0.8 = 13827.1504 → 13827.15 too.
  const partial = {
    TYLE_TT_BH: '80',
    THANH_TIEN_BH: '13827.15',
    T_BHTT: '11061.72',
    T_BNCCT: '2765.43',
    T_BNTT: '3456.79',
  };
  assert.deepEqual(rulesOf(visitFile(rebalance(change(goodVisit(), { 'XML2#2': partial })))), []);
  // 3 × 0.335 = 1.005: THANH_TIEN_BV 1.01; at 50 % the product 0.5025 → 0.50, the rounded amount 0.505 → 0.51: both accepted.
  // The patient pays the line: the insured part as co-payment, the rest beyond the fund's scope.
  const tiny = (insured: string, outOfScope: string) => ({
    ...{ SO_LUONG: '3', DON_GIA: '0.335', THANH_TIEN_BV: '1.01', TYLE_TT_BH: '50', T_BHTT: '0' },
    ...{ THANH_TIEN_BH: insured, T_BNCCT: insured, T_BNTT: outOfScope },
  });
  for (const [insured, outOfScope] of [
    ['0.5', '0.51'],
    ['0.51', '0.5'],
  ] as const) {
    const visit = rebalance(change(goodVisit(), { 'XML2#1': tiny(insured, outOfScope) }));
    assert.deepEqual(rulesOf(visitFile(visit)), [], insured);
  }
  const cent = rebalance(change(goodVisit(), { 'XML2#1': tiny('0.52', '0.49') }));
  assert.deepEqual(rulesOf(visitFile(cent)), ['money.line-rounding']);
  // A self-paying line: nothing insured, MUC_HUONG 0.
  const selfPaid = { TYLE_TT_BH: '0', THANH_TIEN_BH: '0', MUC_HUONG: '0', T_BHTT: '0', T_BNCCT: '0', T_BNTT: '15000' };
  assert.deepEqual(rulesOf(visitFile(rebalance(change(goodVisit(), { 'XML2#1': selfPaid })))), []);
  assert.deepEqual(rulesOf(edited({ 'XML2#1': { MUC_HUONG: '0' } })), ['money.benefit-level']);
  for (const level of ['95', '100']) assert.deepEqual(rulesOf(edited({ 'XML3#2': { MUC_HUONG: level } })), []);
  assert.deepEqual(rulesOf(edited({ 'XML3#1': { TYLE_TT_DV: '150' } })), ['money.rate'], 'not also a line total');
  // XML3's THANH_TIEN_BH follows DON_GIA_BH, for which the reference gives no formula: only its bound is checked.
  assert.deepEqual(
    rulesOf(visitFile(rebalance(change(goodVisit(), { 'XML3#1': { DON_GIA_BH: '40000', THANH_TIEN_BH: '40000' } })))),
    [],
  );
});

test('an unreadable table: the totals over it are skipped, said once; the other totals are still checked', () => {
  const broken = files(goodVisit()).map((e) => (e.type === 'XML2' ? { ...e, content: '%%%' } : e));
  const report = checkXml130File(
    'f.xml',
    envelope([files(change(goodVisit(), { XML1: { MA_LK: 'LK-A' } })).slice(0, 1), broken]),
  );
  const second = report.visits[1]!;
  assert.deepEqual(
    second.problems.map((p) => p.rule),
    ['money.sums-skipped', 'envelope.bad-base64'],
  );
  assert.equal(second.errors, 1);
  const wrongSupplies = envelope([
    files(change(goodVisit(), { XML1: { T_VTYT: '0' } })).map((e) =>
      e.type === 'XML2' ? { ...e, content: '%%%' } : e,
    ),
  ]);
  assert.deepEqual(rulesOf(wrongSupplies), ['envelope.bad-base64', 'money.sums-skipped', 'money.supplies']);
});

test('an empty or truncated file is said to be so', () => {
  assert.deepEqual(
    problemsOf('').map((p) => p.message.en),
    ['The file is empty (no XML element at all): export it again.'],
  );
  assert.deepEqual(rulesOf('<?xml version="1.0" encoding="utf-8"?>\n'), ['input.empty']);
  const [cut] = problemsOf(visitFile().slice(0, 300));
  assert.equal(cut!.rule, 'input.truncated');
  assert.match(cut!.message.en, /^The file ends before <\/GIAMDINHHS> is closed: it is truncated/);
  assert.match(cut!.message.vi, /bị cắt cụt/);
  const [table] = problemsOf(withTable('XML4', tableXml('XML4', goodVisit().XML4).slice(0, 200)));
  assert.deepEqual([table!.rule, table!.table], ['input.truncated', 'XML4']);
  assert.match(table!.message.en, /^Table XML4 ends before <\/CHITIEU_CHITIET_DICHVUCANLAMSANG> is closed/);
});
