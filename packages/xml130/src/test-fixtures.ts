/**
 * Hand-written XML 130 fixtures for the reader and checker tests (not part
 * of the package's build). One synthetic visit — a made-up person, codes
 * and prices chosen by hand — that breaks no rule, and helpers to change
 * a field, rebuild XML1's totals and wrap tables in an envelope.
 */
import type { Row } from './read/read-table.js';
import { mappedLayout } from './tables.js';
import { formatScaled, parseScaled } from './format.js';

export type TableSet = { XML1?: Row } & Partial<Record<'XML2' | 'XML3' | 'XML4' | 'XML5' | 'XML13' | 'XML14', Row[]>>;

export const MA_LK = 'LK-TEST-0001';

const summary: Row = {
  MA_LK,
  STT: '1',
  MA_BN: 'BN-000123',
  HO_TEN: 'Trần Thị Mai',
  SO_CCCD: '075185004321',
  NGAY_SINH: '198503120000',
  GIOI_TINH: '2',
  MA_QUOCTICH: '000',
  MA_DANTOC: '01',
  MA_NGHE_NGHIEP: '00000',
  DIA_CHI: 'Số 7, đường Võ Thị Sáu, Phường Trấn Biên, Tỉnh Đồng Nai',
  MATINH_CU_TRU: '75',
  MAHUYEN_CU_TRU: '',
  MAXA_CU_TRU: '26068',
  DIEN_THOAI: '0912345678',
  MA_THE_BHYT: 'GD4750123456789',
  MA_DKBD: '75001',
  GT_THE_TU: '20260101',
  GT_THE_DEN: '20261231',
  LY_DO_VV: 'Sốt, ho 3 ngày',
  CHAN_DOAN_VAO: 'Viêm đường hô hấp trên cấp',
  CHAN_DOAN_RV: 'Viêm đường hô hấp trên cấp (J06.9); Sốt (R50.9); Đái tháo đường týp 2 (E11.9)',
  MA_BENH_CHINH: 'J06.9',
  MA_BENH_KT: 'R50.9;E11.9',
  MA_DOITUONG_KCB: '1.1',
  MA_NOI_DEN: '79010',
  NGAY_VAO: '202603140815',
  NGAY_RA: '202603141030',
  GIAY_CHUYEN_TUYEN: '',
  SO_NGAY_DTRI: '0',
  KET_QUA_DTRI: '2',
  MA_LOAI_RV: '2',
  NGAY_TTOAN: '202603141040',
  T_THUOC: '32283.94',
  T_VTYT: '2101',
  T_TONGCHI_BV: '131184.94',
  T_TONGCHI_BH: '131184.94',
  T_BNTT: '0',
  T_BNCCT: '26236.99',
  T_BHTT: '104947.95',
  T_NGUONKHAC: '0',
  T_BHTT_GDV: '104947.95',
  NAM_QT: '2026',
  THANG_QT: '3',
  MA_LOAI_KCB: '01',
  MA_KHOA: 'K01',
  MA_CSKCB: '75001',
  CAN_NANG: '52.50',
  NGAY_TAI_KHAM: '20260321',
  MA_HSBA: 'HS-2026-000123',
};

const drug = (over: Row): Row => ({
  MA_LK,
  MA_NHOM: '4',
  DON_VI_TINH: 'Viên',
  DUONG_DUNG: '1.01',
  PHAM_VI: '1',
  TYLE_TT_BH: '100',
  MUC_HUONG: '80',
  T_BNTT: '0',
  T_NGUONKHAC: '0',
  MA_KHOA: 'K01',
  MA_BAC_SI: '004252/ĐNAI-CCHN',
  NGAY_YL: '202603140900',
  NGAY_TH_YL: '202603140900',
  ...over,
});

const service = (over: Row): Row => ({
  MA_LK,
  DON_VI_TINH: 'Lần',
  PHAM_VI: '1',
  TYLE_TT_DV: '100',
  TYLE_TT_BH: '100',
  MUC_HUONG: '80',
  T_BNTT: '0',
  T_NGUONKHAC: '0',
  MA_KHOA: 'K01',
  MA_BAC_SI: '004252/ĐNAI-CCHN',
  ...over,
});

/** A visit that breaks no rule: every mapped table, money that adds up, times in order. */
export function goodVisit(): Required<TableSet> {
  const visit: Required<TableSet> = {
    XML1: summary,
    XML2: [
      drug({
        STT: '1',
        MA_THUOC: '40.48',
        TEN_THUOC: 'Paracetamol',
        HAM_LUONG: '500mg',
        SO_LUONG: '10',
        DON_GIA: '1500',
        THANH_TIEN_BV: '15000',
        THANH_TIEN_BH: '15000',
        T_BHTT: '12000',
        T_BNCCT: '3000',
      }),
      drug({
        STT: '2',
        MA_THUOC: '40.150',
        TEN_THUOC: 'Amoxicilin',
        HAM_LUONG: '500mg',
        SO_LUONG: '14',
        DON_GIA: '1234.567',
        THANH_TIEN_BV: '17283.94',
        THANH_TIEN_BH: '17283.94',
        T_BHTT: '13827.15',
        T_BNCCT: '3456.79',
      }),
    ],
    XML3: [
      service({
        STT: '1',
        MA_DICH_VU: '02.1896',
        MA_NHOM: '13',
        TEN_DICH_VU: 'Khám Nội',
        SO_LUONG: '1',
        DON_GIA_BV: '50600',
        DON_GIA_BH: '50600',
        THANH_TIEN_BV: '50600',
        THANH_TIEN_BH: '50600',
        T_BHTT: '40480',
        T_BNCCT: '10120',
        NGAY_YL: '202603140815',
        NGAY_TH_YL: '202603140815',
        NGAY_KQ: '202603140830',
      }),
      service({
        STT: '2',
        MA_DICH_VU: '22.0120.1370',
        MA_NHOM: '1',
        TEN_DICH_VU: 'Tổng phân tích tế bào máu ngoại vi',
        SO_LUONG: '1',
        DON_GIA_BV: '46200',
        DON_GIA_BH: '46200',
        THANH_TIEN_BV: '46200',
        THANH_TIEN_BH: '46200',
        T_BHTT: '36960',
        T_BNCCT: '9240',
        NGAY_YL: '202603140840',
        NGAY_TH_YL: '202603140845',
        NGAY_KQ: '202603140935',
        MA_BENH: 'J06.9',
      }),
      service({
        STT: '3',
        MA_VAT_TU: 'N03.01.010',
        MA_NHOM: '10',
        TEN_VAT_TU: 'Bơm tiêm 5ml',
        DON_VI_TINH: 'Cái',
        SO_LUONG: '2',
        DON_GIA_BV: '1050.5',
        DON_GIA_BH: '1050.5',
        THANH_TIEN_BV: '2101',
        THANH_TIEN_BH: '2101',
        T_BHTT: '1680.8',
        T_BNCCT: '420.2',
        NGAY_YL: '202603140900',
        NGAY_TH_YL: '202603140905',
      }),
    ],
    XML4: [
      {
        MA_LK,
        STT: '1',
        MA_DICH_VU: '22.0120.1370',
        MA_CHI_SO: 'WBC',
        TEN_CHI_SO: 'Số lượng bạch cầu',
        GIA_TRI: '12.4',
        DON_VI_DO: '10*9/L',
        MO_TA: 'Khoảng tham chiếu: 4 - 10 10*9/L',
        KET_LUAN: 'Cao',
        NGAY_KQ: '202603140935',
        MA_BS_DOC_KQ: '004252/ĐNAI-CCHN',
      },
      {
        MA_LK,
        STT: '2',
        MA_DICH_VU: '22.0120.1370',
        MA_CHI_SO: 'HGB',
        TEN_CHI_SO: 'Huyết sắc tố',
        GIA_TRI: '128',
        DON_VI_DO: 'g/L',
        KET_LUAN: 'Bình thường',
        NGAY_KQ: '202603140935',
        MA_BS_DOC_KQ: '004252/ĐNAI-CCHN',
      },
    ],
    XML5: [
      {
        MA_LK,
        STT: '1',
        DIEN_BIEN_LS: 'Sốt, ho 3 ngày. CSST<M90_T38.5_HA120/80_NT20>',
        THOI_DIEM_DBLS: '202603140820',
        NGUOI_THUC_HIEN: '004252/ĐNAI-CCHN',
      },
    ],
    XML13: [
      {
        MA_LK,
        SO_CHUYENTUYEN: '12/2026',
        GIAY_CHUYEN_TUYEN: '75001/2026/12',
        MA_CSKCB: '75001',
        MA_NOI_DI: '75001',
        MA_NOI_DEN: '79010',
        HO_TEN: 'Trần Thị Mai',
        NGAY_SINH: '198503120000',
        GIOI_TINH: '2',
        MA_THE_BHYT: 'GD4750123456789',
        GT_THE_DEN: '20261231',
        NGAY_VAO: '202603140815',
        NGAY_RA: '202603141030',
        CHAN_DOAN_RV: 'Viêm đường hô hấp trên cấp',
        MA_BENH_CHINH: 'J06.9',
        MA_BENH_KT: 'R50.9',
        MA_LOAI_RV: '2',
        MA_LYDO_CT: '1',
        MA_BAC_SI: '004252/ĐNAI-CCHN',
      },
    ],
    XML14: [
      {
        MA_LK,
        SO_GIAYHEN_KL: 'HK-2026-0001',
        MA_CSKCB: '75001',
        HO_TEN: 'Trần Thị Mai',
        NGAY_SINH: '198503120000',
        GIOI_TINH: '2',
        MA_THE_BHYT: 'GD4750123456789',
        GT_THE_DEN: '20261231',
        NGAY_VAO: '202603140815',
        NGAY_RA: '202603141030',
        NGAY_HEN_KL: '20260321',
        MA_BENH_CHINH: 'J06.9',
        MA_BAC_SI: '004252/ĐNAI-CCHN',
        NGAY_CT: '20260314',
      },
    ],
  };
  return structuredClone(visit);
}

/** Changes fields: `{ XML1: {…} }` for the summary, `{ 'XML2#1': {…} }` for row 1 of XML2. */
export function change<T extends TableSet>(tables: T, edits: Record<string, Row>): T {
  const copy = structuredClone(tables);
  for (const [key, fields] of Object.entries(edits)) {
    const [name, row] = key.split('#') as [keyof TableSet, string | undefined];
    const target = name === 'XML1' ? copy.XML1 : copy[name]?.[Number(row ?? '1') - 1];
    if (!target) throw new Error(`no ${key} in the fixture`);
    Object.assign(target, fields);
  }
  return copy;
}

const SUMS: readonly [string, string, (table: string, row: Row) => boolean][] = [
  ['T_TONGCHI_BV', 'THANH_TIEN_BV', () => true],
  ['T_THUOC', 'THANH_TIEN_BV', (t) => t === 'XML2'],
  ['T_VTYT', 'THANH_TIEN_BV', (t, r) => t === 'XML3' && (r.MA_NHOM === '10' || r.MA_NHOM === '11')],
  ['T_TONGCHI_BH', 'THANH_TIEN_BH', () => true],
  ['T_BHTT', 'T_BHTT', () => true],
  ['T_BNCCT', 'T_BNCCT', () => true],
  ['T_BNTT', 'T_BNTT', () => true],
];

/** XML1's totals summed again from the lines (after a change to a line's amount). */
export function rebalance<T extends TableSet>(tables: T): T {
  const copy = structuredClone(tables);
  const lines = [
    ...(copy.XML2 ?? []).map((r) => ['XML2', r] as const),
    ...(copy.XML3 ?? []).map((r) => ['XML3', r] as const),
  ];
  for (const [total, field, counts] of SUMS) {
    const sum = lines
      .filter(([t, r]) => counts(t, r))
      .reduce((s, [, r]) => s + (parseScaled(r[field] ?? '0', 2) ?? 0n), 0n);
    copy.XML1![total] = formatScaled(sum, 2);
  }
  return copy;
}

const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One table as its own XML document, fields in the decision's order (unknown ones last). */
export function tableXml(name: keyof TableSet, rows: Row | Row[]): string {
  const layout = mappedLayout(name)!;
  const list = Array.isArray(rows) ? rows : [rows];
  const fields = (row: Row, indent: string): string => {
    const names = [...layout.fields.filter((f) => f in row), ...Object.keys(row).filter((f) => !layout.spec[f])];
    return names.map((f) => (row[f] ? `${indent}<${f}>${escape(row[f])}</${f}>` : `${indent}<${f}/>`)).join('\n');
  };
  const body = layout.row
    ? `  <${layout.list}>\n${list.map((r) => `    <${layout.row}>\n${fields(r, '      ')}\n    </${layout.row}>`).join('\n')}\n  </${layout.list}>`
    : fields(list[0]!, '  ');
  return `<?xml version="1.0" encoding="utf-8"?>\n<${layout.root}>\n${body}\n</${layout.root}>\n`;
}

export interface FileEntry {
  type: string;
  /** NOIDUNGFILE exactly as written (base64, plain XML…). */
  content: string;
}

const base64 = (xml: string): string => Buffer.from(xml, 'utf8').toString('base64');

/** The FILEHOSO entries of a visit, each table as base64 (or `plain`: the XML itself). */
export function files(tables: TableSet, carrier: 'base64' | 'plain' | 'cdata' = 'base64'): FileEntry[] {
  return (Object.entries(tables) as [keyof TableSet, Row | Row[]][]).map(([type, rows]) => {
    const xml = tableXml(type, rows);
    const inner = xml.replace(/^<\?xml[^>]*>\n/, '');
    const content = carrier === 'base64' ? base64(xml) : carrier === 'plain' ? inner : `<![CDATA[${xml}]]>`;
    return { type, content };
  });
}

/** A GIAMDINHHS envelope with one HOSO per entry list. */
export function envelope(records: FileEntry[][], options: { facility?: string; count?: string } = {}): string {
  const hoso = records
    .map(
      (entries) =>
        `      <HOSO>\n${entries
          .map(
            (e) =>
              `        <FILEHOSO>\n          <LOAIHOSO>${e.type}</LOAIHOSO>\n          <NOIDUNGFILE>${e.content}</NOIDUNGFILE>\n        </FILEHOSO>`,
          )
          .join('\n')}\n      </HOSO>`,
    )
    .join('\n');
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<GIAMDINHHS>',
    `  <THONGTINDONVI><MACSKCB>${options.facility ?? '75001'}</MACSKCB></THONGTINDONVI>`,
    '  <THONGTINHOSO>',
    '    <NGAYLAP>20260314</NGAYLAP>',
    `    <SOLUONGHOSO>${options.count ?? records.length}</SOLUONGHOSO>`,
    '    <DANHSACHHOSO>',
    hoso,
    '    </DANHSACHHOSO>',
    '  </THONGTINHOSO>',
    '  <CHUKYDONVI/>',
    '</GIAMDINHHS>',
    '',
  ].join('\n');
}

/** The usual case: one visit, every table in base64. */
export function visitFile(tables: TableSet = goodVisit()): string {
  return envelope([files(tables)]);
}

/** An entity-expansion ("billion laughs") document. */
export const ENTITY_BOMB = `<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<GIAMDINHHS><THONGTINDONVI><MACSKCB>&lol4;</MACSKCB></THONGTINDONVI></GIAMDINHHS>
`;
